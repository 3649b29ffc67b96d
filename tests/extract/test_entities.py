"""Entity layer: weapon recognition, names and classes, and the pipeline's entity labels, on sentences written for these tests."""

from __future__ import annotations

import pytest

from kg.extract.entities import canonical_system, find_systems, is_munition, shaped_systems, system_class, system_name


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Patriot air defence systems", "Patriot"),
        ("S-400s", "S-400"),
        ("Pantsir S1", "Pantsir-S1"),
        ("Pantsirs", "Pantsir-S1"),
        ("Iskanders", "Iskander-M"),
        ("Su-34s", "Su-34"),
        ("Vityaz-M4 launchers", "Vityaz-M4"),
        ("NASAMS", "NASAMS"),
        ("HIMARS", "HIMARS"),
    ],
)
def test_entities_system_name(text, expected):
    assert system_name(text) == expected


@pytest.mark.parametrize(
    "name, cls",
    [
        ("S-400", "SurfaceToAirMissileSystem"),
        ("Pantsir", "AntiAircraftGunMissileSystem"),
        ("Shahed-136", "Drone"),
        ("Tu-95MS", "Aircraft"),
        ("Iskander-M", "BallisticMissileSystem"),
        ("anti-aircraft weapons", "AirDefenceSystem"),
        ("mystery drone", "Drone"),
        ("Vityaz-M4", "WeaponSystem"),
    ],
)
def test_entities_system_class(name, cls):
    assert system_class(name) == cls


def test_entities_canonical_and_munitions():
    assert canonical_system("pantsir-s1") == "Pantsir-S1"
    assert canonical_system("Unknown-9") is None
    assert is_munition("Kinzhal") and is_munition("Shahed-136")
    assert not is_munition("S-400")


@pytest.fixture(scope="module")
def nlp():
    from kg.nlp import load_pipeline

    return load_pipeline()


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Crews tested a Tor-M2 and two Buk-M1-2 launchers near a Pantsir-SMD-E on Monday.", ["Tor-M2", "Buk-M1-2", "Pantsir-SMD-E"]),
        ("The IRIS-T SLM and the Kh-59 were both shown.", ["IRIS-T SLM", "Kh-59"]),
        ("A Pantsir-S1 arrived. Later the Pantsir left.", ["Pantsir-S1", "Pantsir-S1"]),
        ("Poland showed its Narew air defence system.", ["Narew"]),
        ("Patriot Park opened a new pavilion.", []),
        ("COVID-19 cases rose in Moscow.", []),
        ("Several Russian air defence systems were seen.", []),
    ],
)
def test_entities_find_systems(nlp, text, expected):
    assert [r.mention.name for r in find_systems(nlp(text))] == expected


@pytest.mark.model
def test_entities_pipeline_keeps_model_entities(nlp):
    doc = nlp("Spokeswoman Maria Zakharova spoke in Moscow on Friday about the S-400.")
    labels = {(e.text, e.label_) for e in doc.ents}
    assert any(label == "PERSON" and text.endswith("Maria Zakharova") for text, label in labels)
    assert ("Moscow", "GPE") in labels
    assert ("S-400", "WEAPON") in labels


@pytest.mark.model
def test_entities_line_breaks_and_datelines_start_sentences(nlp):
    doc = nlp("Launchers seen near lake\n\nKAUNAS, May 2, 2024 (Wire) - A battery arrived at the base.\nPhoto: Wire")
    starts = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert "Launchers seen near lake" in starts
    assert "A battery arrived at the base." in starts
    assert "Photo: Wire" in starts


@pytest.mark.model
def test_entities_hard_wrapped_paragraph_stays_one_sentence(nlp):
    doc = nlp("A Tor-M2 battery was moved to the\nold airfield near the town on\nSunday, residents said.")
    assert len([s for s in doc.sents if s.text.strip()]) == 1


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        ("A Belarusian Wierzba launcher stood there.", ["Wierzba"]),
        ("Two GM200 radars stood there.", ["GM200"]),
        ("The frigate Admiral Makarov stood there.", ["Admiral Makarov"]),
        ("The aircraft carrier Shandong stood there.", ["Shandong"]),
        ("NATO jets stood there.", []),
        ("Russian air defence systems stood there.", []),
        ("Kyiv's air defence systems stood there.", []),
        ("New Coastal Missile Batteries Stand Guard", []),
        ("They were in Narva. Narva air defence systems stood there.", []),
    ],
)
def test_entities_shaped_systems(nlp, text, expected):
    assert [r.mention.name for r in shaped_systems(nlp(text))] == expected
