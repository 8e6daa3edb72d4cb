"""The timeline core: order, anniversaries, milestones, 29 February, multi-day events, filters."""

from __future__ import annotations

import datetime as dt

import pytest

from dipltime.domain.core import (
    DEFAULT,
    JUBILEES,
    MilestoneRule,
    Settings,
    anniversaries,
    events_in_month,
    events_on,
    occurrence,
    upcoming,
)
from dipltime.domain.dates import Feb29, parse_partial_date
from dipltime.domain.filters import Filter, resolve_party, select
from dipltime.domain.model import Kind, Party
from dipltime.errors import UsageError
from helpers import day, ids, make_event, numbers

MAR1 = Settings(feb29=Feb29.MAR1)

VIET_NAM = make_event("vnm-relations", "1994-11-14", title="Peru–Viet Nam diplomatic relations")
VISIT = make_event("vnm-visit", "2024-11-12", end="2024-11-14", kind=Kind.STATE_VISIT)
LEAP = make_event("leap", "2000-02-29", kind=Kind.TREATY_SIGNED)
NEW_YEAR = make_event("new-year", "1999-12-30", end="2000-01-02", kind=Kind.SUMMIT_HOSTED)
RECOGNITION = make_event("usa-recognition", "1826", kind=Kind.RECOGNITION, parties=("PER", "USA"))
SEPT = make_event("kor-partnership", "2012-09", kind=Kind.PARTNERSHIP, parties=("PER", "KOR"))
CLOSED = make_event("embassy-closed", "1976-11-14", kind=Kind.EMBASSY_CLOSED)


def assert_on_day(
    events,
    month_day: str,
    year: int,
    expected: dict[str, int | None],
    settings: Settings = DEFAULT,
) -> None:
    month, d = (int(x) for x in month_day.split("-"))
    assert numbers(events_on(events, month, d, year, settings)) == expected


# --- ordering ----------------------------------------------------------------------------


def test_mixed_precision_orders_year_then_month_then_day_within_an_interval():
    a = make_event("a-day", "1826-01-01")
    b = make_event("b-year", "1826")
    c = make_event("c-month", "1826-01")
    d = make_event("d-before", "1825-12-31")
    e = make_event("e-later-day", "1826-01-15")
    ordered = sorted([a, b, c, d, e], key=lambda ev: ev.sort_key)
    assert ids(ordered) == ["d-before", "b-year", "c-month", "a-day", "e-later-day"]


def test_same_start_orders_by_end_then_id_so_the_order_is_total():
    short = make_event("z-short", "2024-11-12")
    long = make_event("a-long", "2024-11-12", end="2024-11-16")
    twin = make_event("b-short", "2024-11-12")
    assert ids(sorted([long, short, twin], key=lambda ev: ev.sort_key)) == [
        "b-short",
        "z-short",
        "a-long",
    ]


# --- anniversaries on a day -----------------------------------------------------------------


def test_the_30th_anniversary_of_peru_viet_nam_relations_in_2024():
    assert_on_day([VIET_NAM], "11-14", 2024, {"vnm-relations": 30})


def test_events_after_the_year_asked_about_are_not_listed():
    assert_on_day([VIET_NAM], "11-14", 1993, {})


def test_an_event_in_its_own_year_has_no_number():
    assert_on_day([VIET_NAM], "11-14", 1994, {"vnm-relations": None})


def test_day_lookups_ignore_events_without_a_day():
    assert_on_day([RECOGNITION, SEPT], "01-01", 2026, {})
    assert_on_day([SEPT], "09-01", 2026, {})


def test_a_multi_day_event_shows_on_every_day_it_spans():
    for d in ("11-12", "11-13", "11-14"):
        assert_on_day([VISIT], d, 2034, {"vnm-visit": 10})
    assert_on_day([VISIT], "11-11", 2034, {})
    assert_on_day([VISIT], "11-15", 2034, {})


def test_a_span_across_new_year_counts_from_its_first_day():
    assert_on_day([NEW_YEAR], "12-31", 2024, {"new-year": 25})
    # 1 January 2025 belongs to the instance that began on 30 December 2024.
    assert_on_day([NEW_YEAR], "01-01", 2025, {"new-year": 25})
    assert_on_day([NEW_YEAR], "01-02", 2000, {"new-year": None})
    assert_on_day([NEW_YEAR], "01-03", 2025, {})


