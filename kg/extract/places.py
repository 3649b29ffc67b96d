"""Places: the specific location a noun phrase after a locative preposition stands for.

Places are named entities or noun phrases headed by a place noun with a name in them;
relational nouns are looked through ("the roof of X" -> X); distances keep their
landmark ("5 km from X"); definite descriptions ("the town") take the latest such place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.extract import Mention
from kg.extract.entities import _DEMONYMS, _demonym, _key, _strip_span, make_mention
from kg.extract.index import token_index
from kg.nlp import WEAPON, read_table

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# make a specific location ("the Engels airfield", "an office building on X Lane").
PLACE_NOUNS = frozenset(
    """
    airfield airfields airport airports airbase airbases aerodrome heliport helipad base bases
    building buildings headquarters hq office offices block blocks tower towers ministry academy
    institute university embassy consulate parliament kremlin park parks forest woods grove garden
    gardens reserve ground grounds range polygon site sites facility facilities plant complex
    compound residence palace house estate villa dacha sanatorium resort hotel spa monastery
    cathedral church mosque school hospital factory refinery depot terminal substation dam
    reservoir lake river coast shore beach pier quay breakwater crossing checkpoint mine farm
    border frontier clearing hill hills hilltop hilltops hillside slope mountain ridge valley cape spit peninsula island islands archipelago
    embankment promenade boulevard lane street avenue road roads prospekt highway motorway bridge
    square plaza district districts region regions oblast krai province county municipality
    village villages town towns city suburb suburbs settlement neighbourhood neighborhood quarter
    exclave enclave port ports seaport harbour harbor bay gulf strait dock docks shipyard dockyard station
    stations arsenal garrison camp barracks outpost bunker silo silos launchpad centre center
    field fields plots plot rooftop rooftops roof roofs area zone territory outskirts airstrip
    runway cemetery stadium arena campus mall market lot capital country court courthouse hall
    theatre theater library prison platform pad hangar hangars shelter shelters
    """.split()
)
# Nouns naming a part of a place: look through them to the place ("roof of X").
PART_NOUNS = frozenset(
    """
    roof roofs rooftop rooftops top tops grounds territory outskirts edge edges centre center
    middle part parts side sides area vicinity plots plot fields field courtyard yard premises
    perimeter section corner heart suburbs environs outskirt north south east west northeast
    northwest southeast southwest entrance entrances lawn approach approaches roads road gates
    gate walls wall shore shores coast outside inside interior front apron aprons tarmac
    """.split()
)
# Kinds of places that, followed by "of <Name>", are that named place ("the city of Saratov").
OF_NAME_NOUNS = frozenset("city town village region province district island islands oblast republic exclave enclave peninsula".split())
OF_KEEP_NOUNS = frozenset("port harbour harbor bay gulf strait airport base".split())
# Prepositions that relate a place noun to a landmark ("a hill above X", "a park beside Y").
RELATION_PREPS = frozenset(
    "in on at along near off by above below beside behind outside next opposite overlooking inside within across around".split()
)
# Words that make the object of a locative preposition something other than a place.
NOT_PLACES = frozenset(
    "channel channels network networks media website account accounts page television tv "
    "day days night occasion basis condition conditions duty alert service display".split()
)
VAGUE_DETERMINERS = frozenset(
    "various several other both many some multiple numerous different all unspecified unnamed undisclosed".split()
)
DISTANCE_UNITS = frozenset(
    "km kilometres kilometers kilometre kilometer miles mile metres meters metre meter m".split()
)
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)?")


@lru_cache(maxsize=1)
def _places() -> dict[str, tuple[str, str]]:
    """Known places by key: (label, kind), kind e.g. country, capital, city, base."""
    out: dict[str, tuple[str, str]] = {}
    for row in read_table("places.tsv"):
        out[_key(row[0])] = (row[1] if len(row) > 1 else "GPE", row[2] if len(row) > 2 else "")
    return out



def place_kind(name: str) -> str:
    """The kind of a known place (country, capital, city, base …), or ""."""
    found = _places().get(_key(name))
    return found[1] if found else ""



_PLACE_LABELS = ("GPE", "LOC", "FAC")
_DATE_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today tonight yesterday tomorrow "
    "spring summer autumn fall winter christmas easter ramadan weekend".split()
)
_BODY_WORDS = frozenset(
    "forces force army navy corps agency service services committee party group company union nato council "
    "government command fleet brigade regiment division guard guards legion administration office".split()
)
_FACILITY_WORDS = frozenset(
    "ministry centre center academy university institute plant base headquarters palace kremlin "
    "building office airport airfield station embankment lane street square park".split()
)


def _ent_of(tok: Token) -> Span | None:
    """The entity span ``tok`` is in, found from its IOB tags (``doc.ents`` builds every span)."""
    if not tok.ent_type_:
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc.char_span(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), label=tok.ent_type_) or doc[start:end]


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


# Natural and administrative features that are named by a proper noun before them.
_FEATURE_NOUNS = frozenset(
    "island islands port bay cape peninsula strait harbour harbor county district province river lake atoll reef "
    "base airbase airfield airport garrison terminal".split()
)
# Words between a name and its feature noun: "Tiyas air base", "Ras Isa oil terminal".
_FEATURE_MODIFIERS = frozenset("air naval military army oil grain fuel cargo".split())


def _feature_name(word: Token, head: Token) -> bool:
    """"Batan island", "Hodeidah port": a name the model took for a nationality, right before a
    feature noun, and without a nationality's suffix ("-ian", "-ese", "-ish": "the Russian port")."""
    between = head.doc[word.i + 1 : head.i]
    return (word.pos_ == "PROPN" and head.lower_ in _FEATURE_NOUNS and 0 < head.i - word.i <= 2
            and all(t.lower_ in _FEATURE_MODIFIERS for t in between)
            and not word.lower_.endswith(("ian", "ese", "ish", "ean")) and word.lower_ not in _DEMONYMS)


