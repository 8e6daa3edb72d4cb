"""The compiled cache is never stale: whatever changes between two commands, the second sees it.

Each test runs the real command twice (or more) in subprocesses with its own
cache folder. Files are dated an hour back where a test wants them cached:
a file modified within two seconds of caching is deliberately never cached.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dipltime.cache import Index
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
    index = Index.open(cache, folder)
    if index is None:
        return set()
    index.close()
    return set(index.signatures)


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
    assert "dipltime.cache" in imported
    assert not {"pydantic", "yaml", "dipltime.schema", "dateutil"} & imported


def test_a_cache_from_other_code_is_not_used(setup, monkeypatch):
    folder, cache, age, ids = setup
    ids()
    assert _cached_files(cache, folder) == {"events.yaml"}
    import dipltime.cache as module

    monkeypatch.setattr(module, "_fingerprint", lambda: "another version of dipltime")
    assert _cached_files(cache, folder) == set()


def test_only_the_changed_file_is_read_again(tmp_path, monkeypatch):
    import dipltime.loading as loading

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
    original = loading._load_events_file

    def counting(path, *args, **kwargs):
        read.append(os.path.basename(path))
        return original(path, *args, **kwargs)

    monkeypatch.setattr(loading, "_load_events_file", counting)
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
