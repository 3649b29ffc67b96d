"""Parse and extract on local processes: one helper beside the parser, or N workers.

:class:`OverlappedExtraction` (the default one-worker build): this process parses,
a forked helper extracts and builds each graph at the same time. See its docstring.

:class:`ProcessExtraction` (``kg build --workers N``, N > 1):

Each worker process loads the spaCy pipeline once, parses a batch of documents,
runs the extractors and builds each document's graph, and sends back the small
:class:`~kg.build.DocumentResult` of each (rdflib terms and counts). The calling
process only writes the store, on its writer thread.

Why not ``nlp.pipe(n_process=N)``: spaCy's workers send back whole Docs (every
token and the parse, serialised), and the calling process still had to extract and
build every graph — on two cores, a third busy process beside the two parsing ones.
Here the work that scales with the text is all in the workers, as on Dask
(:mod:`kg.distributed`), whose batch code this shares.

Workers are forked, as spaCy's own ``n_process`` workers are, before the build starts
its writer thread (forking a process while another thread holds a lock can copy the
held lock). Forking, unlike ``spawn``, does not re-run the caller's script, so a
script that calls :func:`kg.build` needs no ``if __name__ == "__main__"`` guard.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from math import ceil
from typing import TYPE_CHECKING

from kg.errors import KgError, ModelMissing

if TYPE_CHECKING:
    from spacy.language import Language

    from kg.build import DocumentResult
    from kg.corpus import Document
    from kg.extract import RegisteredExtractor

__all__ = ["ProcessExtraction", "OverlappedExtraction", "can_overlap"]

# Batches in flight per worker: enough to keep each busy, few enough that results do
# not pile up ahead of the store.
_BATCHES_PER_WORKER = 4

# Documents per task handed to the extracting process, and tasks in flight at most:
# parsing runs ahead of extraction by at most ~_TASKS_IN_FLIGHT * _DOCS_PER_TASK documents.
_DOCS_PER_TASK = 4
_TASKS_IN_FLIGHT = 8
# How much lower the build's background work (helper process, writer thread) runs than the parser.
BACKGROUND_NICE = 10
# What the extracting process needs of a parsed Doc (kg sets user_data itself).
_DOC_EXCLUDE = ("user_data", "tensor")

_nlp: Language | None = None
_extractors: list[RegisteredExtractor] = []
_failed: BaseException | None = None


class ProcessExtraction:
    """Each document's result, in corpus order, parsed and built on ``workers`` processes.

    The worker processes start here, when the object is made: the build makes it
    before its writer thread starts, so the workers are forked from a process with no
    Python thread of kg's running (the same as spaCy's ``n_process`` does). ``close``
    stops them; iterating to the end does too.

    Registered extractors travel by name (each worker runs its own copy); others are
    pickled.

    Raises:
        ModelMissing: the spaCy model ``model`` is not installed.
    """

    def __init__(
        self,
        documents: Sequence[Document],
        model: str,
        workers: int,
        batch_size: int,
        extractors: Sequence[RegisteredExtractor],
    ) -> None:
        if importlib.util.find_spec(model) is None:
            raise ModelMissing(model)
        from kg.extract import registered

        installed = registered()
        shipped = [e.name if installed.get(e.name) is e else e for e in extractors]
        numbered = list(enumerate(documents))
        size = max(1, min(batch_size, ceil(len(numbered) / (workers * _BATCHES_PER_WORKER))))
        self._batches = [(numbered[i : i + size], batch_size) for i in range(0, len(numbered), size)]
        context = multiprocessing.get_context("fork")
        self._pool = context.Pool(max(1, min(workers, len(self._batches))), initializer=_start, initargs=(model, shipped, os.getpid()))

    def __iter__(self) -> Iterator[DocumentResult]:
        try:
            for results in self._pool.imap(_build_batch, self._batches):
                yield from results
        finally:
            self.close()

    def close(self) -> None:
        """Stop the worker processes (at once: a build that stopped early wants no more results)."""
        self._pool.terminate()
        self._pool.join()


def _start(model: str, shipped: list[str | RegisteredExtractor], parent: int) -> None:
    """Worker start-up: load the pipeline and the extractors once.

    A failure is kept and raised by the first batch, so that it reaches the build
    (an exception here would make the pool start new workers for ever).
    """
    global _nlp, _extractors, _failed
    die_with_parent(parent)
    try:
        from kg.extract import registered
        from kg.nlp import load_pipeline

        _nlp = load_pipeline(model)
        installed = registered()
        _extractors = [installed[e] if isinstance(e, str) else e for e in shipped]
    except BaseException as exc:  # handed to the build by _build_batch
        _failed = exc


def _build_batch(job: tuple[list[tuple[int, Document]], int]) -> list[DocumentResult]:
    from kg.build import process_parsed

    if _failed is not None:
        raise _failed
    assert _nlp is not None
    batch, batch_size = job
    pairs = ((document.text, (index, document)) for index, document in batch)
    return [
        process_parsed(doc, document, _extractors, index=index)
        for doc, (index, document) in _nlp.pipe(pairs, as_tuples=True, batch_size=batch_size)
    ]


def can_overlap() -> bool:
    """Whether a second core is there for :class:`OverlappedExtraction` to use."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return cores >= 2 and "fork" in multiprocessing.get_all_start_methods()


