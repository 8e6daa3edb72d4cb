"""Turning events and occurrences into text for a terminal, or into JSON.

Pure functions returning strings: the CLI decides where they go. Text from the
data passes through :func:`dipltime.domain.text.neutralise`, so a control sequence in
a record can never reach the terminal as one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from dipltime.domain.core import Occurrence
from dipltime.domain.dates import MONTH_ABBR, MONTH_NAMES, format_span
from dipltime.domain.model import KINDS, DateBasis, Event, Party
from dipltime.domain.text import neutralise, ordinal

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class Style(NamedTuple):
    """ANSI styling, or none at all (not a terminal, ``NO_COLOR``)."""

    color: bool = False

    def _wrap(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color and text else text

    def bold(self, text: str) -> str:
        return self._wrap("1", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)

    def star(self, text: str) -> str:
        return self._wrap("1;33", text)

    def warn(self, text: str) -> str:
        return self._wrap("33", text)


PLAIN = Style()


def day_heading(day: dt.date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def short_day(day: dt.date, pad: bool = True) -> str:
    """``Sat 14 Nov 2026``; ``pad`` right-aligns the day for columns (``Sun  1 Nov 2026``)."""
    number = f"{day.day:>2}" if pad else str(day.day)
    return f"{WEEKDAYS[day.weekday()]} {number} {MONTH_ABBR[day.month - 1]} {day.year}"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def headline(occ: Occurrence) -> str:
    """``30th anniversary of Peru–Viet Nam diplomatic relations``, or the title in its own year."""
    title = neutralise(occ.event.title)
    if occ.anniversary is None:
        return _capitalised(title)
    return f"{ordinal(occ.anniversary)} anniversary of {title}"


class _Names(dict[tuple[str, ...], str]):
    """The parties of events as shown, each combination worked out once per listing
    (a long listing names the same few hundred combinations again and again)."""

    def __init__(self, parties: Mapping[str, Party]) -> None:
        super().__init__()
        self.parties = parties

    def __missing__(self, codes: tuple[str, ...]) -> str:
        shown = self[codes] = ", ".join(neutralise(_party_name(c, self.parties)) for c in codes)
        return shown


def _party_name(code: str, parties: Mapping[str, Party]) -> str:
    party = parties.get(code)
    return party.name if party else code


def _meta(event: Event, names: _Names, style: Style) -> str:
    bits = [KINDS[event.kind].label, names[event.parties]]
    if event.date_basis is DateBasis.INFERRED:
        bits.append(style.warn("date inferred"))
    bits.append(event.id)
    return " · ".join(bits)


def _observed_note(occ: Occurrence) -> str:
    """Say so when an anniversary of 29 February is observed on another day."""
    start, observed = occ.event.date, occ.observed
    if (
        observed
        and (start.month, start.day) == (2, 29)
        and (observed.month, observed.day) != (2, 29)
    ):
        return f" (29 Feb, observed {observed.day} {MONTH_ABBR[observed.month - 1]})"
    return ""


def _occurrence_line(occ: Occurrence, style: Style) -> str:
    text = headline(occ) + _observed_note(occ)
    if occ.milestone:
        return style.star("★ " + text + (f" — {occ.jubilee}" if occ.jubilee else ""))
    return text


def _no_day(event: Event) -> str:
    month = event.date.month
    return f"{MONTH_ABBR[month - 1]}, no day" if month else "no day"


def occurrences_text(
    occurrences: Sequence[Occurrence],
    parties: Mapping[str, Party],
    style: Style,
    lead: str = "date",
) -> str:
    """A block of occurrences: the date (original, or observed with ``lead="observed"``), then a headline."""
    lines: list[str] = []
    names = _Names(parties)
    days: dict[dt.date, str] = {}
    for occ in occurrences:
        event = occ.event
        original = format_span(event.date, event.end)
        if lead == "observed":
            observed = occ.observed
            if observed:
                when = days.get(observed) or days.setdefault(observed, short_day(observed))
            else:
                when = _no_day(event)
            first = f"  {when:<16}  {_occurrence_line(occ, style)}"
            second = f"  {'':<16}  {style.dim(original + ' · ' + _meta(event, names, style))}"
        else:
            first = f"  {original:<16}  {_occurrence_line(occ, style)}"
            second = f"  {'':<16}  {style.dim(_meta(event, names, style))}"
        lines.extend((first, second))
    return "\n".join(lines)


def events_text(events: Sequence[Event], parties: Mapping[str, Party], style: Style) -> str:
    """The chronological timeline: date at its precision, title, then kind and parties."""
    lines: list[str] = []
    names = _Names(parties)
    for event in events:
        when = format_span(event.date, event.end)
        lines.append(f"  {when:<16}  {_capitalised(neutralise(event.title))}")
        lines.append(f"  {'':<16}  {style.dim(_meta(event, names, style))}")
    return "\n".join(lines)


def event_detail(
    event: Event,
    parties: Mapping[str, Party],
    anniversary: Occurrence,
    style: Style,
    width: int = 100,
) -> str:
    """Every field of one record, the sources and how the date was obtained, wrapped to ``width``."""
    import textwrap  # only `show` wraps

    out = [style.bold(_capitalised(neutralise(event.title))), ""]

    def row(label: str, value: str) -> None:
        if value:
            out.append(
                textwrap.fill(
                    value, width, initial_indent=f"  {label:<12} ", subsequent_indent=" " * 15
                )
            )

    def paragraph(text: str, lead: str = "") -> None:
        out.extend(
            [
                "",
                textwrap.fill(
                    lead + neutralise(text), width, initial_indent="  ", subsequent_indent="  "
                ),
            ]
        )

    row("id", event.id)
    row("date", format_span(event.date, event.end) + f"  ({event.date.precision.value} precision)")
    basis = event.date_basis.value
    row("date basis", basis if not event.date_note else f"{basis}: {neutralise(event.date_note)}")
    label = KINDS[event.kind].label
    row("kind", label if label == event.kind.value else f"{label} ({event.kind.value})")
    row("parties", neutralise(", ".join(f"{_party_name(c, parties)} ({c})" for c in event.parties)))
    row("places", neutralise("; ".join(event.places)))
    row("people", neutralise("; ".join(event.people)))
    row("tags", ", ".join(event.tags))
    if anniversary.anniversary is not None:
        line = f"{ordinal(anniversary.anniversary)} in {anniversary.year}"
        if anniversary.observed:
            line += f", on {short_day(anniversary.observed, pad=False)}"
        if anniversary.milestone:
            line += " ★ milestone" + (f" ({anniversary.jubilee})" if anniversary.jubilee else "")
        row("anniversary", line)
    paragraph(event.summary)
    if event.notes:
        paragraph(event.notes, "Notes: ")
    out += ["", "  Sources:"]
    for number, src in enumerate(event.sources, 1):
        text = f"{src.publisher}; title: {src.title}; published: {src.date}"
        if src.document or src.locator:
            text += " — " + ", ".join(x for x in (src.document, src.locator) if x)
        out.append(
            textwrap.fill(
                neutralise(text),
                width,
                initial_indent=f"    {number}. ",
                subsequent_indent="       ",
            )
        )
    out.append(f"\n  {style.dim(f'recorded in {event.path}:{event.line}')}")
    return "\n".join(out)


# --- JSON --------------------------------------------------------------------


def event_json(event: Event, full: bool = False) -> dict[str, Any]:
    """The stable JSON shape of an event: ISO dates as written, codes for parties."""
    data: dict[str, Any] = {
        "id": event.id,
        "date": event.date.iso(),
        "end": event.end.iso() if event.end else None,
        "precision": event.date.precision.value,
        "date_basis": event.date_basis.value,
        "title": event.title,
        "kind": event.kind.value,
        "parties": list(event.parties),
        "tags": list(event.tags),
    }
    if full:
        data.update(
            date_note=event.date_note or None,
            summary=event.summary,
            places=list(event.places),
            people=list(event.people),
            sources=[
                {
                    "publisher": s.publisher,
                    "title": s.title,
                    "date": s.date,
                    "document": s.document or None,
                    "locator": s.locator or None,
                }
                for s in event.sources
            ],
            notes=event.notes or None,
            path=event.path,
            line=event.line,
        )
    return data


def occurrence_json(occ: Occurrence) -> dict[str, Any]:
    data = event_json(occ.event)
    data.update(
        year=occ.year,
        anniversary=occ.anniversary,
        observed=occ.observed.isoformat() if occ.observed else None,
        observed_end=occ.observed_end.isoformat() if occ.observed_end else None,
        milestone=occ.milestone,
        jubilee=occ.jubilee or None,
    )
    return data


def party_json(party: Party) -> dict[str, Any]:
    return {
        "code": party.code,
        "name": party.name,
        "aliases": list(party.aliases),
        "type": party.type,
        "existed": party.existed or None,
    }


def to_json(items: Iterable[dict[str, Any]] | dict[str, Any]) -> str:
    """Deterministic JSON: fixed key order, UTF-8 text, two-space indent."""
    payload = items if isinstance(items, dict) else list(items)
    import json  # only for --json

    return json.dumps(payload, ensure_ascii=False, indent=2)
