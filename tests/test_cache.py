"""The compiled cache is never stale: whatever changes between two commands, the second sees it.

Each test runs the real command twice (or more) in subprocesses with its own
cache folder. Files are dated an hour back where a test wants them cached:
a file modified within two seconds of caching is deliberately never cached.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import marshal
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from dipltime.store.cache import Index
from helpers import FIXTURES, TODAY, run_process

HOUR = 3600


@pytest.fixture
def setup(tmp_path):
    folder = tmp_path / "events"
    shutil.copytree(FIXTURES / "tui", folder)
    cache = tmp_path / "cache"

    def age(*paths: Path) -> None:
        past = time.time() - HOUR
        for path in paths or tuple(folder.glob("*.yaml")):
            os.utime(path, (past, past))

    def ids(*extra: str) -> list[str]:
        result = run_process(
            "--events", str(folder), "list", "--json", *extra, env={"DIPLTIME_CACHE": str(cache)}
        )
        assert result.returncode == 0, result.stderr
        return [event["id"] for event in json.loads(result.stdout)]

    age()
    return folder, cache, age, ids


def _cached_files(cache: Path, folder: Path) -> set[str]:
    """The files whose cached rows a later command may trust (a file written too recently
    is held with a signature no file has: it is read again next time)."""
    from dipltime.store.building import UNSTORED

    index = Index.open(cache, folder)
    if index is None:
        return set()
    index.close()
    return {name for name, sig in index.signatures.items() if sig != UNSTORED}


def test_a_second_run_reads_the_cache(setup):
    folder, cache, age, ids = setup
    first = ids()
    assert _cached_files(cache, folder) == {"events.yaml"}
    assert ids() == first


def test_an_edited_file_is_read_again(setup):
    folder, cache, age, ids = setup
    ids()
    path = folder / "events.yaml"
    path.write_text(path.read_text().replace("id: kor-1963-relations", "id: kor-1963-renamed"))
    age(path)  # even dated back to the very same time, the size and ctime differ
    assert "kor-1963-renamed" in ids() and "kor-1963-relations" not in ids()


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(setup):
    folder, cache, age, ids = setup
    path = folder / "events.yaml"
    before = path.stat()
    ids()
    path.write_text(path.read_text().replace("kor-1963-relations", "kor-1963-relationz"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `cp -p` or tar would
    assert path.stat().st_size == before.st_size
    assert "kor-1963-relationz" in ids()


def test_an_added_and_a_deleted_file_are_seen(setup):
    folder, cache, age, ids = setup
    ids()
    (folder / "more.yaml").write_text(
        "- id: extra\n  date: 2001\n  title: t\n  summary: s\n  kind: recognition\n"
        "  parties: [PER, VNM]\n  sources: [{publisher: p, title: t, date: not stated}]\n"
    )
    age(folder / "more.yaml")
    assert "extra" in ids()
    assert _cached_files(cache, folder) == {"events.yaml", "more.yaml"}  # updated in place
    (folder / "more.yaml").unlink()
    assert "extra" not in ids()
    assert _cached_files(cache, folder) == {"events.yaml"}


def test_a_broken_file_is_reported_every_time_and_never_cached(setup):
    folder, cache, age, ids = setup
    ids()
    path = folder / "events.yaml"
    path.write_text(path.read_text().replace("date: 1994-11-14", "date: 1994-11-31"))
    age(path)
    for _ in range(2):
        result = run_process(
            "--events", str(folder), "on", "11-14", env={"DIPLTIME_CACHE": str(cache)}
        )
        assert result.returncode == 1
        assert "November 1994 has 30 days, not 31" in result.stderr


def test_a_duplicate_across_a_cached_and_a_new_file_is_caught(setup):
    folder, cache, age, ids = setup
    ids()
    (folder / "copy.yaml").write_text((folder / "events.yaml").read_text())
    age(folder / "copy.yaml")
    result = run_process("--events", str(folder), "list", env={"DIPLTIME_CACHE": str(cache)})
    assert result.returncode == 1 and "duplicate id" in result.stderr


def test_a_changed_registry_rechecks_every_record(setup):
    folder, cache, age, ids = setup
    ids()
    registry = folder / "parties.yaml"
    registry.write_text(
        registry.read_text().replace("- code: KOR\n  name: Republic of Korea\n", "")
    )
    age(registry)
    result = run_process("--events", str(folder), "list", env={"DIPLTIME_CACHE": str(cache)})
    assert result.returncode == 1 and "unknown party code 'KOR'" in result.stderr


def test_a_file_just_written_is_not_cached(setup):
    folder, cache, age, ids = setup
    path = folder / "events.yaml"
    path.write_text(path.read_text())  # modified now
    ids()
    assert "events.yaml" not in _cached_files(cache, folder)


def test_a_corrupt_cache_is_rebuilt(setup):
    folder, cache, age, ids = setup
    first = ids()
    for file in cache.glob("*.sqlite3"):
        file.write_bytes(b"this is not a database" * 100)
    assert ids() == first
    assert _cached_files(cache, folder) == {"events.yaml"}


def test_an_unusable_cache_folder_is_bypassed(setup, tmp_path):
    folder, cache, age, ids = setup
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    result = run_process("--events", str(folder), "list", env={"DIPLTIME_CACHE": str(blocker)})
    assert result.returncode == 0 and result.stderr == ""
    off = run_process("--events", str(folder), "list", env={"DIPLTIME_CACHE": "off"})
    assert off.returncode == 0 and off.stdout == result.stdout


def test_paths_in_messages_follow_the_working_folder_not_the_cache(setup, tmp_path):
    folder, cache, age, ids = setup
    ids()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shown = run_process(
        "--events",
        str(folder),
        "show",
        "kor-1963-relations",
        cwd=elsewhere,
        env={"DIPLTIME_CACHE": str(cache)},
    )
    assert f"recorded in {folder / 'events.yaml'}:" in shown.stdout


def test_warm_lookups_do_not_import_the_validation_stack(setup):
    folder, cache, age, ids = setup
    ids()
    result = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "dipltime",
            "--events",
            str(folder),
            "on",
            "11-14",
        ],
        env={**os.environ, "DIPLTIME_CACHE": str(cache), "DIPLTIME_TODAY": TODAY},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
    assert "dipltime.store.cache" in imported
    assert not {"pydantic", "yaml", "dipltime.store.schema", "dateutil"} & imported
    # Nor what start-up was trimmed of (each a measurable share of a lookup).
    assert not {"dataclasses", "inspect", "pathlib", "shutil", "json", "textwrap"} & imported


def test_a_cache_from_other_code_is_not_used(setup, monkeypatch):
    folder, cache, age, ids = setup
    ids()
    assert _cached_files(cache, folder) == {"events.yaml"}
    import dipltime.store.cache as module

    monkeypatch.setattr(module, "fingerprint", lambda: "another version of dipltime")
    assert _cached_files(cache, folder) == set()


def test_only_the_changed_file_is_read_again(tmp_path, monkeypatch):
    import dipltime.store.loading as loading
    import dipltime.store.records as reading

    folder = tmp_path / "events"
    folder.mkdir()
    shutil.copy(FIXTURES / "tui" / "parties.yaml", folder / "parties.yaml")
    records = (FIXTURES / "tui" / "events.yaml").read_text().split("\n- id: ")
    for number, record in enumerate(records[1:]):
        (folder / f"f{number}.yaml").write_text("- id: " + record)
    past = time.time() - HOUR
    for path in folder.iterdir():
        os.utime(path, (past, past))
    read: list[str] = []
    original = reading.load_events_file

    def counting(path, *args, **kwargs):
        read.append(os.path.basename(path))
        return original(path, *args, **kwargs)

    monkeypatch.setattr(reading, "load_events_file", counting)
    cache = tmp_path / "cache"
    first = loading.load_collection(folder, cache)
    assert len(read) == 8
    read.clear()
    assert loading.load_collection(folder, cache).events == first.events
    assert read == []
    os.utime(folder / "f3.yaml", (past - 60, past - 60))
    assert loading.load_collection(folder, cache).events == first.events
    assert read == ["f3.yaml"]


def test_commands_running_at_once_share_one_cache_safely(setup):
    folder, cache, age, ids = setup
    env = {**os.environ, "DIPLTIME_CACHE": str(cache), "DIPLTIME_TODAY": TODAY}
    argv = [sys.executable, "-m", "dipltime", "--events", str(folder), "list", "--json"]
    for _ in range(3):
        racers = [
            subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(4)
        ]
        outputs = [racer.communicate(timeout=60) for racer in racers]
        assert all(racer.returncode == 0 for racer in racers)
        assert len({out for out, _ in outputs}) == 1 and all(err == b"" for _, err in outputs)
        (folder / "events.yaml").write_text((folder / "events.yaml").read_text() + "\n")
        age()
    assert _cached_files(cache, folder) == {"events.yaml"}
    assert not list(cache.glob(".*.tmp"))


# --- the index answers exactly what a query admits ------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from dipltime.domain.filters import ALL_MONTH_DAYS, Query  # noqa: E402
from dipltime.domain.model import Kind, Party  # noqa: E402
from dipltime.store.cache import build  # noqa: E402
from dipltime.store.tables import BY_DATE, BY_DAY_OF_YEAR  # noqa: E402
from helpers import TRICKY_DAYS, make_event  # noqa: E402

_OLD = (1_000_000_000_000_000_000, 1_000_000_000_000_000_000, 10, 1, 1)
"""A signature dated 2001: old enough to be cached."""


def _indexed_timeline() -> list:
    """600 events of every precision, many on tricky days, some spanning days, months, years."""
    import random

    rng = random.Random(1826)
    kinds = list(Kind)
    events = []
    for number in range(600):
        year = rng.randint(1880, 2030)
        parties = ("PER", rng.choice(["VNM", "KOR", "USA"]))
        kind = rng.choice(kinds)
        roll = rng.random()
        if roll < 0.15:
            events.append(make_event(f"e{number}", f"{year}", kind=kind, parties=parties))
            continue
        if roll < 0.3:
            date = f"{year}-{rng.randint(1, 12):02d}"
            events.append(make_event(f"e{number}", date, kind=kind, parties=parties))
            continue
        month, day = rng.choice([*TRICKY_DAYS, (rng.randint(1, 12), rng.randint(1, 28))])
        if (month, day) == (2, 29):
            year = 2000 - 4 * rng.randint(0, 20)
        first = dt.date(year, month, day)
        end = first + dt.timedelta(days=rng.choice([0, 0, 1, 3, 40, 400]))
        events.append(
            make_event(
                f"e{number}",
                first.isoformat(),
                end=end.isoformat() if end != first else None,
                kind=kind,
                parties=parties,
                revised=dt.date(2026, 1, 2) if number % 7 == 0 else None,
                places=("Lima", "Hà Nội")[: number % 3],
                line=number + 1,
                id_line=number + 1,
            )
        )
    return events


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    events = _indexed_timeline()
    folder = tmp_path_factory.mktemp("cache")
    root = str(tmp_path_factory.mktemp("events"))
    parties = {code: Party(code, code) for code in ("PER", "VNM", "KOR", "USA")}
    files = {"a.yaml": (_OLD, events[:300]), os.path.join("sub", "b.yaml"): (_OLD, events[300:])}
    build(str(folder), root, (_OLD, None, None), parties, files)
    index = Index.open(folder, root)
    assert index is not None and len(index.signatures) == 2
    yield _Indexed(index, events)
    index.close()


class _Indexed(tuple):
    """The index and the events in it (a short repr for hypothesis's reports)."""

    def __new__(cls, index, events):
        return super().__new__(cls, (index, events))

    def __repr__(self) -> str:
        return "<600 indexed events>"


_queries = st.builds(
    Query,
    days=st.none()
    | st.lists(
        st.tuples(st.sampled_from(sorted(ALL_MONTH_DAYS)), st.integers(0, 40)).map(
            lambda pair: (pair[0], pair[0] + pair[1])
        ),
        max_size=3,
    ).map(tuple),
    starts=st.none()
    | st.lists(
        st.tuples(st.sampled_from(sorted(ALL_MONTH_DAYS)), st.integers(0, 120)).map(
            lambda pair: (pair[0], pair[0] + pair[1])
        ),
        max_size=3,
    ).map(tuple),
    month=st.integers(0, 12),
    until=st.none() | st.integers(1870, 2040),
    since=st.none() | st.integers(1870, 2040),
    years=st.none() | st.frozensets(st.integers(1870, 2040), max_size=40),
    parties=st.lists(st.sampled_from(["PER", "VNM", "KOR"]), max_size=2, unique=True).map(tuple),
    kinds=st.none() | st.lists(st.sampled_from(list(Kind)), max_size=4, unique=True).map(tuple),
    record=st.sampled_from(["", "e3", "e450", "nothing"]),
    words=st.lists(st.sampled_from(["e3", "e45", "event", "lima", "ha noi", "zz"]), max_size=2).map(
        tuple
    ),
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=_queries)
def test_the_index_finds_exactly_what_a_query_admits(indexed, query):
    index, events = indexed
    found = sorted(event.id for event in index.query(query, display=str))
    assert found == sorted(event.id for event in events if query.admits(event))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=_queries)