def test_29_february_in_a_leap_year():
    assert_on_day([LEAP], "02-29", 2024, {"leap": 24})
    assert_on_day([LEAP], "02-28", 2024, {})


def test_29_february_is_observed_on_28_february_in_common_years():
    assert_on_day([LEAP], "02-28", 2025, {"leap": 25})
    assert_on_day([LEAP], "03-01", 2025, {})


def test_29_february_can_be_observed_on_1_march_instead():
    assert_on_day([LEAP], "03-01", 2025, {"leap": 25}, MAR1)
    assert_on_day([LEAP], "02-28", 2025, {}, MAR1)


def test_asking_for_29_february_in_a_common_year_gives_its_events_as_observed():
    found = events_on([LEAP, VIET_NAM, make_event("feb-28", "2001-02-28")], 2, 29, 2025)
    assert numbers(found) == {"leap": 25}
    assert found[0].observed == day("2025-02-28")
    found = events_on([LEAP], 2, 29, 2025, MAR1)
    assert found[0].observed == day("2025-03-01")


def test_centuries_are_common_years_unless_divisible_by_400():
    assert_on_day([LEAP], "02-28", 2100, {"leap": 100})
    assert_on_day([LEAP], "02-29", 2400, {"leap": 400})


def test_years_before_1900_and_after_2037_work():
    old = make_event("mex", "1832-11-16")
    assert_on_day([old], "11-16", 2038, {"mex": 206})
    assert_on_day([old], "11-16", 1900, {"mex": 68})
    assert_on_day([old], "11-16", 2232, {"mex": 400})


def test_an_impossible_day_is_a_usage_error():
    with pytest.raises(UsageError, match="13-01 is not a day"):
        events_on([VIET_NAM], 13, 1, 2024)
    with pytest.raises(UsageError, match="04-31"):
        events_on([VIET_NAM], 4, 31, 2024)


# --- a whole month ---------------------------------------------------------------------------


def test_a_month_lists_month_precise_events_first_then_by_day():
    found = events_in_month([VIET_NAM, VISIT, make_event("nov", "2024-11"), SEPT], 11, 2026)
    assert ids(found) == ["nov", "vnm-visit", "vnm-relations"]
    assert numbers(found) == {"nov": 2, "vnm-visit": 2, "vnm-relations": 32}


# --- upcoming -----------------------------------------------------------------------------------


def test_upcoming_window_is_half_open():
    start = day("2026-11-14")
    assert ids(upcoming([VIET_NAM], start, days=1)) == ["vnm-relations"]
    assert ids(upcoming([VIET_NAM], day("2026-11-13"), days=1)) == []
    assert ids(upcoming([VIET_NAM], day("2026-10-15"), days=30)) == []  # ends 11-13
    assert ids(upcoming([VIET_NAM], day("2026-10-15"), days=31)) == ["vnm-relations"]


def test_upcoming_crosses_the_turn_of_the_year():
    jan = make_event("jan", "2024-01-29", kind=Kind.STATUS_GRANTED)
    found = upcoming([jan, VIET_NAM, NEW_YEAR], day("2026-12-20"), days=45)
    assert [(o.event.id, o.observed, o.anniversary) for o in found] == [
        ("new-year", day("2026-12-30"), 27),
        ("jan", day("2027-01-29"), 3),
    ]


def test_upcoming_skips_the_events_own_year_and_events_without_a_day():
    found = upcoming([VISIT, RECOGNITION, SEPT], day("2024-11-01"), days=30)
    assert ids(found) == []
    assert numbers(upcoming([VISIT], day("2025-11-01"), days=30)) == {"vnm-visit": 1}


def test_upcoming_29_february_follows_the_same_rule():
    assert upcoming([LEAP], day("2025-02-20"), 30)[0].observed == day("2025-02-28")
    assert upcoming([LEAP], day("2025-02-20"), 30, MAR1)[0].observed == day("2025-03-01")
    assert upcoming([LEAP], day("2028-02-20"), 30)[0].observed == day("2028-02-29")


