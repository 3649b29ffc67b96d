"""Places: the location a noun phrase after a locative preposition stands for, on sentences written for these tests."""

from __future__ import annotations

import pytest

from kg.extract.places import place_from


@pytest.fixture(scope="module")
def nlp():
    from kg.nlp import load_pipeline

    return load_pipeline()


@pytest.mark.model
@pytest.mark.parametrize(
    "text, word, expected",
    [
        ("It stood on the roof of the Lakhta Tower.", "roof", "Lakhta Tower"),
        ("It stood on an office building on Myasnitskaya Street.", "building", "Myasnitskaya Street"),
        ("It stood on an administrative building in central Minsk.", "building", "administrative building in central Minsk"),
        ("It stood at the port of Poti.", "port", "port of Poti"),
        ("It stood in the city of Kursk.", "city", "Kursk"),
        ("It stood on a hill above Balaklava.", "hill", "hill above Balaklava"),
        ("It stood on both buildings.", "buildings", None),
        ("It stood near the frontline.", "frontline", None),
        ("It stood in various places.", "places", None),
    ],
)
def test_places_place_from(nlp, text, word, expected):
    doc = nlp(text)
    tok = next(t for t in doc if t.text == word)
    found = place_from(tok)
    assert (found.name if found else None) == expected
    if found:
        assert doc.text[found.start : found.end] == found.text


@pytest.mark.model
@pytest.mark.parametrize(
    "text, word, expected",
    [
        ("It was sent to the Kidal region.", "region", "Kidal region"),
        ("It was sent to the Russian region.", "region", None),
    ],
)
def test_places_norp_tagged_name_is_a_place(nlp, text, word, expected):
    doc = nlp(text)
    found = place_from(next(t for t in doc if t.text == word))
    assert (found.name if found else None) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text, word, expected",
    [
        ("It was moved into the Russian exclave of Kaliningrad.", "exclave", "Kaliningrad"),
        ("It stood on the peninsula of Crimea.", "peninsula", "Crimea"),
        ("It stood in the area south of Crete.", "area", "area south of Crete"),
        ("It stood on a hilltop overlooking Sevastopol.", "hilltop", "hilltop overlooking Sevastopol"),
    ],
)
def test_places_exclaves_bearings_and_views(nlp, text, word, expected):
    doc = nlp(text)
    found = place_from(next(t for t in doc if t.text == word))
    assert (found.name if found else None) == expected
