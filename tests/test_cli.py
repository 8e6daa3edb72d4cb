"""The command line: answers, exit codes, stdout versus stderr, the JSON shape."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dipltime.cli.main import build_parser
from dipltime.domain.dates import parse_day
from dipltime.errors import UsageError
from helpers import EVENTS, LEAP_DAY_RECORD, ROOT, day, run_cli, run_process

OCCURRENCE_KEYS = [
    "id",
    "date",
    "end",
    "precision",
    "edtf",
    "date_basis",
    "approximate",
    "title",
    "titles",
    "kind",
    "parties",
    "roles",
    "certainty",
    "tags",
    "year",
    "anniversary",
    "observed",
    "observed_end",
    "milestone",
    "jubilee",
    "not_a_milestone",
]
EVENT_KEYS = OCCURRENCE_KEYS[:14]


# --- on ----------------------------------------------------------------------------------


def test_on_11_14_in_2024_shows_the_30th_anniversary_of_relations_with_viet_nam():
    result = run_cli("on", "11-14", "--year", "2024")
    assert result.code == 0 and result.err == ""
    assert (
        "★ 30th anniversary of the establishment of Peru–Viet Nam diplomatic relations"
        in result.out
    )
    assert "14 Nov 1994" in result.out
    assert "\x1b[" not in result.out  # not a terminal: no colour


@pytest.mark.parametrize(
    "spelling", ["11-14", "14 Nov", "November 14", "Nov 14th", "14 november", "2024-11-14"]
)
def test_on_accepts_the_day_names_people_type(spelling):
    result = run_cli("on", spelling, "--year", "2024", "--json")
    found = {o["id"]: o["anniversary"] for o in json.loads(result.out)}
    assert found["vnm-1994-11-14-relations"] == 30


def test_on_today_uses_dipltime_today():
    result = run_cli("on", "today", "--json", today="2034-11-14")
    (relations,) = [o for o in json.loads(result.out) if o["id"] == "vnm-1994-11-14-relations"]
    assert relations["anniversary"] == 40 and relations["year"] == 2034


def test_on_defaults_to_this_year():
    result = run_cli("on", "11-14", "--json", today="2029-01-01")
    assert {o["year"] for o in json.loads(result.out)} == {2029}


@pytest.mark.parametrize(
    ("day", "hint"),
    [
        ("4/11", "ambiguous"),
        ("13-01", "not a day"),
        ("02-30", "not a day"),
        ("someday", "not a day"),
        ("14 Nov 1994", "--year says"),
    ],
)
def test_on_refuses_what_it_cannot_read_with_exit_2(day, hint):
    result = run_cli("on", day, "--year", "2024")
    assert result.code == 2
    assert result.out == ""
    assert hint in result.err and "hint:" in result.err


def test_on_a_month_lists_month_precise_events_too():
    result = run_cli("on", "11", "--year", "2026", "--json")
    found = [o["id"] for o in json.loads(result.out)]
    assert found[0] == "apec-2024-11-leaders-week-lima"
    assert "vnm-1994-11-14-relations" in found and "mex-1832-11-16-relations" in found


def test_on_29_february_in_a_common_year_says_so():
    result = run_cli("on", "02-29", "--year", "2025")
    assert result.code == 0
    assert "29 February (2025 has none: observed on 28 February): no events." in result.out


def test_nothing_found_is_a_short_message_and_exit_0():
    result = run_cli("on", "01-01", "--year", "2026")
    assert (result.code, result.out, result.err) == (0, "1 January 2026: no events.\n", "")


def test_milestones_only():
    result = run_cli("on", "11-14", "--year", "2025", "--milestones", "--json")
    assert json.loads(result.out) == []
    result = run_cli("on", "11-14", "--year", "2044", "--milestones", "--json")
    found = {o["id"]: o["jubilee"] for o in json.loads(result.out)}
    # The visit's 20th is round, but an official visit is not a celebrated kind.
    assert found == {"vnm-1994-11-14-relations": "golden jubilee"}


def test_the_milestone_step_and_the_29_february_rule_are_global_options():
    result = run_cli("--milestone-every", "10", "on", "11-14", "--year", "2019", "--json")
    assert not json.loads(result.out)[0]["milestone"]  # 25th, not a multiple of 10
    assert run_cli("--feb29", "mar1", "on", "11-14").code == 0


# --- list and filters ---------------------------------------------------------------------


def test_list_is_chronological_from_1824_to_2025():
    events = json.loads(run_cli("list", "--json").out)
    assert len(events) == 94
    assert events[0]["id"] == "usa-1824-first-consul"
    assert events[-1]["id"] == "asean-2025-06-04-schialer-kao-kim-hourn-meeting"
    assert all(list(e) == EVENT_KEYS for e in events)


def test_list_json_keeps_dates_as_written():
    events = {e["id"]: e for e in json.loads(run_cli("list", "--json").out)}
    assert events["usa-1824-first-consul"]["date"] == "1824"
    assert events["usa-1826-recognition"]["date"] == "1826-05-02"
    assert events["chn-1971-relations"]["edtf"] == "1971?"
    assert events["kor-2012-09-strategic-partnership"]["date"] == "2012-09"
    assert events["vnm-1994-11-14-relations"]["date"] == "1994-11-14"
    assert events["vnm-2024-11-state-president-official-visit"]["end"] == "2024-11-14"


@pytest.mark.parametrize("party", ["VNM", "Viet Nam", "Vietnam", "Việt Nam", "viet nam"])
def test_what_happened_with_viet_nam_in_2024(party):
    result = run_cli("list", "--party", party, "--since", "2024", "--until", "2024", "--json")
    assert [e["id"] for e in json.loads(result.out)] == [
        "vnm-2024-10-03-political-consultation",
        "vnm-2024-11-state-president-official-visit",
        "vnm-2024-11-13-joint-declaration",
    ]


def test_an_unknown_party_is_a_usage_error():
    result = run_cli("list", "--party", "Narnia")
    assert result.code == 2 and result.out == ""
    assert "no party is called 'Narnia'" in result.err


def test_text_search_is_accent_insensitive():
    result = run_cli("list", "--text", "luong cuong", "--json")
    assert [e["id"] for e in json.loads(result.out)] == [
        "vnm-2024-11-state-president-official-visit",
        "vnm-2024-11-13-joint-declaration",
    ]


def test_filters_combine_with_kind_and_tag():
    result = run_cli("list", "--kind", "embassy-closed", "--kind", "embassy-opened", "--json")
    assert len(json.loads(result.out)) == 5
    result = run_cli("list", "--tag", "first", "--party", "USA", "--json")
    assert [e["id"] for e in json.loads(result.out)] == [
        "usa-1824-first-consul",
        "usa-1846-first-minister-plenipotentiary",
    ]


def test_a_bad_filter_value_is_a_usage_error():
    for argv in (
        ["list", "--since", "1990-13"],
        ["list", "--kind", "party"],
        ["upcoming", "--days", "0"],
        ["anniversaries", "MMXXVI"],
    ):
        result = run_cli(*argv)
        assert result.code == 2, argv
        assert result.out == "" and "Traceback" not in result.err


# --- upcoming and anniversaries ----------------------------------------------------------------


def test_upcoming_defaults_to_thirty_days_from_today():
    result = run_cli("upcoming", "--json", today="2026-11-01")
    found = [(o["id"], o["observed"], o["anniversary"]) for o in json.loads(result.out)]
    assert found == [
        ("usa-2023-11-03-conference-attended", "2026-11-03", 3),
        ("usa-2011-11-10-conference-attended", "2026-11-10", 15),
        ("usa-2023-11-12-conference-attended", "2026-11-12", 3),
        ("vnm-2024-11-state-president-official-visit", "2026-11-12", 2),
        ("vnm-2024-11-13-joint-declaration", "2026-11-13", 2),
        ("vnm-1994-11-14-relations", "2026-11-14", 32),
        ("usa-2024-11-14-ministerial-visit", "2026-11-14", 2),
        ("usa-2024-11-15-working-visit", "2026-11-15", 2),
        ("mex-1832-11-16-relations", "2026-11-16", 194),
        ("mex-1832-11-16-treaties-signed", "2026-11-16", 194),
        ("usa-2016-11-16-conference-attended", "2026-11-16", 10),
        ("vnm-2016-11-18-cultural-cooperation-agreement", "2026-11-18", 10),
        ("usa-2016-11-18-conference-attended", "2026-11-18", 10),
        ("usa-2008-11-21-conference-attended", "2026-11-21", 18),
        ("usa-2008-11-21-ministerial-visit", "2026-11-21", 18),
    ]


def test_upcoming_across_the_turn_of_the_year():
    result = run_cli("upcoming", "--from", "2026-12-01", "--days", "90", "--json")
    found = [(o["id"], o["observed"]) for o in json.loads(result.out)]
    assert found == [
        ("usa-1928-12-05-working-visit", "2026-12-05"),
        ("usa-1938-12-07-conference-attended", "2026-12-07"),
        ("usa-1994-12-09-conference-attended", "2026-12-09"),
        ("usa-2014-12-11-conference-attended", "2026-12-11"),
        ("usa-2007-12-13-working-visit", "2026-12-13"),
        ("usa-1934-01-09-ministerial-visit", "2027-01-09"),
        ("asean-2024-01-29-development-partner", "2027-01-29"),
        ("usa-1997-02-03-working-visit", "2027-02-03"),
        ("usa-1999-02-04-working-visit", "2027-02-04"),
        ("usa-2018-02-05-ministerial-visit", "2027-02-05"),
        ("usa-1976-02-18-ministerial-visit", "2027-02-18"),
        ("usa-2017-02-24-working-visit", "2027-02-24"),
        ("usa-1992-02-26-conference-attended", "2027-02-26"),
    ]
    text = run_cli("upcoming", "--from", "2026-12-01", "--days", "90").out
    assert (
        "Fri 29 Jan 2027" in text
        and "3rd anniversary of the granting of ASEAN Development Partner status" in text
    )


def test_anniversaries_2026_milestones_include_the_bicentenary_of_us_recognition():
    result = run_cli("anniversaries", "2026", "--milestones")
    assert result.code == 0
    assert "★ 200th anniversary of United States recognition of Peru — bicentenary" in result.out
    found = json.loads(run_cli("anniversaries", "2026", "--milestones", "--json").out)
    assert all(list(o) == OCCURRENCE_KEYS for o in found)
    bicentenary = next(o for o in found if o["id"] == "usa-1826-recognition")
    assert bicentenary["observed"] == "2026-05-02" and bicentenary["jubilee"] == "bicentenary"


def test_anniversaries_list_the_years_own_events_without_a_number():
    found = json.loads(run_cli("anniversaries", "2024", "--party", "VNM", "--json").out)
    numbers = {o["id"]: o["anniversary"] for o in found}
    assert numbers["vnm-2024-11-13-joint-declaration"] is None
    assert numbers["vnm-1994-11-14-relations"] == 30


# --- show, parties, validate ----------------------------------------------------------------


def test_show_gives_every_field_and_how_the_date_was_obtained():
    result = run_cli("show", "vnm-2024-11-13-joint-declaration", "--year", "2034")
    assert result.code == 0
    for text in (
        "13 Nov 2024",
        "inferred",
        "on Wednesday",
        "joint declaration",
        "Peru (PER)",
        "Viet Nam (VNM)",
        "Sources:",
        "003_2b0995dabadbd2d5.txt",
        "10th in 2034",
        "events/vnm.yaml:",
    ):
        assert text in result.out, text


def test_show_json_has_the_sources():
    data = json.loads(run_cli("show", "kor-1963-04-01-relations", "--json").out)
    assert [s["document"] for s in data["sources"]] == [
        "002_6ca1a91e3ac8c8ab.txt",
        "001_fcfd881d551002b8.txt",
    ]
    assert data["date_note"] is None and data["precision"] == "day"


def test_show_an_unknown_id_exits_1_with_a_suggestion():
    result = run_cli("show", "relations")
    assert result.code == 1 and result.out == ""
    assert "did you mean" in result.err


def test_parties_lists_codes_and_aliases():
    result = run_cli("parties")
    assert "VNM     Viet Nam  (Vietnam, Việt Nam, Socialist Republic of Viet Nam)" in result.out
    assert {p["code"] for p in json.loads(run_cli("parties", "--json").out)} >= {"PER", "VNM"}


def test_validate_passes_on_the_bundled_events():
    result = run_cli("validate")
    assert result.code == 0 and result.err == ""
    assert "94 events in 10 files, 13 parties: all valid" in result.out


def test_every_command_reads_invalid_data_as_exit_1(collection_dir):
    folder = collection_dir("- id: broken\n  date: 2023-02-30\n")
    for argv in (
        ["on", "11-14"],
        ["list"],
        ["upcoming"],
        ["anniversaries", "2026"],
        ["show", "broken"],
        ["parties"],
        ["validate"],
    ):
        result = run_cli("--events", str(folder), *argv)
        assert result.code == 1, argv
        assert result.out == ""
        assert "records.yaml:2: broken: date: '2023-02-30'" in result.err


def test_the_events_folder_can_come_from_the_environment(collection_dir):
    folder = collection_dir(LEAP_DAY_RECORD)
    result = run_cli("on", "02-28", "--year", "2025", env={"DIPLTIME_EVENTS": str(folder)})
    assert (
        "★ 25th anniversary of a leap-day treaty (29 Feb, observed 28 Feb) — silver jubilee"
        in result.out
    )


def test_a_bad_dipltime_today_is_a_usage_error():
    result = run_cli("on", "today", today="2026-13-01")
    assert result.code == 2 and "DIPLTIME_TODAY" in result.err


def _commands(parser, prefix=""):
    """Every runnable command, nested ones (``export ics``) included."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if any(isinstance(a, argparse._SubParsersAction) for a in sub._actions):
                    yield from _commands(sub, f"{prefix}{name} ")
                else:
                    yield f"{prefix}{name}", sub


