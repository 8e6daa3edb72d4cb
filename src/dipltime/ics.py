"""iCalendar export: anniversaries as all-day events that every calendar app reads alike.

Pure: takes events and options, returns the calendar's bytes. What calendar
software needs, and why:

- ``DTSTART;VALUE=DATE`` with an exclusive ``DTEND`` (never midnight date-times,
  which shift by a day west of UTC);
- a stable UID per anniversary (``{id}-{year}@dipltime``) or per series
  (``{id}@dipltime``), so a re-import or a feed refresh updates instead of
  duplicating;
- ``DTSTAMP``, ``LAST-MODIFIED`` and ``SEQUENCE`` from the record's ``revised``
  date (else the newest ``revised`` of the collection, else
  ``SOURCE_DATE_EPOCH``), never from the clock: the same data gives the same
  bytes;
- 29 February follows the core's rule. Series use ``BYMONTH=2;BYMONTHDAY=-1``
  (the last day of February) for the 28 February rule and ``BYYEARDAY=60``
  (29 February or 1 March) for the 1 March rule; never a bare yearly rule on
  29 February, which clients expand differently.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dipltime.core import DEFAULT, Occurrence, Settings, occurrence
from dipltime.dates import Feb29, Precision, format_span, shift_year
from dipltime.errors import DipltimeError, UsageError
from dipltime.model import KINDS, Collection, DateBasis, Event
from dipltime.text import ordinal

PRODID = "-//dipltime//Diplomatic anniversaries//EN"
UID_DOMAIN = "dipltime"
_ALARM = re.compile(r"(\d{1,3})([dw])(?:@(\d{1,2}):(\d{2}))?")
_EPOCH = dt.date(2000, 1, 1)


def is_ours(head: bytes) -> bool:
    """Whether a file's beginning is a calendar dipltime wrote (its PRODID in the header)."""
    return head.startswith(b"BEGIN:VCALENDAR") and f"PRODID:{PRODID}".encode() in head[:2048]


@dataclass(frozen=True)
class Alarm:
    """A reminder ``days`` before the anniversary, at ``at`` o'clock (else at midnight)."""

    days: int
    at: dt.time | None = None

    @property
    def trigger(self) -> dt.timedelta:
        """Offset from the all-day event's start (its midnight, in the viewer's zone)."""
        offset = -dt.timedelta(days=self.days)
        if self.at is not None:
            offset += dt.timedelta(hours=self.at.hour, minutes=self.at.minute)
        return offset


def parse_alarm(text: str) -> Alarm:
    """``7d``, ``2w`` or ``7d@09:00`` (an all-day alarm otherwise fires at midnight)."""
    match = _ALARM.fullmatch(text.strip())
    if match is None:
        raise UsageError(
            f"{text!r} is not a reminder",
            "write days or weeks before, optionally a time: 7d, 2w, 7d@09:00",
        )
    days = int(match[1]) * (7 if match[2] == "w" else 1)
    at = None
    if match[3] is not None:
        hour, minute = int(match[3]), int(match[4])
        if hour > 23 or minute > 59:
            raise UsageError(
                f"{text!r}: {hour:02d}:{minute:02d} is not a time of day",
                "write the time as HH:MM, from 00:00 to 23:59",
            )
        at = dt.time(hour, minute)
    return Alarm(days, at)


def parse_years(text: str) -> range:
    """``2026:2035`` (both included) or a single year ``2026``."""
    match = re.fullmatch(r"(\d{1,4})(?::(\d{1,4}))?", text.strip())
    if match is None:
        raise UsageError(f"{text!r} is not a range of years", "write FIRST:LAST, e.g. 2026:2035")
    first = int(match[1])
    last = int(match[2]) if match[2] else first
    if not 1 <= first <= last <= 9998:
        raise UsageError(
            f"{text!r}: the first year must not come after the last",
            "write FIRST:LAST, e.g. 2026:2035",
        )
    return range(first, last + 1)


