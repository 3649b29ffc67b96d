"""Question latency: every saved question on a ≥1M-triple news-shaped store, and against rdflib.

1. Generate (or reuse) the N-Quads dataset of bench/make_corpus.py (``--triples``).
2. ``bulk_load`` it into a fresh on-disk Oxigraph store, then open that store
   through kg (``kg.store.open_store``) as ``kg ask`` does.
3. Run every saved question (``kg.questions.questions()``) ``--runs`` times after
   one warm-up run, through ``kg.questions.ask`` (what a user waits for: query,
   terms, JSON values) and straight through pyoxigraph (the engine alone):
   p50/p95 in ms. Parameterised questions run once without their optional
   parameters and once with every parameter bound. The engine figure is also
   taken on an in-memory copy of the whole dataset (what the disk reads cost).
4. The same questions through rdflib's in-memory engine on a slice of the dataset
   (whole documents plus the entities graph, ``--rdflib-triples``), each run in a
   forked child killed after ``--rdflib-timeout`` seconds, against Oxigraph (in
   memory) on the same slice: the ratio.

Usage:
    python bench/questions.py [--triples 1000000] [--runs 20] [--rdflib-triples 100000]
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, emit, open_store, percentile, peak_rss_mib

TARGET_P50_MS = 200.0
ENTITIES_GRAPH = "<https://w3id.org/kg-news/id/graph/entities>"


def dataset_for(triples: int, seed: int = 7) -> tuple[Path, dict[str, Any]]:
    """Generate the N-Quads dataset once under bench/out/ and reuse it."""
    from bench.make_corpus import GENERATOR_VERSION, write_nquads

    path = OUT / f"news-{triples}-s{seed}-g{GENERATOR_VERSION}.nq"
    info = path.with_suffix(".info")
    if path.exists() and info.exists():
        docs, count, facts, entities, seconds = info.read_text().split()
        return path, {"documents": int(docs), "triples": int(count), "facts": int(facts),
                      "entities": int(entities), "generate_seconds": float(seconds), "reused": True}
    start = time.perf_counter()
    ds = write_nquads(path, triples=triples, seed=seed)
    seconds = time.perf_counter() - start
    info.write_text(f"{ds.documents} {ds.triples} {ds.facts} {ds.entities} {seconds:.2f}\n")
    return path, {"documents": ds.documents, "triples": ds.triples, "facts": ds.facts,
                  "entities": ds.entities, "generate_seconds": seconds, "reused": False}


def slice_of(path: Path, triples: int) -> Path:
    """Write whole document graphs from the start of ``path`` up to ~``triples``, plus the entities graph."""
    out = path.with_name(f"{path.stem}.slice-{triples}.nq")
    if out.exists():
        return out
    kept = 0
    graph = None
    with path.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            g = line.rsplit(" ", 2)[-2]
            if g == ENTITIES_GRAPH:
                dst.write(line)
                continue
            if kept >= triples and g != graph:
                continue  # past the budget: skip later documents, keep reading for the entities graph
            graph = g
            dst.write(line)
            kept += 1
    return out


# --------------------------------------------------------------------------- cases


def sample_params(seed: int = 7) -> dict[str, str]:
    """Parameter values that select a part of the generated dataset, by parameter name."""
    from bench.make_corpus import build_vocabulary

    vocab = build_vocabulary(seed)
    return {"since": "2024-06-01", "speaker": vocab.people["Russia"][0].short, "system": "S-400",
            "class": "AirDefenceSystem",
            "location": "Kherson", "place": "Kherson", "accuser": "Russia", "accused": "Ukraine"}


_BY_TYPE = {"xsd:date": "2024-06-01", "xsd:integer": "2", "xsd:boolean": "true",
            "iri": "https://w3id.org/kg-news/id/entity/russia",
            "xsd:anyURI": "https://w3id.org/kg-news/id/entity/russia", "xsd:string": "Russia"}


def cases(seed: int = 7) -> list[tuple[str, str, dict[str, str]]]:
    """(case label, question name, params): each question bare, and with all its parameters."""
    from kg.questions import questions

    values = sample_params(seed)
    out = []
    for q in questions():
        bound = {p.name: values.get(p.name, _BY_TYPE.get(p.type, "x")) for p in q.params}
        required = {k: v for k, v in bound.items() if q.param(k).required}  # type: ignore[union-attr]
        out.append((q.name if not required else f"{q.name} ({_show(required)})", q.name, required))
        if bound and bound != required:
            out.append((f"{q.name} ({_show(bound)})", q.name, bound))
    return out


def _show(params: Mapping[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in params.items())


def _terms(name: str, params: Mapping[str, str]) -> tuple[str, dict[str, Any]]:
    """The question's SPARQL and its bindings as rdflib terms (kg's own conversion)."""
    from kg.questions import bind_params, find_question

    question, _ = find_question(name)
    return question.sparql, bind_params(question, params)


def _ox_term(node: Any) -> Any:
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(node)


def prepared(sparql: str, bindings: Mapping[str, Any]) -> tuple[str, dict[Any, Any]]:
    """Query text and pyoxigraph ``substitutions`` for ``bindings``.

    pyoxigraph 0.5 substitutes only variables of the SELECT projection; a parameter
    that is not projected (``?since``, ``?speaker``) goes in a VALUES block at the
    start of the outer WHERE group instead (``kg.store.endpoint.bind_values``),
    which binds it the same way.
    """
    import pyoxigraph as ox

    projected = set(re.findall(r"\?(\w+)", sparql.split("WHERE", 1)[0]))
    subs = {ox.Variable(k): _ox_term(v) for k, v in bindings.items() if k in projected}
    rest = {k: v for k, v in bindings.items() if k not in projected}
    if rest:
        from kg.store.endpoint import bind_values

        sparql = bind_values(sparql, list(rest), [list(rest.values())])
    return sparql, subs


def _raw_runner(store: Any, name: str, params: Mapping[str, str], *, order: bool = True) -> Callable[[], int]:
    """Run the question straight on a pyoxigraph Store (the engine alone, no term conversion)."""
    sparql, subs = prepared(*_terms(name, params))
    if not order:
        sparql = unordered(sparql)

    def go() -> int:
        n = 0
        for solution in store.query(sparql, substitutions=subs or None):
            for _value in solution:
                pass
            n += 1
        return n

    return go


def _time(func: Callable[[], int], runs: int, *, budget_s: float = 12.0, min_runs: int = 5) -> dict[str, Any]:
    """One cold run, then up to ``runs`` timed runs (fewer, but at least ``min_runs``, past ``budget_s``)."""
    start = time.perf_counter()
    rows = func()
    first = time.perf_counter() - start
    times: list[float] = []
    spent = 0.0
    while len(times) < runs and (len(times) < min_runs or spent < budget_s):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
        spent += times[-1]
    ms = [t * 1000 for t in times]
    return {"rows": rows, "first_ms": first * 1000, "p50_ms": percentile(ms, 50), "p95_ms": percentile(ms, 95),
            "max_ms": max(ms), "runs": len(times)}


_ORDER_BY = re.compile(r"\bORDER\s+BY\b[^}]*$", re.I)


def unordered(sparql: str) -> str:
    """The query without its final ORDER BY (a diagnostic: what the sort costs)."""
    return _ORDER_BY.sub("", sparql)


# --------------------------------------------------------------------------- rdflib, bounded


def _rdflib_child(conn: Any, dataset: Any, sparql: str, bindings: dict[str, Any]) -> None:
    start = time.perf_counter()
    rows = sum(1 for _ in dataset.query(sparql, initBindings=bindings or None))
    conn.send((time.perf_counter() - start, rows))
    conn.close()


def _rdflib_time(dataset: Any, sparql: str, bindings: dict[str, Any], *, timeout: float,
                 runs: int) -> dict[str, Any]:
    """Time rdflib on the (fork-shared) dataset; each run in a child killed after ``timeout`` s."""
    ctx = multiprocessing.get_context("fork")
    times: list[float] = []
    rows = None
    for _ in range(runs):
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_rdflib_child, args=(child, dataset, sparql, bindings))
        proc.start()
        child.close()
        if parent.poll(timeout):
            seconds, rows = parent.recv()
            times.append(seconds)
            proc.join()
        else:
            proc.kill()
            proc.join()
            return {"timeout_s": timeout, "p50_ms": None, "rows": rows, "runs": len(times)}
        if sum(times) > min(timeout / 4, 5.0):
            break  # slow enough: one or two runs say it
    ms = [t * 1000 for t in times]
    return {"p50_ms": percentile(ms, 50), "rows": rows, "runs": len(times)}


def rdflib_comparison(path: Path, triples: int, qcases: list[tuple[str, str, dict[str, str]]], *,
                      timeout: float, runs: int, log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Both engines on the same slice, in memory: rdflib p50 / Oxigraph p50 per case."""
    import pyoxigraph as ox
    from rdflib import Dataset

    part = slice_of(path, triples) if triples else path
    start = time.perf_counter()
    ox_store = ox.Store()
    ox_store.bulk_load(path=str(part), format=ox.RdfFormat.N_QUADS)
    ox_load = time.perf_counter() - start
    start = time.perf_counter()
    dataset = Dataset()
    dataset.parse(str(part), format="nquads")
    rdf_load = time.perf_counter() - start
    size = len(ox_store)
    out: dict[str, Any] = {"triples": size, "oxigraph_load_s": ox_load, "rdflib_load_s": rdf_load, "cases": {}}
    if log:
        log(f"rdflib slice: {size} triples; load Oxigraph {ox_load:.2f} s, rdflib {rdf_load:.1f} s")
    for label, name, params in qcases:
        sparql, bindings = _terms(name, params)
        try:
            ox_fig = _time(_raw_runner(ox_store, name, params), runs)
        except Exception as exc:  # noqa: BLE001 - a broken question is reported, the run goes on
            out["cases"][label] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
            continue
        rl_fig = _rdflib_time(dataset, sparql, bindings, timeout=timeout, runs=runs)
        ratio = rl_fig["p50_ms"] / ox_fig["p50_ms"] if rl_fig["p50_ms"] and ox_fig["p50_ms"] else None
        same = rl_fig["rows"] == ox_fig["rows"] if rl_fig.get("p50_ms") is not None else None
        out["cases"][label] = {"oxigraph": ox_fig, "rdflib": rl_fig, "ratio": ratio, "same_rows": same}
        if log:
            shown = f"{rl_fig['p50_ms']:.0f} ms" if rl_fig["p50_ms"] is not None else f"> {timeout:.0f} s"
            log(f"  {label}: oxigraph {ox_fig['p50_ms']:.1f} ms, rdflib {shown}")
    del dataset
    gc.collect()
    return out