def test_the_index_streams_what_a_query_admits_in_either_order(indexed, query):
    index, events = indexed
    admitted = [event for event in events if query.admits(event)]
    for order in (BY_DATE, BY_DAY_OF_YEAR):
        streamed = list(index.stream(query, str, order=order.sql))
        assert streamed == sorted(streamed, key=order.key)
        assert [e.id for e in streamed] == [e.id for e in sorted(admitted, key=order.key)]


def test_a_cached_event_comes_back_equal_field_by_field(indexed):
    index, events = indexed
    shown = {"a.yaml": "events/a.yaml", os.path.join("sub", "b.yaml"): "events/sub/b.yaml"}
    back = {event.id: event for event in index.query(Query(), display=shown.__getitem__)}
    for number, event in enumerate(events):
        path = "events/a.yaml" if number < 300 else "events/sub/b.yaml"
        assert back[event.id] == event._replace(path=path)


def test_files_left_out_of_a_query_are_never_answered_from(indexed):
    index, events = indexed
    left_out = {event.id for event in index.query(Query(), display=str, exclude={"a.yaml"})}
    assert left_out == {event.id for event in events[300:]}
    assert index.counts(exclude={"a.yaml"}) == (300, 1)


# --- lookups through the index see every change ---------------------------------------------


def _on(folder: Path, cache: Path, *argv: str) -> list[str]:
    """The ids `dipltime on …` lists, through the index."""
    result = run_process(
        "--events", str(folder), "on", *argv, "--json", env={"DIPLTIME_CACHE": str(cache)}
    )
    assert result.returncode == 0, result.stderr
    return [item["id"] for item in json.loads(result.stdout)]


