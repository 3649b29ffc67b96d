"""Read article files into Documents: .txt, .md, .html, .htm and .jsonl.

This is the first stage of kg (DESIGN.md): files in, :class:`Document` records out.
Bad input never raises here. :func:`iter_corpus` yields a
:class:`kg.errors.BadDocument` for each file (or .jsonl line) it cannot use, with a
one-line message naming the file and the problem, and goes on with the rest. A
document that could be read but not cleanly (invalid UTF-8 replaced with U+FFFD, a
.jsonl field of the wrong type) carries a one-line note in ``Document.warnings``.

The text of a Document is final: facts found later point into it by character
offsets, so nothing downstream may change it.

Example:
    >>> docs = read_corpus(["articles/"])          # doctest: +SKIP
    >>> docs[0].name, docs[0].publisher, docs[0].published  # doctest: +SKIP
    ('kyiv-drones.txt', 'The Eastern Ledger', '2023-05-18')
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Union

from kg.errors import BadDocument, BadParameter, ConfigError

if TYPE_CHECKING:
    import lxml.html

#: Files larger than this are refused unless ``max_bytes`` or ``KG_MAX_BYTES`` says otherwise.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: File suffixes kg reads (case-insensitive), and how.
SUFFIXES = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}

PathArg = Union[str, "os.PathLike[str]"]


@dataclass(frozen=True)
class Document:
    """One article, as read from disk.

    ``id`` is the article's own URL when it states one (a .jsonl ``url``, an HTML
    canonical link or ``og:url``), else the absolute resolved path of the file (plus
    ``#L<n>`` for line n of a .jsonl), so rebuilding the same article replaces its
    graph. ``name`` is what the ``doc`` column of the questions shows: the file name
    (``feed.jsonl:3`` for line 3 of a .jsonl). ``published`` is an ISO date
    ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``. ``warnings`` are one-line notes about
    problems that did not stop the reading (e.g. invalid UTF-8 replaced).
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
    warnings: tuple[str, ...] = ()


def iter_corpus(
    paths: PathArg | Iterable[PathArg], *, max_bytes: int | None = None
) -> Iterator[Document | BadDocument]:
    """Yield a Document, or a BadDocument, for every article under ``paths``.

    Folders are read recursively in sorted order; hidden entries and files with
    other suffixes than those in :data:`SUFFIXES` are skipped silently. A file
    named explicitly is always read or reported. The same file reached twice is read
    once.

    Args:
        paths: files and folders, or a single one.
        max_bytes: refuse files larger than this; default ``KG_MAX_BYTES`` from the
            environment, else :data:`DEFAULT_MAX_BYTES`.

    Returns:
        An iterator of Documents and BadDocuments, in file order.

    Raises:
        BadParameter: ``max_bytes`` is not a positive integer.
        ConfigError: ``KG_MAX_BYTES`` is set but not a size.
    """
    limit = _byte_limit(max_bytes)
    roots = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    return _iter(roots, limit)


def read_corpus(paths: PathArg | Iterable[PathArg], *, max_bytes: int | None = None) -> list[Document]:
    """Return the good Documents under ``paths``; see :func:`iter_corpus` for the problems."""
    return [d for d in iter_corpus(paths, max_bytes=max_bytes) if isinstance(d, Document)]


def make_document(text: str, *, id: str, name: str, **fields: str | tuple[str, ...] | None) -> Document:
    """Build a Document from its text, computing ``sha256`` (UTF-8) so it always matches."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return Document(id=id, name=name, text=text, sha256=digest, **fields)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- files


def _byte_limit(max_bytes: int | None) -> int:
    if max_bytes is not None:
        if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0:
            raise BadParameter("max_bytes", f"must be a positive number of bytes, got {max_bytes!r}")
        return max_bytes
    raw = os.environ.get("KG_MAX_BYTES", "").strip()
    if not raw:
        return DEFAULT_MAX_BYTES
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([kmg]?)i?b?", raw, re.I)
    size = int(float(m.group(1)) * 1024 ** " kmg".index(m.group(2).lower() or " ")) if m else 0
    if size <= 0:
        raise ConfigError(f"KG_MAX_BYTES={raw!r} is not a size; use a number of bytes such as 52428800 or 50MB")
    return size


def _shown(path: str) -> str:
    """Return ``path`` fit for a one-line message (control characters escaped)."""
    return re.sub(r"[\x00-\x1f\x7f\u2028\u2029]", lambda m: repr(m.group())[1:-1], path)


def _iter(roots: list[PathArg], limit: int) -> Iterator[Document | BadDocument]:
    seen: set[str] = set()
    for root in roots:
        # A document without a URL is known by its path relative to the folder it was
        # found in (a file named on its own: its file name), so the same article gets
        # the same graph whatever the working folder, machine or checkout.
        base = Path(root) if Path(root).is_dir() else Path(root).parent
        for item in _expand(Path(root), os.fspath(root), frozenset(), explicit=True):
            if isinstance(item, BadDocument):
                yield item
                continue
            path, shown = item
            real = os.path.realpath(path)
            if real in seen:
                continue
            seen.add(real)
            doc_key = os.path.relpath(path, base).replace(os.sep, "/")
            try:
                yield from _read_file(path, shown, limit, doc_key)
            except BadDocument as bad:
                yield bad


def _expand(
    path: Path, shown: str, parents: frozenset[tuple[int, int]], *, explicit: bool
) -> Iterator[tuple[Path, str] | BadDocument]:
    """Yield the readable files at ``path`` (recursively), or the problem with it."""
    where = _shown(shown)
    try:
        st = path.stat()
    except FileNotFoundError:
        broken = path.is_symlink()
        yield BadDocument(where, "broken symbolic link (its target does not exist)" if broken else "no such file or folder")
        return
    except PermissionError:
        yield BadDocument(where, "permission denied; check the permissions of the file and its folders")
        return
    except OSError as err:
        loop = err.errno == errno.ELOOP
        yield BadDocument(where, "symbolic link loop; fix or remove the link" if loop else f"cannot be read: {err.strerror}")
        return
    if stat.S_ISDIR(st.st_mode):
        key = (st.st_dev, st.st_ino)
        if key in parents:
            yield BadDocument(where, "symbolic link loop (links back to a folder that contains it); skipped")
            return
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except PermissionError:
            yield BadDocument(where, "permission denied; cannot list the folder")
            return
        except OSError as err:
            yield BadDocument(where, f"cannot list the folder: {err.strerror}")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = path / entry.name
            child_shown = entry.name if shown in (".", "./") else os.path.join(shown, entry.name)
            if _is_dir(entry) or Path(entry.name).suffix.lower() in SUFFIXES:
                yield from _expand(child, child_shown, parents | {key}, explicit=False)
        return
    if not stat.S_ISREG(st.st_mode):
        yield BadDocument(where, "not a regular file")
    elif path.suffix.lower() in SUFFIXES:
        yield path, shown
    elif explicit:
        yield BadDocument(where, f"unsupported file type; kg reads {', '.join(sorted(SUFFIXES))}")


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    return f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def _read_file(path: Path, shown: str, limit: int, doc_key: str) -> Iterator[Document | BadDocument]:
    where = _shown(shown)
    try:
        size = path.stat().st_size
        if size > limit:
            raise _too_big(where, size, limit)
        with path.open("rb") as f:
            raw = f.read(limit + 1)
    except PermissionError:
        raise BadDocument(where, "permission denied; check the file's permissions") from None
    except OSError as err:
        raise BadDocument(where, f"cannot be read: {err.strerror}") from None
    if len(raw) > limit:  # it grew since stat, or stat does not know its size
        raise _too_big(where, len(raw), limit)
    if not raw:
        raise BadDocument(where, "file is empty")
    kind = SUFFIXES[path.suffix.lower()]
    real = str(path.resolve())
    if kind == "jsonl":
        yield from _read_jsonl(raw, where, real, path.name, doc_key)
        return
    text, warnings = _decode(raw, where, html=kind == "html")
    if not text.strip():
        raise BadDocument(where, "file contains only whitespace")
    if kind == "html":
        yield _html_document(text, where, real, path.name, warnings, doc_key)
        return
    meta = _front_matter(text) if kind == "markdown" else {}
    title = meta.get("title") or _text_title(text, markdown=kind == "markdown")
    url = _valid_url(meta.get("url"))
    yield make_document(
        text,
        id=url or doc_key,
        name=path.name,
        path=real,
        url=url,
        title=title,
        publisher=meta.get("publisher") or detect_publisher(text),
        published=normalize_date(meta.get("published") or "") or detect_published(text),
        warnings=warnings,
    )


def _too_big(where: str, size: int, limit: int) -> BadDocument:
    suggest = -(-size // (1024 * 1024)) * 1024 * 1024
    return BadDocument(
        where, f"file is {_size(size)}, over the {_size(limit)} limit; to read it, set KG_MAX_BYTES={suggest} or more"
    )


# --------------------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f\ufffd]")
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _decode(raw: bytes, where: str, *, html: bool = False) -> tuple[str, tuple[str, ...]]:
    """Decode a whole file: BOM first, else UTF-8 (else the charset an HTML page declares).

    Invalid bytes become U+FFFD and a warning; NUL bytes or mostly undecodable or
    control bytes make it a binary file (BadDocument).
    """
    encoding, skip = "utf-8", 0
    for bom, name in _BOMS:
        if raw.startswith(bom):
            encoding, skip = name, len(bom)
            break
    body = raw[skip:]
    if skip == 0 and b"\x00" in body:
        raise BadDocument(where, "binary file (contains NUL bytes), not text")
    declared = re.search(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", body[:4096]) if html and not skip else None
    if declared and not _is_utf8(body):
        # Valid UTF-8 is rarely an accident, so a page's <meta charset> is only
        # believed when the bytes are not UTF-8 (mislabelled pages are common).
        candidate = _known_codec(declared.group(1).decode("ascii"))
        try:
            body.decode(candidate)
            encoding = candidate
        except UnicodeDecodeError:
            pass
    warnings: tuple[str, ...] = ()
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as err:
        text = body.decode(encoding, "replace")
        bad = text.count("\ufffd") - body.decode(encoding, "ignore").count("\ufffd")
        more = f" and {bad - 1} more place(s)" if bad > 1 else ""
        label = encoding.upper().replace("-LE", "").replace("-BE", "")
        warnings = (
            f"{where}: invalid {label} at byte {err.start + skip}{more}; replaced with U+FFFD "
            "(re-save the file as UTF-8 to fix)",
        )
    if "\x00" in text or len(_CONTROL.findall(text)) > 0.2 * len(text):
        raise BadDocument(where, "binary file (mostly non-text bytes), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n"), warnings


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _known_codec(name: str) -> str:
    """Return the Python codec for an HTML charset label; latin-1 means cp1252, as in browsers."""
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return "utf-8"
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


# --------------------------------------------------------------------------- jsonl


def _read_jsonl(raw: bytes, where: str, real: str, filename: str, doc_key: str) -> Iterator[Document | BadDocument]:
    """Yield one Document per line ``{"text": ..., "url"?, "title"?, "publisher"?, "published"?}``."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        text, warnings = _decode(raw, where)
        lines = [(line, warnings) for line in text.split("\n")]
    else:
        if b"\x00" in raw:
            raise BadDocument(where, "binary file (contains NUL bytes), not text")
        lines = []
        for n, chunk in enumerate(raw.removeprefix(codecs.BOM_UTF8).split(b"\n"), 1):
            try:
                lines.append((chunk.decode("utf-8"), ()))
            except UnicodeDecodeError as err:
                note = f"{where}:{n}: invalid UTF-8 at byte {err.start} of the line; replaced with U+FFFD"
                lines.append((chunk.decode("utf-8", "replace"), (note,)))
    if not any(line.strip() for line, _ in lines):
        raise BadDocument(where, "file contains only whitespace")
    for n, (line, warnings) in enumerate(lines, 1):
        if line.strip():
            try:
                yield _jsonl_document(line, n, where, real, filename, warnings, doc_key)
            except BadDocument as bad:
                yield bad


def _jsonl_document(
    line: str, n: int, where: str, real: str, filename: str, warnings: tuple[str, ...], doc_key: str
) -> Document:
    at = f"{where}:{n}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        where = " column" if err.msg.endswith(" at") else " at column"  # "Unterminated string starting at"
        raise BadDocument(at, f"invalid JSON: {err.msg}{where} {err.colno}") from None
    except (ValueError, RecursionError) as err:  # huge integers, absurd nesting
        raise BadDocument(at, f"invalid JSON: {str(err).splitlines()[0] if str(err) else 'nested too deeply'}") from None
    if not isinstance(record, dict):
        raise BadDocument(at, f"line is a JSON {type(record).__name__}, not an object with a 'text' field")
    notes = list(warnings)
    fields: dict[str, str | None] = {}
    for key in ("text", "url", "title", "publisher", "published"):
        value = record.get(key)
        if key == "published" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if value is not None and not isinstance(value, str):
            if key == "text":
                raise BadDocument(at, f"'text' is a JSON {type(value).__name__}, not a string")
            notes.append(f"{at}: field {key!r} is not a string; ignored")
            value = None
        if value is not None and _LONE_SURROGATE.search(value):
            notes.append(f"{at}: field {key!r} has an invalid \\u escape (lone surrogate); replaced with U+FFFD")
            value = _LONE_SURROGATE.sub("\ufffd", value)
        fields[key] = value.strip() if value is not None and key != "text" else value
    text = (fields["text"] or "").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise BadDocument(at, "no non-empty 'text' field; each line needs the article text in 'text'")
    published = normalize_date(fields["published"] or "")
    if fields["published"] and not published:
        notes.append(f"{at}: field 'published' {fields['published'][:40]!r} is not a date; ignored")
    url = _valid_url(fields["url"])
    if fields["url"] and not url:
        notes.append(f"{at}: field 'url' {fields['url'][:60]!r} is not an absolute URL; ignored")
    return make_document(
        text,
        id=url or f"{doc_key}#L{n}",
        name=f"{filename}:{n}",
        path=real,
        url=url,
        title=fields["title"] or None,
        publisher=fields["publisher"] or detect_publisher(text),
        published=published or detect_published(text),
        warnings=tuple(notes),
    )


def _valid_url(value: str | None) -> str | None:
    """Return ``value`` if it is an absolute URL without spaces, else None."""
    value = (value or "").strip()
    return value if re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s/?#]+[^\s]*", value) else None


# --------------------------------------------------------------------------- markdown and text


def _front_matter(text: str) -> dict[str, str]:
    """Read ``key: value`` pairs of a leading ``---`` block (Jekyll/Hugo front matter)."""
    m = re.match(r"---[ \t]*\n(.*?\n)---[ \t]*\n", text, re.S)
    if not m:
        return {}
    aliases = {
        "title": "title", "date": "published", "published": "published", "pubdate": "published",
        "publisher": "publisher", "source": "publisher", "site_name": "publisher",
        "url": "url", "canonical_url": "url", "link": "url", "permalink": "url",
    }  # fmt: skip
    found: dict[str, str] = {}
    for key, value in re.findall(r"(?m)^([A-Za-z_]+)[ \t]*:[ \t]*(.+?)[ \t]*$", m.group(1)):
        name = aliases.get(key.lower())
        if name and name not in found:
            found[name] = value.strip("\"'")
    return found


def _text_title(text: str, *, markdown: bool) -> str | None:
    """Guess the headline: a markdown ``# heading``, else the first headline-shaped line."""
    if markdown:
        m = re.search(r"(?m)^#{1,2}[ \t]+(.+?)[ \t#]*$", text)
        if m:
            return m.group(1).strip()
    for line in [s.strip(" \t#*_") for s in text.split("\n") if s.strip()][:12]:
        words = line.split()
        if (
            4 <= len(words) <= 30
            and not line.endswith((".", ":", ";", ",", "!"))
            and line != line.upper()
            and "|" not in line
            and not re.match(r"(?i)by\s", line)
            and _line_date(line) is None
        ):
            return line
    return None


# --------------------------------------------------------------------------- dates

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_M = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_D = r"(\d{1,2})(?:st|nd|rd|th)?"
_Y = r"((?:19|20)\d\d)"
# (pattern, what its groups are); at the same position the earlier, more precise, wins.
_DATE_PATTERNS = [
    (re.compile(rf"(?<![\d.]){_Y}-(\d\d?)-(\d\d?)(?!\d)", re.A), "ymd"),
    (re.compile(rf"(?<![\d.]){_Y}/(\d\d?)/(\d\d?)(?!\d)", re.A), "ymd"),
    (re.compile(rf"\b{_M}\s+{_D},?\s+{_Y}(?!\d)", re.I | re.A), "mdy"),
    (re.compile(rf"\b{_D}\s+(?:of\s+)?{_M},?\s+{_Y}(?!\d)", re.I | re.A), "dmy"),
    (re.compile(rf"\b{_M},?\s+{_Y}(?!\d)", re.I | re.A), "my"),
    (re.compile(rf"(?<![\d.]){_Y}-(\d\d)(?![\d-])", re.A), "ym"),
]
_NO_YEAR_PATTERNS = [
    (re.compile(rf"\b{_M}\s+{_D}\b", re.I | re.A), "md"),
    (re.compile(rf"\b{_D}\s+{_M}(?![a-z])", re.I | re.A), "dm"),
]


def _iso(year: int, month: int, day: int | None = None) -> str | None:
    if not (1 <= month <= 12 and 1800 <= year <= 2199):
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    days = [31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= day <= days[month - 1] else None


def _match_date(m: re.Match[str], order: str, year: int | None = None) -> str | None:
    parts = dict(zip(order, m.groups()))
    month = _MONTHS[parts["m"][:3].lower()] if parts["m"].isalpha() else int(parts["m"])
    y = int(parts["y"]) if "y" in parts else year
    return _iso(y, month, int(parts["d"]) if "d" in parts else None) if y else None


def _find_date(s: str, *, year: int | None = None) -> tuple[str, int, int] | None:
    """Return the first date written in ``s`` as (ISO date, start, end), or None.

    With ``year``, a month and day without a year ("May 23") count too, in that year.
    """
    patterns = _DATE_PATTERNS + (_NO_YEAR_PATTERNS if year else [])
    best: tuple[int, int, str, int] | None = None
    for rank, (pattern, order) in enumerate(patterns):
        for m in pattern.finditer(s):
            iso = _match_date(m, order, year)
            if iso:
                if best is None or (m.start(), rank) < (best[0], best[3]):
                    best = (m.start(), m.end(), iso, rank)
                break
    return (best[2], best[0], best[1]) if best else None


def normalize_date(value: str) -> str | None:
    """Return ``value`` as an ISO date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), or None.

    Reads ISO dates and datetimes (the date as written, no time-zone shift), compact
    ``YYYYMMDD``, "May 3, 2023", "3 May 2023", "Wed, 03 May 2023 10:00:00 GMT",
    "May 2023" and a bare year.

    Example:
        >>> normalize_date("2023-05-03T22:10:00-04:00")
        '2023-05-03'
    """
    value = value.strip()
    if re.fullmatch(r"(?:19|20|21)\d\d", value):
        return value
    compact = re.fullmatch(r"((?:19|20|21)\d\d)(\d\d)(\d\d)(?:T.*)?", value)
    if compact:
        return _iso(int(compact.group(1)), int(compact.group(2)), int(compact.group(3)))
    found = _find_date(value)
    return found[0] if found else None


_WEEKDAY = r"\b(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\b\.?"
_TIME = r"\b\d{1,2}[:.]\d\d(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?(?!\w)|\b(?:[A-Z]{1,4}T|UTC|GMT)\b(?:[+-]\d+)?"
_DATE_KEYWORD = re.compile(
    r"(?:(?P<first>first|last|originally)\s+)?(?P<kw>posted|published|publication\s+date|released|issued|dated?|"
    r"updated|modified|amended)\b\s*(?:on|at|in)?\s*:?\s*",
    re.I,
)
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+){0,3}(?:,\s*[A-Z][A-Za-z.\-]+(?:\s+[A-Z][A-Za-z.\-]+)?)?)"
    r"\s*(?:,\s*(?P<date>[^()\n]{3,40}?))?\s*(?:\((?P<agency>[A-Z][^()\n]{0,40})\))?\s*[-–—]{1,2}\s"
)
_LEAD_AGENCY = re.compile(r"\((?P<agency>[A-Z][\w.&'’ -]{0,40})\)\s*[-–—:]{1,2}\s")