def test_every_command_has_help_with_an_example():
    found = dict(_commands(build_parser()))
    assert set(found) == {
        "on",
        "list",
        "upcoming",
        "anniversaries",
        "show",
        "parties",
        "validate",
        "export ics",
        "export manifest",
        "export site",
        "export timelinejs",
        "publish",
        "tui",
        "import hsg",
        "reconcile",
        "schema",
        "migrate",
        "completion",
        "init",
        "new",
        "fmt",
    }
    for name, sub in found.items():
        text = sub.format_help()
        assert "Example: dipltime" in text, name
        assert len(sub.description or "") > 20, name


def test_parse_day_keeps_what_was_not_given_open():
    assert parse_day("11-14", day("2026-01-01")) == (11, 14, None)
    assert parse_day("November", day("2026-01-01")) == (11, None, None)
    assert parse_day("11", day("2026-01-01")) == (11, None, None)
    assert parse_day("today", day("2026-03-05")) == (3, 5, None)
    with pytest.raises(UsageError):
        parse_day("4/11", day("2026-01-01"))


# --- the real command, in a subprocess ---------------------------------------------------------


def test_python_m_dipltime_splits_stdout_and_stderr(tmp_path):
    ok = run_process("on", "11-14", "--year", "2024", cwd=tmp_path)
    assert ok.returncode == 0 and ok.stderr == ""
    assert (
        "30th anniversary of the establishment of Peru–Viet Nam diplomatic relations" in ok.stdout
    )
    bad = run_process("on", "4/11", cwd=tmp_path)
    assert bad.returncode == 2 and bad.stdout == "" and "ambiguous" in bad.stderr
    usage = run_process("frobnicate", cwd=tmp_path)
    assert usage.returncode == 2 and "invalid choice" in usage.stderr


