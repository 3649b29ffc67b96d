"""The embedded store: an on-disk Oxigraph database (pyoxigraph), spoken to in rdflib terms.

Writes are transactions: a new document graph is added by one ``Store.extend``; an
existing one is replaced by ONE SPARQL Update (``DROP SILENT GRAPH g ; INSERT DATA {
GRAPH g { ... } }``). Oxigraph runs each in one RocksDB transaction, so a crash leaves
the old or the new graph, never half of either. Update text is built from terms
serialized by pyoxigraph in N-Triples syntax (a subset of SPARQL's), never from
user-written query text.

One writer at a time: a writer holds an exclusive ``flock`` on ``kg-writer.lock`` in
the store directory. Readers (``read_only=True``) take no lock; they open a RocksDB
read-only view, which sees the store as it was when opened. pyoxigraph calls that
"undefined" while another process writes; in practice RocksDB serves the snapshot,
and a failure is reported as a StoreError telling the user to retry.

Query timeouts: pyoxigraph has none. With ``timeout``, the query runs in a worker
thread (pyoxigraph releases the GIL) and the caller gets a QueryError when the time
is up; the worker cannot be stopped and finishes in the background.
"""

from __future__ import annotations

import fcntl
import functools
import os
import threading
import traceback
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Callable, TypeVar

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from kg.errors import InputError, KgError, NoStore, QueryError, StoreError, StoreLocked
from kg.resolve import fullest
from kg.store import MEMORY, QueryResult, StoreStats
from kg.vocab import ENTITIES_GRAPH, KG, KGID_NS, OWL, PREFIXES, RDF, RDFS, SCHEMA, SKOS, docid

_F = TypeVar("_F", bound=Callable[..., object])


RDF_TYPE = ox.NamedNode(str(RDF.type))


def _releasing(method: _F) -> _F:
    """Drop the locals of a failed call's frames before the error travels on.

    A traceback keeps its frames, and their locals keep the pyoxigraph ``Store``
    (RocksDB) open after :meth:`OxigraphStore.close` has released the writer lock;
    the next open of the same folder in this process then reads a half-closed
    database. Clearing the frames lets RocksDB close when the store is closed.
    """

    @functools.wraps(method)
    def wrapper(*args: object, **kwargs: object) -> object:
        try:
            return method(*args, **kwargs)
        except BaseException as exc:
            err: BaseException | None = exc
            while err is not None:
                traceback.clear_frames(err.__traceback__)
                err = err.__cause__ or err.__context__
            raise

    return wrapper  # type: ignore[return-value]

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

__all__ = ["OxigraphStore", "to_oxigraph", "from_oxigraph", "encode_triples", "EXPORT_FORMATS", "LOCK_FILE"]

LOCK_FILE = "kg-writer.lock"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
Substitutions = dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]
_ENTITY_PREFIX = KGID_NS + "entity/"
# Data IRIs hold "/", which Turtle prefixed names must escape ("kgid:doc\\/x"): write them in full.
_EXPORT_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "kgid"}

# kg format name -> (pyoxigraph format, keeps named graphs)
EXPORT_FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "turtle": (ox.RdfFormat.TURTLE, False),
    "ttl": (ox.RdfFormat.TURTLE, False),
    "ntriples": (ox.RdfFormat.N_TRIPLES, False),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "xml": (ox.RdfFormat.RDF_XML, False),
    "rdfxml": (ox.RdfFormat.RDF_XML, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nquads": (ox.RdfFormat.N_QUADS, True),
    "nq": (ox.RdfFormat.N_QUADS, True),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
    "json-ld": (ox.RdfFormat.JSON_LD, True),
}
_EXTENSIONS = {
    ".ttl": "turtle",
    ".nt": "ntriples",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".trig": "trig",
    ".nq": "nquads",
    ".jsonld": "jsonld",
    ".json": "jsonld",
}

FACT_CLASSES = {
    "deployment": KG.Deployment,
    "claim": KG.Claim,
    "denial": KG.Denial,
    "acknowledgement": KG.Acknowledgement,
    "declined": KG.DeclinedComment,
    "blame": KG.Blame,
}


# --- terms ---------------------------------------------------------------------------


