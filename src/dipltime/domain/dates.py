"""Dates as historians write them: a year, a month of a year, or a day.

A :class:`PartialDate` keeps exactly the precision its source gave. It stands for
the interval of days it covers (``1826`` is 1 January to 31 December 1826), which
is how ranges and overlaps are decided. Nothing here imports a third-party
package: this module sits on the fast path of every command.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import NamedTuple

from dipltime.errors import UsageError
from dipltime.i18n import N_

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# ASCII digits only: ``\d`` would take Arabic-Indic and full-width digits too.
_PARTIAL = re.compile(r"(?P<y>[0-9]{4})(?:-(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2}))?)?")
_MONTH_DAY = re.compile(r"([0-9]{1,2})-([0-9]{1,2})")
_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_NUMBER = re.compile(r"[+-]?[0-9]+")

FIRST_YEAR, LAST_YEAR = 1, 9998
"""The years dipltime answers for: an anniversary, a window or a span may reach into the
year after, and 9999 is the last year a date can have."""
SUPPORTED = f"years {FIRST_YEAR} to {LAST_YEAR}"


def check_year(year: int, what: str) -> int:
    """``year`` if dipltime answers for it, else a :class:`UsageError` naming the range."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(
            N_("{what}: {year} is outside the supported years {first} to {last}"),
            N_("give a year in that range"),
            {"what": what, "year": year, "first": FIRST_YEAR, "last": LAST_YEAR},
        )
    return year


def years_text(years: range) -> str:
    """The years of ``years`` as a reader writes them: "2026", or "2026–2035"."""
    first, last = years.start, years.stop - 1
    return str(first) if last <= first else f"{first}–{last}"


def is_leap(year: int) -> bool:
    """Whether ``year`` has a 29 February (the Gregorian rule, proleptic before 1582)."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """How many days ``month`` (1–12) of ``year`` has."""
    return 29 if month == 2 and is_leap(year) else _MONTH_DAYS[month - 1]


class Precision(StrEnum):
    """How much of a date its source gives."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


class Feb29(StrEnum):
    """Where the anniversary of 29 February falls in a common year."""

    FEB28 = "feb28"
    """On 28 February: the last day of February, the default."""
    MAR1 = "mar1"
    """On 1 March: the day after 28 February."""


class PartialDate(NamedTuple):
    """A date known to the year, the month or the day.

    Ordering compares ``(year, month or 0, day or 0)``: within its interval a
    less precise date sorts first, so ``1826`` comes before ``1826-01-01`` and
    ``2012-09`` before ``2012-09-01``.
    """

    year: int
    month: int = 0
    day: int = 0

    @property
    def precision(self) -> Precision:
        if self.day:
            return Precision.DAY
        if self.month:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def first_day(self) -> dt.date:
        """The first day of the interval this date stands for."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        """The last day of the interval this date stands for."""
        if self.day:
            return dt.date(self.year, self.month, self.day)
        month = self.month or 12
        return dt.date(self.year, month, days_in_month(self.year, month))

    def as_date(self) -> dt.date:
        """The day itself; only for day precision."""
        if not self.day:
            raise ValueError(f"{self.iso()} has no day")
        return dt.date(self.year, self.month, self.day)

    def iso(self) -> str:
        """The date as written in the data: ``1826``, ``2012-09``, ``1994-11-14``."""
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        return self.iso()


def parse_partial_date(text: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ``ValueError`` otherwise.

    Impossible days (``2023-02-30``) and month 13 are refused; years run 1 to 9999;
    only ASCII digits are read.
    """
    match = _PARTIAL.fullmatch(text)
    if match is None:
        raise ValueError(
            f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 1826, 2012-09, 1963-04-01)"
        )
    year = int(match["y"])
    month = int(match["m"]) if match["m"] else 0
    day = int(match["d"]) if match["d"] else 0
    if year < 1:
        raise ValueError(f"{text!r}: the year must be 0001 or later")
    if match["m"] and not 1 <= month <= 12:
        raise ValueError(f"{text!r}: there is no month {month}")
    if match["d"]:
        last = days_in_month(year, month)
        if not 1 <= day <= last:
            raise ValueError(
                f"{text!r}: {MONTH_NAMES[month - 1]} {year} has {last} days, not {day}"
            )
    return PartialDate(year, month, day)


MARKS = {"?": N_("inferred"), "~": N_("approximate"), "%": N_("approximate and inferred")}
"""EDTF's qualifiers of a whole date: ``?`` uncertain (for us: inferred, with a note saying
how), ``~`` approximate ("about 1850"), ``%`` both."""
BOUNDS = ("between", "after", "before")