def _line_date(line: str) -> tuple[str, str] | None:
    """Return (ISO date, kind) when ``line`` is a date line, kind published|updated|bare.

    A date line is a byline or header such as "Posted Thursday, January 19, 2023 by
    ...", "Updated 23 May 2023, 19:40", "KYIV, Thursday 18 May 2023" or "May 31,
    2023": a keyword and a date, or a date with at most three other words.
    """
    for seg in re.split(r"\s+[|•·]\s+|\t|\s{3,}|(?<=\d)\.\s+", line):
        seg = seg.strip(" *_#>-–—[]()")
        kw = _DATE_KEYWORD.match(seg)
        if kw:
            rest = seg[kw.end() :]
            found = _find_date(rest) if len(seg) <= 100 else None
            # "Published Thursday, May 4, 2023 by ..." yes; "Published reports said on May 4" no.
            if found and not re.sub(rf"{_WEEKDAY}|{_TIME}|\bat\b|[\W_]+", "", rest[: found[1]], flags=re.I):
                late = kw.group("kw").lower() in ("updated", "modified", "amended") or kw.group("first") == "last"
                return found[0], "updated" if late else "published"
            continue
        found = _find_date(seg)
        if not found or len(seg) > 80:
            continue
        rest = seg[: found[1]] + " " + seg[found[2] :]
        rest = re.sub(rf"{_WEEKDAY}|{_TIME}|\bby\b.*$", " ", rest, flags=re.I)
        if len(re.findall(r"[^\W\d_]+", rest)) <= 3 and not rest.strip().endswith(("?", "!")):
            return found[0], "bare"
    return None


