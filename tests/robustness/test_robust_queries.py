"""Queries that try to do harm or take forever: injection-shaped parameters, updates, slow joins."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from kgrun import kg
from servers import OxigraphServer
from typer.testing import CliRunner

from kg.cli import app

INJECTIONS = [
    '" } ; DROP ALL ; #',
    "<http://x> } INSERT DATA {",
    "') } } ; CLEAR ALL ; SELECT * { ('",
    '\\" } DROP ALL #',
    "Peskov\" ) } UNION { GRAPH ?g { ?s ?p ?o } } #",
]
# Three graphs joined with nothing in common: hundreds of millions of rows on the sample store.
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?a { ?s ?p ?o } GRAPH ?b { ?t ?q ?r } GRAPH ?c { ?u ?v ?w } }"


@pytest.fixture
def run():  # noqa: ANN201
    runner = CliRunner()

    def invoke(*args: str):  # noqa: ANN202
        return runner.invoke(app, list(args), prog_name="kg")

    return invoke


def _triples(run, store: str) -> int:  # noqa: ANN001
    result = run("stats", "-f", "json", "--store", store)
    assert result.exit_code == 0, result.stderr
    return int(json.loads(result.stdout)["triples"])


@pytest.mark.parametrize("value", INJECTIONS)
def test_robust_injection_shaped_parameters_match_nothing_and_change_nothing(run, sample_store_dir: Path, value: str) -> None:  # noqa: ANN001
    store = str(sample_store_dir)
    before = _triples(run, store)
    result = run("ask", "statements-by", "-p", "speaker", value, "-f", "json", "--store", store)
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout) == []
    assert _triples(run, store) == before


@pytest.fixture
def served(sample_store_dir: Path, tmp_path: Path) -> Iterator[OxigraphServer]:
    """A real Oxigraph server (read-write) holding a copy of the sample store."""
    copy = tmp_path / "served"
    shutil.copytree(sample_store_dir, copy)
    with OxigraphServer(copy) as server:
        yield server


def test_robust_injection_shaped_parameters_on_an_endpoint(run, served: OxigraphServer) -> None:  # noqa: ANN001
    before = _triples(run, served.query_url)
    for value in INJECTIONS:
        result = run("ask", "statements-by", "-p", "speaker", value, "-f", "json", "--endpoint", served.query_url)
        assert (result.exit_code, result.stderr, json.loads(result.stdout or "null")) == (0, "", []), value
    assert _triples(run, served.query_url) == before
    peskov = run("ask", "statements-by", "-p", "speaker", "Peskov", "-f", "json", "--endpoint", served.query_url)
    assert [r["doc"] for r in json.loads(peskov.stdout)] == ["a.txt", "b.txt"]


def test_robust_query_refuses_an_update_without_update(run, sample_store_dir: Path, tmp_path: Path) -> None:  # noqa: ANN001
    store = str(sample_store_dir)
    before = _triples(run, store)
    result = run("query", "DROP ALL", "--store", store)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: query is a SPARQL update, which changes the store; pass --update to run it\n"
    rq = tmp_path / "tidy.rq"
    rq.write_text("# remove every blame\nPREFIX kg: <https://w3id.org/kg-news/ontology#>\n"
                  "delete where { GRAPH ?g { ?b a kg:Blame ; ?p ?o } }\n", encoding="utf-8")
    result = run("query", str(rq), "--store", store)
    assert (result.exit_code, result.stderr) == (
        1, "Error: tidy.rq is a SPARQL update, which changes the store; pass --update to run it\n"
    )
    glued = run("query", "SELECT * WHERE { ?s ?p ?o } ; DROP ALL", "--store", store)
    assert glued.exit_code == 1 and glued.stderr.startswith("Error: query: error at 1:")
    assert _triples(run, store) == before


def test_robust_query_update_runs_with_update(run, sample_store_dir: Path, tmp_path: Path) -> None:  # noqa: ANN001
    store = str(sample_store_dir)
    before = _triples(run, store)
    result = run("query", "--update", "INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> 'c' } }", "--store", store)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"update applied to {store}\n")
    assert _triples(run, store) == before + 1
    bad = tmp_path / "bad.ru"
    bad.write_text("INSERT DATA {\n  GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> }\n}\n", encoding="utf-8")
    # In a process of its own, as a user runs it: in this process the error's traceback would
    # keep the writer's database open after its lock is released (see docs/robustness.md).
    failed = kg("query", "--update", str(bad), "--store", store)
    assert (failed.returncode, failed.stdout) == (1, "")
    assert failed.stderr.startswith("Error: bad.ru: error at 2:41: expected one of ") and failed.stderr.count("\n") == 1
    assert _triples(run, store) == before + 1


def test_robust_query_update_needs_a_store(run, tmp_path: Path) -> None:  # noqa: ANN001
    where = tmp_path / "nowhere"
    result = run("query", "--update", "DROP ALL", "--store", str(where))
    assert (result.exit_code, result.stderr) == (1, f"Error: no store at {where}; build one with 'kg build PATH --store {where}'\n")
    assert not where.exists()


def test_robust_timeout_bounds_a_slow_query(sample_store_dir: Path) -> None:
    started = time.monotonic()
    result = kg("query", CROSS_JOIN, "--timeout", "1", "--store", str(sample_store_dir), timeout=60)
    took = time.monotonic() - started
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "Error: query: no answer within 1 s; simplify the query or raise the timeout\n"
    assert took < 10, f"kg took {took:.1f} s to give up on a 1 s timeout"


def test_robust_timeout_on_ask_reaches_the_store(run, sample_store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    from kg.store.oxigraph import OxigraphStore

    asked: list[float | None] = []
    query = OxigraphStore.query

    def recording(self, sparql, *, bindings=None, timeout=None):  # noqa: ANN001, ANN202
        asked.append(timeout)
        return query(self, sparql, bindings=bindings, timeout=timeout)

    monkeypatch.setattr(OxigraphStore, "query", recording)
    result = run("ask", "deployments", "--timeout", "2.5", "-f", "json", "--store", str(sample_store_dir))
    assert result.exit_code == 0, result.stderr
    assert asked == [2.5] and len(json.loads(result.stdout)) == 5