@dataclass(frozen=True)
class ExportOptions:
    """What goes into a calendar, and how."""

    years: range = range(2026, 2036)
    """The anniversaries falling in these years. In a series, only for the records that
    a yearly rule cannot express (a span over 29 February)."""
    series: bool = False
    """One yearly recurring event per record instead of one event per anniversary."""
    undated: bool = False
    """Bring in events without a recorded day: on the 1st of their month, or on 1 January."""
    milestones: bool = False
    """Only milestones (in series: every ``settings.milestones.every`` years)."""
    alarm: Alarm | None = None
    name: str = "Diplomatic anniversaries"
    description: str = ""
    settings: Settings = field(default_factory=lambda: DEFAULT)
    source_date_epoch: int | None = None
    """``SOURCE_DATE_EPOCH``: the stamp of records without ``revised`` when none has one."""


@dataclass(frozen=True)
class Export:
    """The calendar and an account of what went in and what was left out."""

    data: bytes
    events: int
    undated_left_out: int
    """Anniversaries (or series) left out because their event has no recorded day."""
    year_by_year: int = 0
    """Series only: records a yearly rule cannot express, exported one anniversary at a time."""


def _text(value: str) -> Any:
    """A TEXT value escaped by RFC 5545 alone.

    icalendar 7 first turns a literal backslash-N into a line break (its
    ``_escape_char`` "normalises" ``\\N``), which changes such text; this value
    escapes backslash, semicolon, comma and line breaks, in that order, and
    nothing else, so every text reads back exactly as it was written.
    """
    return _exact_text_type()(value)


@functools.cache
def _exact_text_type() -> Any:
    """The vText subclass behind :func:`_text`, made once (icalendar is imported lazily)."""
    from icalendar import vText

    class ExactText(vText):
        def to_ical(self) -> bytes:
            text = str(self).replace("\r\n", "\n").replace("\r", "\n")
            return (
                text.replace("\\", "\\\\")
                .replace(";", "\\;")
                .replace(",", "\\,")
                .replace("\n", "\\n")
                .encode("utf-8")
            )

    return ExactText


def build_calendar(
    events: Sequence[Event], collection: Collection, options: ExportOptions
) -> Export:
    """The iCalendar bytes for ``events``; see the module's notes for the choices made."""
    from icalendar import Calendar

    components, left_out, year_by_year = _components(events, collection, options)
    if not components:  # a VCALENDAR with no component is not a valid calendar
        hint = "loosen the filters or widen --years"
        if left_out:
            hint = f"{left_out} matching events have no recorded day: --undated includes them"
        raise DipltimeError("no events matched: nothing was written", hint)
    cal = Calendar()
    _calendar_header(cal)
    cal.add("method", "PUBLISH")
    cal.add("name", _text(options.name))
    cal.add("x-wr-calname", _text(options.name))
    if options.description:
        cal.add("description", _text(options.description))
        cal.add("x-wr-caldesc", _text(options.description))
    cal.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    for component in components:
        cal.add_component(component)
    return Export(cal.to_ical(), len(components), left_out, year_by_year)


def build_resources(
    events: Sequence[Event], collection: Collection, options: ExportOptions, publication: str
) -> tuple[dict[str, bytes], int]:
    """One VCALENDAR per event (no ``METHOD``, as CalDAV wants), by resource name.

    UIDs carry the publication (``{id}-{year}.{publication}@dipltime``), so two
    publications, or a calendar file imported earlier, never collide in one calendar.
    """
    from icalendar import Calendar

    from dipltime.publication import resource_name, stamp

    components, left_out, _ = _components(events, collection, options)
    resources: dict[str, bytes] = {}
    for component in components:
        local = str(component["uid"]).split("@")[0]
        uid = f"{local}.{publication}@{UID_DOMAIN}"
        component["uid"] = uid
        cal = Calendar()
        _calendar_header(cal)
        cal.add_component(component)
        resources[resource_name(publication, local)] = stamp(cal.to_ical(), publication)
    return resources, left_out


def _calendar_header(cal: Any) -> None:
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")


