"""Entity helpers shared by the extractors: weapon systems, places, their names and classes.

Systems come from the ``WEAPON`` entities of :mod:`kg.nlp`'s ruler; a mention's
``name`` is the fullest form the document gives ("Pantsir" after "Pantsir-S1" ->
"Pantsir-S1"), singular ("S-400s" -> "S-400"), canonical when ``kg/data/systems.tsv``
knows the system. Places are named entities or noun phrases headed by a place noun
with a name in them; relational nouns are looked through ("the roof of X" -> X).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.extract import Mention
from kg.nlp import SYSTEM_HEADS, WEAPON, read_table

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Heads of noun phrases that name a kind of place; with a name in the phrase they
# make a specific location ("the Engels airfield", "an office building on X Lane").
PLACE_NOUNS = frozenset(
    """
    airfield airfields airport airports airbase airbases base bases building buildings
    headquarters hq office offices block tower towers ministry academy institute university
    park parks forest reserve ground grounds range site sites facility facilities plant
    complex compound residence palace house estate villa dacha embankment lane street
    avenue road square prospekt highway bridge district districts region regions oblast
    province village town city suburb suburbs port harbour harbor bay island peninsula
    station depot arsenal garrison camp barracks centre center hill hills field fields
    plots plot rooftop rooftops roof roofs area zone territory outskirts border airstrip
    runway shipyard dockyard cemetery stadium hospital school hotel mall market kremlin
    """.split()
)
# Nouns naming a part of a place: look through them to the place ("roof of X").
PART_NOUNS = frozenset(
    """
    roof roofs rooftop rooftops top tops grounds territory outskirts edge edges centre center
    middle part parts side sides area vicinity plots plot fields field courtyard yard
    premises perimeter section corner heart suburbs environs outskirt north south east
    west northeast northwest southeast southwest entrance lawn car park parking grounds
    """.split()
)
VAGUE_DETERMINERS = frozenset(
    "various several other both many some multiple numerous different all unspecified unnamed undisclosed".split()
)
DISTANCE_UNITS = frozenset(
    "km kilometres kilometers kilometre kilometer miles mile metres meters metre meter m".split()
)
# Nouns that, definite or generic, stand for a weapon system already named.
ANAPHOR_HEADS = frozenset(
    """
    system systems battery batteries launcher launchers complex complexes weapon weapons
    unit units equipment interceptor interceptors defences defenses jets bombers
    """.split()
)
ANAPHOR_PRONOUNS = frozenset("it they them one another both some several two three each".split())
# Modifiers that make "systems"/"weapons" an air-defence class ("anti-aircraft weapons").
GENERIC_MODIFIERS = frozenset(
    "anti-aircraft antiaircraft aircraft air defence defense air-defence air-defense missile "
    "surface-to-air anti-missile anti-drone".split()
)
GENERIC_HEADS = frozenset(
    "system systems weapons weapon guns gun batteries battery launchers defences defenses".split()
)
# Capitalised words that are weapon names only with weapon words around them.
AMBIGUOUS_SYSTEMS = frozenset(
    """
    Patriot Tor Osa Hawk Avenger Grad Leopard Mistral Lancet Stinger Bradley Abrams Marder
    Stryker Tornado Switchblade Orion Krab Verba Igla Strizh Geran Shahed Tochka Buk Yars
    Sarmat Gripen Archer Triumf Bal Zircon Tomahawk Kalibr Aspide Avengers Patriots
    """.split()
)
# Systems that are munitions: they are fired or launched, seldom "deployed somewhere".
MUNITIONS = frozenset(
    """
    Kh-47M2 Kinzhal|Kalibr|Kh-101|Kh-555|Kh-22|P-800 Oniks|Zircon|Storm Shadow|ATACMS|Tomahawk|
    Shahed-136|Shahed-131|Lancet|Switchblade|Tu-141|Mohajer-6|Taurus|Neptune
    """.replace("\n", "").split("|")
)
_WEAPON_CONTEXT = frozenset(
    """
    system systems battery batteries launcher launchers missile missiles interceptor interceptors
    air defence defense anti-aircraft drone drones tank tanks howitzer howitzers jet jets
    rocket rockets weapon weapons surface-to-air deploy deployed deployment radar
    """.split()
)
_NON_ALNUM = re.compile(r"[\W_]+")
_PLURAL_DESIGNATION = re.compile(r"^(.*\d[A-Za-z]{0,3})s$")


def _key(text: str) -> str:
    return _NON_ALNUM.sub("", text.casefold())


@dataclass(frozen=True)
class SystemInfo:
    canonical: str
    cls: str
    wikidata: str | None = None


@lru_cache(maxsize=1)
def _systems() -> dict[str, SystemInfo]:
    table: dict[str, SystemInfo] = {}
    for row in read_table("systems.tsv"):
        info = SystemInfo(row[1], row[2] if len(row) > 2 else "WeaponSystem", row[3] if len(row) > 3 and row[3] else None)
        table.setdefault(_key(row[0]), info)
        table.setdefault(_key(row[1]), info)
    return table


@lru_cache(maxsize=1)
def _places() -> dict[str, tuple[str, str]]:
    """Known places by key: (label, kind), kind e.g. country, capital, city, base."""
    out: dict[str, tuple[str, str]] = {}
    for row in read_table("places.tsv"):
        out[_key(row[0])] = (row[1] if len(row) > 1 else "GPE", row[2] if len(row) > 2 else "")
    return out


def canonical_system(name: str) -> str | None:
    """The canonical name of a known system ("pantsir s1" -> "Pantsir-S1"), else None."""
    info = _systems().get(_key(name))
    return info.canonical if info else None


def system_class(name: str) -> str:
    """The kg ontology class (local name) of a system, by name; ``WeaponSystem`` when unknown.

    Unknown names are classed by their words: "air defence"/"anti-aircraft" ->
    ``AirDefenceSystem``, "drone" -> ``Drone``, "missile" -> ``MissileSystem``.
    """
    info = _systems().get(_key(name))
    if info:
        return info.cls
    low = name.casefold()
    if any(w in low for w in ("air defen", "air-defen", "anti-aircraft", "antiaircraft", "surface-to-air")):
        return "AirDefenceSystem"
    if "drone" in low or "uav" in low:
        return "Drone"
    if "missile" in low:
        return "MissileSystem"
    return "WeaponSystem"


def system_wikidata(name: str) -> str | None:
    """The Wikidata Q-id of a known system, when the gazetteer gives one."""
    info = _systems().get(_key(name))
    return info.wikidata if info else None


def is_munition(name: str) -> bool:
    """Whether the system is a munition (a missile or one-way drone) rather than a launcher."""
    return name in MUNITIONS or (canonical_system(name) or "") in MUNITIONS


def place_kind(name: str) -> str:
    """The kind of a known place (country, capital, city, base …), or ""."""
    found = _places().get(_key(name))
    return found[1] if found else ""


@dataclass(frozen=True)
class SystemRef:
    """A system mention located in the parse: ``head`` is the token that carries its role."""

    head: int
    start: int
    end: int
    mention: Mention
    anaphor: bool = False
    generic: bool = False


def make_mention(doc: Doc, start: int, end: int, name: str, type_: str) -> Mention:
    """A Mention over tokens ``start:end`` of ``doc`` whose text is cut exactly from ``doc.text``."""
    span = doc[start:end]
    return Mention(span.start_char, span.end_char, span.text, name, type_)  # type: ignore[arg-type]


def _strip_span(span: Span) -> tuple[int, int]:
    """Token bounds without leading determiners/quantifiers and trailing possessive marks."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].pos_ in ("DET", "NUM", "PRON") or doc[start].lower_ in ("several", "many", "some")):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    return start, end


