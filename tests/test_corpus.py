"""kg.corpus: files in, Documents (or one-line BadDocuments) out.

Every article text here is invented for these tests.
"""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.corpus import (
    DEFAULT_MAX_BYTES,
    Document,
    detect_published,
    detect_publisher,
    iter_corpus,
    normalize_date,
    read_corpus,
)
from kg.errors import BadDocument, BadParameter, ConfigError

DATA = Path(__file__).parent / "data" / "corpus"


def _write(folder: Path, name: str, content: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _one(path: Path, **options: int) -> Document | BadDocument:
    items = list(iter_corpus([path], **options))
    assert len(items) == 1, items
    return items[0]


def _messages(items: list[Document | BadDocument]) -> list[str]:
    return [str(i) for i in items if isinstance(i, BadDocument)]


# --------------------------------------------------------------------------- dates and publishers

PUBLISHED_CASES = {
    "masthead-weekday-date-line": ("THE DAILY LAMP\n\nBy Ann Lee\nSaturday 4 March 2023\n\nThe council met.", "2023-03-04"),
    "published-iso-with-time": ("Harbour lights dim\n\nPublished: 2021-11-30 08:15\n\nText.", "2021-11-30"),
    "posted-abbrev-month": ("Posted on Sept. 5, 2019 by admin\n\nBody text here.", "2019-09-05"),
    "dateline-day-month-year": ("LISBON, 12 June 2020 (Atlantic Desk) - Ships docked on Friday.", "2020-06-12"),
    "dateline-no-year-copyright-year": (
        "OSLO, Feb 3 (Nordwire) - The ministry said so on Friday.\n\n© 2024 Nordwire", "2024-02-03"),
    "last-updated-only": ("Story text goes here.\n\nLast updated: 14 Aug 2022, 10:40 CET", "2022-08-14"),
    "published-beats-updated": ("First published on Monday 2 January 2017\nUpdated Jan 9, 2017\n\nText.", "2017-01-02"),
    "bare-header-line-beats-updated": ("Some header\nUpdated 3 July 2022\nTue, 28 Jun 2022\n\nText.", "2022-06-28"),
    "date-inside-a-sentence": (
        "The report was released on May 3, 2023, officials said, adding that more would follow.", None),
    "copyright-year-only": ("Body text.\n\nCopyright (c) 2018 Fjord Media. All rights reserved.", "2018"),
    "dated-slashes": ("Dated: 2020/04/01\n\nA memo.", "2020-04-01"),
    "no-date": ("Text only, and no dates at all.", None),
    "month-and-year": ("March 2021\n\nMonthly bulletin text.", "2021-03"),
    "impossible-day-is-no-date": ("Published 31 February 2023\n\nText.", None),
    "body-sentence-starting-with-keyword": ("Intro line\n\nPublished reports said on May 3, 2023 that it rained.", None),
    "agency-lead-copyright-name-first": (
        "WELLINGTON (Pacific Wire) — Ferries were cancelled.\n\n© Pacific Wire 2019", "2019"),
    "markdown-emphasis": ("# Ferry strike\n\n*Published 2022-07-08*\n\nBody.", "2022-07-08"),
    "ordinal-of-month": ("Thursday, 7th of April 2022\n\nText.", "2022-04-07"),
    "pipe-separated-header": ("Explainer | Updated 9 Nov 2021, 08:00 GMT\n\nText.", "2021-11-09"),
    "dateline-two-word-city": ("SAO PAULO, Oct. 30, 2018 (LatAm Wire) -- Markets fell.", "2018-10-30"),
    "date-then-sentence": ("Ferry updates\n\nFriday 6 June 2025. All times are local.\n\nText.", "2025-06-06"),
    "weekday-abbrev-time-zone": ("Sun 9 Oct 2022 14.32 BST\n\nText.", "2022-10-09"),
    "keyword-and-date-on-two-lines": ("Headline here now\nPublished\n3 May 2023\n\nText.", "2023-05-03"),
    "byline-pipe-date": ("By Jane Roe, Staff Writer | May 3, 2023\n\nText.", "2023-05-03"),
    "date-at-time": ("May 3, 2023 at 10:15 a.m. EDT\n\nText.", "2023-05-03"),
    "updated-time-first": ("Updated: 10:15 AM EDT, Wed May 3, 2023\n\nText.", "2023-05-03"),
    "copyright-range-last-year": ("Text.\n\nCopyright © 2020-2022 Orchard Press Ltd", "2022"),
}  # fmt: skip


@pytest.mark.parametrize("text, expected", PUBLISHED_CASES.values(), ids=PUBLISHED_CASES.keys())
def test_corpus_detect_published(text: str, expected: str | None) -> None:
    assert detect_published(text) == expected


PUBLISHER_CASES = {
    "caps-masthead": ("THE DAILY LAMP\n\nCouncil votes on the new bridge plan\n\nBody.", "The Daily Lamp"),
    "masthead-spelled-as-in-text": (
        "NORTH SEA OBSERVER\nAnalysis | Energy\n\nText, as the North Sea Observer reported.", "North Sea Observer"),
    "copyright-corporate-suffix": ("Body.\n\n© 2023 Lakeside Media Group, Inc. All Rights Reserved.", "Lakeside Media Group"),
    "name-then-copyright": ("Body.\n\nPrairie Gazette – © 2021", "Prairie Gazette"),
    "copyright-by": ("Body.\n\nCopyright 2019 by Fjord Media Ltd.", "Fjord Media"),
    "team-byline": ("Ferries stop\n\nBy the Valley Times team\n\nBody.", "Valley Times"),
    "dateline-agency": ("LISBON, 12 June 2020 (Atlantic Desk) - Ships docked.", "Atlantic Desk"),
    "lead-agency": ("(Northwire) — The ministry said on Tuesday that it would act.", "Northwire"),
    "author-is-not-outlet": ("By Jane Roe\n\nBody text.", None),
    "section-kicker-is-not-outlet": ("BREAKING NEWS\n\nSomething happened today in town.", None),
    "title-case-masthead": ("The Kestrel Gazette\n\nCouncil votes on the new bridge plan\n\nBody.", "The Kestrel Gazette"),
    "title-case-headline-is-not-outlet": ("Council Votes on the New Bridge Plan\n\nBody.", None),
    "in-brief-kicker-is-not-outlet": ("IN BRIEF\n\nSomething happened today in town.", None),
    "acronym-kept": ("ABC RADIO NEWS\n\nStorm warning for the coast tonight.", "ABC Radio News"),
    "photo-credit-is-not-outlet": ("Photo: © 2020 Getty Images\n\nText.", None),
    "common-short-word-title-cased": ("THE NEW YORK LEDGER\n\nCity hall reopens after the flood.", "The New York Ledger"),
    "nothing": ("Just some words in a sentence.", None),
    "wire-city-country-agency": ("KYIV, Ukraine (AP) — Russian forces shelled the city.", "AP"),
    "copyright-symbol-then-word": ("Text.\n\n© Copyright 2023 The Lakeside Tribune", "The Lakeside Tribune"),
    "kicker-line-outlet": ("SHORT TAKE | Energy | Valley Courier\n\nDam repairs begin.", "Valley Courier"),
    "kicker-line-sections-only": ("Opinion | Middle East | Water Policy\n\nDam repairs begin.", None),
    "masthead-with-tagline": ("ORCHARD ECHO - Notes on rural affairs\n\nApples are late this year.", "Orchard Echo"),
    "desk-line-without-by": ("Ferries stop\n\nThe Fjord Herald night desk\n\nBody.", "The Fjord Herald"),
    "section-desk-is-not-outlet": ("Ferries stop\n\nForeign desk\n\nBody.", None),
    "upper-c-copyright": ("Text.\n\n(C) 2021 Dunmore Wire. All Rights Reserved", "Dunmore Wire"),
}  # fmt: skip


@pytest.mark.parametrize("text, expected", PUBLISHER_CASES.values(), ids=PUBLISHER_CASES.keys())
def test_corpus_detect_publisher(text: str, expected: str | None) -> None:
    assert detect_publisher(text) == expected


NORMALIZE_CASES = {
    "iso-datetime-no-shift": ("2023-05-03T22:10:00-04:00", "2023-05-03"),
    "year-month": ("2023-05", "2023-05"),
    "year": ("2023", "2023"),
    "compact": ("20230503", "2023-05-03"),
    "rfc-2822": ("Wed, 03 May 2023 10:00:00 GMT", "2023-05-03"),
    "month-day-year": ("May 3, 2023", "2023-05-03"),
    "slashes": ("2023/5/3", "2023-05-03"),
    "bad-month": ("2023-13-01", None),
    "words": ("yesterday", None),
    "empty": ("", None),
}


@pytest.mark.parametrize("value, expected", NORMALIZE_CASES.values(), ids=NORMALIZE_CASES.keys())
def test_corpus_normalize_date(value: str, expected: str | None) -> None:
    assert normalize_date(value) == expected


# --------------------------------------------------------------------------- text and markdown


def test_corpus_text_document_fields(tmp_path: Path) -> None:
    text = "THE DAILY LAMP\r\n\r\nCouncil votes on the new bridge plan\r\n\r\nBy Ann Lee\r\nSaturday 4 March 2023\r\n\r\nThe council met.\r\n"
    path = _write(tmp_path, "lamp.txt", text)
    doc = _one(path)
    assert isinstance(doc, Document)
    expected_text = text.replace("\r\n", "\n")
    assert doc.text == expected_text
    assert doc.sha256 == hashlib.sha256(expected_text.encode("utf-8")).hexdigest()
    assert (doc.id, doc.path, doc.name, doc.url) == ("lamp.txt", str(path.resolve()), "lamp.txt", None)
    assert (doc.title, doc.publisher, doc.published, doc.warnings) == (
        "Council votes on the new bridge plan", "The Daily Lamp", "2023-03-04", ())


def test_corpus_markdown_front_matter(tmp_path: Path) -> None:
    text = "---\ntitle: \"Ferry strike ends\"\ndate: 2022-07-08T09:00:00Z\nsource: Harbour Post\nurl: https://harbourpost.example/ferry\n---\n\n# Ferry strike ends\n\nBoats sail again.\n"
    doc = _one(_write(tmp_path, "ferry.md", text))
    assert isinstance(doc, Document)
    assert doc.text == text
    assert (doc.id, doc.url, doc.title, doc.publisher, doc.published) == (
        "https://harbourpost.example/ferry", "https://harbourpost.example/ferry", "Ferry strike ends", "Harbour Post", "2022-07-08")


@pytest.mark.parametrize(
    "raw",
    [
        "\ufeffCafé crème at dawn".encode("utf-8"),
        "\ufeffCafé crème at dawn".encode("utf-16-le"),
        "\ufeffCafé crème at dawn".encode("utf-16-be"),
        "Café crème at dawn".encode("utf-16"),
        "Café crème at dawn".encode("utf-32"),
    ],
    ids=["utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-16-native", "utf-32"],
)
def test_corpus_decodes_byte_order_marks(tmp_path: Path, raw: bytes) -> None:
    doc = _one(_write(tmp_path, "bom.txt", raw))
    assert isinstance(doc, Document)
    assert (doc.text, doc.warnings) == ("Café crème at dawn", ())


def test_corpus_invalid_utf8_is_replaced_with_a_warning(tmp_path: Path) -> None:
    path = _write(tmp_path, "latin.txt", "Caf\xe9 cr\xe8me at dawn, a story about breakfast in town".encode("latin-1"))
    doc = _one(path)
    assert isinstance(doc, Document)
    assert doc.text.startswith("Caf\ufffd cr\ufffdme at dawn")
    assert doc.warnings == (f"{path}: invalid UTF-8 at byte 3 and 1 more place(s); replaced with U+FFFD (re-save the file as UTF-8 to fix)",)
    assert doc.sha256 == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- bad input: one line each

BAD_FILES = {
    "nul-bytes": ("a.txt", b"PK\x03\x04\x00\x00binary", "binary file (contains NUL bytes), not text"),
    "control-bytes": ("a.txt", bytes(range(1, 9)) * 20, "binary file (mostly non-text bytes), not text"),
    "undecodable": ("a.html", bytes(range(0x80, 0x100)) * 4, "binary file (mostly non-text bytes), not text"),
    "empty": ("a.md", b"", "file is empty"),
    "whitespace": ("a.txt", b" \n\t\r\n ", "file contains only whitespace"),
    "jsonl-whitespace": ("a.jsonl", b"\n\n  \n", "file contains only whitespace"),
    "html-only-comment": ("a.html", b"<!-- nothing here -->", "no article text found in the HTML"),
    "html-without-text": ("a.html", b"<html><head><title>T</title><script>x()</script></head><body><nav>Home</nav></body></html>",
                          "no article text found in the HTML"),
}  # fmt: skip


@pytest.mark.parametrize("name, raw, problem", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_corpus_bad_file_is_one_line(tmp_path: Path, name: str, raw: bytes, problem: str) -> None:
    path = _write(tmp_path, name, raw)
    bad = _one(path)
    assert isinstance(bad, BadDocument)
    assert str(bad) == f"{path}: {problem}"
    assert (bad.path, bad.problem) == (str(path), problem)


def test_corpus_jsonl_lines(tmp_path: Path) -> None:
    lines = [
        {"text": "Ferries sail again.", "url": "https://harbourpost.example/a", "title": "Ferries",
         "publisher": "Harbour Post", "published": "2022-07-08T21:30:00+02:00"},
        "{not json",
        "",
        {"title": "no text here"},
        {"text": "   "},
        [1, 2],
        {"text": 5},
        {"text": "THE DAILY LAMP\n\nPosted March 4, 2023\n\nThe council met.", "published": "soon", "url": "/relative"},
        {"text": "Lone \ud800 surrogate", "published": 2021},
    ]  # fmt: skip
    body = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n"
    path = _write(tmp_path, "feed.jsonl", body)
    items = list(iter_corpus(path))
    assert _messages(items) == [
        f"{path}:2: invalid JSON: Expecting property name enclosed in double quotes at column 2",
        f"{path}:4: no non-empty 'text' field; each line needs the article text in 'text'",
        f"{path}:5: no non-empty 'text' field; each line needs the article text in 'text'",
        f"{path}:6: line is a JSON list, not an object with a 'text' field",
        f"{path}:7: 'text' is a JSON int, not a string",
    ]
    docs = [i for i in items if isinstance(i, Document)]
    assert [(d.id, d.name) for d in docs] == [
        ("https://harbourpost.example/a", "feed.jsonl:1"),
        ("feed.jsonl#L8", "feed.jsonl:8"),
        ("feed.jsonl#L9", "feed.jsonl:9"),
    ]
    first, second, third = docs
    assert (first.title, first.publisher, first.published, first.warnings) == ("Ferries", "Harbour Post", "2022-07-08", ())
    assert (second.publisher, second.published) == ("The Daily Lamp", "2023-03-04")
    assert second.warnings == (
        f"{path}:8: field 'published' 'soon' is not a date; ignored",
        f"{path}:8: field 'url' '/relative' is not an absolute URL; ignored",
    )
    assert (third.text, third.published) == ("Lone \ufffd surrogate", "2021")
    assert third.warnings == (f"{path}:9: field 'text' has an invalid \\u escape (lone surrogate); replaced with U+FFFD",)


def test_corpus_jsonl_invalid_utf8_line_warns(tmp_path: Path) -> None:
    path = _write(tmp_path, "feed.jsonl", b'{"text": "ok line"}\n{"text": "caf\xe9 line"}\n')
    docs = list(iter_corpus(path))
    assert [d.text for d in docs if isinstance(d, Document)] == ["ok line", "caf\ufffd line"]
    assert docs[1].warnings == (f"{path}:2: invalid UTF-8 at byte 13 of the line; replaced with U+FFFD",)


def test_corpus_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "big.txt", "word " * 600)
    assert str(_one(path, max_bytes=1000)) == (
        f"{path}: file is 2.9 KB, over the 1000 bytes limit; to read it, set KG_MAX_BYTES=1048576 or more")
    monkeypatch.setenv("KG_MAX_BYTES", "2KB")
    assert str(_one(path)) == f"{path}: file is 2.9 KB, over the 2.0 KB limit; to read it, set KG_MAX_BYTES=1048576 or more"
    monkeypatch.setenv("KG_MAX_BYTES", "3000")
    assert isinstance(_one(path), Document)
    monkeypatch.delenv("KG_MAX_BYTES")
    huge = _write(tmp_path, "huge.txt", b"")
    with huge.open("wb") as f:
        f.truncate(DEFAULT_MAX_BYTES + 5 * 1024 * 1024 + 1)  # sparse: the size is checked before reading
    assert str(_one(huge)) == f"{huge}: file is 25.0 MB, over the 20.0 MB limit; to read it, set KG_MAX_BYTES=27262976 or more"


def test_corpus_bad_limits_raise(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(BadParameter, match="max_bytes"):
        iter_corpus(["."], max_bytes=0)
    monkeypatch.setenv("KG_MAX_BYTES", "lots")
    with pytest.raises(ConfigError) as err:
        iter_corpus(["."])
    assert str(err.value) == "KG_MAX_BYTES='lots' is not a size; use a number of bytes such as 52428800 or 50MB"


def test_corpus_missing_path(tmp_path: Path) -> None:
    assert str(_one(tmp_path / "nope.txt")) == f"{tmp_path / 'nope.txt'}: no such file or folder"


def test_corpus_symlinks(tmp_path: Path) -> None:
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "missing.txt")
    _write(tmp_path, "sub/a.txt", "Some article text.")
    (tmp_path / "sub" / "up").symlink_to(tmp_path)
    (tmp_path / "alias.txt").symlink_to(tmp_path / "sub" / "a.txt")
    items = list(iter_corpus(tmp_path))
    assert _messages(items) == [
        f"{tmp_path / 'broken.txt'}: broken symbolic link (its target does not exist)",
        f"{tmp_path / 'loop.txt'}: symbolic link loop; fix or remove the link",
        f"{tmp_path / 'sub' / 'up'}: symbolic link loop (links back to a folder that contains it); skipped",
    ]
    docs = [i for i in items if isinstance(i, Document)]
    assert [(d.name, d.id) for d in docs] == [("alias.txt", "alias.txt")]  # read once


def test_corpus_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "locked.txt", "Secret text.")
    real_open = pathlib.Path.open

    def refuse(self: Path, *args: object, **kwargs: object):  # root can read a chmod 000 file
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", refuse)
    assert str(_one(path)) == f"{path}: permission denied; check the file's permissions"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_corpus_unreadable_file_for_real(tmp_path: Path) -> None:
    path = _write(tmp_path, "locked.txt", "Secret text.")
    path.chmod(0)
    try:
        assert str(_one(path)) == f"{path}: permission denied; check the file's permissions"
    finally:
        path.chmod(0o644)