def _components(
    events: Sequence[Event], collection: Collection, options: ExportOptions
) -> tuple[list[Any], int, int]:
    """The VEVENTs in a stable order (first day, then UID); how many undated were left out;
    how many records of a series went in year by year."""
    stamp_default = _default_stamp(collection.events, options.source_date_epoch)
    made: list[tuple[tuple[dt.date, str], Any]] = []
    left_out = year_by_year = 0
    for event in events:
        if options.series and _constant_length(event, options.settings.feb29):
            components, skipped = _series(event, collection, options, stamp_default)
        else:
            year_by_year += options.series
            components, skipped = _instances(event, collection, options, stamp_default)
        made.extend(components)
        left_out += skipped
    ordered = [component for _, component in sorted(made, key=lambda item: item[0])]
    return ordered, left_out, year_by_year


# --- one event per anniversary ------------------------------------------------------------


def _instances(
    event: Event, collection: Collection, options: ExportOptions, stamp_default: dt.date
) -> tuple[list[tuple[tuple[dt.date, str], Any]], int]:
    made: list[tuple[tuple[dt.date, str], Any]] = []
    skipped = 0
    for year in options.years:
        occ = occurrence(event, year, options.settings)
        if occ.anniversary is None or (options.milestones and not occ.milestone):
            continue
        if occ.observed is None:
            if not options.undated:
                skipped += 1
                continue
            start = dt.date(year, event.date.month or 1, 1)
            end = start
        else:
            start, end = occ.observed, occ.observed_end or occ.observed
        uid = f"{event.id}-{year}@{UID_DOMAIN}"
        component = _vevent(
            event,
            collection,
            options,
            stamp_default,
            uid,
            start,
            end,
            summary=instance_summary(occ),
            extra=instance_notes(occ),
        )
        made.append(((start, uid), component))
    return made, skipped


def _original(event: Event) -> str:
    """The event's year in a title, or its date at its precision when it has no day."""
    if event.date.precision is Precision.DAY:
        return str(event.date.year)
    return f"{event.date.human()}; no recorded day"


def instance_summary(occ: Occurrence) -> str:
    """``30th anniversary of Peru–Viet Nam diplomatic relations (1994)``, milestones starred."""
    event = occ.event
    assert occ.anniversary is not None
    text = f"{ordinal(occ.anniversary)} anniversary of {event.title} ({_original(event)})"
    if occ.milestone:
        text = "★ " + text + (f" — {occ.jubilee}" if occ.jubilee else "")
    return text


def _no_day_note(event: Event) -> str:
    unit = "month" if event.date.month else "year"
    return (
        f"The sources give no day for this event: it is placed on the first day of its "
        f"{unit} only so that it appears in calendars."
    )


def instance_notes(occ: Occurrence) -> list[str]:
    """What an anniversary instance adds to the description: milestone, missing day, 29 Feb."""
    lines = []
    if occ.milestone:
        jubilee = f" ({occ.jubilee})" if occ.jubilee else ""
        lines.append(f"Milestone: the {ordinal(occ.anniversary or 0)} anniversary{jubilee}.")
    if occ.observed is None:
        lines.append(_no_day_note(occ.event))
    start = occ.event.date
    if (
        occ.observed is not None
        and (start.month, start.day) == (2, 29)
        and (occ.observed.month, occ.observed.day) != (2, 29)
    ):
        lines.append(f"Observed on {occ.observed.isoformat()}: {occ.year} has no 29 February.")
    return lines


# --- one yearly series per record -----------------------------------------------------------


def _series(
    event: Event, collection: Collection, options: ExportOptions, stamp_default: dt.date
) -> tuple[list[tuple[tuple[dt.date, str], Any]], int]:
    settings = options.settings
    step = 1
    if options.milestones:
        if not KINDS[event.kind].celebrated:
            return [], 0
        step = settings.milestones.every
    if event.date.precision is not Precision.DAY:
        if not options.undated:
            return [], 1
        first_year = event.date.year + step
        start = end = dt.date(first_year, event.date.month or 1, 1)
        rule: dict[str, Any] = {"freq": "yearly"}
    else:
        first = occurrence(event, event.date.year + step, settings)
        assert first.observed is not None
        start, end = first.observed, first.observed_end or first.observed
        rule = _yearly_rule(event.date.as_date(), settings.feb29)
    if step > 1:
        rule["interval"] = step
    uid = f"{event.id}@{UID_DOMAIN}"
    every = "every year" if step == 1 else f"every {step} years (milestones)"
    extra = [f"Repeats {every}; the number of the anniversary is the year minus {event.date.year}."]
    if event.date.precision is not Precision.DAY:
        extra.append(_no_day_note(event))
    component = _vevent(
        event,
        collection,
        options,
        stamp_default,
        uid,
        start,
        end,
        summary=f"Anniversary of {event.title} ({_original(event)})",
        extra=extra,
    )
    component.add("rrule", rule)
    return [((start, uid), component)], 0


