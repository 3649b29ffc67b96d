"""Weapon-system helpers shared by the extractors: mentions, names, classes, anaphora.

Systems come from the ``WEAPON`` entities of :mod:`kg.nlp`'s ruler; a mention's
``name`` is the fullest form the document gives ("Pantsir" after "Pantsir-S1" ->
"Pantsir-S1"), singular ("S-400s" -> "S-400"), canonical when ``kg/data/systems.tsv``
knows the system. Places live in :mod:`kg.extract.places`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.extract import Mention
from kg.extract.index import token_index
from kg.nlp import SYSTEM_HEADS, WEAPON, read_table

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Heads of noun phrases that name a kind of place; with a name in the phrase they
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
    "surface-to-air anti-missile anti-drone ship anti-ship rocket ballistic cruise coastal".split()
)
GENERIC_HEADS = frozenset(
    "system systems weapons weapon guns gun batteries battery launchers launcher defences defenses".split()
)
# Capitalised words that are weapon names only with weapon words around them.
AMBIGUOUS_SYSTEMS = frozenset(
    """
    Patriot Tor Osa Hawk Avenger Grad Leopard Mistral Lancet Stinger Bradley Abrams Marder
    Stryker Tornado Switchblade Orion Krab Verba Igla Strizh Geran Shahed Tochka Buk Yars
    Sarmat Gripen Archer Triumf Bal Zircon Tomahawk Kalibr Aspide Avengers Patriots Bastion Neptune
    Harpoon Caesar Challenger Polonez Rubezh Chunmoo
    """.split()
)
# Systems that are munitions: they are fired or launched, seldom "deployed somewhere".
MUNITIONS = frozenset(
    name.strip()
    for name in """
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
_UNIT_WORDS = frozenset("unit units fire battery batteries crews crew".split())
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


_LEADING_WORDS = frozenset(
    "a an the this that these those some several many another each both all its their his her our "
    "your my few most any one two three four five six seven eight nine ten".split()
)


