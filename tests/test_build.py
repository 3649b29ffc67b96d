"""kg.build: corpus -> spaCy -> extractors -> resolve -> graphs in the store, with a fake extractor."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.build import FACT_KINDS, BuildReport, build
from kg.errors import StoreLocked
from kg.extract import Mention, Relation, Span, extractor
from kg.store import open_store

PATTERN = re.compile(r"(?P<system>[A-Z][\w-]+) (?:was|were) deployed in (?P<place>[A-Z]\w+)")
DENIAL = re.compile(r"(?P<speaker>[A-Z]\w+) denied it")


@extractor("test.deployment.v1", requires=("doc.sents",))
def fake_deployments(doc: Doc) -> Iterator[Relation]:
    """Deployments written 'SYSTEM was deployed in PLACE', one per sentence."""
    for sent in doc.sents:
        sentence = Span(sent.start_char, sent.end_char, sent.text)
        for m in PATTERN.finditer(sent.text):
            base = sent.start_char
            system = Mention(base + m.start("system"), base + m.end("system"), m["system"], m["system"], "WeaponSystem")
            place = Mention(base + m.start("place"), base + m.end("place"), m["place"], m["place"], "Place")
            yield Relation("deployment", "test.deployment.v1", sentence, system, place)
        for m in DENIAL.finditer(sent.text):
            base = sent.start_char
            speaker = Mention(base + m.start("speaker"), base + m.end("speaker"), m["speaker"], m["speaker"], "State")
            content = Span(base + m.start(), base + m.end(), m.group())
            yield Relation("statement", "test.deployment.v1", sentence, speaker, content=content, label="denial")


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    return pipeline


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text("The S-400 was deployed in Moscow. Russia denied it.\n", encoding="utf-8")
    (root / "b.txt").write_text("A Pantsir was deployed in Kaliningrad. Later the S-400 was deployed in Moscow.\n", encoding="utf-8")
    (root / "c.txt").write_bytes(b"")  # an empty file: the reader reports it
    return root


def _build(corpus: Path, store: object, nlp: Language, **options: object) -> BuildReport:
    return build([corpus], store=store, model=nlp, extractors=[fake_deployments], **options)  # type: ignore[arg-type]


def _deployments(location: Path) -> list[tuple[str, str, str]]:
    with open_store(location, read_only=True) as store:
        rows = store.query(
            """PREFIX kg: <https://w3id.org/kg-news/ontology#>
               PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
               PREFIX prov: <http://www.w3.org/ns/prov#>
               SELECT ?file ?system ?place WHERE {
                 GRAPH ?g { ?f a kg:Deployment ; kg:system ?s ; kg:location ?l ; prov:wasDerivedFrom/kg:fileName ?file }
                 GRAPH <https://w3id.org/kg-news/id/graph/entities> { ?s skos:prefLabel ?system . ?l skos:prefLabel ?place }
               }"""
        ).rows
    return sorted((str(a), str(b), str(c)) for a, b, c in rows)


def test_build_writes_every_document(corpus: Path, tmp_path: Path, nlp: Language) -> None:
    seen: list[tuple[int, int, str]] = []
    report = _build(corpus, tmp_path / "store", nlp, progress=lambda done, total, name: seen.append((done, total, name)))
    assert report.documents == 2
    ((name, problem),) = report.failed
    assert name.endswith("c.txt") and problem
    assert report.failures == (f"{name}: {problem}",)
    assert dict(report.facts) == {**dict.fromkeys(FACT_KINDS, 0), "deployment": 3, "denial": 1}
    assert report.words > 10 and report.seconds > 0
    assert seen == [(1, 2, "a.txt"), (2, 2, "b.txt")]
    assert _deployments(tmp_path / "store") == [
        ("a.txt", "S-400", "Moscow"),
        ("b.txt", "Pantsir-S1", "Kaliningrad"),  # the gazetteer's canonical name
        ("b.txt", "S-400", "Moscow"),
    ]


def test_build_twice_replaces_instead_of_duplicating(corpus: Path, tmp_path: Path, nlp: Language) -> None:
    _build(corpus, tmp_path / "store", nlp)
    with open_store(tmp_path / "store", read_only=True) as store:
        first = store.count_triples()
    _build(corpus, tmp_path / "store", nlp)
    with open_store(tmp_path / "store", read_only=True) as store:
        assert store.count_triples() == first


def test_build_changed_document_drops_stale_entities(corpus: Path, tmp_path: Path, nlp: Language) -> None:
    _build(corpus, tmp_path / "store", nlp)
    (corpus / "b.txt").write_text("A Tor was deployed in Sevastopol.\n", encoding="utf-8")
    _build(corpus, tmp_path / "store", nlp)
    assert _deployments(tmp_path / "store") == [("a.txt", "S-400", "Moscow"), ("b.txt", "Tor", "Sevastopol")]
    with open_store(tmp_path / "store", read_only=True) as store:
        labels = {str(r[0]) for r in store.query(
            "SELECT ?l WHERE { GRAPH <https://w3id.org/kg-news/id/graph/entities> "
            "{ ?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } }").rows}
    assert "Kaliningrad" not in labels and "Pantsir-S1" not in labels


def test_build_into_open_store_leaves_it_open(corpus: Path, tmp_path: Path, nlp: Language) -> None:
    with open_store(tmp_path / "store") as store:
        report = _build(corpus, store, nlp, progress=lambda done, total: None)
        assert report.documents == 2
        assert store.stats().documents == 2  # still open
        with pytest.raises(StoreLocked):
            _build(corpus, tmp_path / "store", nlp)


def test_build_with_nothing_to_read(tmp_path: Path, nlp: Language) -> None:
    (tmp_path / "empty").mkdir()
    report = _build(tmp_path / "empty", tmp_path / "store", nlp)
    assert (report.documents, report.failed, report.words) == (0, (), 0)


def test_build_reports_extractor_spans_that_miss_the_text(tmp_path: Path, nlp: Language) -> None:
    @extractor("test.broken.v1")
    def broken(doc: Doc) -> Iterator[Relation]:
        """Offsets one character off."""
        sent = Span(0, len(doc.text), doc.text)
        yield Relation("deployment", "test.broken.v1", sent, Mention(1, 6, "S-400", "S-400", "WeaponSystem"),
                       Mention(31, 37, "Moscow", "Moscow", "Place"))

    (tmp_path / "a.txt").write_text("S-400 systems were deployed in Moscow.", encoding="utf-8")
    report = build([tmp_path / "a.txt"], store=tmp_path / "store", model=nlp, extractors=[broken])
    assert report.documents == 1
    assert any("span 1-6 'S-400' does not match" in w for w in report.warnings)


def _quads(location: Path) -> set[str]:
    import pyoxigraph

    return {str(q) for q in pyoxigraph.Store.read_only(str(location))}


@pytest.mark.model
def test_build_on_worker_processes_writes_the_same_store(tmp_path: Path) -> None:
    """workers=2 with a model name parses, extracts and builds in two processes (kg.parallel):
    the store holds exactly what one process writes, and a fake extractor travels by value."""
    corpus = Path(__file__).resolve().parent.parent / "examples" / "corpus"
    files = sorted(corpus.glob("0*.txt"))[:6]
    one = build(files, store=tmp_path / "one")
    two = build(files, store=tmp_path / "two", workers=2)
    assert two.documents == one.documents == len(files)
    assert two.facts == one.facts and sum(one.facts.values()) > 0
    assert _quads(tmp_path / "two") == _quads(tmp_path / "one")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("Iskander-M was deployed in Luga. Moscow denied it.")
    report = build([tmp_path / "c"], store=tmp_path / "fake", workers=2, extractors=[fake_deployments])
    assert report.facts["deployment"] == 1 and report.facts["denial"] == 1


def test_build_on_worker_processes_needs_the_model(tmp_path: Path) -> None:
    from kg.errors import ModelMissing

    (tmp_path / "a.txt").write_text("Iskander-M was deployed in Luga.")
    with pytest.raises(ModelMissing):
        build([tmp_path / "a.txt"], store=tmp_path / "s", workers=2, model="no_such_model_kg")


@pytest.mark.model
def test_one_worker_build_extracts_on_a_helper_and_writes_the_same_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default build parses here and extracts on a forked helper (kg.parallel.OverlappedExtraction),
    handing the store N-Triples bytes: every quad is the one an in-process build writes, and a
    rebuild over the same store (the SPARQL Update path) changes nothing."""
    import kg.parallel

    corpus = Path(__file__).resolve().parent.parent / "examples" / "corpus"
    files = sorted(corpus.glob("1*.txt"))[:6]
    made: list[object] = []
    real = kg.parallel.OverlappedExtraction

    def spy(*args: object, **kwargs: object) -> object:
        made.append(kwargs.get("encode"))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(kg.parallel, "OverlappedExtraction", spy)
    helper = build(files, store=tmp_path / "helper")
    assert made == [True], "the one-worker build did not use the helper process"
    monkeypatch.setenv("KG_OVERLAP", "0")
    inline = build(files, store=tmp_path / "inline")
    assert made == [True], "KG_OVERLAP=0 still used the helper process"
    assert helper.documents == inline.documents == len(files)
    assert helper.facts == inline.facts and sum(helper.facts.values()) > 0
    assert _quads(tmp_path / "helper") == _quads(tmp_path / "inline")
    monkeypatch.delenv("KG_OVERLAP")
    build(files, store=tmp_path / "helper")
    assert _quads(tmp_path / "helper") == _quads(tmp_path / "inline")