def test_corpus_walks_folders_sorted_and_skips_quietly(tmp_path: Path) -> None:
    for name in ["b.txt", "a.md", "c/z.jsonl", "c/y.HTML", ".hidden.txt", ".git/x.txt", "notes.pdf", "d.htm"]:
        content = '{"text": "Line text."}' if name.endswith(".jsonl") else "<p>Some text.</p>" if "htm" in name.lower() else "Some text."
        _write(tmp_path, name, content)
    items = list(iter_corpus([tmp_path, tmp_path / "b.txt"]))
    assert [i.name for i in items if isinstance(i, Document)] == ["a.md", "b.txt", "y.HTML", "z.jsonl:1", "d.htm"]
    assert _messages(items) == []
    assert str(_one(tmp_path / "notes.pdf")) == f"{tmp_path / 'notes.pdf'}: unsupported file type; kg reads .htm, .html, .jsonl, .md, .txt"


def test_corpus_message_stays_on_one_line_for_odd_file_names(tmp_path: Path) -> None:
    _write(tmp_path, "two\nlines.txt", b"")
    assert _messages(list(iter_corpus(tmp_path))) == [f"{tmp_path}/two\\nlines.txt: file is empty"]


def test_corpus_read_corpus_keeps_good_documents(tmp_path: Path) -> None:
    _write(tmp_path, "good.txt", "Good text.")
    _write(tmp_path, "bad.txt", b"")
    assert [d.name for d in read_corpus(tmp_path)] == ["good.txt"]
    assert [d.name for d in read_corpus([str(tmp_path / "good.txt")])] == ["good.txt"]


