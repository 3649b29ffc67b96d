"""kg.resolve: names -> canonical keys, the same in every document; surnames and short names inside one."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.extract import Mention, Relation, Span
from kg.resolve import Gazetteer, GazetteerEntry, canonical_key, clean_name, fullest, load_gazetteer, resolve, resolve_name
from kg.vocab import KGID


def _m(name: str, type: str, text: str | None = None) -> Mention:
    return Mention(0, len(text or name), text or name, name, type)  # type: ignore[arg-type]


def _rel(subject: Mention, obj: Mention | None = None, kind: str = "blame") -> Relation:
    return Relation(kind, f"kg.{kind}.v1", Span(0, 1, "x"), subject, obj)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "name, type, key",
    [
        ("Dmitry Peskov", "Person", "dmitry-peskov"),
        ("dmitry  PESKOV", "Person", "dmitry-peskov"),
        ("Kremlin spokesman Dmitry Peskov", "Person", "dmitry-peskov"),
        ("President Vladimir Putin", "Person", "vladimir-putin"),
        ("the Kremlin", "Organization", "kremlin"),
        ("Russia's", "State", "russia"),
        ("Russia’s", "State", "russia"),
        ("Russian Defense Ministry", "Organization", "russian-ministry-of-defence"),
        ("Russian Defence Ministry", "Organization", "russian-ministry-of-defence"),
        ("Russian Ministry of Defence", "Organization", "russian-ministry-of-defence"),
        ("Russia's Defence Ministry", "Organization", "russian-ministry-of-defence"),
        ("the Ministry of the Interior", "Organization", "ministry-of-interior"),
        ("Interior Ministry", "Organization", "ministry-of-interior"),
        ("Foreign Ministry", "Organization", "ministry-of-foreign-affairs"),
        ("U.S.", "State", "united-states"),
        ("US", "State", "united-states"),
        ("Armored Brigade", "Organization", "armoured-brigade"),
        ("Kyïv", "Place", "kyiv"),
    ],
)
def test_resolve_canonical_key_generic_rules(name: str, type: str, key: str) -> None:
    assert canonical_key(name, type) == key


@pytest.mark.parametrize(
    "name, type, key",
    [("S400", "WeaponSystem", "s-400"), ("Pantsyr", "WeaponSystem", "pantsir-s1"), ("Kiev", "Place", "kyiv")],
)
def test_resolve_canonical_key_uses_gazetteer(name: str, type: str, key: str) -> None:
    assert canonical_key(name, type) == key


@pytest.mark.parametrize(
    "name, label",
    [("the Russian Defence Ministry's", "Russian Defence Ministry"), ("  “Peskov”  ", "Peskov"), ("the", "the")],
)
def test_resolve_clean_name(name: str, label: str) -> None:
    assert clean_name(name) == label


def test_resolve_surname_takes_full_name_of_same_document() -> None:
    full, short = _m("Dmitry Peskov", "Person"), _m("Peskov", "Person")
    res = resolve([_rel(short), _rel(full)])
    assert res[short] == res[full]
    assert res[short].key == "dmitry-peskov"
    assert res[short].label == "Dmitry Peskov"
    assert res[short].iri == KGID["entity/dmitry-peskov"]


def test_resolve_surname_alone_keeps_its_own_key() -> None:
    short = _m("Peskov", "Person")
    assert resolve([_rel(short)])[short].key == "peskov"


def test_resolve_ambiguous_surname_is_left_alone() -> None:
    a, b, short = _m("Anna Smith", "Person"), _m("John Smith", "Person"), _m("Smith", "Person")
    assert resolve([_rel(a), _rel(b), _rel(short)])[short].key == "smith"


def test_resolve_short_organisation_name_takes_fuller_one() -> None:
    full, short = _m("Ukrainian Interior Ministry", "Organization"), _m("Interior Ministry", "Organization")
    res = resolve([_rel(full, short)])
    assert res[short].iri == res[full].iri == KGID["entity/ukrainian-ministry-of-interior"]
    assert res[short].label == "Ukrainian Interior Ministry"


def test_resolve_state_is_not_swallowed_by_organisation() -> None:
    org, state = _m("Armed Forces of Ukraine", "Organization"), _m("Ukraine", "State")
    res = resolve([_rel(org, state)])
    assert res[state].key == "ukraine"


def test_resolve_same_name_same_key_in_any_document() -> None:
    one = resolve([_rel(_m("Moscow", "Place"), _m("S-400", "WeaponSystem"), "deployment")])
    two = resolve([_rel(_m("moscow", "Place"))])
    assert one[_m("Moscow", "Place")].iri == two[_m("moscow", "Place")].iri


def test_resolve_types_refined_from_gazetteer() -> None:
    system = _m("S-400", "WeaponSystem")
    assert resolve([_rel(system)])[system].type == "SurfaceToAirMissileSystem"
    # a gazetteer class that does not fit the mention's type is ignored
    place = _m("Pantsir", "Place")
    assert resolve([_rel(place)])[place].type == "Place"


def test_resolve_label_is_fullest_then_most_frequent_then_alphabetical() -> None:
    assert fullest({"Peskov": 5, "Dmitry Peskov": 1}) == "Dmitry Peskov"
    assert fullest({"Kyiv": 1, "Kiev": 2}) == "Kiev"
    assert fullest({"Kyiv": 1, "Kiev": 1}) == "Kiev"


def test_resolve_publisher_name() -> None:
    entity = resolve_name("The Daily Two", "Organization")
    assert (entity.key, entity.label, entity.type) == ("daily-two", "Daily Two", "Organization")


def test_resolve_iteration_lists_each_entity_once() -> None:
    full, short = _m("Dmitry Peskov", "Person"), _m("Peskov", "Person")
    res = resolve([_rel(full, short), _rel(full)])
    assert [e.key for e in res] == ["dmitry-peskov"]
    assert len(res) == 1


def test_resolve_gazetteer_file(tmp_path: Path) -> None:
    path = tmp_path / "aliases.tsv"
    path.write_text(
        "# alias\tcanonical\ttype\twikidata\n\n"
        "S400\tS-400\tWeaponSystem\n"
        "S-400 Triumf\tS-400\tSurfaceToAirMissileSystem\tQ380412\n"
        "Dmitry Peskov\tDmitry Peskov\tPerson\n"
        "Anna Smith\tAnna Smith\tPerson\n"
        "John Smith\tJohn Smith\tPerson\n"
        "broken line without tabs\n",
        encoding="utf-8",
    )
    gazetteer = load_gazetteer([path, tmp_path / "missing.tsv"])
    assert gazetteer.lookup("s400") == GazetteerEntry("S-400", "SurfaceToAirMissileSystem", "Q380412")
    assert gazetteer.lookup("S-400") == gazetteer.lookup("s400")
    assert gazetteer.lookup("broken line without tabs") is None
    assert gazetteer.lookup("Peskov") == GazetteerEntry("Dmitry Peskov", "Person")  # a known person's surname
    assert gazetteer.lookup("Smith") is None  # two known people share it
    assert load_gazetteer([path, tmp_path / "missing.tsv"]) is gazetteer  # cached
    assert isinstance(load_gazetteer([tmp_path / "none.tsv"]), Gazetteer)


@given(st.text(max_size=40), st.sampled_from(["Person", "Organization", "State", "Place", "WeaponSystem", "Agent"]))
def test_resolve_any_name_gives_a_stable_slug_key(name: str, type: str) -> None:
    key = canonical_key(name, type)
    assert key == canonical_key(name, type)
    assert key and all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in key)
    mention = _m(name or "x", type)
    assert resolve([_rel(mention)])[mention].key == canonical_key(name or "x", type)
