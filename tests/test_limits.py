"""The edges of what dipltime answers: the supported years, odd digits, number limits, and
output that cannot be written. Each answer is a clear message with exit 1 or 2, never the
"internal error" of exit 70."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpers import CACHE, TODAY, run_cli, run_process


def assert_refused(code: int, err: str, wanted_code: int, *phrases: str) -> None:
    assert code == wanted_code, err
    assert "internal error" not in err and "Traceback" not in err
    for phrase in phrases:
        assert phrase in err


@pytest.mark.parametrize(
    "argv",
    [
        ("upcoming", "--from", "9999-12-20"),
        ("on", "12-31", "--year", "9999"),
        ("anniversaries", "9999"),
        ("anniversaries", "0"),
        ("show", "vnm-1994-11-14-relations", "--year", "9999"),
    ],
)
def test_years_outside_the_supported_range_are_refused_naming_it(argv):
    result = run_cli(*argv)
    assert_refused(result.code, result.err, 2, "supported years 1 to 9998")


def test_a_window_that_runs_past_the_last_supported_year_is_refused():
    result = run_cli("upcoming", "--from", "9998-12-20")
    assert_refused(result.code, result.err, 2, "ends after 9998-12-31")
    assert run_cli("upcoming", "--from", "9998-12-01", "--days", "31").code == 0


def test_today_in_9999_is_refused_and_the_export_window_must_fit():
    result = run_cli("export", "ics", today="9999-06-01")
    assert_refused(result.code, result.err, 2, "DIPLTIME_TODAY", "supported years 1 to 9998")
    result = run_cli("export", "ics", today="9998-06-01")
    assert_refused(result.code, result.err, 2, "9998–10007 reach past 9998")


@pytest.mark.parametrize(
    "day",
    ["²", "١١-١٤", "１１-１４", "0000-11-14", "Nov 14 -1", "14 Nov 24", "14 Nov +2024", "١٤ Nov"],
)
def test_a_day_that_is_not_a_day_of_a_supported_year_is_refused(day):
    result = run_cli("on", day)
    assert_refused(result.code, result.err, 2)
    assert result.out == ""


def test_a_year_written_in_four_digits_is_the_year_meant():
    result = run_cli("on", "1 Jan 0001")
    assert result.code == 0, result.err
    assert result.out.startswith("1 January 1:")
    assert run_cli("on", "14 Nov 1994").out.startswith("14 November 1994")


@pytest.mark.parametrize(
    ("argv", "limit"),
    [
        (("upcoming", "--days", "100000"), "from 1 to 36600"),
        (("upcoming", "--days", "0"), "from 1 to 36600"),
        (("--milestone-every", "100000", "list"), "from 1 to 1000"),
        (("upcoming", "--from", "２０２６-１１-１４"), "is not a date"),
        (("upcoming", "--from", "20261114"), "is not a date"),
    ],
)
def test_numbers_beyond_their_limit_say_the_limit(argv, limit):
    result = run_cli(*argv)
    assert_refused(result.code, result.err, 2, limit)


@pytest.mark.parametrize("value", ["99999999999999", "١٢٣", "-5"])
def test_an_impossible_source_date_epoch_is_refused(value, tmp_path):
    result = run_cli("export", "ics", "--years", "2026", env={"SOURCE_DATE_EPOCH": value})
    assert_refused(result.code, result.err, 2, "SOURCE_DATE_EPOCH")


def _run(argv, env=None, **kwargs):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DIPLTIME_")}
    environ.update({"DIPLTIME_TODAY": TODAY, "DIPLTIME_CACHE": CACHE, **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "dipltime", *argv],
        env=environ,
        capture_output=not kwargs,
        timeout=60,
        check=False,
        **kwargs,
    )


def test_a_full_disk_is_an_error_not_a_bug():
    with open("/dev/full", "w") as full:
        result = _run(["list"], stdout=full, stderr=subprocess.PIPE)
    assert_refused(result.returncode, result.stderr.decode(), 1, "No space left on device")


def test_a_closed_standard_output_is_an_error_not_a_bug():
    result = subprocess.run(
        [sys.executable, "-m", "dipltime", "list"],
        env={**os.environ, "DIPLTIME_TODAY": TODAY, "DIPLTIME_CACHE": CACHE},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
        timeout=60,
        check=False,
    )
    assert_refused(result.returncode, result.stderr.decode(), 1, "cannot write the output")


@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONIOENCODING": "ascii"},
        {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": ""},
    ],
)
def test_an_output_encoding_that_cannot_write_the_data_is_explained(env):
    result = _run(["list", "--party", "VNM"], env=env)
    err = result.stderr.decode("ascii")
    assert_refused(result.returncode, err, 2, "cannot write", "UTF-8")


def test_a_record_with_thousands_of_unknown_keys_reports_a_bounded_number(tmp_path):
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / "parties.yaml").write_text("- code: PER\n  name: Peru\n")
    keys = "".join(f"  k{i}: v\n" for i in range(50_000))
    (folder / "big.yaml").write_text("- id: x\n" + keys)
    result = run_process("--events", str(folder), "validate")
    assert result.returncode == 1
    assert len(result.stderr) < 20_000
    assert "more problems in this record" in result.stderr


def test_a_run_with_thousands_of_problems_prints_a_bounded_number(tmp_path):
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / "parties.yaml").write_text("- code: PER\n  name: Peru\n")
    for number in range(300):
        (folder / f"f{number}.yaml").write_text("not: a list\n")
    result = run_process("--events", str(folder), "validate")
    assert result.returncode == 1
    assert "… and 100 more problems, not shown" in result.stderr
    assert "the events collection has 300 problems" in result.stderr


@pytest.mark.parametrize(
    ("day", "says"), [("4/11", "ambiguous"), ("[/x", "is not a day of the year")]
)
def test_only_a_day_written_with_slashes_is_called_ambiguous(day, says):
    result = run_cli("on", day)
    assert_refused(result.code, result.err, 2, says)


FAR_SPANS = """\
- id: per-vnm-1998-long-span
  date: 1998-12-31
  end: 2000-01-02
  title: a span over two year ends
  summary: A long meeting.
  kind: consultations
  parties: [PER, VNM]
  sources: [{publisher: p, title: t, date: not stated}]
