#!/usr/bin/env python3
"""Check the project's gold annotations against their articles.

By default checks examples/gold/*.json against examples/corpus/. With
``--heldout`` it checks tests/heldout/gold against tests/heldout/corpus instead,
``--all`` checks both. ``GOLD_DIR CORPUS_DIR`` may also be given explicitly.

The rules follow the shared gold FORMAT (same checks as shared/gold/check_gold.py):
- every gold file parses and has exactly the FORMAT's fields, at the top level and
  in every deployment, statement and blame, with the right types (name lists are
  non-empty lists of strings, dates ISO YYYY[-MM[-DD]] or null, ``acknowledged`` a
  bool, ``evidence`` true/false/null, ``kind`` one of claim/denial/acknowledgement/
  declined);
- ``doc`` names an article of the corpus and matches the gold file's stem. A
  line of a .jsonl file is named ``feed.jsonl:3`` (lines counted from 1) and its
  gold file is ``feed-3.json``;
- every ``quote`` is an exact substring of the article's text: for .txt and .md the file,
  for .jsonl the line's ``text`` field, for .html the visible text of the
  ``<article>`` element (tags, scripts and styles removed, entities unescaped,
  whitespace runs collapsed);
- for .jsonl lines, ``published``/``publisher`` agree with the line's fields; for
  .html, ``published`` agrees with ``article:published_time`` and ``publisher``
  with ``og:site_name``;
- every article (every .jsonl line) has a gold file, and is 150-450 words long;
- when the shared articles are present (../shared/seeds, ../shared/dev, or
  $KG_SHARED), no article shares a run of 10 words with any of them.

Usage: python3 examples/check_gold.py [--heldout | --all | GOLD_DIR CORPUS_DIR]
Exit status 0 when everything passes, 1 otherwise.
"""
from __future__ import annotations

import html
import json
import os
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "examples": (ROOT / "examples" / "gold", ROOT / "examples" / "corpus"),
    "heldout": (ROOT / "tests" / "heldout" / "gold", ROOT / "tests" / "heldout" / "corpus"),
}

TOP = {"doc", "published", "publisher", "deployments", "statements", "blames"}
DEP = {"system", "location", "date", "acknowledged"}
STM = {"speaker", "kind", "quote"}
BLM = {"accuser", "accused", "for", "evidence"}
KINDS = {"claim", "denial", "acknowledgement", "declined"}
ISO = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
JSONL_FIELDS = {"text", "url", "title", "publisher", "published"}
MIN_WORDS, MAX_WORDS = 150, 450
NGRAM = 10


class _ArticleText(HTMLParser):
    """Collect the visible text inside <article>, skipping script/style/template."""

    SKIP = {"script", "style", "noscript", "template"}
    BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "li", "ul", "ol", "figure",
             "figcaption", "aside", "header", "footer", "section", "br", "article", "form"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0          # nesting depth of <article>
        self.skip = 0
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta":
            key = a.get("property") or a.get("name")
            if key and a.get("content") is not None:
                self.meta[key] = a["content"]
        if tag == "article":
            self.depth += 1
        if tag in self.SKIP:
            self.skip += 1
        if self.depth and tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        if self.depth and tag in self.BLOCK:
            self.parts.append("\n")
        if tag == "article" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def html_article(raw: str) -> tuple[str, dict[str, str]]:
    p = _ArticleText()
    p.feed(raw)
    p.close()
    return squash(html.unescape("".join(p.parts))), p.meta


