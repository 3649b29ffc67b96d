"""Peak memory of ``kg build``: a small corpus against one ten times larger.

Each size is built by ``bench/ingest.py one build-1`` in a fresh interpreter
(one worker, batch size 32, a new embedded store), which reports its own peak
resident set size (``resource.getrusage(RUSAGE_SELF).ru_maxrss``). Building
streams documents through spaCy in batches and writes each document's graph as
it goes, so the peak should stay flat as the corpus grows; what may grow is the
store's own cache (RocksDB block cache and memtables), reported beside it as the
store's size on disk.

Usage:
    python bench/memory.py [--small 20000] [--large 200000]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import emit, run_isolated
from bench.ingest import corpus_for

TARGET_RATIO = 1.25  # peak RSS at the large size over peak at the small size


def peak_of_build(words: int, *, model: str | None = None) -> dict[str, Any]:
    """Build a ``words``-word corpus with one worker in a fresh process; its peak RSS and store size."""
    corpus = corpus_for(words)
    result = run_isolated("ingest.py", ["one", "build-1", str(corpus)] + (["--model", model] if model else []))
    return {"words": result["words"], "peak_rss_mib": result["peak_rss_mib"]["self"],
            "children_peak_rss_mib": result["peak_rss_mib"]["children"], "store_mib": result.get("store_mib"),
            "triples": result.get("triples"), "seconds": result["seconds"]}


def run(*, small: int = 20_000, large: int = 200_000, model: str | None = None,
        reuse: dict[int, dict[str, Any]] | None = None, log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Peak RSS at both sizes and their ratio against the target.

    ``reuse`` maps a size to an ``ingest.py one build-1`` result already taken on
    the same corpus (run.py passes the 1-worker ingest run, saving one build).
    """
    sizes: dict[str, Any] = {}
    for label, words in (("small", small), ("large", large)):
        if reuse and words in reuse and "peak_rss_mib" in reuse[words]:
            r = reuse[words]
            sizes[label] = {"words": r["words"], "peak_rss_mib": r["peak_rss_mib"]["self"],
                            "children_peak_rss_mib": r["peak_rss_mib"]["children"],
                            "store_mib": r.get("store_mib"), "triples": r.get("triples"),
                            "seconds": r["seconds"], "reused": True}
        else:
            sizes[label] = peak_of_build(words, model=model)
        if log:
            log(f"memory {label}: {sizes[label]['words']} words, peak {sizes[label]['peak_rss_mib']:.0f} MiB, "
                f"store {sizes[label]['store_mib']} MiB")
    ratio = sizes["large"]["peak_rss_mib"] / sizes["small"]["peak_rss_mib"]
    growth = sizes["large"]["peak_rss_mib"] - sizes["small"]["peak_rss_mib"]
    return {"sizes": sizes, "ratio": {"value": ratio, "target": TARGET_RATIO, "met": ratio <= TARGET_RATIO,
                                      "lower_is_better": True},
            "growth_mib": growth}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--small", type=int, default=20_000)
    p.add_argument("--large", type=int, default=200_000)
    p.add_argument("--model")
    a = p.parse_args(argv)
    emit(run(small=a.small, large=a.large, model=a.model, log=lambda m: print(m, file=sys.stderr, flush=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
