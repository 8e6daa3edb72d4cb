"""The iCalendar exporter: parsed back with icalendar, expanded with recurring-ical-events.

The days every export puts events on must be exactly the days the core computes.
"""

from __future__ import annotations

import datetime as dt

import pytest
import recurring_ical_events
from icalendar import Calendar

from dipltime.domain.core import DEFAULT, Settings, occurrence, upcoming
from dipltime.domain.dates import Feb29
from dipltime.domain.model import Collection, Kind, Party
from dipltime.errors import UsageError
from dipltime.outputs.ics import (
    SERIES_CAVEATS,
    ExportOptions,
    build_calendar,
    build_resources,
    feed_key,
    parse_alarm,
    parse_years,
)
from dipltime.store.loading import load_collection
from helpers import EVENTS, make_event

BUNDLED = load_collection(EVENTS)
PARTIES = {"PER": Party("PER", "Peru"), "VNM": Party("VNM", "Viet Nam", ("Việt Nam",))}
LEAP = make_event("leap", "2000-02-29", kind=Kind.TREATY_SIGNED)
OVER_LEAP = make_event("over-leap", "2024-02-28", end="2024-03-01", kind=Kind.SUMMIT_HOSTED)
NEW_YEAR = make_event("new-year", "1999-12-30", end="2000-01-02", kind=Kind.SUMMIT_HOSTED)
RELATIONS = make_event("relations", "1994-11-14", title="Peru–Viet Nam diplomatic relations")
YEAR_ONLY = make_event("year-only", "1826", kind=Kind.RECOGNITION)
MONTH_ONLY = make_event("month-only", "2012-09", kind=Kind.PARTNERSHIP)
SYNTHETIC = Collection(
    events=(YEAR_ONLY, RELATIONS, NEW_YEAR, LEAP, MONTH_ONLY, OVER_LEAP), parties=PARTIES
)
OLD = make_event("old", "1832-11-16", title="Peru–Mexico relations")


def uid(local: str, feed: str = "diplomatic-anniversaries") -> str:
    """The UID of ``local`` in a calendar of the default name (or of ``feed``)."""
    return f"{local}.{feed}@dipltime"


def _export(collection: Collection = SYNTHETIC, **options: object) -> Calendar:
    export = build_calendar(collection.events, collection, ExportOptions(**options))  # type: ignore[arg-type]
    return Calendar.from_ical(export.data)


def _days(cal: Calendar, first: int, last: int) -> set[tuple[str, dt.date, dt.date]]:
    """(record id, first day, last day) of every occurrence from ``first`` to ``last``."""
    found = set()
    for ev in recurring_ical_events.of(cal).between(dt.date(first, 1, 1), dt.date(last + 1, 1, 1)):
        record = str(ev["description"]).rsplit("Record: ", 1)[1]
        start = ev["dtstart"].dt
        end = ev["dtend"].dt - dt.timedelta(days=1)
        found.add((record, start, end))
    return found


def _core_days(events, first: int, last: int, settings: Settings = DEFAULT) -> set:
    found = set()
    for event in events:
        for year in range(first, last + 1):
            occ = occurrence(event, year, settings)
            if occ.anniversary and occ.observed:
                found.add((event.id, occ.observed, occ.observed_end or occ.observed))
    return found


# --- what calendar apps need -------------------------------------------------------------


def test_all_day_events_with_an_exclusive_end_and_stable_uids():
    cal = _export(years=range(2024, 2025))
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    relations = events[uid("relations-2024")]
    assert relations["dtstart"].params["VALUE"] == "DATE"
    assert relations["dtstart"].dt == dt.date(2024, 11, 14)
    assert relations["dtend"].dt == dt.date(2024, 11, 15)
    assert str(relations["summary"]) == (
        "★ 30th anniversary of Peru–Viet Nam diplomatic relations (1994)"
    )
    assert str(relations["transp"]) == "TRANSPARENT"
    span = events[uid("new-year-2024")]
    assert (span["dtstart"].dt, span["dtend"].dt) == (dt.date(2024, 12, 30), dt.date(2025, 1, 3))


def test_the_calendar_has_a_name_method_and_refresh_hints():
    data = build_calendar(SYNTHETIC.events, SYNTHETIC, ExportOptions(name="Peru Ann")).data
    for line in (
        b"METHOD:PUBLISH",
        b"X-WR-CALNAME:Peru Ann",
        b"NAME:Peru Ann",
        b"REFRESH-INTERVAL;VALUE=DURATION:P1D",
        b"X-PUBLISHED-TTL:P1D",
        b"PRODID:-//dipltime//Diplomatic anniversaries//EN",
        b"VERSION:2.0",
    ):
        assert line + b"\r\n" in data
    assert all(line.endswith(b"\r") for line in data.split(b"\n")[:-1])  # CRLF throughout