class OverlappedExtraction:
    """Each document's result, in corpus order: parsed here, extracted on one helper process.

    The one-worker build. This process runs spaCy; each parsed Doc goes, as bytes
    (``Doc.to_bytes``, about 1% of the parse), to a forked helper process that runs
    the extractors and builds the graph while the next documents are parsed. On two
    cores the extraction (about a quarter of spaCy's time) is hidden behind the
    parsing instead of added to it. The helper is forked when the object is made,
    before the build's writer thread starts, and inherits the loaded pipeline's
    vocabulary and the extractors (nothing is pickled but Docs and results).
    """

    def __init__(self, documents: Sequence[Document], nlp: Language, batch_size: int,
                 extractors: Sequence[RegisteredExtractor], *, encode: bool = False) -> None:
        global _nlp, _extractors
        self._documents = documents
        self._encode = encode
        self._nlp = nlp
        self._batch_size = batch_size
        _nlp, _extractors = nlp, list(extractors)  # inherited by the fork
        try:
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"),
                                             initializer=die_with_parent, initargs=(os.getpid(),))
            self._pool.submit(_ready).result()  # fork now, before the build starts its writer thread
        finally:
            _nlp, _extractors = None, []  # the parent keeps no reference

    def __iter__(self) -> Iterator[DocumentResult]:
        pending: deque[Future[list[DocumentResult]]] = deque()
        task: list[tuple[int, Document, bytes]] = []
        pairs = ((d.text, (i, d)) for i, d in enumerate(self._documents))
        try:
            for doc, (index, document) in self._nlp.pipe(pairs, as_tuples=True, batch_size=self._batch_size):
                task.append((index, document, doc.to_bytes(exclude=_DOC_EXCLUDE)))
                if len(task) < _DOCS_PER_TASK:
                    continue
                pending.append(self._submit(task))
                task = []
                while pending and (pending[0].done() or len(pending) > _TASKS_IN_FLIGHT):
                    yield from self._result(pending.popleft())
            if task:
                pending.append(self._submit(task))
            while pending:
                yield from self._result(pending.popleft())
        finally:
            self.close()

    def _submit(self, task: list[tuple[int, Document, bytes]]) -> Future[list[DocumentResult]]:
        try:
            return self._pool.submit(_extract_task, task, self._encode)
        except BrokenProcessPool as exc:
            raise KgError(_HELPER_DIED) from exc

    @staticmethod
    def _result(future: Future[list[DocumentResult]]) -> list[DocumentResult]:
        try:
            return future.result()
        except BrokenProcessPool as exc:
            raise KgError(_HELPER_DIED) from exc

    def close(self) -> None:
        """Stop the helper process (at once: a build that stopped early wants no more results)."""
        # The executor has no terminate(); its one process is stopped here so that an
        # interrupted build does not wait for the task in hand.
        for process in list((getattr(self._pool, "_processes", None) or {}).values()):
            if process.is_alive():
                process.terminate()
        self._pool.shutdown(wait=True, cancel_futures=True)


_HELPER_DIED = ("the extraction process stopped unexpectedly (killed, or out of memory?); "
                "the documents written before it are in the store")


def die_with_parent(parent: int) -> None:
    """Make this worker process end when ``parent`` does (a build killed with SIGKILL).

    A forked worker holds copies of its parent's pipes and of the terminal's, so it
    would otherwise wait for work for ever, and keep a caller reading the build's
    output waiting too. Linux tells the worker through ``PR_SET_PDEATHSIG``; elsewhere
    a thread looks for the parent every second.
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(1, signal.SIGKILL) == 0:  # PR_SET_PDEATHSIG
            if os.getppid() != parent:  # the parent died before prctl took effect
                os._exit(1)
            return
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass

    def watch() -> None:  # pragma: no cover - not Linux
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()  # pragma: no cover


def _ready() -> None:
    """A first task, so that the executor forks its process at once; the helper yields to the parser."""
    lower_priority()


def lower_store_threads() -> None:
    """Lower the CPU priority of RocksDB's background threads (flushes, compactions) in this process.

    They start with the store, at the priority of the thread that opened it; in a
    one-worker build their work, like the writer's, can wait for the parser. Linux
    only (threads are found by name under /proc/self/task); elsewhere nothing happens.
    """
    if not sys.platform.startswith("linux"):  # pragma: no cover - not Linux
        return
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:  # pragma: no cover - no /proc
        return
    base = os.getpriority(os.PRIO_PROCESS, 0)
    for tid in tasks:
        try:
            with open(f"/proc/self/task/{tid}/comm", encoding="utf-8") as f:
                name = f.read().strip()
            if name.startswith("rocksdb:"):
                os.setpriority(os.PRIO_PROCESS, int(tid), base + BACKGROUND_NICE)
        except (OSError, ValueError):  # the thread ended, or may not be changed
            continue


def lower_priority(*, thread: bool = False) -> None:
    """Lower this process's (or, on Linux, only this thread's) CPU priority by :data:`BACKGROUND_NICE`.

    The one-worker build's critical path is spaCy in the main thread; the helper
    process and the store's writer thread have time to spare. When they contend with
    the parser for a core, the scheduler now lets the parser run first: on 2 cores
    this took a 200k-word build from 1.22x to 1.09x bare spaCy. Best effort: where
    priorities cannot be changed, nothing happens.
    """
    try:
        if not thread:
            os.nice(BACKGROUND_NICE)
        elif sys.platform.startswith("linux"):  # elsewhere a thread id is not a PRIO_PROCESS target
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), os.getpriority(os.PRIO_PROCESS, 0) + BACKGROUND_NICE)
    except (AttributeError, OSError):  # pragma: no cover - no priorities here
        pass


def _extract_task(task: list[tuple[int, Document, bytes]], encode: bool) -> list[DocumentResult]:
    from spacy.tokens import Doc

    from kg.build import process_parsed

    assert _nlp is not None
    return [
        process_parsed(Doc(_nlp.vocab).from_bytes(data, exclude=_DOC_EXCLUDE), document, _extractors, index=index,
                       encode=encode)
        for index, document, data in task
    ]