def test_corpus_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert str(_one(fifo)) == f"{fifo}: not a regular file"


# --------------------------------------------------------------------------- HTML


def test_corpus_html_article_and_metadata() -> None:
    doc = _one(DATA / "harbour_post.html")
    assert isinstance(doc, Document)
    assert (doc.id, doc.url) == ("https://harbourpost.example/news/radar-quiet",) * 2
    assert (doc.title, doc.publisher, doc.published) == ("Coastal radar station goes quiet", "The Harbour Post", "2024-03-07")
    assert doc.text == (
        "Coastal radar station goes quiet\n\n"
        "By Nils Aberg\n\n"
        "The long-range radar on Skarholm island was switched off on Tuesday, the regional coast guard said.\n\n"
        "A spokesperson said the station would be back in service within a month.\n\n"
        "\"It is routine maintenance,\" she said.\n\n"
        "First item\n\n"
        "Second item\n\n"
        "What comes next\n\n"
        "Fishermen in the area were told to rely on the mainland station."
    )


def test_corpus_html_json_ld_and_densest_block(tmp_path: Path) -> None:
    page = """<html><head><title>Dam repairs begin - River Daily</title>
    <script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "x"},
      {"@type": "NewsArticle", "datePublished": "2020-09-14T08:00:00Z", "url": "https://riverdaily.example/dam",
       "publisher": {"@type": "Organization", "name": "River Daily"}}]}</script></head>
    <body><div class="menu"><p>Home</p><p>World</p></div>
    <div id="story"><p>Engineers began repairs to the old dam on Monday.</p>
    <p>The work will take two years, the water board said.</p></div>
    <div class="newsletter"><p>Sign up now</p></div>
    <div class="comments"><p>A reader wrote a very long comment that goes on and on and on, longer than the story.</p>
    <p>Another reader answered at length, too, with many more words than anyone needed to use here.</p></div></body></html>"""
    doc = _one(_write(tmp_path, "dam.html", page))
    assert isinstance(doc, Document)
    assert (doc.url, doc.title, doc.publisher, doc.published) == (
        "https://riverdaily.example/dam", "Dam repairs begin", "River Daily", "2020-09-14")
    assert doc.text == (
        "Dam repairs begin\n\nEngineers began repairs to the old dam on Monday.\n\n"
        "The work will take two years, the water board said."
    )