def test_no_colour_when_no_color_is_set_even_on_a_terminal():
    import io

    from dipltime.cli.main import main

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Tty()
    main(["on", "11-14", "--year", "2024"], environ={"DIPLTIME_TODAY": "2026-01-01"}, stdout=out)
    assert "\x1b[1;33m★" in out.getvalue()
    out = Tty()
    main(
        ["on", "11-14", "--year", "2024"],
        environ={"DIPLTIME_TODAY": "2026-01-01", "NO_COLOR": "1"},
        stdout=out,
    )
    assert "\x1b[" not in out.getvalue()


def test_json_output_is_byte_identical_across_runs(tmp_path):
    first = run_process("list", "--json", cwd=tmp_path).stdout
    second = run_process("list", "--json", cwd=tmp_path).stdout
    assert first == second and first.endswith("]\n")


def test_a_non_editable_install_carries_the_bundled_events(tmp_path):
    """Build the wheel, unpack it elsewhere, and answer from the events inside it."""
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = (tmp_path / "dist").glob("dipltime-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    shipped = {
        n.removeprefix("dipltime/_events/") for n in names if n.startswith("dipltime/_events/")
    }
    assert shipped == {p.name for p in EVENTS.glob("*.yaml")}
    # The manual page goes where `man dipltime` finds it beside the command.
    assert any(n.endswith(".data/data/share/man/man1/dipltime.1") for n in names)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from dipltime.cli.main import main; sys.exit(main())",
            "on",
            "11-14",
            "--year",
            "2024",
        ],
        cwd=elsewhere,
        env={
            "PYTHONPATH": str(tmp_path / "site"),
            "PATH": "/usr/bin:/bin",
            "DIPLTIME_TODAY": "2026-01-01",
            "PYTHONIOENCODING": "utf-8",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (
        "30th anniversary of the establishment of Peru–Viet Nam diplomatic relations"
        in result.stdout
    )
    assert (
        str(tmp_path / "site")
        in subprocess.run(
            [
                sys.executable,
                "-c",
                "import dipltime.store.loading as l; print(l.bundled_events_dir())",
            ],
            cwd=elsewhere,
            env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        ).stdout
    )


def test_readme_quick_start_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- quick-start -->")[1].split("<!-- /quick-start -->")[0]
    commands = [line for line in block.splitlines() if line and not line.startswith("```")]
    assert len(commands) == 2
    assert "dipltime on 11-14" in commands[0]
    assert "pytest" in commands[1]
    assert "quick-start" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _loaded_after(imports: str, watched: tuple[str, ...]) -> list[str]:
    """Which of ``watched`` a fresh interpreter has loaded after importing ``imports``."""
    code = f"import sys, {imports}; print(sorted(m for m in {watched!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    return json.loads(out.replace("'", '"'))


def test_the_command_line_imports_textual_only_for_the_browser():
    modules = (
        "dipltime.cli, dipltime.cli.main, dipltime.cli.parser, dipltime.cli.context, "
        "dipltime.cli.lookups, dipltime.cli.records, dipltime.cli.browser, dipltime.cli.calendars, "
        "dipltime.outputs.ics, dipltime.outputs.calendar_options, dipltime.outputs.exports, "
        "dipltime.outputs.caldav, dipltime.outputs.publication, dipltime.outputs.safeio, dipltime.outputs.streams, "
        "dipltime.domain.browse"
    )
    assert _loaded_after(modules, ("textual", "rich", "icalendar")) == []


def test_the_core_does_not_import_the_presentation_layers():
    modules = (
        "dipltime.domain.core, dipltime.store.loading, dipltime.store.records, dipltime.store.scanning, "
        "dipltime.outputs.render, dipltime.domain.browse"
    )
    watched = ("argparse", "textual", "rich", "click", "pydantic", "yaml", "dateutil")
    assert _loaded_after(modules, watched) == []


def test_without_a_command_it_prints_help_and_exits_0():
    result = run_cli()
    assert result.code == 0 and "usage: dipltime" in result.out and result.err == ""


def test_version():
    result = run_process("--version")
    assert result.returncode == 0 and result.stdout.startswith("dipltime ")


def test_a_listing_cut_short_by_its_reader_exits_quietly(collection_dir):
    records = "".join(
        f"- id: e{n}\n  date: {1900 + n % 100}-01-01\n  title: event number {n}\n"
        "  summary: s\n  kind: treaty-signed\n  parties: [PER, VNM]\n"
        "  sources: [{publisher: p, title: t, date: not stated}]\n"
        for n in range(3000)
    )
    folder = collection_dir(records)
    command = f"{sys.executable} -m dipltime --events {folder} list | head -1"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": "/usr/bin:/bin", "DIPLTIME_TODAY": "2026-01-01"},
    )
    assert result.stdout == "3000 events\n"
    assert result.stderr == ""
    assert result.returncode == 0


