"""Parse and extract on several local processes (``kg build --workers N``).

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
from collections.abc import Iterator, Sequence
from math import ceil
from typing import TYPE_CHECKING

from kg.errors import ModelMissing

if TYPE_CHECKING:
    from spacy.language import Language

    from kg.build import DocumentResult
    from kg.corpus import Document
    from kg.extract import RegisteredExtractor

__all__ = ["ProcessExtraction"]

# Batches in flight per worker: enough to keep each busy, few enough that results do
# not pile up ahead of the store.
_BATCHES_PER_WORKER = 4

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
        self._pool = context.Pool(max(1, min(workers, len(self._batches))), initializer=_start, initargs=(model, shipped))

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


def _start(model: str, shipped: list[str | RegisteredExtractor]) -> None:
    """Worker start-up: load the pipeline and the extractors once.

    A failure is kept and raised by the first batch, so that it reaches the build
    (an exception here would make the pool start new workers for ever).
    """
    global _nlp, _extractors, _failed
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