@pytest.mark.parametrize(
    "wrapper",
    ['<div class="page has-sidebar">', '<form id="aspnetForm" action="/">'],
    ids=["has-sidebar-div", "whole-page-form"],
)
def test_corpus_html_wrapper_that_looks_like_boilerplate_is_kept(tmp_path: Path, wrapper: str) -> None:
    close = "</form>" if wrapper.startswith("<form") else "</div>"
    page = (f"<html><body>{wrapper}<div class='story'><p>Snow closed the mountain pass on Sunday.</p>"
            "<p>Drivers were told to wait in the valley until the ploughs were through.</p></div>"
            f"<div class='sidebar'><p>Most read</p></div>{close}</body></html>")  # fmt: skip
    doc = _one(_write(tmp_path, "pass.html", page))
    assert isinstance(doc, Document)
    assert doc.text == (
        "Snow closed the mountain pass on Sunday.\n\nDrivers were told to wait in the valley until the ploughs were through."
    )


def test_corpus_html_falls_back_to_text_metadata_and_declared_charset(tmp_path: Path) -> None:
    page = ('<html><head><meta charset="windows-1252"></head><body><article>'
            "<p>VALLEY ECHO</p><p>Posted 2 Feb 2019</p><p>Caf\xe9s reopened \x93today\x94.</p>"
            '<p><time datetime="2018-01-01">old</time></p></article></body></html>').encode("latin-1")  # fmt: skip
    doc = _one(_write(tmp_path, "echo.htm", page))
    assert isinstance(doc, Document)
    assert doc.warnings == ()
    assert "Caf\u00e9s reopened \u201ctoday\u201d." in doc.text
    assert (doc.publisher, doc.published, doc.id) == ("Valley Echo", "2018-01-01", "echo.htm")


