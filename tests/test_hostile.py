"""Hostile and broken input, through the real command in subprocesses.

Every command that reads events must answer each case in ``fixtures/hostile/``
(and the generated ones below) with a clear message naming the file, a
non-zero exit, no traceback and no terminal control sequence, within bounded
time and memory: the timeout is a hang detector and the address-space limit
turns a runaway expansion into a failed test instead of a stalled machine.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dipltime.errors import DataError
from dipltime.store.loading import load_collection
from helpers import AS_A_USER, FIXTURES, TODAY

HOSTILE = FIXTURES / "hostile"
MEMORY = 2 * 1024**3

# case → what stderr must say
REFUSED = {
    "yaml-bomb": "an anchor (&a) is not allowed",
    "deep-nesting": "nested more than 16 levels deep",
    "deep-block-nesting": "nested more than 16 levels deep",
    "python-object-tag": "the tag tag:yaml.org,2002:python/object/apply:os.system is not allowed",
    "python-name-tag": "the tag tag:yaml.org,2002:python/name:os.system is not allowed",
    "custom-tag": "the tag !include is not allowed",
    "merge-key": "an anchor (&base) is not allowed",
    "anchors-and-aliases": "an anchor (&p) is not allowed",
    "repeated-key": "date: the key is repeated (first on line 2)",
    "tabs": "malformed YAML",
    "escape-sequences-in-title": "title: contains the control character U+001B",
    "escape-sequences-in-summary": "summary: contains the control character U+001B",
    "bidi-override-in-title": "title: contains the bidirectional control U+202E",
    "not-a-list": "an events file must be a YAML list of records",
    "empty": "the file is empty",
    "only-comments": "the file is empty",
    "binary": "the file is not UTF-8",
    "not-utf8": "the file is not UTF-8 (byte 0xe9",
    "utf16": "the file is not UTF-8 (byte 0xff",
    "arabic-letter-mark-in-title": "title: contains the bidirectional control U+061C",
    "arabic-indic-digits-in-date": "date: '١٩٩٤-١١-١٤' is not a date",
    "full-width-digits-in-date": "date: '１９９４-１１-１４' is not a date",
    "zero-width-non-joiner-in-title": "title: contains the invisible character U+200C",
}
ACCEPTED = [
    "byte-order-mark",
    "crlf-line-ends",
    "yaml-1-1-retyping",
    "markup-in-text",
]

COMMANDS = [
    ["validate"],
    ["on", "11-14"],
    ["list", "--json"],
    ["upcoming"],
    ["anniversaries", "2026"],
    ["show", "per-vnm-1994-relations"],
    ["parties"],
    ["export", "ics", "-o", "out.ics"],
    ["tui"],
    ["publish", "--caldav", "http://127.0.0.1:9/nobody/calendar/"],
]


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_bounded(
    folder: Path, argv: list[str], cwd: Path, timeout: float = 60, cache: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIPLTIME_")}
    env.update(DIPLTIME_TODAY=TODAY, PYTHONIOENCODING="utf-8")
    if cache is not None:
        env["DIPLTIME_CACHE"] = cache
    return subprocess.run(
        [sys.executable, "-m", "dipltime", "--events", str(folder), *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        preexec_fn=_limits,
    )


def collection_with(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / "events"
    folder.mkdir()
    shutil.copy(FIXTURES / "parties.yaml", folder / "parties.yaml")
    (folder / name).write_bytes(data)
    return folder


def assert_refused(result: subprocess.CompletedProcess[str], where: str, says: str) -> None:
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert where in result.stderr and says in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert "\x1b" not in result.stderr and "\x9b" not in result.stderr


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: argv[0])
@pytest.mark.parametrize("case", sorted(REFUSED))
def test_every_command_refuses_hostile_input_cleanly(tmp_path, case, argv):
    source = HOSTILE / f"{case}.yaml"
    folder = collection_with(tmp_path, source.name, source.read_bytes())
    result = run_bounded(folder, argv, tmp_path)
    assert_refused(result, f"{source.name}", REFUSED[case])
    assert not (tmp_path / "out.ics").exists()


@pytest.mark.parametrize("case", ACCEPTED)
def test_harmless_variations_load_unchanged(tmp_path, case):
    source = HOSTILE / f"{case}.yaml"
    folder = collection_with(tmp_path, source.name, source.read_bytes())
    (event,) = load_collection(folder).events
    assert event.id == "per-vnm-1994-relations"
    assert event.date.iso() == "1994-11-14"
    result = run_bounded(folder, ["list", "--json"], tmp_path)
    assert result.returncode == 0, result.stderr


def test_yaml_1_1_values_stay_the_text_that_was_written(tmp_path):
    source = HOSTILE / "yaml-1-1-retyping.yaml"
    (event,) = load_collection(collection_with(tmp_path, source.name, source.read_bytes())).events
    assert event.title == "NO"
    assert event.places == ("yes", "off", "1:20", "0x1F", "0o17", ".inf", "2024-11-14 10:00", "~")
    assert event.people == ("y", "n", "on", "1_000")
    assert event.tags == ("null",)


def test_a_file_over_the_size_cap_is_refused_without_being_parsed(tmp_path):
    folder = collection_with(tmp_path, "huge.yaml", b"- id: x\n" + b"#" * (4 * 1024**2))
    for argv in (["validate"], ["list"]):
        result = run_bounded(folder, argv, tmp_path)
        assert_refused(result, "huge.yaml", "larger than 4 MiB")
        assert "split it into several files" in result.stderr


def test_a_symlink_loop_between_files_is_a_clear_error(tmp_path):
    folder = collection_with(tmp_path, "real.yaml", b"[]")
    (folder / "a.yaml").symlink_to(folder / "b.yaml")
    (folder / "b.yaml").symlink_to(folder / "a.yaml")
    result = run_bounded(folder, ["validate"], tmp_path)
    assert_refused(result, "a.yaml", "cannot read the file: Too many levels of symbolic links")


def test_a_folder_that_links_back_to_itself_is_not_followed(tmp_path):
    source = HOSTILE / "crlf-line-ends.yaml"
    folder = collection_with(tmp_path, source.name, source.read_bytes())
    (folder / "again").symlink_to(folder)
    result = run_bounded(folder, ["validate"], tmp_path)
    assert result.returncode == 0 and "1 event in 1 file" in result.stdout


@pytest.mark.parametrize(
    ("setup", "says"),
    [
        ("missing", "does not exist or is not a folder"),
        ("empty", "the party registry is missing"),
        ("registry-only", "the folder holds no event records"),
    ],
)
def test_missing_or_empty_events_folders(tmp_path, setup, says):
    folder = tmp_path / "events"
    if setup != "missing":
        folder.mkdir()
    if setup == "registry-only":
        shutil.copy(FIXTURES / "parties.yaml", folder / "parties.yaml")
    for argv in COMMANDS[:3]:
        result = run_bounded(folder, argv, tmp_path)
        assert result.returncode == 1 and says in result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("error", "says"),
    [
        (PermissionError(13, "Permission denied"), "cannot read the file: Permission denied"),
        (
            FileNotFoundError(2, "No such file or directory"),
            "cannot read the file: No such file or directory",
        ),
    ],
)
def test_an_unreadable_or_vanishing_file_is_named(tmp_path, monkeypatch, error, says):
    """Injected at the point of reading: root reads through permissions, and a file that
    vanishes between the folder walk and the read is a race no timing can stage reliably."""
    source = HOSTILE / "crlf-line-ends.yaml"
    folder = collection_with(tmp_path, "doomed.yaml", source.read_bytes())

    def failing_open(path, *args, **kwargs):
        if os.path.basename(path) == "doomed.yaml":
            raise error
        return open(path, *args, **kwargs)

    import dipltime.store.yamlsafe

    monkeypatch.setattr(dipltime.store.yamlsafe, "open", failing_open, raising=False)
    with pytest.raises(DataError) as info:
        load_collection(folder)
    (problem,) = info.value.problems
    assert problem.path.endswith("doomed.yaml") and problem.message == says


# --- files that are not files: read only regular files, and say which were not ------------

NOT_A_FILE = "not a regular file (a named pipe)"


@pytest.mark.parametrize("argv", COMMANDS[:6], ids=lambda argv: argv[0])
def test_a_named_pipe_in_the_folder_is_reported_not_opened(tmp_path, argv):
    """Opening a FIFO for reading blocks until a writer comes: every command hung."""
    source = HOSTILE / "crlf-line-ends.yaml"
    folder = collection_with(tmp_path, source.name, source.read_bytes())
    os.mkfifo(folder / "zz.yaml")
    for cache in ("off", str(tmp_path / "cache")):
        result = run_bounded(folder, argv, tmp_path, timeout=20, cache=cache)
        assert_refused(result, f"events/zz.yaml: -: -: {NOT_A_FILE}", "remove it")


def test_a_named_pipe_registry_is_reported_not_opened(tmp_path):
    source = HOSTILE / "crlf-line-ends.yaml"
    folder = collection_with(tmp_path, source.name, source.read_bytes())
    (folder / "parties.yaml").unlink()
    os.mkfifo(folder / "parties.yaml")
    result = run_bounded(folder, ["validate"], tmp_path, timeout=20)
    assert_refused(result, "parties.yaml", NOT_A_FILE)


def test_a_registry_that_is_a_folder_is_named_as_such(tmp_path):
    source = HOSTILE / "crlf-line-ends.yaml"
    folder = collection_with(tmp_path, source.name, source.read_bytes())
    (folder / "parties.yaml").unlink()
    (folder / "parties.yaml").mkdir()
    result = run_bounded(folder, ["validate"], tmp_path)
    assert_refused(result, "parties.yaml", "not a regular file (a folder)")
    assert "the party registry is missing" not in result.stderr


def test_a_file_that_becomes_a_named_pipe_after_the_walk_is_not_waited_on(tmp_path):
    """The walk saw a file; by the time it is read it is a FIFO: the reader must not block."""
    fifo = tmp_path / "swapped.yaml"
    os.mkfifo(fifo)
    code = (
        "import sys\n"
        "from dipltime.errors import DataError\n"
        "from dipltime.store.yamlsafe import read_yaml\n"
        "try:\n"
        "    read_yaml(sys.argv[1])\n"
        "except DataError as exc:\n"
        "    print(exc.problems[0])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(fifo)],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert f"swapped.yaml: -: -: {NOT_A_FILE}" in result.stdout, result.stderr


def test_a_link_to_a_device_is_not_read(tmp_path):
    source = HOSTILE / "crlf-line-ends.yaml"
    folder = collection_with(tmp_path, source.name, source.read_bytes())
    (folder / "zero.yaml").symlink_to("/dev/zero")
    result = run_bounded(folder, ["validate"], tmp_path, timeout=20)
    assert_refused(result, "zero.yaml", "not a regular file (a character device)")


# --- unreadable folders ----------------------------------------------------------------------


@pytest.mark.skipif(AS_A_USER is None, reason="run as root, without setpriv to drop its powers")
def test_an_unreadable_subfolder_is_an_error_not_skipped(tmp_path):
    source = HOSTILE / "crlf-line-ends.yaml"
    folder = collection_with(tmp_path, source.name, source.read_bytes())
    (folder / "locked").mkdir()
    (folder / "locked" / "more.yaml").write_bytes(source.read_bytes())
    (folder / "locked").chmod(0)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIPLTIME_")}
    env.update(DIPLTIME_TODAY=TODAY, DIPLTIME_CACHE="off", PYTHONIOENCODING="utf-8")
    assert AS_A_USER is not None
    try:
        result = subprocess.run(
            [*AS_A_USER, sys.executable, "-m", "dipltime", "--events", str(folder), "validate"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        (folder / "locked").chmod(0o755)
    assert_refused(
        result, "events/locked: -: -: ", "cannot read the folder: Permission denied (hint: "
    )


# --- the suffix, whatever its case -----------------------------------------------------------


@pytest.mark.parametrize("name", ["upper-case-suffix.YAML", "mixed.Yml"])
def test_an_upper_case_suffix_is_an_events_file_with_or_without_the_cache(tmp_path, name):
    source = HOSTILE / "upper-case-suffix.YAML"
    folder = collection_with(tmp_path, name, source.read_bytes())
    past = 1_000_000_000
    os.utime(folder / name, (past, past))
    os.utime(folder / "parties.yaml", (past, past))
    for cache in ("off", str(tmp_path / "cache"), str(tmp_path / "cache")):
        result = run_bounded(folder, ["validate"], tmp_path, cache=cache)
        assert result.returncode == 0, result.stderr
        assert "1 event in 1 file" in result.stdout
        shown = run_bounded(folder, ["show", "per-vnm-1994-relations"], tmp_path, cache=cache)
        assert f"recorded in events/{name}:1" in shown.stdout
    from dipltime.store.cache import Index

    index = Index.open(tmp_path / "cache", folder)
    assert index is not None and set(index.signatures) == {name}
    index.close()


def test_a_registry_named_in_upper_case_is_a_clear_error(tmp_path):
    source = HOSTILE / "crlf-line-ends.yaml"
    folder = collection_with(tmp_path, source.name, source.read_bytes())
    (folder / "parties.yaml").rename(folder / "PARTIES.YAML")
    result = run_bounded(folder, ["validate"], tmp_path)
    assert_refused(result, "PARTIES.YAML", "the registry must be named parties.yaml")


def test_a_registry_that_links_to_itself_is_reported_once_with_its_reason(tmp_path):
    source = HOSTILE / "crlf-line-ends.yaml"
    folder = collection_with(tmp_path, source.name, source.read_bytes())
    (folder / "parties.yaml").unlink()
    (folder / "parties.yaml").symlink_to(folder / "parties.yaml")
    result = run_bounded(folder, ["validate"], tmp_path)
    assert_refused(
        result,
        "events/parties.yaml: -: -: ",
        "cannot read the file: Too many levels of symbolic links",
    )
    assert "1 problem;" in result.stderr and "missing" not in result.stderr