def test_a_day_lookup_follows_a_date_moved_to_another_day(setup):
    folder, cache, age, ids = setup
    assert "vnm-1994-relations" in _on(folder, cache, "11-14")
    assert "vnm-1994-relations" in _on(folder, cache, "11-14")  # from the index
    path = folder / "events.yaml"
    path.write_text(path.read_text().replace("date: 1994-11-14", "date: 1994-11-15"))
    age(path)
    assert "vnm-1994-relations" not in _on(folder, cache, "11-14")
    assert "vnm-1994-relations" in _on(folder, cache, "11-15")
    assert "vnm-1994-relations" not in _on(folder, cache, "11-14")  # and stays so once stored


def test_a_party_lookup_follows_a_record_moved_to_another_file(setup):
    folder, cache, age, ids = setup
    assert "kor-1963-relations" in ids("--party", "KOR")
    path = folder / "events.yaml"
    text = path.read_text()
    start = text.index("- id: kor-1963-relations")
    end = text.index("- id: vnm-1994-relations")
    path.write_text(text[:start] + text[end:])
    (folder / "korea.yaml").write_text(text[start:end])
    age(path, folder / "korea.yaml")
    assert ids("--party", "KOR") == ["kor-1963-relations", "kor-2012-partnership"]
    shown = run_process(
        "--events", str(folder), "show", "kor-1963-relations", env={"DIPLTIME_CACHE": str(cache)}
    )
    assert "korea.yaml:1" in shown.stdout


