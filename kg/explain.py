"""Explain an answer: from a fact, a deployment, an entity or a question's row to the sentences behind it.

Every fact kg writes names its document, its sentence and the words of each slot
as W3C Web Annotation selectors (``oa:start``/``oa:end``/``oa:exact``,
https://www.w3.org/TR/annotation-model/#text-position-selector), and the document
keeps its whole text (``kg:text``). :func:`explain` gathers that for a target and
checks, for every selector, that the stored text cut at its offsets is its
``oa:exact`` (``offsets_ok``), so a reader can trust the offsets or see at once that
they cannot.

What a target can be:

- a fact IRI, ``https://w3id.org/kg-news/id/fact/{docid}/{n}``: that fact;
- a deployment event IRI, ``https://w3id.org/kg-news/id/deployment/...``: every
  report of it, and the statements that acknowledge or deny it;
- an entity IRI, or an entity's name (its ``skos:prefLabel`` or any ``rdfs:label``,
  ignoring case): every fact naming it in a slot;
- ``QUESTION:N``: row N (from 1) of ``kg ask QUESTION``; the question is asked again
  and the fact and deployment IRIs of that row are explained.

The queries here are fixed text; the target is always bound as an RDF term
(STYLE.md §3), never pasted into a query.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Union

from rdflib import URIRef

from kg.errors import InputError, UnknownTarget
from kg.vocab import KG, KGID_NS, OA, PROV, RDF

if TYPE_CHECKING:
    import os

    from rdflib.term import Node

    from kg.store import Store

__all__ = ["Explanation", "ExplainedFact", "Source", "Span", "Slot", "UnknownTarget", "explain", "describe_fact"]

StoreArg = Union["Store", str, "os.PathLike[str]"]
JSON = Union[str, int, bool, None, list["JSON"], dict[str, "JSON"]]

FACT_PREFIX = KGID_NS + "fact/"
EVENT_PREFIX = KGID_NS + "deployment/"
ENTITY_PREFIX = KGID_NS + "entity/"
_ROW = re.compile(r"^(?P<question>[A-Za-z0-9][A-Za-z0-9_-]*):(?P<row>\d+)$")
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')

# Slots of a fact: role -> (entity property, mention property), in display order.
SLOTS: dict[str, tuple[URIRef, URIRef]] = {
    "system": (KG.system, KG.systemMention),
    "location": (KG.location, KG.locationMention),
    "speaker": (KG.speaker, KG.speakerMention),
    "accuser": (KG.accuser, KG.accuserMention),
    "accused": (KG.accused, KG.accusedMention),
}
# Text spans that are not entities: a statement's words, a blame's act.
TEXTS: dict[str, URIRef] = {"text": KG.content, "act": KG.act}

_PREFIXES = """\
PREFIX kg: <https://w3id.org/kg-news/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

# Everything the store says about one node (a fact, or a selector it points to). ?node
# is bound. One triple pattern on purpose: Oxigraph plans an OPTIONAL or a join on
# its own, and fetching a fact's selectors that way scanned every selector of a
# 1M-triple store (3 s a fact); a bound single pattern is an index lookup (< 1 ms).
NODE = """
SELECT ?node ?p ?o WHERE { GRAPH ?g { ?node ?p ?o } }
"""

# The document a fact came from, with its text for checking offsets. ?doc is bound.
DOCUMENT = _PREFIXES + """
SELECT ?doc ?file ?url ?headline ?published ?publisher ?publisher_name ?sha256 ?text
WHERE {
  GRAPH ?g {
    ?doc a schema:NewsArticle ; kg:fileName ?file .
    OPTIONAL { ?doc kg:text ?text }
    OPTIONAL { ?doc kg:sha256 ?sha256 }
    OPTIONAL { ?doc schema:url ?url }
    OPTIONAL { ?doc schema:headline ?headline }
    OPTIONAL { ?doc schema:datePublished ?published }
  }
  # The label lookup sits inside the OPTIONAL that binds ?publisher: outside, an
  # unbound ?publisher would match every entity's label.
  OPTIONAL {
    GRAPH ?g { ?doc schema:publisher ?publisher . OPTIONAL { ?publisher rdfs:label ?publisher_here } }
    OPTIONAL { GRAPH <https://w3id.org/kg-news/id/graph/entities> { ?publisher skos:prefLabel ?publisher_label } }
  }
  BIND(COALESCE(?publisher_label, ?publisher_here) AS ?publisher_name)
}
LIMIT 1
"""

