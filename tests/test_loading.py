"""Loading and validating a collection: every invalid input gets a located, fixable message.

Each file in ``fixtures/invalid/`` is one kind of invalid input, named after its
error; its first line says what must be reported: ``# expect: LINE FIELD: message``
(line 0 for the file as a whole, field ``-`` when no field is concerned).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from dipltime.errors import DataError, DipltimeError
from dipltime.store.loading import load_collection, resolve_events_dir
from dipltime.store.scanning import event_files
from helpers import FIXTURES, run_cli

INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))
_EXPECT = re.compile(rb"# expect: (\d+) (\S+): (.+)")


def _expectation(path: Path) -> tuple[int | None, str | None, str]:
    match = _EXPECT.match(path.read_bytes().splitlines()[0])
    assert match, f"{path.name} has no '# expect:' line"
    line = int(match[1]) or None
    field = match[2].decode()
    return line, None if field == "-" else field, match[3].decode()


def _collection_with(tmp_path: Path, fixture: Path) -> Path:
    folder = tmp_path / "events"
    folder.mkdir()
    shutil.copy(FIXTURES / "parties.yaml", folder / "parties.yaml")
    shutil.copy(fixture, folder / fixture.name)
    return folder


@pytest.mark.parametrize("fixture", INVALID, ids=[p.stem for p in INVALID])
def test_each_invalid_input_is_reported_with_file_line_and_field(tmp_path, fixture):
    line, field, message = _expectation(fixture)
    folder = _collection_with(tmp_path, fixture)
    with pytest.raises(DataError) as info:
        load_collection(folder)
    found = [(p.line, p.field, p.message) for p in info.value.problems]
    assert any(
        p.path.endswith(fixture.name)
        and p.line == line
        and p.field == field
        and message in p.message
        for p in info.value.problems
    ), f"expected line {line}, field {field}, {message!r}; got {found}"


@pytest.mark.parametrize("fixture", INVALID, ids=[p.stem for p in INVALID])
def test_each_invalid_input_fails_validate_with_exit_1_and_no_traceback(tmp_path, fixture):
    folder = _collection_with(tmp_path, fixture)
    result = run_cli("--events", str(folder), "validate")
    assert result.code == 1
    assert result.out == ""
    assert "Traceback" not in result.err
    assert fixture.name in result.err
    assert result.err.rstrip().splitlines()[-1].startswith("dipltime: the events collection has")


def test_every_problem_of_a_collection_is_reported_at_once(tmp_path):
    folder = tmp_path / "events"
    folder.mkdir()
    shutil.copy(FIXTURES / "parties.yaml", folder / "parties.yaml")
    for name in ("unknown-field.yaml", "impossible-date.yaml", "alias.yaml", "not-utf8.yaml"):
        shutil.copy(FIXTURES / "invalid" / name, folder / name)
    with pytest.raises(DataError) as info:
        load_collection(folder)
    files = {Path(p.path).name for p in info.value.problems}
    assert files == {"unknown-field.yaml", "impossible-date.yaml", "alias.yaml", "not-utf8.yaml"}


def test_a_record_with_several_faults_reports_each(collection_dir):
    folder = collection_dir("""\
        - id: bad
          date: 2023-02-30
          title: t
          summary: s
          kind: friendship
          parties: [PER, XXX]
          sources: []
          colour: red
        """)
    with pytest.raises(DataError) as info:
        load_collection(folder)
    fields = {p.field for p in info.value.problems}
    assert fields == {"date", "kind", "parties[1]", "sources", "colour"}
    assert all(p.record == "bad" for p in info.value.problems)


def test_a_problem_reads_path_line_id_field_message_and_hint(collection_dir):
    folder = collection_dir("""\
        - id: per-vnm
          date: 1994-11-14
          title: Peru–Viet Nam diplomatic relations
          summary: s
          kind: relations-established
          parties: [PER, VNM]
          sources: [{publisher: p, title: t, date: not stated}]
          tittle: typo
        """)
    with pytest.raises(DataError) as info:
        load_collection(folder)
    (problem,) = info.value.problems
    assert str(problem).startswith(
        f"{folder / 'records.yaml'}:8: per-vnm: tittle: is not a known field"
    )
    assert "did you mean title?" in problem.hint


def test_yaml_1_1_retyping_never_changes_a_value(collection_dir):
    folder = collection_dir("""\
        - id: per-vnm
          date: 1994-11-14
          title: NO
          summary: 1:20
          kind: relations-established
          parties: [PER, VNM]
          places: [yes, 0x1F, 1e3, null, ~]
          sources: [{publisher: off, title: 012, date: not stated}]
        """)
    (event,) = load_collection(folder).events
    assert event.title == "NO"
    assert event.summary == "1:20"
    assert event.places == ("yes", "0x1F", "1e3", "null", "~")
    assert (event.sources[0].publisher, event.sources[0].title) == ("off", "012")


def test_text_is_normalised_to_nfc(collection_dir):
    decomposed = "Lu\u031bo\u031bng Cu\u031bo\u031b\u0300ng"
    folder = collection_dir(f"""\
        - id: visit
          date: 2024-11-12
          end: 2024-11-14
          title: the visit of {decomposed}
          summary: s
          kind: state-visit
          parties: [PER, VNM]
          people: [{decomposed}]
          sources: [{{publisher: p, title: t, date: 2024-11-11}}]
        """)
    (event,) = load_collection(folder).events
    assert event.people == ("Lương Cường",)
    assert event.title == "the visit of Lương Cường"


def test_crlf_line_ends_and_a_byte_order_mark_are_accepted(collection_dir):
    folder = collection_dir()
    text = (
        "\ufeff- id: per-vnm\r\n  date: 1994-11-14\r\n  title: t\r\n  summary: s\r\n"
        "  kind: relations-established\r\n  parties: [PER, VNM]\r\n"
        "  sources: [{publisher: p, title: t, date: not stated}]\r\n"
    )
    (folder / "crlf.yaml").write_bytes(text.encode("utf-8"))
    (event,) = load_collection(folder).events
    assert event.id == "per-vnm" and event.line == 1


def test_a_file_over_the_size_cap_says_to_split_it(collection_dir):
    folder = collection_dir()
    (folder / "huge.yaml").write_bytes(b"# padding\n" * 500_000)
    with pytest.raises(DataError) as info:
        load_collection(folder)
    assert "larger than 4 MiB" in info.value.problems[0].message
    assert "split" in info.value.problems[0].hint


def test_a_folder_with_no_records_is_an_error(collection_dir):
    with pytest.raises(DataError, match="1 problem") as info:
        load_collection(collection_dir())
    assert "holds no event records" in info.value.problems[0].message


def test_a_missing_registry_is_an_error(tmp_path):
    folder = tmp_path / "events"
    folder.mkdir()
    with pytest.raises(DataError) as info:
        load_collection(folder)
    assert "party registry is missing" in info.value.problems[0].message


def test_a_registry_alias_may_name_one_party_only(collection_dir):
    folder = collection_dir(
        "[]", parties="- {code: PER, name: Peru}\n- {code: VNM, name: Viet Nam, aliases: [peru]}\n"
    )
    with pytest.raises(DataError) as info:
        load_collection(folder)
    assert any("already belongs to PER" in p.message for p in info.value.problems)


def test_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(DipltimeError, match="does not exist"):
        load_collection(tmp_path / "nowhere")


def test_files_are_read_in_a_stable_order_without_following_link_loops(collection_dir):
    folder = collection_dir("[]")
    (folder / "sub").mkdir()
    (folder / "sub" / "b.yaml").write_text("[]")
    (folder / "sub" / "loop").symlink_to(folder)
    (folder / "a.yml").write_text("[]")
    (folder / "notes.txt").write_text("not yaml")
    (folder / ".hidden.yaml").write_text("[]")
    names = [p.relative_to(folder).as_posix() for p in event_files(folder)]
    assert names == ["a.yml", "records.yaml", "sub/b.yaml"]


def test_events_folder_comes_from_the_option_then_the_environment_then_the_bundle(tmp_path):
    assert resolve_events_dir(str(tmp_path), {"DIPLTIME_EVENTS": "/elsewhere"}) == str(tmp_path)
    assert resolve_events_dir(None, {"DIPLTIME_EVENTS": str(tmp_path)}) == str(tmp_path)
    bundled = resolve_events_dir(None, {})
    assert (Path(bundled) / "parties.yaml").is_file()


@pytest.mark.parametrize("where", ["locked", "root"])
def test_an_unreadable_folder_is_a_problem_naming_it(collection_dir, monkeypatch, where):
    """Injected where the folder is opened (root reads every folder whatever its mode;
    tests/test_hostile.py stages the real thing when not run as root)."""
    import os

    import dipltime.store.scanning as scanning

    folder = collection_dir("""\
        - id: per-vnm
          date: 1994-11-14
          title: t
          summary: s
          kind: relations-established
          parties: [PER, VNM]
          sources: [{publisher: p, title: t, date: not stated}]
        """)
    (folder / "locked").mkdir()
    (folder / "locked" / "more.yaml").write_text("[]")
    locked = folder / "locked" if where == "locked" else folder
    real_open, real_scandir = os.open, os.scandir

    def failing(path, *args, **kwargs):
        if not isinstance(path, int) and os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return (real_open if args else real_scandir)(path, *args, **kwargs)

    monkeypatch.setattr(scanning.os, "open", failing)
    monkeypatch.setattr(scanning.os, "scandir", lambda path: failing(path))
    for cache in (None, folder.parent / "cache"):
        with pytest.raises(DataError) as info:
            load_collection(folder, cache)
        assert [str(p) for p in info.value.problems][-1].startswith(
            f"{locked}: -: -: cannot read the folder: Permission denied (hint: "
        )