def test_when_the_cache_cannot_be_updated_its_old_rows_are_not_used(setup, monkeypatch):
    """A read-only or locked cache: the changed file is read anew and its old rows ignored."""
    import dipltime.store.cache as module
    from dipltime.domain.filters import Filter, query_on
    from dipltime.store.loading import open_events

    folder, cache, age, ids = setup
    ids()
    path = folder / "events.yaml"
    path.write_text(path.read_text().replace("date: 1994-11-14", "date: 1994-11-15"))
    age(path)
    monkeypatch.setattr(module.Index, "update", lambda self, changed, removed: set())
    for _ in range(2):
        events = open_events(folder, cache)
        on_14 = [e.id for e in events.candidates(query_on(Filter(), 11, 14, 2026))]
        on_15 = [e.id for e in events.candidates(query_on(Filter(), 11, 15, 2026))]
        assert "vnm-1994-relations" not in on_14 and "vnm-1994-relations" in on_15
        assert events.counts() == (8, 1)


def _both(folder: Path, cache: Path, *argv: str) -> tuple[tuple[int, str, str], ...]:
    """The same command with the cache and without it: exit code, stdout, stderr."""
    results = []
    for where in (str(cache), "off"):
        result = run_process("--events", str(folder), *argv, env={"DIPLTIME_CACHE": where})
        results.append((result.returncode, result.stdout, result.stderr))
    return tuple(results)