# Reports of a deployment event and the statements answering it. ?event is bound.
EVENT_FACTS = _PREFIXES + """
SELECT DISTINCT ?event ?fact ?role
WHERE {
  { GRAPH ?g { ?fact kg:event ?event } BIND("report" AS ?role) }
  UNION
  { GRAPH ?g { ?fact kg:acknowledges ?event } BIND("acknowledges" AS ?role) }
  UNION
  { GRAPH ?g { ?fact kg:deniesDeployment ?event } BIND("denies" AS ?role) }
}
"""

# Facts naming an entity in one of their slots. ?entity is bound.
ENTITY_FACTS = _PREFIXES + """
SELECT DISTINCT ?entity ?fact ?slot
WHERE {
  GRAPH ?g { ?fact ?slot ?entity }
  FILTER(?slot IN (kg:system, kg:location, kg:speaker, kg:accuser, kg:accused))
}
"""

# Entities whose canonical label or a label some document uses is ?name, ignoring case.
ENTITIES_NAMED = _PREFIXES + """
SELECT DISTINCT ?name ?entity
WHERE {
  { GRAPH <https://w3id.org/kg-news/id/graph/entities> { ?entity skos:prefLabel ?l } }
  UNION
  { GRAPH ?g { ?entity rdfs:label ?l } }
  FILTER(STRSTARTS(STR(?entity), "https://w3id.org/kg-news/id/entity/"))
  FILTER(LCASE(STR(?l)) = LCASE(STR(?name)))
}
ORDER BY ?entity
"""

# Canonical labels containing ?name, for a "did you mean" hint.
ENTITIES_LIKE = _PREFIXES + """
SELECT DISTINCT ?name ?label
WHERE {
  GRAPH <https://w3id.org/kg-news/id/graph/entities> { ?entity skos:prefLabel ?label }
  FILTER(CONTAINS(LCASE(STR(?label)), LCASE(STR(?name))))
}
ORDER BY STRLEN(?label) ?label
LIMIT 3
"""

ENTITY_LABEL = _PREFIXES + """
SELECT ?entity ?label
WHERE { GRAPH <https://w3id.org/kg-news/id/graph/entities> { ?entity skos:prefLabel ?label } }
LIMIT 1
"""


# --- records ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """Words of the document: ``text == document_text[start:end]`` when ``ok``."""

    text: str
    start: int
    end: int
    ok: bool = True

    def as_dict(self) -> dict[str, JSON]:
        return {"text": self.text, "start": self.start, "end": self.end, "offsets_ok": self.ok}


@dataclass(frozen=True)
class Slot:
    """One slot of a fact: its role, the entity's canonical label and IRI, and the words naming it.

    For ``text`` and ``act`` (a statement's words, a blame's act) ``entity`` is None.
    """

    role: str
    label: str | None
    entity: str | None
    mention: Span | None

    def as_dict(self) -> dict[str, JSON]:
        return {
            "label": self.label,
            "entity": self.entity,
            "mention": self.mention.as_dict() if self.mention else None,
        }


@dataclass(frozen=True)
class Source:
    """The document a fact came from (schema:NewsArticle)."""

    iri: str
    doc: str
    url: str | None = None
    publisher: str | None = None
    published: str | None = None
    headline: str | None = None
    sha256: str | None = None

    def as_dict(self) -> dict[str, JSON]:
        return {
            "doc": self.doc,
            "iri": self.iri,
            "url": self.url,
            "publisher": self.publisher,
            "published": self.published,
            "headline": self.headline,
            "sha256": self.sha256,
        }


