"""The detail pane: one record in full, with its anniversary this year."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from dipltime.domain.browse import Paged
from dipltime.domain.core import Settings, occurrence
from dipltime.domain.dates import MARKS
from dipltime.domain.kinds import KINDS
from dipltime.domain.language import ENGLISH, Language
from dipltime.domain.model import Collection, Event
from dipltime.domain.text import neutralise
from dipltime.outputs.render import title as title_of


class DetailPane(VerticalScroll):
    """Shows the record under the cursor of whichever view is in front."""

    can_focus = True
    lang: Language = ENGLISH

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(id="detail-body")

    def show(
        self,
        event: Event | None,
        collection: Collection | Paged,
        today: dt.date,
        settings: Settings,
    ) -> None:
        body = self.query_one("#detail-body", Static)
        body.update(
            describe(event, collection, today, settings, self.lang)
            if event
            else Text(self.lang._("Nothing selected."), style="italic")
        )
        self.scroll_home(animate=False)


def describe(
    event: Event,
    collection: Collection | Paged,
    today: dt.date,
    settings: Settings,
    lang: Language = ENGLISH,
) -> Text:
    """The record as rich text. Data goes in as plain text: no markup is ever interpreted."""
    _ = lang._
    text = Text()
    named = title_of(event, collection.parties, lang)
    text.append(neutralise(lang.standalone(named)), style="bold")
    text.append("\n\n")
    width = 9 if lang.is_source else 14

    def row(label: str, value: str, style: str = "") -> None:
        if value:
            text.append(f"{label} ".ljust(width), style="dim")  # a long label keeps its space
            text.append(neutralise(value) + "\n", style=style)

    def name(code: str) -> str:
        return lang.party(collection.parties.get(code), code)

    precision = {"year": _("year"), "month": _("month"), "day": _("day")}
    # TRANSLATORS: the labels of the browser's detail pane (a column about 12 wide).
    row(_("Date"), f"{lang.span(event.date, event.end)} ({precision[event.date.precision.value]})")
    if event.mark:
        row(_("Basis"), _(MARKS[event.mark]), "yellow")
    if event.certainty != "certain":
        row(_("Certainty"), f"{lang.certainty(event.certainty)}: {event.certainty_note}", "yellow")
    for role, codes in event.roles:
        row(lang.role(role).capitalize(), ", ".join(name(c) for c in codes))
    row(_("Kind"), lang.kind(KINDS[event.kind].label))
    row(_("Parties"), ", ".join(name(c) for c in event.parties))
    row(_("Places"), "; ".join(event.places))
    row(_("People"), "; ".join(event.people))
    row(_("Tags"), ", ".join(event.tags))
    occ = occurrence(event, today.year, settings)
    if occ.anniversary is not None:
        when = (
            _(" on {day}").format(day=lang.short_day(occ.observed, pad=False))
            if occ.observed
            else _(" (no day)")
        )
        mark = " ★ " + (lang.jubilee(occ.jubilee) or _("milestone")) if occ.milestone else ""
        which = _("{ordinal} anniversary").format(ordinal=lang.ordinal(occ.anniversary))
        row(str(today.year), f"{which}{when}{mark}", "bold yellow" if occ.milestone else "")
    elif event.date.year == today.year:
        row(str(today.year), _("this year"))
    lead = _("[in English] ") if not lang.is_source else ""
    text.append("\n" + lead + neutralise(event.summary) + "\n")
    if event.date_note:
        text.append("\n" + _("How the date was obtained: "), style="dim")
        text.append(neutralise(event.date_note) + "\n")
    if event.notes:
        text.append("\n" + _("Notes: ") + lead, style="dim")
        text.append(neutralise(event.notes) + "\n")
    text.append("\n" + _("Sources") + "\n", style="bold")
    for number, src in enumerate(event.sources, 1):
        where = ", ".join(x for x in (src.document, src.locator) if x)
        said = (lang.stated(x) for x in (src.publisher, src.title, src.date))
        line = f"{number}. " + "; ".join(said) + (f" — {where}" if where else "")
        text.append(neutralise(line) + "\n")
    text.append(f"\n{event.id}", style="dim")
    return text
