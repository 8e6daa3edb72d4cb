"""The committed calendars in exports/, their manifest, and the export commands."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from dipltime.domain.core import DEFAULT
from dipltime.errors import DipltimeError
from dipltime.outputs.exports import build_entry, load_manifest
from dipltime.store.loading import load_collection
from helpers import EVENTS, ROOT, run_cli, run_process

EXPORTS = ROOT / "exports"
MANIFEST = EXPORTS / "manifest.toml"
COLLECTION = load_collection(EVENTS)
ENTRIES = load_manifest(MANIFEST, COLLECTION, DEFAULT)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.path.name for e in ENTRIES])
def test_each_committed_export_is_exactly_what_its_manifest_produces(entry):
    """Regenerate with: dipltime export manifest exports/manifest.toml"""
    assert entry.path.is_file(), f"{entry.path} is missing"
    assert entry.path.read_bytes() == build_entry(entry, COLLECTION).data, (
        f"{entry.path.name} is stale: run `dipltime export manifest exports/manifest.toml`"
    )


def test_every_committed_calendar_is_in_the_manifest():
    committed = {p.resolve() for p in EXPORTS.rglob("*.ics")}
    assert committed == {e.path.resolve() for e in ENTRIES}


def test_every_partner_has_its_own_calendar():
    partners = {code for code in COLLECTION.parties if code != "PER"}
    files = {e.path.stem.upper() for e in ENTRIES if e.path.parent.name == "partners"}
    assert files == partners


def test_every_ready_made_calendar_fits_in_what_google_calendar_takes():
    from dipltime.cli.calendars import LARGE

    sizes = {path.name: path.stat().st_size for path in EXPORTS.rglob("*.ics")}
    assert sizes and all(size <= LARGE for size in sizes.values()), sizes


def test_the_decade_calendar_holds_the_bicentenary_of_us_recognition():
    text = (EXPORTS / "anniversaries-2026-2030.ics").read_bytes().decode()
    unfolded = text.replace("\r\n ", "")
    assert (
        "SUMMARY;LANGUAGE=en:★ 200th anniversary of United States recognition of Peru (1826) — bicentenary"
        in (unfolded)
    )
    assert "DTSTART;VALUE=DATE:20260502" in unfolded  # the day the Office of the Historian gives
    assert (
        "SUMMARY;LANGUAGE=en:32nd anniversary of the establishment of Peru–Viet Nam diplomatic relations (1994)"
        in unfolded
    )
    # Remembered, never starred: the embassy Peru closed in 2010, the doubtful treaty of 1850.
    assert (
        "SUMMARY;LANGUAGE=en:32nd anniversary of the reopening of Peru's embassy in New Zealand"
        in unfolded
    )
    assert "★ 180th anniversary of the signing of the Treaty of Friendship" not in unfolded


def _manifest(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "manifest.toml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '[[export]]\nfile = "a.ics"\nyears = "2026:2027"\ncolour = "red"\n',
            "unknown key 'colour'",
        ),
        ('[[export]]\nfile = "a.ics"\n', "years is missing"),
        ('[[export]]\nfile = "../a.ics"\nyears = "2026"\n', "relative path ending in .ics"),
        ('[[export]]\nfile = "a.txt"\nyears = "2026"\n', "relative path ending in .ics"),
        ('[[export]]\nfile = "a.ics"\nyears = 2026\n', "years must be text"),
        ('[[export]]\nfile = "a.ics"\nyears = "2026"\nparty = "VNM"\n', "party must be a list"),
        ('[[export]]\nfile = "a.ics"\nyears = "2026"\nparty = ["Narnia"]\n', "no party is called"),
        ('[[export]]\nfile = "a.ics"\nyears = "2035:2026"\n', "must not come after"),
        (
            '[[export]]\nfile = "a.ics"\nyears = "2026"\n[[export]]\nfile = "a.ics"\n'
            'years = "2027"\n',
            "listed twice",
        ),
        ("[[export]\n", "not valid TOML"),
        ('title = "x"\n', "expected one or more [[export]] tables"),
    ],
)
def test_a_bad_manifest_is_named_with_its_entry(tmp_path, body, message):
    with pytest.raises(DipltimeError) as info:
        load_manifest(_manifest(tmp_path, body), COLLECTION, DEFAULT)
    assert message in info.value.message
    result = run_cli("export", "manifest", str(tmp_path / "manifest.toml"))
    assert result.code == 1 and result.out == "" and message in result.err


def test_regenerating_writes_only_what_changed(tmp_path):
    manifest = _manifest(
        tmp_path,
        """\
        [[export]]
        file = "vnm.ics"
        years = "2026:2027"
        party = ["VNM"]
        """,
    )
    first = run_cli("export", "manifest", str(manifest))
    assert first.code == 0 and "written: " in first.err and first.out == ""
    made = tmp_path / "vnm.ics"
    stamp = made.stat().st_mtime_ns
    second = run_cli("export", "manifest", str(manifest))
    assert "unchanged: " in second.err
    assert made.stat().st_mtime_ns == stamp


def test_the_regenerate_command_reproduces_the_committed_exports(tmp_path):
    copy = tmp_path / "exports"
    shutil.copytree(EXPORTS, copy)
    for path in copy.rglob("*.ics"):
        path.unlink()
    result = run_process("export", "manifest", str(copy / "manifest.toml"))
    assert result.returncode == 0, result.stderr
    for original in EXPORTS.rglob("*.ics"):
        assert (copy / original.relative_to(EXPORTS)).read_bytes() == original.read_bytes()


# --- dipltime export ics ------------------------------------------------------------------------


def test_export_to_stdout_is_the_calendar_and_notes_go_to_stderr(tmp_path):
    result = run_process("export", "ics", "--years", "2026:2026", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("BEGIN:VCALENDAR")
    assert "69 calendar events (2026) written to standard output" in result.stderr
    assert "left out 24 anniversaries of events with no recorded day" in result.stderr


def test_export_to_a_file_defaults_to_this_year_and_the_nine_after(tmp_path):
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "a.ics"
    result = run_process("export", "ics", "-o", str(target), env={"DIPLTIME_TODAY": "2030-05-01"})
    assert result.returncode == 0, result.stderr
    assert "(2030–2039)" in result.stderr
    assert (
        b"UID:vnm-1994-11-14-relations-2039.diplomatic-anniversaries@dipltime"
        in target.read_bytes()
    )
    assert result.stdout == ""


def test_export_is_byte_identical_across_runs(tmp_path):
    one = run_process("export", "ics", "--years", "2026:2035", "--undated", "--alarm", "7d")
    two = run_process("export", "ics", "--years", "2026:2035", "--undated", "--alarm", "7d")
    assert one.stdout == two.stdout


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--years", "2035:2026"], "must not come after"),
        (["--alarm", "soon"], "not a reminder"),
        (["--party", "Narnia"], "no party is called"),
    ],
)
def test_export_usage_errors_exit_2_and_write_nothing(tmp_path, argv, message):
    target = tmp_path / "a.ics"
    result = run_cli("export", "ics", *argv, "-o", str(target))
    assert result.code == 2 and message in result.err
    assert not target.exists()


def test_export_into_an_impossible_place_fails_cleanly(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run_cli("export", "ics", "-o", str(blocker / "a.ics"))
    assert result.code == 1
    assert "cannot write" in result.err and "Traceback" not in result.err