@dataclass(frozen=True)
class ExplainedFact:
    """A fact with everything needed to find its sentence in its document.

    ``role`` says why it supports the target: ``fact`` (asked for), ``report`` (reports
    the deployment), ``acknowledges`` / ``denies`` (a statement about the deployment), or
    the slot naming the entity (``system``, ``speaker``, ...). ``offsets_ok`` is True when
    every selector's offsets cut exactly its text from the stored document text.
    """

    fact: str
    kind: str
    role: str
    extractor: str | None
    source: Source
    sentence: Span | None
    slots: tuple[Slot, ...] = ()
    date: str | None = None
    evidence: bool | None = None
    event: str | None = None
    links: tuple[tuple[str, str], ...] = ()

    @property
    def offsets_ok(self) -> bool:
        spans = [self.sentence] + [s.mention for s in self.slots]
        return all(s.ok for s in spans if s is not None)

    def slot(self, role: str) -> Slot | None:
        return next((s for s in self.slots if s.role == role), None)

    @property
    def summary(self) -> str:
        """One line: "S-400 at Kaliningrad", "Dmitry Peskov (denial): ...", "A blames B for ..."."""

        def name(role: str) -> str:
            s = self.slot(role)
            return (s.label or (s.mention.text if s.mention else None) or "?") if s else "?"

        if self.kind == "deployment":
            return f"{name('system')} at {name('location')}"
        if self.kind == "blame":
            act = self.slot("act")
            return f"{name('accuser')} blames {name('accused')}" + (f" for {act.label}" if act and act.label else "")
        text = self.slot("text")
        return f"{name('speaker')} ({self.kind})" + (f": {text.label}" if text and text.label else "")

    def as_dict(self) -> dict[str, JSON]:
        return {
            "fact": self.fact,
            "kind": self.kind,
            "role": self.role,
            "summary": self.summary,
            "extractor": self.extractor,
            "date": self.date,
            "evidence": self.evidence,
            "event": self.event,
            "slots": {s.role: s.as_dict() for s in self.slots},
            "links": [{"property": p, "target": t} for p, t in self.links],
            "document": self.source.as_dict(),
            "sentence": self.sentence.as_dict() if self.sentence else None,
            "offsets_ok": self.offsets_ok,
        }


@dataclass(frozen=True)
class Explanation:
    """What a target is and the facts that support it, in document and text order.

    ``matched`` is ``fact``, ``deployment``, ``entity`` or ``row``; ``label`` names the
    target for people; ``row`` is the question's row when the target was ``QUESTION:N``.
    """

    target: str
    matched: str
    label: str
    facts: tuple[ExplainedFact, ...] = ()
    row: Mapping[str, JSON] | None = None
    entities: tuple[str, ...] = field(default=())

    @property
    def offsets_ok(self) -> bool:
        return all(f.offsets_ok for f in self.facts)

    def as_dict(self) -> dict[str, JSON]:
        """Return the explanation as JSON-able data (what ``kg explain --format json`` prints)."""
        return {
            "target": self.target,
            "matched": self.matched,
            "label": self.label,
            "row": dict(self.row) if self.row is not None else None,
            "entities": list(self.entities),
            "offsets_ok": self.offsets_ok,
            "facts": [f.as_dict() for f in self.facts],
        }


# --- explaining ------------------------------------------------------------------------


def explain(
    target: str,
    *,
    store: StoreArg,
    params: Mapping[str, str] | None = None,
) -> Explanation:
    """Find the facts behind ``target`` and the sentences, documents and offsets behind each.

    Args:
        target: a fact IRI, a deployment event IRI, an entity IRI or name, or
            ``QUESTION:N`` (row N, from 1, of that saved question's answer).
        store: an open store, or its folder or endpoint URL.
        params: parameters of the question, for ``QUESTION:N`` (as ``kg ask -p``).

    Returns:
        An :class:`Explanation`; ``as_dict()`` gives JSON.

    Raises:
        UnknownTarget: nothing matches ``target``.
        UnknownQuestion: ``QUESTION`` is not a saved question.
        InputError: row N does not exist, or the row names no fact.

    Example:
        >>> explain("unacknowledged-deployments:1", store="kg-store").facts[0].sentence.text  # doctest: +SKIP
    """
    from kg.questions import using_store

    wanted = target.strip()
    if not wanted:
        raise UnknownTarget(target)
    with using_store(store) as opened:
        row = _ROW.match(wanted)
        if row and not wanted.startswith(("http:", "https:")):
            return _explain_row(wanted, row["question"], int(row["row"]), opened, params)
        return _explain_one(wanted, opened)


def describe_fact(fact: str, *, store: Store, role: str = "fact") -> ExplainedFact | None:
    """Return one fact with its slots, sentence and document, or None when the store has no such fact."""
    return _Collector(store).fact(fact, role)