@pytest.mark.parametrize(
    "argv",
    [
        ["on", "11-14", "--year", "2024"],
        ["on", "02-28", "--year", "2025"],
        ["on", "02-29", "--year", "2025"],
        ["--feb29", "mar1", "on", "03-01", "--year", "2026"],
        ["on", "11", "--year", "2026"],
        ["upcoming", "--from", "2026-11-01", "--days", "45"],
        ["upcoming", "--from", "2026-12-20", "--days", "80", "--milestones"],
        ["anniversaries", "2024"],
        ["anniversaries", "2024", "--milestones", "--party", "Vietnam"],
        ["list", "--party", "KOR", "--since", "2000"],
        ["show", "leap-2000-treaty"],
        ["validate"],
    ],
)
def test_every_command_answers_alike_with_and_without_the_cache(setup, argv):
    folder, cache, age, ids = setup
    cold, off = _both(folder, cache, *argv)  # builds the cache
    warm, _ = _both(folder, cache, *argv)  # answers from it
    assert cold == warm == off and off[0] == 0
    path = folder / "events.yaml"
    path.write_text(path.read_text().replace("date: 2012-09", "date: 2012-11"))
    age(path)
    edited, off = _both(folder, cache, *argv)  # the one changed file is read again
    assert edited == off


def test_a_duplicate_is_reported_alike_whichever_file_changed(setup):
    """The copy in the file that comes later in the walk is the one reported, as without a cache."""
    folder, cache, age, ids = setup
    (folder / "zz.yaml").write_text(
        "- id: only-here\n  date: 2001\n  title: t\n  summary: s\n  kind: recognition\n"
        "  parties: [PER, VNM]\n  sources: [{publisher: p, title: t, date: not stated}]\n"
    )
    age()
    ids()  # both files cached
    path = folder / "events.yaml"  # earlier in the walk than zz.yaml
    path.write_text(path.read_text().replace("id: usa-1826-recognition", "id: only-here"))
    age(path)
    with_cache, without = _both(folder, cache, "list")
    assert with_cache == without
    assert "zz.yaml:1: only-here: id: duplicate id, first used at" in with_cache[2]


