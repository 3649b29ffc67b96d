"""The embedded store under a killed build and under two kg processes at once.

A build writes each document graph in one transaction, so a build killed with
SIGKILL leaves whole documents (or none); building again completes the rest and
ends where a clean build ends. One writer at a time: a second build fails at
once with the StoreLocked line, or waits with --wait; readers answer meanwhile.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from kgrun import EXAMPLES, ENTITIES_GRAPH, copy_corpus, doc_shapes, graph_sizes, kg, kg_start, snapshot, wait_for_documents

pytestmark = pytest.mark.model

COPIES = 3  # 3 x 11 example texts: long enough to be caught mid-build


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    copy_corpus(folder, COPIES)
    return folder


def _clean_build(corpus: Path) -> dict[str, int]:
    """Triples per graph (documents by file name) after one uninterrupted build of ``corpus``.

    Made in the test that compares with it, right before: the extractors may be
    edited while the suite runs, and a reference from minutes ago could differ.
    """
    store = corpus.parent / "clean-store"
    result = kg("build", str(corpus), "--store", str(store), "--no-progress")
    assert result.returncode == 0, result.stderr
    return graph_sizes(store)


def _assert_whole(snap: tuple[dict[str, tuple[int, int]], dict[str, int]], expected: dict[str, int]) -> int:
    """Every document graph of a snapshot has its article node, its text, and the triples of ``expected``."""
    shapes, sizes = snap
    docs = {name: n for name, n in sizes.items() if name != ENTITIES_GRAPH}
    assert set(docs) == set(shapes), "a named graph without its schema:NewsArticle node"
    for name, (texts, _facts) in shapes.items():
        assert texts == 1, f"{name} has no kg:text"
        assert docs[name] == expected[name], f"{name}: {docs[name]} triples, a whole build writes {expected[name]}"
    return len(shapes)


def test_robust_build_killed_mid_build_leaves_whole_documents(corpus: Path, tmp_path: Path) -> None:
    clean = _clean_build(corpus)
    store = tmp_path / "store"
    total = len(clean) - 1
    build = kg_start("build", str(corpus), "--store", str(store), "--no-progress")
    try:
        wait_for_documents(store, 3, build)
        assert build.poll() is None, "the build finished before it could be killed; make the corpus bigger"
        os.kill(build.pid, signal.SIGKILL)
    finally:
        build.kill()
        try:
            build.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail("a process of the killed build still holds its output open: a helper outlived the build")
    assert build.returncode == -signal.SIGKILL

    written = _assert_whole(snapshot(store), clean)
    assert 3 <= written < total
    asked = kg("ask", "deployments", "-f", "json", "--store", str(store))
    assert asked.returncode == 0, asked.stderr
    assert {row["doc"] for row in json.loads(asked.stdout)} <= set(doc_shapes(store))

    again = kg("build", str(corpus), "--store", str(store), "--no-progress")
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(f"{total} documents: ")
    assert graph_sizes(store) == clean
    assert _assert_whole(snapshot(store), clean) == total


def test_robust_second_build_is_refused_at_once_while_readers_answer(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    copy_corpus(corpus, 6 * COPIES)
    store = tmp_path / "store"
    late = tmp_path / "late.txt"
    late.write_bytes((corpus / "c00_01_kaliningrad_s400_wire.txt").read_bytes())
    first = kg_start("build", str(corpus), "--store", str(store), "--no-progress")
    try:
        wait_for_documents(store, 3, first)
        started = time.monotonic()
        refused = kg("build", str(late), "--store", str(store), "--no-progress")
        took = time.monotonic() - started
        assert first.poll() is None, "the first build ended too soon to test a second one; make the corpus bigger"
        assert (refused.returncode, refused.stdout) == (3, "")
        assert refused.stderr == (
            f"Error: store {store} is in use by another kg process; wait for it to finish or pass --wait\n"
        )
        assert took < 10, f"refusing took {took:.1f} s: it should not wait for the model or the other build"

        # A reader answers meanwhile, and sees only whole documents.
        asked = kg("ask", "deployments", "-f", "json", "--store", str(store))
        assert asked.returncode == 0, asked.stderr
        answered = {row["doc"] for row in json.loads(asked.stdout)}
        during = snapshot(store)
        assert answered and answered <= set(during[0]) | set(os.listdir(corpus))
        # An update is a writer too: refused the same way.
        assert first.poll() is None, "the first build ended too soon to test an update; make the corpus bigger"
        update = kg("query", "--update", "DROP ALL", "--store", str(store))
        assert (update.returncode, update.stderr) == (3, refused.stderr)
        _, err = first.communicate(timeout=300)
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()
    assert first.returncode == 0, err
    final = graph_sizes(store)
    _assert_whole(during, final)  # what the reader saw mid-build were whole documents
    assert set(doc_shapes(store)) == set(os.listdir(corpus))


def test_robust_build_with_wait_waits_for_the_writer(tmp_path: Path) -> None:
    from kg.store import open_store

    store = tmp_path / "store"
    (tmp_path / "late.txt").write_bytes((EXAMPLES / "04_valdai_pantsir_brief.txt").read_bytes())
    holder = open_store(str(store))  # another writer, holding the store until we close it
    waiting = kg_start("build", str(tmp_path / "late.txt"), "--store", str(store), "--no-progress", "--wait")
    try:
        assert waiting.stderr is not None
        assert waiting.stderr.readline() == f"Waiting for store {store}: another kg process is writing it\n"
        time.sleep(0.5)
        assert waiting.poll() is None, "kg build --wait did not wait"
    finally:
        holder.close()
    out, err = waiting.communicate(timeout=120)
    assert (waiting.returncode, err) == (0, ""), err
    assert out.startswith("1 document: ")
    assert set(doc_shapes(store)) == {"late.txt"}