def to_oxigraph(node: Node) -> OxTerm:
    """Convert an rdflib term to a pyoxigraph term.

    Raises:
        ValueError: the term is not valid RDF (e.g. an IRI with a space).
    """
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    raise ValueError(f"cannot store {node!r}: not an IRI, blank node or literal")


def encode_triples(triples: Iterable[tuple[Node, Node, Node]]) -> bytes:
    """Serialise ``triples`` as N-Triples, the form :meth:`OxigraphStore.replace_document` also takes.

    Made where the graph is built (a helper process of the build), so that the
    process writing the store only hands bytes to Oxigraph, which parses them without
    holding Python's GIL.

    Raises:
        ValueError: a term is not valid RDF (e.g. an IRI with a space).
    """
    return "".join(f"{ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))} .\n" for s, p, o in triples).encode()


def from_oxigraph(term: object) -> Node | None:
    """Convert a pyoxigraph term (or None for an unbound variable) to an rdflib term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise QueryError("query", f"result term {term!r} is not an IRI, blank node or literal (RDF-star is not supported)")


# --- the store -----------------------------------------------------------------------


class OxigraphStore:
    """An Oxigraph store on disk (or in memory), implementing :class:`kg.store.Store`.

    Use :func:`kg.store.open_store` rather than this class directly.
    """

    def __init__(self, location: str, *, read_only: bool = False, wait: bool = False) -> None:
        self.location = location
        self.read_only = read_only
        self._lock_fd: int | None = None
        self._store: ox.Store | None = None
        if location == MEMORY:
            self._store = ox.Store()
            return
        path = Path(location)
        if read_only:
            if not (path / "CURRENT").is_file():
                raise NoStore(str(location))
            try:
                self._store = ox.Store.read_only(str(path))
            except OSError as exc:
                raise StoreError(f"store {location} cannot be opened for reading: {exc}; retry", path=location) from exc
            return
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create store directory {location}: {exc.strerror}", path=location) from exc
        self._lock(path, wait)
        try:
            self._store = ox.Store(str(path))
        except OSError as exc:
            self._unlock()
            raise StoreError(
                f"store {location} cannot be opened: {exc}; is another program (an oxigraph server?) using it",
                path=location,
            ) from exc

    # locking -----------------------------------------------------------------------

    def _lock(self, path: Path, wait: bool) -> None:
        fd = os.open(path / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            os.close(fd)
            raise StoreLocked(self.location) from exc
        self._lock_fd = fd

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    @property
    def _db(self) -> ox.Store:
        if self._store is None:
            raise StoreError(f"store {self.location} is closed", path=self.location)
        return self._store

    def _writable(self) -> ox.Store:
        if self.read_only:
            raise StoreError(f"store {self.location} is open read-only", path=self.location)
        return self._db

    def close(self) -> None:
        """Flush and release the store and its writer lock. Closing twice is harmless."""
        store, self._store = self._store, None
        try:
            if store is not None and not self.read_only and self.location != MEMORY:
                store.flush()
        except OSError as exc:
            raise StoreError(f"store {self.location}: flush failed: {exc}", path=self.location) from exc
        finally:
            # Drop the last reference first, so RocksDB closes before the next writer may enter.
            del store
            self._unlock()

    def __enter__(self) -> OxigraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        return f"OxigraphStore({self.location!r}, {mode})"

    # queries ------------------------------------------------------------------------

    @_releasing
    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        timeout: float | None = None,
    ) -> QueryResult:
        """Run a SPARQL query with variables pre-bound to RDF terms.

        Args:
            sparql: the query text (never with values pasted in).
            bindings: variable name (without ``?``) -> rdflib term, substituted as
                in SEP-0007 (pyoxigraph ``substitutions``).
            timeout: seconds before giving up with a QueryError (see module notes).

        Returns:
            SELECT: ``vars`` and ``rows`` of rdflib terms (None when unbound);
            ASK: ``boolean``; CONSTRUCT/DESCRIBE: ``graph``.

        Raises:
            QueryError: the query does not parse (with the parser's message), a
                binding is not a valid term, or the timeout passed.
            StoreError: the database failed while reading.
        """
        try:
            substitutions: Substitutions = {
                ox.Variable(name): to_oxigraph(value) for name, value in (bindings or {}).items()
            }
        except ValueError as exc:
            raise QueryError("query", f"bad binding: {exc}") from exc
        if timeout is None:
            return self._run_query(sparql, substitutions)
        # A daemon thread, not an executor: an abandoned query must not hold up interpreter exit.
        outcome: list[QueryResult | BaseException] = []
        finished = threading.Event()

        def work() -> None:
            try:
                outcome.append(self._run_query(sparql, substitutions))
            except BaseException as exc:  # handed to the caller's thread below, never swallowed
                outcome.append(exc)
            finally:
                finished.set()

        threading.Thread(target=work, name="kg-query", daemon=True).start()
        if not finished.wait(timeout):
            raise QueryError("query", f"no answer within {timeout:g} s; simplify the query or raise the timeout")
        result = outcome[0]
        if isinstance(result, BaseException):
            raise result
        return result

    def _run_query(self, sparql: str, substitutions: Substitutions) -> QueryResult:
        try:
            try:
                result = self._db.query(sparql, substitutions=substitutions or None)
            except RuntimeError as exc:
                # pyoxigraph substitutes only projected variables (SEP-0007); a parameter used
                # only in a FILTER is bound by a VALUES block of serialized terms instead, as
                # the endpoint store does (STYLE.md §3).
                if "projection" not in str(exc):
                    raise QueryError("query", str(exc)) from exc
                result = self._db.query(self._with_values(sparql, substitutions))
            if isinstance(result, ox.QueryBoolean):
                return QueryResult(boolean=bool(result))
            if isinstance(result, ox.QuerySolutions):
                names = tuple(v.value for v in result.variables)
                rows = tuple(tuple(from_oxigraph(term) for term in solution) for solution in result)
                return QueryResult(vars=names, rows=rows)
            return QueryResult(graph=self._to_graph(result))
        except SyntaxError as exc:
            raise QueryError("query", str(exc)) from exc
        except OSError as exc:
            hint = "; if a build was writing the store, retry when it is done" if self.read_only else ""
            raise StoreError(f"store {self.location}: query failed: {exc}{hint}", path=self.location) from exc

    @staticmethod
    def _with_values(sparql: str, substitutions: Substitutions) -> str:
        from kg.store.endpoint import bind_values

        names = [v.value for v in substitutions]
        terms = [from_oxigraph(t) for t in substitutions.values()]
        try:
            return bind_values(sparql, names, [terms])  # type: ignore[list-item]
        except ValueError as exc:
            raise QueryError("query", f"cannot bind {', '.join(names)}: {exc}") from exc

    @staticmethod
    def _to_graph(triples: Iterable[ox.Triple]) -> Graph:
        from rdflib import Graph

        graph = Graph()
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns)
        for t in triples:
            graph.add((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)))  # type: ignore[arg-type]
        return graph

    @_releasing
    def update(self, sparql: str) -> None:
        """Run a SPARQL Update in one transaction.

        Raises:
            QueryError: the update does not parse.
            StoreError: read-only store, or the database failed (nothing was written).
        """
        db = self._writable()
        try:
            db.update(sparql)
        except SyntaxError as exc:
            raise QueryError("update", str(exc)) from exc
        except OSError as exc:
            raise StoreError(f"store {self.location}: update failed: {exc}", path=self.location) from exc

    # documents ------------------------------------------------------------------------

    @_releasing
    def replace_document(self, graph: URIRef, triples: Iterable[tuple[Node, Node, Node]] | bytes) -> None:
        """Replace the named graph ``graph`` with ``triples`` in one transaction.

        ``triples`` are rdflib triples, or N-Triples bytes (:func:`encode_triples`),
        which Oxigraph parses and writes without holding Python's GIL: the build's
        writer thread then takes no time from the parsing thread.

        A new graph is added with ``Store.extend`` or ``Store.load`` (one transaction,
        the fast path of a first build); an existing one is dropped and re-inserted by
        one SPARQL Update, which Oxigraph also runs as one transaction. Either way
        readers and crashes see the old graph or the new one, never a mix.

        Raises:
            StoreError: the write failed; the old graph is still whole.
            KgError: a triple holds a term that is not valid RDF (nothing was written).
        """
        db = self._writable()
        g = self._graph_term(graph)
        try:
            if isinstance(triples, bytes):
                data, quads = triples, None
            else:
                quads = [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), g) for s, p, o in triples]
        except ValueError as exc:
            raise KgError(f"graph {graph}: {exc}", graph=str(graph)) from exc
        try:
            if not db.contains_named_graph(g):
                if quads is None:
                    db.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=g)
                else:
                    db.extend(quads)
                return
        except SyntaxError as exc:
            raise KgError(f"graph {graph}: not valid N-Triples, nothing written: {exc}", graph=str(graph)) from exc
        except OSError as exc:
            raise StoreError(f"store {self.location}: write failed, nothing written: {exc}", path=self.location) from exc
        if quads is None:
            body = data.decode()
        else:
            body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        self._update_data(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}")

    @_releasing
    def flush(self) -> None:
        """Write RocksDB's in-memory tables to disk (what is written is already durable).

        A long build calls this every few tens of thousands of triples: without it the
        tables grow with the build (about 300 MiB over 400k triples), with it a build's
        memory stays flat.
        """
        try:
            self._writable().flush()
        except OSError as exc:
            raise StoreError(f"store {self.location}: flush failed: {exc}", path=self.location) from exc

    @_releasing
    def remove_document(self, graph: URIRef) -> None:
        """Drop the named graph ``graph`` (nothing happens when it is absent)."""
        self._update_data(f"DROP SILENT GRAPH {self._graph_term(graph)}")

    @_releasing
    def document_graphs(self) -> list[URIRef]:
        """Return the IRIs of the document graphs in the store, sorted."""
        prefix = KGID_NS + "graph/doc/"
        return sorted(URIRef(g.value) for g in self._db.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(prefix))

    @staticmethod
    def _graph_term(graph: URIRef) -> ox.NamedNode:
        try:
            return ox.NamedNode(str(graph))
        except ValueError as exc:
            raise KgError(f"{graph!r} is not a valid graph IRI: {exc}", graph=str(graph)) from exc

    def _update_data(self, update: str) -> None:
        db = self._writable()
        try:
            db.update(update)
        except SyntaxError as exc:  # serialized terms always parse; this is a kg bug
            raise KgError(f"store {self.location}: generated update does not parse: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"store {self.location}: write failed, nothing written: {exc}", path=self.location) from exc

    # entities -------------------------------------------------------------------------

    @_releasing
    def refresh_entities(self, entities: Iterable[URIRef] | None = None) -> None:
        """Recompute the entities graph for ``entities`` (all when None), in one transaction.

        For each entity still mentioned by some document graph: ``skos:prefLabel`` = the
        fullest ``rdfs:label`` (longest; ties: in most graphs, then alphabetical), its
        ``rdf:type``s and ``owl:sameAs`` links, from all graphs. Entities no document
        mentions any more leave the entities graph.
        """
        db = self._writable()
        eg = ox.NamedNode(str(ENTITIES_GRAPH))
        label, rdf_type, same_as = (ox.NamedNode(str(t)) for t in (RDFS.label, RDF.type, OWL.sameAs))
        labels: dict[str, Counter[str]] = defaultdict(Counter)
        types: dict[str, set[ox.NamedNode]] = defaultdict(set)
        links: dict[str, set[ox.NamedNode]] = defaultdict(set)
        current: dict[str, set[tuple[ox.NamedNode, object]]] = defaultdict(set)

        def collect(quad: ox.Quad) -> None:
            subject = quad.subject
            if not isinstance(subject, ox.NamedNode) or not subject.value.startswith(_ENTITY_PREFIX):
                return
            if quad.graph_name == eg:
                current[subject.value].add((quad.predicate, quad.object))
            elif quad.predicate == label and isinstance(quad.object, ox.Literal):
                labels[subject.value][quad.object.value] += 1
            elif quad.predicate == rdf_type and isinstance(quad.object, ox.NamedNode):
                types[subject.value].add(quad.object)
            elif quad.predicate == same_as and isinstance(quad.object, ox.NamedNode):
                links[subject.value].add(quad.object)

        try:
            if entities is None:
                for predicate in (label, rdf_type, same_as):
                    for quad in db.quads_for_pattern(None, predicate, None, None):
                        collect(quad)
                for quad in db.quads_for_pattern(None, None, None, eg):
                    collect(quad)
                targets = set(labels) | set(types) | set(current)
            else:
                targets = {str(e) for e in entities}
                for iri in targets:
                    for quad in db.quads_for_pattern(ox.NamedNode(iri), None, None, None):
                        collect(quad)
        except OSError as exc:
            raise StoreError(f"store {self.location}: read failed: {exc}", path=self.location) from exc

        pref = ox.NamedNode(str(SKOS.prefLabel))
        best = {
            iri: fullest(c)
            for iri, c in labels.items()
            if c
        }
        before = set(targets)
        for iri in before:  # persons named after one of the targets may need their own name back
            for quad in db.quads_for_pattern(None, same_as, ox.NamedNode(iri), eg):
                targets.add(quad.subject.value)  # type: ignore[union-attr]
        fuller = self._surname_links(db, eg, pref, best, types, targets)
        for iri in targets - before:  # surname-only persons a new full name explains
            for quad in db.quads_for_pattern(ox.NamedNode(iri), None, None, None):
                collect(quad)
            if iri not in best and labels[iri]:
                best[iri] = fullest(labels[iri])
        delete: list[str] = []
        insert: list[str] = []
        for iri in sorted(targets):
            wanted: set[tuple[ox.NamedNode, object]] = set()
            if labels[iri] or types[iri]:
                if iri in fuller:
                    # A person named by surname alone in every article that mentions
                    # them takes the full name of the one person with that surname.
                    full_iri, full_label = fuller[iri]
                    wanted.add((pref, ox.Literal(full_label)))
                    wanted.add((same_as, ox.NamedNode(full_iri)))
                elif iri in best:
                    wanted.add((pref, ox.Literal(best[iri])))
                wanted.update((rdf_type, t) for t in types[iri])
                wanted.update((same_as, t) for t in links[iri])
            subject = ox.NamedNode(iri)
            have = current[iri]
            delete.extend(f"{subject} {p} {o} ." for p, o in sorted(have - wanted, key=str))
            insert.extend(f"{subject} {p} {o} ." for p, o in sorted(wanted - have, key=str))
        parts = []
        if delete:
            parts.append(f"DELETE DATA {{ GRAPH {eg} {{\n" + "\n".join(delete) + "\n} }")
        if insert:
            parts.append(f"INSERT DATA {{ GRAPH {eg} {{\n" + "\n".join(insert) + "\n} }")
        if parts:
            self._update_data(" ;\n".join(parts))

    def _surname_links(
        self,
        db: ox.Store,
        eg: ox.NamedNode,
        pref: ox.NamedNode,
        best: dict[str, str],
        types: dict[str, set[ox.NamedNode]],
        targets: set[str],
    ) -> dict[str, tuple[str, str]]:
        """Pair surname-only persons with the one fully named person of that surname.

        Looks at the persons being refreshed and at every person already in the
        entities graph. A surname shared by two full names ("Lee") links nothing.
        Targets gain the surname-only entities a new full name now explains.
        """
        person = ox.NamedNode(str(KG.Person))
        known = {q.subject.value for q in db.quads_for_pattern(None, RDF_TYPE, person, eg)}  # type: ignore[union-attr]
        persons: dict[str, str] = {}
        for quad in db.quads_for_pattern(None, pref, None, eg):
            if isinstance(quad.object, ox.Literal) and quad.subject.value in known:  # type: ignore[union-attr]
                persons[quad.subject.value] = quad.object.value  # type: ignore[union-attr]
        for iri in targets:
            if person in types.get(iri, ()) and iri in best:
                persons[iri] = best[iri]
        by_surname: dict[str, set[tuple[str, str]]] = defaultdict(set)
        single: dict[str, str] = {}
        for iri, name in persons.items():
            words = name.split()
            if len(words) == 1:
                single[iri] = name.casefold()
            elif len(words) > 1:
                by_surname[words[-1].casefold()].add((iri, name))
        found: dict[str, tuple[str, str]] = {}
        for iri, surname in single.items():
            full = by_surname.get(surname, set())
            if len(full) == 1:
                found[iri] = next(iter(full))
                targets.add(iri)
        return found

    # bulk I/O -------------------------------------------------------------------------

    @_releasing
    def export(self, out: IO[bytes], fmt: str) -> None:
        """Write the store to ``out``.

        ``trig``, ``nquads`` and ``jsonld`` keep the named graphs; ``turtle``,
        ``ntriples`` and ``xml`` write the union of all graphs (each triple once).

        Raises:
            InputError: unknown format.
        """
        rdf_format, keeps_graphs = self._format(fmt)
        db = self._db
        try:
            if keeps_graphs:
                prefixes = _EXPORT_PREFIXES if rdf_format in (ox.RdfFormat.TRIG, ox.RdfFormat.JSON_LD) else None
                db.dump(out, rdf_format, prefixes=prefixes)
                return
            solutions = db.query(
                "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }", use_default_graph_as_union=True
            )
            assert isinstance(solutions, ox.QuerySolutions)
            triples = (ox.Triple(row[0], row[1], row[2]) for row in solutions)
            prefixes = _EXPORT_PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
            ox.serialize(triples, out, rdf_format, prefixes=prefixes)
        except OSError as exc:
            raise StoreError(f"store {self.location}: export failed: {exc}", path=self.location) from exc

    @_releasing
    def import_file(self, path: Path, fmt: str | None = None, *, graph: URIRef | None = None) -> int:
        """Bulk-load an RDF file and refresh the entities graph; return the number of quads added.

        Quad formats (TriG, N-Quads, JSON-LD) keep their graphs. Triple formats go into
        ``graph``, by default ``kgid:graph/import/{file name}``, so the questions (which
        read named graphs) see them.

        Raises:
            InputError: unknown format, unreadable or invalid file.
        """
        path = Path(path)
        if fmt is None:
            fmt = _EXTENSIONS.get(path.suffix.lower())
            if fmt is None:
                raise InputError(f"{path}: cannot tell the RDF format from the extension; pass a format", path=str(path))
        rdf_format, keeps_graphs = self._format(fmt)
        db = self._writable()
        target = None
        if not keeps_graphs:
            target = ox.NamedNode(str(graph) if graph is not None else f"{KGID_NS}graph/import/{docid(path.name)}")
        before = len(db)
        try:
            db.bulk_load(path=str(path), format=rdf_format, to_graph=target)
        except SyntaxError as exc:
            raise InputError(f"{path}: not valid {fmt}: {exc}", path=str(path)) from exc
        except FileNotFoundError as exc:
            raise InputError(f"{path}: no such file", path=str(path)) from exc
        except OSError as exc:
            raise StoreError(f"store {self.location}: import of {path} failed: {exc}", path=self.location) from exc
        self.refresh_entities()
        return len(db) - before

    @staticmethod
    def _format(fmt: str) -> tuple[ox.RdfFormat, bool]:
        try:
            return EXPORT_FORMATS[fmt.lower()]
        except KeyError:
            known = ", ".join(sorted({"turtle", "ntriples", "xml", "trig", "nquads", "jsonld"}))
            raise InputError(f"unknown RDF format {fmt!r}; use one of {known}", format=fmt) from None

    # counts ------------------------------------------------------------------------------

    @_releasing
    def count_triples(self) -> int:
        """Return the number of quads in the store (all graphs)."""
        return len(self._db)

    @_releasing
    def stats(self) -> StoreStats:
        """Count documents, facts per kind, entities and triples."""
        db = self._db
        rdf_type = ox.NamedNode(str(RDF.type))

        def count(cls: URIRef) -> int:
            return len({q.subject for q in db.quads_for_pattern(None, rdf_type, ox.NamedNode(str(cls)), None)})

        eg = ox.NamedNode(str(ENTITIES_GRAPH))
        pref = ox.NamedNode(str(SKOS.prefLabel))
        entities = len({q.subject for q in db.quads_for_pattern(None, pref, None, eg)})
        return StoreStats(
            location=self.location,
            documents=count(SCHEMA.NewsArticle),
            facts={kind: count(cls) for kind, cls in FACT_CLASSES.items()},
            entities=entities,
            triples=len(db),
        )
