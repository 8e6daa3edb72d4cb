"""Where the site's pages take their records from: a collection held whole (a small one,
or one read without a cache), or the cache's index, read a page at a time.

Both answer the same questions, each in the order the pages list them: how many records
each party takes part in; a partner's records, oldest first; the anniversaries on one
day, or through one year. :class:`Indexed` never holds more than one page's records (or
one day's), so that the site of 100,000 records is written in bounded memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from dipltime.domain.core import Occurrence, Settings, anniversaries, events_on, party_counts
from dipltime.domain.filters import Filter, Query, month_days, query_anniversaries, query_on
from dipltime.domain.model import Event, Party
from dipltime.domain.streaming import anniversaries_in_order

if TYPE_CHECKING:
    from dipltime.store.loading import Events


class Records(Protocol):
    """What the site asks of the records."""

    parties: Mapping[str, Party]

    def count(self) -> int:
        """How many records there are."""

    def counts(self) -> dict[str, int]:
        """How many records each party takes part in."""

    def of(self, code: str, alone: bool = False) -> Iterator[Event]:
        """The records ``code`` takes part in (with ``alone``, those of no other party),
        oldest first."""

    def on(self, month: int, day: int, year: int, settings: Settings) -> tuple[Occurrence, ...]:
        """The anniversaries on a day of ``year``, as ``dipltime on`` lists them."""

    def through(self, year: int, settings: Settings) -> Iterator[Occurrence]:
        """Every anniversary in ``year``, through the year, as ``anniversaries`` lists them."""


def _near(month: int, day: int) -> set[int]:
    """The month-days whose records can have an anniversary observed on this one."""
    if (month, day) in ((2, 28), (2, 29), (3, 1)):  # 29 February, observed elsewhere
        return {228, 229, 301}
    return {month * 100 + day}


class Whole:
    """A collection held whole (already in memory)."""

    def __init__(self, events: Sequence[Event], parties: Mapping[str, Party]) -> None:
        self.events = events
        self.parties = parties
        self._days: dict[int, list[Event]] | None = None

    def count(self) -> int:
        return len(self.events)

    def counts(self) -> dict[str, int]:
        return party_counts(self.events)

    def of(self, code: str, alone: bool = False) -> Iterator[Event]:
        if alone:
            return (event for event in self.events if set(event.parties) <= {code})
        return (event for event in self.events if code in event.parties)

    def on(self, month: int, day: int, year: int, settings: Settings) -> tuple[Occurrence, ...]:
        if self._days is None:  # each record sorted into the days it touches, once
            self._days = {}
            for event in self.events:
                for touched in month_days(event):
                    self._days.setdefault(touched, []).append(event)
        found = {id(e): e for key in _near(month, day) for e in self._days.get(key, [])}
        candidates = sorted(found.values(), key=lambda event: event.sort_key)
        return events_on(candidates, month, day, year, settings)

    def through(self, year: int, settings: Settings) -> Iterator[Occurrence]:
        return iter(anniversaries(self.events, year, settings))


class Indexed:
    """The cache's index (``store.loading.Events``), read as each page needs it."""

    def __init__(self, events: Events) -> None:
        self.events = events
        self.parties = events.parties

    def count(self) -> int:
        return self.events.counts()[0]

    def counts(self) -> dict[str, int]:
        return party_counts(self.events.stream(Query()))

    def of(self, code: str, alone: bool = False) -> Iterator[Event]:
        if alone:
            return (e for e in self.events.stream(Query()) if set(e.parties) <= {code})
        found = self.events.stream(Query(parties=(code,)))
        return (event for event in found if code in event.parties)

    def on(self, month: int, day: int, year: int, settings: Settings) -> tuple[Occurrence, ...]:
        candidates = list(self.events.stream(query_on(Filter(), month, day, year)))
        return events_on(candidates, month, day, year, settings)

    def through(self, year: int, settings: Settings) -> Iterator[Occurrence]:
        from dipltime.store.tables import BY_DAY_OF_YEAR

        query = query_anniversaries(Filter(), year, False, settings)
        return anniversaries_in_order(self.events.stream(query, BY_DAY_OF_YEAR), year, settings)
