"""ontology/kg.ttl: parses, loads in owlready2, and declares every term kg.graph writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import owlready2
import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from test_graph import sample_graph

ONTOLOGY = Path(__file__).parents[1] / "kg" / "ontology" / "kg.ttl"
KG_NS = "https://w3id.org/kg-news/ontology#"
# Terms of RDF, RDFS, OWL and SKOS that need no declaration.
BUILT_IN = (str(RDF), str(RDFS), str(OWL), "http://www.w3.org/2004/02/skos/core#")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def world(ontology: Graph, tmp_path_factory: pytest.TempPathFactory) -> owlready2.World:
    # owlready2 reads RDF/XML, N-Triples and OWL/XML, not Turtle.
    nt = tmp_path_factory.mktemp("onto") / "kg.nt"
    ontology.serialize(nt, format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(nt.as_uri()).load()
    return world


def _declared(ontology: Graph, kinds: tuple[URIRef, ...]) -> set[URIRef]:
    return {s for kind in kinds for s in ontology.subjects(RDF.type, kind) if isinstance(s, URIRef)}


def test_ontology_loads_in_owlready2(world: owlready2.World) -> None:
    deployment = world[KG_NS + "Deployment"]
    assert deployment is not None
    fact = world[KG_NS + "Fact"]
    assert fact in deployment.ancestors()
    sam = world[KG_NS + "SurfaceToAirMissileSystem"]
    assert world[KG_NS + "WeaponSystem"] in sam.ancestors()
    assert world[KG_NS + "speaker"] is not None
    assert KG_NS + "evidenceGiven" in {p.iri for p in world.data_properties()}
    assert KG_NS + "acknowledges" in {p.iri for p in world.object_properties()}


def test_ontology_declares_every_term_graph_emits(ontology: Graph) -> None:
    classes = _declared(ontology, (OWL.Class,))
    properties = _declared(ontology, (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty))
    graph = sample_graph()
    used_classes = {o for o in graph.objects(None, RDF.type) if isinstance(o, URIRef)}
    used_properties = set(graph.predicates())
    assert {c for c in used_classes if not str(c).startswith(BUILT_IN)} - classes == set()
    assert {p for p in used_properties if not str(p).startswith(BUILT_IN)} - properties == set()


def test_ontology_every_kg_term_has_label_and_properties_a_domain(ontology: Graph) -> None:
    kg_terms = {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(KG_NS)}
    assert len(kg_terms) > 50
    for term in kg_terms:
        labels = list(ontology.objects(term, RDFS.label))
        assert labels and all(isinstance(label, Literal) and label.language == "en" for label in labels), term
    for prop in _declared(ontology, (OWL.ObjectProperty, OWL.DatatypeProperty)):
        if str(prop).startswith(KG_NS):
            assert (prop, RDFS.domain, None) in ontology, prop


def test_ontology_fact_kinds_are_disjoint(ontology: Graph) -> None:
    groups = [set(ontology.items(members)) for members in ontology.objects(None, OWL.members)]
    kg = lambda name: URIRef(KG_NS + name)  # noqa: E731
    assert {kg("Deployment"), kg("Statement"), kg("Blame")} in groups
    assert {kg("Claim"), kg("Denial"), kg("Acknowledgement"), kg("DeclinedComment")} in groups


@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs a Java runtime")
def test_ontology_sample_graph_is_consistent_with_hermit() -> None:
    from kg.validate import owl_consistency

    consistent, outcome = owl_consistency(sample_graph())
    assert consistent is True, outcome
