"""Blames: accuser, accused and evidence, on sentences written for these tests."""

from __future__ import annotations

import pytest

from kg.extract.blame import blames


@pytest.fixture(scope="module")
def nlp():
    from kg.nlp import load_pipeline

    return load_pipeline()


CASES = [
    ("Westland blamed Eastmark for the explosion at the dam.", [("Westland", "Eastmark", None)]),
    ("Berlin accused Warsaw of hiding the documents.", [("Berlin", "Warsaw", None)]),
    ("The coastguard blamed the sinking on Norland, without providing evidence.", [("coastguard", "Norland", False)]),
    ("Police held the Red Hand group responsible for the bombing.", [("Police", "Red Hand", None)]),
    # The small model hangs "blamed" off "officials" here: the reduced-relative repair.
    ("A fire that officials blamed on Eastmark destroyed the depot.", [("officials", "Eastmark", None)]),
    ("The depot burned after a strike, an attack local officials blamed on Eastmark's army.",
     [("local officials", "Eastmark's army", None)]),
    ("The series of strikes, often attributed to Eastmark's army, continued.", []),
    ("The bridge was blamed on saboteurs.", []),
    ("Interior Minister Rita Holm said the attack had been organised by Eastmark's intelligence service.",
     [("Rita Holm", "Eastmark's intelligence service", None)]),
    ("Governor Lena Dahl said the shelling of the market was carried out by Norland.", [("Lena Dahl", "Norland", None)]),
    ("Mayor Otto Berg said Norland was responsible for the blackout.", [("Otto Berg", "Norland", None)]),
    ("The city held its annual parade on Sunday.", []),
    ("Kyiv said Moscow was to blame for the blackout.", [("Kyiv", "Moscow", None)]),
    ("Kyiv called Russia a terrorist state.", [("Kyiv", "Russia", None)]),
    ("Zelensky branded Moscow an aggressor.", [("Zelensky", "Moscow", None)]),
    ("The mayor called the bridge a symbol of the city.", []),
    ("Georgia pointed the finger at Russia for the cyberattack.", [("Georgia", "Russia", None)]),
    ("Turkey alleged that Kurdish militants had planted the bomb.", [("Turkey", "Kurdish militants", None)]),
    ("Russia, which Kyiv blames for the dam's destruction, denies involvement.", [("Kyiv", "Russia", None)]),
]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", CASES)
def test_blame_frames(nlp, text, expected):
    rows = [(r.subject.name, r.object.name, r.evidence) for r in blames(nlp(text))]
    assert len(rows) == len(expected), rows
    for (accuser, accused, evidence), (a, b, e) in zip(expected, rows):
        assert accuser.casefold() in a.casefold()
        assert accused.casefold() in b.casefold()
        assert e == evidence


@pytest.mark.model
def test_blame_evidence_in_a_later_sentence(nlp):
    doc = nlp("The ministry blamed Norland for the strike. The ministry offered no evidence for its claim.")
    (rel,) = list(blames(doc))
    assert rel.evidence is False


@pytest.mark.model
def test_blame_one_per_accuser_and_accused(nlp):
    doc = nlp("Westland blamed Eastmark for the raid. Westland said Eastmark was responsible for the raid.")
    assert len(list(blames(doc))) == 1


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Spokeswoman Ida Brun said Valdor was trying to blame its own mistakes on Northland.",
    "Rivanian forces could shell the town, the governor warned.",
])
def test_blame_not_for_attempts_or_possibilities(nlp, text):
    assert list(blames(nlp(text))) == []


@pytest.mark.model
def test_blame_reported_perpetrator_with_evidence_flag(nlp):
    doc = nlp("Rivania's president, Oona Hale, said Northland was behind the explosions, without offering evidence.")
    (rel,) = list(blames(doc))
    assert (rel.subject.name, rel.object.name, rel.evidence) == ("Oona Hale", "Northland", False)


# Blames in other words (sentences written for these tests).
OTHER_WORDS = [
    ("Lithuanian officials pinned the blame on Belarus's border service for the balloon flights.",
     [("Lithuanian officials", "Belarus's border service", None)]),
    ("A blast at the oil depot, which Riga attributed to a Russian drone, lit up the harbour.", [("Riga", "Russia", None)]),
    ("The farmers' union put the loss of the harvest down to a missile strike by the Eastmark army.",
     [("farmers' union", "Eastmark army", None)]),
    ("Estonia's prime minister Kaja Kallas charged that Moscow was behind the cable damage.", [("Kaja Kallas", "Moscow", None)]),
    ("The minister's remarks, in an interview carried by Delfi, were brief.", []),
    ("Kyiv said Russia bore responsibility for the dam breach.", [("Kyiv", "Russia", None)]),
]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", OTHER_WORDS)
def test_blame_in_other_words(nlp, text, expected):
    got = [(r.subject.name, r.object.name, r.evidence) for r in blames(nlp(text))]
    assert len(got) == len(expected), got
    for (accuser, accused, ev), (g_accuser, g_accused, g_ev) in zip(expected, got):
        assert accuser.casefold() in g_accuser.casefold() and accused.casefold() in g_accused.casefold() and ev == g_ev, got
