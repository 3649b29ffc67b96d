"""Real servers for tests: an Oxigraph SPARQL server, and a tiny misbehaving HTTP server.

Nothing leaves the machine: every server binds 127.0.0.1 on a free port chosen by
the OS. ``OxigraphServer`` runs the real ``oxigraph`` binary (the one installed
next to the test interpreter by the ``oxigraph`` PyPI package), waits until it
answers, and stops it. ``FailingServer`` answers every request with one fixed
status, content type and body, so tests can check how the endpoint store reports
a 500, a 401 or an HTML page where SPARQL results were expected.
"""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

_START_TIMEOUT_S = 10.0


def oxigraph_binary() -> str:
    """Return the path of the ``oxigraph`` server binary (beside the interpreter, else on PATH)."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("the oxigraph server binary is not installed; pip install oxigraph")
    return found


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_answers(url: str, process: subprocess.Popen[bytes] | None = None) -> None:
    """Poll ``url`` until it answers HTTP (any status), or fail after a few seconds."""
    deadline = time.monotonic() + _START_TIMEOUT_S
    while True:
        if process is not None and process.poll() is not None:
            err = process.stderr.read().decode() if process.stderr else ""
            raise RuntimeError(f"server exited with {process.returncode}: {err}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not answer within {_START_TIMEOUT_S} s") from None
            time.sleep(0.05)


class OxigraphServer:
    """A real ``oxigraph serve`` on 127.0.0.1; use as a context manager.

    Args:
        location: store directory; None keeps the data in memory.
        read_only: run ``serve-read-only`` (needs ``location``).
        union_default_graph: pass ``--union-default-graph``.
    """

    def __init__(
        self,
        location: Path | None = None,
        *,
        read_only: bool = False,
        union_default_graph: bool = False,
    ) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.query_url = f"{self.base_url}/query"
        self.update_url = f"{self.base_url}/update"
        self.store_url = f"{self.base_url}/store"
        command = [oxigraph_binary(), "serve-read-only" if read_only else "serve"]
        if location is not None:
            command += ["--location", str(location)]
        command += ["--bind", f"127.0.0.1:{self.port}"]
        if union_default_graph:
            command.append("--union-default-graph")
        self._command = command
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> OxigraphServer:
        self.process = subprocess.Popen(
            self._command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        try:
            wait_until_answers(self.base_url + "/", self.process)
        except RuntimeError:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stderr:
            self.process.stderr.close()
        self.process = None

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class FailingServer:
    """An HTTP server on 127.0.0.1 that answers every request the same way.

    ``hits`` counts the requests received, so tests can check retries;
    ``authorization`` keeps the last ``Authorization`` header sent.
    """

    def __init__(self, status: int, content_type: str = "text/plain", body: bytes = b"") -> None:
        outer = self
        self.hits = 0
        self.authorization: str | None = None

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                outer.hits += 1
                outer.authorization = self.headers.get("Authorization")
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                if status == 401:
                    self.send_header("WWW-Authenticate", 'Basic realm="kg-test"')
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = _answer  # noqa: N815

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                """Keep test output quiet."""

        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self._httpd.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}/query"
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> FailingServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()