@pytest.mark.parametrize("where", [".", "sub", "..", "elsewhere"])
def test_paths_are_shown_alike_from_any_working_folder(setup, tmp_path, where):
    folder, cache, age, ids = setup
    (folder / "sub").mkdir()
    (folder / "events.yaml").rename(folder / "sub" / "events.yaml")
    (tmp_path / "elsewhere").mkdir()
    age(folder / "sub" / "events.yaml")
    cwd = (folder / where).resolve()
    results = []
    for attempt in ("build", "warm", "off"):
        result = run_process(
            "--events",
            str(folder),
            "show",
            "leap-2000-treaty",
            cwd=cwd if where != "elsewhere" else tmp_path / "elsewhere",
            env={"DIPLTIME_CACHE": "off" if attempt == "off" else str(cache)},
        )
        results.append(result.stdout)
    assert results[0] == results[1] == results[2]
    assert "recorded in " in results[0]


def test_an_unknown_id_gets_the_same_suggestions_with_and_without_the_cache(setup):
    folder, cache, age, ids = setup
    ids()
    with_cache, without = _both(folder, cache, "show", "vnm-2024")
    assert with_cache == without and with_cache[0] == 1
    assert "did you mean vnm-2024-declaration, vnm-2024-visit?" in with_cache[2]


def test_a_reader_that_keeps_its_events_lets_go_of_the_cache(setup):
    """The browser reads everything, then closes: other commands can still store their edits."""
    from dipltime.store.cache import signature
    from dipltime.store.loading import open_events

    folder, cache, age, ids = setup
    ids()
    events = open_events(folder, cache)
    assert len(events.collection().events) == 8
    events.close()
    path = folder / "events.yaml"
    path.write_text(path.read_text().replace("id: kor-1963-relations", "id: kor-1963-renamed"))
    age(path)
    assert "kor-1963-renamed" in ids()
    index = Index.open(cache, folder)
    assert index is not None and index.signatures["events.yaml"] == signature(path)
    index.close()


def test_a_collection_emptied_after_caching_is_reported_as_without_a_cache(setup):
    folder, cache, age, ids = setup
    ids()
    (folder / "events.yaml").write_text("[]\n")
    age(folder / "events.yaml")
    with_cache, without = _both(folder, cache, "on", "11-14")
    assert with_cache == without and with_cache[0] == 1
    assert "the folder holds no event records" in with_cache[2]


# --- a damaged cache is rebuilt, never fatal ---------------------------------------------------


