"""Turning events and occurrences into text for a terminal, or into JSON.

Pure functions returning strings: the CLI decides where they go. Text from the
data passes through :func:`dipltime.domain.text.neutralise`, so a control sequence in
a record can never reach the terminal as one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from dipltime.domain.core import ENDED_AS, Occurrence, ended_in, ending_date, not_celebrated
from dipltime.domain.dates import MARKS, MONTH_ABBR, MONTH_NAMES, describe
from dipltime.domain.kinds import KINDS
from dipltime.domain.model import Event, Party, Source
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
    about = "c. " if occ.event.approximate else ""
    return f"{about}{ordinal(occ.anniversary)} anniversary of {title}"


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


def _meta(event: Event, names: _Names, style: Style, year: int | None = None) -> str:
    """Kind · parties · what a reader must know before citing it · id."""
    bits = [KINDS[event.kind].label, names[event.parties]]
    if event.inferred:
        bits.append(style.warn("date inferred"))
    if event.certainty != "certain":
        bits.append(style.warn(neutralise(f"{event.certainty}: {event.certainty_note}")))
    if event.celebrated is False:
        bits.append(neutralise(f"not celebrated: {event.celebration_note}"))
    if event.ended:
        ended = ended_in(event, year if year is not None else 9999)
        if ended:
            bits.append(ended)
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


def _column(when: str, text: str) -> str:
    """The date column and the text beside it; a date too long for the column ("between
    1840 and 1844") has a line of its own, so that the text stays aligned."""
    if len(when) > 16:
        return f"  {when}\n  {'':<16}  {text}"
    return f"  {when:<16}  {text}"


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
        original = describe(event.spec, event.end)
        if lead == "observed":
            observed = occ.observed
            if observed:
                when = days.get(observed) or days.setdefault(observed, short_day(observed))
            else:
                when = _no_day(event)
            first = f"  {when:<16}  {_occurrence_line(occ, style)}"
            meta = _meta(event, names, style, occ.year)
            second = f"  {'':<16}  {style.dim(original + ' · ' + meta)}"
        else:
            first = _column(original, _occurrence_line(occ, style))
            second = f"  {'':<16}  {style.dim(_meta(event, names, style, occ.year))}"
        lines.extend((first, second))
    return "\n".join(lines)


def events_text(events: Sequence[Event], parties: Mapping[str, Party], style: Style) -> str:
    """The chronological timeline: date at its precision, title, then kind and parties."""
    lines: list[str] = []
    names = _Names(parties)
    for event in events:
        when = describe(event.spec, event.end)
        lines.append(_column(when, _capitalised(neutralise(event.title))))
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
    written = event.spec.edtf()
    extra = f"; written {written}" if written != event.date.iso() else ""
    row("date", f"{describe(event.spec, event.end)}  ({_precision(event)}{extra})")
    basis = MARKS.get(event.mark, "stated") if not event.bound else "a span of time"
    row("date basis", basis if not event.date_note else f"{basis}: {neutralise(event.date_note)}")
    for label, value in _knowledge_rows(event, parties):
        row(label, neutralise(value))
    row("places", neutralise("; ".join(event.places)))
    row("people", neutralise("; ".join(event.people)))
    row("tags", ", ".join(event.tags))
    if anniversary.anniversary is not None:
        line = f"{ordinal(anniversary.anniversary)} in {anniversary.year}"
        if anniversary.observed:
            line += f", on {short_day(anniversary.observed, pad=False)}"
        if anniversary.milestone:
            line += " ★ milestone" + (f" ({anniversary.jubilee})" if anniversary.jubilee else "")
        elif KINDS[event.kind].celebrated and not_celebrated(event, anniversary.year):
            line += f" (never a milestone: {not_celebrated(event, anniversary.year)})"
        row("anniversary", ("c. " if event.approximate else "") + neutralise(line))
    paragraph(event.summary)
    if event.notes:
        paragraph(event.notes, "Notes: ")
    out += ["", "  Sources:"]
    for number, src in enumerate(event.sources, 1):
        text = _source_text(src)
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


def _knowledge_rows(event: Event, parties: Mapping[str, Party]) -> list[tuple[str, str]]:
    """What ``show`` says beyond the date: other dates, kind, parties and their roles,
    doubt, celebration and the act's lifecycle."""
    rows = []
    for other in event.other_dates:
        inferred = " (inferred)" if other.date.mark in ("?", "%") else ""
        said = (
            f"{describe(other.date, other.end)}{inferred} according to {_source_name(other.source)}"
        )
        said += f" ({other.source.locator})" if other.source.locator else ""
        rows.append(("other date", said + (f"; {other.note}" if other.note else "")))
    label = KINDS[event.kind].label
    rows.append(("kind", label if label == event.kind.value else f"{label} ({event.kind.value})"))
    rows.append(("parties", ", ".join(f"{_party_name(c, parties)} ({c})" for c in event.parties)))
    rows.extend(
        (role, ", ".join(_party_name(c, parties) for c in codes)) for role, codes in event.roles
    )
    if event.certainty != "certain":
        rows.append(("certainty", f"{event.certainty}: {event.certainty_note}"))
    if event.celebrated is False:
        rows.append(("celebrated", f"no: {event.celebration_note}"))
    if event.ended:
        rows.append(("lifecycle", _lifecycle(event)))
    if event.ends:
        rows.append(("ends", event.ends))
    if event.resumes:
        rows.append(("resumes", f"{event.resumes} (the count starts from the {event.counts_from})"))
    return rows


def _precision(event: Event) -> str:
    if event.bound:
        return "no date of its own: a span of time"
    return f"{event.date.precision.value} precision"


def _source_name(source: Source) -> str:
    return source.id or f"{source.publisher}, {source.title}"


def _source_text(src: Source) -> str:
    """One citation: the source as the registry describes it, then where the fact stands."""
    text = f"{src.publisher}; title: {src.title}; published: {_published(src.date)}"
    if src.language:
        language = _LANGUAGES.get(src.language.split("-")[0], src.language)
        text += f"; in {language}" + (", a translation" if src.translation else "")
    if src.id:
        text = f"[{src.id}] " + text
    where = [x for x in (src.document, src.url, src.licence, src.locator) if x]
    if where:
        text += " — " + ", ".join(where)
    if src.quote:
        text += f' — "{src.quote}"'
    return text


_LANGUAGES = {
    "en": "English", "es": "Spanish", "fr": "French", "pt": "Portuguese", "de": "German",
    "vi": "Vietnamese", "ko": "Korean", "zh": "Chinese", "ja": "Japanese", "ar": "Arabic",
}  # fmt: skip
"""The names of the languages sources are most often in; others are shown by their tag."""


def _published(date: str) -> str:
    """A source's date as read: ``2024-11-11``, ``2017 (inferred)``, ``not stated``."""
    if date and date[-1] in MARKS:
        return f"{date[:-1]} ({MARKS[date[-1]]})"
    return date


def _lifecycle(event: Event) -> str:
    """Every break in an act's life: "broken off in 1990 (id); resumed in 1995 (id),
    counted from the original; broken off in 2000 (id)"."""
    parts = []
    for ending in event.ended:
        text = f"{ENDED_AS.get(ending.kind, 'ended')} {ending_date(ending)} ({ending.by})"
        if ending.resumed is not None:
            text += (
                f"; resumed in {ending.resumed.year} ({ending.resumed_by}), "
                "counted from the original"
            )
        parts.append(text)
    return "; ".join(parts)