def test_the_browser_refuses_invalid_data_before_it_starts(collection_dir):
    folder = collection_dir("- id: broken\n  date: 2023-02-30\n")
    result = run_process("--events", str(folder), "tui")
    assert result.returncode == 1
    assert "records.yaml:2: broken: date: '2023-02-30'" in result.stderr
    assert result.stdout == ""


# --- the short parser ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["on", "11-14"],
        ["on", "11-14", "--year", "2024", "--party", "VNM", "--milestones", "--json"],
        ["--events", "x", "--feb29", "mar1", "upcoming", "--days", "60", "--from", "2026-01-01"],
        ["list", "--kind", "treaty-signed", "--since", "2000", "--text", "on"],
        ["anniversaries", "2026", "--milestones"],
        ["show", "some-id", "--json"],
        ["parties"],
        ["validate"],
        ["tui"],
        ["export", "ics", "--years", "2026:2030", "-o", "a.ics", "--alarm", "7d"],
        ["export", "manifest", "m.toml"],
        ["publish", "--caldav", "https://cal.example.org/", "--user", "me"],
        ["--events", "list", "on", "11-14"],  # the first command-like word is a folder
        ["--events", "on", "show", "on"],
    ],
)
def test_the_short_parser_of_one_command_agrees_with_the_full_one(argv):
    from dipltime.cli.main import _parse

    args, _ = _parse(argv)
    assert vars(args) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize("argv", [["on"], ["on", "11-14", "--bogus"], ["--events", "list", "on"]])
