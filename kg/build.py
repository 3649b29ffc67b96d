"""Build the knowledge graph: read articles, parse, extract, resolve, write one graph per document.

The cost is spaCy's: with one worker this process parses, and a forked helper
process (:class:`kg.parallel.OverlappedExtraction`) extracts, resolves and builds
each document's graph beside it, on the second core. The store is written on a
writer thread, one transaction per document (no round trip per triple), from
N-Triples bytes that Oxigraph loads without holding the GIL. Each document graph is
replaced whole, so an interrupted build leaves every document either as before or
fully rebuilt; the entities graph is refreshed once at the end for the entities the
build touched.

With ``dask=`` the parsing and extracting run on Dask workers instead
(:mod:`kg.distributed`); each document comes back as a :class:`DocumentResult` and
is written here exactly as a local one is, so both paths give the same store and
the same :class:`BuildReport`.

spaCy is imported only here (through :mod:`kg.nlp`), so commands that only query
never load it.
"""

from __future__ import annotations

import inspect
import os
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Union

from rdflib import URIRef

from kg.corpus import Document, iter_corpus
from kg.errors import BadDocument, KgError
from kg.extract.run import extract_parsed
from kg.graph import Triple, build_graph, span_problems
from kg.resolve import resolve
from kg.vocab import KGID_NS, RDFS, graph_iri

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from kg.extract import RegisteredExtractor, Relation
    from kg.store import Store

__all__ = ["BuildReport", "DocumentResult", "build", "process_parsed", "FACT_KINDS"]

PathArg = Union[str, "os.PathLike[str]"]
Progress = Callable[..., None]

#: Keys of ``BuildReport.facts``: the relation kind, statements by their kind.
FACT_KINDS = ("deployment", "claim", "denial", "acknowledgement", "declined", "blame")
_ENTITY_PREFIX = KGID_NS + "entity/"
# Triples the writer writes between two flushes of the embedded store's write buffers.
_FLUSH_TRIPLES = 10_000
# ?g is projected so that pyoxigraph can substitute it (it only substitutes projected variables).
_OLD_ENTITIES = "SELECT DISTINCT ?e ?g WHERE { GRAPH ?g { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } }"
_DOC_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?d a <https://schema.org/NewsArticle> } }"


