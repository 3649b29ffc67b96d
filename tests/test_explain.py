"""kg explain: from a fact, a deployment, an entity or a question's row to sentences and offsets.

Runs on the hand-made dataset of conftest.py (no spaCy), through the library
function and through the commands of kg/cli_trust.py on a fresh typer app.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from conftest import TEXT_A, TEXT_B, event
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kg.cli import KgGroup
from kg.cli_trust import register
from kg.errors import InputError, UnknownQuestion
from kg.explain import UnknownTarget, explain

FACT = "https://w3id.org/kg-news/id/fact/"
S400_MOSCOW = str(event("s-400", "moscow"))


# --- the library function ------------------------------------------------------------------


def test_explain_fact_gives_slots_sentence_document_and_offsets(sample_store: object) -> None:
    found = explain(FACT + "a.txt/0", store=sample_store)
    assert (found.matched, found.label) == ("fact", "deployment: S-400 at Moscow")
    (fact,) = found.facts
    assert (fact.kind, fact.role, fact.extractor, fact.date, fact.event) == (
        "deployment", "fact", "kg.deployment.v1", "2023-01-19", S400_MOSCOW,
    )
    system, location = fact.slot("system"), fact.slot("location")
    assert system is not None and location is not None
    assert (system.label, system.entity) == ("S-400", "https://w3id.org/kg-news/id/entity/s-400")
    assert system.mention is not None and TEXT_A[system.mention.start : system.mention.end] == "S-400"
    assert location.mention is not None and TEXT_A[location.mention.start : location.mention.end] == "Moscow"
    assert fact.sentence is not None
    assert fact.sentence.text == TEXT_A[fact.sentence.start : fact.sentence.end]
    assert fact.sentence.text.startswith("Russia has placed S-400 launchers")
    assert (fact.source.doc, fact.source.publisher, fact.source.published) == ("a.txt", "Agency One", "2023-01-20")
    assert fact.offsets_ok and found.offsets_ok


def test_explain_statement_and_blame_slots(sample_store: object) -> None:
    ack = explain(FACT + "a.txt/1", store=sample_store).facts[0]
    assert ack.kind == "acknowledgement"
    assert ack.slot("speaker").label == "Dmitry Peskov"  # type: ignore[union-attr]
    assert ack.slot("text").label == "the launchers were placed there to protect the capital"  # type: ignore[union-attr]
    assert ack.links == (("acknowledges", S400_MOSCOW),)
    blame = explain(FACT + "a.txt/2", store=sample_store).facts[0]
    assert blame.kind == "blame" and blame.evidence is False
    assert [s.role for s in blame.slots] == ["accuser", "accused", "act"]
    assert blame.summary == "Ukraine blames Russia for shelling the power plant"


def test_explain_deployment_event_lists_every_report_and_the_acknowledgement(sample_store: object) -> None:
    found = explain(S400_MOSCOW, store=sample_store)
    assert found.matched == "deployment"
    assert [(f.fact.removeprefix(FACT), f.role) for f in found.facts] == [
        ("a.txt/0", "report"), ("a.txt/1", "acknowledges"), ("b.txt/6", "report"),
    ]
    assert {f.source.doc for f in found.facts} == {"a.txt", "b.txt"}


def test_explain_denied_deployment_shows_the_denial(sample_store: object) -> None:
    found = explain(str(event("iskander", "belarus")), store=sample_store)
    assert [(f.fact.removeprefix(FACT), f.role) for f in found.facts] == [("a.txt/3", "report"), ("b.txt/5", "denies")]


@pytest.mark.parametrize("name", ["Dmitry Peskov", "dmitry peskov", "  DMITRY PESKOV ", "Peskov"])
def test_explain_entity_by_any_of_its_names_ignoring_case(sample_store: object, name: str) -> None:
    found = explain(name, store=sample_store)
    assert (found.matched, found.label) == ("entity", "Dmitry Peskov")
    assert found.entities == ("https://w3id.org/kg-news/id/entity/dmitry-peskov",)
    assert [(f.fact.removeprefix(FACT), f.role, f.kind) for f in found.facts] == [
        ("a.txt/1", "speaker", "acknowledgement"), ("b.txt/1", "speaker", "declined"),
    ]


def test_explain_entity_iri(sample_store: object) -> None:
    found = explain("https://w3id.org/kg-news/id/entity/iran", store=sample_store)
    assert [(f.fact.removeprefix(FACT), f.role) for f in found.facts] == [("a.txt/4", "accused")]


def test_explain_question_row_reruns_the_question(sample_store: object) -> None:
    found = explain("unacknowledged-deployments:1", store=sample_store)
    assert found.matched == "row"
    assert found.row is not None and (found.row["system"], found.row["location"]) == ("Iskander", "Belarus")
    assert [(f.fact.removeprefix(FACT), f.role) for f in found.facts] == [("a.txt/3", "report"), ("b.txt/5", "denies")]
    assert found.facts[0].sentence.text == "Iskander missiles were spotted in Belarus."  # type: ignore[union-attr]


def test_explain_question_row_with_parameters(sample_store: object) -> None:
    found = explain("statements-by:1", store=sample_store, params={"speaker": "peskov"})
    assert found.row is not None and found.row["speaker_name"] == "Dmitry Peskov"
    assert found.facts[0].kind in ("acknowledgement", "declined")


def test_explain_row_of_a_blame_question_explains_blame_and_denial(sample_store: object) -> None:
    found = explain("contested-blames:1", store=sample_store)
    kinds = sorted(f.kind for f in found.facts)
    assert "blame" in kinds and "denial" in kinds


@pytest.mark.parametrize(
    "target, error, message",
    [
        ("xyz", UnknownTarget,
         "no fact or entity matches 'xyz'; try a name from 'kg ask deployments' or a fact IRI from any question"),
        ("mosc", UnknownTarget, "no fact or entity matches 'mosc'; did you mean 'Moscow'?"),
        (FACT + "a.txt/99", UnknownTarget,
         f"no fact or entity matches '{FACT}a.txt/99'; the store has no such fact; was its article rebuilt or removed?"),
        ("https://w3id.org/kg-news/id/deployment/0000", UnknownTarget,
         "no fact or entity matches 'https://w3id.org/kg-news/id/deployment/0000'; "
         "no article reports that deployment; see 'kg ask deployments'"),
        (FACT + "a b", UnknownTarget,
         f"no fact or entity matches '{FACT}a b'; that is not a valid IRI; copy it whole from a question's answer"),
        ("deployments:99", InputError, "'deployments' answered 5 rows; ask for a row from 1 to 5"),
        ("deployments:0", InputError, "'deployments' answered 5 rows; ask for a row from 1 to 5"),
        ("blame:1", UnknownQuestion, "no question named 'blame'; see 'kg questions'"),
        ("", UnknownTarget,
         "no fact or entity matches ''; try a name from 'kg ask deployments' or a fact IRI from any question"),
    ],
)
def test_explain_unknown_targets_are_one_line_errors(
    sample_store: object, target: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as caught:
        explain(target, store=sample_store)
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)


def test_explain_flags_offsets_that_do_not_cut_their_text(sample_store: object) -> None:
    sample_store.update(  # type: ignore[attr-defined]
        "PREFIX oa: <http://www.w3.org/ns/oa#> "
        "DELETE { GRAPH ?g { ?m oa:exact ?x } } INSERT { GRAPH ?g { ?m oa:exact \"Kremlin\" } } "
        "WHERE { GRAPH ?g { <https://w3id.org/kg-news/id/fact/a.txt/0> "
        "<https://w3id.org/kg-news/ontology#systemMention> ?m . ?m oa:exact ?x } }"
    )
    found = explain(FACT + "a.txt/0", store=sample_store)
    assert not found.offsets_ok
    assert found.facts[0].slot("system").mention.ok is False  # type: ignore[union-attr]
    assert found.facts[0].sentence.ok is True  # type: ignore[union-attr]


def test_explain_as_dict_is_json(sample_store: object) -> None:
    data = json.loads(json.dumps(explain(S400_MOSCOW, store=sample_store).as_dict()))
    first = data["facts"][0]
    assert set(first) >= {"fact", "kind", "slots", "document", "sentence", "offsets_ok"}
    assert first["document"] == {
        "doc": "a.txt", "iri": "https://w3id.org/kg-news/id/doc/a.txt", "url": None, "publisher": "Agency One",
        "published": "2023-01-20", "headline": None, "sha256": first["document"]["sha256"],
    }
    assert first["slots"]["system"]["mention"] == {"text": "S-400", "start": 18, "end": 23, "offsets_ok": True}
    assert first["sentence"]["start"] == 0 and TEXT_A[: first["sentence"]["end"]] == first["sentence"]["text"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.text(min_size=1, max_size=40) | st.sampled_from(['" } ; DROP ALL ; {', "x') || true || ('", "?name", "<>"]))
def test_explain_any_text_is_bound_never_pasted(sample_store: object, target: str) -> None:
    before = sample_store.count_triples()  # type: ignore[attr-defined]
    try:
        explain(target, store=sample_store)
    except (UnknownTarget, UnknownQuestion, InputError):
        pass
    assert sample_store.count_triples() == before  # type: ignore[attr-defined]


# --- the commands ---------------------------------------------------------------------------


@pytest.fixture
def run():  # noqa: ANN201
    """Invoke the trust commands on a fresh app with kg's error handler."""
    app = typer.Typer(cls=KgGroup, add_completion=False, pretty_exceptions_enable=False)

    @app.callback()
    def _main() -> None:
        """kg"""

    register(app)
    runner = CliRunner()

    def invoke(*args: str):  # noqa: ANN202
        return runner.invoke(app, list(args), prog_name="kg")

    return invoke