def _explain_one(target: str, store: Store) -> Explanation:
    collector = _Collector(store)
    if target.startswith(KGID_NS) and _NOT_IN_IRI.search(target):
        raise UnknownTarget(target, "that is not a valid IRI; copy it whole from a question's answer")
    if target.startswith(FACT_PREFIX):
        found = collector.fact(target, "fact")
        if found is None:
            raise UnknownTarget(target, "the store has no such fact; was its article rebuilt or removed?")
        return Explanation(target, "fact", f"{found.kind}: {found.summary}", (found,))
    if target.startswith(EVENT_PREFIX):
        facts = collector.event(target)
        if not facts:
            raise UnknownTarget(target, "no article reports that deployment; see 'kg ask deployments'")
        report = next((f for f in facts if f.role == "report"), facts[0])
        return Explanation(target, "deployment", report.summary, facts)
    if target.startswith(ENTITY_PREFIX):
        entities = [target]
    else:
        entities = [str(r[1]) for r in store.query(ENTITIES_NAMED, bindings={"name": _literal(target)}).rows if r[1]]
    facts = collector.entities(entities)
    if not facts:
        raise UnknownTarget(target, _hint(target, store))
    labels = [collector.label(e) or e for e in entities]
    return Explanation(target, "entity", "; ".join(dict.fromkeys(labels)), facts, entities=tuple(entities))


def _explain_row(
    target: str, name: str, n: int, store: Store, params: Mapping[str, str] | None
) -> Explanation:
    from kg.questions import ask

    answer = ask(name, store=store, params=params)
    if not 1 <= n <= len(answer.rows):
        count = len(answer.rows)
        span = f"from 1 to {count}" if count else "when it has some"
        raise InputError(f"{name!r} answered {count} row{'s' if count != 1 else ''}; ask for a row {span}", target=target)
    row = answer.rows[n - 1]
    iris = [v for v in row.values() if isinstance(v, str) and v.startswith((FACT_PREFIX, EVENT_PREFIX))]
    if not iris:
        raise InputError(f"row {n} of {name!r} names no fact or deployment; explain one of its names instead", target=target)
    collector = _Collector(store)
    facts: dict[str, ExplainedFact] = {}
    for iri in dict.fromkeys(iris):
        found = [collector.fact(iri, "fact")] if iri.startswith(FACT_PREFIX) else list(collector.event(iri))
        for f in found:
            if f is not None and f.fact not in facts:
                facts[f.fact] = f
    title = answer.question.title if answer.question else name
    return Explanation(target, "row", f"row {n} of {name}: {title}", tuple(facts.values()), row=row)


def _hint(target: str, store: Store) -> str | None:
    rows = store.query(ENTITIES_LIKE, bindings={"name": _literal(target)}).rows
    names = [str(r[1]) for r in rows if r[1] is not None]
    if not names:
        return None
    return "did you mean " + " or ".join(repr(n) for n in names) + "?"


def _literal(text: str) -> Node:
    from rdflib import Literal

    return Literal(text)


