"""Builds are idempotent and incremental; removing a document removes exactly what only it said.

The strongest form of each check: the store after the incremental step holds the
same quads as a fresh build of the corpus as it now is. The corpus is copied to a
temporary folder so one article can be changed (document ids are file paths, so
the copy's graphs are compared with builds of the same copy).
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pytest
import typer
from rdflib import URIRef
from typer.testing import CliRunner

import kg
from kg.cli import KgGroup
from kg.cli_trust import register
from kg.documents import find_document, remove
from kg.errors import InputError
from kg.vocab import graph_iri

pytestmark = pytest.mark.model

CORPUS = Path(__file__).parent.parent / "examples" / "corpus"
ENTITIES = "https://w3id.org/kg-news/id/graph/entities"
CHANGED = "09_gyumri_torm2_blog.txt"
ALL_QUADS = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
Quads = dict[str, set[tuple[str, str, str]]]


@pytest.fixture(scope="module")
def nlp():  # noqa: ANN201
    """One spaCy pipeline for every build of this module."""
    from kg.nlp import load_pipeline

    return load_pipeline(None)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    return folder


def _build(paths: list[Path] | Path, folder: Path, nlp: object) -> None:
    report = kg.build(paths, store=folder, model=nlp)  # type: ignore[arg-type]
    assert report.failures == ()


def _quads(folder: Path) -> Quads:
    """Every quad of the store by graph, as N-Triples-ish strings (terms with their types)."""
    store = kg.open_store(folder, read_only=True)
    try:
        by_graph: Quads = defaultdict(set)
        for s, p, o, g in store.query(ALL_QUADS).rows:
            by_graph[str(g)].add((s.n3(), p.n3(), o.n3()))  # type: ignore[union-attr]
        return dict(by_graph)
    finally:
        store.close()


def _count(folder: Path) -> int:
    store = kg.open_store(folder, read_only=True)
    try:
        return store.count_triples()
    finally:
        store.close()


def _labelled_in(quads: Quads, graph: str) -> set[str]:
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    return {s for s, p, _ in quads.get(graph, ()) if p == label and s.startswith("<https://w3id.org/kg-news/id/entity/")}


def test_incremental_building_twice_changes_nothing(corpus: Path, tmp_path: Path, nlp: object) -> None:
    store = tmp_path / "store"
    _build(corpus, store, nlp)
    first, count = _quads(store), _count(store)
    _build(corpus, store, nlp)
    assert _count(store) == count
    assert _quads(store) == first


def test_incremental_changed_article_changes_only_its_graph(corpus: Path, tmp_path: Path, nlp: object) -> None:
    store = tmp_path / "store"
    _build(corpus, store, nlp)
    before = _quads(store)
    article = corpus / CHANGED
    # The publisher is an entity of this article only: renaming it must change the entities graph.
    text = article.read_text(encoding="utf-8")
    assert text.startswith("CAUCASUS DISPATCHES\n")
    article.write_text(text.replace("CAUCASUS DISPATCHES", "HIGHLAND DISPATCHES", 1), encoding="utf-8")
    _build(corpus, store, nlp)
    after = _quads(store)

    changed = [g for g in before if g != ENTITIES and before[g] != after.get(g)]
    assert changed == [str(graph_iri(article.name))]
    assert set(after) == set(before)
    # Only entities the old or new version names may change in the entities graph.
    touched = _labelled_in(before, changed[0]) | _labelled_in(after, changed[0])
    diff = before[ENTITIES] ^ after[ENTITIES]
    assert diff and {s for s, _, _ in diff} <= touched
    assert '"Highland Dispatches"' in {o for _, _, o in after[ENTITIES]}
    assert '"Caucasus Dispatches"' not in {o for _, _, o in after[ENTITIES]}

    fresh = tmp_path / "fresh"
    _build(corpus, fresh, nlp)
    assert after == _quads(fresh)


@pytest.fixture
def run():  # noqa: ANN201
    app = typer.Typer(cls=KgGroup, add_completion=False, pretty_exceptions_enable=False)

    @app.callback()
    def _main() -> None:
        """kg"""

    register(app)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args), prog_name="kg")


def test_incremental_remove_drops_the_article_and_its_own_entities(
    run, corpus: Path, tmp_path: Path, nlp: object  # noqa: ANN001
) -> None:
    store = tmp_path / "store"
    _build(corpus, store, nlp)
    before = _quads(store)
    graph = str(graph_iri(CHANGED))
    mine = _labelled_in(before, graph)
    others = set().union(*(_labelled_in(before, g) for g in before if g not in (graph, ENTITIES)))
    only_mine, shared = mine - others, mine & others
    assert only_mine and shared  # the article has both kinds, or the test says nothing

    result = run("remove", CHANGED, "--store", str(store))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"removed {CHANGED} ({graph}); {len(only_mine)} entities no longer mentioned by any document\n"

    after = _quads(store)
    assert graph not in after
    described = {s for s, _, _ in after[ENTITIES]}
    assert only_mine & described == set()
    assert shared <= described
    assert {g: q for g, q in after.items() if g != ENTITIES} == {
        g: q for g, q in before.items() if g not in (graph, ENTITIES)
    }
    # The same as never having built the article at all.
    fresh = tmp_path / "fresh"
    _build(sorted(p for p in corpus.iterdir() if p.name != CHANGED), fresh, nlp)
    assert after == _quads(fresh)


def test_incremental_remove_unknown_or_ambiguous_document(run, corpus: Path, tmp_path: Path, nlp: object) -> None:  # noqa: ANN001
    store = tmp_path / "store"
    _build([corpus / "14_feed.jsonl", corpus / CHANGED], store, nlp)
    result = run("remove", "nothing.txt", "--store", str(store))
    assert (result.exit_code, result.stderr) == (
        1, "Error: no document 'nothing.txt' in the store; the 'doc' column of 'kg ask deployments' lists them\n",
    )
    feed = corpus / "14_feed.jsonl"
    result = run("remove", str(feed), "--store", str(store))
    assert (result.exit_code, result.stderr) == (
        1, f"Error: 2 documents match '{feed}' (14_feed.jsonl:1, 14_feed.jsonl:2); pass one of those file names\n",
    )


def test_incremental_find_document_by_any_name(corpus: Path, tmp_path: Path, nlp: object) -> None:
    store_dir = tmp_path / "store"
    _build([corpus / "14_feed.jsonl", corpus / "12_kurchatov_pantsir.html", corpus / CHANGED], store_dir, nlp)
    store = kg.open_store(store_dir)
    try:
        by_name = find_document(CHANGED, store=store)
        assert find_document(str(corpus / CHANGED), store=store) == by_name
        assert find_document(by_name.iri, store=store) == by_name
        assert find_document(by_name.graph, store=store) == by_name
        line = find_document("14_feed.jsonl:2", store=store)
        assert find_document("https://northernwatch.example/2024/06/14/odesa-patriot-claim", store=store) == line
        html = find_document("12_kurchatov_pantsir.html", store=store)
        assert find_document(str(corpus / "12_kurchatov_pantsir.html"), store=store) == html
        report = remove("14_feed.jsonl:2", store=store)
        assert report.document == line
        with pytest.raises(InputError):
            find_document("14_feed.jsonl:2", store=store)
        assert URIRef(line.graph) not in store.document_graphs()  # type: ignore[attr-defined]
    finally:
        store.close()
