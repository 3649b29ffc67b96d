"""Read article files into Documents.  (Stub: the reader is being written.)"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    """One article, as read from disk.

    ``id`` is stable for the same source (derived from the file's path relative
    to the corpus root, plus the line number for .jsonl), so rebuilding the same
    article replaces its graph. ``name`` is what the ``doc`` column of the
    questions shows: the file name (``feed.jsonl:3`` for line 3 of a .jsonl).
    ``published`` is an ISO date ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
    """

    id: str
    name: str
    text: str
    sha256: str
    path: str | None = None
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
