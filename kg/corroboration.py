"""Corroboration that counts independent sources, not copies of one wire story.

Two articles are one source when they are copies of one story: the same text
(equal ``kg:sha256``), or the same stated wire origin, an agency named in the
dateline ("VILNIUS, April 18 (Reuters) - ...") or in a credit line ("— AFP",
"Reporting by ...; Editing by ..." for Reuters, "The Associated Press"). Two
articles from one publisher are one source too, as in the ``corroboration``
question.

Each document gets an *origin*, and a deployment is corroborated by as many
independent sources as its reports have distinct origins:

1. its wire origin, when its text states one;
2. else the first publisher (by entity IRI) among the documents with the same
   text, so identical copies from different outlets share one origin;
3. else its text hash.

That definition is simple enough to write in SPARQL once the graph records the
wire origin (``kg/queries/corroboration.rq`` reads
``kg:wireOrigin``); until then :func:`corroboration` detects it from the stored
text (``kg:text``) when it answers. Publisher names become entity keys with
:func:`kg.vocab.slug`, as :mod:`kg.resolve` makes them, so "(Baltic Wire)" in a
dateline and the publisher Baltic Wire are one origin.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

from kg.vocab import KGID_NS, slug

if TYPE_CHECKING:
    import os

    from kg.store import Store

__all__ = ["WIRE_AGENCIES", "wire_origin", "origin_key", "Corroboration", "corroboration"]

StoreArg = Union["Store", str, "os.PathLike[str]"]

# Canonical agency name -> the ways articles write it. Matched whole-word, ignoring case
# for the long forms only ("AP" must be capitals: "ap" is not an agency).
WIRE_AGENCIES: dict[str, tuple[str, ...]] = {
    "Reuters": ("Reuters", "Thomson Reuters"),
    "Agence France-Presse": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "Associated Press": ("AP", "Associated Press", "The Associated Press"),
    "Deutsche Presse-Agentur": ("dpa", "DPA", "Deutsche Presse-Agentur"),
    "Bloomberg": ("Bloomberg", "Bloomberg News"),
    "ANSA": ("ANSA",),
    "EFE": ("EFE",),
    "Xinhua": ("Xinhua",),
    "TASS": ("TASS", "ITAR-TASS"),
    "Interfax": ("Interfax",),
    "RIA Novosti": ("RIA Novosti", "RIA"),
    "Ukrinform": ("Ukrinform",),
    "UNIAN": ("UNIAN",),
    "Kyodo": ("Kyodo", "Kyodo News"),
    "Yonhap": ("Yonhap",),
    "Anadolu Agency": ("Anadolu", "Anadolu Agency", "AA"),
    "Press Trust of India": ("PTI", "Press Trust of India"),
    "Canadian Press": ("CP", "The Canadian Press", "Canadian Press"),
    "Australian Associated Press": ("AAP", "Australian Associated Press"),
}
_ALIASES: dict[str, str] = {alias.casefold(): name for name, aliases in WIRE_AGENCIES.items() for alias in aliases}
_SHORT = {alias for aliases in WIRE_AGENCIES.values() for alias in aliases if len(alias) <= 4}

# "KALININGRAD, March 3, 2024 (Baltic Wire) - ", "GENEVA (Reuters) — ": a place in capitals,
# maybe a date, the agency in brackets, a dash (the dateline convention of wire copy).
_DATELINE = re.compile(
    r"^[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+){0,3}(?:,\s*[A-Z][A-Za-z.\-]+(?:\s+[A-Z][A-Za-z.\-]+)?)?"
    r"\s*(?:,\s*[^()\n]{3,40}?)?\s*\((?P<agency>[A-Za-z][^()\n]{0,40})\)\s*[-–—]{1,2}\s"
)
# A line that credits an agency: "— AFP", "Source: Reuters", "(Reuters)", "© 2024 Reuters",
# "Additional reporting by AFP", "Reporting by Jane Doe; Editing by John Roe" (Reuters' credit form).
_CREDIT = re.compile(
    r"^[\s(\[]*(?:[-–—]+\s*|source:\s*|sources:\s*|via\s+|©\s*(?:\d{4}\s+)?|copyright\s+(?:\d{4}\s+)?|"
    r"(?:additional\s+)?reporting\s+by\s+|with\s+)?(?P<agency>[A-Za-z][A-Za-z .&'’-]{1,40}?)"
    r"(?:\s+contributed(?:\s+to\s+this\s+report)?)?[\s.)\]]*$",
    re.IGNORECASE,
)
_REUTERS_CREDIT = re.compile(r"^\(?\s*Reporting by [^;\n]{2,80};\s*(?:Writing|Editing) by ", re.IGNORECASE)


def _agency(name: str) -> str | None:
    """Return the canonical name of a known wire agency, or None."""
    name = name.strip(" .,;:")
    found = _ALIASES.get(name.casefold())
    if found is None:
        return None
    if name.upper() == name or len(name) > 4 or name.casefold() in ("dpa",):
        return found
    # Short forms count only as written by the agency (capitals): "ap" or "Aa" are not.
    return found if name in _SHORT else None


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’-]*", name) if w[0].isupper())


def wire_origin(text: str, *, publisher: str | None = None) -> str | None:
    """Return the wire agency an article states it comes from, or None.

    Looks at the dateline among the first lines ("CITY, date (Agency) - ") and at
    short credit lines anywhere ("— AFP", "Source: Reuters", "Reporting by ...;
    Editing by ..." is Reuters' credit). A known agency gets its canonical name
    (:data:`WIRE_AGENCIES`: "AP" -> "Associated Press"). An unknown agency in a
    dateline is kept as written, except that the publisher's own initials
    ("(NPA)" in a Nordic Press Agency story) give the publisher's name.

    Args:
        text: the article text.
        publisher: the article's publisher, when known.

    Example:
        >>> wire_origin("GENEVA, May 2 (Reuters) - Talks resumed.")
        'Reuters'
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines[:15]:
        m = _DATELINE.match(line)
        if m:
            raw = m.group("agency").strip()
            known = _agency(raw)
            if known:
                return known
            if publisher and (raw.casefold() == publisher.casefold() or raw == _initials(publisher)):
                return publisher
            if len(raw.split()) <= 5:
                return raw
    for line in lines:
        if len(line) > 80:
            continue
        if _REUTERS_CREDIT.match(line):
            return "Reuters"
        m = _CREDIT.match(line)
        if m:
            known = _agency(m.group("agency"))
            if known:
                return known
    return None


def origin_key(wire: str | None, first_publisher: str | None, sha256: str) -> str:
    """Return the key two copies of one story share: wire entity, else first publisher IRI, else text hash."""
    if wire:
        return KGID_NS + "entity/" + slug(wire)
    if first_publisher:
        return first_publisher
    return "urn:sha256:" + sha256


@dataclass(frozen=True)
class Corroboration:
    """How many sources report a deployment, and how many of them are independent.

    ``origins`` names each independent source, "name (N reports counted once)" when
    several reports were merged into it; ``note`` says which reports and why.
    """

    deployment: str
    system: str | None
    location: str | None
    sources: int
    publishers: int
    independent: int
    origins: tuple[str, ...]
    note: str | None

    def as_row(self) -> dict[str, str | int | None]:
        return {
            "deployment": self.deployment,
            "system": self.system,
            "location": self.location,
            "sources": self.sources,
            "publishers": self.publishers,
            "independent": self.independent,
            "origins": "; ".join(self.origins),
            "note": self.note,
        }


# One row per (deployment, reporting document), with what is needed to find its origin.
REPORTS = """\
PREFIX kg: <https://w3id.org/kg-news/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?deployment ?system ?location ?d ?file ?sha ?pub ?pub_name ?wire ?wire_name
WHERE {
  GRAPH ?g {
    ?f a kg:Deployment ; kg:event ?deployment ; kg:system ?sys ; prov:wasDerivedFrom ?d .
    ?d kg:fileName ?file ; kg:sha256 ?sha .
  }
  # Each optional part binds its own entity and looks its label up inside the same
  # group: a label lookup outside would match every entity when the entity is unbound.
  OPTIONAL { GRAPH <https://w3id.org/kg-news/id/graph/entities> { ?sys skos:prefLabel ?system } }
  OPTIONAL {
    GRAPH ?g { ?f kg:location ?loc }
    OPTIONAL { GRAPH <https://w3id.org/kg-news/id/graph/entities> { ?loc skos:prefLabel ?location } }
  }
  OPTIONAL {
    GRAPH ?g { ?d schema:publisher ?pub . OPTIONAL { ?pub rdfs:label ?pub_here } }
    OPTIONAL { GRAPH <https://w3id.org/kg-news/id/graph/entities> { ?pub skos:prefLabel ?pub_label } }
  }
  OPTIONAL {
    GRAPH ?g { ?d kg:wireOrigin ?wire . OPTIONAL { ?wire rdfs:label ?wire_here } }
    OPTIONAL { GRAPH <https://w3id.org/kg-news/id/graph/entities> { ?wire skos:prefLabel ?wire_label } }
  }
  BIND(COALESCE(?pub_label, ?pub_here) AS ?pub_name)
  BIND(COALESCE(?wire_label, ?wire_here) AS ?wire_name)
}
"""

# The text of a document without a recorded wire origin. ?d is bound.
TEXT = """\
SELECT ?d ?text WHERE { GRAPH ?g { ?d <https://w3id.org/kg-news/ontology#text> ?text } } LIMIT 1
"""

# The first publisher (by IRI) of each text: copies with equal kg:sha256 share it.
FIRST_PUBLISHERS = """\
PREFIX kg: <https://w3id.org/kg-news/ontology#>
PREFIX schema: <https://schema.org/>
SELECT ?sha (MIN(STR(?pub)) AS ?first)
WHERE { GRAPH ?g { ?d kg:sha256 ?sha ; schema:publisher ?pub } }
GROUP BY ?sha
"""

# Every publisher's canonical name.
PUBLISHER_NAMES = """\
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?pub ?name
WHERE {
  GRAPH ?g { ?d schema:publisher ?pub }
  GRAPH <https://w3id.org/kg-news/id/graph/entities> { ?pub skos:prefLabel ?name }
}
"""


def corroboration(*, store: StoreArg) -> list[Corroboration]:
    """Count, for each deployment event, its reporting articles and its independent sources.

    Copies of one wire story and identical texts count once (see the module notes).
    Events come most independently corroborated first, then by IRI.

    Args:
        store: an open store, or its folder or endpoint URL.

    Example:
        >>> [c.note for c in corroboration(store="kg-store") if c.note]  # doctest: +SKIP
        ['a.txt, b.txt are copies of one Reuters story']
    """
    from kg.questions import using_store

    with using_store(store) as opened:
        reports = opened.query(REPORTS).rows
        first = {str(r[0]): str(r[1]) for r in opened.query(FIRST_PUBLISHERS).rows if r[0] is not None and r[1] is not None}
        names = {str(r[0]): str(r[1]) for r in opened.query(PUBLISHER_NAMES).rows if r[0] is not None and r[1] is not None}
        # doc -> (origin key, origin name) of its wire origin: recorded in the graph, else detected.
        wires: dict[str, tuple[str, str] | None] = {}
        for row in reports:
            d, pub_name, wire, wire_name = str(row[3]), row[7], row[8], row[9]
            if d in wires:
                continue
            if wire is not None:
                wires[d] = (str(wire), str(wire_name) if wire_name is not None else str(wire))
                continue
            rows = opened.query(TEXT, bindings={"d": row[3]}).rows  # type: ignore[dict-item]
            text = str(rows[0][1]) if rows and rows[0][1] is not None else ""
            found = wire_origin(text, publisher=None if pub_name is None else str(pub_name))
            wires[d] = (origin_key(found, None, ""), found) if found else None
    return _count(reports, first, wires, names)


def _count(
    reports: Iterable[tuple[object, ...]],
    first: dict[str, str],
    wires: dict[str, tuple[str, str] | None],
    publisher_names: dict[str, str],
) -> list[Corroboration]:
    by_event: dict[str, list[tuple[object, ...]]] = defaultdict(list)
    for row in reports:
        by_event[str(row[0])].append(row)
    out: list[Corroboration] = []
    for event, rows in by_event.items():
        docs: dict[str, tuple[str, str, str | None, str]] = {}  # doc -> (file, origin key, wire, sha256)
        publishers: set[str] = set()
        names = dict(publisher_names)
        for row in rows:
            _, _, _, d, file, sha, pub, pub_name, _, _ = row
            if pub is not None:
                publishers.add(str(pub))
                names[str(pub)] = str(pub_name) if pub_name is not None else str(pub).rsplit("/", 1)[-1]
            wire = wires.get(str(d))
            if wire is not None:
                key = wire[0]
                names.setdefault(key, wire[1])
            else:
                key = origin_key(None, first.get(str(sha)), str(sha))
            docs[str(d)] = (str(file), key, None if wire is None else wire[1], str(sha))
        groups: dict[str, list[str]] = defaultdict(list)
        wired: dict[str, bool] = {}
        texts: dict[str, set[str]] = defaultdict(set)
        for file, key, agency, sha in sorted(docs.values()):
            groups[key].append(file)
            wired[key] = wired.get(key, False) or agency is not None
            texts[key].add(sha)
        origins: list[str] = []
        merged: list[str] = []
        # Sorted by key and worded as kg/queries/corroboration.rq words them.
        for key, files in sorted(groups.items()):
            name = names.get(key, key)
            if len(files) == 1:
                origins.append(name)
                continue
            origins.append(f"{name} ({len(files)} reports counted once)")
            if wired[key]:
                why = f"copies of one {name} story"
            elif len(texts[key]) == 1:
                why = "copies of one text"
            else:
                why = f"all from {name}"
            merged.append(f"{', '.join(files)} are {why}")
        first_row = rows[0]
        out.append(
            Corroboration(
                deployment=event,
                system=None if first_row[1] is None else str(first_row[1]),
                location=None if first_row[2] is None else str(first_row[2]),
                sources=len(docs),
                publishers=len(publishers),
                independent=len(groups),
                origins=tuple(origins),
                note="; ".join(merged) or None,
            )
        )
    out.sort(key=lambda c: (-c.independent, -c.sources, c.deployment))
    return out
