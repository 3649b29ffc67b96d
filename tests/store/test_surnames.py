"""Across articles, a person named by surname alone takes the one full name of that surname."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg

pytestmark = pytest.mark.model

ARTICLES = {
    "full.txt": "Kremlin spokesman Dmitry Peskov told reporters on Monday that the ministry would answer all questions.\n",
    "short.txt": "Peskov said on Tuesday that Russia had no information about the drones.\n",
    "later.txt": "Peskov declined to comment on the report.\n",
    "two-lees.txt": "Analyst Rob Lee said the launchers were new.\n\nAdmiral Mark Lee told reporters that the radar was old.\n",
    "lee.txt": "Lee said the photographs were genuine.\n",
}


def _speakers(store: object) -> set[tuple[str, str]]:
    return {(r["speaker"], r["doc"]) for r in kg.ask("statements", store=store).rows}


def test_surname_only_person_takes_the_full_name_in_any_order(tmp_path: Path) -> None:
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    store = kg.open_store(tmp_path / "store")
    try:
        kg.build([tmp_path / "short.txt"], store=store)
        assert _speakers(store) == {("Peskov", "short.txt")}
        kg.build([tmp_path / "full.txt", tmp_path / "later.txt"], store=store)
        assert {s for s, d in _speakers(store) if d in ARTICLES and "Peskov" in s} == {"Dmitry Peskov"}
        kg.remove("full.txt", store=store)
        assert _speakers(store) == {("Peskov", "short.txt"), ("Peskov", "later.txt")}
        # Two full names share the surname: "Lee" alone stays "Lee".
        kg.build([tmp_path / "two-lees.txt", tmp_path / "lee.txt"], store=store)
        assert ("Lee", "lee.txt") in _speakers(store)
    finally:
        store.close()
