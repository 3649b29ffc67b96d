"""A per-document index of token attributes, read once and shared by every extractor.

Each ``Token`` a rule touches is a new Python object (``doc[i]``, ``for t in sent``),
and the extractors mostly look for a few trigger words: a reporting verb, a blame
verb, "according to". Scanning every token of every sentence for each of them made
about 36 Token objects per word, a third of the extraction time. The index reads the
attributes the triggers are defined on once, as arrays (``Doc.to_array``), and
answers "which tokens have one of these lemmas" with numpy, so that a rule only
builds the tokens that can start what it looks for.

It is kept in ``doc.user_data`` and rebuilt if the Doc changes identity, like the
shared frame pass (:func:`kg.extract.statement.document_frames`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from typing import TypeVar

import numpy as np
from spacy.attrs import DEP, LEMMA, LOWER, ORTH, POS
from spacy.strings import StringStore
from spacy.tokens import Doc, Span

__all__ = ["TokenIndex", "cased", "per_doc", "token_index"]

T = TypeVar("T")

_KEY = "kg.index"
_COLUMNS = {"lemma": 0, "lower": 1, "pos": 2, "dep": 3, "orth": 4}


class TokenIndex:
    """Token attributes of one Doc as arrays, and its sentences as a list.

    Example:
        >>> idx = token_index(doc)  # doctest: +SKIP
        >>> [doc[i].text for i in idx.where(lemma={"deny", "reject"}, pos={"VERB"})]  # doctest: +SKIP
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._array = doc.to_array([LEMMA, LOWER, POS, DEP, ORTH]).reshape(len(doc), len(_COLUMNS))
        self.sents: list[Span] = list(doc.sents)
        self._starts = [s.start for s in self.sents]
        # Doc.text joins every token and Doc.ents builds every span, on each access.
        self.text: str = doc.text
        self.ents: tuple[Span, ...] = doc.ents
        self._ent_starts = [e.start for e in self.ents]

    def where(self, **attrs: Iterable[str]) -> list[int]:
        """Indices of the tokens whose attributes take one of the given values, in text order.

        Keywords are ``lemma``, ``lower``, ``pos``, ``dep`` and ``orth`` (the written
        form); several keywords must all hold. ``lemma`` matches the lemma as spaCy
        wrote it, so a proper noun's lemma keeps its capitals.
        """
        mask: np.ndarray | None = None
        for name, values in attrs.items():
            hit = np.isin(self._array[:, _COLUMNS[name]], _ids(values))
            mask = hit if mask is None else mask & hit
        if mask is None:
            return list(range(len(self.doc)))
        return np.flatnonzero(mask).tolist()

    def any_of(self, **attrs: Iterable[str]) -> list[int]:
        """Indices of the tokens that match any one keyword (an OR across keywords)."""
        found: set[int] = set()
        for name, values in attrs.items():
            found.update(self.where(**{name: values}))
        return sorted(found)

    def ents_in(self, start: int, end: int) -> tuple[Span, ...]:
        """The entities that lie within tokens ``start:end``, in text order (as ``Span.ents``)."""
        lo = bisect_left(self._ent_starts, start)
        hi = bisect_left(self._ent_starts, end)
        return tuple(e for e in self.ents[lo:hi] if e.end <= end)

    def sentence(self, i: int) -> Span:
        """The sentence holding token ``i``."""
        return self.sents[bisect_right(self._starts, i) - 1]

    def sentence_number(self, i: int) -> int:
        """The position in :attr:`sents` of the sentence holding token ``i``."""
        return bisect_right(self._starts, i) - 1

    def sentences_with(self, **attrs: Iterable[str]) -> list[Span]:
        """The sentences that hold a token matching any keyword, in text order."""
        numbers = sorted({self.sentence_number(i) for i in self.any_of(**attrs)})
        return [self.sents[n] for n in numbers]


def _ids(values: Iterable[str]) -> np.ndarray:
    """The string ids of ``values`` (spaCy's hashes are the same in every Vocab).

    Cached for the constant word lists (frozensets and tuples); a list or dict of one
    document's names is hashed afresh, so the cache does not grow with the corpus.
    """
    if not isinstance(values, (frozenset, tuple)):
        return np.fromiter((_STRINGS[v] for v in values), dtype=np.uint64)
    key = values
    found = _ID_CACHE.get(key)
    if found is None:
        found = _ID_CACHE[key] = np.fromiter((_STRINGS[v] for v in key), dtype=np.uint64)
    return found


_STRINGS = StringStore()
_ID_CACHE: dict[frozenset[str] | tuple[str, ...], np.ndarray] = {}


def per_doc(doc: Doc, key: str, build: Callable[[Doc], T]) -> T:
    """``build(doc)``, computed once and kept in ``doc.user_data[key]``.

    The Doc itself is kept beside the value and checked, so a user_data dict copied to
    another Doc (``Doc.copy``, serialisation) never serves the first Doc's value.
    """
    found = doc.user_data.get(key)
    if found is None or found[0] is not doc:
        found = doc.user_data[key] = (doc, build(doc))
    return found[1]


def token_index(doc: Doc) -> TokenIndex:
    """The :class:`TokenIndex` of ``doc``, built on first use and kept with the Doc."""
    return per_doc(doc, _KEY, TokenIndex)


def cased(words: Iterable[str]) -> frozenset[str]:
    """``words`` as written, capitalised and upper-case: a lemma compared after casefold()."""
    out: set[str] = set()
    for w in words:
        out.update((w, w.capitalize(), w.upper()))
    return frozenset(out)