def place_from(tok: Token, *, prep: str = "in", depth: int = 0, described: bool = False) -> Mention | None:
    """The specific place the noun ``tok`` (object of a locative preposition) stands for.

    - a place entity ("Belarus", "the Moskva River", "the Engels airfield");
    - a place noun with a name in it ("the Defence Ministry headquarters", "an office
      building on X Lane" -> "X Lane", "a hill above X" -> "hill above X", "the port of X");
    - a part of a place, looked through ("the roof of X" -> X);
    - "the town", "the airport": the latest such place named before;
    - a definite place noun tied to a landmark ("the park beside the administration building").
    With ``described``, a definite place noun with modifiers and no name ("the western
    pier") is a place too; callers use it only when nothing named is found.
    Returns None for vague places ("both buildings", "the frontline", "other locations").
    """
    if depth > 4:
        return None
    doc = tok.doc
    if tok.i > 0 and doc[tok.i - 1].text == "(":
        # "on the roof of the Lakhta Tower (video)": the parser makes the aside the object
        # and hangs the place on it; the place is the last name before the bracket.
        before = [c for c in tok.lefts if c.dep_ in ("nmod", "compound", "amod") and c.i < tok.i - 1]
        if not before:
            return None
        tok = before[-1]
    low = tok.lower_
    if is_vague(tok) or low in NOT_PLACES:
        return None  # "various buildings", "both locations", "other sites"
    if _in_dateline(tok):
        return None
    # Relational part nouns: "the roof of X", "the approach roads to X", "the airport's perimeter".
    if low in PART_NOUNS and not tok.ent_type_:
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "to")), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if obj is not None:
            return place_from(obj, prep=prep, depth=depth + 1, described=described)
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        if poss is not None:
            return place_from(poss, prep=prep, depth=depth + 1, described=described)
        if low not in PLACE_NOUNS:
            return None
    ent = _ent_of(tok)
    if ent is not None and ent.label_ != WEAPON:
        return _place_entity(ent, tok, prep)
    if tok.pos_ == "PROPN" and not tok.ent_type_:
        start, end = _phrase_bounds(tok)
        return make_mention(doc, start, end, _clean_name(doc[start:end]), "Place")
    if low not in PLACE_NOUNS or tok.pos_ not in ("NOUN", "PROPN"):
        # "on a former golf course in Seongju county": a spot with no place noun, told by
        # the named place it lies in.
        if tok.pos_ == "NOUN" and not tok.ent_type_:
            for pp in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "near", "outside")):
                obj = next((c for c in pp.children if c.dep_ == "pobj"), None)
                inner = place_from(obj, prep=pp.lower_, depth=depth + 1) if obj is not None else None
                if inner is not None:
                    return inner
        return None
    start, end = _phrase_bounds(tok)
    named_mod = any(
        _named(doc[i])
        and (doc[i].ent_type_ not in ("DATE", "CARDINAL", "ORDINAL", "QUANTITY", "TIME", "MONEY", "PERCENT") or (
            doc[i].ent_type_ == "DATE" and doc[i].ent_iob_ == "B" and (i + 1 >= len(doc) or doc[i + 1].ent_iob_ != "I") and _false_date(doc[i])
        ))
        and not (doc[i].ent_type_ == "NORP" and (_demonym(doc[i]) or doc[i].pos_ != "PROPN")
                 and not _feature_name(doc[i], tok))  # "the Kidal region", not "the Russian region"
        and not _ORDINAL.fullmatch(doc[i].text)
        for i in range(start, tok.i)
    )
    # A distance phrase on the place: "a site about 20 km from the port of X".
    unit = next((w for w in tok.subtree if w.lower_ in DISTANCE_UNITS and w.i > tok.i), None)
    if unit is not None and not named_mod:
        found = distance_place(unit)
        if found is not None:
            return found
    # "the port of Hodeidah", "the city of Saratov".
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    of_obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if of_obj is not None and (low in OF_NAME_NOUNS or (low in OF_KEEP_NOUNS and not named_mod)):
        inner = place_from(of_obj, prep="in", depth=depth + 1)
        if inner is not None:
            if low in OF_NAME_NOUNS:
                return inner
            return make_mention(doc, start, max(end, inner.end and _tok_end(doc, inner)), f"{doc[start:end].text} of {inner.name}", "Place")
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
    for pp in _relation_pps(tok):
        obj = next((c for c in pp.children if c.dep_ == "pobj"), None)
        if obj is None:
            continue
        inner = place_from(obj, prep=pp.lower_, depth=depth + 1)
        if inner is None:
            if definite and obj.lower_ in PLACE_NOUNS and pp.lower_ not in ("in", "of"):
                # "the park beside the regional administration building": a spot told by a landmark.
                ostart, oend = _phrase_bounds(obj)
                name = f"{doc[start:end].text} {pp.text} {doc[ostart:oend].text}"
                return make_mention(doc, start, oend, name, "Place")
            continue
        if _is_street(obj) and not named_mod:
            return inner
        if named_mod:
            break
        # "an administrative building in central Moscow", "a hill above Foros".
        if obj.lower_ == "front":
            return make_mention(doc, start, end, f"{doc[start:end].text} in front of {inner.name}", "Place")
        if pp.lower_ == "to" and pp.head.lower_ in ("next", "close"):
            return make_mention(doc, start, end, f"{doc[start:end].text} {pp.head.text} to {inner.name}", "Place")
        in_start, in_end = _phrase_bounds(obj)
        own = inner.start >= doc[in_start].idx and inner.end <= doc[in_end - 1].idx + len(doc[in_end - 1])
        if obj.lower_ in PART_NOUNS and not own:
            # "a garrison on the edge of Gusev": keep the part phrase as written
            first = min(w.i for w in obj.lefts) if any(True for _ in obj.lefts) else obj.i
            span = doc.char_span(doc[first].idx, inner.end, alignment_mode="expand")
            phrase = span.text if span is not None else inner.name
        else:
            phrase = _clean_name(doc[in_start:in_end]) if own else inner.name
        name = f"{doc[start:end].text} {pp.text} {phrase}"
        return make_mention(doc, start, max(end, in_end, _tok_end(doc, inner)), name, "Place")
    for d in (c for c in tok.children if c.dep_ in ("advmod", "amod", "npadvmod") and c.lower_ in DIRECTIONS and c.i > tok.i):
        # "the area south of Crete", "a field west of X": the spot told by its bearing
        found = direction_place(d)
        if found is not None:
            return make_mention(doc, start, found.end and _tok_end(doc, found), f"{doc[start:end].text} {found.name}", "Place")
    if not named_mod:
        # "a hilltop overlooking Sevastopol": a participle whose object is the landmark.
        for acl in (c for c in tok.children if c.dep_ == "acl" and c.lower_ in ("overlooking", "facing")):
            obj = next((c for c in acl.children if c.dep_ in ("dobj", "obj")), None)
            inner = place_from(obj, prep="near", depth=depth + 1) if obj is not None else None
            if inner is not None:
                return make_mention(doc, start, max(end, _tok_end(doc, inner)), f"{doc[start:end].text} {acl.text} {inner.name}", "Place")
    if named_mod:
        return make_mention(doc, start, end, _clean_name(doc[start:end]), "Place")
    if poss is not None and _named(poss) and poss.ent_type_ not in ("PERSON", "NORP"):
        pent = _ent_of(poss)
        pstart = pent.start if pent is not None else poss.i
        return make_mention(doc, pstart, end, _clean_name(doc[pstart:end]), "Place")
    # "a building belonging to the Ministry of Education": the owner names it.
    for acl in (c for c in tok.children if c.dep_ == "acl" and c.lemma_ in ("belong", "house", "own", "use", "run")):
        for pp in (c for c in acl.children if c.dep_ == "prep"):
            obj = next((c for c in pp.children if c.dep_ == "pobj"), None)
            if obj is not None and _named(obj):
                oent = _ent_of(obj)
                ostart, oend = (oent.start, oent.end) if oent is not None else _phrase_bounds(obj)
                ostart, oend = _strip_span(doc[ostart:oend])
                return make_mention(doc, ostart, oend, _clean_name(doc[ostart:oend]), "Place")
    if definite and start == tok.i or (definite and all(doc[i].pos_ == "ADJ" for i in range(start, tok.i))):
        found = resolve_definite_place(tok)
        if found is not None:
            return found
    if described and definite and start < tok.i and low not in _BROAD_PLACES and not any(doc[i].lower_ in _NOT_SPECIFIC for i in range(start, tok.i)):
        # "the western pier", "the regional administration building": a described spot.
        return make_mention(doc, start, end, doc[start:end].text, "Place")
    return None