def system_name(text: str) -> str:
    """The name of a system as written: class words cut off, singular, canonical when known.

    "Patriot air defence systems" -> "Patriot"; "S-400s" -> "S-400"; "Pantsir S1" -> "Pantsir-S1".
    """
    words = text.split()
    tail = set(SYSTEM_HEADS) | {"air", "defence", "defense", "anti-aircraft", "missile", "surface-to-air",
                                "strategic", "long-range", "short-range", "medium-range", "anti", "-", "aircraft",
                                "air-defence", "air-defense", "gun", "guns", "gun-and-missile", "rocket"}
    while len(words) > 1 and words[-1].casefold() in tail:
        words.pop()
    name = " ".join(words).replace(" - ", "-").replace(" -", "-").replace("- ", "-")
    known = canonical_system(name)
    if known:
        return known
    if name.endswith("s") and len(name) > 3:
        stem = name[:-1]
        known = canonical_system(stem)
        if known:
            return known
        m = _PLURAL_DESIGNATION.match(name)
        if m:
            return m.group(1)
    return name


def _weapon_context(sent: Span) -> bool:
    return any(t.lower_ in _WEAPON_CONTEXT or t.lemma_ in _WEAPON_CONTEXT for t in sent)


def find_systems(doc: Doc) -> list[SystemRef]:
    """Every specific weapon-system mention of ``doc`` in text order, named document-wide.

    Ambiguous names ("Patriot", "Tor") count only in a sentence with weapon words,
    or when the same name was accepted elsewhere in the document.
    """
    raw: list[tuple[Span, str]] = []
    for ent in doc.ents:
        if ent.label_ != WEAPON:
            continue
        start, end = _strip_span(ent)
        if start >= end:
            continue
        name = system_name(doc[start:end].text)
        if not name or not any(c.isalpha() for c in name):
            continue
        raw.append((ent, name))
    accepted: set[str] = set()
    for ent, name in raw:
        first = ent.text.split()[0].rstrip("s")
        if first not in AMBIGUOUS_SYSTEMS and ent.text.split()[0] not in AMBIGUOUS_SYSTEMS:
            accepted.add(name)
        elif len(ent) > 1 and ent[-1].lower_ in SYSTEM_HEADS or _weapon_context(ent.sent):
            accepted.add(name)
    names = sorted(accepted, key=len, reverse=True)
    out: list[SystemRef] = []
    for ent, name in raw:
        if name not in accepted:
            continue
        full = next((n for n in names if n != name and (n.startswith(name + "-") or n.startswith(name + " "))
                     and canonical_system(name) is None), name)
        start, end = _strip_span(ent)
        last = ent[-1]
        head = last.i if not (ent.start <= last.head.i < ent.end) else ent.root.i
        out.append(SystemRef(head, start, end, make_mention(doc, start, end, full, "WeaponSystem")))
    return out


