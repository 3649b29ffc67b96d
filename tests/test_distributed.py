"""kg.build(dask=...): the same store and report as a single-process build, on a 2-worker LocalCluster."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed")

import dask  # noqa: E402
import spacy  # noqa: E402
from distributed import LocalCluster  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from kg.build import BuildReport, build  # noqa: E402
from kg.errors import KgError  # noqa: E402
from kg.extract import Mention, Relation, Span, extractor  # noqa: E402
from kg.questions import ask  # noqa: E402
from kg.store import open_store  # noqa: E402

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "corpus"
# A deployment, an acknowledged one, a blame with a denial, an HTML page.
ARTICLES = (
    "01_kaliningrad_s400_wire.txt",
    "02_crimea_pantsir_blog.txt",
    "05_kaliningrad_confirmed_wire.txt",
    "06_belgorod_substation_newspaper.txt",
    "12_kurchatov_pantsir.html",
)
CORE_QUESTIONS = ("deployments", "statements", "blames", "unacknowledged-deployments")
PATTERN = re.compile(r"(?P<system>[A-Z][\w-]+) was deployed in (?P<place>[A-Z]\w+)")


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    """Two single-threaded worker processes, shared by the tests of this file."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as running:
        yield running


@pytest.fixture(scope="module")
def blank() -> Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    return pipeline


@extractor("test.deployment.v1", requires=("doc.sents",))
def deployments(doc: Doc) -> Iterator[Relation]:
    """Deployments written 'SYSTEM was deployed in PLACE'; 'BUG' and 'REFUSE' make it fail."""
    if "BUG" in doc.text:
        raise RuntimeError("an extractor bug")
    if "REFUSE" in doc.text:
        raise KgError("this document is refused")
    for sent in doc.sents:
        sentence = Span(sent.start_char, sent.end_char, sent.text)
        for m in PATTERN.finditer(sent.text):
            base = sent.start_char
            system = Mention(base + m.start("system"), base + m.end("system"), m["system"], m["system"], "WeaponSystem")
            place = Mention(base + m.start("place"), base + m.end("place"), m["place"], m["place"], "Place")
            yield Relation("deployment", "test.deployment.v1", sentence, system, place)


@extractor("test.crash.v1")
def crash(doc: Doc) -> Iterator[Relation]:
    """Ends the worker process on a document that says CRASH, as a segfault or the OOM killer would."""
    if "CRASH" in doc.text:
        os._exit(1)
    yield from deployments(doc)


def _answers(location: Path) -> dict[str, list[str]]:
    """Every row of the four core questions, as sorted JSON lines."""
    with open_store(location, read_only=True) as store:
        return {
            name: sorted(json.dumps(row, sort_keys=True) for row in ask(name, store=store).rows)
            for name in CORE_QUESTIONS
        }


def _same_report(a: BuildReport, b: BuildReport) -> None:
    assert (a.documents, sorted(a.failed), sorted(a.warnings), dict(a.facts), a.words) == (
        b.documents, sorted(b.failed), sorted(b.warnings), dict(b.facts), b.words
    )


