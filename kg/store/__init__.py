"""Stores: where graphs live. The embedded on-disk Oxigraph store, or a remote SPARQL endpoint.

Every store speaks rdflib terms at its boundary: bindings go in as rdflib nodes,
rows come out as rdflib nodes (or None when unbound). pyoxigraph and
SPARQLWrapper exceptions are translated into kg errors here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol

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

    def close(self) -> None: ...