def test_cli_explain_table_shows_the_sentence_and_offsets(run, sample_store_dir: Path) -> None:  # noqa: ANN001
    result = run("explain", S400_MOSCOW, "--store", str(sample_store_dir))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "S-400 at Moscow"
    assert lines[1] == "3 supporting facts; offsets match the stored text"
    assert "[1] deployment: S-400 at Moscow (reports it)" in lines
    assert '    system     S-400  ←  "S-400" [18:23]' in lines
    assert "    document   a.txt · Agency One · 2023-01-20" in lines
    assert any(line.startswith('    sentence   [0:87] "Russia has placed S-400') for line in lines)


def test_cli_explain_json(run, sample_store_dir: Path) -> None:  # noqa: ANN001
    result = run("explain", "unacknowledged-deployments:1", "--format", "json", "--store", str(sample_store_dir))
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["matched"] == "row" and data["row"]["system"] == "Iskander"
    assert data["facts"][0]["document"]["doc"] == "a.txt"


def test_cli_explain_row_with_parameter(run, sample_store_dir: Path) -> None:  # noqa: ANN001
    result = run("explain", "statements-by:2", "-p", "speaker", "Peskov", "-f", "csv", "--store", str(sample_store_dir))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("fact,kind,role,summary,doc")


def test_cli_explain_unknown_target(run, sample_store_dir: Path) -> None:  # noqa: ANN001
    result = run("explain", "Atlantis", "--store", str(sample_store_dir))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: no fact or entity matches 'Atlantis'; "
        "try a name from 'kg ask deployments' or a fact IRI from any question\n"
    )


