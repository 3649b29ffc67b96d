"""Extractors: one module per relation kind, registered by name.

An extractor is a generator from a spaCy ``Doc`` to :class:`Relation` records in
text order. It does no I/O and touches no store or global state, so it runs
unchanged on a Dask worker. Built-in extractors load through the same
entry-point group as third-party ones (``kg.extractors``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from spacy.tokens import Doc

RelationKind = Literal["deployment", "statement", "blame", "no_response"]
StatementKind = Literal["claim", "denial", "acknowledgement", "declined"]
EntityType = Literal["Person", "Organization", "State", "Place", "WeaponSystem", "Agent"]


@dataclass(frozen=True)
class Span:
    """A stretch of the document text: ``text == doc_text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """Words in the document that denote an entity.

    ``text``/``start``/``end`` are the words as they stand ("he", "the ministry",
    "Peskov"); ``name`` is the name they resolve to inside this document
    ("Dmitry Peskov"), which entity resolution turns into a canonical key.
    """

    start: int
    end: int
    text: str
    name: str
    type: EntityType


@dataclass(frozen=True)
class Relation:
    """One extracted fact, with the sentence it came from.

    ``subject``/``object`` by kind: deployment = system/location, statement =
    speaker/None (or what it is about), blame = accuser/accused, no_response =
    the body that did not answer a request for comment (no statement: a record).
    ``content``: the statement's text, or the act a blame is for.
    ``label``: the statement kind (claim | denial | acknowledgement | declined).
    ``date``: ISO date (YYYY[-MM[-DD]]) of the event or statement, when known.
    ``evidence``: for blames, False on "without providing evidence", True when
    evidence is said to be given, else None.
    ``links``: indexes (into the same document's relation list) of relations
    this one answers: an acknowledgement or denial -> the deployment or blame it
    confirms or rejects.
    """

    kind: RelationKind
    extractor: str
    sentence: Span
    subject: Mention
    object: Mention | None = None
    content: Span | None = None
    label: StatementKind | None = None
    date: str | None = None
    evidence: bool | None = None
    links: tuple[int, ...] = field(default=())


class Extractor(Protocol):
    name: str
    requires: tuple[str, ...]

    def __call__(self, doc: Doc) -> Iterator[Relation]: ...


@dataclass(frozen=True)
class RegisteredExtractor:
    name: str
    requires: tuple[str, ...]
    func: Callable[[Doc], Iterator[Relation]]
    doc: str

    def __call__(self, doc: Doc) -> Iterator[Relation]:
        return self.func(doc)


def extractor(name: str, *, requires: tuple[str, ...] = ()) -> Callable[
    [Callable[[Doc], Iterator[Relation]]], RegisteredExtractor
]:
    """Declare a function as the extractor ``name`` (``kg.<kind>.v<N>``)."""

    def wrap(func: Callable[[Doc], Iterator[Relation]]) -> RegisteredExtractor:
        return RegisteredExtractor(name, requires, func, (func.__doc__ or "").strip().splitlines()[0] if func.__doc__ else "")

    return wrap


def registered() -> dict[str, RegisteredExtractor]:
    """Return every extractor of the ``kg.extractors`` entry-point group, by name."""
    found: dict[str, RegisteredExtractor] = {}
    for ep in entry_points(group="kg.extractors"):
        obj = ep.load()
        found[ep.name] = obj
    return dict(sorted(found.items()))