def detect_published(text: str) -> str | None:
    """Find the publication date an article states about itself, as an ISO date.

    In order: a "Published"/"Posted" line anywhere; a wire dateline with a date
    ("KYIV, Oct 18, 2022 (Agency) -"); a date line among the first 25 lines; an
    "Updated" line; a dateline without a year ("MOSCOW, May 23 (Reuters) -") in the
    copyright year; the copyright year. Dates inside sentences are not used: they
    are what the article reports, not when it was written.

    Example:
        >>> detect_published("THE DAILY LAMP\\n\\nBy Ann Lee\\nSaturday 4 March 2023\\n\\nText.")
        '2023-03-04'
    """
    lines = [s.strip() for s in text.split("\n") if s.strip()]
    found: dict[str, str] = {}
    for i, line in enumerate(lines):
        hit = _line_date(line) if len(line) <= 200 else None
        if hit and (hit[1] == "published" or i < 25):
            found.setdefault(hit[1], hit[0])
            if hit[1] == "published":
                break
    if "published" in found:
        return found["published"]
    datelines = [m for m in map(_DATELINE.match, lines[:40]) if m and (m.group("date") or m.group("agency"))]
    for m in datelines:
        dated = _find_date(m.group("date") or "")
        if dated:
            return dated[0]
    if "bare" in found or "updated" in found:
        return found.get("bare") or found["updated"]
    year = _copyright(text)[1]
    for m in datelines:
        dated = _find_date(m.group("date") or "", year=int(year)) if year else None
        if dated:
            return dated[0]
    return year