@pytest.mark.model
def test_distributed_build_answers_as_single_process(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ARTICLES:
        shutil.copy(EXAMPLES / name, corpus / name)
    (corpus / "empty.txt").write_bytes(b"")  # the reader reports it, before any worker sees it

    single = build([corpus], store=tmp_path / "single")
    seen: list[tuple[int, int, str]] = []
    spread = build([corpus], store=tmp_path / "spread", dask="local", workers=2,
                   progress=lambda done, total, name: seen.append((done, total, name)))

    _same_report(spread, single)
    assert spread.documents == len(ARTICLES) and sum(spread.facts.values()) > 0
    assert [(done, total) for done, total, _ in seen] == [(n, len(ARTICLES)) for n in range(1, len(ARTICLES) + 1)]
    assert sorted(name for _, _, name in seen) == sorted(ARTICLES)
    single_answers = _answers(tmp_path / "single")
    assert all(single_answers[name] for name in ("deployments", "statements", "blames"))
    assert _answers(tmp_path / "spread") == single_answers


def _small_corpus(root: Path) -> Path:
    root.mkdir()
    places = ["Moscow", "Minsk", "Kaliningrad", "Sevastopol", "Engels", "Kursk", "Valdai"]
    for n, place in enumerate(places):
        (root / f"{n}.txt").write_text(f"The S-400 was deployed in {place}.\n", encoding="utf-8")
    (root / "bug.txt").write_text("A Tor was deployed in Gyumri. BUG\n", encoding="utf-8")
    (root / "refused.txt").write_text("A Tor was deployed in Yerevan. REFUSE\n", encoding="utf-8")
    return root


def _deployed(location: Path) -> list[str]:
    with open_store(location, read_only=True) as store:
        rows = store.query(
            "PREFIX kg: <https://w3id.org/kg-news/ontology#> "
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
            "SELECT ?place WHERE { GRAPH ?g { ?f a kg:Deployment ; kg:location ?l } "
            "GRAPH <https://w3id.org/kg-news/id/graph/entities> { ?l skos:prefLabel ?place } }"
        ).rows
    return sorted(str(r[0]) for r in rows)


def test_distributed_failing_document_is_reported_and_the_rest_written(
    tmp_path: Path, cluster: LocalCluster, blank: Language
) -> None:
    corpus = _small_corpus(tmp_path / "corpus")
    report = build([corpus], store=tmp_path / "store", model=blank, extractors=[deployments],
                   dask=cluster.scheduler_address)

    assert report.documents == 7
    failed = dict((Path(name).name, problem) for name, problem in report.failed)
    assert failed == {
        # An exception that is not a KgError is a worker failure: reported, not raised.
        "bug.txt": "failed on a Dask worker: RuntimeError: an extractor bug",
        # A KgError is reported exactly as a single-process build reports it.
        "refused.txt": "this document is refused",
    }
    assert _deployed(tmp_path / "store") == ["Engels", "Kaliningrad", "Kursk", "Minsk", "Moscow", "Sevastopol", "Valdai"]


def test_distributed_report_matches_single_process_on_kg_errors(
    tmp_path: Path, cluster: LocalCluster, blank: Language
) -> None:
    corpus = _small_corpus(tmp_path / "corpus")
    (corpus / "bug.txt").unlink()  # a single-process build raises on it
    single = build([corpus], store=tmp_path / "single", model=blank, extractors=[deployments])
    spread = build([corpus], store=tmp_path / "spread", model=blank, extractors=[deployments],
                   dask=cluster.scheduler_address)
    _same_report(spread, single)
    assert _deployed(tmp_path / "spread") == _deployed(tmp_path / "single")


def test_distributed_unreachable_scheduler_is_one_line(
    tmp_path: Path, blank: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kg.distributed.CONNECT_TIMEOUT", 1.0)
    (tmp_path / "a.txt").write_text("The S-400 was deployed in Moscow.\n", encoding="utf-8")
    with pytest.raises(KgError, match=r"^Dask scheduler tcp://127\.0\.0\.1:9 did not answer .*'dask scheduler'"):
        build([tmp_path / "a.txt"], store=tmp_path / "store", model=blank, dask="tcp://127.0.0.1:9")


def test_distributed_worker_dying_on_a_document_is_reported(tmp_path: Path, blank: Language) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for place in ("Moscow", "Minsk", "Kursk"):
        (corpus / f"{place}.txt").write_text(f"The S-400 was deployed in {place}.\n", encoding="utf-8")
    (corpus / "crash.txt").write_text("A Tor was deployed in Gyumri. CRASH\n", encoding="utf-8")
    # The scheduler gives up on a task after its second dead worker (3 by default; 1 keeps this test
    # short). dask="local" starts the scheduler in this process, so it reads this setting.
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        report = build([corpus], store=tmp_path / "store", model=blank, extractors=[crash], dask="local", workers=2)

    assert [(Path(name).name, problem) for name, problem in report.failed] == [
        ("crash.txt", "the Dask workers building it died (out of memory, or a crash in native code); see their logs")
    ]
    assert report.documents == 3
    assert _deployed(tmp_path / "store") == ["Kursk", "Minsk", "Moscow"]


def test_distributed_worker_with_other_kg_code_stops_the_build(
    tmp_path: Path, cluster: LocalCluster, blank: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text("The S-400 was deployed in Moscow.\n", encoding="utf-8")
    monkeypatch.setattr("kg.distributed.code_fingerprint", lambda: "edited-since")
    with pytest.raises(KgError, match=r"^Dask worker tcp://\S+ runs different kg code or data than this machine"):
        build([tmp_path / "a.txt"], store=tmp_path / "store", model=blank, extractors=[deployments],
              dask=cluster.scheduler_address)