def test_the_same_data_gives_the_same_bytes():
    first = build_calendar(BUNDLED.events, BUNDLED, ExportOptions(undated=True)).data
    second = build_calendar(BUNDLED.events, BUNDLED, ExportOptions(undated=True)).data
    assert first == second


def test_stamps_and_sequence_come_from_the_record_not_the_clock():
    revised = make_event("rev", "1994-11-14", revised=dt.date(2026, 11, 23))
    cal = _export(Collection((revised,), PARTIES), years=range(2030, 2031))
    (event,) = cal.walk("VEVENT")
    assert event["dtstamp"].dt == dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
    assert event["last-modified"].dt == dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
    assert event["sequence"] == (dt.date(2026, 11, 23) - dt.date(2000, 1, 1)).days
    later = make_event("rev", "1994-11-14", revised=dt.date(2027, 1, 5))
    (changed,) = _export(Collection((later,), PARTIES), years=range(2030, 2031)).walk("VEVENT")
    assert changed["sequence"] > event["sequence"]


def test_without_revised_dates_source_date_epoch_sets_the_stamp():
    cal = _export(source_date_epoch=1_700_000_000, years=range(2030, 2031))
    stamps = {e["dtstamp"].dt for e in cal.walk("VEVENT")}
    assert stamps == {dt.datetime(2023, 11, 14, tzinfo=dt.UTC)}


def test_text_is_escaped_and_unicode_survives_the_round_trip():
    tricky = make_event(
        "tricky",
        "2016-11-18",
        title="Lương Cường; a, b \\ c",
        kind=Kind.COOPERATION,
        summary="Line one.\nLine two; with, commas — and Việt Nam.",
    )
    (event,) = _export(Collection((tricky,), PARTIES), years=range(2026, 2027)).walk("VEVENT")
    assert str(event["summary"]) == "10th anniversary of Lương Cường; a, b \\ c (2016)"
    assert str(event["description"]).startswith("Line one.\nLine two; with, commas — and Việt Nam.")


def test_the_description_carries_the_date_how_it_was_obtained_parties_and_sources():
    (event,) = _export(Collection((RELATIONS,), PARTIES), years=range(2026, 2027)).walk("VEVENT")
    text = str(event["description"])
    for part in (
        "Date: 14 Nov 1994 (stated in the sources)",
        "Parties: Peru, Viet Nam",
        "Sources:\n1. Test Ministry; title: A page; published: not stated",
        "Record: relations",
    ):
        assert part in text


# --- instances ------------------------------------------------------------------------------


def test_instances_fall_on_exactly_the_days_the_core_computes():
    for feb29 in Feb29:
        settings = Settings(feb29=feb29)
        cal = _export(years=range(2024, 2034), settings=settings)
        day_precise = [e for e in SYNTHETIC.events if e.date.precision.value == "day"]
        assert _days(cal, 2024, 2033) == _core_days(day_precise, 2024, 2033, settings)


def test_dates_before_1902_and_after_2037_export():
    old = make_event("old", "1832-11-16")
    cal = _export(Collection((old,), PARTIES), years=range(2100, 2101))
    (event,) = cal.walk("VEVENT")
    assert event["dtstart"].dt == dt.date(2100, 11, 16)
    assert str(event["summary"]).startswith("268th anniversary")
    assert b"DTSTART;VALUE=DATE:18321116" not in cal.to_ical()  # the event itself is not exported


def test_events_without_a_day_are_left_out_unless_asked_for():
    export = build_calendar(SYNTHETIC.events, SYNTHETIC, ExportOptions(years=range(2026, 2027)))
    assert export.undated_left_out == 2
    cal = _export(years=range(2026, 2027), undated=True)
    by_uid = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    year_only = by_uid[uid("year-only-2026")]
    assert year_only["dtstart"].dt == dt.date(2026, 1, 1)
    assert str(year_only["summary"]) == (
        "★ 200th anniversary of event year-only (1826; no recorded day) — bicentenary"
    )
    assert "The sources give no day for this event" in str(year_only["description"])
    assert by_uid[uid("month-only-2026")]["dtstart"].dt == dt.date(2026, 9, 1)


def test_milestones_only():
    cal = _export(years=range(2024, 2026), milestones=True)
    assert sorted(str(e["uid"]) for e in cal.walk("VEVENT")) == [
        uid("leap-2025"),
        uid("new-year-2024"),
        uid("relations-2024"),
    ]


def test_29_february_instances_are_said_to_be_observed_elsewhere():
    cal = _export(Collection((LEAP,), PARTIES), years=range(2025, 2026))
    (event,) = cal.walk("VEVENT")
    assert event["dtstart"].dt == dt.date(2025, 2, 28)
    assert "Observed on 2025-02-28: 2025 has no 29 February." in str(event["description"])


