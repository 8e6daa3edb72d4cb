"""Listings for pasting elsewhere: CSV for spreadsheets, Markdown for briefing notes.

Both are written as the events come (one line or one item at a time), in the language
of the listing, from the same words as the text listing (``render``). CSV has one row
per event or occurrence with a header naming the columns; a cell that a spreadsheet
would run as a formula (``=``, ``+``, ``-``, ``@`` first) is written after an apostrophe,
as OWASP advises, so that a title can never become a formula. Markdown is a heading, a
bulleted chronology and the sources as footnotes, one per source document, defined once
after the list; every character Markdown would read as markup is escaped.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping

from dipltime.domain.core import Occurrence
from dipltime.domain.kinds import KINDS
from dipltime.domain.language import ENGLISH, Language
from dipltime.domain.model import NOT_STATED, Event, Party, Source
from dipltime.domain.text import neutralise
from dipltime.outputs.render import PLAIN, headline, occurrence_line, title

EVENT_COLUMNS = (
    "id",
    "date",
    "end",
    "precision",
    "edtf",
    "date_basis",
    "title",
    "kind",
    "parties",
    "certainty",
    "tags",
    "sources",
)
"""The columns of ``list --format csv``; dates as written (ISO 8601 and EDTF)."""
OCCURRENCE_COLUMNS = (
    "year",
    "observed",
    "anniversary",
    "milestone",
    "jubilee",
    "headline",
    *EVENT_COLUMNS,
)
"""The columns of ``on``, ``upcoming`` and ``anniversaries`` with ``--format csv``."""

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    text = neutralise(text)
    return "'" + text if text.startswith(_FORMULA) else text


def _event_cells(event: Event, parties: Mapping[str, Party], lang: Language) -> list[str]:
    return [
        event.id,
        "" if event.bound else event.date.iso(),
        event.end.iso() if event.end else "",
        "" if event.bound else event.date.precision.value,
        event.spec.edtf(),
        "inferred" if event.inferred else "stated",
        title(event, parties, lang),
        event.kind.value,
        ";".join(event.parties),
        event.certainty,
        ";".join(event.tags),
        ";".join(source.id or source.title for source in event.sources),
    ]


def _rows(rows: Iterable[list[object]]) -> Iterator[str]:
    """Each row as a CSV line (RFC 4180: CRLF line ends, quotes where needed)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def events_csv(
    events: Iterable[Event], parties: Mapping[str, Party], lang: Language = ENGLISH
) -> Iterator[str]:
    """The timeline as CSV lines, the header first."""
    header: list[object] = list(EVENT_COLUMNS)
    yield from _rows([header])
    yield from _rows(list(_event_cells(event, parties, lang)) for event in events)


def occurrences_csv(
    occurrences: Iterable[Occurrence], parties: Mapping[str, Party], lang: Language = ENGLISH
) -> Iterator[str]:
    """Anniversaries as CSV lines, the header first."""
    header: list[object] = list(OCCURRENCE_COLUMNS)
    yield from _rows([header])
    for occ in occurrences:
        yield from _rows(
            [
                [
                    occ.year,
                    occ.observed.isoformat() if occ.observed else "",
                    occ.anniversary if occ.anniversary is not None else "",
                    "yes" if occ.milestone else "no",
                    lang.jubilee(occ.jubilee) if occ.milestone else "",
                    headline(occ, lang, parties),
                    *_event_cells(occ.event, parties, lang),
                ]
            ]
        )


# --- Markdown ------------------------------------------------------------------------------

_MARKUP = re.compile(r"([\\`*_\[\]<>|~&#!])")


def escape(text: str) -> str:
    """``text`` as Markdown shows it literally: markup characters escaped, control
    characters made visible (``neutralise``), line breaks as spaces."""
    return _MARKUP.sub(r"\\\1", " ".join(neutralise(text).split()))


