"""An iCalendar file written a record at a time: the bytes of ``export ics`` as they are made.

A ten-year export of 100,000 records holds 700,000 VEVENTs: they are never all in memory.
Each record's events follow one another (records in the order they arrive, chronological
from the store; a record's years in order). The export's first VEVENT is made whole by
``icalendar`` (``ics.vevent``): its properties, their order and the head of each (name and
parameters) are the layout of every other (:class:`_Layout`), whose values are written by
``icalendar``'s value types and whose lines ``icalendar`` folds. What is the same for
every year of a record (DTSTAMP, SEQUENCE, CATEGORIES, the description for a given set of
notes) is written once for the record (:class:`_Record`); each year writes only its UID,
dates and summary. From 2,000 records up, worker processes make them, a few records at a
time (``dipltime.workers``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from dipltime.domain.language import Language, language
from dipltime.domain.model import Collection, Event, Party
from dipltime.errors import DipltimeError
from dipltime.i18n import N_
from dipltime.outputs.calendar_options import ExportOptions
from dipltime.outputs.calendar_text import describe, instance_notes, instance_summary

FOLD = 75
"""RFC 5545's line length in octets: ``icalendar`` folds a line that reaches it."""


@dataclasses.dataclass
class Tally:
    """What went into a calendar as it was written, and what was left out."""

    events: int = 0
    undated_left_out: int = 0
    year_by_year: int = 0


def calendar_pieces(
    events: Iterable[Event],
    parties: Mapping[str, Party],
    options: ExportOptions,
    stamp_default: dt.date,
    year_by_year: int,
    tally: Tally,
    parallel: bool = False,
) -> Iterator[bytes]:
    """The calendar's bytes, a few records' VEVENTs at a time, counted in ``tally``
    (made by workers when ``parallel``: ``dipltime.workers``).

    ``year_by_year`` (series only) is how many records go in one anniversary at a time
    (the calendar's description says so, before the first of them). Nothing is given
    before the first VEVENT is made: a calendar with none is an error, raised before a
    byte is written."""
    from dipltime.outputs import ics

    feed = ics.feed_key(options.name) if options.feed is None else options.feed
    collection = Collection((), dict(parties))
    lang = language(options.lang)
    made = _made(events, collection, options, stamp_default, feed, lang, tally, parallel)
    first = next(made, None)
    if first is None:  # a VCALENDAR with no component is not a valid calendar
        hint = N_("loosen the filters or widen --years")
        if tally.undated_left_out:
            hint = N_("{count} matching events have no recorded day: --undated includes them")
        raise DipltimeError(
            N_("no events matched: nothing was written"), hint, {"count": tally.undated_left_out}
        )
    yield calendar_head(options, year_by_year)
    yield first
    yield from made
    yield b"END:VCALENDAR\r\n"


def calendar_head(options: ExportOptions, year_by_year: int) -> bytes:
    """The calendar's own lines, as ``icalendar`` writes them, up to its first VEVENT."""
    from icalendar import Calendar

    from dipltime.outputs import ics

    cal = Calendar()
    ics.calendar_header(cal)
    cal.add("method", "PUBLISH")
    cal.add("name", ics._text(options.name))
    cal.add("x-wr-calname", ics._text(options.name))
    description = ics.calendar_description(options, year_by_year)
    if description:
        cal.add("description", ics._text(description))
        cal.add("x-wr-caldesc", ics._text(description))
    cal.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    data: bytes = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert data.endswith(end)
    return data[: -len(end)]


def within(
    pieces: Iterable[bytes], limit: int, too_large: Callable[[], Exception]
) -> Iterator[bytes]:
    """``pieces`` as they are, once it is known that they come to at most ``limit`` bytes:
    until then they are held (``limit`` bytes at most), and ``too_large()`` is raised,
    before a byte is given, as soon as they pass it."""
    held: list[bytes] = []
    size = 0
    for piece in pieces:
        size += len(piece)
        if size > limit:
            raise too_large()
        held.append(piece)
    yield from held


def batched(pieces: Iterable[bytes], size: int = 1 << 16) -> Iterator[bytes]:
    """``pieces`` joined into writes of about ``size`` bytes (one system call each, not one
    per record)."""
    held: list[bytes] = []
    length = 0
    for piece in pieces:
        held.append(piece)
        length += len(piece)
        if length >= size:
            yield b"".join(held)
            held.clear()
            length = 0
    if held:
        yield b"".join(held)


