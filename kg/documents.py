"""Find a document in the store by what a user knows of it, and remove it.

A user names a document by its file name (the ``doc`` column of every question,
``feed.jsonl:3`` for a line of a .jsonl), its path, its URL, or its document or
graph IRI. Removing it drops its named graph whole (one transaction) and then
recomputes the entities it mentioned, so an entity stays in the entities graph
only while some other document still mentions it (docs/graph-model.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef

from kg.errors import InputError
from kg.vocab import KGID_NS, doc_iri

if TYPE_CHECKING:
    from kg.store import Store

__all__ = ["StoredDocument", "RemoveReport", "find_document", "remove"]

_ENTITY_PREFIX = KGID_NS + "entity/"

# Documents whose file name, path, URL, document IRI or graph IRI is what the user gave.
# Every value is bound as a literal (STYLE.md §3).
FIND = """\
PREFIX kg: <https://w3id.org/kg-news/ontology#>
PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?g ?d ?file ?path
WHERE {
  GRAPH ?g {
    ?d a schema:NewsArticle ; kg:fileName ?file .
    OPTIONAL { ?d kg:sourcePath ?path }
    OPTIONAL { ?d schema:url ?url }
  }
  FILTER(STR(?file) = STR(?name) || STR(?d) = STR(?name) || STR(?g) = STR(?name)
         || STR(?d) = STR(?minted) || COALESCE(STR(?url) = STR(?name), false)
         || COALESCE(STR(?path) = STR(?resolved), false))
}
ORDER BY ?g
"""

# Entities the document names (their rdfs:label in its graph). ?g is bound.
MENTIONED = """\
SELECT DISTINCT ?g ?e WHERE { GRAPH ?g { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } }
"""


@dataclass(frozen=True)
class StoredDocument:
    """A document in the store: its named graph, its node and its file name."""

    graph: str
    iri: str
    doc: str
    path: str | None = None


@dataclass(frozen=True)
class RemoveReport:
    """What :func:`remove` did: the document dropped, and the entities no document mentions any more."""

    document: StoredDocument
    entities_checked: int
    entities_gone: tuple[str, ...]


def find_document(doc: str, *, store: Store) -> StoredDocument:
    """Return the one document ``doc`` names: a file name, path, URL, or document or graph IRI.

    Raises:
        InputError: no document, or more than one, matches ``doc``.
    """
    wanted = doc.strip()
    resolved = str(Path(wanted).expanduser().resolve()) if wanted else ""
    rows = store.query(
        FIND,
        bindings={"name": Literal(wanted), "minted": Literal(str(doc_iri(wanted))), "resolved": Literal(resolved)},
    ).rows
    found = [StoredDocument(str(g), str(d), str(f), None if p is None else str(p)) for g, d, f, p in rows]
    if not found:
        raise InputError(f"no document {doc!r} in the store; the 'doc' column of 'kg ask deployments' lists them", doc=doc)
    if len({f.graph for f in found}) > 1:
        found.sort(key=lambda f: (f.doc, f.graph))
        names = [f.doc for f in found]
        if len(set(names)) == len(names):
            where, step = ", ".join(names[:3]), "pass one of those file names"
        else:
            where, step = ", ".join(f.path or f.iri for f in found[:3]), "pass its path or IRI"
        more = ", …" if len(found) > 3 else ""
        raise InputError(f"{len(found)} documents match {doc!r} ({where}{more}); {step}", doc=doc)
    return found[0]


def remove(doc: str, *, store: Store) -> RemoveReport:
    """Remove one document's graph and recompute the entities it mentioned.

    Entities that only this document mentioned leave the entities graph; shared
    ones stay, their canonical label recomputed from the documents left.

    Args:
        doc: the document's file name (``doc`` column), path, URL, or document or graph IRI.
        store: an open, writable store.

    Returns:
        A :class:`RemoveReport`.

    Raises:
        InputError: no document, or more than one, matches ``doc``.

    Example:
        >>> remove("01_kaliningrad_s400_wire.txt", store=kg.open_store("kg-store"))  # doctest: +SKIP
    """
    found = find_document(doc, store=store)
    graph = URIRef(found.graph)
    mentioned = sorted(
        {URIRef(str(r[1])) for r in store.query(MENTIONED, bindings={"g": graph}).rows if str(r[1]).startswith(_ENTITY_PREFIX)}
    )
    before = _labelled(store, mentioned)
    store.remove_document(graph)
    store.refresh_entities(mentioned)
    after = _labelled(store, mentioned)
    return RemoveReport(found, len(mentioned), tuple(sorted(before - after)))


_LABELLED = """\
SELECT ?e WHERE { GRAPH <https://w3id.org/kg-news/id/graph/entities> { ?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } }
"""


def _labelled(store: Store, entities: list[URIRef]) -> set[str]:
    wanted = {str(e) for e in entities}
    return {str(r[0]) for r in store.query(_LABELLED).rows if str(r[0]) in wanted}
