"""The browser's command palette and its key bindings, in the browser's language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding

from dipltime.domain.language import Language

if TYPE_CHECKING:
    from dipltime.tui.app import DipltimeApp


def commands(app: DipltimeApp) -> Iterable[SystemCommand]:
    """dipltime's own entries of the command palette."""
    _ = app.lang._
    yield SystemCommand(_("Filter"), _("Filter by party, kind, tag and years"), app.action_filter)
    yield SystemCommand(_("Clear filters"), _("Show every event"), app.action_clear_filters)
    yield SystemCommand(
        _("Search"), _("Search titles, summaries, people and places"), app.action_search
    )
    yield SystemCommand(
        _("On this day…"), _("Show the events of another day"), app.action_choose_day
    )
    yield SystemCommand(
        _("Milestones only"),
        _("Toggle milestones only in On this day and Upcoming"),
        app.action_toggle_milestones,
    )
    yield SystemCommand(
        _("Export selection"),
        _("Write the filtered events as an .ics calendar"),
        app.action_export,
    )
    for view, title in (
        ("timeline", _("Timeline")),
        ("on-this-day", _("On this day")),
        ("upcoming", _("Upcoming")),
        ("overview", _("Overview")),
    ):
        yield SystemCommand(
            _("View: {title}").format(title=title),
            _("Show the {title} view").format(title=title),
            lambda v=view: app.action_view(v),
        )


def speaking(lang: Language | None) -> type[DipltimeApp]:
    """The browser's class with its key bindings described in ``lang`` (Textual reads them
    from the class)."""
    from dipltime.tui.app import DipltimeApp

    if lang is None or lang.is_source:
        return DipltimeApp
    _ = lang._
    said = {
        "Quit": _("Quit"), "Help": _("Help"), "Search": _("Search"), "Filter": _("Filter"),
        "Clear": _("Clear"), "Day": _("Day"), "Milestones": _("Milestones"),
        "Export": _("Export"), "Longer window": _("Longer window"),
        "Shorter window": _("Shorter window"), "Timeline": _("Timeline"),
        "On this day": _("On this day"), "Upcoming": _("Upcoming"), "Overview": _("Overview"),
    }  # fmt: skip
    bindings = [
        Binding(b.key, b.action, said.get(b.description, b.description), b.show, b.key_display)
        for b in DipltimeApp.BINDINGS
        if isinstance(b, Binding)
    ]
    # The module is the browser's: Textual finds CSS_PATH beside the class's module.
    namespace = {"BINDINGS": bindings, "__module__": DipltimeApp.__module__}
    return type("DipltimeApp", (DipltimeApp,), namespace)