def _made(
    events: Iterable[Event],
    collection: Collection,
    options: ExportOptions,
    stamp_default: dt.date,
    feed: str,
    lang: Language,
    tally: Tally,
    parallel: bool,
) -> Iterator[bytes]:
    """The VEVENTs of ``events``, as one piece of bytes per few records; made by worker
    processes when ``parallel`` (``dipltime.workers``), in the records' order."""
    from dipltime import workers

    _job.update(collection=collection, options=options, stamp=stamp_default, feed=feed, lang=lang)
    for data, counted in workers.in_order(_records, _chunks(events), parallel):
        tally.events += counted.events
        tally.undated_left_out += counted.undated_left_out
        tally.year_by_year += counted.year_by_year
        if data:
            yield data


_job: dict[str, Any] = {}
"""What every record's VEVENTs are made with (set before workers are forked)."""
CHUNK = 64
"""Records handed to a worker at a time."""


def _chunks(events: Iterable[Event]) -> Iterator[list[Event]]:
    chunk: list[Event] = []
    for event in events:
        chunk.append(event)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _records(events: list[Event]) -> tuple[bytes, Tally]:
    """The VEVENTs of a few records, and what went in and was left out."""
    from dipltime.outputs import ics

    collection, options, stamp_default = _job["collection"], _job["options"], _job["stamp"]
    feed, lang = _job["feed"], _job["lang"]
    tally = Tally()
    pieces = []
    for event in events:
        how, why = ics.written_as(event, options)
        if not how:
            continue
        if how == ics.SERIES:
            component, skipped = ics.series(event, collection, options, stamp_default)
            tally.undated_left_out += skipped
            if component is None:
                continue
            ics.set_uid(component, feed)
            piece = component.to_ical()
            tally.events += 1
        else:
            tally.year_by_year += how == ics.BY_YEAR
            piece = _instances(event, collection, options, stamp_default, feed, lang, tally, why)
        pieces.append(piece)
    return b"".join(pieces), tally


def _instances(
    event: Event,
    collection: Collection,
    options: ExportOptions,
    stamp_default: dt.date,
    feed: str,
    lang: Language,
    tally: Tally,
    why_not_a_series: str = "",
) -> bytes:
    """The VEVENTs of one record, one per anniversary in ``options.years``."""
    from dipltime.outputs import ics

    stops = ics.year_by_year_note(options, lang, why_not_a_series)
    layout = _LAYOUTS.get(options)
    record: _Record | None = None
    pieces: list[bytes] = []
    days, skipped = ics.anniversary_days(event, options)
    tally.undated_left_out += skipped
    for occ, start, end in days:
        uid = f"{event.id}-{occ.year}.{feed}@{ics.UID_DOMAIN}"
        summary = instance_summary(occ, collection, lang)
        extra = [*instance_notes(occ, lang), *stops]
        if layout is None:  # the export's first VEVENT: made whole, to learn the layout
            component = ics.vevent(
                event, collection, options, stamp_default, uid, start, end, summary, extra
            )
            layout = _LAYOUTS[options] = _Layout(component)
        if record is None:
            record = _Record(layout, event, collection, stamp_default, lang)
        pieces.append(record.vevent(uid, start, end, summary, extra))
        tally.events += 1
    return b"".join(pieces)


class _Layout:
    """What every VEVENT of one export shares, learned from one that ``icalendar`` made
    whole: its properties in their order, the head of each (name and parameters) and
    the lines that are the same in every VEVENT; the values of the others are written
    by ``icalendar``'s value types, as adding them to a component would."""

    def __init__(self, component: Any) -> None:
        from icalendar.parser import Contentline, Parameters

        self.types = component.types_factory
        self.parts: list[tuple[str, bytes]] = []
        """(key, the line itself) for a line that never changes; (key, b"") for the others."""
        self.heads: dict[str, str] = {}
        inside = "VEVENT"
        for name, value in component.property_items():
            if name == "BEGIN":
                inside = value.decode() if isinstance(value, bytes) else str(value)
            key = f"{inside}:{name}"
            if key in _VARYING:
                params = getattr(value, "params", None) or Parameters()
                head = Contentline.from_parts(name, params, "")
                self.heads[key] = str(head)
                self.parts.append((key, b""))
            else:
                line = component.content_line(name, value).to_ical()
                self.parts.append((key, line))
        self.days: dict[dt.date, str] = {}

    def value(self, name: str, value: Any) -> str:
        """``value`` as ``icalendar`` writes it for the property ``name``."""
        if not hasattr(value, "to_ical"):
            value = self.types.for_property(name)(value)
        return str(value.to_ical().decode("utf-8"))

    def day(self, day: dt.date) -> str:
        written = self.days.get(day)
        if written is None:
            written = self.days[day] = self.value("dtstart", day)
        return written

    def line(self, key: str, written: str) -> bytes:
        return _fold(self.heads[key] + written)


