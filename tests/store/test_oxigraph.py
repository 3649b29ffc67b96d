"""kg.store.oxigraph: the embedded store on disk, spoken to in rdflib terms."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from kg.errors import InputError, KgError, QueryError, StoreError, StoreLocked
from kg.store import MEMORY, QueryResult, StoreStats, open_store
from kg.store.oxigraph import LOCK_FILE, OxigraphStore
from kg.vocab import ENTITIES_GRAPH, KG, KGID, RDF, RDFS, SCHEMA, SKOS, XSD

EX = "http://example.org/"
G1, G2, G3 = KGID["graph/doc/one"], KGID["graph/doc/two"], KGID["graph/doc/three"]
PESKOV = KGID["entity/dmitry-peskov"]
MOSCOW = KGID["entity/moscow"]


def _doc_triples(name: str, *labels: tuple[URIRef, str, URIRef]) -> list[tuple[URIRef, URIRef, Literal | URIRef]]:
    doc = KGID[f"doc/{name}"]
    triples: list[tuple[URIRef, URIRef, Literal | URIRef]] = [
        (doc, RDF.type, SCHEMA.NewsArticle),
        (doc, KG.fileName, Literal(name)),
    ]
    for entity, label, cls in labels:
        triples += [(entity, RDFS.label, Literal(label)), (entity, RDF.type, cls)]
    return triples


@pytest.fixture
def store(tmp_path: Path):  # noqa: ANN201
    opened = open_store(tmp_path / "store")
    yield opened
    opened.close()


def _rows(result: QueryResult) -> list[tuple[object, ...]]:
    return sorted(result.rows, key=str)


# --- queries -----------------------------------------------------------------------------


def test_oxigraph_select_with_bindings_returns_rdflib_terms(store: OxigraphStore) -> None:
    store.replace_document(G1, _doc_triples("one", (PESKOV, "Peskov", KG.Person), (MOSCOW, "Moscow", KG.Place)))
    result = store.query(
        "SELECT ?e ?label ?missing WHERE { GRAPH ?g { ?e a ?cls ; <http://www.w3.org/2000/01/rdf-schema#label> ?label } }",
        bindings={"cls": KG.Person},
    )
    assert result.vars == ("e", "label", "missing")
    assert result.rows == ((PESKOV, Literal("Peskov"), None),)
    assert type(result.rows[0][1]) is Literal and result.rows[0][1].datatype is None


def test_oxigraph_binding_not_projected_still_binds(store: OxigraphStore) -> None:
    store.replace_document(G1, _doc_triples("one", (PESKOV, "Peskov", KG.Person), (MOSCOW, "Moscow", KG.Place)))
    query = "SELECT ?e WHERE { GRAPH ?g { ?e a ?cls } FILTER(?cls = ?wanted) }"
    assert store.query(query, bindings={"wanted": KG.Place}).rows == ((MOSCOW,),)


def test_oxigraph_bindings_are_never_pasted_as_text(store: OxigraphStore) -> None:
    store.replace_document(G1, [(URIRef(EX + "s"), URIRef(EX + "p"), Literal("x"))])
    evil = Literal('x" } } ; DROP ALL ; SELECT * WHERE { { "')
    result = store.query("SELECT ?s ?o WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"o": evil})
    assert result.rows == ()
    assert store.count_triples() == 1


def test_oxigraph_ask_and_construct(store: OxigraphStore) -> None:
    store.replace_document(G1, [(URIRef(EX + "s"), URIRef(EX + "p"), Literal(3))])
    assert store.query("ASK { GRAPH ?g { ?s ?p 3 } }").boolean is True
    assert store.query("ASK { GRAPH ?g { ?s ?p 4 } }").boolean is False
    graph = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }").graph
    assert isinstance(graph, Graph)
    assert set(graph) == {(URIRef(EX + "s"), URIRef(EX + "p"), Literal(3))}


def test_oxigraph_syntax_error_is_query_error(store: OxigraphStore) -> None:
    with pytest.raises(QueryError) as info:
        store.query("SELEKT ?x WHERE { }")
    assert info.value.source == "query"
    assert info.value.problem


def test_oxigraph_timeout(store: OxigraphStore) -> None:
    store.replace_document(G1, [(URIRef(f"{EX}s{i}"), URIRef(EX + "p"), Literal(i)) for i in range(120)])
    slow = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?p ?x . ?b ?p ?y . ?c ?p ?z } }"
    with pytest.raises(QueryError, match="no answer within 0.01 s"):
        store.query(slow, timeout=0.01)
    with pytest.raises(QueryError, match="SELEKT|expected"):
        store.query("SELEKT ?x WHERE { }", timeout=5)
    assert store.query("ASK { GRAPH ?g { ?s ?p 1 } }", timeout=5).boolean is True


# --- documents ---------------------------------------------------------------------------


def test_oxigraph_replace_document_replaces_whole_graph(store: OxigraphStore) -> None:
    store.replace_document(G1, _doc_triples("one", (PESKOV, "Peskov", KG.Person)))
    store.replace_document(G2, _doc_triples("two", (MOSCOW, "Moscow", KG.Place)))
    store.replace_document(G1, _doc_triples("one", (MOSCOW, "Moscow", KG.Place)))
    rows = store.query("SELECT ?g ?e WHERE { GRAPH ?g { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } }").rows
    assert sorted(rows) == sorted([(G1, MOSCOW), (G2, MOSCOW)])
    assert store.count_triples() == 8
    store.remove_document(G1)
    store.remove_document(G1)  # absent: nothing happens
    assert store.count_triples() == 4
    assert store.document_graphs() == [G2]


def test_oxigraph_invalid_term_writes_nothing(store: OxigraphStore) -> None:
    store.replace_document(G1, _doc_triples("one"))
    with pytest.raises(KgError, match="graph"):
        store.replace_document(G1, [(URIRef("http://bad iri"), RDF.type, KG.Person)])
    assert store.count_triples() == 2


CRASH_WRITER = textwrap.dedent(
    """
    import sys
    from rdflib import Literal, URIRef
    from kg.store import open_store
    store = open_store(sys.argv[1])
    n = 0
    while True:
        n += 1
        for d in range(5):
            g = URIRef(f"https://w3id.org/kg-news/id/graph/doc/d{d}")
            store.replace_document(g, [(URIRef(f"http://example.org/s{i}"), URIRef("http://example.org/round"),
                                        Literal(n)) for i in range(2000)])
        if n == 1:
            print("one round written", flush=True)
    """
)


def test_oxigraph_crash_mid_write_leaves_documents_whole(tmp_path: Path) -> None:
    path = tmp_path / "store"
    proc = subprocess.Popen([sys.executable, "-c", CRASH_WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "one round written"
    time.sleep(0.3)  # somewhere in the middle of a later round
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with open_store(path, read_only=True) as store:
        rows = store.query(
            "SELECT ?g (COUNT(*) AS ?n) (COUNT(DISTINCT ?round) AS ?rounds) "
            "WHERE { GRAPH ?g { ?s <http://example.org/round> ?round } } GROUP BY ?g"
        ).rows
    assert len(rows) == 5
    for _graph, n, rounds in rows:
        assert (int(n), int(rounds)) == (2000, 1)  # each document whole, from one round


# --- entities ----------------------------------------------------------------------------


def test_oxigraph_refresh_entities_fullest_label_and_types(store: OxigraphStore) -> None:
    store.replace_document(G1, _doc_triples("one", (PESKOV, "Peskov", KG.Person), (MOSCOW, "Moscow", KG.Place)))
    store.replace_document(G2, _doc_triples("two", (PESKOV, "Dmitry Peskov", KG.Agent), (MOSCOW, "Moskva", KG.State)))
    store.replace_document(KGID["graph/doc/three"], _doc_triples("three", (MOSCOW, "Moskva", KG.Place)))
    store.refresh_entities()
    rows = store.query(
        "SELECT ?e ?label WHERE { GRAPH ?g { ?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?label } }"
    ).rows
    # longest wins; between Moscow and Moskva (same length) the one in more documents
    assert sorted(rows) == sorted([(PESKOV, Literal("Dmitry Peskov")), (MOSCOW, Literal("Moskva"))])
    types = store.query("SELECT ?t WHERE { GRAPH ?g { ?e a ?t } }", bindings={"g": ENTITIES_GRAPH, "e": MOSCOW})
    assert {row[0] for row in types.rows} == {KG.Place, KG.State}


def test_oxigraph_refresh_entities_forgets_unmentioned(store: OxigraphStore) -> None:
    store.replace_document(G1, _doc_triples("one", (PESKOV, "Peskov", KG.Person)))
    store.replace_document(G2, _doc_triples("two", (PESKOV, "Dmitry Peskov", KG.Person)))
    store.refresh_entities([PESKOV])
    store.remove_document(G2)
    store.refresh_entities([PESKOV])
    labels = store.query("SELECT ?l WHERE { GRAPH ?g { ?e ?p ?l } }", bindings={"g": ENTITIES_GRAPH, "p": SKOS.prefLabel})
    assert labels.rows == ((Literal("Peskov"),),)
    store.remove_document(G1)
    store.refresh_entities()
    assert store.query("ASK { GRAPH ?g { ?s ?p ?o } }", bindings={"g": ENTITIES_GRAPH}).boolean is False
    assert store.stats().entities == 0


# --- export and import ---------------------------------------------------------------------


@pytest.fixture
def filled(store: OxigraphStore) -> OxigraphStore:
    store.replace_document(G1, _doc_triples("one", (PESKOV, 'Peskov "the voice"', KG.Person)))
    store.replace_document(G2, _doc_triples("two", (PESKOV, "Peskov\nline", KG.Person)))
    store.refresh_entities()
    return store


@pytest.mark.parametrize("fmt, graphs", [("trig", True), ("nquads", True), ("jsonld", True), ("turtle", False), ("nt", False)])
def test_oxigraph_export_round_trips_through_rdflib(filled: OxigraphStore, fmt: str, graphs: bool) -> None:
    out = io.BytesIO()
    filled.export(out, fmt)
    rdflib_format = {"nquads": "nquads", "trig": "trig", "jsonld": "json-ld", "turtle": "turtle", "nt": "nt"}[fmt]
    if graphs:
        ds = Dataset()
        ds.parse(data=out.getvalue(), format=rdflib_format)
        assert sum(len(g) for g in ds.graphs() if g.identifier != ds.default_graph.identifier) == filled.count_triples()
        assert (PESKOV, RDFS.label, Literal("Peskov\nline"), G2) in ds
    else:
        graph = Graph().parse(data=out.getvalue(), format=rdflib_format)
        # the union, each triple once: 2 documents x (type, file name), Peskov's type (in all three
        # graphs), his 2 labels, and the entities graph's prefLabel
        assert len(graph) == 4 + 1 + 2 + 1


def test_oxigraph_export_unknown_format(filled: OxigraphStore) -> None:
    with pytest.raises(InputError, match="unknown RDF format 'csv'"):
        filled.export(io.BytesIO(), "csv")


def test_oxigraph_import_nquads_into_fresh_store(filled: OxigraphStore, tmp_path: Path) -> None:
    dump = tmp_path / "dump.nq"
    with dump.open("wb") as out:
        filled.export(out, "nquads")
    with open_store(tmp_path / "copy") as copy:
        assert copy.import_file(dump) == filled.count_triples()
        assert copy.stats() == StoreStats(
            location=str(tmp_path / "copy"), documents=2, facts=filled.stats().facts, entities=1,
            triples=filled.count_triples(),
        )


def test_oxigraph_import_turtle_goes_to_named_graph(store: OxigraphStore, tmp_path: Path) -> None:
    ttl = tmp_path / "extra.ttl"
    ttl.write_text(f"<{EX}s> <{EX}p> 'o' .\n", encoding="utf-8")
    assert store.import_file(ttl) == 1
    assert store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows == ((KGID["graph/import/extra.ttl"],),)


def test_oxigraph_import_errors(store: OxigraphStore, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(InputError, match="bad.ttl: not valid turtle"):
        store.import_file(bad)
    with pytest.raises(InputError, match="cannot tell the RDF format"):
        store.import_file(tmp_path / "x.csv")
    with pytest.raises(InputError, match="no such file"):
        store.import_file(tmp_path / "missing.nq")


def test_oxigraph_stats_counts_documents_and_fact_kinds(store: OxigraphStore) -> None:
    facts = [
        (KGID["fact/one/0"], RDF.type, KG.Deployment),
        (KGID["fact/one/1"], RDF.type, KG.Statement),
        (KGID["fact/one/1"], RDF.type, KG.Denial),
        (KGID["fact/one/2"], RDF.type, KG.Blame),
    ]
    store.replace_document(G1, _doc_triples("one", (PESKOV, "Peskov", KG.Person)) + facts)
    store.refresh_entities()
    stats = store.stats()
    assert stats.documents == 1 and stats.entities == 1 and stats.triples == store.count_triples()
    assert dict(stats.facts) == {"deployment": 1, "claim": 0, "denial": 1, "acknowledgement": 0, "declined": 0, "blame": 1}


# --- locking and read-only access ---------------------------------------------------------


def test_oxigraph_second_writer_is_locked_out(store: OxigraphStore) -> None:
    assert (Path(store.location) / LOCK_FILE).exists()
    with pytest.raises(StoreLocked, match="is in use by another kg process"):
        open_store(store.location)


def test_oxigraph_writer_waits_for_lock(tmp_path: Path) -> None:
    first = open_store(tmp_path / "store")
    opened: list[OxigraphStore] = []
    waiter = threading.Thread(target=lambda: opened.append(open_store(tmp_path / "store", wait=True)))
    waiter.start()
    time.sleep(0.2)
    assert not opened
    first.close()
    waiter.join(timeout=10)
    assert opened
    opened[0].close()


def test_oxigraph_reader_works_while_writer_holds_store(store: OxigraphStore) -> None:
    store.replace_document(G1, _doc_triples("one"))
    store.close()
    writer = open_store(store.location)
    try:
        with open_store(store.location, read_only=True) as reader:
            assert reader.count_triples() == 2
            with pytest.raises(StoreError, match="read-only"):
                reader.replace_document(G2, _doc_triples("two"))
    finally:
        writer.close()


def test_oxigraph_read_only_without_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no store at .*nowhere; run 'kg build' first"):
        open_store(tmp_path / "nowhere", read_only=True)
    assert not (tmp_path / "nowhere").exists()


def test_oxigraph_open_store_hands_urls_to_endpoint_store() -> None:
    from kg.store.endpoint import EndpointStore

    assert isinstance(open_store(endpoint="http://127.0.0.1:7878/query"), EndpointStore)
    assert isinstance(open_store("http://127.0.0.1:7878/query"), EndpointStore)
    with pytest.raises(KgError, match="needs its query endpoint"):
        open_store(update_endpoint="http://127.0.0.1:7878/update")


def test_oxigraph_default_location_from_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KG_STORE", str(tmp_path / "env-store"))
    with open_store() as opened:
        assert opened.location == str(tmp_path / "env-store")
    assert (tmp_path / "env-store" / "CURRENT").exists()


def test_oxigraph_closed_store_says_so(tmp_path: Path) -> None:
    opened = open_store(tmp_path / "store")
    opened.close()
    opened.close()
    with pytest.raises(StoreError, match="is closed"):
        opened.count_triples()


# --- literals round-trip ----------------------------------------------------------------------

_literals = st.one_of(
    st.text().map(Literal),
    st.integers().map(Literal),
    st.booleans().map(Literal),
    st.dates().map(Literal),
    st.tuples(st.text(), st.sampled_from(["en", "ru", "uk-UA"])).map(lambda t: Literal(t[0], lang=t[1])),
    st.text(alphabet="0123456789-", max_size=12).map(lambda s: Literal(s, datatype=XSD.gYearMonth)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_literals)
def test_oxigraph_any_literal_round_trips(value: Literal) -> None:
    store = open_store(MEMORY)
    store.replace_document(G1, [(URIRef(EX + "s"), URIRef(EX + "p"), value), (URIRef(EX + "s"), URIRef(EX + "b"), BNode("b1"))])
    (row,) = store.query("SELECT ?o WHERE { GRAPH ?g { ?s <http://example.org/p> ?o } }").rows
    assert row[0] == value
    assert str(row[0]) == str(value)
    (row,) = store.query("SELECT ?s WHERE { GRAPH ?g { ?s <http://example.org/p> ?o } }", bindings={"o": value}).rows
    assert row[0] == URIRef(EX + "s")


def test_oxigraph_failed_call_does_not_keep_the_database_open(tmp_path: Path) -> None:
    """A kept error must not hold RocksDB open after close (it corrupted the next open)."""
    from kg.errors import KgError
    from kg.store import open_store

    kept: list[KgError] = []
    for i in range(5):
        store = open_store(tmp_path / "s")
        store.update(f"INSERT DATA {{ GRAPH <http://g> {{ <http://a> <http://b> {i} }} }}")
        with pytest.raises(KgError) as info:
            store.query("SELECT * WHERE { ?s ?p ")
        kept.append(info.value)
        store.close()
        reader = open_store(tmp_path / "s", read_only=True)
        assert reader.count_triples() == i + 1
        reader.close()


def test_oxigraph_replace_document_takes_n_triples_bytes(store: OxigraphStore) -> None:
    """The build's helper hands over N-Triples bytes: a new graph is loaded, an existing one
    replaced whole, and bytes that do not parse change nothing."""
    from kg.store.oxigraph import encode_triples

    first = _doc_triples("one", (PESKOV, "Peskov", KG.Person), (MOSCOW, "Moscow", KG.Place))
    store.replace_document(G1, encode_triples(first))
    loaded = {q for q in store._db.quads_for_pattern(None, None, None, ox.NamedNode(str(G1)))}
    store.replace_document(G2, first)
    assert {ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(str(G2))) for q in loaded} == set(
        store._db.quads_for_pattern(None, None, None, ox.NamedNode(str(G2)))
    )
    second = _doc_triples("one", (PESKOV, 'Peskov "the spokesman"\nline two', KG.Person))
    store.replace_document(G1, encode_triples(second))
    labels = {q.object.value for q in store._db.quads_for_pattern(None, ox.NamedNode(str(RDFS.label)), None, ox.NamedNode(str(G1)))}
    assert labels == {'Peskov "the spokesman"\nline two'}
    before = set(store._db.quads_for_pattern(None, None, None, ox.NamedNode(str(G1))))
    with pytest.raises(KgError, match="not valid N-Triples"):
        store.replace_document(G3, b"<http://example.org/s> <http://example.org/p> broken .\n")
    with pytest.raises(KgError):
        store.replace_document(G1, b"<http://example.org/s> <http://example.org/p> broken .\n")
    assert set(store._db.quads_for_pattern(None, None, None, ox.NamedNode(str(G1)))) == before
    assert not store._db.contains_named_graph(ox.NamedNode(str(G3)))
