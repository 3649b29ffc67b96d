"""kg.vocab: the closed KG namespace equals the ontology's kg: terms; IRIs are valid and stable."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, URIRef

from kg.vocab import (
    ENTITY_PARENTS,
    KG,
    KG_NS,
    class_chain,
    deployment_event_iri,
    doc_iri,
    docid,
    entity_iri,
    extractor_iri,
    fact_iri,
    graph_iri,
    mention_iri,
    sentence_iri,
    slug,
    text_iri,
)

ONTOLOGY = Path(__file__).parents[1] / "kg" / "ontology" / "kg.ttl"
RDFS_SUBCLASS = URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf")
# What RFC 3987 allows in an IRI path segment that kg mints (no escapes needed).
_IRI_SAFE = re.compile(r"^https://w3id\.org/kg-news/id/[A-Za-z0-9._~/-]+$")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def _kg_terms(graph: Graph) -> set[str]:
    return {str(s)[len(KG_NS):] for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(KG_NS)}


def test_vocab_terms_equal_ontology_terms(ontology: Graph) -> None:
    declared = _kg_terms(ontology)
    listed = {name for name in KG.__annotations__}
    assert listed - declared == set(), "in kg.vocab.KG but not declared in ontology/kg.ttl"
    assert declared - listed == set(), "declared in ontology/kg.ttl but missing from kg.vocab.KG"


def test_vocab_namespace_is_closed() -> None:
    assert KG.Deployment == URIRef(KG_NS + "Deployment")
    with pytest.raises(AttributeError):
        KG.Deploymnet  # noqa: B018 - the typo must raise


def test_vocab_entity_parents_follow_ontology(ontology: Graph) -> None:
    for name, parent in ENTITY_PARENTS.items():
        supers = {str(o)[len(KG_NS):] for o in ontology.objects(KG[name], RDFS_SUBCLASS) if str(o).startswith(KG_NS)}
        assert supers == ({parent} if parent else set()), name
    assert class_chain("ManpadsSystem") == ("ManpadsSystem", "AirDefenceSystem", "WeaponSystem")
    assert class_chain("Person") == ("Person", "Agent")


@pytest.mark.parametrize(
    "document_id, expected",
    [
        ("d08_shahed_kyiv.txt", "d08_shahed_kyiv.txt"),
        ("a b.txt", "a-b.txt-" + hashlib.sha1(b"a b.txt").hexdigest()[:8]),
        ("/abs/x.txt", "-abs-x.txt-" + hashlib.sha1(b"/abs/x.txt").hexdigest()[:8]),
        ("", "-" + hashlib.sha1(b"").hexdigest()[:8]),
    ],
)
def test_vocab_docid(document_id: str, expected: str) -> None:
    assert docid(document_id) == expected


def test_vocab_iri_shapes() -> None:
    base = "https://w3id.org/kg-news/id/"
    assert doc_iri("a.txt") == URIRef(base + "doc/a.txt")
    assert graph_iri("a.txt") == URIRef(base + "graph/doc/a.txt")
    assert fact_iri("a.txt", 3) == URIRef(base + "fact/a.txt/3")
    assert sentence_iri("a.txt", 1, 9) == URIRef(base + "doc/a.txt/s/1-9")
    assert mention_iri("a.txt", 1, 9) == URIRef(base + "doc/a.txt/m/1-9")
    assert text_iri("a.txt", 1, 9) == URIRef(base + "doc/a.txt/t/1-9")
    assert entity_iri("dmitry-peskov") == URIRef(base + "entity/dmitry-peskov")
    assert extractor_iri("kg.blame.v1") == URIRef(base + "extractor/kg.blame.v1")
    digest = hashlib.sha1(b"s-400|moscow").hexdigest()[:16]
    assert deployment_event_iri("s-400", "moscow") == URIRef(base + "deployment/" + digest)


@pytest.mark.parametrize(
    "name, expected",
    [("Dmitry Peskov", "dmitry-peskov"), ("S-400", "s-400"), ("Kyïv", "kyiv"), ("  --  ", None), ("Песков", None)],
)
def test_vocab_slug(name: str, expected: str | None) -> None:
    result = slug(name)
    if expected is not None:
        assert result == expected
    else:
        assert re.fullmatch(r"[a-z0-9-]+", result) and result == slug(name)


@given(st.text())
def test_vocab_iris_from_any_name_are_valid_and_stable(name: str) -> None:
    for iri in (doc_iri(name), graph_iri(name), entity_iri(slug(name)), entity_iri(name), fact_iri(name, 0)):
        assert _IRI_SAFE.match(str(iri)), iri
    assert doc_iri(name) == doc_iri(name)
    assert entity_iri(slug(name)) == entity_iri(slug(name))


@given(st.text(), st.text())
def test_vocab_distinct_ids_never_collide(a: str, b: str) -> None:
    if a != b:
        assert docid(a) != docid(b)
