"""Record who did not answer: "did not respond to a request for comment", "could not be reached".

Not a statement (nothing was said), but an analyst wants it: the body and the date
are kept as a ``no_response`` relation, written as ``kg:NoResponse``, and the
``acknowledgement-status`` question counts it as "no comment" for the deployments
of the same article.

Frames (dependency parse; the verb must be negated):
    X did not (immediately) respond / reply to a request for comment | to questions
    X did not return calls | messages seeking comment
    X could not be reached for comment
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.extract import Relation, Span, extractor
from kg.extract.agents import is_media
from kg.extract.index import cased, token_index
from kg.extract.noise import is_noise
from kg.extract.statement import document_frames

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

NAME = "kg.noresponse.v1"
ANSWER_VERBS = frozenset({"respond", "reply", "answer", "return"})
ASKED_WORDS = frozenset({"comment", "request", "requests", "question", "questions", "call", "calls",
                         "email", "emails", "message", "messages", "inquiry", "inquiries", "enquiry", "enquiries"})


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children) or any(
        c.dep_ == "neg" for a in verb.children if a.dep_ in ("aux", "auxpass") for c in a.children
    )


def _asked(verb: Token) -> bool:
    return any(t.lower_ in ASKED_WORDS for t in verb.subtree if t.i > verb.i)


def _frame(verb: Token) -> Token | None:
    """The subject token of a negated answer frame headed by ``verb``, or None."""
    if verb.pos_ not in ("VERB", "AUX") or not _negated(verb) or not _asked(verb):
        return None
    lemma = verb.lemma_.casefold()
    if lemma in ANSWER_VERBS:
        dep = "nsubj"
    elif lemma == "reach" and any(c.dep_ == "auxpass" for c in verb.children):
        dep = "nsubjpass"
    else:
        return None
    subject = next((c for c in verb.children if c.dep_ == dep), None)
    if subject is None and verb.dep_ == "conj":  # "X declined to comment and did not respond ..."
        subject = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject


@extractor(NAME, requires=("doc.ents", "token.dep", "token.lemma"))
def no_responses(doc: Doc) -> Iterator[Relation]:
    """Bodies that did not respond to a request for comment or could not be reached."""
    agents = document_frames(doc).agents
    text = token_index(doc).text
    for sent in token_index(doc).sentences_with(lemma=cased(ANSWER_VERBS | {"reach"})):
        if is_noise(sent):
            continue
        for verb in sent:
            subject = _frame(verb)
            if subject is None:
                continue
            who = agents.mention(subject)
            if who is None or is_media(who):
                continue
            words = [t for t in verb.subtree if t.i >= verb.i] + [
                c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg", "advmod") and c.i < verb.i
            ]
            words = [t for t in words if not (t.is_punct or t.is_space)] or words
            start = min(t.idx for t in words)
            end = max(t.idx + len(t.text) for t in words)
            yield Relation(
                kind="no_response",
                extractor=NAME,
                sentence=Span(sent.start_char, sent.end_char, sent.text),
                subject=who,
                content=Span(start, end, text[start:end]),
            )