# --------------------------------------------------------------------------- publishers

_COPY = r"(?:(?:©|\(c\))\s*copyright\b|copyright\b\s*(?:©|\(c\))?|©|\(c\))"
_COPY_YEAR = rf"{_COPY}\s*(?P<year>(?:19|20)\d\d)(?:\s*[-–]\s*(?P<year2>(?:19|20)\d\d))?"
_COPY_FORMS = [
    re.compile(rf"^\W{{0,3}}{_COPY_YEAR}\s*[,.]?\s*(?:by\s+)?(?P<name>.*)$", re.I),  # © 2023 The X Times
    re.compile(rf"^(?P<name>[^©]*?)\s*[-–—,|]?\s*{_COPY_YEAR}\b.*$", re.I),  # The X - (c) 2022
    re.compile(rf"^\W{{0,3}}{_COPY}\s*(?:by\s+)?(?P<name>[^\d]+?)\s*,?\s*(?P<year>(?:19|20)\d\d)\b.*$", re.I),
]
_CORPORATE = re.compile(
    r"(?:,?\s+(?:L\.?\s?L\.?\s?[CP]|L\.?\s?P|Inc|Incorporated|Ltd|Limited|PLC|GmbH|AG|S\.?A|Corp|Corporation|Co|"
    r"Pty|N\.?V|B\.?V)\.?)+$",
    re.I,
)
_NOT_OUTLET = re.compile(r"\b(?:photos?|images?|pictures?|videos?|illustrations?|graphics?|credits?|rights|reserved)\b", re.I)
_SECTION_WORDS = frozenset(
    "world news breaking live latest update updated exclusive analysis opinion comment explainer politics business "
    "sport sports defence defense europe international national local home top stories special report feature "
    "features advertisement sponsored war ukraine russia foreign metro city digital data investigations brief "
    "briefing short take quick read more must".split()
)
_MASTHEAD_NOUNS = frozenset(
    "times post herald courier gazette journal tribune chronicle observer ledger dispatch telegraph examiner "
    "newswire wire sentinel".split()
)
_SMALL_WORDS = frozenset("a an and at by for in of on or the to".split())
_COMMON_SHORT = frozenset("new sky sun day war our one two red big top now web net all way eye hub bay".split())