def _strip_span(span: Span) -> tuple[int, int]:
    """Token bounds without leading determiners/quantifiers and trailing possessive marks."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in _LEADING_WORDS or doc[start].like_num and not doc[start].is_upper or doc[start].is_quote):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].pos_ in ("ADP", "CCONJ", "DET")):
        end -= 1  # the model's entities sometimes run on: "the … Centre on", "… Center of"
    return start, end


def system_name(text: str) -> str:
    """The name of a system as written: class words cut off, singular, canonical when known.

    "Patriot air defence systems" -> "Patriot"; "S-400s" -> "S-400"; "Pantsir S1" -> "Pantsir-S1".
    """
    words = text.split()
    tail = set(SYSTEM_HEADS) | {"air", "defence", "defense", "anti-aircraft", "missile", "surface-to-air",
                                "strategic", "long-range", "short-range", "medium-range", "anti", "-", "aircraft",
                                "air-defence", "air-defense", "gun", "guns", "gun-and-missile", "rocket",
                                "coastal", "anti-ship", "mobile", "self-propelled", "tracked", "wheeled"}
    while len(words) > 1 and words[-1].casefold() in tail:
        words.pop()
    name = " ".join(words).replace(" - ", "-").replace(" -", "-").replace("- ", "-").strip("\"'“”‘’«» ")
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
    for ent in token_index(doc).ents:
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
        elif any(t.lower_ in SYSTEM_HEADS or t.lower_ in _UNIT_WORDS for t in doc[ent.end : ent.end + 2]):
            accepted.add(name)  # "a Patriot fire unit"
    names = sorted(accepted, key=len, reverse=True)
    text = token_index(doc).text
    out: list[SystemRef] = _called_systems(doc) if any(w in text for w in (" called ", " named ", " dubbed ", " known as ")) else []
    taken = {i for ent, _ in raw for i in range(ent.start, ent.end)}
    shaped = [r for r in shaped_systems(doc) if not any(i in taken for i in range(r.start, r.end))]
    out += shaped + _bare_names(doc, shaped, taken)
    for ent, name in raw:
        if name not in accepted:
            continue
        full = next((n for n in names if n != name and (n.startswith(name + "-") or n.startswith(name + " "))
                     and canonical_system(name) is None), name)
        start, end = _strip_span(ent)
        if any(r.start <= start < r.end for r in out):
            continue
        last = ent[-1]
        head = last.i if not (ent.start <= last.head.i < ent.end) else ent.root.i
        out.append(SystemRef(head, start, end, make_mention(doc, start, end, full, "WeaponSystem")))
    return sorted(out, key=lambda r: r.start)


# Head nouns of a noun phrase that names a weapon by its shape: "<Name> [class words] <head>".
SHAPE_HEADS = frozenset(
    """
    system systems launcher launchers battery batteries radar radars missile missiles complex complexes
    howitzer howitzers tank tanks jet jets fighter fighters bomber bombers drone drones destroyer
    destroyers frigate frigates corvette corvettes submarine submarines cruiser cruisers carrier carriers warship warships
    unit units
    """.split()
)
# Heads that also follow the names of armed groups and firms ("<group> fighters/drones").
_GROUP_PRONE = frozenset("fighter fighters drone drones jet jets tank tanks".split())
# Class nouns after which a capitalised name is a ship's name ("the frigate Admiral Makarov").
SHIP_HEADS = frozenset("carrier destroyer frigate corvette submarine cruiser warship".split())
# Words between a name and its head noun: "<Name> coastal defence battery", "<Name> rocket launcher".
_SHAPE_CLASS_WORDS = frozenset(
    """
    air defence defense anti aircraft anti-aircraft missile missiles surface to - surface-to-air rocket
    ballistic cruise strategic long short medium range long-range short-range medium-range mobile self
    propelled self-propelled coastal ship anti-ship tracked wheeled artillery multiple launch radar
    attack combat guided gun guns air-defence air-defense defence-system
    """.split()
)
# Capitalised words that open such a phrase without naming a system.
_NOT_SHAPE_NAMES = frozenset(
    """
    soviet western eastern northern southern allied coalition army navy air force forces fleet guard
    guards marine marines corps ministry defence defense national new old main mr ms first second
    third last next several the a our their his her its my this that these those brigade regiment
    division battalion command district military naval missile missiles patriot national-guard
    """.split()
)
_DEMONYMS = frozenset(
    """
    dutch swiss greek thai french welsh irish scots scottish israeli pakistani iraqi saudi omani yemeni
    kuwaiti qatari emirati bangladeshi azeri somali nepali kazakh uzbek tajik turkmen kyrgyz
    """.split()
)
_DEMONYM_ENDS = ("ian", "ean", "ese", "ish", "an", "ic", "ch")


def _demonym(tok: Token) -> bool:
    low = tok.lower_.split("-")[0]
    return (
        low in _DEMONYMS
        or low.endswith(("ian", "ese", "ish"))
        or ((tok.ent_type_ == "NORP" or tok.pos_ == "ADJ") and low.endswith(_DEMONYM_ENDS))
    )


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    return frozenset(_key(row[0]) for row in read_table("places.tsv"))


def _name_word(tok: Token, sent_start: int) -> bool:
    """Whether ``tok`` can be part of a system's name: capitalised or a designation, not a
    nationality, a body, a date or a known place."""
    text = tok.text
    if not text[:1].isupper() and not (text[:1].isdigit() and any(c.isalpha() for c in text)):
        return False
    if tok.is_punct or tok.lower_ in _NOT_SHAPE_NAMES or _demonym(tok):
        return False
    if tok.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"):
        return False
    if text.isupper() and not any(c.isdigit() for c in text):
        return False  # "NATO jets", "US destroyers": bodies and states in capitals
    if tok.i == sent_start and tok.pos_ != "PROPN":
        return False  # a capital only because the sentence starts
    return _key(text) not in _place_names()


def _suffix_word(doc: Doc, i: int, sent_start: int) -> bool:
    """A hyphen or a short capital suffix inside a name: "Homar-A", "Bastion-P", "Barak MX"."""
    tok = doc[i]
    if i - 1 < sent_start:
        return False
    if tok.text == "-":
        return _name_word(doc[i - 1], sent_start) and not tok.whitespace_
    if not (tok.text.isupper() and tok.text.isalpha() and len(tok) <= 3):
        return False
    prev = doc[i - 1]
    # After a title-case name word, not after a state's capitals ("US NASAMS" is no name).
    return prev.text == "-" or (prev.text[:1].isupper() and not prev.text.isupper() and _name_word(prev, sent_start))


def _title_cased(sent: Span) -> bool:
    """A headline in title case ("New Coastal Missile Batteries Arrive"): every content word capitalised."""
    words = [t for t in sent if t.is_alpha and len(t) > 3 and not t.is_stop]
    return len(words) >= 3 and all(t.text[:1].isupper() for t in words)


def _used_as_place(doc: Doc) -> frozenset[str]:
    """Capitalised words the document uses as places ("in X", "near X", "to X")."""
    out = set()
    for i in token_index(doc).where(dep=("pobj",)):
        tok = doc[i]
        if tok.head.lower_ in ("in", "at", "near", "to", "from", "outside", "into") and tok.text[:1].isupper():
            out.add(tok.text)
            out.update(c.text for c in tok.children if c.dep_ == "compound" and c.text[:1].isupper())
    return frozenset(out)


def shaped_systems(doc: Doc) -> list[SystemRef]:
    """Systems the gazetteer does not know, found by the shape of their noun phrase.

    - "<Name> [class words] <head>": "the Polonez rocket launcher", "GM200 radars",
      "a Belarusian Krab howitzer" (the nationality is left out), "FK-3 air defence
      batteries"; ``unit(s)`` only after class words ("a Rubezh missile unit");
    - "<ship class> <Name>": "the frigate Admiral Makarov", "the aircraft carrier Shandong".
    A name the document uses as a place elsewhere ("in X"), a known place, a nationality,
    a body ("Navy", "NATO") or a capital that only starts a sentence is no system name;
    a name the model tags as a place needs an article or a number ("a Bastion launcher").
    """
    out: list[SystemRef] = []
    places: frozenset[str] | None = None
    sents = {}
    index = token_index(doc)
    for n in index.where(lower=SHAPE_HEADS, pos=("NOUN", "PROPN", "ADJ")):
        tok = doc[n]
        low = tok.lower_
        if tok.ent_type_ == WEAPON:
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ in SHAPE_HEADS and nxt.pos_ in ("NOUN", "PROPN"):
            continue  # "missile" in "<Name> missile complex": the phrase ends later
        sent = index.sentence(n)
        if sent.start not in sents:
            sents[sent.start] = _title_cased(sent)
        if sents[sent.start]:
            continue
        i = tok.i - 1
        while i >= sent.start and doc[i].lower_ in _SHAPE_CLASS_WORDS and not doc[i].text[:1].isupper():
            i -= 1
        classes = tok.i - 1 - i
        end_name = i + 1
        while i >= sent.start and doc[i].ent_type_ != WEAPON and (
            _name_word(doc[i], sent.start) or _suffix_word(doc, i, sent.start)
        ):
            i -= 1
        start = i + 1
        if start < end_name and tok.pos_ != "ADJ" and (low not in ("unit", "units") or classes) and (low not in ("carrier", "carriers") or classes):
            if places is None:
                places = _used_as_place(doc)
            words = doc[start:end_name]
            if any(w.text in places for w in words):
                continue
            if low in _GROUP_PRONE and not classes and not any(c.isdigit() for c in words.text) and (
                low.startswith("fighter")
                or any(w.ent_type_ in ("ORG", "NORP", "PERSON") for w in words)
                or not (start > 0 and (doc[start - 1].pos_ == "DET" or doc[start - 1].like_num))
            ):
                continue  # "Hamas fighters", "Houthi drones": a group's, not a model's name
            if any(w.ent_type_ in ("GPE", "LOC") for w in words) and not classes == 0 and not (
                start > 0 and (doc[start - 1].lower_ in ("a", "an") or doc[start - 1].like_num)
            ):
                continue
            if start > 0 and doc[start - 1].tag_ == "POS" or doc[end_name - 1].tag_ == "POS":
                continue
            name = system_name(doc[start : tok.i + 1].text)
            out.append(SystemRef(tok.i, start, tok.i + 1, make_mention(doc, start, tok.i + 1, name, "WeaponSystem")))
            continue
        if low in SHIP_HEADS and (low != "carrier" or doc[tok.i - 1].lower_ in ("aircraft", "helicopter")):
            j = tok.i + 1
            while j < sent.end and (_name_word(doc[j], -1) or doc[j].text in ("USS", "HMS", "INS")) and doc[j].ent_type_ != WEAPON:
                j += 1
            if j == tok.i + 1 or j - tok.i > 4:
                continue
            name_root = doc[j - 1]
            head = name_root.i if not (tok.i <= name_root.head.i < j) and name_root.head.i != tok.i else tok.i
            if tok.head.i == name_root.i or tok.dep_ in ("compound", "amod", "nmod"):
                head = name_root.i
            out.append(SystemRef(head, tok.i + 1, j, make_mention(doc, tok.i + 1, j, doc[tok.i + 1 : j].text, "WeaponSystem")))
    return out


def _bare_names(doc: Doc, shaped: list[SystemRef], taken: set[int]) -> list[SystemRef]:
    """Later bare mentions of a name found by shape: "the Polonez launcher … the Polonez is now at X"."""
    names = {r.mention.name: r for r in shaped if r.mention.name[:1].isupper() and " " not in r.mention.name}
    if not names:
        return []
    covered = taken | {i for r in shaped for i in range(r.start, r.end)}
    out = []
    for i in token_index(doc).where(orth=names, pos=("PROPN",)):
        tok = doc[i]
        if tok.i not in covered and tok.dep_ != "pobj":
            out.append(SystemRef(tok.i, tok.i, tok.i + 1, make_mention(doc, tok.i, tok.i + 1, tok.text, "WeaponSystem")))
    return out


def _called_systems(doc: Doc) -> list[SystemRef]:
    """"an air-defence system called Sky Shield": the name after called/named/dubbed/known as."""
    out: list[SystemRef] = []
    for i in token_index(doc).where(lower=("called", "named", "dubbed", "known"), dep=("acl",)):
        tok = doc[i]
        if tok.head.lower_ not in SYSTEM_HEADS:
            continue
        node = tok
        if tok.lower_ == "known":
            node = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "as"), None)
            if node is None:
                continue
        name_tok = next((c for c in node.children if c.dep_ in ("oprd", "dobj", "attr", "pobj") and c.pos_ == "PROPN"), None)
        if name_tok is None:
            continue
        words = [w for w in name_tok.subtree if w.dep_ != "punct" or w.text == "-"]
        start, end = min(w.i for w in words), max(w.i for w in words) + 1
        start, end = _strip_span(doc[start:end])
        if start >= end:
            continue
        name = system_name(doc[start:end].text)
        out.append(SystemRef(tok.head.i, start, end, make_mention(doc, start, end, name, "WeaponSystem")))
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
        if low in ("it", "they", "them") and _nearer_antecedent(tok, prior[-1]):
            return None
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


def _nearer_antecedent(pron: Token, ref: SystemRef) -> bool:
    """Whether a noun of the pronoun's number stands between it and the system, as an argument
    in the pronoun's own sentence ("I checked the street corners …; they are in X")."""
    plural = pron.lower_ in ("they", "them")
    for tok in pron.sent:
        if tok.i >= pron.i:
            break
        if tok.i < ref.end or tok.pos_ != "NOUN" or tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj"):
            continue
        if (tok.tag_ == "NNS") == plural:
            return True
    return False