def _zero_middle_page(path: Path) -> None:
    page = 4096
    middle = (path.stat().st_size // page) // 2
    with path.open("r+b") as handle:
        handle.seek(middle * page)
        handle.write(b"\0" * page)


def _sql(statement: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        with contextlib.closing(sqlite3.connect(path)) as db:
            db.execute(statement)
            db.commit()

    return damage


def _truncate(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def _random_bytes(path: Path) -> None:
    import random

    path.write_bytes(random.Random(1994).randbytes(path.stat().st_size))


def _payload_edit(edit: Callable[[bytes, bytes], tuple[bytes, bytes]]) -> Callable[[Path], None]:
    """Rewrite the payloads of vnm-1994-relations and kor-1963-relations together."""

    def damage(path: Path) -> None:
        with contextlib.closing(sqlite3.connect(path)) as db:
            rows = dict(db.execute("SELECT record, payload FROM events"))
            vnm, kor = edit(rows["vnm-1994-relations"], rows["kor-1963-relations"])
            db.execute(
                "UPDATE events SET payload = ? WHERE record = ?", (vnm, "vnm-1994-relations")
            )
            db.execute(
                "UPDATE events SET payload = ? WHERE record = ?", (kor, "kor-1963-relations")
            )
            db.commit()

    return damage


def _flip(payload: bytes) -> bytes:
    middle = len(payload) // 2
    return payload[:middle] + bytes([payload[middle] ^ 0x20]) + payload[middle + 1 :]


_OF_VNM = "(SELECT id FROM events WHERE record = 'vnm-1994-relations')"
_NO_PARTIES = "x" + repr(marshal.dumps([]).hex())
DAMAGE: dict[str, Callable[[Path], None]] = {
    "swapped-payloads": _payload_edit(lambda vnm, kor: (kor, vnm)),
    "copied-payload": _payload_edit(lambda vnm, kor: (kor, kor)),
    "flipped-byte": _payload_edit(lambda vnm, kor: (_flip(vnm), kor)),
    "deleted-day-rows": _sql(f"DELETE FROM days WHERE event = {_OF_VNM}"),
    "deleted-party-rows": _sql(f"DELETE FROM parties WHERE event = {_OF_VNM}"),
    "emptied-registry": _sql(f"UPDATE meta SET value = {_NO_PARTIES} WHERE key = 'parties'"),
    "zeroed-page": _zero_middle_page,
    "dropped-events": _sql("DROP TABLE events"),
    "dropped-days": _sql("DROP TABLE days"),
    "dropped-parties": _sql("DROP TABLE parties"),
    "dropped-files": _sql("DROP TABLE files"),
    "garbage-payloads": _sql("UPDATE events SET payload = x'deadbeef'"),
    "deleted-row": _sql("DELETE FROM events WHERE record = 'vnm-1994-relations'"),
    "deleted-rows": _sql("DELETE FROM events"),
    "deleted-file-row": _sql("DELETE FROM files"),
    "truncated": _truncate,
    "random-bytes": _random_bytes,
}
DAMAGED_COMMANDS = [
    ["on", "11-14"],
    ["list"],
    ["upcoming", "--from", "2026-11-01"],
    ["anniversaries", "2026"],
    ["show", "vnm-1994-relations"],
    ["validate"],
]
_UNCACHED: dict[tuple[str, ...], subprocess.CompletedProcess[str]] = {}


@pytest.fixture(scope="module")
def aged_collection(tmp_path_factory):
    """The fixture collection, dated an hour back (cacheable), shared by the damage tests."""
    folder = tmp_path_factory.mktemp("damaged") / "events"
    shutil.copytree(FIXTURES / "tui", folder)
    past = time.time() - HOUR
    for path in folder.iterdir():
        os.utime(path, (past, past))
    return folder


def _healthy(cache: Path, folder: Path) -> bool:
    """The cache opens, holds every file and every record, its registry and every payload
    decode as written, and SQLite finds no fault in it."""
    from dipltime.domain.filters import Query
    from dipltime.store.cache import Damaged, registry_signature

    index = Index.open(cache, folder)
    if index is None:
        return False
    try:
        (check,) = index.db.execute("PRAGMA integrity_check").fetchone()
        registry = index.parties(registry_signature(str(folder)))
        decoded = index.query(Query(), str)
        return (
            check == "ok"
            and set(index.signatures) == {"events.yaml"}
            and index.counts() == (8, 1)
            and registry is not None
            and len(registry) > 2
            and sorted(e.id for e in decoded) == sorted(index.records())
        )
    except (sqlite3.DatabaseError, Damaged):
        return False
    finally:
        index.close()


@pytest.mark.parametrize("argv", DAMAGED_COMMANDS, ids=lambda argv: argv[0])
@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_cache_answers_as_no_cache_and_is_rebuilt(
    aged_collection, tmp_path, damage, argv
):
    from dipltime.store.cache import cache_path
    from dipltime.store.loading import load_collection

    folder, cache = aged_collection, tmp_path / "cache"
    load_collection(folder, cache)
    assert _healthy(cache, folder)
    DAMAGE[damage](Path(cache_path(str(cache), str(folder))))
    off = _UNCACHED.get(tuple(argv))
    if off is None:
        off = _UNCACHED[tuple(argv)] = run_process(
            "--events", str(folder), *argv, env={"DIPLTIME_CACHE": "off"}
        )
    assert off.returncode == 0, off.stderr
    result = run_process("--events", str(folder), *argv, env={"DIPLTIME_CACHE": str(cache)})
    assert (result.returncode, result.stdout, result.stderr) == (0, off.stdout, off.stderr)
    if not _healthy(cache, folder):
        # Damage a command does not read (a zeroed page of the id index, for `on`; the
        # payloads, for `validate`) cannot change its answer: the command that reads it
        # finds it and rebuilds the cache, and every other answer is right meanwhile.
        assert damage == "zeroed-page"
        for other in DAMAGED_COMMANDS:
            again = run_process("--events", str(folder), *other, env={"DIPLTIME_CACHE": str(cache)})
            off = run_process("--events", str(folder), *other, env={"DIPLTIME_CACHE": "off"})
            assert again.returncode == 0 and again.stderr == off.stderr, again.stderr
    assert _healthy(cache, folder)


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_cache_is_rebuilt_when_a_file_changed_too(setup, damage):
    """The refresh reads the cache too (where the changed file's ids are used, and its rows)."""
    from dipltime.store.cache import cache_path

    folder, cache, age, ids = setup
    ids()
    DAMAGE[damage](Path(cache_path(str(cache), str(folder))))
    path = folder / "events.yaml"
    path.write_text(path.read_text().replace("date: 1994-11-14", "date: 1994-11-15"))
    age(path)
    with_cache, off = _both(folder, cache, "on", "11-15")
    assert with_cache == off and off[0] == 0 and "vnm-1994-relations" in off[1]
    assert _healthy(cache, folder)


def test_the_tables_a_cache_must_have_are_those_it_is_built_with():
    """A cache missing one is not used: the list must follow the schema."""
    import dipltime.store.tables as module

    with contextlib.closing(sqlite3.connect(":memory:")) as db:
        db.executescript(module.SCHEMA)
        built = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    assert built == module.OBJECTS


def test_every_module_that_shapes_a_record_is_part_of_the_cache_key():
    """A changed rule in any of them must never be answered from an older cache."""
    from dipltime.store.cache import _SHAPERS

    src = Path(__file__).resolve().parent.parent / "src" / "dipltime"
    modules = {
        str(path.relative_to(src))
        for layer in ("domain", "store")
        for path in (src / layer).glob("*.py")
        if path.name != "__init__.py"
    }
    cannot_change_a_record = {
        "domain/core.py",
        "domain/browse.py",
        "domain/reconcile.py",
        "domain/streaming.py",
        "store/browsing.py",
        "store/migration.py",
        # What writes records (new, fmt, init, imports) is checked by reading it back.
        "store/yamltext.py",
        "store/formatting.py",
        "store/appending.py",
        "store/starter.py",
    }
    assert set(_SHAPERS) == modules - cannot_change_a_record
    assert all((src / name).is_file() for name in _SHAPERS)


def test_a_cache_locked_by_another_writer_is_bypassed_not_rebuilt(setup):
    """Busy is not damaged: the edit is answered from the file, and the cache kept as it is."""
    from dipltime.domain.filters import Filter, query_on
    from dipltime.store.cache import cache_path
    from dipltime.store.loading import open_events

    folder, cache, age, ids = setup
    ids()
    path = folder / "events.yaml"
    path.write_text(path.read_text().replace("date: 1994-11-14", "date: 1994-11-15"))
    age(path)
    database = cache_path(str(cache), str(folder))
    before = os.stat(database).st_ino
    with contextlib.closing(sqlite3.connect(database, isolation_level=None)) as writer:
        writer.execute("BEGIN IMMEDIATE")  # another command storing its edits
        events = open_events(folder, cache)
        on_15 = [e.id for e in events.candidates(query_on(Filter(), 11, 15, 2026))]
        events.close()
        writer.execute("ROLLBACK")
    assert "vnm-1994-relations" in on_15
    assert os.stat(database).st_ino == before
