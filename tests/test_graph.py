"""kg.graph: one document's relations -> its named graph, exactly per docs/graph-model.md."""

from __future__ import annotations

import hashlib
import importlib

import pytest
from rdflib import Graph, Literal, URIRef

from kg.corpus import Document
from kg.extract import Mention, Relation, Span
from kg.graph import build_graph, date_literal, span_problems
from kg.resolve import canonical_key, resolve
from kg.vocab import (
    KG,
    KGID,
    OA,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    WD,
    XSD,
    deployment_event_iri,
    doc_iri,
    fact_iri,
)

TEXT = (
    "Kremlin spokesman Dmitry Peskov said S-400 launchers were placed in Moscow on 19 January. "
    "Peskov declined to comment on the Pantsir. "
    "Ukraine blamed Russia for the strike on the plant without providing evidence. "
    "Russia denied any role. "
    "Belarus denied that Iskander missiles were stationed in Gomel."
)


def _doc(text: str = TEXT, **fields: str) -> Document:
    values = {
        "id": "/corpus/a.txt",
        "name": "a.txt",
        "path": "/corpus/a.txt",
        "url": "https://news.example/a",
        "title": "Launchers in Moscow",
        "publisher": "Agency One",
        "published": "2023-01-20",
    }
    values.update(fields)
    return Document(text=text, sha256=hashlib.sha256(text.encode()).hexdigest(), **values)  # type: ignore[arg-type]


def _span(text: str, words: str, after: int = 0) -> Span:
    start = text.index(words, after)
    return Span(start, start + len(words), words)


def _mention(text: str, words: str, name: str, type: str, after: int = 0) -> Mention:
    s = _span(text, words, after)
    return Mention(s.start, s.end, words, name, type)  # type: ignore[arg-type]


def _sentence(text: str, n: int) -> Span:
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "." and i + 2 < len(text):
            starts.append(i + 2)
    start = starts[n]
    end = text.index(".", start) + 1
    return Span(start, end, text[start:end])


def sample_relations(text: str = TEXT) -> list[Relation]:
    """Relations of TEXT as the extractors would return them, linked."""
    s0, s1, s2, s3, s4 = (_sentence(text, i) for i in range(5))
    return [
        Relation("deployment", "kg.deployment.v1", s0,
                 _mention(text, "S-400", "S-400", "WeaponSystem"), _mention(text, "Moscow", "Moscow", "Place"),
                 date="2023-01-19"),
        Relation("statement", "kg.statement.v1", s0,
                 _mention(text, "Dmitry Peskov", "Kremlin spokesman Dmitry Peskov", "Person"),
                 content=_span(text, "S-400 launchers were placed in Moscow on 19 January"),
                 label="acknowledgement", links=(0,)),
        Relation("statement", "kg.statement.v1", s1, _mention(text, "Peskov", "Peskov", "Person", s1.start),
                 content=_span(text, "declined to comment on the Pantsir"), label="declined"),
        Relation("blame", "kg.blame.v1", s2, _mention(text, "Ukraine", "Ukraine", "State"),
                 _mention(text, "Russia", "Russia", "State"), content=_span(text, "the strike on the plant"),
                 evidence=False),
        Relation("statement", "kg.statement.v1", s3, _mention(text, "Russia", "Russia", "State", s3.start),
                 content=_span(text, "denied any role"), label="denial", date="2023-01-21", links=(3,)),
        Relation("deployment", "kg.deployment.v1", s4,
                 _mention(text, "Iskander", "Iskander", "WeaponSystem"), _mention(text, "Gomel", "Gomel", "Place")),
        Relation("statement", "kg.statement.v1", s4, _mention(text, "Belarus", "Belarus", "State"),
                 content=_span(text, "that Iskander missiles were stationed in Gomel"), label="denial", links=(5,)),
    ]


def sample_graph() -> Graph:
    """The graph kg.graph builds for the sample document (used by tests/test_ontology.py too)."""
    rels = sample_relations()
    graph = Graph()
    for triple in build_graph(_doc(), rels, resolve(rels)):
        graph.add(triple)
    return graph


@pytest.fixture(scope="module")
def graph() -> Graph:
    return sample_graph()


def test_graph_document_node(graph: Graph) -> None:
    d = doc_iri("/corpus/a.txt")
    assert (d, RDF.type, SCHEMA.NewsArticle) in graph
    assert graph.value(d, KG.fileName) == Literal("a.txt")
    assert graph.value(d, SCHEMA.url) == Literal("https://news.example/a", datatype=XSD.anyURI)
    assert graph.value(d, SCHEMA.headline) == Literal("Launchers in Moscow")
    assert graph.value(d, SCHEMA.datePublished) == Literal("2023-01-20", datatype=XSD.date)
    assert graph.value(d, KG.sha256) == Literal(hashlib.sha256(TEXT.encode()).hexdigest())
    assert graph.value(d, KG.text) == Literal(TEXT)
    assert graph.value(d, KG.sourcePath) == Literal("/corpus/a.txt")
    publisher = graph.value(d, SCHEMA.publisher)
    assert publisher == KGID["entity/agency-one"]
    assert (publisher, RDF.type, KG.Organization) in graph
    assert graph.value(publisher, RDFS.label) == Literal("Agency One")