def load_articles(corpus: Path, errors: list[str]) -> dict[str, dict]:
    """Map doc name -> {"text", "meta"} for every article under ``corpus``."""
    arts: dict[str, dict] = {}
    for path in sorted(corpus.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(corpus).as_posix()
        suffix = path.suffix.lower()
        raw = path.read_text(encoding="utf-8")
        if suffix in (".txt", ".md"):
            arts[name] = {"text": raw, "meta": {}, "kind": "txt"}
        elif suffix in (".html", ".htm"):
            text, meta = html_article(raw)
            if not text:
                errors.append(f"{name}: no <article> text found")
            arts[name] = {"text": text, "meta": meta, "kind": "html"}
        elif suffix == ".jsonl":
            for i, line in enumerate(raw.splitlines(), start=1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as e:
                    errors.append(f"{name}:{i}: does not parse: {e}")
                    continue
                if not isinstance(rec, dict) or not JSONL_FIELDS <= set(rec):
                    errors.append(f"{name}:{i}: needs fields {sorted(JSONL_FIELDS)}")
                    continue
                arts[f"{name}:{i}"] = {"text": rec["text"], "meta": rec, "kind": "jsonl"}
        else:
            errors.append(f"{name}: unexpected file type in corpus")
    return arts


def gold_stem(doc: str) -> str:
    if ":" in doc:
        file, line = doc.rsplit(":", 1)
        return f"{Path(file).stem}-{line}"
    return Path(doc).stem


def names_ok(v) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, str) and x.strip() for x in v)


