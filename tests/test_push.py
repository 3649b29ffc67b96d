"""kg.push: copy a store's named graphs to a real Oxigraph server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import sample_quads
from rdflib import RDFS, XSD, Literal, URIRef
from servers import OxigraphServer

from kg.push import PushReport, push
from kg.questions import ask, questions
from kg.store.endpoint import Credentials, EndpointStore

ALL_QUADS = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"

# Each question without parameters, and with values for its parameters.
PARAMS: dict[str, list[dict[str, str]]] = {
    "statements-by": [{"speaker": "Peskov"}, {"speaker": "Kyiv"}],
    "deployments-of-class": [{"class": "AirDefenceSystem"}, {"class": "drone"}],
    "deployments": [{}, {"since": "2023-01-01"}],
    "timeline": [{}, {"since": "2023-01-20"}],
    "unacknowledged-deployments": [{}, {"since": "2022-12-31"}],
}
CASES = [
    pytest.param(name, params, id="-".join([name, *params.values()]))
    for name in sorted(q.name for q in questions())
    for params in PARAMS.get(name, [{}])
]


@pytest.fixture
def server() -> Iterator[OxigraphServer]:
    with OxigraphServer() as running:
        yield running


@pytest.fixture
def endpoint(server: OxigraphServer) -> EndpointStore:
    return EndpointStore(server.query_url, retries=0, auth=Credentials())


def _plain(node: object) -> object:
    """RDF 1.1: a simple literal is an xsd:string; rdflib tells them apart, so compare them as one."""
    if isinstance(node, Literal) and node.datatype == XSD.string:
        return Literal(str(node))
    return node


def _quads(store: object) -> set[tuple[object, ...]]:
    return {tuple(_plain(n) for n in row) for row in store.query(ALL_QUADS).rows}  # type: ignore[attr-defined]


def test_push_copies_every_quad(sample_store: object, endpoint: EndpointStore) -> None:
    seen: list[tuple[int, int]] = []
    report = push(sample_store, endpoint, progress=lambda done, total: seen.append((done, total)))  # type: ignore[arg-type]
    assert _quads(endpoint) == _quads(sample_store) == {(s, p, _plain(o), g) for s, p, o, g in sample_quads()}
    assert report.graphs == 3 and report.triples == len(sample_quads())
    # two document graphs share a request; the entities graph goes alone, last
    assert report.requests == 2
    assert seen == [(2, 3), (3, 3)]


def test_push_twice_replaces_not_duplicates(sample_store: object, endpoint: EndpointStore) -> None:
    push(sample_store, endpoint, batch_graphs=1)  # type: ignore[arg-type]
    report = push(sample_store, endpoint, batch_graphs=1)  # type: ignore[arg-type]
    assert report.requests == 3
    assert endpoint.count_triples() == len(sample_quads())


def test_push_by_graph_store_protocol(sample_store: object, server: OxigraphServer) -> None:
    endpoint = EndpointStore(server.query_url, gsp_url=server.store_url, retries=0, auth=Credentials())
    report = push(sample_store, endpoint, batch_graphs=1)  # type: ignore[arg-type]
    assert report.requests == 3
    assert _quads(endpoint) == _quads(sample_store)


def test_push_mirror_deletes_graphs_gone_from_the_source(sample_store: object, endpoint: EndpointStore) -> None:
    gone = URIRef("https://w3id.org/kg-news/id/graph/doc/removed.txt")
    other = URIRef("http://example.org/someone-elses-graph")
    for graph in (gone, other):
        endpoint.replace_document(graph, [(URIRef("http://example.org/s"), RDFS.label, Literal("x"))])
    assert push(sample_store, endpoint).deleted == 0  # type: ignore[arg-type]
    report = push(sample_store, endpoint, mirror=True)  # type: ignore[arg-type]
    assert report.deleted == 1
    assert set(endpoint.graphs()) == {g for *_, g in sample_quads()} | {other}


def test_push_report_is_a_record() -> None:
    assert PushReport(graphs=0, triples=0, requests=0, deleted=0, seconds=0.0).graphs == 0


@pytest.mark.parametrize("name, params", CASES)
def test_push_questions_answer_the_same_on_both_stores(
    name: str, params: dict[str, str], sample_store: object, endpoint: EndpointStore
) -> None:
    """Every saved question gives the same rows embedded and on an endpoint (STYLE.md §3, rdflib #1772)."""
    push(sample_store, endpoint)  # type: ignore[arg-type]
    there = ask(name, store=endpoint, params=params)
    here = ask(name, store=sample_store, params=params)  # type: ignore[arg-type]
    assert here.columns == there.columns
    assert sorted(there.rows, key=repr) == sorted(here.rows, key=repr)


def test_push_from_one_endpoint_to_another(sample_store: object, endpoint: EndpointStore) -> None:
    push(sample_store, endpoint)  # type: ignore[arg-type]
    with OxigraphServer() as other:
        copy = EndpointStore(other.query_url, retries=0, auth=Credentials())
        report = push(endpoint, copy)  # type: ignore[arg-type]
        assert _quads(copy) == _quads(endpoint)
    assert report.graphs == 3


class _InterleavedDump:
    """A source whose dump does not keep each graph's quads together (allowed by N-Quads)."""

    location = "interleaved"
    lines = [
        '<http://e/a> <http://e/p> "1" <https://w3id.org/kg-news/id/graph/doc/x> .',
        '<http://e/b> <http://e/p> "2" <https://w3id.org/kg-news/id/graph/doc/y> .',
        '<http://e/c> <http://e/p> "3" <https://w3id.org/kg-news/id/graph/doc/x> .',
        '<http://e/d> <http://e/p> "4" .',
    ]

    def query(self, sparql: str, **_: object) -> object:
        from kg.store import QueryResult

        graphs = ("https://w3id.org/kg-news/id/graph/doc/x", "https://w3id.org/kg-news/id/graph/doc/y")
        return QueryResult(vars=("g",), rows=tuple((URIRef(g),) for g in graphs))

    def export(self, out: object, fmt: str) -> None:
        assert fmt == "nquads"
        out.write("\n".join(self.lines).encode())  # type: ignore[attr-defined]


def test_push_graph_split_across_the_dump(endpoint: EndpointStore) -> None:
    report = push(_InterleavedDump(), endpoint, batch_graphs=1)  # type: ignore[arg-type]
    rows = endpoint.query("SELECT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?s").rows
    assert [(str(g).rsplit("/", 1)[1], str(s)) for g, s in rows] == [
        ("x", "http://e/a"),
        ("y", "http://e/b"),
        ("x", "http://e/c"),
    ]
    assert (report.graphs, report.triples, report.requests) == (2, 3, 3)  # the default graph stays home