class Footnotes:
    """The sources cited so far, each defined once after the list, in the order first cited."""

    def __init__(self, lang: Language, shown: bool = True) -> None:
        self.lang = lang
        self.shown = shown
        self.defined: dict[str, Source] = {}

    def cite(self, event: Event) -> str:
        """The footnote marks of ``event``'s sources: a source of the registry by its id,
        one written in the record (schema 1) by the record's id and its place."""
        marks: list[str] = []
        if not self.shown:
            return ""
        for position, source in enumerate(event.sources, 1):
            label = re.sub(r"[^A-Za-z0-9_-]", "-", source.id or f"{event.id}-{position}")
            self.defined.setdefault(label, source)
            if f"[^{label}]" not in marks:
                marks.append(f"[^{label}]")
        return "".join(marks)

    def lines(self) -> Iterator[str]:
        for label, source in self.defined.items():
            yield f"[^{label}]: {_described(source, self.lang)}"


def _described(source: Source, lang: Language) -> str:
    """A source as a footnote: publisher, *title*, date, <url>."""
    bits = []
    if source.publisher != NOT_STATED:
        bits.append(escape(source.publisher))
    if source.title != NOT_STATED:
        bits.append(f"*{escape(source.title)}*")
    if source.date != NOT_STATED:
        bits.append(escape(source.date))
    if source.url and re.fullmatch(r"https?://[^\s<>]+", source.url):
        bits.append(f"<{source.url}>")
    return ", ".join(bits) or escape(lang._("not stated"))


def _about(event: Event, parties: Mapping[str, Party], lang: Language) -> list[str]:
    """What the text listing's second line says: kind, parties, and what a reader must
    know before citing it."""
    named = ", ".join(lang.party(parties.get(code), code) for code in event.parties)
    bits = [lang.kind(KINDS[event.kind].label), named]
    if event.inferred:
        bits.append(lang._("date inferred"))
    if event.certainty != "certain":
        bits.append(lang.certainty(event.certainty))
    return bits


def events_markdown(
    events: Iterable[Event],
    parties: Mapping[str, Party],
    heading: str,
    lang: Language = ENGLISH,
    footnotes: bool = True,
) -> Iterator[str]:
    """The timeline as a Markdown chronology: a heading, an item per event, and (unless
    not ``footnotes``) the sources as footnotes."""
    notes = Footnotes(lang, footnotes)
    yield f"## {escape(heading)}\n\n"
    for event in events:
        when = escape(lang.describe(event.spec, event.end))
        named = escape(lang.standalone(title(event, parties, lang)))
        about = escape("; ".join(_about(event, parties, lang)))
        yield f"- **{when}**: {named} ({about}){notes.cite(event)}\n"
    yield from _defined(notes)


def occurrences_markdown(
    occurrences: Iterable[Occurrence],
    parties: Mapping[str, Party],
    heading: str,
    lead: str = "date",
    lang: Language = ENGLISH,
    footnotes: bool = True,
) -> Iterator[str]:
    """Anniversaries as a Markdown list: the day (observed, or the event's own date with
    ``lead="date"``), the headline, what the event was and when, its sources as footnotes
    (unless not ``footnotes``)."""
    notes = Footnotes(lang, footnotes)
    yield f"## {escape(heading)}\n\n"
    for occ in occurrences:
        event = occ.event
        about = _about(event, parties, lang)
        when = lang.describe(event.spec, event.end)
        if lead == "observed" and occ.observed:  # the day it falls on, then the event's own
            about.insert(0, when)
            when = lang.short_day(occ.observed, pad=False)
        line = occurrence_line(occ, PLAIN, lang, parties)
        yield (
            f"- **{escape(when)}**: {escape(line)} "
            f"({escape('; '.join(about))}){notes.cite(event)}\n"
        )
    yield from _defined(notes)


def _defined(notes: Footnotes) -> Iterator[str]:
    if notes.defined:
        yield "\n"
        for line in notes.lines():
            yield line + "\n"