def test_graph_selectors_cut_exact_text(graph: Graph) -> None:
    selectors = set(graph.subjects(RDF.type, OA.TextPositionSelector))
    assert len(selectors) > 10
    for node in selectors:
        start, end = int(graph.value(node, OA.start)), int(graph.value(node, OA.end))  # type: ignore[arg-type]
        assert str(graph.value(node, OA.exact)) == TEXT[start:end]
        assert graph.value(node, KG.inDocument) == doc_iri("/corpus/a.txt")
        assert (node, RDF.type, OA.TextQuoteSelector) in graph
        kind = str(node).rsplit("/", 2)[-2]
        assert str(node).endswith(f"/{kind}/{start}-{end}")
        assert (node, RDF.type, KG.Sentence if kind == "s" else KG.Mention) in graph
        assert ((node, KG.denotes, None) in graph) == (kind == "m")
        assert graph.value(node, OA.start).datatype == XSD.integer  # type: ignore[union-attr]


def test_graph_every_fact_has_provenance(graph: Graph) -> None:
    facts = [fact_iri("/corpus/a.txt", n) for n in range(7)]
    for n, fact in enumerate(facts):
        assert graph.value(fact, PROV.wasDerivedFrom) == doc_iri("/corpus/a.txt")
        assert (graph.value(fact, KG.sentence), RDF.type, KG.Sentence) in graph
        name = str(graph.value(fact, KG.extractor))
        agent = graph.value(fact, PROV.wasGeneratedBy)
        assert agent == KGID[f"extractor/{name}"]
        assert (agent, RDF.type, PROV.SoftwareAgent) in graph
        assert graph.value(agent, KG.version) == Literal("1")


def test_graph_deployment_and_its_acknowledgement(graph: Graph) -> None:
    dep, ack = fact_iri("/corpus/a.txt", 0), fact_iri("/corpus/a.txt", 1)
    assert (dep, RDF.type, KG.Deployment) in graph
    assert graph.value(dep, KG.system) == KGID["entity/s-400"]
    assert graph.value(dep, KG.location) == KGID["entity/moscow"]
    assert str(graph.value(graph.value(dep, KG.systemMention), OA.exact)) == "S-400"
    assert str(graph.value(graph.value(dep, KG.locationMention), OA.exact)) == "Moscow"
    assert graph.value(dep, KG.date) == Literal("2023-01-19", datatype=XSD.date)
    event = deployment_event_iri("s-400", "moscow")
    assert graph.value(dep, KG.event) == event
    assert (event, RDF.type, KG.DeploymentEvent) in graph
    assert (ack, KG.acknowledges, event) in graph
    assert set(graph.objects(ack, RDF.type)) == {KG.Statement, KG.Acknowledgement}
    assert graph.value(ack, KG.cameoCode) == Literal("015")
    assert graph.value(ack, KG.date) == Literal("2023-01-20", datatype=XSD.date)  # the document's date


def test_graph_statement_kinds_codes_and_links(graph: Graph) -> None:
    declined, blame, denial = (fact_iri("/corpus/a.txt", n) for n in (2, 3, 4))
    deployment_denial = fact_iri("/corpus/a.txt", 6)
    assert graph.value(declined, KG.kind) == Literal("declined")
    assert graph.value(declined, KG.cameoCode) == Literal("011")
    assert str(graph.value(graph.value(declined, KG.content), OA.exact)) == "declined to comment on the Pantsir"
    assert (graph.value(declined, KG.content), KG.denotes, None) not in graph
    # "Peskov" alone is the Dmitry Peskov of this document
    assert graph.value(declined, KG.speaker) == KGID["entity/dmitry-peskov"]
    assert graph.value(denial, KG.cameoCode) == Literal("016")
    assert graph.value(denial, KG.date) == Literal("2023-01-21", datatype=XSD.date)
    assert (denial, KG.responds, blame) in graph
    event = deployment_event_iri(canonical_key("Iskander", "WeaponSystem"), canonical_key("Gomel", "Place"))
    assert (deployment_denial, KG.deniesDeployment, event) in graph
    assert (deployment_denial, KG.responds, None) not in graph


