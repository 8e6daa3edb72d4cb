"""The three tables of the browser. Rows are painted by DataTable, never a widget per row."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from dipltime.core import Occurrence
from dipltime.dates import format_span
from dipltime.model import KINDS, Event
from dipltime.render import headline, short_day
from dipltime.text import neutralise


class Table(DataTable[object]):
    """A row-cursor table with the keys people expect from lists in a terminal."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "First", show=False),
        Binding("G", "scroll_bottom", "Last", show=False),
    ]

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def action_scroll_top(self) -> None:
        if self.row_count:
            self.move_cursor(row=0)

    def action_scroll_bottom(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)


class FittedTable(Table):
    """A table whose text column takes the width the others leave.

    Columns listed in ``OPTIONAL`` are shown only when the table is wide enough
    for them and a 40-cell text column; a narrow table drops them (the detail
    pane still shows them) rather than scroll sideways.
    """

    FIT = "title"
    COLUMNS: tuple[tuple[str, str, int], ...] = ()
    """(key, label, width) in order; the FIT column's width is computed."""
    OPTIONAL: frozenset[str] = frozenset()

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self._rows: list[tuple[object, ...]] = []
        self._wide: bool | None = None

    def on_resize(self) -> None:
        self._layout()

    def on_mount(self) -> None:
        self._layout()

    def _layout(self) -> None:
        width = self.size.width or 80
        padding = 2 * self.cell_padding
        fixed = sum(w + padding for key, _, w in self.COLUMNS if key != self.FIT)
        optional = sum(w + padding for key, _, w in self.COLUMNS if key in self.OPTIONAL)
        wide = width - fixed - padding - 2 >= 40
        text = width - (fixed if wide else fixed - optional) - padding - 2
        if wide != self._wide:
            self._wide = wide
            self.clear(columns=True)
            for key, label, w in self.COLUMNS:
                if wide or key not in self.OPTIONAL:
                    self.add_column(label, key=key, width=max(20, text) if key == self.FIT else w)
            self._paint()
        else:
            column = self.columns.get(ColumnKey(self.FIT))
            if column is not None and column.width != max(20, text):
                column.width = max(20, text)
                # DataTable has no public way to change a column's width once added.
                self._require_update_dimensions = True
                self.refresh()

    def set_rows(self, rows: list[tuple[object, ...]]) -> None:
        self._rows = rows
        self._paint()

    def _paint(self) -> None:
        self.clear()
        if self._wide:
            self.add_rows(self._rows)
        else:
            keep = [i for i, (key, _, _) in enumerate(self.COLUMNS) if key not in self.OPTIONAL]
            self.add_rows([tuple(row[i] for i in keep) for row in self._rows])


def _line(text: str, style: str = "") -> Text:
    return Text(neutralise(text), style=style, no_wrap=True, overflow="ellipsis")


class TimelineTable(FittedTable):
    """Every event in order, grouped by decade, dates at their precision."""

    COLUMNS = (
        ("decade", "", 5),
        ("date", "Date", 15),
        ("title", "Event", 0),
        ("kind", "Kind", 21),
        ("parties", "Parties", 13),
    )
    OPTIONAL = frozenset({"kind", "parties"})

    def show(self, events: Sequence[Event]) -> None:
        rows: list[tuple[object, ...]] = []
        last_decade = None
        for event in events:
            decade = event.date.year // 10 * 10
            label = f"{decade}s" if decade != last_decade else ""
            last_decade = decade
            title = event.title[:1].upper() + event.title[1:]
            rows.append(
                (
                    Text(label, style="bold"),
                    format_span(event.date, event.end),
                    _line(title),
                    KINDS[event.kind].label,
                    " ".join(event.parties),
                )
            )
        self.set_rows(rows)

    def row_of_decade(self, events: Sequence[Event], decade: int) -> int | None:
        for index, event in enumerate(events):
            if event.date.year // 10 * 10 >= decade:
                return index
        return None


class OccurrenceTable(FittedTable):
    """Anniversaries: when they fall, which one, and of what; milestones stand out."""

    FIT = "what"
    COLUMNS = (("when", "Date", 17), ("star", "", 1), ("what", "Anniversary", 0))

    def __init__(self, *, id: str, lead: str) -> None:
        super().__init__(id=id)
        self.lead = lead
        if lead == "observed":
            self.COLUMNS = (("when", "On", 17), *self.COLUMNS[1:])

    def show(self, occurrences: Sequence[Occurrence]) -> None:
        rows: list[tuple[object, ...]] = []
        for occ in occurrences:
            if self.lead == "observed" and occ.observed is not None:
                when = short_day(occ.observed)
            else:
                when = format_span(occ.event.date, occ.event.end)
            text = _line(headline(occ))
            if occ.jubilee:
                text.append(f" — {occ.jubilee}")
            star = Text("★" if occ.milestone else "")
            if occ.milestone:
                text.stylize("bold")
                star.stylize("bold yellow")
            rows.append((when, star, text))
        self.set_rows(rows)


class OverviewTable(Table):
    """How events spread over the decades: a bar per decade."""

    BAR = 40

    def on_mount(self) -> None:
        self.add_column("Decade", key="decade", width=7)
        self.add_column("Events", key="count", width=6)
        self.add_column("", key="bar")

    def show(self, decades: Sequence[tuple[int, int]]) -> None:
        self.clear()
        top = max((count for _, count in decades), default=0) or 1
        rows = []
        for decade, count in decades:
            width = round(count / top * self.BAR)
            bar = "█" * width if width or not count else "▏"
            rows.append((f"{decade}s", Text(str(count), justify="right"), bar))
        self.add_rows(rows)
