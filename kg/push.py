"""Copy a store's named graphs to a SPARQL endpoint: ``kg push``.

Whole graphs travel, never single triples (DESIGN.md, "Loading"): each request
replaces one document graph, or a few small ones together, with
``DROP SILENT GRAPH`` + ``INSERT DATA`` in one SPARQL Update (atomic on Oxigraph
and Fuseki), or by Graph Store Protocol ``PUT`` when the endpoint store has a
``gsp_url``. Every request is idempotent, so a push that stopped half-way (the
endpoint went down) is finished by running it again.

The source is read once, as an N-Quads dump (``Store.export``) into a temporary
file, and streamed through pyoxigraph's parser: no rdflib objects are built, so
pushing costs about what the endpoint takes to load (converting 1M triples to
rdflib terms alone takes about a minute).

Example:
    >>> from kg.store.endpoint import EndpointStore          # doctest: +SKIP
    >>> report = push(open_store("kg-store"), EndpointStore("http://127.0.0.1:7878/query"))
    >>> report.graphs, report.triples
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import URIRef

from kg.vocab import ENTITIES_GRAPH, KGID_NS

if TYPE_CHECKING:
    from kg.store import Store
    from kg.store.endpoint import EndpointStore

__all__ = ["PushReport", "push"]

KG_GRAPHS = KGID_NS + "graph/"
_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
_Triples = list[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]]


@dataclass(frozen=True)
class PushReport:
    """What a push did: graphs and triples sent, requests made, graphs deleted, seconds taken."""

    graphs: int
    triples: int
    requests: int
    deleted: int
    seconds: float


def push(
    source_store: Store,
    endpoint_store: EndpointStore,
    *,
    batch_graphs: int = 8,
    batch_triples: int = 20_000,
    mirror: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> PushReport:
    """Copy every named graph of ``source_store`` (documents and entities) to the endpoint.

    Each graph on the endpoint is replaced whole, so pushing twice leaves the
    same data. Document graphs go first and the entities graph last, so a
    reader never sees canonical labels for documents that have not arrived.
    Small graphs share a request (up to ``batch_graphs`` graphs and about
    ``batch_triples`` triples); a bigger graph is always sent alone, in one request.

    Args:
        source_store: any kg store, usually the embedded one.
        endpoint_store: where to copy to.
        batch_graphs: most graphs per request; 1 sends one request per graph.
        batch_triples: a request is sent once it holds this many triples.
        mirror: also delete the endpoint's kg graphs (IRIs under
            ``kgid:graph/``) that the source does not have, e.g. documents
            removed locally since the last push. Other graphs are left alone.
        progress: called with (graphs done, graphs in total) after each request.

    Returns:
        A PushReport.

    Raises:
        StoreError: the source could not be read.
        EndpointUnavailable: the endpoint failed; run the push again to finish it.
        InputError: a graph holds a term that cannot be written as SPARQL.
    """
    started = time.monotonic()
    graphs = {row[0] for row in source_store.query(_GRAPHS).rows if isinstance(row[0], URIRef)}
    total = len(graphs)
    batch: dict[URIRef, _Triples] = {}
    entities: _Triples = []
    sent: set[URIRef] = set()
    batch_size = done = requests = triples = 0

    def flush() -> None:
        nonlocal batch, batch_size, done, requests
        if not batch:
            return
        if len(batch) == 1 and endpoint_store.gsp_url is not None:
            ((graph, content),) = batch.items()
            endpoint_store.replace_document(graph, content)
        else:
            endpoint_store.replace_documents(batch)
        requests += 1
        done += len(batch)
        sent.update(batch)
        batch, batch_size = {}, 0
        if progress is not None:
            progress(done, total)

    def take(graph: URIRef, content: _Triples) -> None:
        nonlocal batch_size, requests
        if graph == ENTITIES_GRAPH:
            entities.extend(content)  # sent last, alone
        elif graph in sent:
            # A dump need not keep a graph's quads together (Oxigraph's does); a late
            # part of a graph already replaced is added to it.
            endpoint_store.insert({graph: content})
            requests += 1
        else:
            if batch and graph not in batch and batch_size + len(content) > batch_triples:
                flush()
            batch.setdefault(graph, []).extend(content)
            batch_size += len(content)
            if len(batch) >= max(1, batch_graphs) or batch_size >= batch_triples:
                flush()

    with tempfile.TemporaryFile() as dump:
        source_store.export(dump, "nquads")
        dump.seek(0)
        current: URIRef | None = None
        content: _Triples = []
        for quad in ox.parse(dump, ox.RdfFormat.N_QUADS):
            name = quad.graph_name
            if not isinstance(name, ox.NamedNode):
                continue  # kg keeps everything in named graphs; the default graph stays home
            graph = URIRef(name.value)
            if graph != current:
                if current is not None:
                    take(current, content)
                current, content = graph, []
            content.append((quad.subject, quad.predicate, quad.object))  # type: ignore[arg-type]
            triples += 1
        if current is not None:
            take(current, content)
    flush()
    if entities:
        batch[ENTITIES_GRAPH] = entities
        flush()

    deleted = 0
    if mirror:
        keep = set(graphs)
        for graph in endpoint_store.graphs():
            if str(graph).startswith(KG_GRAPHS) and graph not in keep:
                endpoint_store.remove_document(graph)
                requests += 1
                deleted += 1
    return PushReport(
        graphs=total,
        triples=triples,
        requests=requests,
        deleted=deleted,
        seconds=time.monotonic() - started,
    )
