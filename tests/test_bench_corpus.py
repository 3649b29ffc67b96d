"""The benchmark corpus generator: deterministic, varied, and its RDF keeps the graph model's invariants."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def make_corpus():
    """bench/ is not installed with kg: import it from the checkout."""
    sys.path.insert(0, str(ROOT))
    try:
        yield importlib.import_module("bench.make_corpus")
    finally:
        sys.path.remove(str(ROOT))


def test_bench_corpus_is_deterministic_for_a_seed(make_corpus, tmp_path):
    a = make_corpus.write_text_corpus(tmp_path / "a", n=4, seed=3)
    b = make_corpus.write_text_corpus(tmp_path / "b", n=4, seed=3)
    c = make_corpus.write_text_corpus(tmp_path / "c", n=4, seed=4)
    read = lambda d: [p.read_text(encoding="utf-8") for p in sorted(d.glob("*.txt"))]  # noqa: E731
    assert (a.files, a.words) == (b.files, b.words)
    assert read(a.folder) == read(b.folder)
    assert read(a.folder) != read(c.folder)


def test_bench_corpus_words_target_is_met_and_texts_vary(make_corpus, tmp_path):
    corpus = make_corpus.write_text_corpus(tmp_path, words=3000)
    texts = [p.read_text(encoding="utf-8") for p in sorted(tmp_path.glob("*.txt"))]
    assert corpus.words >= 3000
    assert sum(len(t.split()) for t in texts) == corpus.words
    sentences = [s for t in texts for s in t.replace("\n", " ").split(". ")]
    assert len(set(sentences)) > 0.8 * len(sentences)


def test_bench_corpus_articles_report_every_relation_kind(make_corpus):
    kinds: set[str] = set()
    for art in make_corpus.articles(n=10):
        for sent, fact in art.facts():
            kinds.add(fact.label or fact.kind)
            assert art.text[sent.start:sent.start + len(sent.text)] == sent.text
            for mark, _entity in fact.roles.values():
                start, end, words = sent.span(mark)
                assert art.text[start:end] == words and words.strip() == words
    assert kinds == {"deployment", "blame", "claim", "denial", "acknowledgement", "declined"}


def test_bench_corpus_rdf_loads_and_selectors_cut_the_text(make_corpus, tmp_path):
    pyoxigraph = pytest.importorskip("pyoxigraph")
    ds = make_corpus.write_nquads(tmp_path / "d.nq", triples=5000)
    assert ds.triples >= 5000
    store = pyoxigraph.Store()
    store.bulk_load(path=str(ds.path), format=pyoxigraph.RdfFormat.N_QUADS)
    assert len(store) == ds.triples
    bad = next(iter(store.query("""
        PREFIX kg: <https://w3id.org/kg-news/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g {
          ?m oa:start ?s ; oa:end ?e ; oa:exact ?x ; kg:inDocument ?d . ?d kg:text ?t }
          FILTER(SUBSTR(?t, ?s + 1, ?e - ?s) != ?x) }""")))
    assert int(bad["n"].value) == 0
    labels = next(iter(store.query("""
        SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/kg-news/id/graph/entities> {
          ?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } }""")))
    assert int(labels["n"].value) == ds.entities