def _outlet(name: str) -> str | None:
    """Clean a candidate outlet name, or None when it does not look like one."""
    name = re.split(r"(?i)\ball rights\b|\bsome rights\b|\|", name)[0]
    name = re.sub(r"(?i)^by\s+", "", name.strip(" \t.,;:-–—*_"))
    name = _CORPORATE.sub("", name).strip(" \t.,;:-–—")
    name = re.split(r"(?<=[a-z]{3})\.\s", name)[0]
    words = name.split()
    if not 1 <= len(words) <= 6 or not name[0].isupper() or "://" in name or _NOT_OUTLET.search(name):
        return None
    return name


def _copyright(text: str) -> tuple[str | None, str | None]:
    """Return (outlet, year) of the last copyright line ("(c) 2022 X", "X - © 2022", "© X 2023")."""
    found: tuple[str | None, str | None] = (None, None)
    for line in text.split("\n"):
        line = line.strip()
        if len(line) > 150 or not re.search(r"©|\(c\)|copyright", line, re.I):
            continue
        for form in _COPY_FORMS:
            m = form.match(line)
            if m:
                year = max(filter(None, (m.group("year"), m.groupdict().get("year2"))))
                found = (_outlet(m.group("name")) or found[0], year)
                break
    return found


def _proper_case(caps: str, text: str) -> str:
    """Spell an ALL CAPS masthead the way the article does elsewhere, else in title case."""
    words = caps.split()
    pattern = r"\b" + r"\s+".join(map(re.escape, words)) + r"\b"
    for m in re.finditer(pattern, text, re.I):
        if m.group() != m.group().upper() and m.group()[0].isupper():
            return " ".join(m.group().split())
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        keep = len(w) <= 3 and low not in _SMALL_WORDS and low not in _COMMON_SHORT and w.isalpha()
        out.append(w if keep else low if i and low in _SMALL_WORDS else w[:1] + w[1:].lower())
    return " ".join(out)


