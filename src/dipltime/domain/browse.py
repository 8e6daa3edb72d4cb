"""What the timeline browser shows, computed without any user interface.

The TUI calls :func:`compute` off its UI thread whenever a filter, the day or
the window changes, then only paints the result. Pure, like the core.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from dipltime.domain.core import Occurrence, Settings, events_on, only_milestones, upcoming
from dipltime.domain.filters import Filter, select
from dipltime.domain.language import ENGLISH, Language
from dipltime.domain.model import Collection, Event


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

    events: tuple[Event, ...]
    """The timeline: the filtered events, in order."""
    on_day: tuple[Occurrence, ...]
    upcoming: tuple[Occurrence, ...]
    decades: tuple[tuple[int, int], ...]
    """(first year of the decade, number of events) for every decade from the first to the last."""


def compute(
    collection: Collection,
    query: Query,
    today: dt.date,
    settings: Settings,
    haystacks: Sequence[str] | None = None,
) -> Views:
    """Every view for ``query``; ``haystacks`` are the events' folded texts, if computed."""
    events = select(collection.events, query.filter, haystacks)
    on_day = events_on(events, query.month, query.day, today.year, settings)
    coming = upcoming(events, today, query.upcoming_days, settings)
    if query.milestones_only:
        on_day, coming = only_milestones(on_day), only_milestones(coming)
    counts = Counter(event.date.year // 10 * 10 for event in events)
    decades: tuple[tuple[int, int], ...] = ()
    if counts:
        decades = tuple((d, counts.get(d, 0)) for d in range(min(counts), max(counts) + 1, 10))
    return Views(events, on_day, coming, decades)


def describe_filter(flt: Filter, collection: Collection, lang: Language = ENGLISH) -> str:
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
