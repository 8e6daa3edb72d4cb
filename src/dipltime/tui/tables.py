"""The lists of the browser, each a virtual RowList: only the lines on screen are drawn."""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence

from dipltime.domain.core import Occurrence
from dipltime.domain.kinds import KINDS
from dipltime.domain.language import ENGLISH, Language
from dipltime.domain.model import Event, Party
from dipltime.i18n import N_
from dipltime.outputs.render import headline, title
from dipltime.tui.rowlist import Cell, RowList


class Speaking:
    """What a list needs to speak the browser's language: the language and the parties."""

    lang: Language = ENGLISH
    parties: Mapping[str, Party] = {}

    def speak(self, lang: Language, parties: Mapping[str, Party]) -> None:
        self.lang, self.parties = lang, parties


class TimelineTable(Speaking, RowList[Event]):
    """Every event in order, grouped by decade, dates at their precision."""

    COLUMNS = (
        ("decade", "", 5),
        ("date", N_("Date"), 16),
        ("title", N_("Event"), 0),
        ("kind", N_("Kind"), 21),
        ("parties", N_("Parties"), 11),
    )
    NARROW = (("decade", "", 5), ("date", N_("Date"), 16), ("title", N_("Event"), 0))

    def speak(self, lang: Language, parties: Mapping[str, Party]) -> None:
        super().speak(lang, parties)
        self.on_resize()

    def on_resize(self) -> None:
        # Below 100 columns kind and parties give their room to the title
        # (the detail pane shows them).
        columns = self.COLUMNS if self.size.width >= 100 else self.NARROW
        _, width = self.lang._, self.lang.column
        self.columns = tuple(
            (key, _(header) if header else "", width if key == "date" else size)
            for key, header, size in columns
        )

    def cells(self, index: int) -> Sequence[Cell]:
        event = self.items[index]
        decade = event.date.year // 10 * 10
        first = index == 0 or self.items[index - 1].date.year // 10 * 10 != decade
        return (
            (f"{decade}s" if first else "", "rowlist--strong"),
            (self.lang.span(event.date, event.end), ""),
            (self.lang.standalone(title(event, self.parties, self.lang)), ""),
            (self.lang.kind(KINDS[event.kind].label), "rowlist--dim"),
            (" ".join(event.parties), "rowlist--dim"),
        )

    def row_of_decade(self, decade: int) -> int | None:
        """The first row of ``decade`` or after (a binary search: the rows are in date
        order, and a paged timeline decodes only the rows it looks at)."""
        index = bisect.bisect_left(self.items, decade, key=lambda e: e.date.year // 10 * 10)
        return index if index < len(self.items) else None


class OccurrenceTable(Speaking, RowList[Occurrence]):
    """Anniversaries: when they fall, which one, and of what; milestones stand out."""

    COLUMNS = (("when", N_("Date"), 16), ("star", "", 1), ("what", N_("Anniversary"), 0))

    def __init__(self, *, id: str, lead: str) -> None:
        super().__init__(id=id)
        self.lead = lead
        if lead == "observed":
            self.columns = (("when", N_("On"), 16), *self.COLUMNS[1:])

    def speak(self, lang: Language, parties: Mapping[str, Party]) -> None:
        super().speak(lang, parties)
        self.columns = tuple(
            (key, lang._(header) if header else "", lang.column if key == "when" else size)
            for key, header, size in self.columns
        )

    def cells(self, index: int) -> Sequence[Cell]:
        occ, lang = self.items[index], self.lang
        if self.lead == "observed" and occ.observed is not None:
            when = lang.short_day(occ.observed)
        else:
            when = lang.span(occ.event.date, occ.event.end)
        jubilee = lang.jubilee(occ.jubilee)
        text = headline(occ, lang, self.parties) + (f" — {jubilee}" if jubilee else "")
        strong = "rowlist--strong" if occ.milestone else ""
        return ((when, ""), ("★" if occ.milestone else "", "rowlist--star"), (text, strong))


class OverviewTable(Speaking, RowList[tuple[int, int]]):
    """How events spread over the decades: a bar per decade."""

    COLUMNS = (("decade", N_("Decade"), 6), ("count", N_("Events"), 7), ("bar", "", 0))

    def speak(self, lang: Language, parties: Mapping[str, Party]) -> None:
        super().speak(lang, parties)
        self.columns = tuple((k, lang._(h) if h else "", n) for k, h, n in self.COLUMNS)

    def cells(self, index: int) -> Sequence[Cell]:
        decade, count = self.items[index]
        top = max((c for _, c in self.items), default=0) or 1
        width = max(1, self.size.width - 18)
        bar = "█" * round(count / top * width) if count else ""
        return ((f"{decade}s", ""), (f"{count:>6}", ""), (bar or ("▏" if count else ""), ""))