class DateSpec(NamedTuple):
    """A date as a record writes it in EDTF (level 1): a :class:`PartialDate`, perhaps marked
    inferred or approximate, or a span of time it lies in (``1840/1844``, ``1826/..``,
    ``../1826``). ``date`` is what ordering uses: the lower bound, or the bound given."""

    date: PartialDate
    mark: str = ""
    """"", "?", "~" or "%" (see :data:`MARKS`)."""
    bound: str = ""
    """"" for a date; "between", "after" or "before" for a span it lies in."""
    until: PartialDate | None = None
    """The upper bound of "between"."""

    def edtf(self) -> str:
        """The date as written: ``1850~``, ``1840/1844``, ``1826/..``."""
        if self.bound == "between":
            assert self.until is not None
            return f"{self.date.iso()}/{self.until.iso()}"
        if self.bound == "after":
            return f"{self.date.iso()}/.."
        if self.bound == "before":
            return f"../{self.date.iso()}"
        return self.date.iso() + self.mark


def parse_edtf(text: str) -> DateSpec:
    """Parse the EDTF (level 1) forms a record may use; raise ``ValueError`` otherwise.

    ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, each optionally followed by ``?``, ``~`` or
    ``%``; ``A/B`` (between A and B, A before B), ``A/..`` (after A), ``../B`` (before B),
    whose bounds carry no mark. Unspecified digits (``201X``), seasons and open starts
    (``/1826``) are refused with a way to write them.
    """
    if "/" in text:
        first, _, last = text.partition("/")
        if first == ".." and last == "..":
            raise ValueError(f"{text!r} says nothing: give at least one bound")
        if first == "..":
            return DateSpec(_bound(last, text), bound="before")
        if last == "..":
            return DateSpec(_bound(first, text), bound="after")
        if not first or not last:
            raise ValueError(
                f"{text!r}: an unknown bound is not supported; write ../DATE (before) or DATE/.. (after)"
            )
        low, high = _bound(first, text), _bound(last, text)
        if high.first_day <= low.last_day:
            raise ValueError(f"{text!r}: the first bound must come before the second")
        return DateSpec(low, bound="between", until=high)
    mark = text[-1] if text and text[-1] in MARKS else ""
    body = text[:-1] if mark else text
    if "X" in body or "x" in body:
        raise ValueError(
            f"{text!r}: unspecified digits are not supported; write a span (e.g. 1840/1849)"
        )
    if mark and body and body[-1] in MARKS:
        raise ValueError(f"{text!r}: write one mark: ? (inferred), ~ (approximate) or % (both)")
    return DateSpec(parse_partial_date(body), mark=mark)


def _bound(text: str, whole: str) -> PartialDate:
    if text and text[-1] in MARKS:
        raise ValueError(
            f"{whole!r}: the bounds of a span carry no mark; say what is uncertain in date_note"
        )
    return parse_partial_date(text)


def shift_year(day: dt.date, year: int, feb29: Feb29 = Feb29.FEB28) -> dt.date:
    """The same month and day in ``year``; 29 February follows ``feb29`` in common years."""
    return observed_on(day.month, day.day, year, feb29)


def observed_on(month: int, day: int, year: int, feb29: Feb29 = Feb29.FEB28) -> dt.date:
    """The day ``month``-``day`` is observed on in ``year``: itself, or for 29 February in a
    common year, 28 February or 1 March as ``feb29`` says."""
    if month == 2 and day == 29 and not is_leap(year):
        return dt.date(year, 3, 1) if feb29 is Feb29.MAR1 else dt.date(year, 2, 28)
    return dt.date(year, month, day)


def parse_day(text: str, today: dt.date) -> tuple[int, int | None, int | None]:
    """Parse the DAY of ``dipltime on``: ``(month, day or None for a whole month, year or None)``."""
    value = text.strip()
    if value.lower() in ("today", "hoy"):
        return today.month, today.day, None
    if "/" in value and re.fullmatch(r"[0-9/]+", value):
        return _slashed_day(value)
    if match := _MONTH_DAY.fullmatch(value):
        return int(match[1]), int(match[2]), None
    if match := _ISO_DAY.fullmatch(value):
        return int(match[2]), int(match[3]), check_year(int(match[1]), repr(value))
    if re.fullmatch(r"[0-9]{1,2}", value):
        return int(value), None, None
    return _parse_day_name(value)


def _slashed_day(value: str) -> tuple[int, int | None, int | None]:
    """A day written with slashes: ``2024/11/14`` (year first, as everywhere), or ``14/11``
    and ``11/14`` (with a year after: ``14/11/1994``), read the one way that makes a day.
    Only what reads both ways (``4/11``: 4 November or 11 April?) is ambiguous."""
    if match := re.fullmatch(r"([0-9]{3,4})/([0-9]{1,2})/([0-9]{1,2})", value):
        named = check_year(int(match[1]), repr(value))
        month, day = int(match[2]), int(match[3])
        if 1 <= month <= 12 and 1 <= day <= days_in_month(2000, month):  # as 2023-02-29 is
            return month, day, named
        readings: list[tuple[int, int]] = []
    elif match := re.fullmatch(r"([0-9]{1,2})/([0-9]{1,2})(?:/([0-9]{4}))?", value):
        year = check_year(int(match[3]), repr(value)) if match[3] else None
        first, second = int(match[1]), int(match[2])
        readings = [
            (month, day)
            for month, day in {(first, second), (second, first)}
            if 1 <= month <= 12 and 1 <= day <= days_in_month(2000, month)
        ]
        if len(readings) == 1:
            return readings[0][0], readings[0][1], year
    else:
        readings = []
    if not readings:
        raise UsageError(
            N_("{value!r} is not a day of the calendar"),
            N_("write MM-DD (11-14), a year in full (14/11/1994), or name the month ('14 Nov')"),
            {"value": value},
        )
    (one, other), (again, more) = sorted(readings)
    raise UsageError(
        N_("{value!r} is ambiguous: day/month or month/day?"),
        N_("write it as MM-DD: {one} or {other}"),
        {"value": value, "one": f"{one:02}-{other:02}", "other": f"{again:02}-{more:02}"},
    )


