"""kg.serve: the real Oxigraph server over an embedded store, read-only, on 127.0.0.1."""

from __future__ import annotations

import gc
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph
import pytest
from conftest import sample_quads
from rdflib import URIRef
from rdflib.term import Node
from servers import free_port

from kg.errors import ConfigError, EndpointUnavailable, InputError, StoreError
from kg.questions import ask
from kg.serve import _check_version, oxigraph_binary, serve
from kg.store import open_store
from kg.store.endpoint import Credentials, EndpointStore


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """An on-disk store written by kg's embedded store, then closed."""
    path = tmp_path / "kg-store"
    store = open_store(path)
    try:
        by_graph: dict[URIRef, list[tuple[Node, Node, Node]]] = {}
        for s, p, o, g in sample_quads():
            by_graph.setdefault(g, []).append((s, p, o))
        for graph, triples in by_graph.items():
            store.replace_document(graph, triples)
    finally:
        store.close()
    return path


def test_serve_answers_queries_and_refuses_updates(store_path: Path) -> None:
    with serve(store_path, port=free_port()) as server:
        assert server.url.startswith("http://127.0.0.1:")
        endpoint = EndpointStore(server.query_url, retries=0, auth=Credentials())
        assert endpoint.count_triples() == len(sample_quads())
        # union default graph: a query without GRAPH sees every graph (Oxigraph's union
        # keeps a triple once per graph that holds it)
        everything = endpoint.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
        assert int(everything) == len(sample_quads())
        answer = ask("unacknowledged-deployments", store=endpoint)
        assert {row["system"] for row in answer.rows} >= {"Iskander", "Pantsir-S1"}

        with pytest.raises(EndpointUnavailable, match="HTTP 403: The server is read-only"):
            endpoint.update("DROP ALL")
        request = urllib.request.Request(
            server.url + "/update",
            data=b"DROP ALL",
            headers={"Content-Type": "application/sparql-update"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert 400 <= refused.value.code < 500
        assert endpoint.count_triples() == len(sample_quads())
    assert not server.running
    reopened = pyoxigraph.Store.read_only(str(store_path))
    assert len(reopened) == len(sample_quads())


def test_serve_refuses_a_store_being_written(store_path: Path) -> None:
    writer = open_store(store_path)
    try:
        with pytest.raises(StoreError, match=f"open for writing by process {os.getpid()}"):
            serve(store_path, port=free_port())
    finally:
        writer.close()
    with serve(store_path, port=free_port()) as server:  # free again once the writer closed
        assert server.running


def test_serve_refuses_a_store_open_in_plain_pyoxigraph(store_path: Path) -> None:
    writer = pyoxigraph.Store(str(store_path))
    try:
        with pytest.raises(StoreError, match=f"open for writing by process {os.getpid()}"):
            serve(store_path, port=free_port())
    finally:
        del writer
        gc.collect()


def test_serve_missing_store_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no kg store at"):
        serve(tmp_path / "nothing-here", port=free_port())


def test_serve_port_taken_is_store_error(store_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(StoreError, match=f"could not serve on 127.0.0.1:{port}: Address already in use"):
            serve(store_path, port=port)


def test_serve_binary_matches_pyoxigraph() -> None:
    binary = oxigraph_binary()
    assert binary.is_file()
    _check_version(binary)  # both 0.5.x: same on-disk format


def test_serve_version_mismatch_is_config_error(tmp_path: Path) -> None:
    fake = tmp_path / "oxigraph"
    fake.write_text("#!/bin/sh\necho oxigraph 0.3.22\n")
    fake.chmod(0o755)
    with pytest.raises(ConfigError, match="store formats may differ"):
        _check_version(fake)


def test_serve_query_timeout_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = open_store(path)
    ex = "http://example.org/"
    store.replace_document(URIRef(ex + "g"), [(URIRef(f"{ex}s{i}"), URIRef(ex + "p"), URIRef(ex + "o")) for i in range(3000)])
    store.close()
    with serve(path, port=free_port(), timeout_s=1) as server:
        endpoint = EndpointStore(server.query_url, retries=0, auth=Credentials())
        cube = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?b ?c . ?d ?e ?f . ?h ?i ?j } }"
        with pytest.raises(EndpointUnavailable, match="stopped the query at its own timeout"):
            endpoint.query(cube)


def test_serve_wait_stops_the_server_on_sigterm(store_path: Path) -> None:
    """`kg serve` blocks in Server.wait(); stopping kg must not leave the server running."""
    script = (
        "import sys\n"
        "from kg.serve import serve\n"
        "server = serve(sys.argv[1], port=int(sys.argv[2]))\n"
        "print(server.process.pid, flush=True)\n"
        "server.wait()\n"
    )
    runner = subprocess.Popen(
        [sys.executable, "-c", script, str(store_path), str(free_port())], stdout=subprocess.PIPE, text=True
    )
    assert runner.stdout is not None
    child = int(runner.stdout.readline())
    time.sleep(0.5)  # let it get from the print into wait(), which installs the SIGTERM handler
    runner.send_signal(signal.SIGTERM)
    assert runner.wait(timeout=10) == 128 + signal.SIGTERM
    runner.stdout.close()
    with pytest.raises(ProcessLookupError):  # stopped and reaped, not left behind
        os.kill(child, 0)