@dataclass(frozen=True)
class BuildReport:
    """What a build did.

    ``documents``: documents written. ``failed``: (file, problem) for every input
    that could not be read or built. ``warnings``: one-line notes that did not stop
    the build (reader notes, extractor spans that do not match the text). ``facts``:
    facts written per kind (:data:`FACT_KINDS`). ``words``: spaCy tokens parsed.
    """

    documents: int = 0
    failed: tuple[tuple[str, str], ...] = ()
    warnings: tuple[str, ...] = ()
    facts: Mapping[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    words: int = 0
    store: str = ""

    @property
    def failures(self) -> tuple[str, ...]:
        """Each failure as one line, ``FILE: problem``."""
        return tuple(f"{name}: {problem}" for name, problem in self.failed)

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class DocumentResult:
    """What one parsed document gives: its graph and what the report counts of it.

    Small and picklable (rdflib terms and plain values, no spaCy objects), so a Dask
    worker sends it back to the process that writes the store. ``index`` is the
    document's place in the corpus; ``problem`` is set, and ``triples`` empty, when
    the document could not be built. ``triples`` are N-Triples bytes
    (:func:`kg.store.oxigraph.encode_triples`) when made for the embedded store by
    the one-worker build's helper process. ``labelled``: the entities the graph gives
    a label, whose canonical labels the build refreshes.
    """

    index: int
    name: str
    source: str
    graph: URIRef
    triples: list[Triple] | bytes
    words: int = 0
    facts: Mapping[str, int] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    problem: str | None = None
    labelled: tuple[URIRef, ...] = ()


def process_parsed(
    doc: Doc, document: Document, extractors: Sequence[RegisteredExtractor], *, index: int = 0, encode: bool = False
) -> DocumentResult:
    """Extract, resolve and build the graph of ``document`` from its parsed ``doc``.

    With ``encode``, the triples come as N-Triples bytes, for the embedded store.
    A :class:`kg.errors.KgError` is reported in ``problem``; anything else is a bug
    and propagates.
    """
    source = document.path or document.name
    graph = graph_iri(document.id)
    words = len(doc)
    try:
        relations = extract_parsed(doc, document, extractors)
        triples = build_graph(document, relations, resolve(relations))
    except KgError as exc:
        return DocumentResult(index, document.name, source, graph, [], words, problem=str(exc))
    facts: Counter[str] = Counter()
    _count(facts, relations)
    labelled = tuple(dict.fromkeys(
        s for s, p, _ in triples if p == RDFS.label and isinstance(s, URIRef) and s.startswith(_ENTITY_PREFIX)))
    content: list[Triple] | bytes = triples
    if encode:
        from kg.store.oxigraph import encode_triples

        try:
            content = encode_triples(triples)
        except ValueError as exc:
            return DocumentResult(index, document.name, source, graph, [], words, problem=f"graph {graph}: {exc}")
    return DocumentResult(
        index, document.name, source, graph, content, words, dict(facts), tuple(span_problems(document, relations)),
        labelled=labelled,
    )


def build(
    paths: PathArg | Iterable[PathArg],
    *,
    store: Store | PathArg | None = None,
    model: str | Language | None = None,
    workers: int | None = None,
    batch_size: int = 32,
    progress: Progress | None = None,
    extractors: Sequence[RegisteredExtractor] | None = None,
    dask: str | None = None,
) -> BuildReport:
    """Read the articles under ``paths`` and write their facts into ``store``.

    Args:
        paths: article files and folders (see :func:`kg.corpus.iter_corpus`).
        store: an open store, or the path of an embedded store (default: ``KG_STORE``
            or ``./kg-store``). A store passed in stays open; one opened here is closed.
        model: a spaCy pipeline, or the name of one (default :func:`kg.nlp.model_name`).
        workers: processes that parse and extract (default 1: this process). With a
            model name, each worker builds whole documents (:mod:`kg.parallel`); with a
            loaded pipeline, spaCy's ``nlp.pipe(n_process=...)`` parses and this process
            extracts. With ``dask="local"``, the Dask workers to start (default: one per CPU).
        batch_size: documents per spaCy batch; 32 keeps memory low (DESIGN.md).
        dask: parse and extract on Dask (:mod:`kg.distributed`): ``"local"`` starts a
            cluster on this machine for the build, an address (``tcp://host:8786``)
            uses a running scheduler. The store is still written from this process.
        progress: called after each document as ``progress(done, total, name)``
            (or ``progress(done, total)`` if it takes two arguments).
        extractors: extractors to run (default: every registered one).

    Returns:
        A :class:`BuildReport`. Files that could not be read are in ``failed``, not raised.

    Raises:
        StoreLocked: another process is writing the store.
        ModelMissing: the spaCy model is not installed (here, or on a Dask worker).
        ConfigError: ``dask`` is given and the ``distributed`` package is missing.
        StoreError: the Dask scheduler cannot be reached.

    Example:
        >>> report = build(["examples/corpus"], store="kg-store")  # doctest: +SKIP
    """
    started = time.perf_counter()
    target, owned = _open(store)
    try:
        return _build(paths, target, model, workers, batch_size, progress, extractors, dask, started)
    finally:
        if owned:
            target.close()


def _open(store: Store | PathArg | None) -> tuple[Store, bool]:
    if store is None or isinstance(store, (str, os.PathLike)):
        from kg.store import open_store

        return open_store(store), True
    return store, False


def _build(
    paths: PathArg | Iterable[PathArg],
    store: Store,
    model: str | Language | None,
    workers: int | None,
    batch_size: int,
    progress: Progress | None,
    extractors: Sequence[RegisteredExtractor] | None,
    dask: str | None,
    started: float,
) -> BuildReport:
    failed: list[tuple[str, str]] = []
    warnings: list[str] = []
    documents: list[Document] = []
    for item in iter_corpus(paths):
        if isinstance(item, BadDocument):
            failed.append((str(item.fields["path"]), str(item.fields["problem"])))
        else:
            documents.append(item)
            warnings.extend(item.warnings)
    total = len(documents)
    report = _progress_reporter(progress)
    if not documents:
        return BuildReport(failed=tuple(failed), warnings=tuple(warnings), facts=dict.fromkeys(FACT_KINDS, 0),
                           seconds=time.perf_counter() - started, store=store.location)

    if extractors is None:
        from kg.extract import registered

        extractors = list(registered().values())
    results: Iterable[DocumentResult]
    overlapped = False
    if dask is not None:
        from kg.distributed import extract_on_dask

        results = extract_on_dask(
            documents, address=dask, model=model, workers=workers, batch_size=batch_size, extractors=extractors
        )
    elif (workers or 1) > 1 and (model is None or isinstance(model, str)):
        from kg.nlp import model_name
        from kg.parallel import ProcessExtraction

        results = ProcessExtraction(documents, model or model_name(), workers or 1, batch_size, extractors)
    elif (workers or 1) == 1 and len(documents) > 1 and _overlap():
        from kg.parallel import OverlappedExtraction

        results = OverlappedExtraction(documents, _pipeline(model), batch_size, extractors, encode=_embedded(store))
        overlapped = True
    else:
        results = _extract_here(documents, _pipeline(model), workers or 1, batch_size, extractors)
    facts: Counter[str] = Counter(dict.fromkeys(FACT_KINDS, 0))
    words = 0
    written = 0
    latest: dict[URIRef, int] = {}
    # Beside one parser the writer has time to spare and yields the core; beside N
    # parsing workers it is the bottleneck and keeps its priority.
    writer = _Writer(store, background=overlapped)
    try:
        for done, result in enumerate(results, start=1):
            words += result.words
            if result.problem is not None:
                failed.append((result.source, result.problem))
                report(done, total, result.name)
                continue
            # Two files of one article (same id): the later one wins, as when built in order.
            if latest.get(result.graph, -1) < result.index:
                latest[result.graph] = result.index
                writer.put(result)
            written += 1
            warnings.extend(result.warnings)
            facts.update(result.facts)
            report(done, total, result.name)
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()  # stops a Dask cluster started for this build, even after an error
        writer.finish()
    store.refresh_entities(sorted(writer.touched))
    return BuildReport(
        documents=written,
        failed=tuple(failed),
        warnings=tuple(warnings),
        facts=dict(facts),
        seconds=time.perf_counter() - started,
        words=words,
        store=store.location,
    )


def _extract_here(
    documents: Sequence[Document],
    nlp: Language,
    workers: int,
    batch_size: int,
    extractors: Sequence[RegisteredExtractor],
) -> Iterator[DocumentResult]:
    """Parse in this process (or ``workers`` spaCy processes) and build each document, in order."""
    pairs = ((d.text, (i, d)) for i, d in enumerate(documents))
    for doc, (index, document) in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=workers):
        yield process_parsed(doc, document, extractors, index=index)


