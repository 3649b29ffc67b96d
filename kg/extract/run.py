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


# How far after a blame the accused's words still answer it (characters, about two paragraphs).
_REPLY_WINDOW = 400


def _party_key(name: str) -> str:
    """The state a party's name stands for: its owner ("Russia's embassy in Tokyo" -> Russia,
    "Ankara's defence ministry" -> Turkey), else the name itself."""
    from kg.extract.frames import side_key

    owner = name.split("'s ")[0] if "'s " in name else name
    return side_key(owner.strip())


def _same_party(speaker: str, party: str) -> bool:
    """Whether ``speaker`` is ``party`` or speaks for its state ("Moscow's embassy" for Russia)."""
    return speaker.casefold() == party.casefold() or _party_key(speaker) == _party_key(party)


def _reply_to_blame(statement: Relation, relations: Sequence[Relation]) -> Relation:
    """A claim by the accused party soon after a blame answers it: a denial.

    "Sweden blamed Russia for the jamming. Moscow's embassy replied that the claims were a
    fairy tale": whatever the words, the accused side speaking right after the accusation
    rejects it (CAMEO 016), unless it is the accuser speaking too.
    """
    for b in relations:
        if b.kind != "blame" or b.object is None or b.sentence.start >= statement.sentence.start:
            continue
        if statement.sentence.start - b.sentence.end > _REPLY_WINDOW:
            continue
        if _same_party(statement.subject.name, b.object.name) and not _same_party(statement.subject.name, b.subject.name) \
                and _answers(statement, b):
            return replace(statement, label="denial")
    return statement


_WORD = re.compile(r"[^\W\d_]{4,}")
# Word stems (first 4 letters) too common to tie a reply to a blame.
_GENERIC = frozenset(w[:4] for w in "that this with from have were been said they their there would could about "
                     "into over after which also only than then them what when will".split())


def _words(text: str) -> set[str]:
    return {w.casefold()[:4] for w in _WORD.findall(text)} - _GENERIC


def _answers(statement: Relation, blame: Relation) -> bool:
    """Whether the words take up the blame: its act ("the balloons …" after a blame for
    balloons), its accuser ("Chisinau was repeating stories") or the accusation itself."""
    said = _words(statement.content.text if statement.content is not None else statement.sentence.text)
    told = _words(blame.content.text if blame.content is not None else "") | _words(blame.subject.name)
    return bool(said & (told | {"clai", "accu", "alle", "char"}))


_ATTACK = re.compile(
    r"\b(?:struck|strikes?|hit|hits|destroyed|destroys?|targeted|targets?|attacked|attacks?|damaged|shot down|"
    r"knocked out|took out|wiped out|eliminated)\b"
)


def _attacked_in(deployment: Relation, said: str) -> bool:
    """Whether ``said`` names the deployment's system after a verb of attack."""
    for m in _ATTACK.finditer(said):
        rest = said[m.end() : m.end() + 80]
        if any(_names(name, rest) for name in (deployment.subject.name, deployment.subject.text)):
            return True
    return False


def _claimed_before(rels: Sequence[Relation], deployment: Relation, statement: Relation) -> bool:
    """Whether ``statement``'s speaker earlier made a claim whose words report ``deployment``."""
    return any(
        s.kind == "statement" and s.label == "claim" and s.content is not None
        and s.subject.name == statement.subject.name and s.sentence.start < statement.sentence.start
        and s.content.start <= deployment.subject.start < s.content.end
        for s in rels
    )


def link(relations: Iterable[Relation]) -> list[Relation]:
    """Link acknowledgements and denials to the deployments and blames they answer.

    - An acknowledgement links to every deployment stated in the same sentence, or
      failing that to the deployments, anywhere in the document, of a system it names.
    - A denial links to blames whose accused is the speaker (by resolved name).
    Links already set by an extractor are kept.
    """
    found = list(relations)
    rels = [_reply_to_blame(r, found) if r.kind == "statement" and r.label == "claim" else r for r in found]
    out: list[Relation] = []
    for r in rels:
        if r.kind != "statement" or r.links or r.label not in ("acknowledgement", "denial"):
            out.append(r)
            continue
        links: list[int] = []
        if r.label == "acknowledgement":
            text = (r.content.text if r.content is not None else r.sentence.text).casefold()
            same = [i for i, d in enumerate(rels) if d.kind == "deployment" and d.sentence == r.sentence]
            if not same:
                # Otherwise the deployments of a system the acknowledgement names,
                # wherever the article reports them ("Reznikov confirmed the Patriots
                # had arrived. ... The batteries have been defending Kyiv since.").
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
            # A weapon the words say was struck is the target of the speaker's side, not its own
            # ("its forces had struck the S-400 system at Adampur").
            same = [i for i in same if not _attacked_in(rels[i], text)]
            # A speaker who first reported a weapon as another side's ("Russia has moved a battery
            # to X, the Ukrainian navy said") is not acknowledging it when they say more of it.
            claimed = {i for i in same if _claimed_before(rels, rels[i], r)}
            if claimed:
                same = [i for i in same if i not in claimed]
                if not same:
                    out.append(replace(r, label="claim"))
                    continue
            links = same
        else:
            links = [
                i for i, b in enumerate(rels)
                if b.kind == "blame" and b.object is not None and _same_party(r.subject.name, b.object.name)
            ]
        out.append(replace(r, links=tuple(links)) if links else r)
    return out
