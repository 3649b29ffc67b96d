"""Saved questions: metadata, parameters, and the exact answers on the hand-made dataset (conftest)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import XSD as _XSD
from conftest import _Doc, _MemoryStore, event, sample_quads
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

import kg
from kg.errors import BadParameter, KgError, UnknownQuestion
from kg.questions import (
    Param,
    ask,
    bind_params,
    check_question,
    find_question,
    parse_question,
    questions,
    stats,
    to_json,
    to_term,
)

FACT = "https://w3id.org/kg-news/id/fact/"
S400 = str(event("s-400", "moscow"))
PANTSIR = str(event("pantsir-s1", "russian-ministry-of-defence"))
ISKANDER = str(event("iskander", "belarus"))
SHAHED = str(event("shahed-136", "kyiv"))
NAMES = [q.name for q in questions()]
INJECTION = '" } ; DROP ALL ; #'


def _binds_unprojected(store: object) -> bool:
    """Whether the store binds a variable that the query does not project (SEP-0007 pre-binding)."""
    sparql = "SELECT ?x WHERE { BIND(?p AS ?x) }"
    try:
        rows = store.query(sparql, bindings={"p": Literal("v")}).rows  # type: ignore[attr-defined]
    except (KgError, RuntimeError, ValueError):  # the store refused to bind it
        return False
    return [tuple(map(str, r)) for r in rows] == [("v",)]


@pytest.fixture(params=["embedded", "values"])
def bound_store(request: pytest.FixtureRequest, sample_store: object) -> object:
    """A store holding the dataset, for tests with parameters: they need pre-binding.

    "embedded" is kg's store; "values" is the test stand-in that binds with a VALUES
    block at the start of the WHERE group, as the endpoint store does.
    """
    if request.param == "values":
        store = _MemoryStore("values")
        for s, p, o, g in sample_quads():
            store.add(s, p, o, g)
        return store
    if not _binds_unprojected(sample_store):
        pytest.xfail(
            "the embedded store binds with pyoxigraph substitutions, which only accept projected "
            "variables; kg/store/oxigraph.py should put a VALUES block at the start of the WHERE group"
        )
    return sample_store


# --- metadata ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_questions_metadata_is_complete(name: str) -> None:
    q = find_question(name)[0]
    assert q.title and q.description and q.returns
    assert check_question(q) == []


def test_questions_core_contract() -> None:
    by_name = {q.name: q for q in questions()}
    assert by_name["deployments"].returns == (
        "deployment", "system", "system_mention", "location", "location_mention", "date", "acknowledged", "doc", "sentence",
    )
    assert by_name["statements"].returns == ("statement", "speaker", "speaker_mention", "kind", "text", "date", "doc", "sentence")
    assert by_name["blames"].returns == (
        "blame", "accuser", "accuser_mention", "accused", "accused_mention", "act", "evidence", "doc", "sentence",
    )
    assert by_name["unacknowledged-deployments"].returns == ("deployment", "system", "location", "date", "sources")
    assert {"contested-blames", "declined-to-comment", "corroboration", "timeline", "statements-by",
            "acknowledgement-status"} <= set(by_name)


@pytest.mark.parametrize(
    "sparql, problem",
    [
        ("SELECT ?a WHERE { GRAPH ?g { ?a ?p ?since } }", None),
        ("SELECT ?a ?b WHERE { GRAPH ?g { ?a ?since ?b } }", "projects ['a', 'b'], declares returns ['a']"),
        ("SELECT ?a WHERE { GRAPH ?g { ?a ?p ?o } FILTER(?o > ?since) }", None),
        ("SELECT ?a WHERE { GRAPH ?g { ?a ?p ?o } }", "declared params ['since'] are not variables of the query"),
        (
            "SELECT ?a WHERE { GRAPH ?g { ?a ?p ?since } FILTER(?o > ?until) }",
            "variables ['o', 'until'] are never bound and not declared as params",
        ),
    ],
)
def test_questions_check_finds_wrong_projection_and_params(sparql: str, problem: str | None) -> None:
    header = "#+ title: T\n#+ description: D\n#+ params:\n#+   - {name: since, type: xsd:date, description: d}\n#+ returns: [a]\n"
    q = parse_question(header + sparql, name="t")
    assert check_question(q) == ([] if problem is None else [problem])


def test_questions_check_reports_syntax_errors() -> None:
    q = parse_question("#+ title: T\n#+ description: D\n#+ returns: [a]\nSELECT ?a WHERE { ?a ?b }", name="t")
    problems = check_question(q)
    assert problems[0].startswith("Oxigraph does not parse it: error at 4:")
    assert problems[-1].startswith("rdflib does not parse it")


# --- the core questions on the hand-made dataset ----------------------------------------


def test_questions_deployments(sample_store: object) -> None:
    rows = ask("deployments", store=sample_store).rows
    assert [(r["deployment"], r["system"], r["system_mention"], r["location"], r["date"], r["acknowledged"], r["doc"]) for r in rows] == [
        (FACT + "a.txt/0", "S-400", "S-400", "Moscow", "2023-01-19", True, "a.txt"),
        (FACT + "a.txt/3", "Iskander", "Iskander", "Belarus", None, False, "a.txt"),
        (FACT + "a.txt/5", "Shahed-136", "Shahed", "Kyiv", "2022-10-17", False, "a.txt"),
        (FACT + "b.txt/0", "Pantsir-S1", "Pantsir", "Russian Ministry of Defence", None, False, "b.txt"),
        (FACT + "b.txt/6", "S-400", "S-400", "Moscow", "2023-02", True, "b.txt"),
    ]
    assert rows[3]["location_mention"] == "Ministry of Defence"
    assert rows[3]["sentence"] == "Pantsir systems appeared near the Ministry of Defence building."


def test_questions_statements(sample_store: object) -> None:
    rows = ask("statements", store=sample_store).rows
    assert [(r["statement"], r["speaker"], r["speaker_mention"], r["kind"], r["text"], r["date"]) for r in rows] == [
        (FACT + "a.txt/1", "Dmitry Peskov", "Dmitry Peskov", "acknowledgement",
         "the launchers were placed there to protect the capital", "2023-01-20"),
        (FACT + "b.txt/1", "Dmitry Peskov", "Peskov", "declined", "fully redirect you to the ministry", "2023-02-01"),
        (FACT + "b.txt/2", "Russia", "Moscow", "denial", "rejected the claims about shelling the plant", "2023-02-01"),
        (FACT + "b.txt/4", "Ukraine", "Kyiv", "denial", "dismissed the accusation as absurd", "2023-02-01"),
        (FACT + "b.txt/5", "Belarus", "Belarus", "denial", "that any Iskander was stationed on its soil", "2023-02-01"),
    ]


def test_questions_blames(sample_store: object) -> None:
    rows = ask("blames", store=sample_store).rows
    assert [(r["blame"], r["accuser"], r["accuser_mention"], r["accused"], r["act"], r["evidence"], r["doc"]) for r in rows] == [
        (FACT + "a.txt/2", "Ukraine", "Ukraine", "Russia", "shelling the power plant", False, "a.txt"),
        (FACT + "a.txt/4", "Ukraine", "Kyiv", "Iran", "supplying the drones", None, "a.txt"),
        (FACT + "b.txt/3", "Russia", "Russia", "Ukraine", "the drone attacks", None, "b.txt"),
    ]


def test_questions_unacknowledged_deployments(sample_store: object) -> None:
    answer = ask("unacknowledged-deployments", store=sample_store)
    assert answer.columns == ("deployment", "system", "location", "date", "sources")
    # The S-400 is acknowledged in a.txt, so neither of its two reports is listed.
    assert answer.rows == [
        {"deployment": ISKANDER, "system": "Iskander", "location": "Belarus", "date": None, "sources": 1},
        {"deployment": PANTSIR, "system": "Pantsir-S1", "location": "Russian Ministry of Defence", "date": None, "sources": 1},
        {"deployment": SHAHED, "system": "Shahed-136", "location": "Kyiv", "date": "2022-10-17", "sources": 1},
    ]


# --- the other questions -----------------------------------------------------------------


def test_questions_contested_blames(sample_store: object) -> None:
    rows = ask("contested-blames", store=sample_store).rows
    # Russia denied the shelling (same entity, another article); Ukraine's denial answers
    # the drone blame by kg:responds and by speaker: one row per blame. Iran denied nothing.
    assert [(r["blame"], r["accused"], r["denial"], r["denial_text"], r["denial_doc"]) for r in rows] == [
        (FACT + "a.txt/2", "Russia", FACT + "b.txt/2", "rejected the claims about shelling the plant", "b.txt"),
        (FACT + "b.txt/3", "Ukraine", FACT + "b.txt/4", "dismissed the accusation as absurd", "b.txt"),
    ]
    assert rows[0]["evidence"] is False and rows[1]["evidence"] is None
    assert [r["denials"] for r in rows] == [1, 1]


def test_questions_declined_to_comment(sample_store: object) -> None:
    assert ask("declined-to-comment", store=sample_store).rows == [
        {
            "statement": FACT + "b.txt/1",
            "speaker": "Dmitry Peskov",
            "speaker_mention": "Peskov",
            "text": "fully redirect you to the ministry",
            "date": "2023-02-01",
            "doc": "b.txt",
            "sentence": "Asked about the Pantsir, Peskov said he would fully redirect you to the ministry.",
        }
    ]


def test_questions_corroboration(sample_store: object) -> None:
    rows = ask("corroboration", store=sample_store).rows
    assert rows[0] == {
        "deployment": S400, "system": "S-400", "location": "Moscow",
        "sources": 2, "independent": 2, "origins": "Agency One; Daily Two",
    }
    assert sorted((r["system"], r["sources"], r["origins"]) for r in rows[1:]) == [
        ("Iskander", 1, "Agency One"), ("Pantsir-S1", 1, "Daily Two"), ("Shahed-136", 1, "Agency One"),
    ]


def test_questions_acknowledgement_status(sample_store: object) -> None:
    rows = ask("acknowledgement-status", store=sample_store).rows
    assert {r["system"]: (r["status"], r["statements"]) for r in rows} == {
        "S-400": ("acknowledged", "acknowledgement: the launchers were placed there to protect the capital"),
        "Iskander": ("denied", "denial: that any Iskander was stationed on its soil"),
        "Pantsir-S1": ("declined", "declined: fully redirect you to the ministry"),
        "Shahed-136": ("unaddressed", None),
    }


def test_questions_timeline_is_in_date_order(sample_store: object) -> None:
    rows = ask("timeline", store=sample_store).rows
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert rows[0] == {
        "date": "2022-10-17", "kind": "deployment", "fact": FACT + "a.txt/5", "summary": "Shahed-136 at Kyiv",
        "doc": "a.txt", "sentence": "A Shahed drone was seen over Kyiv on 17 October 2022.",
    }
    summaries = {r["fact"]: r["summary"] for r in rows}
    assert summaries[FACT + "a.txt/2"] == "Ukraine blames Russia for shelling the power plant"
    assert summaries[FACT + "b.txt/5"] == "Belarus (denial): that any Iskander was stationed on its soil"
    assert len(rows) == 13


# --- parameters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("peskov", [FACT + "a.txt/1", FACT + "b.txt/1"]),  # canonical name, any case
        ("PESKOV", [FACT + "a.txt/1", FACT + "b.txt/1"]),
        ("Moscow", [FACT + "b.txt/2"]),  # the words of the article: Russia said it as "Moscow"
        ("nobody", []),
        (INJECTION, []),
    ],
)
def test_questions_statements_by_binds_speaker(bound_store: object, value: str, expected: list[str]) -> None:
    before = bound_store.count_triples()  # type: ignore[attr-defined]
    rows = ask("statements-by", store=bound_store, params={"speaker": value}).rows
    assert [r["statement"] for r in rows] == expected
    assert bound_store.count_triples() == before  # type: ignore[attr-defined]


def test_questions_since_filters_by_date(bound_store: object) -> None:
    rows = ask("deployments", store=bound_store, params={"since": "2023-01-20"}).rows
    # 2023-02 counts for since 2023-01-20 (month precision); undated deployments are left out.
    assert [(r["deployment"], r["date"]) for r in rows] == [(FACT + "b.txt/6", "2023-02")]
    rows = ask("unacknowledged-deployments", store=bound_store, params={"since": "2022-01-01"}).rows
    assert [r["deployment"] for r in rows] == [SHAHED]
    rows = ask("timeline", store=bound_store, params={"since": "2023-02-01"}).rows
    assert {r["doc"] for r in rows} == {"b.txt"} and len(rows) == 7


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_questions_any_speaker_text_is_a_literal(bound_store: object, value: str) -> None:
    rows = ask("statements-by", store=bound_store, params={"speaker": value}).rows
    speakers = {"dmitry peskov", "russia", "ukraine", "belarus", "moscow", "kyiv"}
    assert all(any(value.lower() in s for s in speakers) for _ in rows)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(said=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_questions_any_literal_round_trips(fresh_store: object, said: str) -> None:
    """Whatever words a statement holds come back from the question unchanged."""
    doc = _Doc("h.txt", f"Peskov said {said}", "agency-one", "2024-01-01")
    doc.statement(doc.text, "claim", ("Peskov", "dmitry-peskov"), said)
    fresh_store.replace_document(doc.graph, [(s, p, o) for s, p, o, _g in doc.quads])  # type: ignore[attr-defined]
    rows = ask("statements", store=fresh_store).rows
    assert [(r["text"], r["sentence"], r["speaker"]) for r in rows] == [(said, doc.text, "Peskov")]


def test_questions_bad_date_is_a_bad_parameter() -> None:
    with pytest.raises(BadParameter) as err:
        ask("deployments", store=object(), params={"since": "last week"})  # type: ignore[arg-type]
    assert str(err.value) == "parameter 'since': 'last week' is not a date; use YYYY-MM-DD"


def test_questions_unknown_and_missing_parameters() -> None:
    q = find_question("statements-by")[0]
    with pytest.raises(BadParameter) as err:
        bind_params(q, {})
    assert str(err.value) == "parameter 'speaker': is required by 'statements-by'; pass -p speaker VALUE"
    with pytest.raises(BadParameter) as err:
        bind_params(q, {"speaker": "x", "until": "2023-01-01"})
    assert str(err.value) == "parameter 'until': question 'statements-by' has no such parameter (it takes: speaker)"


@pytest.mark.parametrize(
    "type_, value, term",
    [
        ("xsd:string", 'a "quoted" } value', Literal('a "quoted" } value', datatype=_XSD.string)),
        ("xsd:date", "2023-01-19", Literal("2023-01-19", datatype=_XSD.date)),
        ("xsd:integer", " 42", Literal(42, datatype=_XSD.integer)),
        ("xsd:boolean", "yes", Literal(True, datatype=_XSD.boolean)),
        ("iri", "https://w3id.org/kg-news/id/entity/s-400", URIRef("https://w3id.org/kg-news/id/entity/s-400")),
    ],
)
def test_questions_to_term(type_: str, value: str, term: object) -> None:
    assert to_term(Param("p", type_), value) == term


@pytest.mark.parametrize(
    "type_, value",
    [("xsd:integer", "4.5"), ("xsd:boolean", "maybe"), ("iri", "not an iri"), ("iri", "http://x/> } DROP ALL {")],
)
def test_questions_to_term_rejects(type_: str, value: str) -> None:
    with pytest.raises(BadParameter):
        to_term(Param("p", type_), value)


def test_questions_to_json() -> None:
    assert to_json(None) is None
    assert to_json(Literal(True)) is True
    assert to_json(Literal("false", datatype=_XSD.boolean)) is False
    assert to_json(Literal(3)) == 3
    assert to_json(Literal("2023-01", datatype=_XSD.gYearMonth)) == "2023-01"
    assert to_json(URIRef("https://example.org/x")) == "https://example.org/x"


# --- choosing a question -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, name",
    [
        ("which deployments were never acknowledged?", "unacknowledged-deployments"),
        ("who declined to comment", "declined-to-comment"),
        ("who blamed whom", "blames"),
        ("which sources corroborate a sighting", "corroboration"),
        ("blames that were denied by the accused", "contested-blames"),
        ("events in date order", "timeline"),
        ("what did Peskov say", "statements-by"),
        ("list all statements", "statements"),
        ("was the S-400 deployment acknowledged or denied", "acknowledgement-status"),
    ],
)
def test_questions_free_text_picks_closest(text: str, name: str) -> None:
    question, guessed = find_question(text)
    assert (question.name, guessed) == (name, True)


@pytest.mark.parametrize("text", ["blame", "zzz qqq", ""])
def test_questions_unknown_question(text: str) -> None:
    with pytest.raises(UnknownQuestion) as err:
        find_question(text)
    assert str(err.value) == f"no question named {text!r}; see 'kg questions'"


def test_questions_stats(sample_store: object) -> None:
    counts = stats(store=sample_store)
    assert {k: v for k, v in counts.items() if k != "triples"} == {
        "documents": 2, "deployments": 5, "statements": 5, "blames": 3, "entities": 14,
    }
    assert counts["triples"] == sample_store.count_triples() > 100  # type: ignore[attr-defined]


def test_questions_golden_answers(sample_store: object, golden_dir: Path, update_golden: bool) -> None:
    """Every question's whole answer on the dataset, reviewed as a diff (tests/golden/questions/)."""
    out = golden_dir / "questions"
    for q in questions():
        if any(p.required for p in q.params):
            continue
        got = json.dumps(ask(q.name, store=sample_store).rows, ensure_ascii=False, indent=2) + "\n"
        path = out / f"{q.name}.json"
        if update_golden or not path.exists():
            out.mkdir(parents=True, exist_ok=True)
            path.write_text(got, encoding="utf-8")
        assert got == path.read_text(encoding="utf-8"), f"{q.name}: run pytest --update-golden and review the diff"


