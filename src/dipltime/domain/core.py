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
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from dipltime.domain.dates import Feb29, PartialDate, Precision, is_leap, observed_on, shift_year
from dipltime.domain.model import KINDS, Event, Kind, Party
from dipltime.domain.text import fold
from dipltime.errors import UsageError

JUBILEES: dict[int, str] = {
    25: "silver jubilee",
    40: "ruby jubilee",
    50: "golden jubilee",
    60: "diamond jubilee",
    100: "centenary",
    150: "sesquicentenary",
    200: "bicentenary",
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
            raise UsageError("a milestone step must be a whole number of years, 1 or more")
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


def is_milestone(event: Event, number: int | None, settings: Settings = DEFAULT) -> bool:
    """A round anniversary of an act whose kind is celebrated."""
    return (
        number is not None and KINDS[event.kind].celebrated and settings.milestones.is_round(number)
    )


def occurrence(
    event: Event, year: int, settings: Settings = DEFAULT, instance_year: int | None = None
) -> Occurrence:
    """``event`` as seen from ``year`` (its anniversary instance that starts in ``instance_year``)."""
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
        raise UsageError(
            f"{month:02d}-{day:02d} is not a day of the year", "write the day as MM-DD, e.g. 11-14"
        ) from None
    found: list[Occurrence] = []
    for event in events:
        if event.date.precision is not Precision.DAY or event.date.year > year:
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
        raise UsageError(f"there is no month {month}", "write the month as MM, e.g. 11")
    found = [
        occurrence(event, year, settings)
        for event in events
        if event.date.month == month and event.date.year <= year
    ]
    found.sort(key=lambda o: (o.event.date.day, o.event.sort_key))
    return tuple(found)


def upcoming(
    events: Sequence[Event], start: dt.date, days: int = 30, settings: Settings = DEFAULT
) -> tuple[Occurrence, ...]:
    """Anniversaries (number 1 or more) of day-precise events in ``[start, start + days)``."""
    if days < 1:
        raise UsageError("the window must be at least 1 day", "use --days 1 or more")
    stop = start + dt.timedelta(days=days)
    found: list[Occurrence] = []
    feb29 = settings.feb29
    for event in events:
        date = event.date
        if not date.day:  # not day-precise
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
    found = [occurrence(event, year, settings) for event in events if event.date.year <= year]

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


# --- filtering -------------------------------------------------------------


class Filter(NamedTuple):
    """What to keep. Empty fields keep everything.

    ``parties``: events in which *every* listed party takes part (codes).
    ``kinds`` and ``tags``: events with *any* of the listed values.
    ``since``/``until``: a partial date stands for the interval it covers; an
    event matches when its own interval overlaps ``[since, until]``.
    ``text``: every word must occur, ignoring case and accents, in the title,
    summary, people or places.
    """

    parties: tuple[str, ...] = ()
    kinds: tuple[Kind, ...] = ()
    tags: tuple[str, ...] = ()
    since: PartialDate | None = None
    until: PartialDate | None = None
    text: str = ""

    def matches(self, event: Event, folded: str | None = None) -> bool:
        """Whether ``event`` passes; ``folded`` is its :func:`haystack`, if already computed."""
        if self.parties and not all(code in event.parties for code in self.parties):
            return False
        if self.kinds and event.kind not in self.kinds:
            return False
        if self.tags and not any(tag in event.tags for tag in self.tags):
            return False
        if self.since is not None and event.last.last_day < self.since.first_day:
            return False
        if self.until is not None and event.date.first_day > self.until.last_day:
            return False
        if self.text:
            text = haystack(event) if folded is None else folded
            if not all(word in text for word in self.words):
                return False
        return True

    @property
    def words(self) -> tuple[str, ...]:
        """The folded words of ``text``, folded once rather than for every event."""
        return _folded_words(self.text)


@functools.lru_cache(maxsize=64)
def _folded_words(text: str) -> tuple[str, ...]:
    return tuple(fold(text).split())


def haystack(event: Event) -> str:
    """What free-text search looks in: title, summary, people and places, folded."""
    return fold(" ".join((event.title, event.summary, *event.people, *event.places)))


def select(
    events: Sequence[Event], flt: Filter, haystacks: Sequence[str] | None = None
) -> tuple[Event, ...]:
    """The events that pass ``flt``, in their original order.

    ``haystacks`` (``haystack(e)`` for each event, in the same order) spares a
    caller that searches often from folding every event again.
    """
    if not any(flt):  # no filter at all: nothing to check 100,000 times
        return tuple(events)
    if haystacks is None or not flt.text:
        return tuple(event for event in events if flt.matches(event))
    return tuple(e for e, h in zip(events, haystacks, strict=True) if flt.matches(e, h))


# --- narrowing: which events a question can concern --------------------------------


ALL_MONTH_DAYS = frozenset(m * 100 + d for m in range(1, 13) for d in range(1, 32))
"""Every month-day a span of a year or more touches (impossible ones do no harm)."""
_FEB29_NEIGHBOURS = frozenset({228, 229, 301})


def month_days(event: Event) -> frozenset[int]:
    """The month-days (``month * 100 + day``) that a day-precise event's span touches.

    Empty for an event without a day. A span of a year or more touches them all.
    """
    if event.date.precision is not Precision.DAY:
        return frozenset()
    first = event.date.as_date()
    last = event.last.as_date()
    length = (last - first).days + 1
    if length >= 366:
        return ALL_MONTH_DAYS
    days = []
    for offset in range(length):
        day = first + dt.timedelta(days=offset)
        days.append(day.month * 100 + day.day)
    return frozenset(days)


class Query(NamedTuple):
    """Which events a question can concern, so that a store may hand over fewer of them.

    A store must return every event the query :meth:`admits`, in chronological
    order, and may return more: the core functions still decide what is shown,
    so a query only spares work and can never change an answer as long as the
    ``query_*`` builder for a function admits everything that function keeps
    (``tests/test_core.py`` checks this). Unset fields admit everything.
    """

    days: tuple[tuple[int, int], ...] | None = None
    """Day-precise events whose span touches a month-day in one of these inclusive ranges of
    ``month * 100 + day`` (``((1114, 1114),)`` is 14 November)."""
    month: int = 0
    """Events that begin in this month (0: any)."""
    until: int | None = None
    """Events that begin in or before this year."""
    since: int | None = None
    """Events that end in or after this year."""
    years: frozenset[int] | None = None
    """Events that begin in one of these years."""
    parties: tuple[str, ...] = ()
    """Events in which every one of these parties takes part."""
    kinds: tuple[Kind, ...] | None = None
    """Events of one of these kinds (an empty tuple admits none)."""
    record: str = ""
    """The event with this id."""

    def admits(self, event: Event) -> bool:
        """The reference meaning of every field; a store's index must agree with it."""
        date = event.date
        if self.record and event.id != self.record:
            return False
        if self.until is not None and date.year > self.until:
            return False
        if self.since is not None and event.last.year < self.since:
            return False
        if self.years is not None and date.year not in self.years:
            return False
        if self.month and date.month != self.month:
            return False
        if self.kinds is not None and event.kind not in self.kinds:
            return False
        if self.parties and not all(code in event.parties for code in self.parties):
            return False
        if self.days is not None:
            touched = month_days(event)
            if not any(lo <= md <= hi for md in touched for lo, hi in self.days):
                return False
        return True


def _with_feb29(ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """29 February is observed on 28 February or 1 March in common years, and a span over
    28 February – 1 March gains a day in leap years: asking about any of the three asks
    about all three."""
    if any(lo <= md <= hi for md in _FEB29_NEIGHBOURS for lo, hi in ranges):
        ranges = [*ranges, (228, 229), (301, 301)]
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return tuple(merged)


def query_for(flt: Filter) -> Query:
    """What a filter alone narrows: its parties, kinds and years."""
    return Query(
        parties=flt.parties,
        kinds=flt.kinds or None,
        since=flt.since.year if flt.since is not None else None,
        until=flt.until.year if flt.until is not None else None,
    )


def _until(query: Query, year: int) -> Query:
    return query._replace(until=year if query.until is None else min(query.until, year))


def query_on(flt: Filter, month: int, day: int, year: int) -> Query:
    """What :func:`events_on` can list (after ``select`` with ``flt``)."""
    md = month * 100 + day
    return _until(query_for(flt), year)._replace(days=_with_feb29([(md, md)]))


def query_in_month(flt: Filter, month: int, year: int) -> Query:
    """What :func:`events_in_month` can list."""
    return _until(query_for(flt), year)._replace(month=month)


def query_upcoming(flt: Filter, start: dt.date, days: int) -> Query:
    """What :func:`upcoming` can list: events of the days in the window, begun before its last year."""
    last = start + dt.timedelta(days=max(days, 1) - 1)
    query = _until(query_for(flt), last.year - 1)
    if days >= 366:
        return query._replace(days=((101, 1231),))
    first_md, last_md = start.month * 100 + start.day, last.month * 100 + last.day
    if start.year == last.year:
        ranges = [(first_md, last_md)]
    else:
        ranges = [(first_md, 1231), (101, last_md)]
    return query._replace(days=_with_feb29(ranges))


def query_anniversaries(
    flt: Filter, year: int, milestones_only: bool = False, settings: Settings = DEFAULT
) -> Query:
    """What :func:`anniversaries` can list; with ``milestones_only``, what
    :func:`only_milestones` can keep of it: celebrated kinds, begun a round number of years ago."""
    query = _until(query_for(flt), year)
    if not milestones_only:
        return query
    celebrated = tuple(kind for kind, info in KINDS.items() if info.celebrated)
    if query.kinds is not None:
        celebrated = tuple(kind for kind in query.kinds if kind in celebrated)
    rule = settings.milestones
    round_years = frozenset(year - n for n in range(1, year) if rule.is_round(n))
    return query._replace(kinds=celebrated, years=round_years)


def resolve_party(query: str, parties: Mapping[str, Party]) -> str:
    """The code of the party that ``query`` names whole: a code, a name or an alias.

    Case and accents are ignored, but the whole name must match: "Niger" never
    finds Nigeria.
    """
    wanted = fold(query)
    for party in parties.values():
        if wanted in (fold(party.code), fold(party.name), *(fold(a) for a in party.aliases)):
            return party.code
    near = sorted(
        party.name
        for party in parties.values()
        if any(wanted and wanted in fold(n) for n in (party.name, *party.aliases))
    )
    hint = (
        f"did you mean {', '.join(near[:3])}?"
        if near
        else "run `dipltime parties` to see the codes and names"
    )
    raise UsageError(f"no party is called {query!r}", hint)


def _spans_feb29(event: Event) -> bool:
    first, last = event.date.first_day, event.last.last_day
    return any(
        first <= dt.date(y, 2, 29) <= last for y in range(first.year, last.year + 1) if is_leap(y)
    )