def test_upcoming_windows_longer_than_a_year_list_each_year():
    found = upcoming([VIET_NAM], day("2026-01-01"), days=1100)  # to 5 January 2029
    assert [o.anniversary for o in found] == [32, 33, 34]


def test_upcoming_needs_at_least_one_day():
    with pytest.raises(UsageError):
        upcoming([VIET_NAM], day("2026-01-01"), days=0)


# --- anniversaries of a year --------------------------------------------------------------------


def test_2026_is_the_bicentenary_of_us_recognition():
    found = anniversaries([RECOGNITION], 2026)
    assert (found[0].anniversary, found[0].milestone, found[0].jubilee) == (
        200,
        True,
        "bicentenary",
    )
    assert found[0].observed is None


def test_anniversaries_of_a_year_take_every_precision_in_the_order_of_the_year():
    this_year = make_event("this-year", "2026-03-05")
    found = anniversaries([VIET_NAM, SEPT, RECOGNITION, this_year, LEAP], 2026)
    assert ids(found) == [
        "usa-recognition",
        "leap",
        "this-year",
        "kor-partnership",
        "vnm-relations",
    ]
    assert numbers(found) == {
        "usa-recognition": 200,
        "leap": 26,
        "this-year": None,
        "kor-partnership": 14,
        "vnm-relations": 32,
    }


def test_anniversaries_leave_out_later_events():
    assert ids(anniversaries([VIET_NAM, VISIT], 2000)) == ["vnm-relations"]


# --- milestones ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "milestone", "jubilee"),
    [
        (5, True, ""),
        (10, True, ""),
        (25, True, "silver jubilee"),
        (30, True, ""),
        (40, True, "ruby jubilee"),
        (50, True, "golden jubilee"),
        (60, True, "diamond jubilee"),
        (100, True, "centenary"),
        (150, True, "sesquicentenary"),
        (200, True, "bicentenary"),
        (1, False, ""),
        (31, False, ""),
        (49, False, ""),
        (111, False, ""),
    ],
)
def test_round_anniversaries_of_relations_are_milestones(number, milestone, jubilee):
    occ = occurrence(VIET_NAM, 1994 + number)
    assert (occ.anniversary, occ.milestone, occ.jubilee) == (number, milestone, jubilee)


def test_closures_are_remembered_not_celebrated():
    occ = occurrence(CLOSED, 2026)
    assert occ.anniversary == 50
    assert not occ.milestone and occ.jubilee == ""


def test_the_step_of_round_anniversaries_is_configurable():
    every_ten = Settings(milestones=MilestoneRule(every=10))
    assert not occurrence(VIET_NAM, 2019, every_ten).milestone  # 25th
    assert occurrence(VIET_NAM, 2024, every_ten).milestone  # 30th
    on_this_day = Settings(milestones=MilestoneRule(every=10, century_every=25))
    assert not occurrence(RECOGNITION, 2036, on_this_day).milestone  # 210th
    assert occurrence(RECOGNITION, 2051, on_this_day).milestone  # 225th


def test_the_jubilee_table_is_the_one_in_the_domain_notes():
    assert JUBILEES == {
        25: "silver jubilee",
        40: "ruby jubilee",
        50: "golden jubilee",
        60: "diamond jubilee",
        100: "centenary",
        150: "sesquicentenary",
        200: "bicentenary",
    }


def test_a_milestone_step_below_one_is_refused():
    with pytest.raises(UsageError):
        MilestoneRule(every=0)


# --- filters ---------------------------------------------------------------------------------


PARTIES = {
    "PER": Party("PER", "Peru"),
    "VNM": Party("VNM", "Viet Nam", ("Vietnam", "Việt Nam")),
    "NER": Party("NER", "Niger"),
    "NGA": Party("NGA", "Nigeria"),
    "KOR": Party("KOR", "Republic of Korea", ("South Korea",)),
}


@pytest.mark.parametrize(
    "query", ["VNM", "vnm", "Viet Nam", "viet nam", "Vietnam", "Việt Nam", "VIỆT NAM", "viet  nam"]
)
def test_a_party_is_found_by_code_name_or_alias(query):
    assert resolve_party(query, PARTIES) == "VNM"


