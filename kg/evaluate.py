"""Score predicted facts against gold files, with the matching rule of the gold FORMAT.

Normalise a name: NFKC, casefold, drop a leading "the ", collapse every run of
non-alphanumerics into one space, trim. Two names match when equal or when one is
a whole-word sub-sequence of the other. A deployment matches on system and
location, a statement on speaker, kind and quote-inside-text, a blame on accuser
and accused. Each gold item is matched at most once; P/R/F1 per kind, micro-averaged.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KINDS = ("deployments", "statements", "blames")
_NON_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


def normalise(name: str) -> str:
    """Normalise a name or text by the gold FORMAT's rule."""
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    if text.startswith("the "):
        text = text[4:]
    return _NON_ALNUM.sub(" ", text).strip()


def _contains_words(longer: list[str], shorter: list[str]) -> bool:
    """Whether ``shorter`` occurs as a contiguous run of whole words in ``longer``."""
    n = len(shorter)
    if n == 0:
        return False
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def names_match(a: str | None, b: str | None) -> bool:
    """Two names match when, normalised, one is a whole-word sub-sequence of the other."""
    if not a or not b:
        return False
    na, nb = normalise(a).split(), normalise(b).split()
    if not na or not nb:
        return False
    if len(na) < len(nb):
        na, nb = nb, na
    return _contains_words(na, nb)


def matches_any(predicted: Sequence[str | None], alternatives: Iterable[str]) -> bool:
    return any(names_match(p, g) for p in predicted for g in alternatives)


def text_contains(text: str | None, quote: str) -> bool:
    """Whether the statement text contains the gold quote, both normalised."""
    if not text:
        return False
    return _contains_words(normalise(text).split(), normalise(quote).split())


def _candidates(row: Mapping[str, Any], slot: str) -> list[str | None]:
    # The canonical label and the words of the document may both be used.
    return [row.get(slot), row.get(f"{slot}_mention")]


def _deployment_match(p: Mapping[str, Any], g: Mapping[str, Any]) -> bool:
    return matches_any(_candidates(p, "system"), g["system"]) and matches_any(
        _candidates(p, "location"), g["location"]
    )


def _statement_match(p: Mapping[str, Any], g: Mapping[str, Any]) -> bool:
    return (
        p.get("kind") == g["kind"]
        and matches_any(_candidates(p, "speaker"), g["speaker"])
        and text_contains(p.get("text"), g["quote"])
    )


def _blame_match(p: Mapping[str, Any], g: Mapping[str, Any]) -> bool:
    return matches_any(_candidates(p, "accuser"), g["accuser"]) and matches_any(
        _candidates(p, "accused"), g["accused"]
    )


MATCHERS = {"deployments": _deployment_match, "statements": _statement_match, "blames": _blame_match}


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class Score:
    """Per-kind counts and the items behind them, for reports."""

    kinds: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})
    acknowledged_right: int = 0
    acknowledged_total: int = 0
    misses: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    false_positives: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    @property
    def micro(self) -> Counts:
        total = Counts()
        for c in self.kinds.values():
            total.add(c)
        return total

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            k: {"precision": c.precision, "recall": c.recall, "f1": c.f1, "tp": c.tp, "fp": c.fp, "fn": c.fn}
            for k, c in self.kinds.items()
        }
        m = self.micro
        out["micro"] = {"precision": m.precision, "recall": m.recall, "f1": m.f1}
        out["acknowledged_accuracy"] = (
            self.acknowledged_right / self.acknowledged_total if self.acknowledged_total else None
        )
        return out


