"""kg.validate: SHACL over every fact, OWL consistency with HermiT, and the message without Java."""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app

validation = importlib.import_module("kg.validate")  # the module; kg.validate is the function
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "corpus"
pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three example articles (a deployment, statements of every kind, blames) in a store."""
    where = tmp_path_factory.mktemp("validate") / "store"
    files = sorted(EXAMPLES.glob("0[1-3]_*.txt"))
    report = kg.build(files, store=where)
    assert report.documents == 3 and not report.failures
    return where


@pytest.fixture
def store(built: Path, tmp_path: Path) -> Iterator[object]:
    """A private copy of the built store, so a test may break it."""
    copy = tmp_path / "store"
    shutil.copytree(built, copy, ignore=shutil.ignore_patterns("kg-writer.lock"))
    s = kg.open_store(copy)
    yield s
    s.close()


def test_validate_example_articles_conform(store: object) -> None:
    report = kg.validate(store)
    assert report.violations == () and report.ok


def test_validate_a_statement_without_speaker_is_reported_with_its_document(store: object) -> None:
    broken = store.query(  # type: ignore[attr-defined]
        "PREFIX kg: <https://w3id.org/kg-news/ontology#> "
        "SELECT ?g ?s ?sp WHERE { GRAPH ?g { ?s a kg:Statement ; kg:speaker ?sp } } ORDER BY ?s LIMIT 1"
    ).rows[0]
    g, fact, speaker = broken
    store.update(f"DELETE DATA {{ GRAPH <{g}> {{ <{fact}> <https://w3id.org/kg-news/ontology#speaker> <{speaker}> }} }}")  # type: ignore[attr-defined]
    report = kg.validate(store)
    assert not report.ok
    (v,) = [v for v in report.violations if v.focus == str(fact)]
    assert v.path == "https://w3id.org/kg-news/ontology#speaker"
    assert v.message == "statement needs exactly one speaker"
    assert v.doc is not None and v.doc.endswith(".txt") and v.doc in str(fact)


@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")
def test_validate_reason_finds_the_graph_consistent(store: object) -> None:
    report = kg.validate(store, reason=True)
    assert report.consistent is True, report.reasoning
    assert report.reasoning is not None and report.reasoning.startswith("OWL: consistent")


def test_validate_reason_without_java_says_so_and_still_checks_shapes(store: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validation, "java_available", lambda: False)
    report = kg.validate(store, reason=True)
    assert report.consistent is None
    assert report.reasoning == (
        "OWL reasoning skipped: HermiT needs a Java runtime and none was found (install OpenJDK 11 or newer)"
    )
    assert report.violations == ()


def test_validate_cli_exit_code_4_on_violations(built: Path, tmp_path: Path) -> None:
    copy = tmp_path / "store"
    shutil.copytree(built, copy, ignore=shutil.ignore_patterns("kg-writer.lock"))
    s = kg.open_store(copy)
    s.update(
        "PREFIX kg: <https://w3id.org/kg-news/ontology#> "
        "DELETE { GRAPH ?g { ?b kg:accused ?x } } WHERE { GRAPH ?g { ?b a kg:Blame ; kg:accused ?x } }"
    )
    s.close()
    result = CliRunner().invoke(app, ["validate", "--store", str(copy)])
    assert result.exit_code == 4, result.output
    assert "blame needs exactly one accused" in result.output
