"""The timeline core: ordering, anniversaries, milestones and filtering.

Pure functions over the frozen records of :mod:`dipltime.domain.model`. Nothing here
prints, reads files, or asks the clock: "today" and the year are arguments.

Rules settled here (each has a test in ``tests/test_core.py``):

- **Order** is chronological by start date at its precision, then end, then id;
  within its interval a less precise date comes first (``1826`` before
  ``1826-01-01``).
- **The Nth anniversary** of an event falls N years after its first day; in
  the event's own year the number is ``None`` (there is no "0th").
- **29 February** is observed on 28 February in common years, or on 1 March
  with ``Feb29.MAR1``: the same rule in every function.
- **Multi-day events** show on every day they span, in every year; the
  anniversary is counted from the first day.
- **Day lookups** (:func:`events_on`) list only events that had happened by
  the year asked about; events of that very year appear without a number.
- **Upcoming** covers the half-open window ``[start, start + days)`` and only
  day-precise events whose anniversary number is at least 1.
- **Anniversaries of a year** (:func:`anniversaries`) take events of any
  precision, and list the year's own events without a number.
- **A date that is only a span** ("between 1840 and 1844", "before 1826") has no
  anniversaries at all; an approximate one ("about 1850") has them, never as
  milestones. A doubtful, disputed or uncelebrated act is never a milestone, nor an
  act after the record that ended it (:func:`not_celebrated` says why).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from dipltime.domain.dates import (
    Feb29,
    Precision,
    days_in_month,
    is_leap,
    observed_on,
    shift_year,
)
from dipltime.domain.kinds import KINDS, Kind
from dipltime.domain.model import Ending, Event
from dipltime.errors import UsageError
from dipltime.i18n import N_

if TYPE_CHECKING:
    from dipltime.domain.language import Language

JUBILEES: dict[int, str] = {
    25: N_("silver jubilee"),
    40: N_("ruby jubilee"),
    50: N_("golden jubilee"),
    60: N_("diamond jubilee"),
    100: N_("centenary"),
    150: N_("sesquicentenary"),
    200: N_("bicentenary"),
}
"""The one table of jubilee names used everywhere in dipltime."""


class MilestoneRule:
    """Which anniversaries are round ones worth preparing for.

    An anniversary is a milestone when its kind is celebrated (``KINDS``) and
    its number is a multiple of ``every``; from ``century_from`` years on the
    step is ``century_every`` when that is set (Wikipedia's "On this day" uses
    10 and, for events 100 years old or more, 25).
    """

    __slots__ = ("every", "century_every", "century_from")

    def __init__(
        self, every: int = 5, century_every: int | None = None, century_from: int = 100
    ) -> None:
        if every < 1 or (century_every is not None and century_every < 1):
            raise UsageError(
                N_("a milestone step must be a whole number of years, 1 or more"), words={}
            )
        self.every = every
        self.century_every = century_every
        self.century_from = century_from

    def _key(self) -> tuple[int, int | None, int]:
        return (self.every, self.century_every, self.century_from)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MilestoneRule) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return "MilestoneRule(every={}, century_every={}, century_from={})".format(*self._key())

    def is_round(self, number: int) -> bool:
        step = self.every
        if self.century_every is not None and number >= self.century_from:
            step = self.century_every
        return number >= 1 and number % step == 0


class Settings(NamedTuple):
    """The choices that change results: where 29 February falls, and what is round."""

    feb29: Feb29 = Feb29.FEB28
    milestones: MilestoneRule = MilestoneRule()


DEFAULT = Settings()


class Occurrence(NamedTuple):
    """An event seen from one year: which anniversary it is and when it is observed."""

    event: Event
    year: int
    anniversary: int | None
    """N for the Nth anniversary; ``None`` in the event's own year."""
    observed: dt.date | None = None
    """The day it falls on in ``year`` (day-precise events only)."""
    observed_end: dt.date | None = None
    """The last day of a multi-day anniversary."""
    milestone: bool = False
    jubilee: str = ""


def ended_as(ending: Ending, lang: Language | None = None) -> str:
    """How an act ended, by the kind of the record that ended it: "closed", and in Spanish
    "cerrada" or "cerrado" as the act's noun requires (the message's context is the kind)."""
    lang = lang or _english()
    p_ = lang.p_
    said = {
        Kind.EMBASSY_CLOSED: p_("embassy-closed", "closed"),
        Kind.LEGATION_CLOSED: p_("legation-closed", "closed"),
        Kind.CONSULATE_CLOSED: p_("consulate-closed", "closed"),
        Kind.RELATIONS_SEVERED: p_("relations-severed", "broken off"),
        Kind.RELATIONS_SUSPENDED: p_("relations-suspended", "suspended"),
        Kind.LEGATION_ELEVATED: p_("legation-elevated", "raised to an embassy"),
        Kind.TREATY_IN_FORCE: p_("treaty-in-force", "superseded"),
    }
    return said.get(ending.kind) or lang._("ended")