def match_document(
    doc: str, predicted: Mapping[str, Sequence[Mapping[str, Any]]], gold: Mapping[str, Any], score: Score
) -> None:
    """Match one document's predicted rows (by kind) against its gold entries, adding to ``score``.

    Greedy, in predicted order: each predicted row takes the first unmatched gold
    entry it matches; each gold entry is matched at most once.
    """
    for kind in KINDS:
        golds = list(gold.get(kind, []))
        used = [False] * len(golds)
        counts = score.kinds[kind]
        for row in predicted.get(kind, []):
            hit = next(
                (i for i, g in enumerate(golds) if not used[i] and MATCHERS[kind](row, g)),
                None,
            )
            if hit is None:
                counts.fp += 1
                score.false_positives.append((doc, kind, dict(row)))
                continue
            used[hit] = True
            counts.tp += 1
            if kind == "deployments":
                score.acknowledged_total += 1
                score.acknowledged_right += bool(row.get("acknowledged")) == bool(golds[hit]["acknowledged"])
        for i, g in enumerate(golds):
            if not used[i]:
                counts.fn += 1
                score.misses.append((doc, kind, dict(g)))


def load_gold(gold_dir: str | Path) -> dict[str, dict[str, Any]]:
    """Read every gold ``*.json`` in a folder, keyed by the article's file name (``doc``)."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(Path(gold_dir).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out[data["doc"]] = data
    return out


def score_rows(
    gold: Mapping[str, Mapping[str, Any]],
    rows: Mapping[str, Iterable[Mapping[str, Any]]],
    documents: Iterable[str],
) -> Score:
    """Score the rows of the core questions, grouped by their ``doc`` column, against gold.

    Args:
        gold: gold annotations keyed by document name (:func:`load_gold`).
        rows: the rows of ``deployments``, ``statements`` and ``blames``, keyed by kind.
        documents: names of the documents that were built; only these are scored,
            so a gold folder may hold more articles than the corpus.

    Returns:
        The Score over every document that has a gold file.
    """
    by_doc: dict[str, dict[str, list[Mapping[str, Any]]]] = {}
    for kind in KINDS:
        for row in rows.get(kind, ()):
            by_doc.setdefault(str(row.get("doc")), {k: [] for k in KINDS})[kind].append(row)
    score = Score()
    for doc in sorted(set(documents) & set(gold)):
        match_document(doc, by_doc.get(doc, {}), gold[doc], score)
    return score


_DOCUMENT_NAMES = (
    "PREFIX kg: <https://w3id.org/kg-news/ontology#>\n"
    "SELECT DISTINCT ?name WHERE { GRAPH ?g { ?d kg:fileName ?name } }"
)


def evaluate(
    gold_dir: str | Path,
    paths: Sequence[str | Path],
    *,
    model: str | None = None,
    workers: int = 1,
) -> Score:
    """Build articles into a throw-away store, ask the core questions and score them against gold.

    This is what ``kg eval`` runs: the whole path (reading, extraction, resolution,
    the graph, the store and the saved questions), so the score measures what a
    user gets from ``kg ask``. Articles without a gold file are built but not scored;
    an article that fails to build counts as missing all of its gold items.

    Args:
        gold_dir: folder of gold ``*.json`` files (gold FORMAT.md).
        paths: article files or folders.
        model: spaCy pipeline name (default: ``KG_SPACY_MODEL`` or the packaged model).
        workers: processes for spaCy.

    Returns:
        The Score; ``Score.as_dict()`` for a report.

    Raises:
        InputError: the gold folder holds no gold files.
    """
    from kg.build import build
    from kg.errors import InputError
    from kg.questions import ask, to_json
    from kg.store import open_store

    gold = load_gold(gold_dir)
    if not gold:
        raise InputError(f"no gold files (*.json) in {gold_dir}; see the gold FORMAT.md")
    store = open_store(":memory:")
    try:
        report = build([Path(p) for p in paths], store=store, model=model, workers=workers, progress=None)
        rows = {kind: ask(kind, store=store).rows for kind in KINDS}
        built = {str(to_json(row[0])) for row in store.query(_DOCUMENT_NAMES).rows}
    finally:
        store.close()
    # A file that failed to build is scored as predicting nothing.
    built.update(Path(str(where)).name for where, _problem in report.failed)
    return score_rows(gold, rows, built)
