"""The scorer: the gold FORMAT's matching rule, grouping rows by document, and kg.evaluate end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kg
from kg.errors import InputError
from kg.evaluate import Score, load_gold, match_document, names_match, normalise, score_rows, text_contains

EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.mark.parametrize(
    "name, normal",
    [
        ("The Russian  Defence-Ministry", "russian defence ministry"),
        ("ＳＡＭ", "sam"),  # NFKC
        ("S-400", "s 400"),
    ],
)
def test_evaluate_normalise(name: str, normal: str) -> None:
    assert normalise(name) == normal


@pytest.mark.parametrize(
    "a, b, match",
    [
        ("defense ministry", "Russian Defense Ministry headquarters", True),
        ("Ministry", "ministry of defence", True),
        ("Pantsir S1", "Pantsir-S1", True),
        ("Pantsir", "Pantsir-S1", True),
        ("S1", "Pantsir-S1", True),  # a whole word of the longer name
        ("Pant", "Pantsir", False),
        ("", "Pantsir", False),
        (None, "Pantsir", False),
    ],
)
def test_evaluate_names_match(a: str | None, b: str, match: bool) -> None:
    assert names_match(a, b) is match


def test_evaluate_text_contains_quote() -> None:
    assert text_contains("He said he would fully redirect you to the Ministry.", "fully redirect you to the ministry")
    assert not text_contains("redirect", "fully redirect")


GOLD = {
    "a.txt": {
        "doc": "a.txt",
        "deployments": [{"system": ["S-400"], "location": ["Moscow"], "date": None, "acknowledged": True}],
        "statements": [{"speaker": ["Dmitry Peskov"], "kind": "declined", "quote": "redirect you"}],
        "blames": [{"accuser": ["Ukraine"], "accused": ["Russia"], "for": "x", "evidence": None}],
    },
    "b.txt": {
        "doc": "b.txt",
        "deployments": [{"system": ["Iskander"], "location": ["Belarus"], "date": None, "acknowledged": False}],
        "statements": [],
        "blames": [],
    },
    "c.txt": {"doc": "c.txt", "deployments": [], "statements": [], "blames": []},
}


def test_evaluate_score_rows_groups_by_doc() -> None:
    rows = {
        "deployments": [
            {"system": "S-400", "system_mention": "S-400s", "location": "Moscow", "acknowledged": True, "doc": "a.txt"},
            # A mention may match when the canonical label does not.
            {"system": "9K720 Iskander-M", "system_mention": "Iskander", "location": "Republic of Belarus",
             "location_mention": "Belarus", "acknowledged": True, "doc": "b.txt"},
            {"system": "Tor-M2", "location": "Minsk", "acknowledged": False, "doc": "b.txt"},
            {"system": "Kh-101", "location": "Kyiv", "doc": "not-in-gold.txt"},
        ],
        "statements": [
            {"speaker": "Dmitry Peskov", "kind": "declined", "text": "he would fully redirect you", "doc": "a.txt"},
            {"speaker": "Dmitry Peskov", "kind": "declined", "text": "he would fully redirect you", "doc": "a.txt"},
        ],
        "blames": [],
    }
    score = score_rows(GOLD, rows, ["a.txt", "b.txt", "not-in-gold.txt"])
    counts = {k: (c.tp, c.fp, c.fn) for k, c in score.kinds.items()}
    # c.txt was not built, so it is not scored; not-in-gold.txt has no gold, so neither.
    assert counts == {"deployments": (2, 1, 0), "statements": (1, 1, 0), "blames": (0, 0, 1)}
    assert (score.acknowledged_right, score.acknowledged_total) == (1, 2)
    assert round(score.micro.f1, 4) == round(2 * 3 / (2 * 3 + 2 + 1), 4)


def test_evaluate_score_rows_equals_match_document() -> None:
    rows = {"deployments": [{"system": "S-400", "location": "Moscow", "acknowledged": True, "doc": "a.txt"}]}
    direct = Score()
    match_document("a.txt", {"deployments": rows["deployments"]}, GOLD["a.txt"], direct)
    assert score_rows(GOLD, rows, ["a.txt"]).as_dict() == direct.as_dict()


def test_evaluate_needs_gold_files(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        kg.evaluate(tmp_path, [tmp_path])
    assert str(err.value) == f"no gold files (*.json) in {tmp_path}; see the gold FORMAT.md"


@pytest.mark.model
def test_evaluate_examples_end_to_end(tmp_path: Path) -> None:
    """kg.evaluate builds, asks and scores; the result is the same as scoring the rows of kg ask."""
    corpus = EXAMPLES / "corpus"
    gold_dir = EXAMPLES / "gold"
    if not any(gold_dir.glob("*.json")):
        pytest.skip("no example gold yet")
    score = kg.evaluate(gold_dir, [corpus])
    total = score.micro
    assert total.tp + total.fn == sum(len(g[k]) for g in load_gold(gold_dir).values() for k in score.kinds)
    assert 0.0 < total.f1 <= 1.0

    store = tmp_path / "kg-store"
    report = kg.build([corpus], store=str(store), workers=1)
    assert report.documents > 0
    rows = {kind: kg.ask(kind, store=str(store)).rows for kind in score.kinds}
    built = kg.query(DOCUMENT_NAMES, store=str(store)).rows
    again = score_rows(load_gold(gold_dir), rows, {r["name"] for r in built})
    assert json.dumps(again.as_dict(), sort_keys=True) == json.dumps(score.as_dict(), sort_keys=True)


DOCUMENT_NAMES = "PREFIX kg: <https://w3id.org/kg-news/ontology#> SELECT DISTINCT ?name WHERE { GRAPH ?g { ?d kg:fileName ?name } }"