def ended_in(event: Event, year: int, lang: Language | None = None) -> str:
    """ "closed in 2010" when ``event`` was ended by ``year`` (and not resumed since); an
    act ended "before 2000" counts as ended from its own first year."""
    for ending in event.ended:
        if ending.from_year <= year and (ending.resumed is None or year < ending.resumed.year):
            return f"{ended_as(ending, lang)} {ending_date(ending, lang)}"
    return ""


def ending_date(ending: Ending, lang: Language | None = None) -> str:
    """When an act ended, as the ending record dates it: "in 2010", "before 2000",
    "between 1990 and 1995"."""
    _ = (lang or _english())._
    if ending.bound == "between" and ending.until is not None:
        return _("between {first} and {last}").format(
            first=ending.date.year, last=ending.until.year
        )
    if ending.bound:
        bound = _("after {date}") if ending.bound == "after" else _("before {date}")
        return bound.format(date=ending.date.year)
    # TRANSLATORS: the year an act ended ("closed in 2010").
    return _("in {year}").format(year=ending.date.year)


def not_celebrated(event: Event, year: int, lang: Language | None = None) -> str:
    """Why a round anniversary in ``year`` of ``event`` is no milestone ("" when nothing
    but its kind or its number stands in the way): doubt, the record's word, an
    approximate date, the count kept by another record, or the act's end."""
    lang = lang or _english()
    _ = lang._
    if event.certainty != "certain":
        return f"{lang.certainty(event.certainty)}: {event.certainty_note}"
    if event.celebrated is False:
        return _("not celebrated: {why}").format(why=event.celebration_note)
    if event.mark in ("~", "%") or event.bound:
        return _("the date is approximate")
    if event.counts_from == "original":
        return _("counted from {id}").format(id=event.resumes)
    return ended_in(event, year, lang)


def _english() -> Language:
    from dipltime.domain.language import ENGLISH

    return ENGLISH


def is_milestone(event: Event, number: int | None, settings: Settings = DEFAULT) -> bool:
    """A round anniversary of an act whose kind is celebrated, that is certain, dated
    exactly, not declared uncelebrated, and not ended by then."""
    if number is None or not KINDS[event.kind].celebrated:
        return False
    if not settings.milestones.is_round(number):
        return False
    return not not_celebrated(event, event.date.year + number)


def occurrence(
    event: Event, year: int, settings: Settings = DEFAULT, instance_year: int | None = None
) -> Occurrence:
    """``event`` as seen from ``year`` (its anniversary instance that starts in ``instance_year``)."""
    if event.bound:  # only a span it lies in ("before 1826"): no year to count from
        return Occurrence(event, year, None)
    start_year = year if instance_year is None else instance_year
    date = event.date
    number = start_year - date.year
    anniversary = number if number >= 1 else None
    observed = observed_end = None
    if date.day:  # day precision (this runs for every line of a long listing: kept lean)
        observed = observed_on(date.month, date.day, start_year, settings.feb29)
        end = event.end
        if end is not None:
            end_year = start_year + end.year - date.year
            # A span that would run past the last day a date can have stops there.
            observed_end = (
                observed_on(end.month, end.day, end_year, settings.feb29)
                if end_year <= dt.MAXYEAR
                else dt.date.max
            )
    milestone = is_milestone(event, anniversary, settings)
    jubilee = JUBILEES.get(number, "") if milestone else ""
    return Occurrence(event, year, anniversary, observed, observed_end, milestone, jubilee)


def _instances_covering(event: Event, day: dt.date, settings: Settings) -> Iterable[Occurrence]:
    """The anniversary instances of a day-precise event whose span covers ``day``."""
    span_years = event.end.year - event.date.year if event.end else 0
    for start_year in range(day.year - span_years, day.year + 1):
        if start_year < event.date.year:
            continue
        occ = occurrence(event, day.year, settings, instance_year=start_year)
        assert occ.observed is not None
        if occ.observed <= day <= (occ.observed_end or occ.observed):
            yield occ


