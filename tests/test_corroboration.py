"""Corroboration counts independent sources: copies of one wire story or one text count once.

A small feed written for this test reports one S-400 deployment five times:
two outlets run the same Reuters story (different headlines and credit lines, so
different texts), two outlets run one identical text, and one outlet reports it
itself. That is 5 reports, 5 publishers and 3 independent sources.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

import kg
from kg.corpus import read_corpus
from kg.corroboration import corroboration, origin_key, wire_origin

CORPUS = Path(__file__).parent.parent / "examples" / "corpus"
STORY = (
    "Russia has deployed additional S-400 launchers near the town of Chernyakhovsk in its Kaliningrad exclave, "
    "commercial satellite pictures indicate. The pictures show at least four launch vehicles and a search radar "
    "parked on a former tank range east of the town."
)
FEED = [
    {"text": "Satellite pictures show new S-400 site\n\nVILNIUS, March 3, 2024 (Reuters) - " + STORY,
     "url": "https://lamp.example/1", "publisher": "Daily Lamp", "published": "2024-03-03"},
    {"text": "New air defence launchers in Kaliningrad\n\nVILNIUS, March 3, 2024 (Reuters) - " + STORY
     + "\n\nReporting by Jane Doe; Editing by John Roe",
     "url": "https://harbour.example/2", "publisher": "Harbour Times", "published": "2024-03-04"},
    {"text": "Residents see launchers\n\nCHERNYAKHOVSK - Russia has deployed S-400 launchers near Chernyakhovsk, "
     "residents told the Valley Courier on Monday, describing trucks on the old tank range.",
     "url": "https://valley.example/3", "publisher": "Valley Courier", "published": "2024-03-05"},
    {"text": "S-400 near Chernyakhovsk\n\n" + STORY, "url": "https://north.example/4", "publisher": "North Post",
     "published": "2024-03-05"},
    {"text": "S-400 near Chernyakhovsk\n\n" + STORY, "url": "https://south.example/5", "publisher": "South Post",
     "published": "2024-03-06"},
]
WIRE_ORIGIN = URIRef("https://w3id.org/kg-news/ontology#wireOrigin")


@pytest.fixture(scope="module")
def feed_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    folder = tmp_path_factory.mktemp("corroboration")
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(line) for line in FEED) + "\n", encoding="utf-8")
    store = kg.open_store(folder / "store")
    try:
        report = kg.build([folder / "feed.jsonl"], store=store)
        assert report.failures == () and report.facts["deployment"] == 5
        yield store
    finally:
        store.close()


# --- wire origins ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, publisher, origin",
    [
        ("GENEVA, May 2 (Reuters) - Talks resumed.", None, "Reuters"),
        ("KYIV (AP) — A drone hit a depot.", None, "Associated Press"),
        ("PARIS, 2 May 2024 (AFP) - Talks resumed.", None, "Agence France-Presse"),
        ("BERLIN, 3 June (dpa) - A battery arrived.", None, "Deutsche Presse-Agentur"),
        ("Headline\n\nMOSCOW, Jan. 5 (Interfax) - The ministry said.", "Daily Lamp", "Interfax"),
        ("The ministry said so on Monday.\n\n— AFP", None, "Agence France-Presse"),
        ("The ministry said so.\nSource: Reuters", None, "Reuters"),
        ("The ministry said so.\nThe Associated Press contributed to this report.", None, "Associated Press"),
        ("The ministry said so.\nReporting by Jane Doe; Editing by John Roe", None, "Reuters"),
        ("KALININGRAD, March 7, 2024 (NPA) - A commander confirmed.", "Nordic Press Agency", "Nordic Press Agency"),
        ("KALININGRAD, March 3, 2024 (Baltic Wire) - Russia has deployed.", "Baltic Wire", "Baltic Wire"),
        ("ODESA - Russia's Defence Ministry said on Friday.", None, None),
        ("Officials told AFP that the launchers had arrived.", None, None),
        ("He reads Reuters and AP every morning, he said.", None, None),
        ("The ministry said so.\nap", None, None),
        ("", None, None),
    ],
)
def test_corroboration_wire_origin(text: str, publisher: str | None, origin: str | None) -> None:
    assert wire_origin(text, publisher=publisher) == origin


@pytest.mark.model
def test_corroboration_example_wire_stories_are_their_publishers_own() -> None:
    """The example wire stories name their own agency in the dateline; the others state no wire origin."""
    found = {d.name: wire_origin(d.text, publisher=d.publisher) for d in read_corpus(CORPUS)}
    assert {n: o for n, o in found.items() if n[:2] in {"02", "03", "04", "06", "07", "09", "11"}} == dict.fromkeys(
        ["02_crimea_pantsir_blog.txt", "03_sevastopol_torm2_newspaper.txt", "04_valdai_pantsir_brief.txt",
         "06_belgorod_substation_newspaper.txt", "07_syria_khmeimim_analysis.txt", "09_gyumri_torm2_blog.txt",
         "11_penghu_himars_newspaper.txt"]
    )
    assert {name: o for name, o in found.items() if name[:2] in {"01", "05", "08", "10"}} == {
        "01_kaliningrad_s400_wire.txt": "Baltic Wire",
        "05_kaliningrad_confirmed_wire.txt": "Nordic Press Agency",
        "08_siauliai_nasams_wire.txt": "Amber Coast News",
        "10_red_sea_launchers_wire.txt": "Gulf & Horn Newswire",
    }


def test_corroboration_origin_key() -> None:
    assert origin_key("Reuters", "https://w3id.org/kg-news/id/entity/x", "ab") == "https://w3id.org/kg-news/id/entity/reuters"
    assert origin_key(None, "https://w3id.org/kg-news/id/entity/x", "ab") == "https://w3id.org/kg-news/id/entity/x"
    assert origin_key(None, None, "ab") == "urn:sha256:ab"


# --- counting ---------------------------------------------------------------------------------


@pytest.mark.model
def test_corroboration_counts_wire_copies_and_identical_texts_once(feed_store: object) -> None:
    (row,) = [c.as_row() for c in corroboration(store=feed_store)]
    assert row == {
        "deployment": row["deployment"],
        "system": "S-400",
        "location": "Chernyakhovsk",
        "sources": 5,
        "publishers": 5,
        "independent": 3,
        "origins": "North Post (2 reports counted once); Reuters (2 reports counted once); Valley Courier",
        "note": "feed.jsonl:4, feed.jsonl:5 are copies of one text; "
        "feed.jsonl:1, feed.jsonl:2 are copies of one Reuters story",
    }


@pytest.mark.model
def test_corroboration_question_merges_wire_copies_and_identical_texts(feed_store: object) -> None:
    """The build records kg:wireOrigin, so the question merges wire copies as well as equal texts."""
    (row,) = kg.ask("corroboration", store=feed_store).rows
    assert (row["sources"], row["independent"]) == (5, 3)
    assert row["origins"] == "North Post (2 reports counted once); Reuters (2 reports counted once); Valley Courier"


@pytest.mark.model
def test_corroboration_question_agrees_with_python_once_the_graph_records_wire_origins(
    tmp_path: Path, feed_store: object
) -> None:
    """With kg:wireOrigin written as proposed for kg/graph.py, the question and the function agree."""
    out = tmp_path / "copy.nq"
    with out.open("wb") as f:
        feed_store.export(f, "nquads")  # type: ignore[attr-defined]
    store = kg.open_store(tmp_path / "store")
    try:
        store.import_file(out)
        _record_wire_origins(store)
        (row,) = kg.ask("corroboration", store=store).rows
        (python,) = corroboration(store=store)
        assert (row["sources"], row["independent"], row["origins"]) == (python.sources, python.independent, "; ".join(python.origins))
        assert row["independent"] == 3
        assert row["origins"] == "North Post (2 reports counted once); Reuters (2 reports counted once); Valley Courier"
    finally:
        store.close()


def _record_wire_origins(store: object) -> None:
    """Add what the proposed kg/graph.py change writes: the wire agency as an Organization entity."""
    from kg.resolve import resolve_name
    from kg.vocab import KG, RDF, RDFS

    rows = store.query(  # type: ignore[attr-defined]
        "SELECT ?g ?d ?text ?name WHERE { GRAPH ?g { ?d <https://w3id.org/kg-news/ontology#text> ?text . "
        "OPTIONAL { ?d <https://schema.org/publisher> ?p . ?p <http://www.w3.org/2000/01/rdf-schema#label> ?name } } }"
    ).rows
    touched = []
    for g, d, text, name in rows:
        wire = wire_origin(str(text), publisher=None if name is None else str(name))
        if wire is None:
            continue
        entity = resolve_name(wire, "Organization")
        triples = [(d, WIRE_ORIGIN, entity.iri), (entity.iri, RDF.type, KG.Organization), (entity.iri, RDFS.label, Literal(entity.label))]
        body = " ".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples)
        store.update(f"INSERT DATA {{ GRAPH {g.n3()} {{ {body} }} }}")  # type: ignore[attr-defined]
        touched.append(entity.iri)
    store.refresh_entities(touched)  # type: ignore[attr-defined]
