"""Noise: boilerplate lines yield no facts; captions keep their description."""

from __future__ import annotations

import pytest

from kg.extract.noise import is_noise, is_noise_text, strip_credit

NOISE = [
    "Photo: Harbour Agency",
    "File photo",
    "[Image: a launcher among pine trees, said to be near the lake]",
    "Read more: Why the winter matters for the grid",
    "Related: Five things to know about the talks",
    "Sign up for our morning briefing, delivered daily.",
    "Subscribe to the Weekly Defence Digest",
    "Your support keeps our newsroom independent. Please donate today.",
    "(c) 2024 Lakeside Wire. All rights reserved.",
    "© 2021 Northern Daily",
    "Copyright 2022 The Valley Post",
    "Jana Holm is a reporter covering security for the Valley Post.",
    "(Reporting by Ivan Petrov; editing by Ann Lee)",
    "Comments (23)",
    "Back to top",
    "Advertisement",
    "Share this article",
    "We use cookies to improve your experience.",
    "5 min read",
]
NOT_NOISE = [
    "A battery was placed near the harbour on Monday.",
    "The ministry said the photographs were genuine.",
    "Residents shared a photo of the launcher on social media.",
    "The reporter asked whether the system had been moved.",
    "Telegram channels shared the video on Monday.",
    "Share prices fell after the strike.",
]


@pytest.mark.parametrize("text", NOISE)
def test_noise_lines(text):
    assert is_noise_text(text)


@pytest.mark.parametrize("text", NOT_NOISE)
def test_noise_keeps_sentences(text):
    assert not is_noise_text(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A radar at the port in May 2021. File image", "A radar at the port in May 2021."),
        ("A launcher near the lake. Photo: Lake Agency", "A launcher near the lake."),
        ("No credit here.", "No credit here."),
    ],
)
def test_noise_strip_credit(text, expected):
    assert strip_credit(text) == expected


def test_noise_on_parsed_sentences():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    assert is_noise(nlp("Photo: Lake Agency")[:])
    assert is_noise(nlp("Read more:\n- Ten facts about the bridge")[:])
    assert not is_noise(nlp("A launcher near the lake. Photo: Lake Agency")[:])


@pytest.mark.model
def test_noise_link_list_under_read_more():
    from kg.nlp import load_pipeline

    nlp = load_pipeline()
    doc = nlp("The launcher left on Monday.\n\nRead more:\n- Why the bridge matters\n- Ten facts about radar\n")
    flags = [(s.text.strip(), is_noise(s)) for s in doc.sents if s.text.strip()]
    assert flags[0] == ("The launcher left on Monday.", False)
    assert all(flag for _, flag in flags[1:])
