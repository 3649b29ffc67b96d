"""No-response records: not statements, but kept, and 'no comment' in acknowledgement-status."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.corpus import make_document
from kg.extract.run import extract_document

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from kg.nlp import load_pipeline

    return load_pipeline()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Navy did not respond to a request for comment on Friday.", [("Navy", "did not respond to a request for comment on Friday")]),
        ("The regional governor could not be reached for comment.", [("governor", "could not be reached for comment")]),
        ("Minister Anna Kask did not immediately reply to emailed questions.", [("Anna Kask", "did not immediately reply to emailed questions")]),
        ("The radar did not respond to the interference.", []),
        ("The ministry responded to the report within an hour.", []),
    ],
)
def test_no_response_frames(nlp, text: str, expected: list[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
    rels = extract_document(nlp, make_document(text, id="t", name="t.txt"))
    got = [(r.subject.name, r.content.text) for r in rels if r.kind == "no_response"]
    assert [(n.split()[-1], c) for n, c in got] == [(n.split()[-1], c) for n, c in expected]
    assert not [r for r in rels if r.kind == "statement" and "respond" in (r.content.text if r.content else "")]


def test_no_response_counts_as_no_comment_in_acknowledgement_status(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "A Tor-M2 launcher was spotted beside the harbour in Baltiysk on Monday.\n\n"
        "The Baltic Fleet did not respond to a request for comment.\n",
        encoding="utf-8",
    )
    store = kg.open_store(tmp_path / "store")
    try:
        kg.build([tmp_path / "a.txt"], store=store)
        (row,) = kg.ask("acknowledgement-status", store=store).rows
        assert (row["system"], row["status"]) == ("Tor-M2", "declined")
        assert row["statements"] == "no response: did not respond to a request for comment"
        assert kg.ask("statements", store=store).rows == []
        assert kg.validate(store).violations == ()
    finally:
        store.close()