# --- series -----------------------------------------------------------------------------------


@pytest.mark.parametrize("feb29", list(Feb29))
def test_series_expand_to_exactly_the_core_days(feb29):
    settings = Settings(feb29=feb29)
    series = [e for e in SYNTHETIC.events if e.date.precision.value == "day" and e is not OVER_LEAP]
    cal = _export(
        Collection(tuple(series), PARTIES),
        series=True,
        settings=settings,
        years=range(1995, 2061),  # 29 February under mar1 goes in year by year
    )
    assert _days(cal, 1995, 2060) == _core_days(series, 1995, 2060, settings)


def test_29_february_recurs_as_the_last_day_of_february_under_the_28_february_rule():
    data = build_calendar((LEAP,), SYNTHETIC, ExportOptions(series=True)).data
    assert b"RRULE:FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=2\r\n" in data
    assert b"BYYEARDAY" not in data


def test_29_february_under_the_1_march_rule_goes_in_year_by_year():
    """BYYEARDAY=60 puts it a day late in leap years in sabre/vobject and calcurse."""
    options = ExportOptions(series=True, settings=Settings(feb29=Feb29.MAR1))
    export = build_calendar((LEAP,), SYNTHETIC, options)
    assert export.year_by_year == 1
    assert b"RRULE" not in export.data
    cal = Calendar.from_ical(export.data)
    assert _days(cal, 2020, 2040) == _core_days([LEAP], 2026, 2035, Settings(feb29=Feb29.MAR1))
    first = cal.walk("VEVENT")[0]
    assert str(first["uid"]) == uid("leap-2026")
    assert "written one year at a time, 2026–2035 only" in str(first["description"])


def test_a_29_february_milestone_series_goes_in_year_by_year():
    """calcurse skips leap days in INTERVAL=5;BYMONTH=2;BYMONTHDAY=-1."""
    export = build_calendar(
        (LEAP, RELATIONS), SYNTHETIC, ExportOptions(series=True, milestones=True)
    )
    assert export.year_by_year == 1
    cal = Calendar.from_ical(export.data)
    assert {str(e["uid"]) for e in cal.walk("VEVENT")} == {
        uid("relations"),
        uid("leap-2030"),
        uid("leap-2035"),
    }


def test_a_series_starts_at_its_first_anniversary_in_or_after_1970():
    """libical reads an event dated before 1902 as lasting no time at all."""
    for milestones, first in ((False, dt.date(1970, 11, 16)), (True, dt.date(1972, 11, 16))):
        cal = _export(Collection((OLD,), PARTIES), series=True, milestones=milestones)
        (event,) = cal.walk("VEVENT")
        assert event["dtstart"].dt == first
        assert f"from {first.year}; the number of the anniversary is the year minus 1832" in str(
            event["description"]
        )
        core = {d for d in _core_days([OLD], 1960, 2100) if d[1].year >= 1970}
        if milestones:
            core = {d for d in core if (d[1].year - 1832) % 5 == 0}
        assert _days(cal, 1960, 2100) == core


def test_a_series_calendar_says_what_consumers_do_and_where_it_stops():
    plain = _export(description="Mine.", years=range(2026, 2027))
    assert str(plain["description"]) == "Mine."
    collection = Collection((OVER_LEAP, RELATIONS), PARTIES)
    options = ExportOptions(series=True, description="Mine.", years=range(2025, 2029))
    data = build_calendar(collection.events, collection, options).data
    cal = Calendar.from_ical(data)
    text = str(cal["description"])
    assert text.startswith("Mine.\n\n" + SERIES_CAVEATS + "\n\n")
    assert "1 records are written one anniversary per year for 2025–2028 only" in text
    assert "export again for the years after 2028" in text
    assert b"X-WR-CALDESC:Mine.\\n\\nWhat known calendar software" in data


# --- UIDs of their own per feed -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Diplomatic anniversaries", "diplomatic-anniversaries"),
        ("Peru–Viet Nam anniversaries 2026–2035", "peru-viet-nam-anniversaries-2026-2035"),
        ("Perú e Italia: ¡aniversarios!", "peru-e-italia-aniversarios"),
        ("partners/vnm", "partners-vnm"),
    ],
)
def test_feed_keys_are_slugs(text, key):
    assert feed_key(text) == key


def test_a_name_without_latin_letters_still_gives_a_feed_of_its_own():
    assert feed_key("秘鲁") != feed_key("越南")
    assert feed_key("秘鲁").startswith("feed-")