def test_a_name_must_match_whole_so_niger_never_finds_nigeria():
    assert resolve_party("Niger", PARTIES) == "NER"
    assert resolve_party("nigeria", PARTIES) == "NGA"
    with pytest.raises(UsageError, match="no party is called 'Nige'") as info:
        resolve_party("Nige", PARTIES)
    assert "Niger" in info.value.hint
    with pytest.raises(UsageError):
        resolve_party("Korea", PARTIES)


def test_party_filter_keeps_events_with_every_listed_party():
    korea = make_event("kor", "2012-09", parties=("PER", "KOR"))
    events = [VIET_NAM, korea]
    assert ids(select(events, Filter(parties=("VNM",)))) == ["vnm-relations"]
    assert ids(select(events, Filter(parties=("PER",)))) == ["vnm-relations", "kor"]
    assert ids(select(events, Filter(parties=("PER", "KOR")))) == ["kor"]
    assert ids(select(events, Filter(parties=("VNM", "KOR")))) == []


def test_kind_and_tag_filters_keep_any_of_the_listed_values():
    tagged = make_event("tagged", "2010", kind=Kind.EMBASSY_OPENED, tags=("first", "apec"))
    events = [VIET_NAM, tagged, CLOSED]
    assert ids(select(events, Filter(kinds=(Kind.EMBASSY_OPENED, Kind.EMBASSY_CLOSED)))) == [
        "tagged",
        "embassy-closed",
    ]
    assert ids(select(events, Filter(tags=("apec",)))) == ["tagged"]
    assert ids(select(events, Filter(tags=("nothing",)))) == []


def _window(since: str | None, until: str | None) -> Filter:
    return Filter(
        since=parse_partial_date(since) if since else None,
        until=parse_partial_date(until) if until else None,
    )


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        ("1990", "2016-09", ["vnm-relations", "kor-partnership"]),
        ("2012-09-30", None, ["kor-partnership", "vnm-visit"]),  # the month overlaps its last day
        ("2012-10", None, ["vnm-visit"]),
        (None, "2012-09-01", ["usa-recognition", "vnm-relations", "kor-partnership"]),
        (None, "2012-08", ["usa-recognition", "vnm-relations"]),
        ("1826-12-31", "1826-12-31", ["usa-recognition"]),
        ("1827", "1993", []),
        ("2024-11-14", "2024-11-14", ["vnm-visit"]),  # the last day of a span
        ("2024-11-15", None, []),
    ],
)
def test_date_range_matches_overlapping_intervals(since, until, expected):
    events = [RECOGNITION, VIET_NAM, SEPT, VISIT]
    assert ids(select(events, _window(since, until))) == expected


def test_text_search_ignores_case_and_accents_over_title_summary_people_places():
    visit = make_event(
        "visit",
        "2024-11-12",
        title="the official visit of Lương Cường",
        people=("Lương Cường",),
        places=("Lima",),
        summary="A first visit.",
    )
    events = [VIET_NAM, visit]
    assert ids(select(events, Filter(text="luong cuong"))) == ["visit"]
    assert ids(select(events, Filter(text="LIMA"))) == ["visit"]
    assert ids(select(events, Filter(text="viet nam relations"))) == ["vnm-relations"]
    assert ids(select(events, Filter(text="relations visit"))) == []
    assert ids(select(events, Filter(text="first"))) == ["visit"]


# --- narrowing: a query never hides what a function would keep ---------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from dipltime.domain.core import only_milestones  # noqa: E402
from dipltime.domain.filters import (  # noqa: E402
    Query,
    month_days,
    query_anniversaries,
    query_for,
    query_in_month,
    query_on,
    query_upcoming,
)
from helpers import timeline_events  # noqa: E402

