"""Ingest speed: bare spaCy against ``kg build`` on the same generated corpus.

Every figure is measured in a fresh interpreter (bench/common.run_isolated), on the
texts kg's own reader returns, and counted in whitespace-separated words:

- ``spacy-plain``: ``spacy.load(model)`` then ``nlp.pipe(texts, batch_size=32)``;
- ``spacy-kg``: the same through ``kg.nlp.load_pipeline(model)`` (kg's components too);
- ``spacy-kg-2``: as ``spacy-kg`` with ``n_process=2``, the ceiling for two workers;
- ``build-1``, ``build-2``: the public ``kg.build.build`` into a fresh embedded store
  with ``workers=1`` / ``2`` (wall time of the whole call: reading, parsing,
  extracting, writing the store);
- ``build-dask``: ``kg.build.build`` on a local Dask cluster, when build offers it.

spaCy figures time ``nlp.pipe`` only (model loading is reported apart); build
figures time the whole call, model load included.

Usage:
    python bench/ingest.py --words 200000            # generate (or reuse) the corpus, run all
    python bench/ingest.py --corpus DIR --runs spacy-kg,build-1
    python bench/ingest.py one build-2 DIR            # one measurement, prints JSON
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, count_words, emit, load_average, open_store, peak_rss_mib, read_texts, run_isolated

KINDS = ("spacy-plain", "spacy-kg", "spacy-kg-2", "build-1", "build-2", "build-dask")
BATCH_SIZE = 32

TARGET_RATIO = 1.2  # kg build (1 worker) may be at most this much slower than bare spaCy
TARGET_SPEEDUP = 1.7  # kg build with 2 workers against 1 worker


def corpus_for(words: int, seed: int = 7) -> Path:
    """Generate the corpus of ``words`` words once, under bench/out/, and reuse it."""
    from bench.make_corpus import GENERATOR_VERSION, write_text_corpus

    folder = OUT / f"corpus-{words}-s{seed}-g{GENERATOR_VERSION}"
    done = folder / ".complete"
    if not done.exists():
        write_text_corpus(folder, words=words, seed=seed)
        done.write_text("ok\n")
    return folder


# --------------------------------------------------------------------------- one measurement


def _spacy(kind: str, corpus: Path, model: str | None) -> dict[str, Any]:
    texts = read_texts(corpus)
    load_start = time.perf_counter()
    if kind == "spacy-plain":
        import spacy

        from kg.nlp import model_name

        nlp = spacy.load(model or model_name())
    else:
        from kg.nlp import load_pipeline

        nlp = load_pipeline(model)
    load_s = time.perf_counter() - load_start
    n_process = 2 if kind == "spacy-kg-2" else 1
    cpu = _cpu()
    start = time.perf_counter()
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=n_process):
        tokens += len(doc)
    seconds = time.perf_counter() - start
    cpu = _cpu(cpu)
    words = count_words(texts)
    return {
        "kind": kind, "documents": len(texts), "words": words, "tokens": tokens, "seconds": seconds,
        "load_seconds": load_s, "words_per_s": words / seconds, "pipes": list(nlp.pipe_names),
        "cpu_seconds": cpu,
    }


def _build(kind: str, corpus: Path, model: str | None) -> dict[str, Any]:
    from kg.build import build

    texts = read_texts(corpus)
    words = count_words(texts)
    del texts
    params = inspect.signature(build).parameters
    kwargs: dict[str, Any] = {}
    if "model" in params:
        kwargs["model"] = model
    if "batch_size" in params:
        kwargs["batch_size"] = BATCH_SIZE
    if "progress" in params:
        kwargs["progress"] = None
    if kind == "build-dask":
        for name in ("dask", "scheduler", "cluster", "executor"):
            if name in params:
                kwargs[name] = "local"
                break
        else:
            raise SystemExit("kg.build.build has no Dask option")
        if "workers" in params:
            kwargs["workers"] = 2
    elif "workers" in params:
        kwargs["workers"] = int(kind.rsplit("-", 1)[1])
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-store-", dir=OUT))
    try:
        store = open_store(tmp / "store")
        stages, threads = _time_stages(store)
        cpu = _cpu()
        start = time.perf_counter()
        report = build([corpus], store=store, **kwargs)
        seconds = time.perf_counter() - start
        cpu = _cpu(cpu)
        stages["spaCy (rest)"] = seconds - sum(stages.values())
        triples = store.count_triples() if hasattr(store, "count_triples") else None
        if hasattr(store, "close"):
            store.close()
        store_mib = sum(p.stat().st_size for p in tmp.rglob("*") if p.is_file()) / 2**20
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {
        "kind": kind, "words": words, "seconds": seconds, "words_per_s": words / seconds,
        "triples": triples, "store_mib": round(store_mib, 1), "report": _plain(report), "stages": stages,
        "stage_threads": threads, "cpu_seconds": cpu,
        "options": {k: v for k, v in kwargs.items() if k != "progress"},
    }


def _cpu(since: dict[str, float] | None = None) -> dict[str, float]:
    """CPU seconds (user + system) of this process and of its ended child processes, less ``since``."""
    import resource

    now = {}
    for name, who in (("self", resource.RUSAGE_SELF), ("children", resource.RUSAGE_CHILDREN)):
        usage = resource.getrusage(who)
        now[name] = usage.ru_utime + usage.ru_stime
    return {k: v - (since or {}).get(k, 0.0) for k, v in now.items()}


def _time_stages(store: Any) -> tuple[dict[str, float], dict[str, str]]:
    """Wrap the stages kg.build calls (module names, store methods) with timers.

    What is left of the build's wall time once these are taken out is spaCy's
    ``nlp.pipe`` (or, with two workers, waiting for it) and the loop itself.
    """
    kb = importlib.import_module("kg.build")  # not `import kg.build as`: kg.build is also the function

    stages: dict[str, float] = {}
    threads: dict[str, str] = {}  # label -> name of the thread it ran on (the build may write on its own)

    def timer(label: str, func: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            threads[label] = threading.current_thread().name
            try:
                return func(*args, **kwargs)
            finally:
                stages[label] = stages.get(label, 0.0) + time.perf_counter() - start
        return timed

    def timed_iter(func: Any) -> Any:
        def gen(*args: Any, **kwargs: Any) -> Any:
            it = func(*args, **kwargs)
            while True:
                start = time.perf_counter()
                try:
                    item = next(it)
                except StopIteration:
                    return
                finally:
                    stages["read files"] = stages.get("read files", 0.0) + time.perf_counter() - start
                yield item
        return gen

    for name, label in (("_pipeline", "load model"), ("extract_parsed", "extract"), ("resolve", "resolve"),
                        ("build_graph", "build graph"), ("span_problems", "check spans")):
        if hasattr(kb, name):
            setattr(kb, name, timer(label, getattr(kb, name)))
    if hasattr(kb, "iter_corpus"):
        kb.iter_corpus = timed_iter(kb.iter_corpus)
    for name, label in (("replace_document", "store: write"), ("refresh_entities", "store: entities"),
                        ("query", "store: query")):
        if hasattr(store, name):
            setattr(store, name, timer(label, getattr(store, name)))
    return stages, threads


def _plain(report: Any) -> Any:
    """A BuildReport as JSON-able data (whatever shape it has)."""
    if report is None or isinstance(report, (int, float, str, bool)):
        return report
    if isinstance(report, dict):
        return {str(k): _plain(v) for k, v in report.items()}
    if isinstance(report, (list, tuple)):
        return [_plain(v) for v in report][:20]
    fields = getattr(report, "__dataclass_fields__", None)
    if fields:
        return {name: _plain(getattr(report, name)) for name in fields}
    return str(report)[:500]


def measure(kind: str, corpus: Path, *, model: str | None = None) -> dict[str, Any]:
    """Take one measurement ``kind`` in this process."""
    before = load_average()
    result = _spacy(kind, corpus, model) if kind.startswith("spacy") else _build(kind, corpus, model)
    result["load_average_before"] = before
    result["peak_rss_mib"] = peak_rss_mib()
    return result


# --------------------------------------------------------------------------- all of them


def run(corpus: Path, *, kinds: tuple[str, ...] = KINDS, model: str | None = None,
        log: Any = None, rounds: int = 3) -> dict[str, Any]:
    """Measure ``kinds`` on ``corpus`` (each isolated) and derive the ratios against their targets.

    The kinds run ``rounds`` times, interleaved (every kind once, then again), and each
    kind keeps its median run: on a shared machine one slow run (another tenant busy)
    otherwise decides a ratio. ``seconds_all`` keeps every round's time.
    """
    seen: dict[str, list[dict[str, Any]]] = {kind: [] for kind in kinds}
    for round_no in range(1, rounds + 1):
        for kind in kinds:
            args = ["one", kind, str(corpus)] + (["--model", model] if model else [])
            try:
                found = run_isolated("ingest.py", args)
            except Exception as exc:  # a missing feature (Dask) or a failure is reported, not fatal
                found = {"kind": kind, "error": str(exc).strip().splitlines()[-1][:300]}
            seen[kind].append(found)
            if log:
                log(f"ingest {kind} (round {round_no}/{rounds}): {_short(found)}")
    results = {kind: _median_run(runs) for kind, runs in seen.items()}
    return {"corpus": str(corpus), "rounds": rounds, "runs": results, "derived": derive(results)}


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run of median time, with every round's seconds beside it (an error if none ran)."""
    ok = sorted((r for r in runs if "error" not in r), key=lambda r: r["seconds"])
    if not ok:
        return runs[-1]
    middle = dict(ok[(len(ok) - 1) // 2])
    middle["seconds_all"] = [r["seconds"] for r in runs if "error" not in r]
    return middle


def _short(r: dict[str, Any]) -> str:
    if "error" in r:
        return f"error: {r['error']}"
    return f"{r['words']} words in {r['seconds']:.1f} s = {r['words_per_s']:.0f} words/s"


def _cpu_total(result: dict[str, Any] | None) -> float | None:
    cpu = (result or {}).get("cpu_seconds")
    return sum(cpu.values()) if cpu else None


def derive(results: dict[str, Any]) -> dict[str, Any]:
    """Ratios the targets are about: build (1 worker) vs bare spaCy, 2 workers vs 1."""
    def wps(kind: str) -> float | None:
        r = results.get(kind) or {}
        return r.get("words_per_s")

    out: dict[str, Any] = {}
    base, b1, b2 = wps("spacy-kg"), wps("build-1"), wps("build-2")
    if base and b1:
        out["build1_vs_spacy"] = {"value": base / b1, "target": TARGET_RATIO, "met": base / b1 <= TARGET_RATIO,
                                  "lower_is_better": True}
    plain = wps("spacy-plain")
    if plain and b1:
        out["build1_vs_spacy_plain"] = {"value": plain / b1}
    if b1 and b2:
        out["build2_speedup"] = {"value": b2 / b1, "target": TARGET_SPEEDUP, "met": b2 / b1 >= TARGET_SPEEDUP,
                                 "lower_is_better": False}
    s2 = wps("spacy-kg-2")
    if base and s2:
        out["spacy2_speedup"] = {"value": s2 / base}
    if s2 and b2:
        out["build2_vs_spacy2"] = {"value": s2 / b2}
    cpu_base, cpu_b1 = _cpu_total(results.get("spacy-kg")), _cpu_total(results.get("build-1"))
    if cpu_base and cpu_b1:
        out["build1_cpu_vs_spacy"] = {"value": cpu_b1 / cpu_base}
    dask = wps("build-dask")
    if dask and b1:
        out["dask_speedup"] = {"value": dask / b1}
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "one":
        p = argparse.ArgumentParser(prog="ingest.py one")
        p.add_argument("kind", choices=KINDS)
        p.add_argument("corpus", type=Path)
        p.add_argument("--model")
        a = p.parse_args(argv[1:])
        emit(measure(a.kind, a.corpus, model=a.model))
        return 0
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, help="folder of articles (default: generate --words words)")
    p.add_argument("--words", type=int, default=200_000)
    p.add_argument("--runs", default=",".join(KINDS), help=f"comma-separated subset of {', '.join(KINDS)}")
    p.add_argument("--model")
    a = p.parse_args(argv)
    corpus = a.corpus or corpus_for(a.words)
    result = run(corpus, kinds=tuple(k for k in a.runs.split(",") if k), model=a.model,
                 log=lambda m: print(m, file=sys.stderr, flush=True))
    emit(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