- id: per-vnm-1998-fifty-years
  date: 1998-06-01
  end: 2048-06-01
  title: a fifty-year programme
  summary: A long programme.
  kind: cooperation
  parties: [PER, VNM]
  sources: [{publisher: p, title: t, date: not stated}]
- id: per-vnm-9998-far-future
  date: 9998-06-01
  title: an act dated in 9998
  summary: A record at the edge of the range.
  kind: agreement-signed
  parties: [PER, VNM]
  sources: [{publisher: p, title: t, date: not stated}]
"""


@pytest.mark.parametrize(
    "argv",
    [
        ("on", "12-31", "--year", "9998"),
        ("anniversaries", "9998"),
        ("anniversaries", "9960"),
        ("upcoming", "--from", "9998-12-01", "--days", "31"),
        ("show", "per-vnm-1998-long-span", "--year", "9998"),
        ("show", "per-vnm-1998-fifty-years", "--year", "9960"),
        ("export", "ics", "--years", "9990:9998"),
        ("export", "ics", "--series"),
        ("export", "ics", "--series", "--milestones"),
        ("list", "--json"),
    ],
)
def test_records_whose_spans_run_past_the_supported_years_never_crash(collection_dir, argv):
    folder = collection_dir(FAR_SPANS)
    result = run_cli("--events", str(folder), *argv)
    assert "internal error" not in result.err
    if "--milestones" in argv:  # none of these is a celebrated act with a round number
        assert result.code == 1 and "no events matched" in result.err
    else:
        assert result.code == 0, result.err


@pytest.mark.parametrize("years", ["0:5", "9999", "1:9999", "0"])
def test_export_years_outside_the_range_name_the_range(years):
    result = run_cli("export", "ics", "--years", years)
    assert_refused(result.code, result.err, 2, "supported years 1 to 9998")
