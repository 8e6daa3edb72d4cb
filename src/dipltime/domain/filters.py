"""Filtering, and narrowing: which events a question can concern.

:class:`Filter` is what a user asks to keep (parties, roles, kinds, tags, dates, words);
:class:`Query` is the coarser question an indexed cache can answer without decoding
records (a superset, which the filter then narrows). Pure, like ``core``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from dipltime.domain.core import DEFAULT, Settings
from dipltime.domain.dates import PartialDate, Precision
from dipltime.domain.kinds import BY_ROLES, KINDS, TO_ROLES, Kind
from dipltime.domain.model import Event, Party
from dipltime.domain.text import fold
from dipltime.errors import UsageError
from dipltime.i18n import N_


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
    by: tuple[str, ...] = ()
    """Events in which each of these parties acts (recognizing, sending, visiting, granting,
    attending)."""
    to: tuple[str, ...] = ()
    """Events directed to, or hosted by, each of these parties (recognized, receiving, host,
    granted)."""

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
        if self.by and not all(_plays(event, code, BY_ROLES) for code in self.by):
            return False
        if self.to and not all(_plays(event, code, TO_ROLES) for code in self.to):
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


def _plays(event: Event, code: str, roles: frozenset[str]) -> bool:
    return any(code in codes for role, codes in event.roles if role in roles)


def haystack(event: Event) -> str:
    """What free-text search looks in: title (in every language the record gives it), summary,
    people, places, notes and the notes on its date and certainty, folded."""
    return fold(
        " ".join(
            (
                event.title,
                *(title for _, title in event.titles),
                event.summary,
                *event.people,
                *event.places,
                event.notes,
                event.date_note,
                event.certainty_note,
            )
        )
    )


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
    starts: tuple[tuple[int, int], ...] | None = None
    """Day-precise events whose first day is a month-day in one of these inclusive ranges
    (``month * 100 + day``)."""
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
    words: tuple[str, ...] = ()
    """Events whose folded :func:`haystack` holds each of these folded words."""

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
        if self.starts is not None:
            md = date.month * 100 + date.day
            if not date.day or not any(lo <= md <= hi for lo, hi in self.starts):
                return False
        if self.words:
            text = haystack(event)
            if not all(word in text for word in self.words):
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
    """What :func:`upcoming` can list: events that begin on a day of the window (29 February
    with its neighbours), begun before its last year."""
    last = start + dt.timedelta(days=max(days, 1) - 1)
    query = _until(query_for(flt), last.year - 1)
    if days >= 366:
        return query._replace(starts=((101, 1231),))
    first_md, last_md = start.month * 100 + start.day, last.month * 100 + last.day
    if start.year == last.year:
        ranges = [(first_md, last_md)]
    else:
        ranges = [(first_md, 1231), (101, last_md)]
    return query._replace(starts=_with_feb29(ranges))


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
        if wanted in (fold(party.code), *(fold(name) for name in party.every_name)):
            return party.code
    from dipltime.domain.language import fallback_names  # only when no name matched

    for code, names in fallback_names(parties).items():
        if wanted in (fold(name) for name in names):
            return code
    near = sorted(
        party.name
        for party in parties.values()
        if any(wanted and wanted in fold(n) for n in party.every_name)
    )
    hint = (
        N_("did you mean {names}?")
        if near
        else N_("run `dipltime parties` to see the codes and names")
    )
    words = {"query": query, "names": ", ".join(near[:3])}
    raise UsageError(N_("no party is called {query!r}"), hint, words)
