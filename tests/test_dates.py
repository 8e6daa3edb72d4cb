"""Partial dates: parsing at the source's precision, intervals, order, 29 February."""

from __future__ import annotations

import datetime as dt

import pytest

from dipltime.domain.dates import (
    Feb29,
    PartialDate,
    Precision,
    parse_partial_date,
    shift_year,
)
from dipltime.domain.language import ENGLISH


@pytest.mark.parametrize(
    ("text", "precision", "first", "last"),
    [
        ("1824", Precision.YEAR, "1824-01-01", "1824-12-31"),
        ("2012-09", Precision.MONTH, "2012-09-01", "2012-09-30"),
        ("1963-04-01", Precision.DAY, "1963-04-01", "1963-04-01"),
        ("2024-02", Precision.MONTH, "2024-02-01", "2024-02-29"),
        ("2023-02", Precision.MONTH, "2023-02-01", "2023-02-28"),
        ("0800", Precision.YEAR, "0800-01-01", "0800-12-31"),
        ("2100-02-28", Precision.DAY, "2100-02-28", "2100-02-28"),
    ],
)
def test_a_partial_date_stands_for_the_interval_it_covers(text, precision, first, last):
    date = parse_partial_date(text)
    assert date.precision is precision
    assert date.first_day == dt.date.fromisoformat(first)
    assert date.last_day == dt.date.fromisoformat(last)
    assert date.iso() == text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2023-02-30", "February 2023 has 28 days"),
        ("2023-02-29", "February 2023 has 28 days"),
        ("1900-02-29", "February 1900 has 28 days"),
        ("2024-13", "no month 13"),
        ("2024-00", "no month 0"),
        ("0000", "0001 or later"),
        ("24-11-14", "not a date"),
        ("14/11/1994", "not a date"),
        ("1994-11-14T00:00", "not a date"),
        ("", "not a date"),
        ("November 1994", "not a date"),
    ],
)
def test_impossible_or_malformed_dates_are_refused(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_partial_date(text)


def test_29_february_exists_in_leap_years_only():
    assert parse_partial_date("2000-02-29").as_date() == dt.date(2000, 2, 29)
    assert parse_partial_date("2024-02-29").as_date() == dt.date(2024, 2, 29)


def test_within_its_interval_a_less_precise_date_sorts_first():
    dates = [parse_partial_date(t) for t in ("1826-01-01", "1826-03", "1826", "1825-12-31")]
    assert [d.iso() for d in sorted(dates)] == ["1825-12-31", "1826", "1826-01-01", "1826-03"]


def test_dates_read_at_their_precision():
    assert ENGLISH.date(parse_partial_date("1826")) == "1826"
    assert ENGLISH.date(parse_partial_date("2012-09")) == "Sep 2012"
    assert ENGLISH.date(parse_partial_date("1994-11-14")) == "14 Nov 1994"


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        ("2024-11-12", "2024-11-14", "12–14 Nov 2024"),
        ("2012-10-01", "2012-10-02", "1–2 Oct 2012"),
        ("2016-10-30", "2016-11-02", "30 Oct – 2 Nov 2016"),
        ("1999-12-30", "2000-01-02", "30 Dec 1999 – 2 Jan 2000"),
        ("1990", "1995", "1990 – 1995"),
    ],
)
def test_spans_read_naturally(start, end, text):
    assert ENGLISH.span(parse_partial_date(start), parse_partial_date(end)) == text


@pytest.mark.parametrize(
    ("year", "rule", "expected"),
    [
        (2025, Feb29.FEB28, "2025-02-28"),
        (2025, Feb29.MAR1, "2025-03-01"),
        (2028, Feb29.FEB28, "2028-02-29"),
        (2028, Feb29.MAR1, "2028-02-29"),
        (2100, Feb29.FEB28, "2100-02-28"),  # divisible by 100: a common year
        (2400, Feb29.FEB28, "2400-02-29"),  # divisible by 400: a leap year
    ],
)
def test_29_february_moves_only_in_common_years(year, rule, expected):
    assert shift_year(dt.date(2000, 2, 29), year, rule) == dt.date.fromisoformat(expected)


def test_other_days_keep_their_month_and_day_across_centuries():
    assert shift_year(dt.date(1824, 12, 31), 2125) == dt.date(2125, 12, 31)
    assert shift_year(dt.date(1832, 11, 16), 2038) == dt.date(2038, 11, 16)


def test_partial_dates_are_frozen_values():
    date = PartialDate(1994, 11, 14)
    assert date == parse_partial_date("1994-11-14")
    with pytest.raises(AttributeError):
        date.year = 1995  # type: ignore[misc]
