"""Agents: names, titles, appositions, descriptions and pronouns inside one document."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.agents import Agents, load_agent_aliases
from kg.extract.blame import blames
from kg.extract.statement import statements


@pytest.fixture(scope="module")
def nlp():
    from kg.nlp import load_pipeline

    return load_pipeline()


def test_agents_aliases_put_variants_on_one_name():
    table = load_agent_aliases()
    assert table["mod"][0] == table["defence ministry"][0] == table["ministry of defense"][0]
    assert table["kiev"][0] == table["kyiv"][0]
    assert table["zelenskyy"][0] == "Volodymyr Zelensky"


def _speakers(nlp, text):
    return [r.subject.name for r in statements(nlp(text))]


# (text, expected speaker names in order)
CASES = [
    ("President Anton Varga said the border was calm. Later Varga said the talks would go on.",
     ["Anton Varga", "Anton Varga"]),
    ("Deputy Defence Minister Olga Petrenko said the drills had ended.", ["Olga Petrenko"]),
    ("Westland's foreign minister, Jonas Lind, said the embassy would reopen.", ["Jonas Lind"]),
    ("Mayor Ewa Nowak said the water was safe. She said the pipes had been repaired.", ["Ewa Nowak", "Ewa Nowak"]),
    ("Westland's Defence Ministry said the drills were over. The ministry said no troops had moved.",
     ["Westland's Defence Ministry", "Westland's Defence Ministry"]),
    ("Eastmark officials said the dam had been repaired.", ["Eastmark officials"]),
]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", CASES)
def test_agents_resolve_speakers(nlp, text, expected):
    assert _speakers(nlp, text) == expected


@pytest.mark.model
def test_agents_mention_text_is_the_words_as_written(nlp):
    doc = nlp("Mayor Ewa Nowak said the water was safe. She said the pipes had been repaired.")
    rels = list(statements(doc))
    assert [r.subject.text for r in rels] == ["Ewa Nowak", "She"]


def _check_spans(doc):
    text = doc.text
    for r in list(statements(doc)) + list(blames(doc)):
        spans = [r.sentence, r.subject] + [x for x in (r.object, r.content) if x is not None]
        for s in spans:
            assert text[s.start:s.end] == s.text


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_agents_extractors_never_raise_on_arbitrary_text_blank(text):
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    Agents(doc).subjects()
    _check_spans(doc)


@pytest.mark.model
@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(list("abc XYZ,.;:\"“”'’-\n") + [" said ", " Peskov ", " blamed ", " according to ", " he ", " the ministry "]), max_size=40).map("".join))
def test_agents_extractors_never_raise_on_arbitrary_text_model(text):
    from kg.nlp import load_pipeline

    global _NLP
    try:
        nlp = _NLP
    except NameError:
        nlp = _NLP = load_pipeline()
    _check_spans(nlp(text))


def test_agents_side_of_known_bodies_capitals_and_officials():
    from kg.extract.agents import agent_side, agent_side_in

    assert agent_side("Moscow") == agent_side("Kremlin") == "Russia"
    assert agent_side_in("the Baltic Fleet's press service") == "Russia"
    assert agent_side_in("Westland's press service") is None


BODIES = [
    ("Russia's embassy in Riga rejected the note. “That is absurd,” an embassy statement said.",
     ["Russia's embassy in Riga", "Russia's embassy in Riga"]),
    ("Latvia's navy confirmed the patrol. “The frigate stays,” a navy spokesman said.", ["Latvia's navy", "Latvia's navy"]),
    ("12:05 Estonia's Defence Forces said the radar was back online.", ["Estonia's Defence Forces"]),
]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", BODIES)
def test_agents_bodies_behind_statements_and_spokesmen(nlp, text, expected):
    assert _speakers(nlp, text) == expected
