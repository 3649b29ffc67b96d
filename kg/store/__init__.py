"""Stores: where graphs live. The embedded on-disk Oxigraph store, or a remote SPARQL endpoint.

Every store speaks rdflib terms at its boundary: bindings go in as rdflib nodes,
rows come out as rdflib nodes (or None when unbound). pyoxigraph and
SPARQLWrapper exceptions are translated into kg errors here and nowhere else.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol

from kg.errors import KgError

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node, URIRef

Triple = "tuple[Node, Node, Node]"


@dataclass(frozen=True)
class QueryResult:
    """The answer to a query: SELECT rows, an ASK boolean, or a CONSTRUCT graph."""

    vars: tuple[str, ...] = ()
    rows: tuple[tuple[Node | None, ...], ...] = ()
    boolean: bool | None = None
    graph: Graph | None = None


@dataclass(frozen=True)
class StoreStats:
    """What a store holds: documents, facts per kind, entities with a canonical label, triples."""

    location: str
    documents: int = 0
    facts: Mapping[str, int] = field(default_factory=dict)
    entities: int = 0
    triples: int = 0


class Store(Protocol):
    """What kg needs of a store; the embedded store and an endpoint both provide it."""

    location: str

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        timeout: float | None = None,
    ) -> QueryResult: ...

    def update(self, sparql: str) -> None: ...

    def replace_document(self, graph: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        """Replace the named graph ``graph`` with ``triples`` in one transaction."""
        ...

    def remove_document(self, graph: URIRef) -> None: ...

    def refresh_entities(self, entities: Iterable[URIRef] | None = None) -> None:
        """Recompute canonical labels and types in the entities graph (all when None)."""
        ...

    def export(self, out: IO[bytes], fmt: str) -> None: ...

    def import_file(self, path: Path, fmt: str | None = None) -> int: ...

    def count_triples(self) -> int: ...

    def stats(self) -> StoreStats: ...

    def close(self) -> None: ...


DEFAULT_LOCATION = "kg-store"
MEMORY = ":memory:"


def default_location() -> str:
    """Return the store path used when none is given: ``KG_STORE`` or ``./kg-store``."""
    return os.environ.get("KG_STORE") or DEFAULT_LOCATION


def open_store(
    location: str | os.PathLike[str] | None = None,
    *,
    read_only: bool = False,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
    wait: bool = False,
) -> Store:
    """Open the store kg reads and writes.

    Args:
        location: directory of the embedded Oxigraph store (default ``KG_STORE`` or
            ``./kg-store``); ``":memory:"`` for a throw-away in-memory store; or the
            ``http(s)://`` URL of a SPARQL query endpoint (same as ``endpoint``).
        read_only: open for queries only; works while a build writes the store and
            sees the data as it was when opened.
        endpoint: URL of a remote SPARQL 1.1 query endpoint (:class:`kg.store.endpoint.EndpointStore`).
        update_endpoint: URL of its SPARQL Update endpoint, when it differs.
        wait: when another kg process writes the store, wait for it instead of
            raising :class:`kg.errors.StoreLocked`.

    Raises:
        StoreLocked: another process is writing the store and ``wait`` is False.
        StoreError: ``read_only`` and there is no store at ``location``, or it cannot be opened.
        KgError: only an update endpoint was given.
    """
    if location is not None and str(location).startswith(("http://", "https://")) and endpoint is None:
        endpoint, location = str(location), None
    if endpoint is not None:
        from kg.store.endpoint import EndpointStore

        return EndpointStore(endpoint, update_endpoint)
    if update_endpoint is not None:
        raise KgError(
            f"an update endpoint ({update_endpoint}) needs its query endpoint too; pass --endpoint",
            endpoint=update_endpoint,
        )
    from kg.store.oxigraph import OxigraphStore

    return OxigraphStore(str(location) if location is not None else default_location(), read_only=read_only, wait=wait)