_days_of_a_leap_year = st.dates(dt.date(2000, 1, 1), dt.date(2000, 12, 31))
_settings = st.builds(
    Settings,
    feb29=st.sampled_from(list(Feb29)),
    milestones=st.builds(
        MilestoneRule,
        every=st.sampled_from([1, 5, 10, 25]),
        century_every=st.sampled_from([None, 25, 50]),
    ),
)
_filters = st.builds(
    Filter,
    parties=st.lists(st.sampled_from(["PER", "VNM", "KOR"]), max_size=2, unique=True).map(tuple),
    kinds=st.lists(st.sampled_from(list(Kind)), max_size=3, unique=True).map(tuple),
    since=st.none()
    | st.sampled_from(["1900", "1999-12", "2000-02-29", "2024"]).map(parse_partial_date),
    until=st.none() | st.sampled_from(["1950", "2000-03", "2024-11-14"]).map(parse_partial_date),
)


def _narrowed(events, query: Query):
    return [event for event in events if query.admits(event)]


@given(timeline_events(), _days_of_a_leap_year, st.integers(1880, 2060), _settings, _filters)
def test_a_day_lookup_loses_nothing_to_its_query(events, when, year, settings, flt):
    query = query_on(flt, when.month, when.day, year)
    everything = events_on(select(events, flt), when.month, when.day, year, settings)
    narrowed = events_on(
        select(_narrowed(events, query), flt), when.month, when.day, year, settings
    )
    assert narrowed == everything


@given(timeline_events(), st.integers(1, 12), st.integers(1880, 2060), _settings, _filters)
def test_a_month_lookup_loses_nothing_to_its_query(events, month, year, settings, flt):
    query = query_in_month(flt, month, year)
    everything = events_in_month(select(events, flt), month, year, settings)
    assert events_in_month(select(_narrowed(events, query), flt), month, year, settings) == (
        everything
    )


@given(
    timeline_events(),
    st.dates(dt.date(1880, 1, 1), dt.date(2060, 12, 31)),
    st.integers(1, 800),
    _settings,
    _filters,
)
def test_upcoming_loses_nothing_to_its_query(events, start, days, settings, flt):
    query = query_upcoming(flt, start, days)
    everything = upcoming(select(events, flt), start, days, settings)
    assert upcoming(select(_narrowed(events, query), flt), start, days, settings) == everything


@given(timeline_events(), st.integers(1880, 2060), st.booleans(), _settings, _filters)
def test_a_year_of_anniversaries_loses_nothing_to_its_query(
    events, year, milestones_only, settings, flt
):
    query = query_anniversaries(flt, year, milestones_only, settings)

    def answer(found):
        occurrences = anniversaries(select(found, flt), year, settings)
        return only_milestones(occurrences) if milestones_only else occurrences

    assert answer(_narrowed(events, query)) == answer(events)


@given(timeline_events(), _filters)
def test_a_filtered_timeline_loses_nothing_to_its_query(events, flt):
    assert select(_narrowed(events, query_for(flt)), flt) == select(events, flt)


def test_a_day_lookup_asks_only_about_its_day():
    """The query is narrow, not just safe: one day, and 29 February's neighbours with it."""
    assert query_on(Filter(), 11, 14, 2026).days == ((1114, 1114),)
    assert query_on(Filter(), 2, 28, 2026).days == ((228, 229), (301, 301))
    assert not query_on(Filter(), 11, 14, 2026).admits(VIET_NAM._replace(date=VISIT.date))


def test_a_span_touches_every_day_it_covers_and_a_long_one_all_of_them():
    assert month_days(NEW_YEAR) == {1230, 1231, 101, 102}
    assert month_days(SEPT) == frozenset()
    long = make_event("long", "1941-12-08", end="1945-09-02")
    assert len(month_days(long)) == 12 * 31


@given(timeline_events(), _days_of_a_leap_year, st.integers(1880, 2060), _settings, st.randoms())
def test_answers_do_not_depend_on_the_order_events_come_in(events, when, year, settings, rng):
    """The cache hands over a lookup's events in no particular order: every answer sorts fully."""
    shuffled = list(events)
    rng.shuffle(shuffled)
    month, number = when.month, when.day
    assert events_on(shuffled, month, number, year, settings) == events_on(
        events, month, number, year, settings
    )
    assert events_in_month(shuffled, month, year, settings) == events_in_month(
        events, month, year, settings
    )
    assert upcoming(shuffled, when.replace(year=2000), 400, settings) == upcoming(
        events, when.replace(year=2000), 400, settings
    )
    assert anniversaries(shuffled, year, settings) == anniversaries(events, year, settings)
