"""Relations -> the triples of one document's named graph, with provenance (docs/graph-model.md).

Everything a document says goes in ``kgid:graph/doc/{docid}``: the document node
(schema:NewsArticle), its sentences and mentions as W3C Web Annotation selectors
(https://www.w3.org/TR/annotation-model/#text-position-selector), the facts with
PROV-O provenance (https://www.w3.org/TR/prov-o/), and the types and labels of
the entities as this document names them. The output is deterministic: the same
document and relations give the same triples in the same order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date as _date
from functools import lru_cache
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.corroboration import wire_origin
from kg.resolve import Entity, Resolution, resolve_name
from kg.vocab import (
    KG,
    OA,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    WD,
    XSD,
    class_chain,
    deployment_event_iri,
    doc_iri,
    extractor_iri,
    fact_iri,
    mention_iri,
    sentence_iri,
    text_iri,
)

if TYPE_CHECKING:
    from kg.corpus import Document
    from kg.extract import Mention, Relation, Span

__all__ = ["build_graph", "date_literal", "span_problems", "CAMEO", "STATEMENT_CLASSES"]

Triple = tuple[Node, Node, Node]

# CAMEO codebook 1.1b3 (Schrodt 2012): 010 make statement, 011 decline comment,
# 015 acknowledge or claim responsibility, 016 deny responsibility, 112 accuse.
CAMEO = {"claim": "010", "declined": "011", "acknowledgement": "015", "denial": "016", "blame": "112"}
STATEMENT_CLASSES = {
    "claim": KG.Claim,
    "denial": KG.Denial,
    "acknowledgement": KG.Acknowledgement,
    "declined": KG.DeclinedComment,
}

_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_VERSION_RE = re.compile(r"\.v(\d+)$")
_SELECTOR_TYPES = (OA.TextPositionSelector, OA.TextQuoteSelector)
# rdflib's Namespace builds a new URIRef on every attribute access: the hot ones, once.
_OA_START, _OA_END, _OA_EXACT = OA.start, OA.end, OA.exact
_PROV_DERIVED, _PROV_GENERATED = PROV.wasDerivedFrom, PROV.wasGeneratedBy
# Offsets, kinds, codes and extractor names repeat: one Literal each (ints and strings only:
# True == 1, so a bool would get the int's cached Literal).
_small_literal = lru_cache(maxsize=1 << 16)(Literal)


def date_literal(value: str | None) -> Literal | None:
    """Type an ISO date as precisely as it is known: xsd:date, xsd:gYearMonth or xsd:gYear.

    A timestamp keeps its date part. Anything else (or an impossible date) gives None.

    >>> date_literal("2023-01").datatype == XSD.gYearMonth
    True
    """
    if not value:
        return None
    m = _DATE_RE.match(value.strip())
    if m is None:
        return None
    year, month, day = m.groups()
    if day is not None:
        try:
            _date(int(year), int(month), int(day))
        except ValueError:
            return None
        return Literal(f"{year}-{month}-{day}", datatype=XSD.date)
    if month is not None:
        return Literal(f"{year}-{month}", datatype=XSD.gYearMonth) if 1 <= int(month) <= 12 else None
    return Literal(year, datatype=XSD.gYear)


def build_graph(document: Document, relations: Sequence[Relation], resolution: Resolution) -> list[Triple]:
    """Return the content of ``document``'s named graph.

    Args:
        document: the article (its text is what every offset indexes into).
        relations: the document's relations, in the order the extractor runner
            returned them; fact ``n`` is ``relations[n]`` and ``Relation.links``
            index into this sequence.
        resolution: the entities of these relations (:func:`kg.resolve.resolve`).

    Returns:
        Triples without duplicates, in a deterministic order. ``oa:exact`` is always
        ``document.text[start:end]``, so the selector invariant holds by construction;
        :func:`span_problems` reports relations whose own span text disagrees.
    """
    return _GraphBuilder(document, relations, resolution).build()


def span_problems(document: Document, relations: Sequence[Relation]) -> list[str]:
    """Describe spans whose offsets do not cut their text out of the document (extractor bugs)."""
    problems: list[str] = []
    text = document.text
    for n, rel in enumerate(relations):
        spans: list[Span | Mention] = [rel.sentence, rel.subject]
        if rel.object is not None:
            spans.append(rel.object)
        if rel.content is not None:
            spans.append(rel.content)
        for span in spans:
            if not (0 <= span.start < span.end <= len(text)) or text[span.start : span.end] != span.text:
                problems.append(
                    f"{document.name}: relation {n} ({rel.extractor}) span {span.start}-{span.end} "
                    f"{span.text!r} does not match the text there"
                )
    return problems


class _GraphBuilder:
    """Collects the triples of one document; one instance per call of :func:`build_graph`."""

    def __init__(self, document: Document, relations: Sequence[Relation], resolution: Resolution) -> None:
        self.document = document
        self.relations = relations
        self.resolution = resolution
        self.doc = doc_iri(document.id)
        self.triples: dict[Triple, None] = {}
        self.selectors: set[URIRef] = set()
        self.entities: set[tuple[URIRef, str]] = set()
        self.extractors: set[str] = set()

    def add(self, s: Node, p: Node, o: Node) -> None:
        self.triples[(s, p, o)] = None

    def build(self) -> list[Triple]:
        self.document_node()
        events = [self.event_of(rel) for rel in self.relations]
        for n, rel in enumerate(self.relations):
            fact = fact_iri(self.document.id, n)
            self.provenance(fact, rel)
            if rel.kind == "deployment":
                self.deployment(fact, rel, events[n])
            elif rel.kind == "statement":
                self.statement(fact, n, rel, events)
            elif rel.kind == "blame":
                self.blame(fact, rel)
            elif rel.kind == "no_response":
                self.no_response(fact, rel)
        return list(self.triples)

    # --- nodes shared by facts -------------------------------------------------

    def document_node(self) -> None:
        d, doc = self.doc, self.document
        self.add(d, RDF.type, SCHEMA.NewsArticle)
        self.add(d, KG.fileName, Literal(doc.name))
        if doc.url:
            self.add(d, SCHEMA.url, Literal(doc.url, datatype=XSD.anyURI))
        if doc.title:
            self.add(d, SCHEMA.headline, Literal(doc.title))
        published = date_literal(doc.published)
        if published is not None:
            self.add(d, SCHEMA.datePublished, published)
        if doc.publisher:
            publisher = resolve_name(doc.publisher, "Organization")
            self.entity(publisher)
            self.add(d, SCHEMA.publisher, publisher.iri)
        wire = wire_origin(doc.text, publisher=doc.publisher)
        if wire:
            origin = resolve_name(wire, "Organization")
            self.entity(origin)
            self.add(d, KG.wireOrigin, origin.iri)
        self.add(d, KG.sha256, Literal(doc.sha256))
        self.add(d, KG.text, Literal(doc.text))
        if doc.path:
            self.add(d, KG.sourcePath, Literal(doc.path))

    def selector(self, iri: URIRef, cls: URIRef, start: int, end: int) -> URIRef:
        if iri in self.selectors:
            return iri
        self.selectors.add(iri)
        self.add(iri, RDF.type, cls)
        for t in _SELECTOR_TYPES:
            self.add(iri, RDF.type, t)
        self.add(iri, _OA_START, _small_literal(start))
        self.add(iri, _OA_END, _small_literal(end))
        self.add(iri, _OA_EXACT, Literal(self.document.text[start:end]))
        self.add(iri, KG.inDocument, self.doc)
        return iri

    def sentence(self, span: Span) -> URIRef:
        # spaCy sentences carry the whitespace that follows them; the selector does not.
        text = self.document.text[span.start : span.end]
        start = span.start + (len(text) - len(text.lstrip()))
        end = max(start, span.end - (len(text) - len(text.rstrip())))
        if end == start:
            start, end = span.start, span.end
        return self.selector(sentence_iri(self.document.id, start, end), KG.Sentence, start, end)

    def text(self, span: Span) -> URIRef:
        return self.selector(text_iri(self.document.id, span.start, span.end), KG.Mention, span.start, span.end)

    def mention(self, mention: Mention) -> tuple[Entity, URIRef]:
        """Add a mention node that denotes its entity; return (entity, mention IRI)."""
        entity = self.resolution.get(mention) or resolve_name(mention.name, mention.type)
        self.entity(entity)
        iri = self.selector(mention_iri(self.document.id, mention.start, mention.end), KG.Mention, mention.start, mention.end)
        self.add(iri, KG.denotes, entity.iri)
        return entity, iri

    def entity(self, entity: Entity) -> None:
        if (entity.iri, entity.type) in self.entities:
            return
        self.entities.add((entity.iri, entity.type))
        for cls in class_chain(entity.type):
            self.add(entity.iri, RDF.type, KG[cls])
        self.add(entity.iri, RDFS.label, Literal(entity.label))
        if entity.wikidata:
            self.add(entity.iri, OWL.sameAs, WD[entity.wikidata])

    def event_of(self, rel: Relation) -> URIRef | None:
        if rel.kind != "deployment" or rel.object is None:
            return None
        system = self.resolution.get(rel.subject) or resolve_name(rel.subject.name, rel.subject.type)
        place = self.resolution.get(rel.object) or resolve_name(rel.object.name, rel.object.type)
        return deployment_event_iri(system.key, place.key)

    def provenance(self, fact: URIRef, rel: Relation) -> None:
        self.add(fact, _PROV_DERIVED, self.doc)
        self.add(fact, KG.sentence, self.sentence(rel.sentence))
        agent = extractor_iri(rel.extractor)
        self.add(fact, _PROV_GENERATED, agent)
        self.add(fact, KG.extractor, _small_literal(rel.extractor))
        if rel.extractor not in self.extractors:
            self.extractors.add(rel.extractor)
            self.add(agent, RDF.type, PROV.SoftwareAgent)
            self.add(agent, RDFS.label, Literal(rel.extractor))
            version = _VERSION_RE.search(rel.extractor)
            if version:
                self.add(agent, KG.version, Literal(version.group(1)))

    # --- facts by kind --------------------------------------------------------------

    def deployment(self, fact: URIRef, rel: Relation, event: URIRef | None) -> None:
        self.add(fact, RDF.type, KG.Deployment)
        system, system_mention = self.mention(rel.subject)
        self.add(fact, KG.system, system.iri)
        self.add(fact, KG.systemMention, system_mention)
        if rel.object is not None:
            place, place_mention = self.mention(rel.object)
            self.add(fact, KG.location, place.iri)
            self.add(fact, KG.locationMention, place_mention)
        when = date_literal(rel.date)
        if when is not None:
            self.add(fact, KG.date, when)
        if event is not None:
            self.add(fact, KG.event, event)
            self.add(event, RDF.type, KG.DeploymentEvent)

    def statement(self, fact: URIRef, n: int, rel: Relation, events: list[URIRef | None]) -> None:
        kind = rel.label if rel.label in STATEMENT_CLASSES else "claim"
        self.add(fact, RDF.type, KG.Statement)
        self.add(fact, RDF.type, STATEMENT_CLASSES[kind])
        self.add(fact, KG.kind, _small_literal(kind))
        self.add(fact, KG.cameoCode, _small_literal(CAMEO[kind]))
        self.speech(fact, rel)
        for j in rel.links:
            if not 0 <= j < len(self.relations) or j == n:
                continue
            target = self.relations[j]
            event = events[j]
            if target.kind == "deployment" and event is not None:
                if kind == "acknowledgement":
                    self.add(fact, KG.acknowledges, event)
                elif kind == "denial":
                    self.add(fact, KG.deniesDeployment, event)
                else:
                    self.add(fact, KG.responds, fact_iri(self.document.id, j))
            elif target.kind != "deployment":
                self.add(fact, KG.responds, fact_iri(self.document.id, j))

    def no_response(self, fact: URIRef, rel: Relation) -> None:
        self.add(fact, RDF.type, KG.NoResponse)
        self.speech(fact, rel)

    def speech(self, fact: URIRef, rel: Relation) -> None:
        """Who spoke (or did not answer), their words and the date: statements and no-responses."""
        speaker, speaker_mention = self.mention(rel.subject)
        self.add(fact, KG.speaker, speaker.iri)
        self.add(fact, KG.speakerMention, speaker_mention)
        if rel.content is not None:
            self.add(fact, KG.content, self.text(rel.content))
        when = date_literal(rel.date) or date_literal(self.document.published)
        if when is not None:
            self.add(fact, KG.date, when)

    def blame(self, fact: URIRef, rel: Relation) -> None:
        self.add(fact, RDF.type, KG.Blame)
        self.add(fact, KG.cameoCode, Literal(CAMEO["blame"]))
        accuser, accuser_mention = self.mention(rel.subject)
        self.add(fact, KG.accuser, accuser.iri)
        self.add(fact, KG.accuserMention, accuser_mention)
        if rel.object is not None:
            accused, accused_mention = self.mention(rel.object)
            self.add(fact, KG.accused, accused.iri)
            self.add(fact, KG.accusedMention, accused_mention)
        if rel.content is not None:
            self.add(fact, KG.act, self.text(rel.content))
        if rel.evidence is not None:
            self.add(fact, KG.evidenceGiven, Literal(rel.evidence))
        when = date_literal(rel.date)
        if when is not None:
            self.add(fact, KG.date, when)