_BROAD_PLACES = frozenset(
    "area zone region regions territory site sites facility facilities border country city town village "
    "district districts capital province oblast ground grounds field fields".split()
)
_NOT_SPECIFIC = frozenset("same other new old nearby local such own".split())


def _tok_end(doc: Doc, mention: Mention) -> int:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span.end if span is not None else 0


def _relation_pps(tok: Token) -> list[Token]:
    out = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in RELATION_PREPS]
    # "a platform next to the plant": "next" holds the preposition.
    for adv in (c for c in tok.children if c.dep_ in ("advmod", "amod") and c.lower_ in ("next", "close")):
        out.extend(c for c in adv.children if c.dep_ == "prep" and c.lower_ == "to")
    # "a hill overlooking the port": a participle relating the place to a landmark.
    for acl in (c for c in tok.children if c.dep_ == "acl" and c.lower_ in ("overlooking", "facing", "near")):
        out.extend(c for c in acl.children if c.dep_ == "prep")
    return out


def _is_street(tok: Token) -> bool:
    ent = _ent_of(tok)
    return tok.lower_ in ("lane", "street", "avenue", "road", "embankment", "prospekt", "square", "highway", "boulevard") or (
        ent is not None and ent.label_ == "FAC"
    )


def _false_date(tok: Token) -> bool:
    """A lone proper noun the model tagged DATE that no date reading accepts ("Valday")."""
    from kg.extract.dates import MONTHS, resolve_date

    low = tok.lower_
    return tok.pos_ == "PROPN" and low not in _DATE_WORDS and low.rstrip(".") not in MONTHS and resolve_date(tok.text, "2000-01-01") is None


