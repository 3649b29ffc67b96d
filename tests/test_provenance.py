"""Provenance holds on the whole example corpus: every offset cuts its text, every fact names its sources.

Builds ``examples/corpus`` and the held-out articles (``tests/heldout``) once each
(module fixture, the real spaCy model) and checks the invariants of
docs/graph-model.md on every fact, not on a sample.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

import kg
from kg.explain import explain

pytestmark = pytest.mark.model

CORPORA = {
    "examples": Path(__file__).parent.parent / "examples" / "corpus",
    "heldout": Path(__file__).parent / "heldout" / "corpus",
    "heldout2": Path(__file__).parent / "heldout2" / "corpus",
}
PREFIXES = """\
PREFIX kg: <https://w3id.org/kg-news/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
"""
FACTS = PREFIXES + """
SELECT ?g ?fact WHERE {
  GRAPH ?g { { ?fact a kg:Deployment } UNION { ?fact a kg:Statement } UNION { ?fact a kg:Blame } UNION { ?fact a kg:NoResponse } }
}"""


@pytest.fixture(scope="module", params=sorted(CORPORA))
def corpus_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A corpus (the examples, then the held-out set) built into a fresh store, with the build report."""
    folder = CORPORA[request.param]
    documents = len(kg.read_corpus([folder]))
    store = kg.open_store(tmp_path_factory.mktemp("provenance") / "store")
    try:
        report = kg.build([folder], store=store)
        assert report.failures == () and report.documents == documents
        store.build_report = report  # type: ignore[attr-defined]
        yield store
    finally:
        store.close()


def _rows(store: object, sparql: str) -> list[tuple[str | None, ...]]:
    return [tuple(None if v is None else str(v) for v in row) for row in store.query(sparql).rows]  # type: ignore[attr-defined]


def test_provenance_every_selector_cuts_its_exact_text(corpus_store: object) -> None:
    texts = dict(_rows(corpus_store, PREFIXES + "SELECT ?d ?text WHERE { GRAPH ?g { ?d kg:text ?text } }"))
    selectors = _rows(
        corpus_store,
        PREFIXES + """
        SELECT ?g ?sel ?start ?end ?exact ?d WHERE {
          GRAPH ?g { ?sel oa:start ?start ; oa:end ?end ; oa:exact ?exact . OPTIONAL { ?sel kg:inDocument ?d } }
        }""",
    )
    assert len(selectors) > 100
    wrong = []
    for _g, sel, start, end, exact, d in selectors:
        text = texts.get(d or "")
        if text is None or text[int(start or -1) : int(end or -1)] != exact or not exact:
            wrong.append(sel)
    assert wrong == []


def test_provenance_every_fact_selector_is_in_its_own_document(corpus_store: object) -> None:
    """Sentence, mentions and text spans of a fact: each a selector of the fact's document, cutting its text."""
    rows = _rows(
        corpus_store,
        PREFIXES + """
        SELECT ?fact ?p ?sel ?start ?end ?exact ?in ?d ?text WHERE {
          GRAPH ?g {
            ?fact prov:wasDerivedFrom ?d ; ?p ?sel .
            ?sel oa:start ?start ; oa:end ?end ; oa:exact ?exact .
            OPTIONAL { ?sel kg:inDocument ?in }
            ?d kg:text ?text .
          }
        }""",
    )
    facts = {r[1] for r in _rows(corpus_store, FACTS)}
    per_fact: Counter[str] = Counter()
    bad = []
    for fact, p, sel, start, end, exact, in_doc, d, text in rows:
        per_fact[fact or ""] += 1
        if in_doc != d or (text or "")[int(start or -1) : int(end or -1)] != exact:
            bad.append((fact, p, sel))
    assert bad == []
    # Every fact has at least its sentence and one mention.
    assert {f for f in facts if per_fact[f or ""] < 2} == set()


def test_provenance_every_fact_has_document_sentence_and_extractor(corpus_store: object) -> None:
    facts = _rows(corpus_store, FACTS)
    report = corpus_store.build_report  # type: ignore[attr-defined]
    assert len({f for _, f in facts}) == sum(report.facts.values()) > 20
    rows = _rows(
        corpus_store,
        PREFIXES + """
        SELECT ?fact ?d ?s ?extractor ?agent ?agent_label WHERE {
          GRAPH ?g {
            { ?fact a kg:Deployment } UNION { ?fact a kg:Statement } UNION { ?fact a kg:Blame } UNION { ?fact a kg:NoResponse }
            OPTIONAL { ?fact prov:wasDerivedFrom ?d . ?d a schema:NewsArticle ; kg:fileName ?file }
            OPTIONAL { ?fact kg:sentence ?s . ?s a kg:Sentence ; kg:inDocument ?d }
            OPTIONAL { ?fact kg:extractor ?extractor }
            OPTIONAL { ?fact prov:wasGeneratedBy ?agent . ?agent a prov:SoftwareAgent ; rdfs:label ?agent_label }
          }
        }""",
    )
    seen: dict[str, list[tuple[str | None, ...]]] = defaultdict(list)
    for fact, *rest in rows:
        seen[fact or ""].append(tuple(rest))
    problems = {}
    for fact, values in seen.items():
        if len(values) != 1:
            problems[fact] = f"{len(values)} combinations of document/sentence/extractor"
            continue
        d, s, extractor, agent, agent_label = values[0]
        if d is None or s is None or extractor is None or agent is None:
            problems[fact] = f"document {d}, sentence {s}, extractor {extractor}, agent {agent}"
        elif agent_label != extractor or not extractor.startswith("kg.") or f"/extractor/{extractor}" not in agent:
            problems[fact] = f"extractor {extractor} but agent {agent} labelled {agent_label}"
    assert problems == {}


def test_provenance_fact_iris_live_in_their_documents_graph(corpus_store: object) -> None:
    for g, fact in _rows(corpus_store, FACTS):
        docid = (g or "").rsplit("/graph/doc/", 1)[-1]
        assert (fact or "").startswith(f"https://w3id.org/kg-news/id/fact/{docid}/"), (g, fact)


@pytest.mark.parametrize("question, column", [("deployments", "deployment"), ("statements", "statement"), ("blames", "blame")])
def test_provenance_every_answer_row_explains_to_its_sentence(corpus_store: object, question: str, column: str) -> None:
    """``kg explain QUESTION:N`` leads from each row to the same document and sentence the row shows."""
    rows = kg.ask(question, store=corpus_store).rows
    assert rows
    for n, row in enumerate(rows, start=1):
        found = explain(f"{question}:{n}", store=corpus_store)
        fact = next(f for f in found.facts if f.fact == row[column])
        assert found.offsets_ok
        assert fact.source.doc == row["doc"]
        assert fact.sentence is not None and fact.sentence.text == row["sentence"]