def generic_systems(sent: Span) -> list[SystemRef]:
    """Class-named systems in a sentence: "anti-aircraft weapons", "air defence systems".

    Used only when a document names no specific system: otherwise such a phrase is
    a summary of the named ones.
    """
    out: list[SystemRef] = []
    doc = sent.doc
    for tok in sent:
        if tok.lower_ not in GENERIC_HEADS or tok.pos_ != "NOUN" or tok.ent_type_:
            continue
        mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i]
        words = {w.lower_ for c in mods for w in c.subtree}
        if not words & GENERIC_MODIFIERS:
            continue
        if any(c.lower_ in ("these", "those", "this", "that", "the", "such") for c in tok.children if c.dep_ == "det"):
            continue
        start = min(w.i for c in mods for w in c.subtree)
        while start < tok.i and doc[start].pos_ in ("DET", "NUM"):
            start += 1
        name = doc[start : tok.i + 1].text.replace(" - ", "-")
        out.append(SystemRef(tok.i, start, tok.i + 1, make_mention(doc, start, tok.i + 1, name, "WeaponSystem"), generic=True))
    return out


def system_anaphor(tok: Token, prior: Sequence[SystemRef]) -> SystemRef | None:
    """Resolve a word standing for a named system to that system's name, or None.

    Pronouns ("it", "one of them", "another") and definite class nouns ("the
    systems", "these batteries", "the same kind of system") take the latest named
    system before them (same sentence or the two before).
    """
    if not prior:
        return None
    doc = tok.doc
    low = tok.lower_
    head = tok
    if tok.pos_ == "PRON" or (tok.pos_ in ("NUM", "DET") and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "conj")):
        if low not in ANAPHOR_PRONOUNS:
            return None
        if low in ("it", "they", "them") and tok.dep_ == "pobj" and tok.head.lower_ == "of":
            return None  # "one of them" resolves at "one"
        if low in ("one", "another", "both", "some", "several", "two", "three", "each"):
            of = [c for c in tok.children if c.lower_ == "of"]
            if low not in ("another",) and not of:
                return None
    elif low in ANAPHOR_HEADS and tok.pos_ == "NOUN" and not tok.ent_type_:
        dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "amod", "predet")}
        kind_of = tok.dep_ == "pobj" and tok.head.head.lower_ in ("kind", "type", "sort")
        if not (dets & {"the", "same"} or kind_of) or dets & {"these", "those", "such"}:
            return None  # "these systems" sums up the ones reported, it adds no deployment
        if any(c.dep_ in ("compound", "amod") and c.ent_type_ for c in tok.children):
            return None
        if kind_of:
            head = tok.head.head
    else:
        return None
    ref = prior[-1]
    if tok.sent.start - doc[ref.start].sent.start > 0:
        # at most two sentences back
        sents_back = sum(1 for s in doc[ref.start : tok.i].sents) - 1
        if sents_back > 2:
            return None
    return SystemRef(head.i, tok.i, tok.i + 1, make_mention(doc, tok.i, tok.i + 1, ref.mention.name, "WeaponSystem"), anaphor=True)


