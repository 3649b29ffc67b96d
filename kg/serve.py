"""Serve a kg store read-only as a SPARQL 1.1 endpoint: ``kg serve``.

This runs the real Oxigraph server (the ``oxigraph`` binary from the
``oxigraph`` PyPI package, installed beside the Python interpreter) as
``oxigraph serve-read-only --location STORE --bind HOST:PORT
--union-default-graph --timeout-s N``. Queries go to ``/query`` (GET or POST,
SPARQL 1.1 Protocol); updates and Graph Store writes are refused with HTTP 403.
With the union default graph, a plain ``SELECT * { ?s ?p ?o }`` sees every
document graph; kg's saved questions use explicit ``GRAPH`` patterns and answer
the same either way.

The embedded store is written by pyoxigraph and read by the binary, so both
must use the same on-disk format: ``serve`` checks that their versions agree
on major.minor (both 0.5.x here) and fails with a ``ConfigError`` otherwise.

A store being written (``kg build`` running, or a notebook holding it open) is
refused with a ``StoreError`` naming the process. Oxigraph documents reading a
store while another process writes it as undefined behaviour; in practice the
server sees the data as it was when it started, and later fails when the
writer compacts files away. The check reads ``/proc/locks`` for RocksDB's
``LOCK`` file and kg's ``kg-writer.lock``, so it only runs on Linux; elsewhere,
stop writers yourself.

Example:
    >>> with serve("kg-store", port=7878) as server:            # doctest: +SKIP
    ...     EndpointStore(server.query_url).query("ASK { ?s ?p ?o }")
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import IO

import pyoxigraph

from kg.errors import ConfigError, InputError, StoreError
from kg.store.oxigraph import LOCK_FILE

__all__ = ["Server", "oxigraph_binary", "serve"]

_READY_TIMEOUT_S = 10.0


def oxigraph_binary() -> Path:
    """Return the ``oxigraph`` server binary: beside ``sys.executable`` first, else on PATH.

    Raises:
        ConfigError: the binary is not installed.
    """
    name = "oxigraph.exe" if os.name == "nt" else "oxigraph"
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return beside
    found = shutil.which("oxigraph")
    if found is None:
        raise ConfigError(
            f"the oxigraph server binary is neither beside {sys.executable} nor on PATH; "
            f"install it with 'pip install oxigraph=={pyoxigraph.__version__}'"
        )
    return Path(found)


class Server:
    """A running ``oxigraph serve-read-only``; stop it with ``stop()`` or a ``with`` block.

    Attributes:
        url: the base URL, e.g. ``http://127.0.0.1:7878``.
        query_url: the SPARQL query endpoint (``url + "/query"``).
        store_path: the store being served.
        process: the server process.
    """

    def __init__(self, process: subprocess.Popen[bytes], url: str, store_path: Path, log: IO[bytes]) -> None:
        self.process = process
        self.url = url
        self.query_url = url + "/query"
        self.store_path = store_path
        self._log = log

    def __repr__(self) -> str:
        return f"Server({self.query_url!r}, store={str(self.store_path)!r}, pid={self.process.pid})"

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def wait(self) -> int:
        """Block until the server exits and return its exit code.

        Ctrl-C (KeyboardInterrupt) or SIGTERM stops the server before the
        exception leaves, so no server is left running without its parent.
        SIGTERM is turned into SystemExit(143) for the time of the wait
        (main thread only; the previous handler is restored).
        """
        previous = None
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
        try:
            return self.process.wait()
        finally:
            self.stop()
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the server (SIGTERM, then SIGKILL after ``timeout`` seconds). Safe to call twice."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if not self._log.closed:
            self._log.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def serve(
    store_path: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout_s: int | None = 30,
    union_default_graph: bool = True,
) -> Server:
    """Start serving ``store_path`` read-only at ``http://HOST:PORT/query`` and return once it answers.

    The default host is the loopback address: the endpoint has no
    authentication, so binding another interface publishes the store to that
    network. Call ``Server.wait()`` to block until Ctrl-C, as ``kg serve`` does.

    Args:
        store_path: an embedded kg store directory (``kg build --store``).
        host: interface to bind.
        port: TCP port (not 0: the URL must be known).
        timeout_s: seconds a query may run before the server gives up; None for no limit.
        union_default_graph: let queries without ``GRAPH`` see all graphs.

    Returns:
        The running Server.

    Raises:
        InputError: there is no store at ``store_path``.
        ConfigError: the server binary is missing or its version does not match pyoxigraph.
        StoreError: a process is writing the store, or the server did not start
            (for example, the port is taken).
    """
    path = Path(store_path).resolve()
    if not (path / "CURRENT").is_file():
        raise InputError(f"no kg store at {path}; build one with 'kg build CORPUS --store {store_path}'")
    if port <= 0:
        raise InputError(f"port {port}: give a port number between 1 and 65535")
    binary = oxigraph_binary()
    _check_version(binary)
    holder = _lock_holder(path / "LOCK") or _lock_holder(path / LOCK_FILE)
    if holder is not None:
        raise StoreError(
            f"store {path} is open for writing by process {holder}; let it finish or close it, "
            "then serve the store",
            path=str(path),
            pid=holder,
        )
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    command = [str(binary), "serve-read-only", "--location", str(path), "--bind", bind]
    if union_default_graph:
        command.append("--union-default-graph")
    if timeout_s is not None:
        command += ["--timeout-s", str(int(timeout_s))]
    # A file, not a pipe, for the server's messages: nobody reads a pipe while the
    # server runs, and a full pipe would block it.
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(command, stdout=log, stderr=log, stdin=subprocess.DEVNULL)
    probe_host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    probe = f"http://[{probe_host}]:{port}" if ":" in probe_host else f"http://{probe_host}:{port}"
    server = Server(process, probe, path, log)
    try:
        _wait_until_ready(server, bind)
    except StoreError:
        server.stop()
        raise
    return server


def _wait_until_ready(server: Server, bind: str) -> None:
    deadline = time.monotonic() + _READY_TIMEOUT_S
    while True:
        if server.process.poll() is not None:
            server._log.seek(0)
            lines = server._log.read().decode("utf-8", "replace").strip().splitlines()
            why = lines[0].removeprefix("Error: ") if lines else f"exit code {server.process.returncode}"
            raise StoreError(f"the oxigraph server could not serve on {bind}: {why}", bind=bind)
        try:
            with urllib.request.urlopen(server.url + "/", timeout=1):
                return
        except urllib.error.HTTPError:
            return  # it answers, even if not with 200
        except OSError:
            if time.monotonic() > deadline:
                raise StoreError(
                    f"the oxigraph server did not answer on {bind} within {_READY_TIMEOUT_S:g} s", bind=bind
                ) from None
            time.sleep(0.05)


def _version(text: str) -> tuple[int, int] | None:
    match = re.search(r"(\d+)\.(\d+)\.\d+", text)
    return (int(match.group(1)), int(match.group(2))) if match else None


def _check_version(binary: Path) -> None:
    """Fail unless the binary and pyoxigraph agree on major.minor (the on-disk format)."""
    try:
        out = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfigError(f"cannot run {binary} ({exc})") from None
    server, embedded = _version(out), _version(pyoxigraph.__version__)
    if server is None or embedded is None or server != embedded:
        raise ConfigError(
            f"{binary} is version {out.strip() or 'unknown'} but pyoxigraph is {pyoxigraph.__version__}; "
            f"their store formats may differ: pip install 'oxigraph=={pyoxigraph.__version__}'"
        )


def _lock_holder(lock: Path) -> int | None:
    """Return the pid holding a lock on ``lock``, from /proc/locks.

    ``LOCK`` is RocksDB's (any Oxigraph writer: pyoxigraph, ``oxigraph serve``);
    ``kg-writer.lock`` is kg's own writer lock (``kg build``).

    Reading /proc/locks takes no lock itself: probing with fcntl would drop the
    caller's own locks on that file when the probe's descriptor closes.
    """
    try:
        info = lock.stat()
        table = Path("/proc/locks").read_text()
    except OSError:
        return None
    wanted = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
    for line in table.splitlines():
        fields = line.split()
        # "1: POSIX  ADVISORY  WRITE 24641 fe:00:2147793 0 EOF"; blocked waiters are marked "->".
        if len(fields) >= 6 and fields[1] != "->" and fields[5] == wanted:
            return int(fields[4])
    return None