def events_on(
    events: Sequence[Event], month: int, day: int, year: int, settings: Settings = DEFAULT
) -> tuple[Occurrence, ...]:
    """Every event observed on ``month``-``day`` of ``year``, oldest first.

    In a common year, 29 February does not exist: asking for it lists the
    events of 29 February (and spans over it), observed where ``settings.feb29``
    puts them.
    """
    if (month, day) == (2, 29) and not is_leap(year):
        observed_day = shift_year(dt.date(2000, 2, 29), year, settings.feb29)
        return tuple(
            occ
            for occ in events_on(events, observed_day.month, observed_day.day, year, settings)
            if _spans_feb29(occ.event)
        )
    try:
        target = dt.date(year, month, day)
    except ValueError:
        hint = N_("there are 12 months: write the day as MM-DD, e.g. 11-14")
        if 1 <= month <= 12:  # 11-31: the month is right, the day is not
            hint = N_("month {month} has {days} days: write the day as MM-DD, e.g. 11-14")
        raise UsageError(
            N_("{day} is not a day of the year"),
            hint,
            {
                "day": f"{month:02d}-{day:02d}",
                "month": f"{month:02d}",
                "days": days_in_month(2000, month) if 1 <= month <= 12 else 0,
            },
        ) from None
    found: list[Occurrence] = []
    for event in events:
        if event.date.precision is not Precision.DAY or event.date.year > year or event.bound:
            continue
        found.extend(_instances_covering(event, target, settings))
    found.sort(key=lambda o: o.event.sort_key)
    return tuple(found)


def events_in_month(
    events: Sequence[Event], month: int, year: int, settings: Settings = DEFAULT
) -> tuple[Occurrence, ...]:
    """Events of month or day precision that begin in ``month`` (of any year up to ``year``).

    Ordered by day of the month (a month-precise event first), then oldest first.
    """
    if not 1 <= month <= 12:
        raise UsageError(
            N_("there is no month {month}"), N_("write the month as MM, e.g. 11"), {"month": month}
        )
    found = [
        occurrence(event, year, settings)
        for event in events
        if event.date.month == month and event.date.year <= year and not event.bound
    ]
    found.sort(key=lambda o: (o.event.date.day, o.event.sort_key))
    return tuple(found)


def upcoming(
    events: Sequence[Event], start: dt.date, days: int = 30, settings: Settings = DEFAULT
) -> tuple[Occurrence, ...]:
    """Anniversaries (number 1 or more) of day-precise events in ``[start, start + days)``."""
    if days < 1:
        raise UsageError(
            N_("the window must be at least 1 day"), N_("use --days 1 or more"), words={}
        )
    stop = start + dt.timedelta(days=days)
    found: list[Occurrence] = []
    feb29 = settings.feb29
    for event in events:
        date = event.date
        if not date.day or event.bound:  # not day-precise, or only a span it lies in
            continue
        for year in range(max(start.year, date.year + 1), stop.year + 1):
            if start <= observed_on(date.month, date.day, year, feb29) < stop:
                found.append(occurrence(event, year, settings))
    found.sort(key=lambda o: (o.observed, o.event.sort_key))
    return tuple(found)


def anniversaries(
    events: Sequence[Event], year: int, settings: Settings = DEFAULT
) -> tuple[Occurrence, ...]:
    """Every event, of any precision, whose anniversary falls in ``year``.

    Events of ``year`` itself are listed without a number. Ordered through the
    year: year-precise events first, then month-precise ones with their month,
    then by the day they are observed.
    """
    found = [
        occurrence(event, year, settings)
        for event in events
        if event.date.year <= year and not event.bound
    ]

    def through_the_year(
        occ: Occurrence,
    ) -> tuple[int, int, tuple[int, int, int, int, int, int, str]]:
        if occ.observed is not None:
            return (occ.observed.month, occ.observed.day, occ.event.sort_key)
        return (occ.event.date.month, 0, occ.event.sort_key)

    found.sort(key=through_the_year)
    return tuple(found)


def only_milestones(occurrences: Iterable[Occurrence]) -> tuple[Occurrence, ...]:
    return tuple(occ for occ in occurrences if occ.milestone)


def _spans_feb29(event: Event) -> bool:
    first, last = event.date.first_day, event.last.last_day
    return any(
        first <= dt.date(y, 2, 29) <= last for y in range(first.year, last.year + 1) if is_leap(y)
    )


def party_counts(events: Iterable[Event]) -> dict[str, int]:
    """How many of ``events`` each party takes part in."""
    counted: dict[str, int] = {}
    for event in events:
        for code in event.parties:
            counted[code] = counted.get(code, 0) + 1
    return counted


def home_party(counts: Mapping[str, int], registry: Iterable[str]) -> str | None:
    """The collection's own state: the party in most records (Peru in the bundled one),
    and on a tie the first of the registry (where ``dipltime init`` and the bundled
    registry put it)."""
    order = {code: number for number, code in enumerate(registry)}
    if not counts:
        return next(iter(order), None)
    return max(counts, key=lambda code: (counts[code], -order.get(code, len(order)), code))
