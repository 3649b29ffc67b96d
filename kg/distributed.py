"""Parse and extract on Dask workers; the process that called :func:`kg.build` writes the store.

Extraction is embarrassingly parallel per document (DESIGN.md, "Outgrowing one
machine"): the client reads the corpus, sends documents in small batches to the
workers, and each worker parses them with its own copy of the spaCy pipeline,
runs the extractors and builds each document's graph. What comes back is a
:class:`kg.build.DocumentResult` per document (rdflib terms and counts, no spaCy
objects), and the client writes it into the store as it arrives, one transaction
per document, exactly as a local build does.

- ``"local"`` starts a :class:`distributed.LocalCluster` (one single-threaded worker
  process per CPU, or ``workers``) for the build and stops it at the end; an address
  (``tcp://host:8786``) uses a running scheduler and leaves it running.
- Each worker loads the pipeline once, on its first batch, and keeps it in a
  worker plugin (:class:`PipelinePlugin`) named for the model, so later builds on
  the same cluster reuse it. Workers need kg and the model installed.
- A worker of a running cluster checks that it runs the same kg code and data as
  the client (a hash of the package's files, taken when the worker set kg up) and
  refuses the build otherwise: a worker started before an upgrade or an edit would
  build with stale rules. Registered extractors travel by name and run the worker's own copy.
- Only a few batches per worker are in flight, so neither the scheduler nor the
  client holds the parsed corpus, and results stream back in completion order.
- A document that fails on a worker (an extractor bug, a worker that died) is
  reported in :attr:`kg.build.BuildReport.failed` and the rest go on: a failed batch
  is retried one document at a time to find the one at fault. A
  :class:`kg.errors.KgError` raised outside a document (the model is missing on a
  worker) stops the build, as it would locally.

``distributed`` is an optional dependency (``pip install 'kg[dask]'``): importing
this module without it raises :class:`kg.errors.ConfigError` saying so, and
:func:`kg.build.build` imports this module only when a build asks for Dask.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import os
import pickle
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.build import DocumentResult, process_parsed
from kg.errors import ConfigError, KgError, StoreError
from kg.extract import RegisteredExtractor, registered
from kg.vocab import graph_iri

try:
    import cloudpickle
    from distributed import Client, Future, KilledWorker, LocalCluster, WorkerPlugin, as_completed, get_worker
except ImportError as exc:  # an optional dependency
    raise ConfigError(
        "building on Dask needs the 'distributed' package; install it with pip install 'kg[dask]'",
        package="distributed",
    ) from exc

if TYPE_CHECKING:
    from spacy.language import Language

    from kg.corpus import Document

__all__ = ["LOCAL", "PipelinePlugin", "extract_on_dask"]

#: The ``dask=`` value that starts a cluster on this machine for one build.
LOCAL = "local"
#: Seconds to wait for a scheduler to answer, and for its first worker to join.
CONNECT_TIMEOUT = 10.0
WORKER_TIMEOUT = 60.0
# A document whose task the scheduler gave up on after worker deaths is tried once
# more on its own before it is reported: a worker that dies also loses the results
# it held, so the scheduler can blame an innocent task that happened to be there.
_RETRIES_AFTER_DEATH = 1
# Batches per worker in flight: enough to keep every worker busy while results
# travel, few enough that the scheduler never holds much of the corpus.
_IN_FLIGHT_PER_WORKER = 3


def extract_on_dask(
    documents: Sequence[Document],
    *,
    address: str,
    model: str | Language | None = None,
    workers: int | None = None,
    batch_size: int = 32,
    extractors: Sequence[RegisteredExtractor],
) -> Iterator[DocumentResult]:
    """Parse and build ``documents`` on Dask, yielding each one's result as it arrives.

    Args:
        documents: the corpus, read on this machine.
        address: ``"local"`` for a cluster started here, else a scheduler address.
        model: the spaCy pipeline name (loaded on each worker) or a pipeline object
            (pickled and sent to each worker once).
        workers: worker processes of a ``"local"`` cluster (default: one per CPU);
            ignored for a running scheduler, which has its own.
        batch_size: at most this many documents per task (and per ``nlp.pipe`` batch).
        extractors: the extractors to run. Registered ones are sent by name and run
            from the worker's installation; others are pickled by value (cloudpickle).

    Returns:
        An iterator of :class:`kg.build.DocumentResult`, in completion order. Closing
        it early cancels the outstanding work and stops a ``"local"`` cluster.

    Raises:
        ConfigError: the ``distributed`` package is not installed.
        StoreError: no scheduler answers at ``address``, or no worker joins it.
        ModelMissing: the model is not installed on a worker.
    """
    with ExitStack() as stack:
        client = _connect(stack, address, workers)
        plugin = PipelinePlugin(model)
        client.register_plugin(plugin, name=plugin.name)
        if not plugin.idempotent:  # a pipeline object: free the workers' copies afterwards
            stack.callback(client.unregister_worker_plugin, plugin.name)
        n_workers = max(1, len(client.scheduler_info()["workers"]))
        size = _task_size(len(documents), n_workers, batch_size)
        indexed = list(enumerate(documents))
        batches = [indexed[i : i + size] for i in range(0, len(indexed), size)]
        # Workers started here for this build run this installation; a running cluster may not.
        fingerprint = "" if address == LOCAL else code_fingerprint()
        yield from _run(
            client, plugin.name, batches, extractors, batch_size, n_workers * _IN_FLIGHT_PER_WORKER, fingerprint
        )


def _connect(stack: ExitStack, address: str, workers: int | None) -> Client:
    """A client of a LocalCluster started here (stopped by ``stack``), or of the scheduler at ``address``."""
    if address == LOCAL:
        n = workers or os.cpu_count() or 1
        cluster = stack.enter_context(
            LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0")
        )
        return stack.enter_context(Client(cluster))
    try:
        client = stack.enter_context(Client(address, timeout=CONNECT_TIMEOUT))
    except (OSError, ValueError) as exc:  # TimeoutError is an OSError; a malformed address is a ValueError
        raise StoreError(
            f"Dask scheduler {address} did not answer ({exc}); start one with 'dask scheduler' or use --dask local",
            address=address,
        ) from exc
    try:
        client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
    except TimeoutError as exc:
        raise StoreError(
            f"no Dask worker joined the scheduler {address} within {WORKER_TIMEOUT:.0f} s; "
            f"start some with 'dask worker {address}'",
            address=address,
        ) from exc
    return client


def _task_size(total: int, n_workers: int, batch_size: int) -> int:
    """Documents per task: at most ``batch_size``, and small enough to give every worker several tasks."""
    return max(1, min(batch_size, math.ceil(total / (n_workers * _IN_FLIGHT_PER_WORKER))))


Batch = list[tuple[int, "Document"]]


def _run(
    client: Client,
    plugin: str,
    batches: list[Batch],
    extractors: Sequence[RegisteredExtractor],
    batch_size: int,
    in_flight: int,
    fingerprint: str,
) -> Iterator[DocumentResult]:
    """Submit ``batches`` a few at a time and yield their results as they complete.

    ``fingerprint`` is this machine's :func:`code_fingerprint` for the workers to
    check, or ``""`` not to check.
    """
    installed = registered()
    # Registered extractors go by name (the worker runs its own copy); others by value.
    shipped: list[str | RegisteredExtractor] = [e.name if installed.get(e.name) is e else e for e in extractors]
    build_id = uuid.uuid4().hex[:8]
    attempts = itertools.count()
    waiting = list(reversed(batches))  # popped from the end: corpus order
    running: dict[Future, Batch] = {}
    deaths: dict[int, int] = {}  # document index -> tasks of it given up after worker deaths
    done = as_completed()

    def submit(batch: Batch) -> None:
        first = batch[0][1].name
        attempt = next(attempts)
        key = f"kg-build-{build_id}-{attempt}-{first}"
        # Plain arguments and one pickled payload, so that a worker that cannot load the
        # payload says why (see _build_batch) instead of failing to deserialize the task.
        payload = cloudpickle.dumps((batch, shipped))
        future = client.submit(_build_batch, fingerprint, plugin, payload, batch_size, key=key, pure=False)
        running[future] = batch
        done.add(future)

    try:
        while waiting and len(running) < in_flight:
            submit(waiting.pop())
        for future in done:
            batch = running.pop(future)
            if future.status == "finished":
                yield from future.result()
            elif future.status == "error":
                exc = future.exception()
                if isinstance(exc, KgError):
                    raise exc  # not about one document: the worker cannot build at all
                if len(batch) > 1:
                    waiting.extend(reversed([[item] for item in batch]))  # find the document at fault
                elif isinstance(exc, KilledWorker) and deaths.get(batch[0][0], 0) < _RETRIES_AFTER_DEATH:
                    deaths[batch[0][0]] = deaths.get(batch[0][0], 0) + 1
                    waiting.append(batch)
                else:
                    yield _failed(batch[0], exc)
            elif future.status in ("lost", "pending"):
                # Its worker died after finishing it; the scheduler computes it again.
                running[future] = batch
                done.add(future)
            else:
                raise StoreError(
                    f"Dask cancelled the build's work ({future.status}); the scheduler or client went away",
                    status=future.status,
                )
            while waiting and len(running) < in_flight:
                submit(waiting.pop())
    finally:
        if running:
            client.cancel(list(running))


def _failed(item: tuple[int, Document], exc: BaseException | None) -> DocumentResult:
    index, document = item
    if isinstance(exc, KilledWorker):
        problem = "the Dask workers building it died (out of memory, or a crash in native code); see their logs"
    else:
        problem = f"failed on a Dask worker: {type(exc).__name__}: {exc}".strip().splitlines()[0]
    return DocumentResult(index, document.name, document.path or document.name, graph_iri(document.id), [],
                          problem=problem)


def _build_batch(fingerprint: str, plugin: str, payload: bytes, batch_size: int) -> list[DocumentResult]:
    """Run on a worker: check its kg against the client's, parse the batch and build each document.

    Raises:
        ConfigError: the worker's kg differs from the client's, or it cannot load the
            batch or an extractor; the build stops (the same would happen to every batch).
    """
    worker = get_worker()
    pipelines: PipelinePlugin = worker.plugins[plugin]  # type: ignore[assignment]
    pipelines.check(fingerprint, worker.address)
    batch, extractors = pipelines.unpack(payload, worker.address)
    nlp = pipelines.pipeline()
    pairs = ((document.text, (index, document)) for index, document in batch)
    return [
        process_parsed(doc, document, extractors, index=index)
        for doc, (index, document) in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size)
    ]


def code_fingerprint(package: Path | None = None) -> str:
    """Hash every file of the kg package (code, gazetteers, queries, ontology), as it is on disk now.

    The client and a worker agree when they run the same kg; pip installs of one
    version agree whatever the machine.
    """
    root = package or Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


class PipelinePlugin(WorkerPlugin):
    """Holds one spaCy pipeline on each worker, loaded on first use and kept for later builds.

    Registered under ``kg-pipeline:<model>``. A pipeline given by name is loaded
    with :func:`kg.nlp.load_pipeline` on the worker, so the plugin stays registered
    (``idempotent``) and the next build with the same model skips the load. A
    pipeline object is pickled once into the plugin, under a name of its own, and
    unregistered after the build.

    The model loads in the task's thread, not in ``setup``, which runs on the
    worker's event loop and would stall its heartbeats for the seconds a load takes.
    """

    def __init__(self, model: str | Language | None = None) -> None:
        if model is None or isinstance(model, str):
            from kg.nlp import model_name  # the client's setting, not each worker's environment

            self.model: str | None = model or model_name()
            self.frozen: bytes | None = None
            self.name = f"kg-pipeline:{self.model}"
            self.idempotent = True
        else:
            self.model = None
            self.frozen = pickle.dumps(model)
            self.name = f"kg-pipeline:object-{uuid.uuid4().hex[:8]}"
            self.idempotent = False
        self._nlp: Language | None = None
        self._lock: threading.Lock | None = None
        self.fingerprint: str | None = None
        self._extractors: dict[str, RegisteredExtractor] | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"model": self.model, "frozen": self.frozen, "name": self.name, "idempotent": self.idempotent}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, _nlp=None, _lock=None, fingerprint=None, _extractors=None)

    def setup(self, worker: object) -> None:
        # The worker imported kg (this module) moments ago to unpickle the plugin:
        # what is on disk now is the code it runs.
        self.fingerprint = code_fingerprint()
        self._lock = threading.Lock()

    def teardown(self, worker: object) -> None:
        self._nlp = None

    def check(self, fingerprint: str, where: str) -> None:
        """Refuse to build when the client runs other kg code or data than this worker.

        Raises:
            ConfigError: the fingerprints differ.
        """
        if fingerprint and self.fingerprint is not None and fingerprint != self.fingerprint:
            raise ConfigError(
                f"Dask worker {where} runs different kg code or data than this machine (upgraded or edited "
                "since the worker started); install the same kg on both and restart the workers",
                worker=where,
            )

    def unpack(self, payload: bytes, where: str) -> tuple[list[tuple[int, Document]], list[RegisteredExtractor]]:
        """The batch and the extractors sent by the client; extractors named are this worker's own.

        Raises:
            ConfigError: the payload needs code this worker lacks, or an extractor is not installed here.
        """
        try:
            batch, shipped = cloudpickle.loads(payload)
        except (ImportError, AttributeError, TypeError, ValueError, pickle.UnpicklingError) as exc:
            raise ConfigError(
                f"Dask worker {where} cannot load the documents and extractors sent to it ({exc}); "
                "install the same kg and extractor packages on the workers as here",
                worker=where,
            ) from exc
        if self._extractors is None:
            self._extractors = registered()
        extractors: list[RegisteredExtractor] = []
        for entry in shipped:
            if isinstance(entry, str):
                if entry not in self._extractors:
                    raise ConfigError(
                        f"extractor {entry!r} is not installed on Dask worker {where}; "
                        "install the package that provides it there",
                        worker=where,
                        extractor=entry,
                    )
                extractors.append(self._extractors[entry])
            else:
                extractors.append(entry)
        return batch, extractors

    def pipeline(self) -> Language:
        """The worker's pipeline, loaded by the first task that needs it."""
        if self._lock is None:
            self._lock = threading.Lock()
        with self._lock:
            if self._nlp is None:
                from kg import nlp as kg_nlp  # registers kg's components before a pipeline is unpickled

                self._nlp = kg_nlp.load_pipeline(self.model) if self.frozen is None else pickle.loads(self.frozen)
            return self._nlp
