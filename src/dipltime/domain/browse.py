"""What the timeline browser shows, computed without any user interface.

The TUI calls :func:`compute` off its UI thread whenever a filter, the day or
the window changes, then only paints the result. Pure, like the core.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from dipltime.domain import filters
from dipltime.domain.core import Occurrence, Settings, events_on, only_milestones, upcoming
from dipltime.domain.filters import Filter, select
from dipltime.domain.language import ENGLISH, Language
from dipltime.domain.model import Collection, Event, Party


@dataclass(frozen=True)
class Query:
    """Everything the user has chosen."""

    filter: Filter = Filter()
    month: int = 1
    day: int = 1
    upcoming_days: int = 30
    milestones_only: bool = False


@dataclass(frozen=True)
class Views:
    """The content of every view for one query."""

    events: Sequence[Event]
    """The timeline: the filtered events, in order."""
    on_day: tuple[Occurrence, ...]
    upcoming: tuple[Occurrence, ...]
    decades: tuple[tuple[int, int], ...]
    """(first year of the decade, number of events) for every decade from the first to the last."""


class Paged(Protocol):
    """A collection read a page at a time (a store's): it finds what a view shows itself."""

    parties: dict[str, Party]

    @property
    def events(self) -> Sequence[Event]:
        """Every event, in chronological order."""

    def timeline(
        self, flt: Filter, folded: Callable[[Event], str] | None = None
    ) -> tuple[Sequence[Event], Counter[int]]:
        """The events that pass ``flt`` in order, and how many begin in each decade."""

    def matching(
        self, query: filters.Query, flt: Filter, folded: Callable[[Event], str] | None = None
    ) -> list[Event]:
        """The events that pass ``flt`` among those ``query`` admits."""


def compute(
    collection: Collection | Paged,
    query: Query,
    today: dt.date,
    settings: Settings,
    haystacks: Sequence[str] | None = None,
    folded: Callable[[Event], str] | None = None,
) -> Views:
    """Every view for ``query``; ``haystacks`` are the events' folded texts, if computed
    (a :class:`Paged` collection takes ``folded``, which makes one)."""
    flt = query.filter
    if isinstance(collection, Collection):
        events: Sequence[Event] = select(collection.events, flt, haystacks)
        counts = Counter(event.date.year // 10 * 10 for event in events)
        day, window = events, events
    else:
        events, counts = collection.timeline(flt, folded)
        day = collection.matching(
            filters.query_on(flt, query.month, query.day, today.year), flt, folded
        )
        window = collection.matching(
            filters.query_upcoming(flt, today, query.upcoming_days), flt, folded
        )
    on_day = events_on(day, query.month, query.day, today.year, settings)
    coming = upcoming(window, today, query.upcoming_days, settings)
    if query.milestones_only:
        on_day, coming = only_milestones(on_day), only_milestones(coming)
    decades: tuple[tuple[int, int], ...] = ()
    if counts:
        decades = tuple((d, counts.get(d, 0)) for d in range(min(counts), max(counts) + 1, 10))
    return Views(events, on_day, coming, decades)


def describe_filter(flt: Filter, collection: Collection | Paged, lang: Language = ENGLISH) -> str:
    """The active filters in a few words, or "" when there are none."""
    _ = lang._
    parts = []
    if flt.parties:
        named = " & ".join(lang.party(collection.parties.get(c), c) for c in flt.parties)
        parts.append(_("party {parties}").format(parties=named))
    if flt.kinds:
        parts.append(_("kind {kinds}").format(kinds=" | ".join(k.value for k in flt.kinds)))
    if flt.tags:
        parts.append(_("tag {tags}").format(tags=" | ".join(flt.tags)))
    if flt.since or flt.until:
        since = flt.since.iso() if flt.since else "…"
        until = flt.until.iso() if flt.until else "…"
        parts.append(f"{since} – {until}")
    if flt.text:
        parts.append(_("text “{text}”").format(text=flt.text))
    return " · ".join(parts)
