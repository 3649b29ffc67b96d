"""EndpointStore against a real Oxigraph server on 127.0.0.1, and against servers that misbehave."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import ENTITIES, KG, SKOS, entity, sample_quads
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.term import Node
from servers import FailingServer, OxigraphServer, free_port

from kg.errors import BadParameter, EndpointUnavailable, QueryError
from kg.store.endpoint import (
    Credentials,
    EndpointStore,
    bind_values,
    canonical_label,
    sparql_term,
)

DOC = URIRef("https://w3id.org/kg-news/id/graph/doc/a.txt")
EX = "http://example.org/"
INJECTION = '" } ; DROP ALL ; #'


@pytest.fixture
def server() -> Iterator[OxigraphServer]:
    """A fresh in-memory Oxigraph server (read-write)."""
    with OxigraphServer() as running:
        yield running


@pytest.fixture
def endpoint(server: OxigraphServer) -> EndpointStore:
    return EndpointStore(server.query_url, retries=0, timeout=10, auth=Credentials())


def _doc(n: int) -> list[tuple[URIRef, URIRef, Literal]]:
    return [(URIRef(f"{EX}s{i}"), RDFS.label, Literal(f"label {i}")) for i in range(n)]


# --- terms and VALUES ---------------------------------------------------------------


@pytest.mark.parametrize(
    "term, expected",
    [
        (URIRef("http://example.org/a"), "<http://example.org/a>"),
        (Literal("Kyiv", lang="en"), '"Kyiv"@en'),
        (Literal("say \"hi\"\\\n\r"), '"say \\"hi\\"\\\\\\n\\r"'),
        (Literal("2023-01-19", datatype=XSD.date), '"2023-01-19"^^<http://www.w3.org/2001/XMLSchema#date>'),
        (Literal(True), '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'),
        (Literal("plain", datatype=XSD.string), '"plain"'),
    ],
)
def test_endpoint_sparql_term_writes_ntriples(term: object, expected: str) -> None:
    assert sparql_term(term) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "term",
    [
        URIRef("http://x> } ; DROP ALL ; #"),
        URIRef("http://x/a b"),
        Literal("x", datatype=URIRef("http://x> }")),
    ],
)
def test_endpoint_sparql_term_refuses_iris_that_would_end_early(term: object) -> None:
    with pytest.raises(ValueError, match="not a valid IRI"):
        sparql_term(term)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("SELECT ?s WHERE { ?s ?p ?o }", "SELECT ?s WHERE { VALUES (?x) { (<http://e/x>) }  ?s ?p ?o }"),
        ("ASK { ?s ?p ?o }", "ASK { VALUES (?x) { (<http://e/x>) }  ?s ?p ?o }"),
        (
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
            "CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?x) { (<http://e/x>) }  ?s ?p ?o }",
        ),
        (
            "# a { comment\nPREFIX ex: <http://e/#>\nSELECT (EXISTS { ?a ?b ?c } AS ?e) ?s\n"
            "FROM <http://g#> WHERE { ?s ex:p \"}{\" }",
            "# a { comment\nPREFIX ex: <http://e/#>\nSELECT (EXISTS { ?a ?b ?c } AS ?e) ?s\n"
            "FROM <http://g#> WHERE { VALUES (?x) { (<http://e/x>) }  ?s ex:p \"}{\" }",
        ),
    ],
)
def test_endpoint_bind_values_opens_the_outer_where_group(query: str, expected: str) -> None:
    assert bind_values(query, ["x"], [[URIRef("http://e/x")]]) == expected


def test_endpoint_bind_values_refuses_short_construct_and_bad_names() -> None:
    with pytest.raises(ValueError, match="full form"):
        bind_values("CONSTRUCT WHERE { ?s ?p ?o }", ["s"], [[URIRef("http://e/x")]])
    with pytest.raises(ValueError, match="variable name"):
        bind_values("SELECT * { ?s ?p ?o }", ["s) {} DROP"], [[URIRef("http://e/x")]])


@pytest.mark.parametrize(
    "counts, expected",
    [
        ({"S-400": 3, "S-400 Triumf": 1}, "S-400 Triumf"),  # longest wins
        ({"Kyiv": 1, "Kiev": 2}, "Kiev"),  # same length: most frequent
        ({"Kyiv": 2, "Kiev": 2}, "Kiev"),  # then alphabetical
    ],
)
def test_endpoint_canonical_label_rule(counts: dict[str, int], expected: str) -> None:
    assert canonical_label(counts) == expected


# --- against a real Oxigraph server ---------------------------------------------------


def test_endpoint_replace_document_twice_replaces(endpoint: EndpointStore) -> None:
    endpoint.replace_document(DOC, _doc(5))
    endpoint.replace_document(DOC, _doc(3))
    assert endpoint.count_triples() == 3
    rows = endpoint.query("SELECT ?l WHERE { GRAPH ?g { ?s ?p ?l } } ORDER BY ?l", bindings={"g": DOC}).rows
    assert [str(r[0]) for r in rows] == ["label 0", "label 1", "label 2"]


def test_endpoint_replace_document_by_graph_store_protocol(server: OxigraphServer) -> None:
    store = EndpointStore(server.query_url, gsp_url=server.store_url, retries=0, auth=Credentials())
    store.replace_document(DOC, _doc(4) + [(URIRef(EX + "s"), RDFS.comment, Literal(INJECTION))])
    store.replace_document(DOC, _doc(2))
    assert store.count_triples() == 2
    store.replace_document(DOC, [])
    assert store.count_triples() == 0


def test_endpoint_big_document_is_one_request(endpoint: EndpointStore) -> None:
    endpoint.replace_document(DOC, _doc(20_000))
    assert endpoint.count_triples() == 20_000


def test_endpoint_bindings_with_injection_shaped_values(endpoint: EndpointStore) -> None:
    endpoint.replace_document(DOC, _doc(3))
    query = "SELECT ?s WHERE { GRAPH ?g { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } }"
    for value in (Literal(INJECTION), Literal(INJECTION, lang="en"), Literal("'''\"\"\"\\" + INJECTION)):
        assert endpoint.query(query, bindings={"label": value}).rows == ()
    with pytest.raises(BadParameter):
        endpoint.query(query, bindings={"s": URIRef("http://x> } ; DROP ALL ; #")})
    with pytest.raises(BadParameter):
        endpoint.query(query, bindings={"label } ; DROP ALL ; #": Literal("x")})
    assert endpoint.count_triples() == 3
    found = endpoint.query(query, bindings={"label": Literal("label 1")}).rows
    assert found == ((URIRef(EX + "s1"),),)


def test_endpoint_literals_round_trip(endpoint: EndpointStore) -> None:
    values = [
        Literal(INJECTION),
        Literal("multi\nline \"quoted\" \\ back"),
        Literal("Київ", lang="uk"),
        Literal(42),
        Literal(True),
        Literal("2023-02", datatype=XSD.gYearMonth),
    ]
    endpoint.replace_document(DOC, [(URIRef(EX + "s"), URIRef(f"{EX}p{i}"), v) for i, v in enumerate(values)])
    rows = endpoint.query("SELECT ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?p").rows
    assert [r[1] for r in rows] == values
    assert rows[4][1].toPython() is True


def test_endpoint_ask_and_construct(endpoint: EndpointStore) -> None:
    endpoint.replace_document(DOC, _doc(2))
    ask = "ASK { GRAPH ?g { ?s ?p ?o } }"
    assert endpoint.query(ask).boolean is True
    assert endpoint.query(ask, bindings={"o": Literal("nothing")}).boolean is False
    result = endpoint.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"g": DOC})
    expected = Graph()
    for triple in _doc(2):
        expected.add(triple)
    assert result.graph is not None and isomorphic(result.graph, expected)


def test_endpoint_optional_unbound_is_none(endpoint: EndpointStore) -> None:
    endpoint.replace_document(DOC, _doc(1))
    rows = endpoint.query("SELECT ?s ?x WHERE { GRAPH ?g { ?s ?p ?o OPTIONAL { ?s <http://e/no> ?x } } }").rows
    assert rows == ((URIRef(EX + "s0"), None),)


def test_endpoint_bad_query_is_query_error(endpoint: EndpointStore) -> None:
    with pytest.raises(QueryError, match="HTTP 400"):
        endpoint.query("SELECT * WHERE { ?s ?p }")
    with pytest.raises(QueryError, match="not a SPARQL query"):
        endpoint.query("DROP ALL")


def test_endpoint_remove_document_and_refresh_entities(endpoint: EndpointStore) -> None:
    a = URIRef("https://w3id.org/kg-news/id/graph/doc/a")
    b = URIRef("https://w3id.org/kg-news/id/graph/doc/b")
    s400 = entity("s-400")
    wikidata = URIRef("http://www.wikidata.org/entity/Q27")
    endpoint.replace_document(
        a, [(s400, RDFS.label, Literal("S-400")), (s400, RDF.type, KG.WeaponSystem), (s400, OWL.sameAs, wikidata)]
    )
    endpoint.replace_document(
        b, [(s400, RDFS.label, Literal("S-400 Triumf")), (s400, RDF.type, KG.AirDefenceSystem)]
    )
    endpoint.refresh_entities()
    query = "SELECT ?p ?o WHERE { GRAPH ?g { ?e ?p ?o } } ORDER BY ?p ?o"
    assert endpoint.query(query, bindings={"g": ENTITIES, "e": s400}).rows == (
        (RDF.type, KG.AirDefenceSystem),
        (RDF.type, KG.WeaponSystem),
        (OWL.sameAs, wikidata),
        (SKOS.prefLabel, Literal("S-400 Triumf")),
    )
    endpoint.remove_document(b)
    endpoint.refresh_entities([s400])
    assert endpoint.query(query, bindings={"g": ENTITIES, "e": s400}).rows == (
        (RDF.type, KG.WeaponSystem),
        (OWL.sameAs, wikidata),
        (SKOS.prefLabel, Literal("S-400")),
    )
    endpoint.remove_document(a)
    endpoint.refresh_entities([s400])
    assert endpoint.count_triples() == 0


def test_endpoint_export_and_import_round_trip(endpoint: EndpointStore, tmp_path: Path) -> None:
    by_graph: dict[URIRef, list[tuple[Node, Node, Node]]] = {}
    for s, p, o, g in sample_quads():
        by_graph.setdefault(g, []).append((s, p, o))
    endpoint.replace_documents(by_graph)
    assert endpoint.count_triples() == len(sample_quads())
    endpoint.refresh_entities()  # import_file refreshes the copy's entities graph
    out = io.BytesIO()
    endpoint.export(out, "nquads")
    path = tmp_path / "dump.nq"
    path.write_bytes(out.getvalue())
    with OxigraphServer() as other:
        copy = EndpointStore(other.query_url, retries=0, auth=Credentials())
        assert copy.import_file(path) == endpoint.count_triples()
        again, trig = io.BytesIO(), io.BytesIO()
        copy.export(again, "nquads")
        copy.export(trig, "trig")
    assert sorted(again.getvalue().splitlines()) == sorted(out.getvalue().splitlines())
    assert sum(1 for _ in pyoxigraph.parse(trig.getvalue(), pyoxigraph.RdfFormat.TRIG)) == endpoint.count_triples()
    turtle = io.BytesIO()
    endpoint.export(turtle, "turtle")
    merged = Graph().parse(data=turtle.getvalue().decode(), format="turtle")
    assert len(merged) == len({(s, p, o) for s, p, o, _ in sample_quads()})


# --- failures ---------------------------------------------------------------------------


def test_endpoint_down_is_unavailable_after_retries() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    store = EndpointStore(url, retries=2, backoff=0.01, auth=Credentials())
    started = time.monotonic()
    with pytest.raises(EndpointUnavailable) as caught:
        store.query("ASK {}")
    assert str(caught.value) == f"endpoint {url}: connection refused; is the server running? after 3 attempts"
    assert caught.value.transient is True
    assert time.monotonic() - started < 2


def test_endpoint_500_is_retried_then_transient() -> None:
    with FailingServer(500, body=b"storage exploded\nstack...") as failing:
        store = EndpointStore(failing.url, retries=2, backoff=0.01, auth=Credentials())
        with pytest.raises(EndpointUnavailable) as caught:
            store.query("ASK {}")
        assert failing.hits == 3
    assert caught.value.transient is True
    assert "server error (HTTP 500: storage exploded) after 3 attempts" in str(caught.value)


@pytest.mark.parametrize("status", [502, 503])
def test_endpoint_other_5xx_are_transient(status: int) -> None:
    with FailingServer(status) as failing:
        store = EndpointStore(failing.url, retries=1, backoff=0.01, auth=Credentials())
        with pytest.raises(EndpointUnavailable, match=f"HTTP {status}"):
            store.update("CLEAR ALL")
        assert failing.hits == 2


def test_endpoint_401_names_the_url_and_the_variables() -> None:
    with FailingServer(401, body=b"who are you") as failing:
        store = EndpointStore(failing.url, retries=3, backoff=0.01, auth=Credentials(user="u", password="wrong"))
        with pytest.raises(EndpointUnavailable) as caught:
            store.query("SELECT * WHERE { ?s ?p ?o }")
        assert failing.hits == 1  # 4xx is terminal: no retry
    assert caught.value.transient is False
    message = str(caught.value)
    assert message.startswith(f"endpoint {failing.url}: refused the credentials (HTTP 401")
    assert "check KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD, or KG_ENDPOINT_TOKEN" in message


@pytest.mark.parametrize(
    "credentials, header",
    [
        (Credentials(user="analyst", password="s3cret"), "Basic YW5hbHlzdDpzM2NyZXQ="),
        (Credentials(token="abc.def"), "Bearer abc.def"),
        (Credentials(), None),
    ],
)
def test_endpoint_sends_credentials(credentials: Credentials, header: str | None) -> None:
    with FailingServer(401) as failing:
        store = EndpointStore(failing.url, retries=0, auth=credentials)
        with pytest.raises(EndpointUnavailable):
            store.update("CLEAR ALL")
    assert failing.authorization == header


def test_endpoint_404_names_the_url() -> None:
    with FailingServer(404, body=b"no such dataset") as failing:
        store = EndpointStore(failing.url, retries=3, backoff=0.01, auth=Credentials())
        with pytest.raises(EndpointUnavailable) as caught:
            store.query("ASK {}")
        assert failing.hits == 1
    assert str(caught.value) == f"endpoint {failing.url}: not found (HTTP 404); check the endpoint URL"


def test_endpoint_wrong_content_type_is_clear() -> None:
    with FailingServer(200, "text/html", b"<html>login page</html>") as failing:
        store = EndpointStore(failing.url, retries=0, auth=Credentials())
        with pytest.raises(EndpointUnavailable) as caught:
            store.query("SELECT * WHERE { ?s ?p ?o }")
        with pytest.raises(EndpointUnavailable, match="N-Triples or Turtle"):
            store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert str(caught.value) == (
        f"endpoint {failing.url}: answered with text/html where SPARQL JSON results was expected; "
        "is this a SPARQL query endpoint?"
    )
    assert caught.value.transient is False


def test_endpoint_timeout_is_transient() -> None:
    import socket

    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        store = EndpointStore(url, retries=3, timeout=0.3, auth=Credentials())
        started = time.monotonic()
        with pytest.raises(EndpointUnavailable) as caught:
            store.query("ASK {}")
        assert time.monotonic() - started < 1  # not retried
    assert str(caught.value) == (
        f"endpoint {url}: did not answer within 0.3 s; raise the timeout or simplify the query"
    )
    assert caught.value.transient is True


def test_endpoint_credentials_from_env() -> None:
    assert Credentials.from_env({"KG_ENDPOINT_TOKEN": "t"}).header() == "Bearer t"
    assert Credentials.from_env({"KG_ENDPOINT_USER": "u", "KG_ENDPOINT_PASSWORD": "p"}).header() == "Basic dTpw"
    assert Credentials.from_env({}).header() is None


def test_endpoint_default_update_url() -> None:
    assert EndpointStore("http://h/query").update_url == "http://h/update"
    assert EndpointStore("http://h/ds/sparql").update_url == "http://h/ds/sparql"


# --- robustness ---------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(text=st.text(), lang=st.sampled_from([None, "en", "uk"]))
def test_endpoint_bound_literals_never_change_the_query(text: str, lang: str | None) -> None:
    """Any literal bound by VALUES comes back unchanged and is the only row (STYLE.md §6)."""
    value = Literal(text, lang=lang)
    query = bind_values('SELECT ?x ?y WHERE { BIND("}" AS ?y) }', ["x"], [[value]])
    rows = list(pyoxigraph.Store().query(query))
    assert len(rows) == 1
    got = rows[0]["x"]
    assert (got.value, got.language) == (text, lang)
    assert rows[0]["y"].value == "}"


@settings(max_examples=200, deadline=None)
@given(tail=st.text())
def test_endpoint_bound_iris_are_refused_or_unchanged(tail: str) -> None:
    """An IRI is either refused before anything is sent, or bound exactly as given."""
    iri = URIRef("http://example.org/" + tail)
    try:
        query = bind_values("SELECT ?x WHERE { }", ["x"], [[iri]])
    except ValueError:
        return
    rows = list(pyoxigraph.Store().query(query))
    assert [row["x"].value for row in rows] == [str(iri)]
