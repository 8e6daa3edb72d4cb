"""The dipltime browser: timeline, on this day, upcoming and overview, over loaded events.

The app receives a validated collection and "today"; it never reads the
events itself. Filtering runs in a worker thread and only the painting happens
on the UI thread, so typing stays responsive with 100,000 events.

Every text on screen is shown as written: widgets are made with
``markup=False`` and notifications sent with it, because records, party names,
typed searches and file names may contain ``[``, which Textual would otherwise
read as markup (and stop on, for ``[/``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from dipltime.domain.browse import Paged, Query, Views, compute, describe_filter
from dipltime.domain.core import Settings
from dipltime.domain.filters import Filter, haystack
from dipltime.domain.language import ENGLISH, Language
from dipltime.domain.model import Collection, Event
from dipltime.domain.text import fold
from dipltime.errors import DipltimeError
from dipltime.outputs.render import title
from dipltime.tui import captions
from dipltime.tui.detail import DetailPane
from dipltime.tui.dialogs import FilterDialog, day_dialog, export_dialog
from dipltime.tui.palette import commands
from dipltime.tui.rowlist import RowList
from dipltime.tui.tables import OccurrenceTable, OverviewTable, Speaking, TimelineTable

NARROW = 100
"""Below this many columns the detail pane moves under the list."""


class DipltimeApp(App[None]):
    """Two centuries of diplomacy at the keyboard."""

    TITLE = "dipltime"
    CSS_PATH = "dipltime.tcss"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "toggle_help", "Help", key_display="?"),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("f", "filter", "Filter"),
        Binding("x", "clear_filters", "Clear"),
        Binding("d", "choose_day", "Day"),
        Binding("m", "toggle_milestones", "Milestones"),
        Binding("e", "export", "Export"),
        Binding("plus", "window(30)", "Longer window", show=False, key_display="+"),
        Binding("minus", "window(-30)", "Shorter window", show=False, key_display="-"),
        Binding("1", "view('timeline')", "Timeline", show=False),
        Binding("2", "view('on-this-day')", "On this day", show=False),
        Binding("3", "view('upcoming')", "Upcoming", show=False),
        Binding("4", "view('overview')", "Overview", show=False),
    ]

    def __init__(
        self,
        collection: Collection | Paged,
        today: dt.date,
        settings: Settings,
        lang: Language = ENGLISH,
    ) -> None:
        super().__init__()
        self.collection = collection
        self.today = today
        self.settings = settings
        self.lang = lang
        self.query_state = Query(month=today.month, day=today.day)
        self.views = Views((), (), (), ())
        self._haystacks: tuple[str, ...] | None = None
        events = lang.n_("{n} event", "{n} events", len(collection.events))
        self.sub_title = lang._("{events} · today {day}").format(
            events=events.format(n=len(collection.events)), day=lang.short_day(today, pad=False)
        )

    # --- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        _ = self.lang._
        yield Header()
        yield Static("", id="filters", markup=False)
        with Horizontal(id="main"):
            with TabbedContent(id="views", initial="timeline"):
                with TabPane("1 " + _("Timeline"), id="timeline"):
                    yield Static("", id="timeline-caption", classes="caption", markup=False)
                    yield TimelineTable(id="timeline-table")
                    yield Static(
                        _("No events match. Press x to clear the filters."),
                        id="timeline-empty",
                        classes="empty",
                        markup=False,
                    )
                with TabPane("2 " + _("On this day"), id="on-this-day"):
                    yield Static("", id="day-caption", classes="caption", markup=False)
                    yield OccurrenceTable(id="day-table", lead="date")
                    yield Static(
                        _(
                            "Nothing happened on this day among the events shown. "
                            "Press d for another day."
                        ),
                        id="day-empty",
                        classes="empty",
                        markup=False,
                    )
                with TabPane("3 " + _("Upcoming"), id="upcoming"):
                    yield Static("", id="upcoming-caption", classes="caption", markup=False)
                    yield OccurrenceTable(id="upcoming-table", lead="observed")
                    yield Static(
                        _("No anniversaries in this window."),
                        id="upcoming-empty",
                        classes="empty",
                        markup=False,
                    )
                with TabPane("4 " + _("Overview"), id="overview"):
                    yield Static("", id="overview-caption", classes="caption", markup=False)
                    yield OverviewTable(id="overview-table")
            yield DetailPane(id="detail")
        yield Input(
            placeholder=_("Search title, summary, people, places (Enter keeps, Esc clears)"),
            id="search",
        )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        for table in self.query(RowList):
            if isinstance(table, Speaking):
                table.speak(self.lang, self.collection.parties)
        self.query_one(DetailPane).lang = self.lang
        self._fit(self.size.width)
        self.query_one(TimelineTable).focus()
        self.refresh_views()

    def on_resize(self, event: object) -> None:
        self._fit(self.size.width)

    def _fit(self, width: int) -> None:
        self.query_one("#main").set_class(width < NARROW, "narrow")

    # --- computing and painting -----------------------------------------------------------

    @work(thread=True, exclusive=True, group="views")
    def refresh_views(self) -> None:
        """Compute every view off the UI thread, then paint on it (unless overtaken)."""
        query = self.query_state
        whole = isinstance(self.collection, Collection)
        if query.filter.text and self._haystacks is None and whole:
            # Folded once, at the first search; every later key only compares.
            self._haystacks = tuple(self._haystack(event) for event in self.collection.events)
        # A paged collection searches the records' own text itself; a title made in the
        # browser's language is searched record by record.
        folded = None if self.lang.is_source else self._haystack
        views = compute(self.collection, query, self.today, self.settings, self._haystacks, folded)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._paint, views)

    def _haystack(self, event: Event) -> str:
        """What a search looks in, the title shown included (one generated in the browser's
        language, for a record that gives none in it)."""
        found = haystack(event)
        if not self.lang.is_source and self.lang.code not in dict(event.titles):
            found += " " + fold(title(event, self.collection.parties, self.lang))
        return found

    def _paint(self, views: Views) -> None:
        self.views = views
        query, lang, today = self.query_state, self.lang, self.today
        described = describe_filter(query.filter, self.collection, lang)
        bar = self.query_one("#filters", Static)
        bar.update(captions.filter_bar(described, lang))
        bar.set_class(bool(described), "active")

        self.query_one(TimelineTable).set_items(views.events)
        total = len(self.collection.events)
        self._caption("#timeline-caption", captions.timeline(len(views.events), total, lang))
        self._empty("#timeline-empty", not views.events)

        self.query_one("#day-table", OccurrenceTable).set_items(views.on_day)
        self._caption("#day-caption", captions.on_day(query, len(views.on_day), today, lang))
        self._empty("#day-empty", not views.on_day)

        self.query_one("#upcoming-table", OccurrenceTable).set_items(views.upcoming)
        caption = captions.upcoming(query, len(views.upcoming), today, lang)
        self._caption("#upcoming-caption", caption)
        self._empty("#upcoming-empty", not views.upcoming)

        self.query_one(OverviewTable).set_items(views.decades)
        self._caption("#overview-caption", lang._("Events per decade  (Enter: go to the decade)"))
        self._show_detail()

    def _caption(self, selector: str, text: str) -> None:
        self.query_one(selector, Static).update(text)

    def _empty(self, selector: str, empty: bool) -> None:
        self.query_one(selector, Static).set_class(empty, "shown")

    # --- the detail pane follows the cursor ------------------------------------------------

    def on_row_list_highlighted(self, message: RowList.Highlighted) -> None:
        self._show_detail()

    def on_tabbed_content_tab_activated(self, message: TabbedContent.TabActivated) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        self.query_one(DetailPane).show(
            self.current_event(), self.collection, self.today, self.settings
        )

    def current_event(self) -> Event | None:
        """The event under the cursor of the view in front, if any."""
        view = self.query_one(TabbedContent).active
        if view == "timeline":
            return self.query_one(TimelineTable).current
        if view in ("on-this-day", "upcoming"):
            table = "#day-table" if view == "on-this-day" else "#upcoming-table"
            occ = self.query_one(table, OccurrenceTable).current
            return occ.event if occ is not None else None
        return None

    # --- actions ----------------------------------------------------------------------------

    def action_view(self, view: str) -> None:
        self.query_one(TabbedContent).active = view
        self._focus_view()

    def _focus_view(self) -> None:
        view = self.query_one(TabbedContent).active
        tables = {
            "timeline": "#timeline-table",
            "on-this-day": "#day-table",
            "upcoming": "#upcoming-table",
            "overview": "#overview-table",
        }
        self.query_one(tables[view], RowList).focus()

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.add_class("shown")
        search.focus()

    def on_input_changed(self, message: Input.Changed) -> None:
        if message.input.id == "search":
            self._set_filter(self._with_text(message.value))

    def on_input_submitted(self, message: Input.Submitted) -> None:
        if message.input.id == "search":
            message.input.remove_class("shown")
            self._focus_view()

    def on_key(self, event: object) -> None:
        key = getattr(event, "key", "")
        search = self.query_one("#search", Input)
        if key == "escape" and search.has_focus:
            search.value = ""
            search.remove_class("shown")
            self._focus_view()

    def _with_text(self, text: str) -> Filter:
        flt = self.query_state.filter
        return Filter(flt.parties, flt.kinds, flt.tags, flt.since, flt.until, text.strip())

    def _set_filter(self, flt: Filter) -> None:
        self._set_query(
            Query(
                flt,
                self.query_state.month,
                self.query_state.day,
                self.query_state.upcoming_days,
                self.query_state.milestones_only,
            )
        )

    def _set_query(self, query: Query) -> None:
        self.query_state = query
        self.refresh_views()

    def action_filter(self) -> None:
        def done(result: Filter | None) -> None:
            if result is not None:
                self._set_filter(result)

        self.push_screen(FilterDialog(self.collection, self.query_state.filter, self.lang), done)

    def action_clear_filters(self) -> None:
        search = self.query_one("#search", Input)
        with search.prevent(Input.Changed):
            search.value = ""
        self._set_filter(Filter())
        self.notify(self.lang._("Filters cleared"), markup=False)

    def action_choose_day(self) -> None:
        def done(result: tuple[int, int] | None) -> None:
            if result is not None:
                q = self.query_state
                self._set_query(
                    Query(q.filter, result[0], result[1], q.upcoming_days, q.milestones_only)
                )
                self.action_view("on-this-day")

        current = (self.query_state.month, self.query_state.day)
        self.push_screen(day_dialog(current, self.today, self.lang), done)

    def action_toggle_milestones(self) -> None:
        q = self.query_state
        self._set_query(Query(q.filter, q.month, q.day, q.upcoming_days, not q.milestones_only))
        self.notify(
            self.lang._("Milestones only")
            if not q.milestones_only
            else self.lang._("All anniversaries"),
            markup=False,
        )

    def action_window(self, days: int) -> None:
        """Lengthen or shorten the Upcoming window, a month at a time."""
        q = self.query_state
        length = max(30, min(q.upcoming_days + days, 3660))
        self._set_query(Query(q.filter, q.month, q.day, length, q.milestones_only))
        self.action_view("upcoming")

    def action_export(self) -> None:
        def done(result: Path | None) -> None:
            if result is not None:
                self._export(result)

        self.push_screen(export_dialog("dipltime-selection.ics", self.lang), done)

    def _export(self, path: Path) -> None:
        from dipltime.outputs.ics import ExportOptions, build_calendar, is_ours
        from dipltime.outputs.safeio import write_atomic

        options = ExportOptions(
            years=range(self.today.year, self.today.year + 10),
            undated=True,
            settings=self.settings,
            name=self.lang._("Diplomatic anniversaries (selection)"),
            lang=self.lang.code,
        )
        try:
            # A paged collection has the face build_calendar reads (events, parties).
            export = build_calendar(self.views.events, cast(Collection, self.collection), options)
            write_atomic(path, export.data, ours=is_ours)
        except DipltimeError as exc:
            self.notify(
                ". ".join(exc.said(self.lang._)),
                title=self.lang._("Export failed"),
                severity="error",
                markup=False,
            )
            return
        _ = self.lang._
        events = self.lang.n_("{n} calendar event", "{n} calendar events", export.events)
        self.notify(
            _("{events} ({first}–{last}) written to {path}").format(
                events=events.format(n=export.events),
                first=self.today.year,
                last=self.today.year + 9,
                path=path.resolve(),
            ),
            title=_("Exported"),
            markup=False,
        )

    def on_row_list_selected(self, message: RowList.Selected) -> None:
        if message.row_list.id != "overview-table" or not self.views.decades:
            return
        decade = self.views.decades[message.index][0]
        timeline = self.query_one(TimelineTable)
        row = timeline.row_of_decade(decade)
        self.action_view("timeline")
        if row is not None:
            timeline.move_cursor(row)

    # --- command palette ---------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from commands(self)