def test_cli_explain_no_store(run, tmp_path: Path) -> None:  # noqa: ANN001
    where = tmp_path / "nowhere"
    result = run("explain", "Moscow", "--store", str(where))
    assert (result.exit_code, result.stderr) == (1, f"Error: no store at {where}; build one with 'kg build PATH --store {where}'\n")


def test_cli_help_of_trust_commands_has_an_example(run) -> None:  # noqa: ANN001
    for command in ("explain", "validate", "import", "remove"):
        result = run(command, "--help")
        assert result.exit_code == 0
        assert "Example:" in result.stdout and f"kg {command}" in result.stdout


def test_cli_validate_conforming_store(run, sample_store_dir: Path) -> None:  # noqa: ANN001
    result = run("validate", "--store", str(sample_store_dir))
    assert (result.exit_code, result.stdout) == (0, "SHACL: every fact conforms to the shapes\n"), result.output


def test_cli_validate_violation_exits_4(run, sample_store_dir: Path) -> None:  # noqa: ANN001
    import kg

    store = kg.open_store(sample_store_dir)
    try:
        store.update(
            "DELETE WHERE { GRAPH ?g { <https://w3id.org/kg-news/id/fact/b.txt/3> "
            "<https://w3id.org/kg-news/ontology#sentence> ?s } }"
        )
    finally:
        store.close()
    result = run("validate", "--store", str(sample_store_dir))
    assert result.exit_code == 4
    assert result.stdout.splitlines() == [
        "Violation: fact has no sentence (kg:sentence)",
        "    fact      https://w3id.org/kg-news/id/fact/b.txt/3",
        "    path      https://w3id.org/kg-news/ontology#sentence",
        "    document  b.txt",
        "1 SHACL violation",
    ]
    assert result.stderr == "Error: 1 SHACL violation(s) found\n"
    data = json.loads(run("validate", "-f", "json", "--store", str(sample_store_dir)).stdout)
    assert data["violations"] == [{
        "doc": "b.txt", "fact": "https://w3id.org/kg-news/id/fact/b.txt/3",
        "path": "https://w3id.org/kg-news/ontology#sentence", "message": "fact has no sentence (kg:sentence)",
        "severity": "Violation",
    }]


def test_sample_texts_are_what_the_offsets_index(sample_store: object) -> None:
    """The dataset's texts are stored whole: every fact of both documents checks out."""
    for doc, n in (("a.txt", 6), ("b.txt", 7)):
        for i in range(n):
            found = explain(f"{FACT}{doc}/{i}", store=sample_store)
            assert found.offsets_ok, (doc, i)
    assert TEXT_B  # both documents are in the dataset


def test_explain_document_without_publisher_has_no_publisher(sample_store: object) -> None:
    """An unbound publisher must not pick up some other entity's label (test_issue: label lookups on unbound IRIs)."""
    sample_store.update(  # type: ignore[attr-defined]
        "DELETE WHERE { GRAPH ?g { <https://w3id.org/kg-news/id/doc/a.txt> <https://schema.org/publisher> ?p } }"
    )
    fact = explain(FACT + "a.txt/0", store=sample_store).facts[0]
    assert (fact.source.doc, fact.source.publisher) == ("a.txt", None)
