"""Turn date expressions into ISO dates (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``).

Absolute dates are read as written ("January 19, 2023", "19 January 2023", "in
early January 2023", "Dec 26, 2022", "in May 2022", "2023"); relative ones ("on
Tuesday", "last week", "earlier this month", "yesterday", "last year") are resolved
against the publication date. A weekday is the latest such day on or before
publication; with a month-only publication date it resolves to that month.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {d: i for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS = [
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b", re.I),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b", re.I),
    re.compile(rf"\b(?:19|20)\d\d-\d\d(?:-\d\d)?\b"),
    re.compile(rf"\b{_YEAR}\b"),
    re.compile(rf"\b{_MONTH}(?!\w)", re.I),
]
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": 3}
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_published(published: str | None) -> tuple[int, int | None, int | None] | None:
    """``"2023-01-19"`` -> (2023, 1, 19); ``"2023-01"`` -> (2023, 1, None); invalid -> None."""
    if not published:
        return None
    m = _ISO.match(published.strip())
    if not m:
        return None
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None, int(m.group(3)) if m.group(3) else None


def _fmt(y: int, m: int | None = None, d: int | None = None) -> str:
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def resolve_date(text: str, published: str | None = None) -> str | None:
    """The ISO date a date expression denotes, or None when it cannot be placed.

    Examples: ``resolve_date("on January 19, 2023")`` -> ``"2023-01-19"``;
    ``resolve_date("on Tuesday", "2023-05-31")`` -> ``"2023-05-30"``;
    ``resolve_date("earlier this month", "2023-01-20")`` -> ``"2023-01"``.
    """
    low = " ".join(text.casefold().split())
    pub = parse_published(published)
    for pat in _PATTERNS:
        m = pat.search(low)
        if not m:
            continue
        g = m.groupdict()
        if pat.pattern.startswith(r"\b(?:19|20)\d\d-"):
            return m.group(0)
        year = int(g["year"]) if g.get("year") else (pub[0] if pub else None)
        month = MONTHS[g["month"].rstrip(".")] if g.get("month") else None
        day = int(g["day"]) if g.get("day") else None
        if year is None:
            return None
        if g.get("year") is None and pub and month and pub[1] and month > pub[1]:
            year -= 1  # "on December 28" in a January article
        if month and day and not _valid(year, month, day):
            return _fmt(year, month)
        return _fmt(year, month, day)
    if pub is None:
        return None
    y, mo, d = pub
    for name, wd in WEEKDAYS.items():
        if re.search(rf"\b{name}\b", low):
            if mo is None:
                return _fmt(y)
            if d is None:
                return _fmt(y, mo)
            ref = date(y, mo, d)
            back = (ref.weekday() - wd) % 7
            if "last" in low.split() and back == 0:
                back = 7
            day_ = ref - timedelta(days=back)
            return _fmt(day_.year, day_.month, day_.day)
    ago = re.search(r"\b(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|several)\s+(day|week|month|year)s?\s+ago\b", low)
    if ago:
        n = _NUMBERS.get(ago.group(1), None) or (int(ago.group(1)) if ago.group(1).isdigit() else 1)
        unit = ago.group(2)
        if unit == "year":
            return _fmt(y - n)
        if mo is None:
            return _fmt(y)
        if unit == "month":
            total = y * 12 + (mo - 1) - n
            return _fmt(total // 12, total % 12 + 1)
        if d is None:
            return _fmt(y, mo)
        day_ = date(y, mo, d) - timedelta(days=n * (7 if unit == "week" else 1))
        return _fmt(day_.year, day_.month) if unit == "week" else _fmt(day_.year, day_.month, day_.day)
    if re.search(r"\b(today|tonight|this morning|this evening)\b", low):
        return _fmt(y, mo, d)
    if re.search(r"\byesterday\b", low) and mo and d:
        day_ = date(y, mo, d) - timedelta(days=1)
        return _fmt(day_.year, day_.month, day_.day)
    if re.search(r"\b(this|earlier this|later this) (week|month)\b", low) or "past few days" in low or "recent days" in low:
        return _fmt(y, mo) if mo else _fmt(y)
    if re.search(r"\blast (week)\b", low) and mo:
        if d:
            day_ = date(y, mo, d) - timedelta(days=7)
            return _fmt(day_.year, day_.month)
        return _fmt(y, mo)
    if re.search(r"\blast month\b", low) and mo:
        return _fmt(y - 1, 12) if mo == 1 else _fmt(y, mo - 1)
    if re.search(r"\b(this|earlier this) year\b", low):
        return _fmt(y)
    if re.search(r"\blast year\b", low):
        return _fmt(y - 1)
    return None