# --------------------------------------------------------------------------- main run


def run(*, triples: int = 1_000_000, runs: int = 20, rdflib_triples: int = 100_000, rdflib_timeout: float = 60.0,
        rdflib_runs: int = 3, seed: int = 7, in_memory: bool = True,
        log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Generate, load, and time every saved question; see the module docstring.

    ``in_memory`` also times the engine on an in-memory copy of the whole dataset,
    which separates the query's own cost from the on-disk store's reads.
    """
    import pyoxigraph as ox

    from kg.questions import ask

    path, info = dataset_for(triples, seed)
    if log:
        log(f"dataset: {info['triples']} quads, {info['documents']} documents, {info['facts']} facts")
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-questions-", dir=OUT))
    result: dict[str, Any] = {"dataset": info, "target_p50_ms": TARGET_P50_MS, "cases": {},
                              "rdflib_timeout": rdflib_timeout}
    try:
        start = time.perf_counter()
        raw = ox.Store(str(tmp / "store"))
        raw.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        raw.flush()
        result["bulk_load_s"] = time.perf_counter() - start
        result["store_triples"] = len(raw)
        del raw
        gc.collect()
        if log:
            log(f"bulk_load: {result['bulk_load_s']:.1f} s, {result['store_triples']} quads")
        store = open_store(tmp / "store", read_only=True)  # as a query-only command opens it
        qcases = cases(seed)
        raw_engine = _engine(store)
        for label, name, params in qcases:
            try:
                fig = _time(lambda: len(ask(name, store=store, params=params).rows), runs)
            except Exception as exc:  # noqa: BLE001 - a broken question is reported, the run goes on
                result["cases"][label] = {"error": f"{type(exc).__name__}: {exc}"[:300], "met": False,
                                          "p50_ms": float("nan")}
                if log:
                    log(f"question {label}: error {result['cases'][label]['error']}")
                continue
            fig["met"] = fig["p50_ms"] <= TARGET_P50_MS
            if raw_engine is not None:
                fig["engine"] = _time(_raw_runner(raw_engine, name, params), runs, budget_s=6.0)
                if not fig["met"]:
                    fig["engine_unordered"] = _time(_raw_runner(raw_engine, name, params, order=False), 3,
                                                    budget_s=3.0, min_runs=3)
            result["cases"][label] = fig
            if log:
                engine = f", engine p50 {fig['engine']['p50_ms']:.1f} ms" if "engine" in fig else ""
                log(f"question {label}: {fig['rows']} rows, p50 {fig['p50_ms']:.1f} ms, "
                    f"p95 {fig['p95_ms']:.1f} ms{engine}")
        if hasattr(store, "close"):
            store.close()
        del store, raw_engine
        gc.collect()
        if in_memory:
            start = time.perf_counter()
            mem = ox.Store()
            mem.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
            result["memory_load_s"] = time.perf_counter() - start
            for label, name, params in qcases:
                case = result["cases"].get(label, {})
                if "error" not in case:
                    case["engine_in_memory"] = _time(_raw_runner(mem, name, params), runs, budget_s=4.0)
            if log:
                log(f"in-memory engine: loaded in {result['memory_load_s']:.1f} s, questions timed")
            del mem
            gc.collect()
        if rdflib_triples >= 0:
            result["rdflib"] = rdflib_comparison(path, rdflib_triples, qcases, timeout=rdflib_timeout,
                                                 runs=rdflib_runs, log=log)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    result["peak_rss_mib"] = peak_rss_mib()
    return result


def _engine(store: Any) -> Any:
    """The pyoxigraph Store inside kg's embedded store, if it exposes one."""
    import pyoxigraph as ox

    for attr in ("_store", "store", "_ox", "oxigraph", "_db", "db"):
        inner = getattr(store, attr, None)
        if isinstance(inner, ox.Store):
            return inner
    return None


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--triples", type=int, default=1_000_000)
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--rdflib-triples", type=int, default=100_000, help="slice for rdflib; 0 = whole dataset; -1 = skip")
    p.add_argument("--rdflib-timeout", type=float, default=60.0)
    p.add_argument("--rdflib-runs", type=int, default=3)
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args(argv)
    emit(run(triples=a.triples, runs=a.runs, rdflib_triples=a.rdflib_triples, rdflib_timeout=a.rdflib_timeout,
             rdflib_runs=a.rdflib_runs, seed=a.seed, log=lambda m: print(m, file=sys.stderr, flush=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