def _masthead(lines: list[str], text: str) -> str | None:
    for line in lines[:3]:
        s = re.split(r"\s+[-–—]\s+", line.strip(" \t#*_"))[0]  # "THE LAMP - Weekly notes": the name
        words = s.split()
        if (
            s == s.upper()
            and sum(c.isalpha() for c in s) >= 3
            and 1 <= len(words) <= 6
            and not re.search(r"\d|[|:.,;!?]", s)
            and not all(w.strip("'’-&").lower() in _SECTION_WORDS | _SMALL_WORDS for w in words)
        ):
            return _proper_case(s, text)
        if (  # a Title Case masthead: "The Harbour Gazette"
            2 <= len(words) <= 5
            and words[-1].lower() in _MASTHEAD_NOUNS
            and all(w[0].isupper() or w in _SMALL_WORDS or w == "&" for w in words)
            and not re.search(r"[\d:.,;!?]", s)
        ):
            return s
    return None


_OUTLET_NOUNS = frozenset(
    "times post news herald courier gazette journal tribune wire chronicle observer review daily press agency "
    "dispatch dispatches ledger monitor bulletin report express telegraph guardian independent star mail record "
    "examiner standard insider notes brief digest weekly magazine radio tv network service media watch newswire "
    "sentinel register globe mirror voice world today online".split()
)


# "By the Lamp team", "The Lamp live desk": a lowercase "the" is the sentence's, a capital one the name's.
_TEAM_LINE = re.compile(
    r"(?:[Bb]y\s+)?(?:the\s+)?(?P<name>.+?)\s+(?i:(?:live|news|foreign|night|web)\s+)?"
    r"(?i:team|staff|desk|newsroom|editors|reporters|correspondents|editorial\s+(?:board|team))\W*$"
)