def test_corpus_html_headline_once_and_mislabelled_charset(tmp_path: Path) -> None:
    page = """<html><head><meta charset="iso-8859-1"><title>Pine Gazette</title>
    <meta property="og:site_name" content="Pine Gazette"><meta property="og:title" content="Short social title"></head>
    <body><aside><time datetime="2001-01-01">old</time></aside>
    <article><h1>Sawmill reopens in Älvby</h1><time datetime="2019-06-01T09:00">1 June</time>
    <p>The sawmill reopened after a long winter.</p></article></body></html>"""
    doc = _one(_write(tmp_path, "mill.html", page.encode("utf-8")))
    assert isinstance(doc, Document)
    assert doc.text == "Sawmill reopens in Älvby\n\n1 June\n\nThe sawmill reopened after a long winter."
    assert (doc.title, doc.publisher, doc.published) == ("Short social title", "Pine Gazette", "2019-06-01")


def test_corpus_html_deep_nesting_does_not_crash(tmp_path: Path) -> None:
    doc = _one(_write(tmp_path, "deep.html", "<div>" * 5000 + "Deep text." + "</div>" * 5000))
    assert isinstance(doc, (Document, BadDocument))


# --------------------------------------------------------------------------- robustness

_CONTENT = st.one_of(
    st.binary(max_size=600),
    st.text(max_size=400).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.lists(
        st.one_of(
            st.dictionaries(st.sampled_from(["text", "url", "title", "publisher", "published"]),
                            st.one_of(st.text(max_size=80), st.integers(), st.none(), st.lists(st.integers(), max_size=2))),
            st.text(max_size=40),
        ),
        max_size=4,
    ).map(lambda rows: "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows).encode("utf-8", "surrogatepass")),
    st.text(alphabet=st.sampled_from("<>/ =\"'pdivarticlemetascript&;#x0é\n"), max_size=300).map(str.encode),
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=_CONTENT, suffix=st.sampled_from([".txt", ".md", ".html", ".jsonl"]))
def test_corpus_never_raises_and_hashes_match(raw: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"x{suffix}"
        path.write_bytes(raw)
        for item in iter_corpus([path]):
            if isinstance(item, Document):
                assert item.sha256 == hashlib.sha256(item.text.encode("utf-8")).hexdigest()
                assert item.text.strip()
                assert all("\n" not in w for w in item.warnings)
            else:
                assert isinstance(item, BadDocument)
                assert "\n" not in str(item) and str(item).startswith(str(path))


_TOKENS = st.sampled_from(
    ["May", "sept.", "ſep", "December", "Thursday,", "3", "31st", "2023", "1999-12-31", "2023/02/30", "20٣٣", "(c)", "©",
     "Copyright", "By", "the", "team", "desk", "|", " - ", "—", "(Wire)", "KYIV,", "THE", "DAILY", "LAMP", "Posted",
     "Updated:", "10:15", "a.m.", "GMT", "\n", "\n\n", ".", ",", "Ltd.", "Times", "Gazette", "ǅ", "İ", "\u00a0"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=300), st.lists(_TOKENS, max_size=40).map(" ".join)))
def test_corpus_detectors_never_raise(text: str) -> None:
    published = detect_published(text)
    publisher = detect_publisher(text)
    assert published is None or normalize_date(published) == published
    assert publisher is None or (publisher.strip() == publisher and "\n" not in publisher)
    normalize_date(text)