def check_file(path: Path, arts: dict[str, dict], errors: list[str]):
    def err(msg):
        errors.append(f"{path.name}: {msg}")

    try:
        g = json.loads(path.read_text(encoding="utf-8"))
    except Exception as e:  # noqa: BLE001
        err(f"does not parse: {e}")
        return None
    if not isinstance(g, dict) or set(g) != TOP:
        err(f"top-level fields {sorted(g) if isinstance(g, dict) else type(g)} != {sorted(TOP)}")
        return None

    doc = g["doc"]
    art = arts.get(doc) if isinstance(doc, str) else None
    text = None
    if art is None:
        err(f"doc {doc!r} is not an article of the corpus")
    else:
        text = art["text"]
        if gold_stem(doc) != path.stem:
            err(f"doc {doc!r} should be annotated in {gold_stem(doc)}.json")

    if g["published"] is not None and not (isinstance(g["published"], str) and ISO.match(g["published"])):
        err(f"published {g['published']!r} is not an ISO date or null")
    if g["publisher"] is not None and not (isinstance(g["publisher"], str) and g["publisher"].strip()):
        err("publisher must be a non-empty string or null")
    if art is not None:
        meta = art["meta"]
        if art["kind"] == "jsonl":
            if meta.get("published") and g["published"] and not str(meta["published"]).startswith(g["published"]):
                err(f"published {g['published']!r} disagrees with the line's {meta['published']!r}")
            if meta.get("publisher") and g["publisher"] != meta["publisher"]:
                err(f"publisher {g['publisher']!r} disagrees with the line's {meta['publisher']!r}")
        elif art["kind"] == "html":
            pt = meta.get("article:published_time", "")
            if pt and g["published"] and not pt.startswith(g["published"]):
                err(f"published {g['published']!r} disagrees with article:published_time {pt!r}")
            site = meta.get("og:site_name")
            if site and g["publisher"] != site:
                err(f"publisher {g['publisher']!r} disagrees with og:site_name {site!r}")

    for key, fields in (("deployments", DEP), ("statements", STM), ("blames", BLM)):
        if not isinstance(g[key], list):
            err(f"{key} is not a list")
            continue
        for i, item in enumerate(g[key]):
            where = f"{key}[{i}]"
            if not isinstance(item, dict) or set(item) != fields:
                err(f"{where} fields {sorted(item) if isinstance(item, dict) else type(item)} != {sorted(fields)}")
                continue
            if key == "deployments":
                for slot in ("system", "location"):
                    if not names_ok(item[slot]):
                        err(f"{where}.{slot} must be a non-empty list of names")
                if item["date"] is not None and not (isinstance(item["date"], str) and ISO.match(item["date"])):
                    err(f"{where}.date {item['date']!r} is not ISO or null")
                if not isinstance(item["acknowledged"], bool):
                    err(f"{where}.acknowledged must be true or false")
            elif key == "statements":
                if not names_ok(item["speaker"]):
                    err(f"{where}.speaker must be a non-empty list of names")
                if item["kind"] not in KINDS:
                    err(f"{where}.kind {item['kind']!r} not in {sorted(KINDS)}")
                q = item["quote"]
                if not (isinstance(q, str) and q.strip()):
                    err(f"{where}.quote must be a non-empty string")
                elif text is not None and q not in text:
                    err(f"{where}.quote not an exact substring of {doc}: {q!r}")
            else:
                for slot in ("accuser", "accused"):
                    if not names_ok(item[slot]):
                        err(f"{where}.{slot} must be a non-empty list of names")
                if not (isinstance(item["for"], str) and item["for"].strip()):
                    err(f"{where}.for must be a non-empty string")
                if item["evidence"] not in (True, False, None):
                    err(f"{where}.evidence must be true, false or null")
    return g


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:['’][a-z]+)?", text.casefold())


def ngrams(ws: list[str], n: int = NGRAM) -> set[tuple[str, ...]]:
    return {tuple(ws[i:i + n]) for i in range(len(ws) - n + 1)}


def shared_texts() -> dict[str, str]:
    bases = []
    if os.environ.get("KG_SHARED"):
        bases.append(Path(os.environ["KG_SHARED"]))
    bases += [ROOT.parent / "shared", Path("/work/shared")]
    for base in bases:
        dirs = [base / "seeds", base / "dev"]
        if any(d.is_dir() for d in dirs):
            return {f"{d.name}/{p.name}": p.read_text(encoding="utf-8")
                    for d in dirs if d.is_dir() for p in sorted(d.glob("*.txt"))}
    return {}


def check_set(gold: Path, corpus: Path, errors: list[str], shared: dict[str, str]) -> int:
    arts = load_articles(corpus, errors)
    files = sorted(gold.glob("*.json"))
    print(f"\n{gold.relative_to(ROOT) if gold.is_relative_to(ROOT) else gold}  ({len(arts)} articles)")
    if not files:
        errors.append(f"{gold}: no gold files found")
        return 0
    print(f"{'file':42} words dep stm blm  ack(T/F)")
    for p in files:
        g = check_file(p, arts, errors)
        if g is None:
            continue
        deps = g["deployments"] if isinstance(g["deployments"], list) else []
        t = sum(1 for d in deps if isinstance(d, dict) and d.get("acknowledged") is True)
        n = len(arts[g["doc"]]["text"].split()) if g["doc"] in arts else 0
        print(f"{p.name:42} {n:5} {len(deps):3} {len(g['statements']):3} {len(g['blames']):3}  {t}/{len(deps) - t}")
    for name, art in arts.items():
        if not (gold / f"{gold_stem(name)}.json").is_file():
            errors.append(f"{corpus.name}/{name}: no gold file")
        n = len(art["text"].split())
        if not MIN_WORDS <= n <= MAX_WORDS and art["kind"] != "jsonl":
            errors.append(f"{name}: {n} words, outside {MIN_WORDS}-{MAX_WORDS}")
        elif art["kind"] == "jsonl" and n < 100:
            errors.append(f"{name}: {n} words, a feed article should have at least 100")
    if shared:
        theirs = {k: ngrams(words(v)) for k, v in shared.items()}
        for name, art in arts.items():
            mine = ngrams(words(art["text"]))
            for k, grams in theirs.items():
                common = mine & grams
                if common:
                    errors.append(f"{name}: shares {len(common)} run(s) of {NGRAM} words with {k}, "
                                  f"e.g. {' '.join(sorted(common)[0])!r}")
    return len(files)


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    if not argv:
        pairs = [SETS["examples"]]
    elif argv == ["--heldout"]:
        pairs = [SETS["heldout"]]
    elif argv == ["--all"]:
        pairs = [SETS["examples"], SETS["heldout"]]
    elif len(argv) == 2:
        pairs = [(Path(argv[0]).resolve(), Path(argv[1]).resolve())]
    else:
        print(__doc__)
        return 2
    errors: list[str] = []
    shared = shared_texts()
    total = sum(check_set(g, c, errors, shared) for g, c in pairs)
    if not shared:
        print("\n(shared articles not found: 10-word overlap check skipped)")
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  " + e)
        return 1
    print(f"\nall {total} gold files pass")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
