"""A virtual list of rows drawn with Textual's line API.

Only the lines on screen are ever rendered, so replacing 100,000 rows costs
nothing but a length: no widget and no table row per item. A subclass says
which columns there are (``COLUMNS``, or ``columns`` per instance: key, label,
width, with width 0 for the one column that takes the remaining space) and what
each cell of a row holds (``cells``). The header is drawn as the first line, fixed while the rows scroll.
Cells are measured, cut and padded in terminal cells, after ``steady`` has removed
what terminals measure differently (see ``cells.py``), so the columns stay put.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from dipltime.domain.text import neutralise
from dipltime.tui.cells import steady

T = TypeVar("T")
Cell = tuple[str, str]
"""Text and a component class name ("" for the row's own style)."""


class RowList(ScrollView, Generic[T], can_focus=True):
    """A keyboard- and mouse-driven list with a row cursor."""

    BINDINGS: ClassVar[list[Any]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "rowlist--header",
        "rowlist--cursor",
        "rowlist--odd",
        "rowlist--strong",
        "rowlist--dim",
        "rowlist--star",
    }
    DEFAULT_CSS = """
    RowList {
        background: $surface;
        height: 1fr;
    }
    RowList > .rowlist--header { text-style: bold; background: $panel; }
    RowList > .rowlist--cursor { background: $block-cursor-blurred-background; }
    RowList:focus > .rowlist--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    RowList > .rowlist--odd { background: $surface-lighten-1 20%; }
    RowList > .rowlist--strong { text-style: bold; }
    RowList > .rowlist--dim { color: $text-muted; }
    RowList > .rowlist--star { color: $warning; text-style: bold; }
    """
    COLUMNS: ClassVar[tuple[tuple[str, str, int], ...]] = ()

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        """The cursor moved to ``index``."""

        def __init__(self, row_list: RowList[Any], index: int) -> None:
            super().__init__()
            self.row_list = row_list
            self.index = index

        @property
        def control(self) -> RowList[Any]:
            return self.row_list

    class Selected(Highlighted):
        """Enter (or a click on the cursor row) chose ``index``."""

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.items: Sequence[T] = ()
        self.columns: tuple[tuple[str, str, int], ...] = self.COLUMNS

    # --- content -------------------------------------------------------------------------

    def set_items(self, items: Sequence[T]) -> None:
        """Show ``items``: only their number matters until a line is drawn."""
        self.items = items
        self.virtual_size = Size(self.size.width, len(items) + 1)
        self.cursor = min(self.cursor, max(len(items) - 1, 0))
        self.refresh()

    def cells(self, index: int) -> Sequence[Cell]:  # pragma: no cover - subclasses say
        """The cells of row ``index`` of ``items``."""
        raise NotImplementedError

    @property
    def current(self) -> T | None:
        return self.items[self.cursor] if 0 <= self.cursor < len(self.items) else None

    # --- drawing --------------------------------------------------------------------------

    def _widths(self) -> list[int]:
        fixed = sum(width + 1 for _, _, width in self.columns if width)
        fill = max(10, self.size.width - fixed - 1)
        return [width or fill for _, _, width in self.columns]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y == 0:
            header = [(label, "rowlist--header") for _, label, _ in self.columns]
            style = self.get_component_rich_style("rowlist--header")
            return self._strip(header, base + style, width)
        index = self.scroll_offset.y + y - 1
        if index >= len(self.items):
            return Strip.blank(width, base)
        style = base
        if index % 2:
            style = style + self.get_component_rich_style("rowlist--odd")
        if index == self.cursor:
            style = style + self.get_component_rich_style("rowlist--cursor")
        return self._strip(self.cells(index), style, width)

    def _strip(self, cells: Sequence[Cell], style: Style, width: int) -> Strip:
        segments = [Segment(" ", style)]
        for (text, component), size in zip(cells, self._widths(), strict=False):
            cell_style = style
            if component and component != "rowlist--header":
                cell_style = style + self.get_component_rich_style(component)
            text = steady(neutralise(text).replace("\n", " "))
            if cell_len(text) > size:
                text = set_cell_size(text, size - 1) + "…"
            segments.append(Segment(set_cell_size(text, size), cell_style))
            segments.append(Segment(" ", style))
        return Strip(segments).adjust_cell_length(width, style)

    # --- the cursor ----------------------------------------------------------------------------

    def watch_cursor(self, index: int) -> None:
        # Keep the cursor row in view; the header occupies the first line.
        # The row is virtual line index + 1; asking for index too keeps it below the header.
        self.scroll_to_region(Region(0, index, 1, 2), animate=False, force=True)
        self.refresh()
        if self.items:
            self.post_message(self.Highlighted(self, index))

    def move_cursor(self, row: int) -> None:
        if self.items:
            self.cursor = max(0, min(row, len(self.items) - 1))

    def action_cursor(self, delta: int) -> None:
        self.move_cursor(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self.move_cursor(self.cursor + direction * max(1, self.size.height - 2))

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self.items) - 1)

    def action_select(self) -> None:
        if self.items:
            self.post_message(self.Selected(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y - 1
        if 0 <= index < len(self.items):
            if index == self.cursor and event.chain > 1:
                self.action_select()
            self.move_cursor(index)