def test_the_short_parser_reports_what_the_full_one_reports(argv):
    from dipltime.cli.main import _parse

    with pytest.raises(UsageError) as short:
        _parse(argv)
    with pytest.raises(UsageError) as full:
        build_parser().parse_args(argv)
    assert short.value.message == full.value.message


def test_the_full_parser_lists_every_command_in_help_order_and_a_short_one_its_own():
    from dipltime.cli.main import COMMANDS

    (action,) = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert tuple(action.choices) == COMMANDS
    for command in COMMANDS:  # a short parser is never shown: it holds its command alone
        (short,) = [
            a
            for a in build_parser(only=command)._actions
            if isinstance(a, argparse._SubParsersAction)
        ]
        assert tuple(short.choices) == (command,)


def test_on_says_who_says_so_and_the_other_listings_when_asked():
    result = run_cli("on", "05-21", "--party", "USA", "--year", "2027")
    lines = result.out.split("\n")
    relations = next(i for i, line in enumerate(lines) if "diplomatic relations" in line)
    assert "200th anniversary of the establishment of Peru–United States" in lines[relations]
    assert "usa-1827-05-21-relations-established" in lines[relations + 1]
    assert lines[relations + 2].strip() == "according to Department of State (hsg-rdcr-peru)"
    assert "according to" not in run_cli("on", "05-21", "--no-sources").out
    assert "according to" not in run_cli("list", "--party", "USA").out
    listed = run_cli("list", "--party", "Viet Nam", "--sources").out
    assert "according to VNS (vns-per-vnm-joint-declaration-report" in listed