def _place_entity(ent: Span, tok: Token, prep: str) -> Mention | None:
    doc = tok.doc
    label = ent.label_
    ok = label in _PLACE_LABELS
    if label == "ORG":
        # The small model tags many towns and sites ORG; a body ("the Air Force") is not a place.
        ok = any(w.lower_ in _FACILITY_WORDS for w in ent) or (
            not any(w.lower_ in _BODY_WORDS for w in ent) and prep not in ("with", "by", "for", "from")
        )
    if label == "PERSON":
        ok = (
            prep not in ("on", "onto", "by", "with", "for", "from", "of")
            and tok.pos_ == "PROPN"
            and ent.root.i == tok.i
            and sum(1 for w in ent if not w.is_punct) <= 2
            and not any(w.lower_ in ("president", "minister") for w in ent)
        )
    if label == "DATE":
        # "near Valday" tagged as a date: a lone proper noun that no date reading accepts.
        ok = len(ent) == 1 and _false_date(tok)
    if label in ("NORP", "PRODUCT", "WORK_OF_ART"):
        # The small model takes some towns for nationalities or products ("to Kirkenes", "near Vuhledar").
        ok = tok.tag_ == "NNP" and len(ent) == 1 and prep not in ("on", "onto", "by", "with", "for", "of", "from")
    if not ok:
        return None
    start, end = _strip_span(ent)
    # A place noun right after the name belongs to it: "Engels airfield", "Kursk nuclear power plant".
    root = ent.root
    if root.dep_ in ("compound", "nmod", "amod") and root.head.i >= ent.end and root.head.lower_ in PLACE_NOUNS:
        end = root.head.i + 1
        start = min(start, _phrase_bounds(root.head)[0])
        start, end = _strip_span(doc[start:end])
    if start >= end:
        return None
    if label in ("GPE", "ORG") and doc[end - 1].tag_ == "POS":
        return None
    return make_mention(doc, start, end, _clean_name(doc[start:end]), "Place")