_PLACE_LABELS = ("GPE", "LOC", "FAC")
_FACILITY_WORDS = frozenset(
    "ministry centre center academy university institute plant base headquarters palace kremlin "
    "building office airport airfield station embankment lane street square park".split()
)


def _ent_of(tok: Token) -> Span | None:
    if not tok.ent_type_:
        return None
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    return None


def _phrase_bounds(tok: Token) -> tuple[int, int]:
    """The noun phrase of ``tok`` without determiners, possessors, PPs or clauses."""
    left = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod", "nummod") and c.pos_ != "DET"]
    start = min([w.i for c in left for w in c.subtree if w.dep_ not in ("cc", "conj") and w.pos_ != "DET"] + [tok.i])
    doc = tok.doc
    while start < tok.i and (doc[start].pos_ in ("DET", "PUNCT") or doc[start].tag_ == "POS"):
        start += 1
    return start, tok.i + 1


def _clean_name(span: Span) -> str:
    text = span.text
    text = re.sub(r"^(?:the|The)\s+", "", text)
    text = re.sub(r"['’]s$", "", text)
    return text.strip()


def _named(tok: Token) -> bool:
    return tok.pos_ == "PROPN" or tok.ent_type_ in ("GPE", "LOC", "FAC", "ORG", "PERSON", "NORP")


def place_from(tok: Token, *, prep: str = "in", depth: int = 0) -> Mention | None:
    """The specific place the noun ``tok`` (object of a locative preposition) stands for.

    Returns None for vague places ("both buildings", "the frontline", "other locations").
    """
    if depth > 3:
        return None
    doc = tok.doc
    low = tok.lower_
    if is_vague(tok):
        return None  # "various buildings", "both locations", "other sites"
    if _in_dateline(tok):
        return None
    # Relational part nouns: "the roof of X", "the outskirts of X", "the north of the city".
    if low in PART_NOUNS and not tok.ent_type_:
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if obj is not None:
            return place_from(obj, prep=prep, depth=depth + 1)
        if tok.i + 1 < len(doc) and doc[tok.i].lower_ == "top":
            return None
    ent = _ent_of(tok)
    if ent is not None and ent.label_ != WEAPON:
        label = ent.label_
        ok = label in _PLACE_LABELS
        if label == "ORG":
            ok = any(w.lower_ in _FACILITY_WORDS for w in ent) or prep in ("on", "onto", "at", "atop", "near", "outside", "inside")
        if label == "PERSON":
            ok = prep in ("in", "at", "near", "outside", "around") and tok.pos_ == "PROPN" and ent.root.i == tok.i and not any(
                w.lower_ in ("president", "minister") for w in ent
            )
        if not ok:
            return None
        start, end = _strip_span(ent)
        # A place noun right after the name belongs to it: "Engels airfield", "Kremlin walls".
        if ent.root.head.i == ent.end and ent.root.dep_ in ("compound", "nmod") and doc[ent.end].lower_ in PLACE_NOUNS:
            end = ent.end + 1
        if start >= end:
            return None
        name = _clean_name(doc[start:end])
        if label in ("GPE", "ORG") and doc[end - 1].tag_ == "POS":
            return None
        return make_mention(doc, start, end, name, "Place")
    if tok.pos_ == "PROPN":
        start, end = _phrase_bounds(tok)
        return make_mention(doc, start, end, _clean_name(doc[start:end]), "Place")
    if low not in PLACE_NOUNS or tok.pos_ not in ("NOUN", "PROPN"):
        if low in ("capital", "country") and tok.pos_ == "NOUN":
            return _resolve_capital_or_country(tok)
        return None
    if low in ("capital", "country"):
        return _resolve_capital_or_country(tok)
    start, end = _phrase_bounds(tok)
    named_mod = any(_named(doc[i]) for i in range(start, tok.i))
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    # A street, embankment or district named after the building is the more specific spot.
    for pp in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("on", "in", "at", "along", "near", "off", "by")):
        obj = next((c for c in pp.children if c.dep_ == "pobj"), None)
        if obj is None:
            continue
        inner = place_from(obj, prep=pp.lower_, depth=depth + 1)
        if inner is None:
            continue
        if obj.lower_ in ("lane", "street", "avenue", "road", "embankment", "prospekt", "square", "highway") or (
            _ent_of(obj) is not None and _ent_of(obj).label_ == "FAC"  # type: ignore[union-attr]
        ):
            if not named_mod:
                return inner
        if named_mod:
            break
        # "an administrative building in central Moscow": keep the kind of place with its town.
        head_start = start
        head_text = doc[head_start:end].text
        in_start, in_end = _phrase_bounds(obj)
        name = f"{head_text} {pp.text} {_clean_name(doc[in_start:in_end])}"
        return make_mention(doc, head_start, in_end if in_end > end else end, name, "Place")
    if named_mod:
        return make_mention(doc, start, end, _clean_name(doc[start:end]), "Place")
    if poss is not None and _named(poss):
        pent = _ent_of(poss)
        pstart = pent.start if pent is not None else poss.i
        return make_mention(doc, pstart, end, _clean_name(doc[pstart:end]).replace("’s ", "'s "), "Place")
    # "a building belonging to the Ministry of Education": the owner names it.
    for acl in (c for c in tok.children if c.dep_ == "acl" and c.lemma_ in ("belong", "house", "own", "use", "run")):
        for pp in (c for c in acl.children if c.dep_ == "prep"):
            obj = next((c for c in pp.children if c.dep_ == "pobj"), None)
            if obj is not None and _named(obj):
                oent = _ent_of(obj)
                ostart, oend = (oent.start, oent.end) if oent is not None else _phrase_bounds(obj)
                ostart, oend = _strip_span(doc[ostart:oend])
                return make_mention(doc, ostart, oend, _clean_name(doc[ostart:oend]), "Place")
    return None


