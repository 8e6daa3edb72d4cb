"""Safe output: concurrent writers never corrupt a file; data never reaches a terminal as
control sequences, whichever layer shows it."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from dipltime.domain.core import occurrence
from dipltime.domain.model import Collection, Party
from dipltime.outputs.detail import event_detail
from dipltime.outputs.render import PLAIN, events_text, occurrences_text
from helpers import TODAY, make_event

EVIL = "Peru\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eevil"


def test_two_exports_racing_for_one_file_leave_one_whole_file(tmp_path):
    target = tmp_path / "race.ics"
    env = {"DIPLTIME_TODAY": TODAY, "PATH": "/usr/bin:/bin"}

    def start(years: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "dipltime",
                "export",
                "ics",
                "--years",
                years,
                "--large",
                "-o",
                str(target),
            ],
            env=env,
        )

    expected = set()
    for years in ("2026:2035", "2030:2060"):
        result = subprocess.run(
            [sys.executable, "-m", "dipltime", "export", "ics", "--years", years, "--large"],
            env=env,
            capture_output=True,
            timeout=60,
            check=True,
        )
        expected.add(result.stdout)
    for _ in range(5):
        racers = [start("2026:2035"), start("2030:2060"), start("2026:2035"), start("2030:2060")]
        assert [p.wait(timeout=60) for p in racers] == [0, 0, 0, 0]
        assert target.read_bytes() in expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["race.ics"]


def _collection():
    event = make_event("evil", "1994-11-14", title=EVIL, summary=EVIL, places=(EVIL,))
    return event, Collection((event,), {"PER": Party("PER", EVIL), "VNM": Party("VNM", "VN")})


def _assert_inert(text: str) -> None:
    for char in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert char not in text
    assert "\\u001b" in text  # visibly there, as text


def test_the_cli_renderers_neutralise_control_sequences():
    event, collection = _collection()
    occ = occurrence(event, 2024)
    _assert_inert(events_text([event], collection.parties, PLAIN))
    _assert_inert(occurrences_text([occ], collection.parties, PLAIN))
    _assert_inert(occurrences_text([occ], collection.parties, PLAIN, lead="observed"))
    _assert_inert(event_detail(event, collection.parties, occ, PLAIN))


async def test_the_browser_neutralises_control_sequences():
    from dipltime.domain.core import Settings
    from dipltime.tui.app import DipltimeApp
    from dipltime.tui.tables import TimelineTable

    event, collection = _collection()
    app = DipltimeApp(collection, dt.date(2026, 11, 14), Settings())
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.query_one(TimelineTable)
        line = "".join(segment.text for segment in table.render_line(1))
        _assert_inert(line)
        _assert_inert(str(app.query_one("#detail-body").render()))