# --- at a terminal, and options in any place ------------------------------------------------


def run_in_terminal(*argv: str, columns: int, env: dict[str, str] | None = None) -> str:
    """The real command with its output on a pseudo-terminal ``columns`` wide."""
    import fcntl
    import os
    import pty
    import struct
    import termios

    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR")}
    environ.update({"DIPLTIME_TODAY": "2026-11-14", "TERM": "xterm", **(env or {})})
    process = subprocess.Popen(
        [sys.executable, "-m", "dipltime", *argv], stdout=secondary, stderr=secondary, env=environ
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: the command ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(main)
    return b"".join(chunks).decode().replace("\r\n", "\n")


@pytest.mark.parametrize(
    ("lang", "columns"), [("en", 40), ("en", 60), ("es", 60), ("es", 40), ("es", 20), ("en", 24)]
)
def test_a_listing_on_a_terminal_wraps_to_its_width_keeping_the_text_column(lang, columns):
    shown = run_in_terminal("--lang", lang, "on", "11-14", columns=columns, env={"NO_COLOR": "1"})
    lines = shown.rstrip("\n").split("\n")
    assert all(len(line) <= columns for line in lines), lines
    body = [line for line in lines[1:] if line.strip()]
    dates = [line for line in body if not line.startswith("   ")]  # the date column's lines
    indents = {len(line) - len(line.lstrip()) for line in body if line not in dates}
    assert len(indents) == 1  # one hanging indent for every line of text
    piped = run_cli("--lang", lang, "on", "11-14").out
    assert "".join(shown.split()) == "".join(piped.split())  # the same text, nothing lost
    assert max(len(line) for line in piped.split("\n")) > columns  # a pipe is not wrapped


def test_at_a_terminal_the_id_after_a_warning_is_dim_again():
    shown = run_in_terminal("on", "11-14", columns=200)
    line = next(line for line in shown.split("\n") if "date inferred" in line)
    assert "date inferred\x1b[0m\x1b[2m · vnm-2024-11-state-president-official-visit" in line


@pytest.mark.parametrize(
    "argv",
    [
        ("list", "--events", str(EVENTS), "--party", "Viet Nam"),
        ("--events", str(EVENTS), "list", "--party", "Viet Nam"),
    ],
)
def test_global_options_are_taken_before_or_after_the_command(argv):
    result = run_cli(*argv)
    assert result.code == 0 and "vnm-1994-11-14-relations" in result.out


def test_milestone_every_and_lang_after_the_command():
    every_ten = run_cli("on", "11-14", "--year", "2024", "--milestone-every", "10", "--json")
    [relations] = [o for o in json.loads(every_ten.out) if o["id"] == "vnm-1994-11-14-relations"]
    assert relations["anniversary"] == 30 and relations["milestone"] is True
    every_twenty = run_cli("on", "11-14", "--year", "2024", "--milestone-every", "20", "--json")
    [again] = [o for o in json.loads(every_twenty.out) if o["id"] == "vnm-1994-11-14-relations"]
    assert again["milestone"] is False
    spanish = run_cli("on", "11-14", "--lang", "es")
    assert "14 de noviembre de 2026" in spanish.out
    assert "14 November 2026" in run_cli("--lang", "es", "on", "11-14", "--lang", "en").out


@pytest.mark.parametrize(
    ("day", "month_day"),
    [("2/29", (2, 29)), ("14/11", (11, 14)), ("11/14", (11, 14)), ("4/4", (4, 4))],
)
def test_a_slash_date_that_reads_one_way_only_is_that_day(day, month_day):
    assert parse_day(day, dt_today())[:2] == month_day


def dt_today():  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.date(2026, 11, 14)


def test_a_slash_date_that_reads_both_ways_is_ambiguous_and_the_hint_gives_both():
    result = run_cli("on", "4/11")
    assert result.code == 2 and "ambiguous" in result.err
    assert "04-11" in result.err and "11-04" in result.err
    assert parse_day("14/11/1994", dt_today()) == (11, 14, 1994)
    assert parse_day("1994/11/14", dt_today()) == (11, 14, 1994)
    for nonsense in ("13/13", "2/30", "14/11/94"):
        refused = run_cli("on", nonsense)
        assert refused.code == 2 and "not a day of the calendar" in refused.err


def test_a_reversed_date_range_is_a_usage_error():
    result = run_cli("list", "--since", "2020", "--until", "2010")
    assert result.code == 2 and result.out == ""
    assert "--since 2020 is after --until 2010" in result.err and "swap" in result.err
    assert run_cli("list", "--since", "2020-05", "--until", "2020").code == 0  # they overlap


@pytest.mark.parametrize("command", [("list",), ("upcoming",), ("anniversaries", "2026")])
def test_an_unknown_tag_is_a_usage_error_that_names_the_near_ones(command):
    result = run_cli(*command, "--tag", "Trade")
    assert result.code == 2 and result.out == ""
    assert "no record is tagged 'Trade'" in result.err and "did you mean trade?" in result.err
    unknown = run_cli(*command, "--tag", "nonexistent")
    assert unknown.code == 2 and "the records' tags: apec" in unknown.err


def test_paths_are_shown_as_typed_from_the_root_folder(tmp_path):
    import shutil

    copy = tmp_path / "events"
    shutil.copytree(EVENTS, copy)
    result = run_process("--events", str(copy), "show", "vnm-1994-11-14-relations", cwd=Path("/"))
    assert f"recorded in {copy}/vnm.yaml:" in result.stdout
    checked = run_process("--events", str(copy), "validate", cwd=Path("/"))
    assert checked.stdout.startswith(f"{copy}: ")


def test_the_kinds_are_listed_in_the_help_of_a_listing():
    result = run_process("list", "--help", env={"COLUMNS": "80"})
    assert "relations-established" in result.stdout and "relations-\n" not in result.stdout


def test_the_manifest_help_promises_no_default_for_its_required_argument():
    result = run_process("export", "manifest", "--help", env={"COLUMNS": "100"})
    own = result.stdout.split("options of every command")[0]  # not --events' default
    assert "default" not in own.lower() and "MANIFEST" in own
    missing = run_process("export", "manifest")
    assert missing.returncode == 2 and "MANIFEST" in missing.stderr


def test_an_empty_no_color_leaves_colour_on_as_no_color_org_says():
    assert "\x1b[" in run_in_terminal("on", "11-14", columns=120, env={"NO_COLOR": ""})
    assert "\x1b[" not in run_in_terminal("on", "11-14", columns=120, env={"NO_COLOR": "1"})


@pytest.mark.parametrize(
    ("day", "hint"), [("11-31", "month 11 has 30 days"), ("13-01", "12 months")]
)
def test_a_day_that_does_not_exist_says_why(day, hint):
    result = run_cli("on", day)
    assert result.code == 2 and hint in result.err
