"""The detail pane: one record in full, with its anniversary this year."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from dipltime.domain.core import Settings, occurrence
from dipltime.domain.dates import MARKS, format_span
from dipltime.domain.kinds import KINDS
from dipltime.domain.model import Collection, Event
from dipltime.domain.text import neutralise, ordinal
from dipltime.outputs.render import short_day


class DetailPane(VerticalScroll):
    """Shows the record under the cursor of whichever view is in front."""

    can_focus = True

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(id="detail-body")

    def show(
        self, event: Event | None, collection: Collection, today: dt.date, settings: Settings
    ) -> None:
        body = self.query_one("#detail-body", Static)
        body.update(
            describe(event, collection, today, settings)
            if event
            else Text("Nothing selected.", style="italic")
        )
        self.scroll_home(animate=False)


def describe(event: Event, collection: Collection, today: dt.date, settings: Settings) -> Text:
    """The record as rich text. Data goes in as plain text: no markup is ever interpreted."""
    text = Text()
    text.append(neutralise(event.title[:1].upper() + event.title[1:]), style="bold")
    text.append("\n\n")

    def row(label: str, value: str, style: str = "") -> None:
        if value:
            text.append(f"{label} ".ljust(9), style="dim")  # a long label keeps its space
            text.append(neutralise(value) + "\n", style=style)

    row("Date", f"{format_span(event.date, event.end)} ({event.date.precision.value})")
    if event.mark:
        row("Basis", MARKS[event.mark], "yellow")
    if event.certainty != "certain":
        row("Certainty", f"{event.certainty}: {event.certainty_note}", "yellow")
    for role, codes in event.roles:
        row(role.capitalize(), ", ".join(collection.party_name(c) for c in codes))
    row("Kind", KINDS[event.kind].label)
    row("Parties", ", ".join(collection.party_name(c) for c in event.parties))
    row("Places", "; ".join(event.places))
    row("People", "; ".join(event.people))
    row("Tags", ", ".join(event.tags))
    occ = occurrence(event, today.year, settings)
    if occ.anniversary is not None:
        when = f" on {short_day(occ.observed, pad=False)}" if occ.observed else " (no day)"
        mark = " ★ " + (occ.jubilee or "milestone") if occ.milestone else ""
        row(
            str(today.year),
            f"{ordinal(occ.anniversary)} anniversary{when}{mark}",
            "bold yellow" if occ.milestone else "",
        )
    elif event.date.year == today.year:
        row(str(today.year), "this year")
    text.append("\n" + neutralise(event.summary) + "\n")
    if event.date_note:
        text.append("\nHow the date was obtained: ", style="dim")
        text.append(neutralise(event.date_note) + "\n")
    if event.notes:
        text.append("\nNotes: ", style="dim")
        text.append(neutralise(event.notes) + "\n")
    text.append("\nSources\n", style="bold")
    for number, src in enumerate(event.sources, 1):
        where = ", ".join(x for x in (src.document, src.locator) if x)
        line = f"{number}. {src.publisher}; {src.title}; {src.date}" + (
            f" — {where}" if where else ""
        )
        text.append(neutralise(line) + "\n")
    text.append(f"\n{event.id}", style="dim")
    return text
