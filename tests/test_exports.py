"""Exports are lossless: each format parses back into the same dataset, and an import answers the same.

The example corpus is built once (module fixture). The reference is the store
read quad by quad through SPARQL; every export is parsed with rdflib (an
independent parser) and compared graph by graph with ``rdflib.compare.isomorphic``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from typer.testing import CliRunner

import kg
from kg.cli import KgGroup
from kg.cli_trust import register

pytestmark = pytest.mark.model

CORPUS = Path(__file__).parent.parent / "examples" / "corpus"
ALL_QUADS = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
DEFAULT_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A closed store folder holding the example corpus."""
    folder = tmp_path_factory.mktemp("exports") / "store"
    report = kg.build([CORPUS], store=folder)
    assert report.failures == ()
    return folder


@pytest.fixture(scope="module")
def reference(built: Path) -> dict[URIRef, Graph]:
    """The store's named graphs, read quad by quad."""
    store = kg.open_store(built, read_only=True)
    try:
        graphs: dict[URIRef, Graph] = {}
        for s, p, o, g in store.query(ALL_QUADS).rows:
            graphs.setdefault(g, Graph()).add((s, p, o))  # type: ignore[arg-type]
        assert store.query(DEFAULT_TRIPLES).rows == ()  # kg writes named graphs only
    finally:
        store.close()
    assert len(graphs) == len(kg.read_corpus([CORPUS])) + 1  # one per document, and the entities graph
    return graphs


def _export(folder: Path, fmt: str) -> bytes:
    out = io.BytesIO()
    kg.export(store=str(folder), out=out, fmt=fmt)
    return out.getvalue()


def _same(got: Graph, want: Graph, what: str) -> None:
    if isomorphic(got, want):
        return
    _both, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
    extra = sorted(only_got)[:3]
    missing = sorted(only_want)[:3]
    pytest.fail(f"{what}: {len(only_got)} extra triples {extra}, {len(only_want)} missing {missing}")


@pytest.mark.parametrize("fmt, rdflib_format", [("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")])
def test_exports_quad_formats_keep_every_named_graph(
    built: Path, reference: dict[URIRef, Graph], fmt: str, rdflib_format: str
) -> None:
    ds = Dataset()
    ds.parse(data=_export(built, fmt), format=rdflib_format)
    parsed = {g.identifier: g for g in ds.graphs() if len(g)}
    assert set(parsed) == set(reference), f"{fmt}: graphs differ"
    for name, graph in reference.items():
        _same(parsed[name], graph, f"{fmt} graph {name}")  # type: ignore[index]


@pytest.mark.parametrize("fmt, rdflib_format", [("turtle", "turtle"), ("ntriples", "nt")])
def test_exports_triple_formats_hold_the_union_graph(
    built: Path, reference: dict[URIRef, Graph], fmt: str, rdflib_format: str
) -> None:
    union = Graph()
    for graph in reference.values():
        for triple in graph:
            union.add(triple)
    parsed = Graph().parse(data=_export(built, fmt), format=rdflib_format)
    _same(parsed, union, f"{fmt} union")


def test_exports_text_literals_survive_exactly(built: Path, reference: dict[URIRef, Graph]) -> None:
    """Document texts (newlines, quotes, non-ASCII) come back character for character in every format."""
    text = URIRef("https://w3id.org/kg-news/ontology#text")
    want = sorted(str(o) for g in reference.values() for o in g.objects(None, text))
    assert len(want) == len(kg.read_corpus([CORPUS]))
    for fmt, rdflib_format in (("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld"), ("turtle", "turtle")):
        ds = Dataset()
        ds.parse(data=_export(built, fmt), format=rdflib_format)
        got = sorted({str(o) for g in ds.graphs() for o in g.objects(None, text)})
        assert got == want, fmt


# --- kg import --------------------------------------------------------------------------------


@pytest.fixture
def run():  # noqa: ANN201
    app = typer.Typer(cls=KgGroup, add_completion=False, pretty_exceptions_enable=False)

    @app.callback()
    def _main() -> None:
        """kg"""

    register(app)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args), prog_name="kg")


def _answers(folder: Path) -> dict[str, object]:
    store = kg.open_store(folder, read_only=True)
    try:
        out: dict[str, object] = {"stats": kg.stats(store=store)}
        for q in kg.questions():
            params = {p.name: "Peskov" for p in q.params if p.required}
            out[q.name] = kg.ask(q.name, store=store, params=params).rows
    finally:
        store.close()
    return out


@pytest.mark.parametrize("fmt, suffix", [("trig", ".trig"), ("nquads", ".nq"), ("jsonld", ".jsonld")])
def test_exports_import_answers_like_the_original(
    run, built: Path, tmp_path: Path, fmt: str, suffix: str  # noqa: ANN001
) -> None:
    exported = tmp_path / f"graph{suffix}"
    exported.write_bytes(_export(built, fmt))
    target = tmp_path / "imported"
    result = run("import", str(exported), "--store", str(target))
    assert result.exit_code == 0, result.output
    original = _answers(built)
    assert result.stdout == f"imported {original['stats']['triples']} quads from {exported} into {target}\n"  # type: ignore[index]
    assert json.dumps(_answers(target), sort_keys=True) == json.dumps(original, sort_keys=True)


def test_exports_importing_twice_adds_nothing(run, built: Path, tmp_path: Path) -> None:  # noqa: ANN001
    exported = tmp_path / "graph.nq"
    exported.write_bytes(_export(built, "nquads"))
    target = tmp_path / "imported"
    assert run("import", str(exported), "-s", str(target)).exit_code == 0
    again = run("import", str(exported), "--format", "nquads", "-s", str(target))
    assert (again.exit_code, again.stdout) == (0, f"imported 0 quads from {exported} into {target}\n")


def test_exports_import_errors_are_one_line(run, tmp_path: Path) -> None:  # noqa: ANN001
    bad = tmp_path / "bad.trig"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    result = run("import", str(bad), "-s", str(tmp_path / "s1"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}: not valid trig: ") and result.stderr.count("\n") == 1
    unknown = tmp_path / "graph.xyz"
    unknown.write_text("", encoding="utf-8")
    result = run("import", str(unknown), "-s", str(tmp_path / "s2"))
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {unknown}: cannot tell the RDF format from the extension; pass a format\n",
    )
    result = run("import", str(tmp_path / "gone.nq"), "-s", str(tmp_path / "s3"))
    assert (result.exit_code, result.stderr) == (1, f"Error: {tmp_path / 'gone.nq'}: no such file\n")


def test_exports_import_into_an_endpoint_is_refused(run, tmp_path: Path) -> None:  # noqa: ANN001
    result = run("import", str(tmp_path / "graph.nq"), "-s", "http://localhost:7878/query")
    assert (result.exit_code, result.stderr) == (
        1, "Error: kg import loads into an embedded store, not http://localhost:7878/query; "
        "import locally, then 'kg push http://localhost:7878/query'\n",
    )
    assert not Path("http:").exists()
