"""The lists of the browser, each a virtual RowList: only the lines on screen are drawn."""

from __future__ import annotations

from collections.abc import Sequence

from dipltime.domain.core import Occurrence
from dipltime.domain.dates import format_span
from dipltime.domain.kinds import KINDS
from dipltime.domain.model import Event
from dipltime.outputs.render import headline, short_day
from dipltime.tui.rowlist import Cell, RowList


class TimelineTable(RowList[Event]):
    """Every event in order, grouped by decade, dates at their precision."""

    COLUMNS = (
        ("decade", "", 5),
        ("date", "Date", 16),
        ("title", "Event", 0),
        ("kind", "Kind", 21),
        ("parties", "Parties", 11),
    )
    NARROW = (("decade", "", 5), ("date", "Date", 16), ("title", "Event", 0))

    def on_resize(self) -> None:
        # Below 100 columns kind and parties give their room to the title
        # (the detail pane shows them).
        self.columns = self.COLUMNS if self.size.width >= 100 else self.NARROW

    def cells(self, index: int) -> Sequence[Cell]:
        event = self.items[index]
        decade = event.date.year // 10 * 10
        first = index == 0 or self.items[index - 1].date.year // 10 * 10 != decade
        return (
            (f"{decade}s" if first else "", "rowlist--strong"),
            (format_span(event.date, event.end), ""),
            (event.title[:1].upper() + event.title[1:], ""),
            (KINDS[event.kind].label, "rowlist--dim"),
            (" ".join(event.parties), "rowlist--dim"),
        )

    def row_of_decade(self, decade: int) -> int | None:
        for index, event in enumerate(self.items):
            if event.date.year // 10 * 10 >= decade:
                return index
        return None


class OccurrenceTable(RowList[Occurrence]):
    """Anniversaries: when they fall, which one, and of what; milestones stand out."""

    COLUMNS = (("when", "Date", 16), ("star", "", 1), ("what", "Anniversary", 0))

    def __init__(self, *, id: str, lead: str) -> None:
        super().__init__(id=id)
        self.lead = lead
        if lead == "observed":
            self.columns = (("when", "On", 16), *self.COLUMNS[1:])

    def cells(self, index: int) -> Sequence[Cell]:
        occ = self.items[index]
        if self.lead == "observed" and occ.observed is not None:
            when = short_day(occ.observed)
        else:
            when = format_span(occ.event.date, occ.event.end)
        text = headline(occ) + (f" — {occ.jubilee}" if occ.jubilee else "")
        strong = "rowlist--strong" if occ.milestone else ""
        return ((when, ""), ("★" if occ.milestone else "", "rowlist--star"), (text, strong))


class OverviewTable(RowList[tuple[int, int]]):
    """How events spread over the decades: a bar per decade."""

    COLUMNS = (("decade", "Decade", 6), ("count", "Events", 7), ("bar", "", 0))

    def cells(self, index: int) -> Sequence[Cell]:
        decade, count = self.items[index]
        top = max((c for _, c in self.items), default=0) or 1
        width = max(1, self.size.width - 18)
        bar = "█" * round(count / top * width) if count else ""
        return ((f"{decade}s", ""), (f"{count:>6}", ""), (bar or ("▏" if count else ""), ""))