class _Collector:
    """Reads facts and their documents from one store, each document once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.documents: dict[str, tuple[Source, str | None]] = {}
        self.labels: dict[str, str | None] = {}

    def label(self, entity: str) -> str | None:
        if entity not in self.labels:
            rows = self.store.query(ENTITY_LABEL, bindings={"entity": URIRef(entity)}).rows
            self.labels[entity] = str(rows[0][1]) if rows and rows[0][1] is not None else None
        return self.labels[entity]

    def event(self, event: str) -> tuple[ExplainedFact, ...]:
        rows = self.store.query(EVENT_FACTS, bindings={"event": URIRef(event)}).rows
        roles = {str(r[1]): str(r[2]) for r in rows if r[1] is not None}
        return self._sorted(self.fact(f, role) for f, role in roles.items())

    def entities(self, entities: list[str]) -> tuple[ExplainedFact, ...]:
        roles: dict[str, str] = {}
        for entity in entities:
            for r in self.store.query(ENTITY_FACTS, bindings={"entity": URIRef(entity)}).rows:
                if r[1] is not None and r[2] is not None:
                    roles.setdefault(str(r[1]), str(r[2]).rsplit("#", 1)[-1])
        return self._sorted(self.fact(f, role) for f, role in roles.items())

    @staticmethod
    def _sorted(facts: object) -> tuple[ExplainedFact, ...]:
        found = [f for f in facts if isinstance(f, ExplainedFact)]  # type: ignore[attr-defined]
        return tuple(sorted(found, key=lambda f: (f.source.doc, f.sentence.start if f.sentence else -1, f.fact)))

    def document(self, iri: str) -> tuple[Source, str | None]:
        if iri not in self.documents:
            rows = self.store.query(DOCUMENT, bindings={"doc": URIRef(iri)}).rows
            if not rows:
                self.documents[iri] = (Source(iri=iri, doc=iri.rsplit("/", 1)[-1]), None)
            else:
                _, file, url, headline, published, _pub, pub_name, sha, text = rows[0]
                source = Source(
                    iri=iri,
                    doc=str(file),
                    url=_str(url),
                    publisher=_str(pub_name),
                    published=_str(published),
                    headline=_str(headline),
                    sha256=_str(sha),
                )
                self.documents[iri] = (source, _str(text))
        return self.documents[iri]

    def node(self, iri: Node) -> list[tuple[Node, Node]]:
        return [(p, o) for _, p, o in self.store.query(NODE, bindings={"node": iri}).rows if p is not None and o is not None]

    def fact(self, fact: str, role: str) -> ExplainedFact | None:
        if not fact.startswith(FACT_PREFIX):
            return None
        triples = self.node(URIRef(fact))
        if not triples:
            return None
        values: dict[str, list[Node]] = {}
        for p, o in triples:
            values.setdefault(str(p), []).append(o)
        spans: dict[str, tuple[int, int, str]] = {}
        labels: dict[str, str] = {}
        for prop in (KG.sentence, *(m for _, m in SLOTS.values()), *TEXTS.values()):
            for selector in values.get(str(prop), []):
                about = dict((str(p), o) for p, o in self.node(selector))
                start, end, exact = (about.get(str(OA[k])) for k in ("start", "end", "exact"))
                if start is not None and end is not None and exact is not None:
                    spans[str(selector)] = (int(start), int(end), str(exact))  # type: ignore[call-overload]
        for entity_prop, _ in SLOTS.values():
            for named in values.get(str(entity_prop), []):
                label = self.label(str(named))
                if label is not None:
                    labels[str(named)] = label

        def one(prop: URIRef) -> Node | None:
            found = values.get(str(prop))
            return sorted(found, key=str)[0] if found else None

        doc_iri = one(PROV.wasDerivedFrom)
        source, text = self.document(str(doc_iri)) if doc_iri is not None else (Source(iri="", doc="?"), None)

        def span(node: Node | None) -> Span | None:
            if node is None or str(node) not in spans:
                return None
            start, end, exact = spans[str(node)]
            ok = text is not None and 0 <= start <= end <= len(text) and text[start:end] == exact
            return Span(exact, start, end, ok)

        slots: list[Slot] = []
        for slot_role, (entity_prop, mention_prop) in SLOTS.items():
            entity = one(entity_prop)
            if entity is None:
                continue
            slots.append(Slot(slot_role, labels.get(str(entity)), str(entity), span(one(mention_prop))))
        for slot_role, prop in TEXTS.items():
            node = one(prop)
            if node is not None:
                words = span(node)
                slots.append(Slot(slot_role, words.text if words else None, None, words))

        types = {str(t) for t in values.get(str(RDF.type), [])}
        if str(KG.Deployment) in types:
            kind = "deployment"
        elif str(KG.Blame) in types:
            kind = "blame"
        else:
            kind = _str(one(KG.kind)) or "statement"
        evidence = one(KG.evidenceGiven)
        links = tuple(
            (name, str(o))
            for name, prop in (("acknowledges", KG.acknowledges), ("denies", KG.deniesDeployment), ("responds", KG.responds))
            for o in sorted(values.get(str(prop), []), key=str)
        )
        return ExplainedFact(
            fact=fact,
            kind=kind,
            role=role,
            extractor=_str(one(KG.extractor)),
            source=source,
            sentence=span(one(KG.sentence)),
            slots=tuple(slots),
            date=_str(one(KG.date)),
            evidence=None if evidence is None else str(evidence).strip() in ("true", "1"),
            event=_str(one(KG.event)),
            links=links,
        )


def _str(node: object) -> str | None:
    return None if node is None else str(node)