def _kicker_outlet(lines: list[str]) -> str | None:
    """Return the outlet in a header such as "IN BRIEF | Europe | Valley Courier" (ends in an outlet noun)."""
    for line in lines[:3]:
        for part in re.split(r"\s+[|•·]\s+", line)[1:] if re.search(r"\s[|•·]\s", line) else []:
            words = part.strip().split()
            if (
                2 <= len(words) <= 6
                and words[-1].lower().strip(".") in _OUTLET_NOUNS
                and all(w[0].isupper() or w.lower() in _SMALL_WORDS or w == "&" for w in words)
                and not re.search(r"\d", part)
            ):
                return " ".join(words)
    return None


def detect_publisher(text: str) -> str | None:
    """Find the outlet an article names as its own, or None.

    In order: a copyright line ("(c) 2022 Continental Wire. All rights reserved.",
    "© 2023 Example Media LLC" → "Example Media"); an ALL CAPS masthead among the
    first three lines, spelled as the article spells it elsewhere ("THE DAILY LAMP"
    → "The Daily Lamp"); a Title Case part of a header line that ends in an outlet
    noun ("IN BRIEF | Europe | Valley Courier"); a team byline ("By the Harbour Post team"); the agency of a
    dateline ("PARIS, May 2 (Agency) -", "(Agency) —"). Authors in "By NAME" lines
    are people, not outlets, and are not returned.
    """
    lines = [s.strip() for s in text.split("\n") if s.strip()]
    name = _copyright(text)[0] or _masthead(lines, text) or _kicker_outlet(lines)
    if name:
        return name
    for line in lines[:30]:
        m = _TEAM_LINE.match(line) if len(line) <= 80 else None
        words = m.group("name").split() if m else []
        if (
            m
            and _outlet(m.group("name"))
            and all(w[0].isupper() or w in _SMALL_WORDS or w == "&" for w in words)
            and not all(w.lower() in _SECTION_WORDS for w in words)
        ):
            return _outlet(m.group("name"))
    for line in lines[:40]:
        m = _DATELINE.match(line) or _LEAD_AGENCY.match(line)
        if m and m.group("agency") and _outlet(m.group("agency")):
            return _outlet(m.group("agency"))
    return None


# --------------------------------------------------------------------------- HTML

_DROP_TAGS = frozenset(
    "script style noscript template svg math nav aside form iframe button figcaption select input textarea "
    "object embed canvas video audio map dialog footer head title meta link".split()
)
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body dd details div dl dt fieldset figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main ol p pre section summary table tbody td th thead tr ul center caption".split()
)
_BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|newsletter|subscribe|subscription|related|comments?|cookies?|consent|promo\w*|"
    r"advert\w*|ads?|social|breadcrumbs?|menu|sidebar|footer|popup|modal|paywall|signup)(?=$|[\s_-])",
    re.I,
)
_BOILERPLATE_ROLES = frozenset("navigation banner contentinfo complementary search dialog alertdialog menu".split())
_PUBLISHED_META = (
    "article:published_time", "og:published_time", "published_time", "datepublished", "date", "pubdate",
    "publishdate", "publish_date", "publish-date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.date",
    "dcterms.issued", "sailthru.date", "parsely-pub-date", "citation_publication_date", "article.published",
)  # fmt: skip


def _html_document(
    text: str, where: str, real: str, filename: str, warnings: tuple[str, ...], doc_key: str
) -> Document:
    """Turn an HTML page into a Document: the article's blocks, title first, and its metadata."""
    import lxml.html
    from lxml import etree

    try:
        page = lxml.html.document_fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (etree.LxmlError, ValueError):  # lxml's "Document is empty": only comments or doctype
        raise BadDocument(where, "no article text found in the HTML") from None
    meta: dict[str, str] = {}
    for el in page.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        if key and el.get("content", "").strip():
            meta.setdefault(key, " ".join(el.get("content", "").split()))
    ld = _json_ld(page)
    publisher = next(filter(None, (meta.get(k) for k in ("og:site_name", "publisher", "dc.publisher", "citation_publisher"))), None)
    publisher = publisher or _ld_text(ld.get("publisher"))
    canonical = next((el.get("href") for el in page.iter("link") if "canonical" in (el.get("rel") or "").lower().split()), None)
    url = _valid_url(canonical) or _valid_url(meta.get("og:url")) or _valid_url(_ld_text(ld.get("url")))
    titles = [meta.get("og:title"), meta.get("twitter:title"), _ld_text(ld.get("headline"))]
    titles.append(" ".join(page.findtext(".//title", "").split()) or None)
    stamps = [
        e.get("datetime") or e.get("content") or e.text or "" for e in page.iter("*") if e.get("itemprop") == "datePublished"
    ]
    body = page.find("body")
    root = _content_root(_clean(body if body is not None else page))
    stamps += [el.get("datetime", "") for el in root.iter("time")]  # after cleaning: not a sidebar's dates
    published = next(filter(None, map(normalize_date, [meta.get(k, "") for k in _PUBLISHED_META])), None)
    published = published or normalize_date(_ld_text(ld.get("datePublished")) or "")
    published = published or next(filter(None, map(normalize_date, stamps)), None)
    h1 = root.find(".//h1")
    headline = " ".join(h1.text_content().split()) if h1 is not None else None
    titles.append(headline)
    title = next((t for t in titles if t and (not publisher or t.casefold() != publisher.casefold())), None)
    if title and publisher:
        title = re.sub(rf"\s+[|\-–—:·]\s+{re.escape(publisher)}$", "", title)
    blocks = _blocks(root)
    if not blocks:
        raise BadDocument(where, "no article text found in the HTML")
    if title and blocks[0].casefold() not in (title.casefold(), (headline or "").casefold()):
        blocks.insert(0, title)  # the headline opens the text, once
    article = "\n\n".join(blocks)
    return make_document(
        article,
        id=url or doc_key,
        name=filename,
        path=real,
        url=url,
        title=title,
        publisher=publisher or detect_publisher(article),
        published=published or detect_published(article),
        warnings=warnings,
    )


