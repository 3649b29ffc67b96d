"""Helpers for the robustness tests: run the real ``kg`` command, make corpora, look into stores.

These tests drive kg the way a user does, as a separate process (so a SIGKILL, a
lock held by another process or a stuck query are real), and check the exact
lines a user sees. docs/robustness.md lists every case and the test proving it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "corpus"
#: The example articles that are plain text: their identity is their path, so copies are new documents.
TEXTS = sorted(EXAMPLES.glob("*.txt"))[:11]  # the first eleven: the corpus may grow, the tests should not
KG = (sys.executable, "-c", "from kg.cli import main; main()")
PREFIXES = (
    "PREFIX schema: <https://schema.org/>\n"
    "PREFIX kg: <https://w3id.org/kg-news/ontology#>\n"
    "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
)
#: Per document graph: its file name, whether it has its text, its facts and its triples.
DOC_SHAPE = PREFIXES + """
SELECT ?name (COUNT(DISTINCT ?text) AS ?texts) (COUNT(DISTINCT ?f) AS ?facts) WHERE {
  GRAPH ?g { ?d a schema:NewsArticle ; kg:fileName ?name . OPTIONAL { ?d kg:text ?text } OPTIONAL { ?f prov:wasDerivedFrom ?d } }
} GROUP BY ?name
"""
GRAPH_SIZES = PREFIXES + """
SELECT ?g (SAMPLE(?n) AS ?name) (COUNT(*) AS ?triples) WHERE {
  GRAPH ?g { ?s ?p ?o } OPTIONAL { GRAPH ?g { ?d a schema:NewsArticle ; kg:fileName ?n } }
} GROUP BY ?g
"""
ENTITIES_GRAPH = "https://w3id.org/kg-news/id/graph/entities"


def kg_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a ``kg`` process: no store, debug or credentials leaking in from outside."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env.update(extra or {})
    return env


def kg(*args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """Run ``kg ARGS...`` as a separate process and return what it printed and its exit code."""
    return subprocess.run(
        [*KG, *args], cwd=cwd, env=kg_env(env), capture_output=True, text=True, timeout=timeout, check=False
    )


def kg_start(*args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None) -> subprocess.Popen[str]:
    """Start ``kg ARGS...`` in the background."""
    return subprocess.Popen(
        [*KG, *args], cwd=cwd, env=kg_env(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def copy_corpus(folder: Path, copies: int) -> list[str]:
    """Write ``copies`` copies of each example text article under new names; return the file names."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(copies):
        for src in TEXTS:
            name = f"c{i:02d}_{src.name}"
            shutil.copyfile(src, folder / name)
            names.append(name)
    return names


def read_only(store: Path) -> object:
    """Open an on-disk store read-only (a reader never waits for a writer)."""
    from kg.store import open_store

    return open_store(str(store), read_only=True)


def doc_shapes(store: Path) -> dict[str, tuple[int, int]]:
    """Map each document's file name to (texts, facts) as the store holds it now."""
    opened = read_only(store)
    try:
        rows = opened.query(DOC_SHAPE).rows  # type: ignore[attr-defined]
    finally:
        opened.close()  # type: ignore[attr-defined]
    return {str(name): (int(texts), int(facts)) for name, texts, facts in rows}


def snapshot(store: Path) -> tuple[dict[str, tuple[int, int]], dict[str, int]]:
    """Return ``doc_shapes`` and ``graph_sizes`` as one reader sees them (one consistent snapshot)."""
    opened = read_only(store)
    try:
        shapes = opened.query(DOC_SHAPE).rows  # type: ignore[attr-defined]
        sizes = opened.query(GRAPH_SIZES).rows  # type: ignore[attr-defined]
    finally:
        opened.close()  # type: ignore[attr-defined]
    return (
        {str(name): (int(texts), int(facts)) for name, texts, facts in shapes},
        {str(name) if name is not None else str(g): int(n) for g, name, n in sizes},
    )


def graph_sizes(store: Path) -> dict[str, int]:
    """Map each named graph to its triple count: documents by file name, others by IRI."""
    opened = read_only(store)
    try:
        rows = opened.query(GRAPH_SIZES).rows  # type: ignore[attr-defined]
    finally:
        opened.close()  # type: ignore[attr-defined]
    return {str(name) if name is not None else str(g): int(n) for g, name, n in rows}


def count_documents(store: Path) -> int:
    """How many document graphs a reader sees now (0 while the store does not exist yet)."""
    if not (store / "CURRENT").is_file():
        return 0
    try:
        return len(doc_shapes(store))
    except Exception:  # noqa: BLE001 - a reader racing the writer's first commit: look again
        return 0


def wait_for_documents(store: Path, at_least: int, process: subprocess.Popen[str], *, limit_s: float = 120) -> int:
    """Poll until a reader sees ``at_least`` documents; fail if ``process`` ends or time runs out."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        seen = count_documents(store)
        if seen >= at_least:
            return seen
        if process.poll() is not None:
            out, err = process.communicate()
            raise AssertionError(f"the build ended (exit {process.returncode}) before {at_least} documents: {err}")
        time.sleep(0.1)
    raise AssertionError(f"no {at_least} documents in {store} after {limit_s} s")