def test_two_feeds_never_share_a_uid():
    one = _export(name="Decade", years=range(2026, 2028))
    two = _export(name="Viet Nam", years=range(2026, 2028))
    given = _export(feed="partners-vnm", years=range(2026, 2028))
    uids = [{str(e["uid"]) for e in cal.walk("VEVENT")} for cal in (one, two, given)]
    assert uid("relations-2026", "decade") in uids[0]
    assert uid("relations-2026", "viet-nam") in uids[1]
    assert uid("relations-2026", "partners-vnm") in uids[2]
    assert not uids[0] & uids[1] and not uids[1] & uids[2]


def test_a_span_over_29_february_is_exported_year_by_year_in_a_series():
    """Its length differs between leap and common years: no yearly rule can say that."""
    collection = Collection((OVER_LEAP, RELATIONS), PARTIES)
    options = ExportOptions(series=True, years=range(2025, 2029))
    export = build_calendar(collection.events, collection, options)
    assert export.year_by_year == 1
    cal = Calendar.from_ical(export.data)
    assert sorted("rrule" in e for e in cal.walk("VEVENT")) == [False] * 4 + [True]
    assert _days(cal, 2025, 2028) == _core_days([OVER_LEAP, RELATIONS], 2025, 2028)


def test_milestone_series_repeat_every_five_years_from_the_first_milestone():
    cal = _export(Collection((RELATIONS,), PARTIES), series=True, milestones=True)
    (event,) = cal.walk("VEVENT")
    assert event["dtstart"].dt == dt.date(1999, 11, 14)
    assert event["rrule"]["INTERVAL"] == [5]
    assert {d[1].year for d in _days(cal, 2020, 2040)} == {2024, 2029, 2034, 2039}


def test_the_bundled_series_match_the_core_for_a_century():
    cal = Calendar.from_ical(
        build_calendar(BUNDLED.events, BUNDLED, ExportOptions(series=True)).data
    )
    day_precise = [e for e in BUNDLED.events if e.date.precision.value == "day"]
    assert _days(cal, 2025, 2125) == _core_days(day_precise, 2025, 2125)


def test_the_upcoming_list_and_the_export_agree():
    cal = _export(BUNDLED, years=range(2026, 2028))
    found = upcoming(BUNDLED.events, dt.date(2026, 11, 1), 90)
    exported = _days(cal, 2026, 2027)
    for occ in found:
        assert (occ.event.id, occ.observed, occ.observed_end or occ.observed) in exported


# --- alarms --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("7d", "-P7D"),
        ("2w", "-P14D"),
        ("7d@09:00", "-P6DT15H"),
        ("0d@08:30", "PT8H30M"),
        ("1d@23:59", "-PT1M"),
    ],
)
def test_alarm_triggers(text, trigger):
    cal = build_calendar(
        (RELATIONS,), SYNTHETIC, ExportOptions(years=range(2026, 2027), alarm=parse_alarm(text))
    ).data
    assert f"TRIGGER:{trigger}\r\n".encode() in cal
    assert b"ACTION:DISPLAY" in cal


@pytest.mark.parametrize("text", ["7", "7x", "7d@25:00", "7d@9", "-1d", "d"])
def test_bad_alarms_are_usage_errors(text):
    with pytest.raises(UsageError):
        parse_alarm(text)


@pytest.mark.parametrize(
    ("text", "years"), [("2026:2035", range(2026, 2036)), ("2026", range(2026, 2027))]
)
def test_year_windows(text, years):
    assert parse_years(text) == years


@pytest.mark.parametrize("text", ["2035:2026", "x", "2026-2035", "0:5"])
def test_bad_year_windows(text):
    with pytest.raises(UsageError):
        parse_years(text)


# --- CalDAV resources ----------------------------------------------------------------------------


def test_resources_hold_one_event_each_no_method_and_a_publication_uid():
    resources, _ = build_resources(
        (RELATIONS,), SYNTHETIC, ExportOptions(years=range(2026, 2028)), "embassy"
    )
    assert sorted(resources) == [
        "dipltime_embassy_relations-2026.ics",
        "dipltime_embassy_relations-2027.ics",
    ]
    for body in resources.values():
        cal = Calendar.from_ical(body)
        assert "method" not in cal
        (event,) = cal.walk("VEVENT")
        assert str(event["uid"]).endswith(".embassy@publish.dipltime")
        assert b"X-DIPLTIME-HASH:" in body


def test_a_literal_backslash_n_survives_the_export():
    """Found by the fuzz tests: icalendar turns a written backslash-N into a line break."""
    odd = make_event(
        "odd",
        "2016-11-18",
        title="path C:\\New\\notes; a, b",
        kind=Kind.COOPERATION,
        summary="one \\N two\nthree",
    )
    (event,) = _export(Collection((odd,), PARTIES), years=range(2026, 2027)).walk("VEVENT")
    assert str(event["summary"]) == "10th anniversary of path C:\\New\\notes; a, b (2016)"
    assert str(event["description"]).startswith("one \\N two\nthree\n")
