"""Entity resolution: mention names -> canonical keys -> deterministic entity IRIs.

A name's key depends on the name alone (plus, inside one document, the fuller
names that document uses), so the same name gives the same key in every
document and facts from different articles meet on one entity without a global
pass. The rules are cheap string rules:

- a gazetteer (``kg/data/aliases.tsv``, and ``kg/data/systems.tsv`` of the same
  shape: ``alias<TAB>canonical<TAB>class[<TAB>wikidata]``) maps written forms to
  canonical names, ontology classes and Wikidata ids; the surname of a person it
  knows ("Peskov" for "Dmitry Peskov", class Person) maps to them everywhere;
- generic rules: case-insensitive; a leading "the" and a possessive "'s" are
  dropped; American spellings become British ("Defense" -> "Defence");
  "X Ministry" == "Ministry of X"; "U.S." == "US"; titles before a person's
  name go ("Kremlin spokesman Dmitry Peskov" -> "Dmitry Peskov");
- inside one document, a surname alone ("Peskov") resolves to the one full name
  ending with it ("Dmitry Peskov"), and a shorter organisation name ("Defence
  Ministry") to the one fuller name ending with it ("Russian Defence Ministry").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import URIRef

from kg.extract import Mention, Relation
from kg.vocab import ENTITY_PARENTS, class_chain, entity_iri, slug

__all__ = [
    "Entity",
    "Resolution",
    "Gazetteer",
    "GazetteerEntry",
    "resolve",
    "resolve_name",
    "canonical_key",
    "clean_name",
    "load_gazetteer",
]

DATA_DIR = Path(__file__).parent / "data"
GAZETTEER_FILES = ("aliases.tsv", "aliases-agents.tsv", "systems.tsv")


@dataclass(frozen=True)
class Entity:
    """A resolved entity as one document names it.

    ``key`` is the canonical key (a slug), ``iri`` = ``kgid:entity/{key}``, ``label``
    the fullest name this document uses for it, ``type`` a kg class local name
    ("Person", "SurfaceToAirMissileSystem" ...), ``wikidata`` a Q-id when known.
    """

    key: str
    label: str
    type: str
    iri: URIRef
    wikidata: str | None = None


@dataclass(frozen=True)
class GazetteerEntry:
    canonical: str
    type: str | None = None
    wikidata: str | None = None


@dataclass(frozen=True)
class Gazetteer:
    """Known names: normalised alias -> entry."""

    entries: Mapping[str, GazetteerEntry] = field(default_factory=dict)

    def lookup(self, name: str) -> GazetteerEntry | None:
        return self.entries.get(_fold(name))


@dataclass(frozen=True)
class Resolution:
    """Entities of one document's relations, looked up by mention."""

    by_name: Mapping[tuple[str, str], Entity] = field(default_factory=dict)

    def __getitem__(self, mention: Mention) -> Entity:
        return self.by_name[(mention.name, mention.type)]

    def get(self, mention: Mention) -> Entity | None:
        return self.by_name.get((mention.name, mention.type))

    def __iter__(self) -> Iterator[Entity]:
        """Yield each distinct (iri, type) entity once, in a stable order."""
        seen: dict[tuple[str, str], Entity] = {}
        for ent in self.by_name.values():
            seen.setdefault((str(ent.iri), ent.type), ent)
        return iter([seen[k] for k in sorted(seen)])

    def __len__(self) -> int:
        return len({(str(e.iri), e.type) for e in self.by_name.values()})


# --- gazetteer -----------------------------------------------------------------


def load_gazetteer(paths: Iterable[Path] | None = None) -> Gazetteer:
    """Load the gazetteer files (default: those of ``kg/data`` that exist), cached.

    Blank lines and lines starting with ``#`` are skipped; so are lines with fewer
    than two columns. A missing file is not an error: the generic rules still apply.
    """
    if paths is None:
        paths = [DATA_DIR / name for name in GAZETTEER_FILES]
    return _load_gazetteer(tuple(str(p) for p in paths))


@lru_cache(maxsize=8)
def _load_gazetteer(paths: tuple[str, ...]) -> Gazetteer:
    canonical_of: dict[str, str] = {}  # folded alias -> canonical name (first row wins)
    info: dict[str, GazetteerEntry] = {}  # folded canonical -> merged class and Q-id of all rows
    for path in paths:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            continue
        for line in text.splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = [c.strip() for c in line.split("\t")]
            if len(cols) < 2 or not cols[0] or not cols[1]:
                continue
            kind = cols[2] if len(cols) > 2 and cols[2] in ENTITY_PARENTS else None
            wikidata = cols[3] if len(cols) > 3 and re.fullmatch(r"Q\d+", cols[3]) else None
            canonical_of.setdefault(_fold(cols[0]), cols[1])
            canonical_of.setdefault(_fold(cols[1]), cols[1])  # the canonical name maps to itself
            key = _fold(cols[1])
            entry = GazetteerEntry(cols[1], kind, wikidata)
            info[key] = _merge(info[key], entry) if key in info else entry
    # A known person's surname alone names them in any document, unless two share it.
    surnames: dict[str, set[str]] = {}
    for key, entry in info.items():
        if entry.type == "Person" and " " in key:
            surnames.setdefault(key.rsplit(" ", 1)[1], set()).add(entry.canonical)
    for surname, people in surnames.items():
        if len(people) == 1:
            canonical_of.setdefault(surname, people.pop())
    entries = {}
    for alias, canonical in canonical_of.items():
        merged = info.get(_fold(canonical), GazetteerEntry(canonical))
        entries[alias] = GazetteerEntry(canonical, merged.type, merged.wikidata)
    return Gazetteer(entries)