def test_graph_blame(graph: Graph) -> None:
    blame = fact_iri("/corpus/a.txt", 3)
    assert (blame, RDF.type, KG.Blame) in graph
    assert graph.value(blame, KG.cameoCode) == Literal("112")
    assert graph.value(blame, KG.accuser) == KGID["entity/ukraine"]
    assert graph.value(blame, KG.accused) == KGID["entity/russia"]
    assert str(graph.value(graph.value(blame, KG.act), OA.exact)) == "the strike on the plant"
    assert graph.value(blame, KG.evidenceGiven) == Literal(False)


def test_graph_entity_types_and_labels(graph: Graph) -> None:
    peskov = KGID["entity/dmitry-peskov"]
    assert set(graph.objects(peskov, RDF.type)) == {KG.Person, KG.Agent}
    assert list(graph.objects(peskov, RDFS.label)) == [Literal("Dmitry Peskov")]
    s400 = KGID["entity/s-400"]
    assert {KG.SurfaceToAirMissileSystem, KG.AirDefenceSystem, KG.WeaponSystem} <= set(graph.objects(s400, RDF.type))
    assert (KGID["entity/moscow"], RDF.type, KG.Place) in graph


def test_graph_is_deterministic() -> None:
    rels = sample_relations()
    assert build_graph(_doc(), rels, resolve(rels)) == build_graph(_doc(), rels, resolve(rels))


def test_graph_without_optional_fields() -> None:
    doc = _doc(url=None, title=None, publisher=None, published=None, path=None)  # type: ignore[arg-type]
    rels = sample_relations()
    graph = Graph()
    for t in build_graph(doc, rels, resolve(rels)):
        graph.add(t)
    d = doc_iri("/corpus/a.txt")
    for prop in (SCHEMA.url, SCHEMA.headline, SCHEMA.datePublished, SCHEMA.publisher, KG.sourcePath):
        assert (d, prop, None) not in graph
    # a statement without its own date and no document date has none
    assert (fact_iri("/corpus/a.txt", 2), KG.date, None) not in graph


def test_graph_wikidata_same_as(monkeypatch: pytest.MonkeyPatch) -> None:
    resolve_module = importlib.import_module("kg.resolve")

    gazetteer = resolve_module.Gazetteer({"s 400": resolve_module.GazetteerEntry("S-400", "SurfaceToAirMissileSystem", "Q380412")})
    monkeypatch.setattr(resolve_module, "load_gazetteer", lambda paths=None: gazetteer)
    resolve_module._key_and_entry.cache_clear()
    try:
        rels = sample_relations()
        triples = build_graph(_doc(), rels, resolve_module.resolve(rels))
    finally:
        resolve_module._key_and_entry.cache_clear()
    assert (KGID["entity/s-400"], OWL.sameAs, WD["Q380412"]) in triples


def test_graph_deployment_events_meet_across_documents() -> None:
    other = "Satellite images showed an S-400 battery in Moscow."
    rel = Relation("deployment", "kg.deployment.v1", Span(0, len(other), other),
                   _mention(other, "S-400", "S-400", "WeaponSystem"), _mention(other, "Moscow", "Moscow", "Place"))
    triples = build_graph(_doc(other, id="/corpus/b.txt", name="b.txt"), [rel], resolve([rel]))
    assert (fact_iri("/corpus/b.txt", 0), KG.event, deployment_event_iri("s-400", "moscow")) in triples


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2023-01-19", Literal("2023-01-19", datatype=XSD.date)),
        ("2023-01", Literal("2023-01", datatype=XSD.gYearMonth)),
        ("2023", Literal("2023", datatype=XSD.gYear)),
        ("2023-01-19T10:00:00Z", Literal("2023-01-19", datatype=XSD.date)),
        ("2023-02-30", None),
        ("2023-13", None),
        ("last week", None),
        (None, None),
    ],
)
def test_graph_date_literal(value: str | None, expected: Literal | None) -> None:
    assert date_literal(value) == expected


def test_graph_span_problems_names_bad_offsets() -> None:
    rels = sample_relations()
    assert span_problems(_doc(), rels) == []
    bad = Relation("blame", "kg.blame.v1", rels[3].sentence, Mention(0, 5, "Ukrai", "Ukraine", "State"))
    (problem,) = span_problems(_doc(), [bad])
    assert problem.startswith("a.txt: relation 0 (kg.blame.v1) span 0-5 'Ukrai'")


def test_graph_doc_iri_slug_rule() -> None:
    assert doc_iri("d08_shahed_kyiv.txt") == URIRef("https://w3id.org/kg-news/id/doc/d08_shahed_kyiv.txt")
    digest = hashlib.sha1(b"feed.jsonl#L3").hexdigest()[:8]
    assert doc_iri("feed.jsonl#L3") == URIRef(f"https://w3id.org/kg-news/id/doc/feed.jsonl-L3-{digest}")
