"""iCalendar export: anniversaries as all-day events that every calendar app reads alike.

Pure: takes events and options, returns the calendar's bytes. What calendar
software needs, and why:

- ``DTSTART;VALUE=DATE`` with an exclusive ``DTEND`` (never midnight date-times,
  which shift by a day west of UTC);
- a stable UID per anniversary (``{id}-{year}.{feed}@dipltime``) or per series
  (``{id}.{feed}@dipltime``), so a re-import or a feed refresh updates instead of
  duplicating. The feed (a slug of the calendar's name, or of the manifest's
  file) is part of it because some accounts hold UIDs account-wide: the same
  anniversary imported from two files (the decade file and a partner's, say)
  would otherwise make one calendar's copy overwrite the other's;
- ``DTSTAMP``, ``LAST-MODIFIED`` and ``SEQUENCE`` from the record's ``revised``
  date (else the newest ``revised`` of the collection, else
  ``SOURCE_DATE_EPOCH``), never from the clock: the same data gives the same
  bytes.

One event per anniversary (``--years``) is read alike by every consumer tried.
A series (one yearly ``RRULE`` per record) is written only where a rule is read
alike too, and the rest goes in year by year:

- a series starts at the record's first anniversary (or milestone) in or after
  1970, not at the first after the event: libical 3 turns a date before 1902
  into the invalid time -1 and reads such an event as lasting no time at all
  (``icalcomponent_get_duration`` gives ``PT0S``); other readers built on
  ``time_t`` (Windows' ``mktime``) refuse any time before 1970. 1970, not the
  first year of ``--years``, so that a series never depends on the day it was
  written: a subscribed feed keeps its ``DTSTART`` from one year to the next;
- 29 February with the 28 February rule recurs as ``BYMONTH=2;BYMONTHDAY=-1``
  (the last day of February), which every consumer tried expands alike; never
  a bare yearly rule on 29 February, which clients expand differently;
- 29 February with the 1 March rule has no such rule (``BYYEARDAY=60`` puts it
  a day late in leap years in sabre/vobject and calcurse), and a milestone
  series every five years on the last day of February loses leap days in
  calcurse: both go in one anniversary per year of ``--years``;
- a span over 29 February lasts a day longer in leap years, which no yearly
  rule can say: it goes in year by year too;
- multi-day spans keep their yearly rule: it is valid and most consumers read
  it, but calcurse shows only its first day (see :data:`SERIES_CAVEATS`).

Whatever goes in year by year stops after ``--years``; the calendar's
description and each such event say so.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from dipltime.domain.core import Occurrence, occurrence
from dipltime.domain.dates import (
    LAST_YEAR,
    Feb29,
    Precision,
    shift_year,
    years_text,
)
from dipltime.domain.kinds import KINDS
from dipltime.domain.language import language
from dipltime.domain.model import Collection, Event
from dipltime.outputs.calendar_options import (
    Alarm,
    ExportOptions,
    calendar_label,
    parse_alarm,
    parse_years,
)
from dipltime.outputs.calendar_text import (
    _no_day_note,
    _original,
    describe,
    instance_notes,
    instance_summary,
)
from dipltime.outputs.render import title as render_title

__all__ = [
    "Alarm",
    "Export",
    "ExportOptions",
    "build_calendar",
    "build_resources",
    "calendar_label",
    "describe",
    "feed_key",
    "instance_notes",
    "instance_summary",
    "is_ours",
    "parse_alarm",
    "parse_years",
]

PRODID = "-//dipltime//Diplomatic anniversaries//EN"
UID_DOMAIN = "dipltime"
_EPOCH = dt.date(2000, 1, 1)
SERIES_FROM = 1970
"""A series starts at the first anniversary in or after this year (libical's time range)."""
SERIES_CAVEATS = (
    "What known calendar software does with this yearly series: khal shows the years up "
    "to 2037 only; calcurse shows only the first day of an anniversary lasting several "
    "days; node-ical can move the end of an all-day repeat by a day on New Zealand's "
    "daylight-saving days; recurring-ical-events, libical, vobject, Radicale, ical.js, "
    "KCalendarCore, sabre/vobject, Home Assistant's ical, ics-py and Ruby's icalendar "
    "read it as written. To subscribe, prefer a calendar of one event per anniversary "
    "(dipltime export ics --years), which every one of them reads alike."
)
"""The series' own words in the calendar's description (the README says the same)."""


def is_ours(head: bytes) -> bool:
    """Whether a file's beginning is a calendar dipltime wrote (its PRODID in the header)."""
    return head.startswith(b"BEGIN:VCALENDAR") and f"PRODID:{PRODID}".encode() in head[:2048]


@dataclass(frozen=True)
class Export:
    """The calendar and an account of what went in and what was left out."""

    data: bytes
    events: int
    undated_left_out: int
    """Anniversaries (or series) left out because their event has no recorded day."""
    year_by_year: int = 0
    """Series only: records no portable yearly rule expresses, exported one anniversary at
    a time within ``years``."""


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
    """The iCalendar bytes for ``events``; see the module's notes for the choices made, and
    ``icsfile`` for how they are written (``export ics`` writes the same pieces as they come)."""
    from dipltime.outputs.icsfile import Tally, calendar_pieces

    stamp_default = _default_stamp(collection.events, options.source_date_epoch)
    tally = Tally()
    pieces = calendar_pieces(
        events,
        collection.parties,
        options,
        stamp_default,
        year_by_year(events, options),
        tally,
    )
    data = b"".join(pieces)
    return Export(data, tally.events, tally.undated_left_out, tally.year_by_year)


def year_by_year(events: Iterable[Event], options: ExportOptions) -> int:
    """Series only: how many of ``events`` no portable yearly rule expresses (they go in
    one anniversary at a time, and the calendar's description says how many)."""
    if not options.series:
        return 0
    return sum(1 for event in events if written_as(event, options)[0] == BY_YEAR)


SERIES, INSTANCES, BY_YEAR = "series", "instances", "year by year"


def written_as(event: Event, options: ExportOptions) -> tuple[str, str]:
    """How a record goes into a calendar, and why a series writes it year by year: a
    yearly series (:data:`SERIES`), one event per anniversary (:data:`INSTANCES`, and a
    series' :data:`BY_YEAR` where no portable rule says it), or not at all ("")."""
    if event.bound:
        return "", ""  # a span it lies in ("before 1826"): it has no anniversaries
    if not options.series:
        return INSTANCES, ""
    why = not_portable(event, options)
    if why is None:
        return SERIES, ""
    if options.milestones and not KINDS[event.kind].celebrated:
        return "", ""
    return BY_YEAR, why


def set_uid(component: Any, feed: str) -> None:
    """Give a component's UID its feed (``{id}-{year}.{feed}@dipltime``)."""
    local = str(component["uid"]).split("@")[0]
    component["uid"] = f"{local}.{feed}@{UID_DOMAIN}"


def series(
    event: Event, collection: Collection, options: ExportOptions, stamp_default: dt.date
) -> tuple[Any, int]:
    """The yearly series of one record (None when it has none), and 1 when it was left out
    for want of a day."""
    made, skipped = _series(event, collection, options, stamp_default)
    return (made[0][1] if made else None), skipped


def feed_key(text: str) -> str:
    """A UID-safe slug: ``Peru–Viet Nam anniversaries`` → ``peru-viet-nam-anniversaries``.

    Text with no Latin letter or digit (a name in Chinese, say) gets a short hash of
    itself instead, so that two such names still give two feeds.
    """
    decomposed = unicodedata.normalize("NFKD", text.lower())
    unaccented = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    slug = re.sub(r"[^a-z0-9]+", "-", unaccented).strip("-")
    return slug or "feed-" + hashlib.sha256(text.encode()).hexdigest()[:10]


def calendar_description(options: ExportOptions, year_by_year: int) -> str:
    """The calendar's description: the one given, and for a series what consumers do
    with it and which records stop after ``years``."""
    parts = [options.description] if options.description else []
    if options.series:
        parts.append(SERIES_CAVEATS)
        if year_by_year:
            span, last = years_text(options.years), options.years.stop - 1
            parts.append(
                f"{year_by_year} records are written one anniversary per year for "
                f"{span} only, as no yearly rule is read alike everywhere for them "
                f"(29 February under the 1 March rule or in a milestone series, or a span "
                f"over 29 February): export again for the years after {last}."
            )
    return "\n\n".join(parts)


def build_resources(
    events: Sequence[Event], collection: Collection, options: ExportOptions, publication: str
) -> tuple[dict[str, bytes], int]:
    """One VCALENDAR per event (no ``METHOD``, as CalDAV wants), by resource name.

    UIDs carry the publication (``{id}-{year}.{publication}@publish.dipltime``), so two
    publications, or a calendar file imported earlier, never collide in one calendar.
    """
    from icalendar import Calendar

    from dipltime.outputs.publication import UID_DOMAIN as PUBLISHED
    from dipltime.outputs.publication import resource_name, stamp

    components, left_out, _ = _components(events, collection, options)
    resources: dict[str, bytes] = {}
    for component in components:
        local = str(component["uid"]).split("@")[0]
        uid = f"{local}.{publication}@{PUBLISHED}"
        component["uid"] = uid
        cal = Calendar()
        calendar_header(cal)
        cal.add_component(component)
        resources[resource_name(publication, local)] = stamp(cal.to_ical(), publication)
    return resources, left_out


def calendar_header(cal: Any) -> None:
    """The lines every calendar dipltime writes starts with (PRODID, VERSION, CALSCALE)."""
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
    left_out = by_year = 0
    for event in events:
        how, why = written_as(event, options)
        if not how:
            continue
        if how == SERIES:
            components, skipped = _series(event, collection, options, stamp_default)
        else:
            by_year += how == BY_YEAR
            components, skipped = _instances(event, collection, options, stamp_default, why)
        made.extend(components)
        left_out += skipped
    ordered = [component for _, component in sorted(made, key=lambda item: item[0])]
    return ordered, left_out, by_year


# --- one event per anniversary ------------------------------------------------------------


def year_by_year_note(options: ExportOptions, lang: Any, why_not_a_series: str) -> list[str]:
    """What each event of a record a series writes year by year says of it (nothing for
    the events of an export of anniversaries)."""
    if not why_not_a_series:
        return []
    return [
        lang._(
            "In this yearly series this record is written one year at a time, {years} only: {why}."
        ).format(years=years_text(options.years), why=why_not_a_series)
    ]


def _instances(
    event: Event,
    collection: Collection,
    options: ExportOptions,
    stamp_default: dt.date,
    why_not_a_series: str = "",
) -> tuple[list[tuple[tuple[dt.date, str], Any]], int]:
    made: list[tuple[tuple[dt.date, str], Any]] = []
    lang = language(options.lang)
    stops = year_by_year_note(options, lang, why_not_a_series)
    days, skipped = anniversary_days(event, options)
    for occ, start, end in days:
        uid = f"{event.id}-{occ.year}@{UID_DOMAIN}"
        component = vevent(
            event,
            collection,
            options,
            stamp_default,
            uid,
            start,
            end,
            summary=instance_summary(occ, collection, lang),
            extra=instance_notes(occ, lang) + stops,
        )
        made.append(((start, uid), component))
    return made, skipped


def anniversary_days(
    event: Event, options: ExportOptions
) -> tuple[list[tuple[Occurrence, dt.date, dt.date]], int]:
    """The anniversaries of ``event`` in ``options.years`` that go into a calendar, each
    with its first and last day (an undated one on the 1st of its month, or 1 January,
    with ``--undated``); and how many were left out for want of a day."""
    days: list[tuple[Occurrence, dt.date, dt.date]] = []
    skipped = 0
    for year in range(max(options.years.start, event.date.year + 1), options.years.stop):
        occ = occurrence(event, year, options.settings)  # its number is 1 or more
        if options.milestones and not occ.milestone:
            continue
        if occ.observed is None:
            if not options.undated:
                skipped += 1
                continue
            start = end = dt.date(year, event.date.month or 1, 1)
        else:
            start, end = occ.observed, occ.observed_end or occ.observed
        days.append((occ, start, end))
    return days, skipped


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
    first_year = event.date.year + step
    if first_year < SERIES_FROM:  # libical cannot place dates before 1902 (module notes)
        first_year += -(-(SERIES_FROM - first_year) // step) * step
    if first_year > LAST_YEAR:  # a record of 9998: no anniversary dipltime can place
        return [], 0
    if event.date.precision is not Precision.DAY:
        if not options.undated:
            return [], 1
        start = end = dt.date(first_year, event.date.month or 1, 1)
        rule: dict[str, Any] = {"freq": "yearly"}
    else:
        first = occurrence(event, first_year, settings)
        assert first.observed is not None
        start, end = first.observed, first.observed_end or first.observed
        rule = _yearly_rule(event.date.as_date())
    if step > 1:
        rule["interval"] = step
    uid = f"{event.id}@{UID_DOMAIN}"
    lang = language(options.lang)
    _ = lang._
    repeats = (
        _(
            "Repeats every year from {first}; the number of the anniversary is the year "
            "minus {year}."
        )
        if step == 1
        else _(
            "Repeats every {step} years (milestones) from {first}; the number of the "
            "anniversary is the year minus {year}."
        )
    )
    extra = [repeats.format(step=step, first=first_year, year=event.date.year)]
    if end > start:
        extra.append(_("Lasts several days: calcurse shows only the first."))
    if event.date.precision is not Precision.DAY:
        extra.append(_no_day_note(event, lang))
    component = vevent(
        event,
        collection,
        options,
        stamp_default,
        uid,
        start,
        end,
        summary=lang.fill(
            _("Anniversary of {title} ({date})"),
            title=render_title(event, collection.parties, lang),
            date=_original(event, lang),
        ),
        extra=extra,
    )
    component.add("rrule", rule)
    return [((start, uid), component)], 0


def _yearly_rule(start: dt.date) -> dict[str, Any]:
    if (start.month, start.day) != (2, 29):
        return {"freq": "yearly"}
    return {"freq": "yearly", "bymonth": 2, "bymonthday": -1}  # 28 February rule only


def not_portable(event: Event, options: ExportOptions) -> str | None:
    """Why no yearly rule expresses this record alike in every consumer, else None."""
    if event.date.precision is not Precision.DAY:
        return None
    feb29 = options.settings.feb29
    if (event.date.month, event.date.day) == (2, 29):
        if feb29 is Feb29.MAR1:
            return (
                "its 29 February falls on 1 March in common years, which no yearly rule "
                "says alike in every calendar"
            )
        if options.milestones and options.settings.milestones.every > 1:
            return "a milestone series on the last day of February loses leap days in calcurse"
    if event.end is None:
        return None
    length = event.end.as_date() - event.date.as_date()
    span = event.end.year - event.date.year
    for year in (2023, 2024):  # a common and a leap year
        start = shift_year(event.date.as_date(), year, feb29)
        end = shift_year(event.end.as_date(), year + span, feb29)
        if end - start != length:
            return (
                "it spans 29 February, so it lasts a day longer in leap years, which no "
                "yearly rule can say"
            )
    return None


# --- the VEVENT --------------------------------------------------------------------------------


def vevent(
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

    stamp, sequence = stamp_of(event, stamp_default)
    component = VEvent()
    component.add("uid", uid)
    component.add("dtstamp", stamp)
    component.add("last-modified", stamp)
    component.add("sequence", sequence)
    component.add("dtstart", start)
    # An anniversary that runs to the last day a date can have ends there (DTEND is the
    # day after, which does not exist).
    component.add("dtend", end + dt.timedelta(days=1) if end < dt.date.max else end)
    lang = language(options.lang)
    tag = {"LANGUAGE": lang.code}
    component.add("summary", _text(summary), parameters=tag)
    description = describe(event, collection, extra, lang)
    component.add("description", _text(description), parameters=tag)
    component.add("categories", [lang.kind(KINDS[event.kind].label), *event.tags])
    component.add("transp", "TRANSPARENT")
    component.add("class", "PUBLIC")
    if options.alarm is not None:
        alarm = VAlarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _text(summary), parameters=tag)
        alarm.add("trigger", options.alarm.trigger)
        component.add_component(alarm)
    return component


def stamp_of(event: Event, stamp_default: dt.date) -> tuple[dt.datetime, int]:
    """DTSTAMP (and LAST-MODIFIED) and SEQUENCE of a record's events, from its ``revised``."""
    revised = event.revised or stamp_default
    stamp = dt.datetime.combine(revised, dt.time(), tzinfo=dt.UTC)
    return stamp, (revised - _EPOCH).days if revised > _EPOCH else 0


def _default_stamp(events: Sequence[Event], source_date_epoch: int | None) -> dt.date:
    return default_stamp([e.revised for e in events if e.revised], source_date_epoch)


def default_stamp(revised: Sequence[dt.date], source_date_epoch: int | None) -> dt.date:
    """DTSTAMP for a record with no ``revised`` date: the newest of ``revised``, else the
    day of ``SOURCE_DATE_EPOCH``, else 2000-01-01."""
    if revised:
        return max(revised)
    if source_date_epoch is not None:
        return dt.datetime.fromtimestamp(source_date_epoch, tz=dt.UTC).date()
    return _EPOCH