_DEFINITE_KINDS = {
    "city": ("city", "capital", ""),
    "town": ("city", "capital", ""),
    "village": ("city", ""),
    "capital": ("capital",),
    "country": ("country",),
    "region": ("region",),
}


def resolve_definite_place(tok: Token) -> Mention | None:
    """"the town", "the capital", "the airport": the latest place of that kind named before ``tok``."""
    doc = tok.doc
    low = tok.lower_
    mention_words = (tok.i, tok.i + 1)
    kinds = _DEFINITE_KINDS.get(low)
    if kinds is not None:
        for ent in reversed([e for e in token_index(doc).ents if e.end <= tok.i and e.label_ == "GPE"]):
            if _in_dateline(ent[0]):
                continue
            if place_kind(ent.text) in kinds:
                return make_mention(doc, *mention_words, _clean_name(ent), "Place")
        return None
    # "the airport", "the base": the nearest earlier place noun of the same word with a name.
    for cand in reversed(doc[: tok.i]):
        if cand.lower_ == low and cand.i != tok.i:
            start, end = _phrase_bounds(cand)
            if any(_named(doc[i]) for i in range(start, cand.i)):
                return make_mention(doc, *mention_words, _clean_name(doc[start:end]), "Place")
        if cand.ent_type_ == "FAC" and low in ("airport", "base", "airfield", "site", "plant", "port") and cand.ent_iob_ == "B":
            ent = _ent_of(cand)
            if ent is not None and any(w.lower_ == low for w in ent):
                return make_mention(doc, *mention_words, _clean_name(ent), "Place")
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


def distance_place(unit: Token) -> Mention | None:
    """"10 kilometres from Putin's residence in Novo-Ogaryovo" -> a place named "10 kilometres from Novo-Ogaryovo".

    The described spot is not the landmark itself, so the name keeps the distance
    and the most specific named place of the landmark phrase.
    """
    doc = unit.doc
    rel = ("from", "off", "outside", "north", "south", "east", "west")
    frm = next((c for c in unit.children if c.dep_ == "prep" and c.lower_ in rel), None)
    if frm is None and unit.i + 1 < len(doc) and doc[unit.i + 1].lower_ in rel:
        frm = doc[unit.i + 1]
    if frm is None:
        # "installed 10 kilometres (six miles) from X": the parser hangs "from" on the verb.
        frm = next((c for c in unit.head.children if c.dep_ == "prep" and c.lower_ in rel and c.i > unit.i), None)
    if frm is not None and frm.lower_ in ("north", "south", "east", "west"):
        frm = next((c for c in frm.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if frm is None:
        return None
    obj = next((c for c in frm.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    named = None
    for w in obj.subtree:
        e = _ent_of(w)
        if e is not None and e.label_ in ("GPE", "LOC", "FAC", "ORG") and w.dep_ == "pobj" and w.head.lower_ in ("in", "at", "near", "of"):
            named = e
            break
    if named is None:
        inner = place_from(obj, prep="near")
        if inner is None:
            return None  # "a few kilometres from the old dacha": no landmark to measure from
        landmark = inner.name
    else:
        landmark = _clean_name(named)
    start = min(w.i for w in unit.subtree)
    end = max(w.i for w in obj.subtree) + 1
    qty = doc[start : unit.i + 1].text
    return make_mention(doc, start, end, f"{qty} {frm.text if frm.lower_ != 'of' else frm.head.text + ' of'} {landmark}", "Place")


DIRECTIONS = frozenset(
    "north south east west northeast northwest southeast southwest north-east north-west south-east south-west".split()
)


def direction_place(direction: Token) -> Mention | None:
    """"east of Taiwan" (a direction word with its "of" landmark) -> a place named "east of Taiwan"."""
    of = next((c for c in direction.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    inner = place_from(obj, prep="near") if obj is not None else None
    if inner is None:
        return None
    doc = direction.doc
    return make_mention(doc, direction.i, max(direction.i + 1, _tok_end(doc, inner)), f"{direction.text} of {inner.name}", "Place")


def conjuncts(tok: Token) -> Iterable[Token]:
    """``tok`` and the words coordinated with it."""
    yield tok
    for c in tok.conjuncts:
        yield c
