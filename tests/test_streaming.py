"""Answers as long as the collection are streamed: the same answers, written before the last
record is read, in memory that does not grow with the collection."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dipltime.cli.main import main
from dipltime.domain.core import Settings, anniversaries, upcoming
from dipltime.domain.dates import Feb29
from dipltime.domain.model import Event
from dipltime.domain.streaming import anniversaries_in_order, upcoming_in_order, within_years
from dipltime.outputs.shapes import json_array, to_json
from dipltime.store.loading import load_collection
from dipltime.store.tables import BY_DAY_OF_YEAR
from helpers import ROOT, TODAY

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

RECORDS = 3000


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """3,000 generated records (29 February, spans, every precision), cached."""
    folder = tmp_path_factory.mktemp("generated") / "events"
    generate(RECORDS, folder)
    cache = tmp_path_factory.mktemp("cache")
    return folder, cache, load_collection(folder, cache)


def _by_day_of_year(events: tuple[Event, ...]) -> list[Event]:
    return sorted(events, key=BY_DAY_OF_YEAR.key)


# --- the same answers --------------------------------------------------------------------------


@pytest.mark.parametrize("feb29", list(Feb29))
@pytest.mark.parametrize("year", [1826, 2026, 2027, 2028, 2100])
def test_a_year_streamed_gives_the_anniversaries_of_that_year(generated, year, feb29):
    collection = generated[2]
    settings = Settings(feb29=feb29)
    streamed = anniversaries_in_order(_by_day_of_year(collection.events), year, settings)
    assert list(streamed) == list(anniversaries(collection.events, year, settings))


@pytest.mark.parametrize("feb29", list(Feb29))
@pytest.mark.parametrize(
    ("start", "days"),
    [("2026-11-23", 30), ("2027-02-27", 4), ("2028-02-27", 4), ("2026-12-20", 800)],
)
def test_a_window_streamed_a_year_at_a_time_gives_the_upcoming_anniversaries(
    generated, start, days, feb29
):
    collection = generated[2]
    settings = Settings(feb29=feb29)
    first = dt.date.fromisoformat(start)
    ordered = _by_day_of_year(collection.events)
    streamed = [
        occ
        for begin, length in within_years(first, days)
        for occ in upcoming_in_order(ordered, begin, length, settings)
    ]
    assert streamed == list(upcoming(collection.events, first, days, settings))


def test_a_window_is_cut_at_each_new_year():
    cut = list(within_years(dt.date(2026, 12, 30), 5))
    assert cut == [(dt.date(2026, 12, 30), 2), (dt.date(2027, 1, 1), 3)]
    assert sum(days for _, days in within_years(dt.date(2024, 2, 29), 36600)) == 36600


@pytest.mark.parametrize("count", [0, 1, 3])
def test_a_json_array_written_item_by_item_is_the_same_text(count):
    items = [{"id": f"e{n}", "text": "línea\nsegunda", "list": [1, 2]} for n in range(count)]
    assert "".join(json_array(iter(items))) == to_json(items)


# --- written before the last record is read ----------------------------------------------------


class _Watching(io.StringIO):
    """stdout that notes how many records had been decoded when the first byte came."""

    def __init__(self, decoded: list[int]) -> None:
        super().__init__()
        self.decoded = decoded
        self.first: int | None = None
        self.buffer = self  # export ics writes bytes to the buffer

    def write(self, text):  # type: ignore[no-untyped-def]
        if self.first is None and text:
            self.first = self.decoded[0]
        return super().write(text if isinstance(text, str) else text.decode())


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["list", "--json"],
        ["anniversaries", "2026"],
        ["upcoming", "--days", "36600", "--from", "1900-01-01"],
        ["export", "ics", "--large"],
    ],
    ids=lambda argv: " ".join(argv[:2]),
)
def test_the_first_lines_are_written_long_before_the_last_record_is_read(
    generated, monkeypatch, argv
):
    import dipltime.store.cache as cache_module

    folder, cache, _ = generated
    decoded = [0]
    real = cache_module.decode

    def counting(payload, path, record):  # type: ignore[no-untyped-def]
        decoded[0] += 1
        return real(payload, path, record)

    monkeypatch.setattr(cache_module, "decode", counting)
    out = _Watching(decoded)
    env = {"DIPLTIME_CACHE": str(cache), "DIPLTIME_TODAY": TODAY}
    code = main(["--events", str(folder), *argv], environ=env, stdout=out, stderr=io.StringIO())
    assert code == 0
    assert out.first is not None and decoded[0] >= RECORDS
    assert out.first < RECORDS / 2, (out.first, decoded[0])


# --- memory that does not grow with the collection ----------------------------------------------

_PEAK = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def _peak_kib(argv: list[str], cache: Path) -> int:
    env = {**os.environ, "DIPLTIME_CACHE": str(cache), "DIPLTIME_TODAY": TODAY}
    result = subprocess.run(
        [sys.executable, "-c", _PEAK, sys.executable, "-m", "dipltime", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    code, peak = map(int, result.stdout.split())
    assert code == 0
    return peak


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["anniversaries", "2026", "--json"],
        ["upcoming", "--days", "3660"],
        ["validate"],
        ["export", "ics", "--large", "-o", os.devnull],
    ],
    ids=lambda argv: " ".join(argv[:2]),
)
def test_memory_does_not_grow_with_the_number_of_records(tmp_path_factory, argv):
    """Four times the records, and the peak stays within a few megabytes (a command
    holding its answer whole would need some 20 MB more for 6,000 records more)."""
    peaks = []
    for count in (2000, 8000):  # both exported by workers (2,000 records and more)
        folder = _collection(tmp_path_factory, count)
        cache = folder.parent / "cache"
        _peak_kib(["--events", str(folder), "on", "11-14"], cache)  # the first run, apart
        peaks.append(_peak_kib(["--events", str(folder), *argv], cache))
    assert peaks[1] - peaks[0] < 8 * 1024, peaks


_FOLDERS: dict[int, Path] = {}


def _collection(tmp_path_factory, count: int) -> Path:  # type: ignore[no-untyped-def]
    if count not in _FOLDERS:
        folder = tmp_path_factory.mktemp(f"records{count}") / "events"
        generate(count, folder)
        _FOLDERS[count] = folder
    return _FOLDERS[count]


def test_the_export_is_the_calendar_icalendar_makes_whole(generated):
    """Each VEVENT written from the layout is byte for byte the one ``icalendar`` writes
    for a whole component (the way dipltime wrote every VEVENT before)."""
    from dipltime.outputs import ics
    from dipltime.outputs.ics import ExportOptions, build_calendar

    collection = generated[2]
    events = collection.events[:400]
    for options in (
        ExportOptions(years=range(2026, 2029), undated=True, alarm=ics.parse_alarm("7d@09:00")),
        ExportOptions(years=range(2027, 2029), lang="es", milestones=True),
        ExportOptions(series=True, undated=True),
    ):
        data = build_calendar(events, collection, options).data
        made = data.split(b"BEGIN:VEVENT\r\n")[1:]
        made[-1] = made[-1].removesuffix(b"END:VCALENDAR\r\n")
        whole, _, _ = ics._components(events, collection, options)
        feed = ics.feed_key(options.name)
        expected = []
        for component in whole:
            ics.set_uid(component, feed)
            expected.append(component.to_ical().removeprefix(b"BEGIN:VEVENT\r\n"))
        assert sorted(made) == sorted(expected)
        assert len(made) == len(expected) > 0


# --- reading a whole collection into a cache, whatever happens around it ---------------------


def _aged_copy(tmp_path: Path, source: Path) -> Path:
    import shutil
    import time

    folder = tmp_path / "events"
    shutil.copytree(source, folder)
    past = time.time() - 3600
    for path in folder.rglob("*"):
        os.utime(path, (past, past))
    return folder


def test_a_build_leaves_alone_the_temporary_file_another_running_build_writes(tmp_path):
    from dipltime.store.cache import cache_path
    from dipltime.store.loading import IndexedEvents, open_events

    folder = _aged_copy(tmp_path, ROOT / "events")
    cache = tmp_path / "cache"
    cache.mkdir()
    name = os.path.basename(cache_path(str(cache), str(folder)))
    running = cache / f".{name}.{os.getppid()}.tmp"  # pytest's parent: alive
    running.write_bytes(b"being written")
    dead = cache / f".{name}.{2**22 + 12345}.tmp"  # no such process
    dead.write_bytes(b"cut short")
    events = open_events(folder, cache)
    assert isinstance(events, IndexedEvents)
    events.close()
    assert running.exists() and not dead.exists()


def test_an_unusable_cache_folder_still_answers_from_an_index_of_the_commands_own(tmp_path):
    from dipltime.store.loading import IndexedEvents, open_events

    folder = _aged_copy(tmp_path, ROOT / "events")
    cache = tmp_path / "not-a-folder"
    cache.write_text("a file where the cache folder should be")  # unwritable, even for root
    events = open_events(folder, cache)
    assert isinstance(events, IndexedEvents)
    assert len(events.collection().events) == len(load_collection(folder).events)
    events.close()
    assert cache.read_text() == "a file where the cache folder should be"


def test_with_nowhere_to_write_a_cache_the_collection_is_read_into_memory(tmp_path, monkeypatch):
    import tempfile

    from dipltime.store.loading import LoadedEvents, open_events

    folder = _aged_copy(tmp_path, ROOT / "events")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no such folder"))
    events = open_events(folder, None)
    assert isinstance(events, LoadedEvents)
    assert events.counts()[0] == len(load_collection(folder).events)


def test_a_file_that_changed_as_it_was_listed_is_kept_and_read_again_next_time(tmp_path):
    from dipltime.store import building
    from dipltime.store.cache import Index, fingerprint, registry_signature
    from dipltime.store.scanning import in_walk_order, scan

    folder = _aged_copy(tmp_path, ROOT / "events")
    found, _ = scan(str(folder))
    found["vnm.yaml"] = None  # as scan gives a file replaced between listing and stat
    path = str(tmp_path / "cache.sqlite3")
    registry = registry_signature(str(folder))
    building.build(
        str(folder), in_walk_order(str(folder), found), [], path, fingerprint(), registry
    )
    index = Index.open_path(path, folder)
    assert index is not None
    assert index.signatures["vnm.yaml"] == building.UNSTORED
    assert index.counts()[0] == len(load_collection(folder).events)
    index.close()


def test_the_browser_says_a_damaged_cache_is_damaged(tmp_path):
    import sqlite3

    from dipltime.errors import DipltimeError
    from dipltime.store.browsing import CachedCollection
    from dipltime.store.cache import cache_path
    from dipltime.store.loading import IndexedEvents, open_events

    folder = _aged_copy(tmp_path, ROOT / "events")
    cache = tmp_path / "cache"
    open_events(folder, cache).close()
    with sqlite3.connect(cache_path(str(cache), str(folder))) as db:
        db.execute("UPDATE events SET payload = x'00112233445566'")
    events = open_events(folder, cache)  # a lookup counts rows: the damage is in the bytes
    assert isinstance(events, IndexedEvents)
    browsed = CachedCollection(events.index, events.parties, events.display)
    with pytest.raises(DipltimeError, match="damaged"):
        _ = browsed.events[0]
    events.close()


# --- the browser's views, from the cache a page at a time ------------------------------------


@pytest.mark.parametrize(
    "flt",
    [
        {},
        {"parties": ("P042",)},
        {"kinds": ("treaty-signed", "state-visit")},
        {"text": "number 99"},
        {"text": "hà nội"},
        {"tags": ("trade",)},
        {"since": "1990", "until": "2000-06"},
        {"by": ("PER",)},
    ],
    ids=lambda flt: ",".join(flt) or "none",
)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_paged_browser_shows_what_the_whole_collection_shows(generated, flt, lang):
    from dipltime.domain.browse import Query as Choices
    from dipltime.domain.browse import compute
    from dipltime.domain.dates import parse_partial_date
    from dipltime.domain.filters import Filter, haystack
    from dipltime.domain.kinds import Kind
    from dipltime.domain.language import language
    from dipltime.domain.text import fold
    from dipltime.outputs.render import title
    from dipltime.store.browsing import CachedCollection
    from dipltime.store.loading import open_events

    folder, cache, whole = generated
    speaking = language(lang)
    chosen = Filter(
        parties=flt.get("parties", ()),
        kinds=tuple(Kind(k) for k in flt.get("kinds", ())),
        tags=flt.get("tags", ()),
        since=parse_partial_date(flt["since"]) if "since" in flt else None,
        until=parse_partial_date(flt["until"]) if "until" in flt else None,
        text=flt.get("text", ""),
        by=flt.get("by", ()),
    )

    def folded(event: Event) -> str:  # as the browser searches in another language
        return haystack(event) + " " + fold(title(event, whole.parties, speaking))

    events = open_events(folder, cache)
    paged = CachedCollection(events.index, events.parties, events.display)
    today = dt.date(2026, 2, 28)
    for choices in (
        Choices(filter=chosen, month=2, day=29),
        Choices(filter=chosen, month=11, day=14, upcoming_days=400),
    ):
        page_folded = None if speaking.is_source else folded
        haystacks = [folded(e) if not speaking.is_source else haystack(e) for e in whole.events]
        expected = compute(whole, choices, today, Settings(), haystacks if chosen.text else None)
        got = compute(paged, choices, today, Settings(), None, page_folded)
        assert [e.id for e in got.events] == [e.id for e in expected.events]
        assert got.on_day == expected.on_day and got.upcoming == expected.upcoming
        assert got.decades == expected.decades
    events.close()


def test_the_paged_timeline_finds_a_decade_by_halving(generated):
    """Going to a decade reads a few pages of a paged timeline, never all of them."""
    from dipltime.store.browsing import CachedCollection
    from dipltime.store.loading import open_events
    from dipltime.tui.tables import TimelineTable

    folder, cache, whole = generated
    events = open_events(folder, cache)
    paged = CachedCollection(events.index, events.parties, events.display)
    table = TimelineTable(id="timeline-table")
    table.items = paged.events
    for decade in (1820, 1900, 1990, 2020, 2100):
        expected = next(
            (i for i, e in enumerate(whole.events) if e.date.year // 10 * 10 >= decade), None
        )
        paged._pages.clear()
        assert table.row_of_decade(decade) == expected
        assert len(paged._pages) <= 20
    events.close()