def test_a_helper_that_dies_stops_the_build_with_a_clear_error(
    tmp_path: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A helper killed mid-build (out of memory, say) fails the build; it does not hang it."""
    import kg.parallel
    from kg.errors import KgError

    monkeypatch.setattr(kg.parallel, "_extract_task", _die_in_helper)
    for i in range(6):
        (tmp_path / f"{i}.txt").write_text(f"The S-{i}00 was deployed in Moscow.\n")
    with pytest.raises(KgError, match="extraction process stopped unexpectedly"):
        build([tmp_path], store=tmp_path / "s", model=nlp, extractors=[fake_deployments])


def _die_in_helper(task: object, encode: bool) -> object:
    """Stands in for kg.parallel._extract_task: the helper process is killed."""
    import os
    import signal

    os.kill(os.getpid(), signal.SIGKILL)
    return None


def test_build_flushes_the_store_as_it_writes(
    tmp_path: Path, nlp: Language, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer flushes RocksDB's write buffers every _FLUSH_TRIPLES triples, so a long build's
    memory stays flat; what it wrote is all there afterwards."""
    kb = __import__("importlib").import_module("kg.build")
    monkeypatch.setattr(kb, "_FLUSH_TRIPLES", 1)
    store = open_store(tmp_path / "s")
    flushes: list[int] = []
    real = store.flush

    def counting() -> None:
        flushes.append(1)
        real()

    monkeypatch.setattr(store, "flush", counting)
    report = _build(corpus, store, nlp)
    assert report.documents == 2 and len(flushes) == 2
    assert store.count_triples() > 0
    store.close()
