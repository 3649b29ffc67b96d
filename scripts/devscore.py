"""Developer loop: run the extractors on article files and score against gold, without a store.

Usage: .venv/bin/python scripts/devscore.py GOLD_DIR FILE_OR_DIR... [-v]
Labels are the in-document resolved names (Mention.name); `acknowledged` is true
when an acknowledgement relation in the same document links to the deployment.
The real path (`kg eval`) goes through the store and the saved questions.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.evaluate import KINDS, Score, load_gold, match_document  # noqa: E402


def rows_for(relations):
    rows = {k: [] for k in KINDS}
    acked = {j for r in relations if r.kind == "statement" and r.label == "acknowledgement" for j in r.links}
    for i, r in enumerate(relations):
        if r.kind == "deployment":
            rows["deployments"].append({
                "system": r.subject.name, "system_mention": r.subject.text,
                "location": r.object.name if r.object else None,
                "location_mention": r.object.text if r.object else None,
                "date": r.date, "acknowledged": i in acked, "sentence": r.sentence.text})
        elif r.kind == "statement":
            rows["statements"].append({
                "speaker": r.subject.name, "speaker_mention": r.subject.text, "kind": r.label,
                "text": r.content.text if r.content else None, "date": r.date, "sentence": r.sentence.text})
        elif r.kind == "blame":
            rows["blames"].append({
                "accuser": r.subject.name, "accuser_mention": r.subject.text,
                "accused": r.object.name if r.object else None,
                "accused_mention": r.object.text if r.object else None,
                "act": r.content.text if r.content else None, "evidence": r.evidence,
                "sentence": r.sentence.text})
    return rows


def main(argv: list[str]) -> None:
    verbose = "-v" in argv
    argv = [a for a in argv if a != "-v"]
    gold = load_gold(argv[0])
    from kg.corpus import read_corpus
    from kg.extract.run import extract_document
    from kg.nlp import load_pipeline

    nlp = load_pipeline()
    score = Score()
    for doc in read_corpus([Path(p) for p in argv[1:]]):
        if doc.name not in gold:
            continue
        relations = extract_document(nlp, doc)
        match_document(doc.name, rows_for(relations), gold[doc.name], score)
    for kind, c in score.kinds.items():
        print(f"{kind:12} P {c.precision:.2f}  R {c.recall:.2f}  F1 {c.f1:.2f}  (tp {c.tp} fp {c.fp} fn {c.fn})")
    if score.acknowledged_total:
        print(f"acknowledged right {score.acknowledged_right}/{score.acknowledged_total}")
    print(f"micro-F1 {score.micro.f1:.2f}")
    if verbose:
        for doc, kind, item in score.misses:
            print("MISS", doc, kind, item)
        for doc, kind, item in score.false_positives:
            print("FP  ", doc, kind, {k: v for k, v in item.items() if k != "sentence"})


if __name__ == "__main__":
    main(sys.argv[1:])