def _yearly_rule(start: dt.date, feb29: Feb29) -> dict[str, Any]:
    if (start.month, start.day) != (2, 29):
        return {"freq": "yearly"}
    if feb29 is Feb29.MAR1:
        return {"freq": "yearly", "byyearday": 60}
    return {"freq": "yearly", "bymonth": 2, "bymonthday": -1}


def _constant_length(event: Event, feb29: Feb29) -> bool:
    """Whether every anniversary spans as many days as the event.

    False only for a span with 29 February inside it (or at its end): its
    length differs between leap and common years, which no yearly RRULE can
    say, so its anniversaries go in one at a time.
    """
    if event.end is None or event.date.precision is not Precision.DAY:
        return True
    length = event.end.as_date() - event.date.as_date()
    span = event.end.year - event.date.year
    for year in (2023, 2024):  # a common and a leap year
        start = shift_year(event.date.as_date(), year, feb29)
        end = shift_year(event.end.as_date(), year + span, feb29)
        if end - start != length:
            return False
    return True


# --- the VEVENT --------------------------------------------------------------------------------


def _vevent(
    event: Event,
    collection: Collection,
    options: ExportOptions,
    stamp_default: dt.date,
    uid: str,
    start: dt.date,
    end: dt.date,
    summary: str,
    extra: Iterable[str],
) -> Any:
    from icalendar import Alarm as VAlarm
    from icalendar import Event as VEvent

    revised = event.revised or stamp_default
    stamp = dt.datetime.combine(revised, dt.time(), tzinfo=dt.UTC)
    component = VEvent()
    component.add("uid", uid)
    component.add("dtstamp", stamp)
    component.add("last-modified", stamp)
    component.add("sequence", (revised - _EPOCH).days if revised > _EPOCH else 0)
    component.add("dtstart", start)
    component.add("dtend", end + dt.timedelta(days=1))
    component.add("summary", _text(summary))
    component.add("description", _text(describe(event, collection, extra)))
    component.add("categories", [KINDS[event.kind].label, *event.tags])
    component.add("transp", "TRANSPARENT")
    component.add("class", "PUBLIC")
    if options.alarm is not None:
        alarm = VAlarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _text(summary))
        alarm.add("trigger", options.alarm.trigger)
        component.add_component(alarm)
    return component


def describe(event: Event, collection: Collection, extra: Iterable[str] = ()) -> str:
    """The description: summary, original date and how it was obtained, parties, sources."""
    basis = "stated in the sources"
    if event.date_basis is DateBasis.INFERRED:
        basis = f"inferred: {event.date_note}"
    parties = ", ".join(collection.party_name(code) for code in event.parties)
    lines = [event.summary, "", *extra]
    if extra:
        lines.append("")
    lines += [
        f"Date: {format_span(event.date, event.end)} ({basis})",
        f"Kind: {KINDS[event.kind].label}",
        f"Parties: {parties}",
    ]
    if event.places:
        lines.append(f"Places: {'; '.join(event.places)}")
    if event.people:
        lines.append(f"People: {'; '.join(event.people)}")
    if event.notes:
        lines.append(f"Notes: {event.notes}")
    lines.append("Sources:")
    for number, src in enumerate(event.sources, 1):
        where = ", ".join(x for x in (src.document, src.locator) if x)
        lines.append(
            f"{number}. {src.publisher}; title: {src.title}; published: {src.date}"
            + (f" ({where})" if where else "")
        )
    lines.append(f"Record: {event.id}")
    return "\n".join(lines)


def _default_stamp(events: Sequence[Event], source_date_epoch: int | None) -> dt.date:
    revised = [e.revised for e in events if e.revised is not None]
    if revised:
        return max(revised)
    if source_date_epoch is not None:
        return dt.datetime.fromtimestamp(source_date_epoch, tz=dt.UTC).date()
    return _EPOCH