def _json_ld(page: lxml.html.HtmlElement) -> dict[str, object]:
    """Return the first schema.org Article object (or anything with datePublished) in JSON-LD."""
    found: list[dict[str, object]] = []
    for script in page.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except (ValueError, RecursionError):
            continue
        stack: list[object] = [data]
        while stack and len(found) < 50:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                found.append(item)
                stack.extend(v for k, v in item.items() if k == "@graph")
    for obj in found:
        if re.search(r"Article|Posting|Report", str(obj.get("@type", ""))):
            return obj
    return next((obj for obj in found if "datePublished" in obj), {})


def _ld_text(value: object) -> str | None:
    """Return a JSON-LD value as text: a string, the first of a list, an object's name or @id."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@id")
    return (" ".join(value.split()) or None) if isinstance(value, str) else None


def _is_boilerplate(el: lxml.html.HtmlElement) -> bool:
    tag = el.tag
    if tag in _DROP_TAGS:
        return True
    if tag == "header" and not any(a.tag == "article" for a in el.iterancestors()):
        return True
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
        return True
    if re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", el.get("style") or "", re.I):
        return True
    if (el.get("role") or "").lower() in _BOILERPLATE_ROLES:
        return True
    return bool(_BOILERPLATE.search(f" {el.get('class') or ''} {el.get('id') or ''} "))


def _clean(top: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """Drop boilerplate under ``top``, but never an element that holds the article.

    Without <article> or <main>, "holds the article" means "holds most of the
    text": some sites put the whole page in a <form> or a ``has-sidebar`` div.
    """
    marked = top.find(".//article") is not None or top.find(".//main") is not None
    total = 0 if marked else len(top.text_content()) or 1
    stack = [top]
    while stack:
        el = stack.pop()
        for child in list(el):
            if not isinstance(child.tag, str):
                child.drop_tree()  # comments, processing instructions
            elif _is_boilerplate(child) and (
                child.tag in _DROP_TAGS - {"form", "footer"} or not _holds_article(child, total)
            ):
                child.drop_tree()
            else:
                stack.append(child)
    return top


def _holds_article(el: lxml.html.HtmlElement, total: int) -> bool:
    if el.tag in ("article", "main") or el.find(".//article") is not None or el.find(".//main") is not None:
        return True
    return total > 0 and len(el.text_content()) > 0.8 * total


def _content_root(top: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """Pick the article: itemprop=articleBody, else the largest <article>, <main>, or densest block."""
    for path in (".//*[@itemprop='articleBody']", ".//article", ".//main", ".//*[@role='main']"):
        found = top.findall(path)
        if found:
            return max(found, key=lambda e: len(e.text_content()))
    scores: dict[lxml.html.HtmlElement, int] = {}
    for p in top.iter("p"):
        parent = p.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + len(p.text_content().strip())
    best = max(scores, key=scores.__getitem__, default=None)
    total = len(top.text_content())
    return best if best is not None and scores[best] >= 0.3 * total else top


def _blocks(root: lxml.html.HtmlElement) -> list[str]:
    """Return the text of each block (h1-h6, p, li, blockquote, ...), whitespace collapsed."""
    blocks: list[str] = []
    parts: list[str] = []

    def flush() -> None:
        # "\0" marks a <br>: one is a space, two in a row end a paragraph (NUL never
        # reaches here: such files are refused as binary).
        for chunk in re.split(r"\0\s*\0[\s\0]*", "".join(parts)):
            line = " ".join(chunk.replace("\0", " ").split())
            if line:
                blocks.append(line)
        parts.clear()

    stack: list[tuple[lxml.html.HtmlElement, bool]] = [(root, False)]
    while stack:  # iterative: a deeply nested page must not hit the recursion limit
        el, closing = stack.pop()
        is_tag = isinstance(el.tag, str)
        if closing or not is_tag:
            if is_tag and el.tag in _BLOCK_TAGS:
                flush()
            if el is not root and el.tail:
                parts.append(el.tail)
            continue
        if el.tag == "br":
            parts.append("\0")
        elif el.tag in _BLOCK_TAGS:
            flush()
        if el.text:
            parts.append(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    flush()
    return blocks
