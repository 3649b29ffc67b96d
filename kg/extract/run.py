"""Run the registered extractors over one document and link the relations they return."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from kg.extract import Relation, RegisteredExtractor, registered

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from kg.corpus import Document


def extract_document(nlp: Language, document: Document, extractors: Sequence[RegisteredExtractor] | None = None) -> list[Relation]:
    """Parse ``document`` with ``nlp`` and return its relations, linked, in text order."""
    doc = nlp(document.text)
    return extract_parsed(doc, document, extractors)


def extract_parsed(doc: Doc, document: Document, extractors: Sequence[RegisteredExtractor] | None = None) -> list[Relation]:
    """Run the extractors on an already parsed ``doc`` of ``document``.

    The publication date is put in ``doc.user_data["published"]`` so that extractors
    can resolve relative dates ("on Friday") against it.
    """
    doc.user_data["published"] = document.published
    doc.user_data["publisher"] = document.publisher
    found: list[Relation] = []
    for ex in extractors if extractors is not None else registered().values():
        found.extend(ex(doc))
    found.sort(key=lambda r: (r.sentence.start, _order(r)))
    return link(found)


def _order(r: Relation) -> int:
    return {"deployment": 0, "blame": 1, "statement": 2, "no_response": 3}[r.kind]


_REFERS_TO_SYSTEM = re.compile(
    r"\b(?:the|these|those|its|their|our)\s+(?:\w+\s+)?(?:systems?|batter(?:y|ies)|launchers?|units?|missiles?|complex(?:es)?)\b"
)


def _names(name: str, text: str) -> bool:
    """Whether ``text`` names the system ``name`` (its first word suffices: "Patriot" for "Patriot PAC-3")."""
    name = name.casefold().strip()
    if not name or name in {"it", "they", "them", "one", "another", "the system", "the systems"}:
        return False
    head = name.split()[0]
    return name in text or (len(head) >= 4 and head in text)


def link(relations: Iterable[Relation]) -> list[Relation]:
    """Link acknowledgements and denials to the deployments and blames they answer.

    - An acknowledgement links to every deployment stated in the same sentence, or
      failing that to the deployments, anywhere in the document, of a system it names.
    - A denial links to blames whose accused is the speaker (by resolved name).
    Links already set by an extractor are kept.
    """
    rels = list(relations)
    out: list[Relation] = []
    for r in rels:
        if r.kind != "statement" or r.links or r.label not in ("acknowledgement", "denial"):
            out.append(r)
            continue
        links: list[int] = []
        if r.label == "acknowledgement":
            same = [i for i, d in enumerate(rels) if d.kind == "deployment" and d.sentence == r.sentence]
            if not same:
                # Otherwise the deployments of a system the acknowledgement names,
                # wherever the article reports them ("Reznikov confirmed the Patriots
                # had arrived. ... The batteries have been defending Kyiv since.").
                text = (r.content.text if r.content is not None else r.sentence.text).casefold()
                same = [
                    i for i, d in enumerate(rels)
                    if d.kind == "deployment"
                    and any(_names(name, text) for name in (d.subject.name, d.subject.text))
                ]
            if not same and _REFERS_TO_SYSTEM.search(text):
                # "the systems had been sent to the region": a reference back to the
                # system of the latest deployment reported before it.
                earlier = [d for d in rels if d.kind == "deployment" and d.sentence.start < r.sentence.start]
                if earlier:
                    system = earlier[-1].subject.name
                    same = [i for i, d in enumerate(rels) if d.kind == "deployment" and d.subject.name == system]
            links = same
        else:
            speaker = r.subject.name.casefold()
            links = [
                i for i, b in enumerate(rels)
                if b.kind == "blame" and b.object is not None and b.object.name.casefold() == speaker
            ]
        out.append(replace(r, links=tuple(links)) if links else r)
    return out