class _Writer:
    """Writes document graphs on a thread of its own, one transaction each, in order.

    pyoxigraph releases the GIL while it commits, so the store's work overlaps with
    parsing and extracting the next documents. The queue is short, so memory stays
    flat and an error in the store stops the build after a few documents.
    """

    def __init__(self, store: Store, *, background: bool = False) -> None:
        self.store = store
        self.background = background
        self.unflushed = 0
        self.written = 0
        self.touched: set[URIRef] = set()
        self.error: BaseException | None = None
        self.existing = {row[0] for row in store.query(_DOC_GRAPHS).rows}
        self.queue: queue.Queue[DocumentResult | None] = queue.Queue(maxsize=64)
        self.thread = threading.Thread(target=self._run, name="kg-build-writer", daemon=True)
        self.thread.start()

    def put(self, result: DocumentResult) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(result)

    def finish(self) -> None:
        """Write what is queued, stop the thread, and raise the error it met, if any."""
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        if self.background:
            from kg.parallel import lower_priority, lower_store_threads

            lower_priority(thread=True)
            lower_store_threads()
        while (item := self.queue.get()) is not None:
            if self.error is not None:
                continue  # drain, so that put() never blocks after a failure
            try:
                self._write(item)
            except BaseException as exc:  # handed to the building thread by put()/finish()
                self.error = exc

    def _write(self, result: DocumentResult) -> None:
        graph = result.graph
        if graph in self.existing:
            # Entities only the old version mentioned need their canonical label recomputed too.
            old = self.store.query(_OLD_ENTITIES, bindings={"g": graph}).rows
            self.touched.update(r[0] for r in old if isinstance(r[0], URIRef) and r[0].startswith(_ENTITY_PREFIX))
        self.store.replace_document(graph, result.triples)
        self.written += 1
        self.touched.update(result.labelled)
        content = result.triples
        self.unflushed += content.count(b"\n") if isinstance(content, bytes) else len(content)
        flush = getattr(self.store, "flush", None)
        if flush is not None and self.unflushed >= _FLUSH_TRIPLES:
            flush()  # RocksDB's write buffers would otherwise grow with the build
            self.unflushed = 0


def _embedded(store: Store) -> bool:
    from kg.store.oxigraph import OxigraphStore

    return isinstance(store, OxigraphStore)


def _overlap() -> bool:
    """Whether the one-worker build extracts on a helper process (``KG_OVERLAP=0`` turns it off)."""
    if os.environ.get("KG_OVERLAP", "1").strip().lower() in ("0", "false", "no", "off"):
        return False
    from kg.parallel import can_overlap

    return can_overlap()


def _pipeline(model: str | Language | None) -> Language:
    if model is None or isinstance(model, str):
        from kg.nlp import load_pipeline

        return load_pipeline(model)
    return model


def _count(facts: Counter[str], relations: Sequence[Relation]) -> None:
    for rel in relations:
        if rel.kind == "statement":
            facts[rel.label if rel.label in FACT_KINDS else "claim"] += 1
        else:
            facts[rel.kind] += 1


def _progress_reporter(progress: Progress | None) -> Callable[[int, int, str], None]:
    """Adapt ``progress`` to three arguments; a two-argument callback gets (done, total)."""
    if progress is None:
        return lambda done, total, name: None
    try:
        params = inspect.signature(progress).parameters.values()
    except (TypeError, ValueError):
        return progress
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if any(p.kind == p.VAR_POSITIONAL for p in params) or len(positional) >= 3:
        return progress
    callback = progress
    return lambda done, total, name: callback(done, total)