def is_vague(tok: Token) -> bool:
    """Whether a place noun is quantified vaguely: "various buildings", "both sites", "other locations"."""
    return any(c.lower_ in VAGUE_DETERMINERS for c in tok.children if c.dep_ in ("det", "amod", "predet", "nummod"))


def _in_dateline(tok: Token) -> bool:
    """Whether ``tok`` is the place of a dateline ("MINSK, Dec 26, 2022 (Agency) -")."""
    doc = tok.doc
    if not tok.is_upper or len(tok) < 3:
        return False
    start = tok.i
    while start > 0 and doc[start - 1].is_upper and doc[start - 1].is_alpha:
        start -= 1
    at_line_start = start == 0 or "\n" in doc[start - 1].whitespace_ or doc[start - 1].is_space
    return at_line_start and tok.i + 1 < len(doc) and doc[tok.i + 1].text in (",", "-", "—", "(")


def _resolve_capital_or_country(tok: Token) -> Mention | None:
    """"the capital"/"the country" -> the latest capital/country named before it."""
    doc = tok.doc
    want = "capital" if tok.lower_ == "capital" else "country"
    for ent in reversed([e for e in doc.ents if e.end <= tok.i and e.label_ == "GPE"]):
        if place_kind(ent.text) == want or (want == "country" and place_kind(ent.text) == "" and False):
            return make_mention(doc, tok.i, tok.i + 1, _clean_name(ent), "Place")
    return None


def distance_place(unit: Token) -> Mention | None:
    """"10 kilometres from Putin's residence in Novo-Ogaryovo" -> a place named "10 kilometres from Novo-Ogaryovo".

    The described spot is not the landmark itself, so the name keeps the distance
    and the most specific named place of the landmark phrase.
    """
    doc = unit.doc
    frm = next((c for c in unit.children if c.dep_ == "prep" and c.lower_ == "from"), None)
    if frm is None and unit.i + 1 < len(doc) and doc[unit.i + 1].lower_ == "from":
        frm = doc[unit.i + 1]
    if frm is None:
        # "installed 10 kilometres (six miles) from X": the parser hangs "from" on the verb.
        frm = next((c for c in unit.head.children if c.dep_ == "prep" and c.lower_ == "from" and c.i > unit.i), None)
    if frm is None:
        return None
    obj = next((c for c in frm.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    named = None
    for w in obj.subtree:
        e = _ent_of(w)
        if e is not None and e.label_ in ("GPE", "LOC", "FAC", "ORG") and w.dep_ == "pobj" and w.head.lower_ in ("in", "at", "near"):
            named = e
            break
    if named is None:
        inner = place_from(obj, prep="near")
        if inner is None:
            return None
        landmark = inner.name
    else:
        landmark = _clean_name(named)
    start = min(w.i for w in unit.subtree)
    end = max(w.i for w in obj.subtree) + 1
    qty = doc[start : unit.i + 1].text
    return make_mention(doc, start, end, f"{qty} from {landmark}", "Place")


def conjuncts(tok: Token) -> Iterable[Token]:
    """``tok`` and the words coordinated with it."""
    yield tok
    for c in tok.conjuncts:
        yield c