def _merge(first: GazetteerEntry, later: GazetteerEntry) -> GazetteerEntry:
    """Keep the first canonical spelling; take a more specific class or a missing Q-id from later rows."""
    kind = first.type
    if later.type is not None and (kind is None or (later.type != kind and kind in class_chain(later.type))):
        kind = later.type
    return GazetteerEntry(first.canonical, kind, first.wikidata or later.wikidata)


# --- name normalisation --------------------------------------------------------

# American -> British spelling, word by word (kg writes British, as the ontology does).
_SPELLING = {
    "defense": "defence",
    "offense": "offence",
    "armor": "armour",
    "armored": "armoured",
    "center": "centre",
    "centers": "centres",
    "organization": "organisation",
    "organizations": "organisations",
    "program": "programme",
    "honor": "honour",
}
_SPELLING_RE = re.compile(r"\b(" + "|".join(_SPELLING) + r")\b")

# "Defence Ministry" == "Ministry of Defence": portfolios a ministry is named after.
_PORTFOLIOS = {
    "defence": "defence",
    "foreign": "foreign affairs",
    "interior": "interior",
    "finance": "finance",
    "justice": "justice",
    "health": "health",
    "emergencies": "emergency situations",
    "emergency": "emergency situations",
    "energy": "energy",
    "economy": "economy",
    "education": "education",
}
_MINISTRY_RE = re.compile(r"\b(" + "|".join(_PORTFOLIOS) + r")(?: affairs)? ministry\b")
_MINISTRY_OF_THE_RE = re.compile(r"\bministry of the\b")

# "Russia's Defence Ministry" -> "Russian Defence Ministry".
_DEMONYMS = {
    "russia": "russian",
    "ukraine": "ukrainian",
    "belarus": "belarusian",
    "china": "chinese",
    "iran": "iranian",
    "israel": "israeli",
    "syria": "syrian",
    "turkey": "turkish",
    "america": "american",
    "britain": "british",
    "germany": "german",
    "france": "french",
    "poland": "polish",
}
_POSSESSIVE_RE = re.compile(r"(\w+)'s(?=\s)")
_TRAILING_POSSESSIVE_RE = re.compile(r"(?:'s|')$")
_ABBREVIATION_RE = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_EDGE_PUNCT = " \t\n\"'“”‘’«»()[],;:!?"

# Words that come before a person's name and are not part of it.
_TITLES = {
    "president", "vice-president", "prime", "minister", "ministers", "secretary", "spokesman",
    "spokeswoman", "spokesperson", "spokespeople", "press", "chief", "head", "commander",
    "general", "gen", "gen.", "lieutenant", "lt", "lt.", "colonel", "col", "col.", "major",
    "maj", "maj.", "admiral", "adm", "adm.", "captain", "capt", "capt.", "sergeant", "sgt",
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "mayor", "governor", "gov",
    "gov.", "ambassador", "envoy", "senator", "sen", "sen.", "rep", "rep.", "deputy", "advisor",
    "adviser", "official", "officer", "chairman", "director", "leader", "king", "queen", "prince",
    "aide", "top", "senior", "former", "foreign", "defence", "defense", "kremlin's",
}


def clean_name(name: str) -> str:
    """Return ``name`` as a label: NFKC, straight quotes, one space, no leading "the", no possessive.

    Case is kept: this is what ``rdfs:label`` shows.
    """
    text = unicodedata.normalize("NFKC", name).replace("’", "'").replace("‘", "'")
    text = " ".join(text.split()).strip(_EDGE_PUNCT.replace("'", ""))
    text = _TRAILING_POSSESSIVE_RE.sub("", text) if text.endswith(("'s", "s'")) else text
    text = text.strip(_EDGE_PUNCT)
    if text[:4].lower() == "the " and len(text) > 4:
        text = text[4:]
    return text


def _strip_titles(name: str) -> str:
    """Drop titles before a person's name: everything up to the last title word."""
    words = name.split()
    last = -1
    for i, word in enumerate(words[:-1]):
        if word.lower().strip(",") in _TITLES:
            last = i
    return " ".join(words[last + 1 :]) if last >= 0 else name


