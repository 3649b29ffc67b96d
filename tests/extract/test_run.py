"""Linking across extractors: replies to blames and the blames they answer (sentences written for these tests)."""

from __future__ import annotations

import hashlib

import pytest

from kg.corpus import Document
from kg.extract.run import extract_document


@pytest.fixture(scope="module")
def nlp():
    from kg.nlp import load_pipeline

    return load_pipeline()


def _relations(nlp, text):
    doc = Document(id="t", name="t.txt", text=text, sha256=hashlib.sha256(text.encode()).hexdigest())
    return extract_document(nlp, doc)


@pytest.mark.model
def test_the_accused_answering_a_blame_denies_it_and_is_linked_to_it(nlp):
    rels = _relations(nlp, "Lithuania blamed Belarus for the balloons that closed Vilnius airport on Friday. "
                           "Minsk's foreign ministry said the balloons belonged to private smugglers.")
    blames = [i for i, r in enumerate(rels) if r.kind == "blame"]
    replies = [r for r in rels if r.kind == "statement" and r.subject.name.startswith("Minsk")]
    assert blames and replies
    assert replies[0].label == "denial"
    assert replies[0].links == tuple(blames)


@pytest.mark.model
def test_the_accused_on_another_subject_is_no_reply(nlp):
    rels = _relations(nlp, "Lithuania blamed Belarus for the balloons that closed Vilnius airport on Friday. "
                           "Minsk's foreign ministry said the president would visit Beijing in June.")
    replies = [r for r in rels if r.kind == "statement" and r.subject.name.startswith("Minsk")]
    assert replies and replies[0].label == "claim"


@pytest.mark.model
def test_the_accuser_repeating_itself_is_no_reply(nlp):
    rels = _relations(nlp, "Lithuania blamed Belarus for the balloons that closed Vilnius airport on Friday. "
                           "Lithuania's interior ministry said the balloons carried cigarettes.")
    said = [r for r in rels if r.kind == "statement"]
    assert said and all(r.label == "claim" for r in said)


@pytest.mark.model
def test_more_words_on_another_sides_weapon_do_not_acknowledge_it(nlp):
    rels = _relations(nlp, "Russia has moved a Bastion coastal missile battery to Cape Tarkhankut, "
                           "Ukrainian navy spokesman Ivan Koval said on Tuesday. "
                           "Koval said the battery had arrived around February 10.")
    said = [r for r in rels if r.kind == "statement" and r.subject.name == "Ivan Koval"]
    assert len(said) == 2
    assert all(r.label == "claim" and not r.links for r in said)


@pytest.mark.model
def test_a_strike_on_a_weapon_acknowledges_no_deployment_of_it(nlp):
    rels = _relations(nlp, "India deployed an S-400 battery at Adampur air base in 2023. "
                           "Pakistan's military confirmed that its forces had struck the S-400 system at Adampur.")
    acks = [r for r in rels if r.kind == "statement" and r.label == "acknowledgement"]
    assert all(not r.links for r in acks)