class _Record:
    """The lines of one record's VEVENTs that are the same every year, made once."""

    def __init__(
        self,
        layout: _Layout,
        event: Event,
        collection: Collection,
        stamp_default: dt.date,
        lang: Language,
    ) -> None:
        from dipltime.domain.kinds import KINDS
        from dipltime.outputs.ics import stamp_of

        self.layout, self.event, self.collection, self.lang = layout, event, collection, lang
        stamp, sequence = stamp_of(event, stamp_default)
        written = layout.value("dtstamp", stamp)
        categories = [lang.kind(KINDS[event.kind].label), *event.tags]
        self.lines = {
            "VEVENT:DTSTAMP": layout.line("VEVENT:DTSTAMP", written),
            "VEVENT:LAST-MODIFIED": layout.line("VEVENT:LAST-MODIFIED", written),
            "VEVENT:SEQUENCE": layout.line("VEVENT:SEQUENCE", layout.value("sequence", sequence)),
            "VEVENT:CATEGORIES": layout.line(
                "VEVENT:CATEGORIES", layout.value("categories", categories)
            ),
        }
        self.descriptions: dict[tuple[str, ...], bytes] = {}

    def vevent(
        self, uid: str, start: dt.date, end: dt.date, summary: str, extra: list[str]
    ) -> bytes:
        from dipltime.outputs.ics import _text

        layout, lines = self.layout, self.lines
        key = tuple(extra)
        description = self.descriptions.get(key)
        if description is None:
            text = describe(self.event, self.collection, extra, self.lang)
            description = layout.line("VEVENT:DESCRIPTION", layout.value("", _text(text)))
            self.descriptions[key] = description
        lines["VEVENT:DESCRIPTION"] = description
        lines["VEVENT:UID"] = layout.line("VEVENT:UID", layout.value("uid", uid))
        lines["VEVENT:DTSTART"] = layout.line("VEVENT:DTSTART", layout.day(start))
        stop = end + dt.timedelta(days=1) if end < dt.date.max else end
        lines["VEVENT:DTEND"] = layout.line("VEVENT:DTEND", layout.day(stop))
        said = layout.value("", _text(summary))
        lines["VEVENT:SUMMARY"] = layout.line("VEVENT:SUMMARY", said)
        if "VALARM:DESCRIPTION" in layout.heads:
            lines["VALARM:DESCRIPTION"] = layout.line("VALARM:DESCRIPTION", said)
        return b"\r\n".join([line or lines[key] for key, line in layout.parts]) + b"\r\n"


_VARYING = frozenset(
    {
        *("VEVENT:UID", "VEVENT:DTSTART", "VEVENT:DTEND", "VEVENT:SUMMARY"),
        *("VEVENT:DESCRIPTION", "VALARM:DESCRIPTION", "VEVENT:DTSTAMP"),
        *("VEVENT:LAST-MODIFIED", "VEVENT:SEQUENCE", "VEVENT:CATEGORIES"),
    }
)
"""The lines that differ from one VEVENT to another (the rest are the same in all)."""
_LAYOUTS: dict[ExportOptions, _Layout] = {}
"""The layout of each export's VEVENTs (the options decide which properties there are)."""


def _fold(line: str) -> bytes:
    """``line`` folded and encoded by ``icalendar``; a line shorter than :data:`FOLD`
    octets is one ``icalendar`` leaves as it is, so it is only encoded."""
    data = line.encode("utf-8")
    if len(data) < FOLD:
        return data
    from icalendar.parser import Contentline

    return bytes(Contentline(line).to_ical())  # type: ignore[no-untyped-call]