def _fold(name: str) -> str:
    """Normalise a name for comparison: the generic rules, lowercase, single spaces."""
    text = clean_name(name)
    text = _ABBREVIATION_RE.sub(lambda m: m.group(0).replace(".", ""), text)
    text = text.casefold()
    text = _POSSESSIVE_RE.sub(lambda m: _DEMONYMS.get(m.group(1), m.group(1)), text)
    text = _SPELLING_RE.sub(lambda m: _SPELLING[m.group(1)], text)
    text = _MINISTRY_OF_THE_RE.sub("ministry of", text)
    text = _MINISTRY_RE.sub(lambda m: "ministry of " + _PORTFOLIOS[m.group(1)], text)
    text = re.sub(r"[^\w]+", " ", text).strip()
    return text


@lru_cache(maxsize=65536)
def _key_and_entry(name: str, type: str) -> tuple[str, GazetteerEntry | None]:
    if type == "Person":
        name = _strip_titles(clean_name(name))
    entry = load_gazetteer().lookup(name)
    folded = _fold(entry.canonical) if entry is not None else _fold(name)
    return slug(folded or name), entry


def canonical_key(name: str, type: str = "Agent") -> str:
    """Return the canonical key of a name, the same in every document.

    >>> canonical_key("the Russian Defense Ministry's", "Organization")
    'russian-ministry-of-defence'
    """
    return _key_and_entry(name, type)[0]


def resolve_name(name: str, type: str) -> Entity:
    """Resolve one name outside any document context (e.g. a publisher)."""
    key, entry = _key_and_entry(name, type)
    label = _label_of(name, type)
    if entry is not None and len(entry.canonical) > len(label):
        label = entry.canonical
    return Entity(key, label, _refine(type, entry), entity_iri(key), entry.wikidata if entry else None)


def _label_of(name: str, type: str) -> str:
    label = clean_name(name)
    return _strip_titles(label) if type == "Person" else label


def _refine(type: str, entry: GazetteerEntry | None) -> str:
    """Use the gazetteer's class when it is more specific than the mention's type."""
    if entry is None or entry.type is None or entry.type == type:
        return type
    chain = class_chain(entry.type)
    if type in chain or (type == "Agent" and "Agent" in chain):
        return entry.type
    return type


# --- per-document resolution ---------------------------------------------------


def resolve(relations: Iterable[Relation]) -> Resolution:
    """Map every mention of one document's relations to an entity.

    Args:
        relations: the relations of ONE document (surname and short-name rules look
            only inside it).

    Returns:
        A :class:`Resolution`; ``resolution[mention]`` is the mention's :class:`Entity`.
    """
    mentions: list[Mention] = []
    for rel in relations:
        mentions.append(rel.subject)
        if rel.object is not None:
            mentions.append(rel.object)
    names: list[tuple[str, str]] = sorted({(m.name, str(m.type)) for m in mentions})
    counts = Counter((m.name, str(m.type)) for m in mentions)

    keyed = {nt: _key_and_entry(*nt) for nt in names}
    key_of = {nt: ke[0] for nt, ke in keyed.items()}
    _merge_short_names(names, key_of)

    # Label per key: fullest name used (ties: most frequent, then alphabetical).
    candidates: dict[str, Counter[str]] = {}
    for nt in names:
        label = _label_of(*nt)
        if not label:
            continue
        bucket = candidates.setdefault(key_of[nt], Counter())
        bucket[label] += counts[nt]
        entry = keyed[nt][1]
        if entry is not None:
            bucket[entry.canonical] += 0
    labels = {key: fullest(bucket) for key, bucket in candidates.items()}

    by_name: dict[tuple[str, str], Entity] = {}
    for nt in names:
        key = key_of[nt]
        entry = keyed[nt][1]
        by_name[nt] = Entity(
            key=key,
            label=labels.get(key, nt[0]),
            type=_refine(nt[1], entry),
            iri=entity_iri(key),
            wikidata=entry.wikidata if entry is not None else None,
        )
    return Resolution(by_name)


def fullest(labels: Mapping[str, int]) -> str:
    """Pick the fullest label: longest, then most frequent, then alphabetical."""
    return min(labels, key=lambda s: (-len(s), -labels[s], s))


def _merge_short_names(names: list[tuple[str, str]], key_of: dict[tuple[str, str], str]) -> None:
    """Point a surname or a shorter organisation name at the one fuller name of the document."""
    persons = {key_of[nt] for nt in names if nt[1] == "Person"}
    orgs = {key_of[nt] for nt in names if nt[1] == "Organization"}
    for nt in names:
        key = key_of[nt]
        if nt[1] in ("Person", "Agent") and "-" not in key:
            found = {p for p in persons if p.endswith("-" + key)}
            if len(found) == 1:
                key_of[nt] = found.pop()
                continue
        if nt[1] in ("Organization", "Agent") and "-" in key and key not in persons:
            found = {o for o in orgs if o != key and o.endswith("-" + key)}
            if len(found) == 1:
                key_of[nt] = found.pop()
