"""Dates: absolute and relative expressions to ISO, on phrases written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.extract.dates import parse_published, resolve_date

CASES = [
    ("on March 3, 2021", None, "2021-03-03"),
    ("3 March 2021", None, "2021-03-03"),
    ("Sept. 14, 2022", None, "2022-09-14"),
    ("in early June 2023", None, "2023-06"),
    ("in May 2022", "2024-01-01", "2022-05"),
    ("2019", None, "2019"),
    ("on 2023-07-08", None, "2023-07-08"),
    ("on August 12", "2023-09-01", "2023-08-12"),
    ("on December 28", "2024-01-05", "2023-12-28"),  # a late-December day in an early-January article
    ("on Tuesday", "2024-03-15", "2024-03-12"),  # 2024-03-15 is a Friday
    ("Friday", "2024-03-15", "2024-03-15"),
    ("last Friday", "2024-03-15", "2024-03-08"),
    ("on Monday", "2024-03", "2024-03"),
    ("yesterday", "2024-03-01", "2024-02-29"),
    ("today", "2024-03-15", "2024-03-15"),
    ("earlier this week", "2024-03-15", "2024-03"),
    ("earlier this month", "2024-03-15", "2024-03"),
    ("last week", "2024-03-15", "2024-03"),
    ("last month", "2024-01-10", "2023-12"),
    ("last year", "2024-01-10", "2023"),
    ("this year", "2024-01-10", "2024"),
    ("on Tuesday", None, None),
    ("six months", "2024-03-15", None),
    ("February 30, 2023", None, "2023-02"),
    ("in October", "2023-11-14", "2023-10"),
    ("in December", "2024-01-05", "2023-12"),
    ("since the beginning of May", "2024-05-21", "2024-05"),
    ("May", None, None),
    ("less than a month ago", "2023-05-18", "2023-04"),
    ("two days ago", "2024-03-01", "2024-02-28"),
    ("three weeks ago", "2024-03-15", "2024-02"),
    ("two years ago", "2024-03-15", "2022"),
]


@pytest.mark.parametrize("text, published, expected", CASES)
def test_dates_resolve(text, published, expected):
    assert resolve_date(text, published) == expected


@pytest.mark.parametrize(
    "published, expected",
    [("2023-01-19", (2023, 1, 19)), ("2023-01", (2023, 1, None)), ("2023", (2023, None, None)), ("soon", None), (None, None)],
)
def test_dates_parse_published(published, expected):
    assert parse_published(published) == expected


@given(st.text(max_size=60), st.one_of(st.none(), st.dates().map(str), st.just("2023-05")))
def test_dates_never_raise(text, published):
    out = resolve_date(text, published)
    assert out is None or len(out) in (4, 7, 10)