_SPANISH_MONTHS = {
    "enero": "Jan", "ene": "Jan", "febrero": "Feb", "marzo": "Mar", "abril": "Apr",
    "abr": "Apr", "mayo": "May", "junio": "Jun", "julio": "Jul", "agosto": "Aug",
    "ago": "Aug", "setiembre": "Sep", "septiembre": "Sep", "set": "Sep", "sept": "Sep",
    "octubre": "Oct", "noviembre": "Nov", "diciembre": "Dec", "dic": "Dec",
}  # fmt: skip
"""Spanish month names and abbreviations (accents and case folded) that English does not
share ("feb", "mar", "may", "jun", "jul", "sep", "oct", "nov" read alike)."""


_SPANISH_SHARED = {"feb", "mar", "may", "jun", "jul", "sep", "oct", "nov"}
"""Abbreviations Spanish and English share: Spanish when "de" joins them ("14 de nov")."""


def from_spanish(value: str) -> str:
    """A day written in Spanish as dateutil reads it: "14 de noviembre" → "14 Nov",
    "1 set." → "1 Sep", "14 de nov. de 1994" → "14 Nov 1994"; other text unchanged.

    Only a day, a month and a year in their Spanish order may be there ("14 de de
    noviembre" or "noviembre t" are not days): anything else is left for the caller
    to refuse."""
    from dipltime.domain.text import fold

    words = re.findall(r"[^\s.,]+", fold(value))
    spanish = any(word in _SPANISH_MONTHS for word in words) or (
        "de" in words and any(word in _SPANISH_SHARED for word in words)
    )
    if not spanish:
        return value
    kept = [_SPANISH_MONTHS.get(word, word) for word in words if word not in ("de", "del")]
    joins = [n for n, word in enumerate(words) if word in ("de", "del")]
    # "de" only between a day and its month, or a month and its year: never first, last,
    # doubled, or next to anything but a number and a month.
    for n in joins:
        around = (words[n - 1] if n else "", words[n + 1] if n + 1 < len(words) else "")
        if not all(w.isdigit() or w in _SPANISH_MONTHS or w in _SPANISH_SHARED for w in around):
            return value
    if any(not (w.isdigit() or w.capitalize() in MONTH_ABBR) for w in kept):
        return value
    return " ".join(kept)


def _parse_day_name(value: str) -> tuple[int, int | None, int | None]:
    from dateutil import parser as date_parser

    refused = UsageError(
        N_("{value!r} is not a day of the year"),
        N_(
            "write MM-DD (11-14), a day and month ('14 Nov', 'November 14', '14 de noviembre') "
            "or a month (11); a year in four digits"
        ),
        {"value": value},
    )
    if any(ch.isdigit() for ch in value if not ch.isascii()):
        raise refused  # "１４", "¹⁴", "⑭": digits no one types for a day
    text = from_spanish(value)
    words = re.findall(r"[A-Za-z]+", text)
    month_named = any(
        name.lower().startswith(w.lower()) for w in words if len(w) >= 3 for name in MONTH_NAMES
    )
    numbers = _NUMBER.findall(text)
    years = [n for n in numbers if len(n) == 4 and n.isdigit()]
    days = [n for n in numbers if len(n) <= 2 and n.isdigit()]
    if (
        not month_named
        or len(numbers) != len(years) + len(days)
        or len(years) > 1
        or len(days) > 1
        or any(not 1 <= int(day) <= 31 for day in days)  # dateutil would read "32" as a year
        or re.search(r"[0-9](?!(?:st|nd|rd|th)\b)[A-Za-z]", text)
    ):
        # A sign, a two-digit year or a year not of four digits would be guessed at; a
        # number glued to a letter ("14a", "14ª") would be read as an hour.
        raise refused
    if years:
        check_year(int(years[0]), repr(value))
    try:
        # Parse with two different defaults: what changes was not in the text.
        first = date_parser.parse(text, default=dt.datetime(2000, 1, 1))
        second = date_parser.parse(text, default=dt.datetime(2004, 2, 2))
    except (ValueError, OverflowError):
        raise refused from None
    day = first.day if first.day == second.day else None
    if days and day is None:  # a number the parser did not take for the day
        raise refused
    # The year as written (dateutil reads 0001 as 2001), checked above.
    year = int(years[0]) if years else None
    return first.month, day, year