# --- the public API -----------------------------------------------------------------------


def test_questions_import_kg_is_cheap() -> None:
    code = "import sys, kg; kg.questions; print(sorted(m for m in ('spacy', 'rdflib', 'pyoxigraph') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("name", kg.__all__)
def test_questions_public_api_resolves(name: str) -> None:
    """Every public name is a function, even after its namesake submodule is imported."""
    import importlib

    module, _attr = kg._API[name]
    importlib.import_module(module)
    assert callable(getattr(kg, name)) and not isinstance(getattr(kg, name), type(kg))


def test_questions_public_function_survives_submodule_import() -> None:
    import kg.questions as _module  # noqa: F401 - the import is the point

    assert callable(kg.questions) and kg.questions.__name__ == "questions"
    assert kg.ask is ask
    assert set(kg.__all__) >= {"read_corpus", "extract", "resolve", "build_graph", "open_store", "build",
                               "ask", "query", "export", "stats", "evaluate", "questions"}


def test_questions_deployments_of_class_includes_subclasses(sample_store: object) -> None:
    """AirDefenceSystem finds a SurfaceToAirMissileSystem too; a drone is not an air-defence system."""
    systems = sorted({r["system"] for r in ask("deployments-of-class", store=sample_store, params={"class": "airdefencesystem"}).rows})
    assert systems == ["Pantsir-S1", "S-400"]
    drones = {r["system"] for r in ask("deployments-of-class", store=sample_store, params={"class": "Drone"}).rows}
    assert drones == {"Shahed-136"}
    assert ask("deployments-of-class", store=sample_store, params={"class": "Artillery"}).rows == []
