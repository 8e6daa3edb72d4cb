"""The anniversaries of a year and of a window, one by one, for events that arrive one by one.

A collection of 100,000 records has 100,000 anniversaries a year: these functions give
the answers of :func:`~dipltime.domain.core.anniversaries` and
:func:`~dipltime.domain.core.upcoming` in the order those sort them in, from events that
arrive by the day of the year they begin on (month, day, then chronologically: a store's
``BY_DAY_OF_YEAR``), holding one month of them at a time. Pure, like ``core``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from dipltime.domain.core import DEFAULT, Occurrence, Settings, occurrence
from dipltime.domain.dates import observed_on
from dipltime.domain.model import Event


def anniversaries_in_order(
    events: Iterable[Event], year: int, settings: Settings = DEFAULT
) -> Iterator[Occurrence]:
    """:func:`anniversaries`, one by one, of ``events`` arriving by the day of the year."""
    found = (
        occurrence(event, year, settings)
        for event in events
        if event.date.year <= year and not event.bound
    )
    return _month_by_month(found, _through_the_year)


def upcoming_in_order(
    events: Iterable[Event], start: dt.date, days: int, settings: Settings = DEFAULT
) -> Iterator[Occurrence]:
    """:func:`upcoming` for a window within one calendar year (see :func:`within_years`),
    one by one, of ``events`` arriving by the day of the year."""
    stop = start + dt.timedelta(days=days)
    if stop.year > start.year and stop != dt.date(start.year + 1, 1, 1):
        raise ValueError("the window runs past the end of its year")
    year, feb29 = start.year, settings.feb29
    found = (
        occurrence(event, year, settings)
        for event in events
        if event.date.day
        and not event.bound
        and event.date.year < year
        and start <= observed_on(event.date.month, event.date.day, year, feb29) < stop
    )
    return _month_by_month(found, _by_observed_day)


def within_years(start: dt.date, days: int) -> Iterator[tuple[dt.date, int]]:
    """The window ``[start, start + days)`` cut at the turn of each year: (first day, days)."""
    stop = start + dt.timedelta(days=days)
    while start < stop:
        if start.year == dt.MAXYEAR:
            yield start, (stop - start).days
            return
        turn = min(stop, dt.date(start.year + 1, 1, 1))
        yield start, (turn - start).days
        start = turn


def _through_the_year(occ: Occurrence) -> tuple[int, int, tuple[int, int, int, int, int, int, str]]:
    if occ.observed is not None:
        return (occ.observed.month, occ.observed.day, occ.event.sort_key)
    return (occ.event.date.month, 0, occ.event.sort_key)


def _by_observed_day(occ: Occurrence) -> tuple[Any, tuple[int, int, int, int, int, int, str]]:
    return (occ.observed, occ.event.sort_key)


def _month_by_month(
    occurrences: Iterable[Occurrence], key: Callable[[Occurrence], Any]
) -> Iterator[Occurrence]:
    """Occurrences in ``key`` order, from occurrences arriving by the day of the year their
    event begins on. They arrive in that order already, except an anniversary of 29 February
    observed on 28 February or 1 March: each month is held until the events of a later one
    arrive (an anniversary is observed in its event's month or the next, never before), and
    sorted only when such an anniversary joined it."""
    months: dict[int, list[Occurrence]] = {}
    moved: set[int] = set()
    for occ in occurrences:
        date = occ.event.date
        arriving = date.month
        month = occ.observed.month if occ.observed is not None else arriving
        if months and min(months) < arriving:
            yield from _flush(months, moved, key, before=arriving)
        months.setdefault(month, []).append(occ)
        if occ.observed is not None and (month, occ.observed.day) != (arriving, date.day):
            moved.add(month)
    yield from _flush(months, moved, key, before=13)


def _flush(
    months: dict[int, list[Occurrence]],
    moved: set[int],
    key: Callable[[Occurrence], Any],
    before: int,
) -> Iterator[Occurrence]:
    for month in sorted(m for m in months if m < before):
        held = months.pop(month)
        if month in moved:
            held.sort(key=key)
            moved.discard(month)
        yield from held
