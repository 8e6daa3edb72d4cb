"""Real calendar software reads what dipltime writes: khal (a terminal calendar) and a Radicale
CalDAV server, both run here for real. khal runs with TZ set west of UTC."""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dipltime.core import occurrence
from dipltime.loading import load_collection
from helpers import EVENTS, LEAP_DAY_RECORD, run_process

BIN = Path(sys.executable).parent
WEST = "America/Lima"  # UTC−5: a midnight date-time would slip to the day before here


# --- khal ----------------------------------------------------------------------------------------


class Khal:
    """A throwaway khal: its own config, its own vdir, its own data folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.config = root / "config"
        (root / "cal").mkdir(parents=True)
        self.config.write_text(
            textwrap.dedent(f"""\
            [calendars]
            [[anniv]]
            path = {root / "cal"}
            [locale]
            timeformat = %H:%M
            dateformat = %Y-%m-%d
            longdateformat = %Y-%m-%d
            datetimeformat = %Y-%m-%d %H:%M
            longdatetimeformat = %Y-%m-%d %H:%M
            [default]
            default_calendar = anniv
            """)
        )

    def run(self, *argv: str) -> str:
        env = {
            "PATH": os.environ.get("PATH", ""),
            "TZ": WEST,
            "HOME": str(self.root),
            "XDG_DATA_HOME": str(self.root / "data"),
            "XDG_CONFIG_HOME": str(self.root),
        }
        result = subprocess.run(
            [str(BIN / "khal"), "-c", str(self.config), *argv],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def import_file(self, path: Path) -> None:
        self.run("import", "--batch", "-a", "anniv", str(path))

    def titles_on(self, day: str) -> list[str]:
        out = self.run("list", "--format", "{start-date}|{title}", "--day-format", "", day, "1d")
        return [line.split("|", 1)[1] for line in out.splitlines() if "|" in line]

    def events_between(self, first: str, last: str) -> set[tuple[str, str]]:
        out = self.run("list", "--format", "{start-date}|{title}", "--day-format", "", first, last)
        return {tuple(line.split("|", 1)) for line in out.splitlines() if "|" in line}


def _export(tmp_path: Path, name: str, *argv: str) -> Path:
    target = tmp_path / name
    result = run_process("export", "ics", *argv, "-o", str(target))
    assert result.returncode == 0, result.stderr
    return target


def test_khal_shows_the_32nd_anniversary_of_relations_with_viet_nam_on_14_november_2026(tmp_path):
    khal = Khal(tmp_path / "khal")
    khal.import_file(_export(tmp_path, "decade.ics", "--years", "2026:2035"))
    on_the_day = khal.titles_on("2026-11-14")
    assert "32nd anniversary of Peru–Viet Nam diplomatic relations (1994)" in on_the_day
    assert "32nd anniversary of Peru–Viet Nam diplomatic relations (1994)" not in khal.titles_on(
        "2026-11-15"
    )
    assert "32nd anniversary of Peru–Viet Nam diplomatic relations (1994)" not in khal.titles_on(
        "2026-11-13"
    )
    visit = "2nd anniversary of the official visit to Peru of Vietnamese State President Lương Cường (2024)"
    for day, expected in (
        ("2026-11-11", False),
        ("2026-11-12", True),
        ("2026-11-13", True),
        ("2026-11-14", True),
        ("2026-11-15", False),
    ):
        assert (visit in khal.titles_on(day)) is expected, day
    milestone = "★ 40th anniversary of Peru–Viet Nam diplomatic relations (1994) — ruby jubilee"
    assert milestone in khal.titles_on("2034-11-14")


def test_khal_expands_the_series_to_the_core_days_up_to_2037(tmp_path):
    """khal stops expanding yearly rules after 2037; recurring-ical-events covers later years."""
    khal = Khal(tmp_path / "khal")
    khal.import_file(_export(tmp_path, "series.ics", "--series"))
    shown = khal.events_between("2026-01-01", "2037-12-31")
    collection = load_collection(EVENTS)
    expected = set()
    for event in collection.events:
        if event.date.precision.value != "day":
            continue
        for year in range(2026, 2038):
            occ = occurrence(event, year)
            assert occ.observed is not None
            title = f"Anniversary of {event.title} ({event.date.year})"
            first = occ.observed
            last = occ.observed_end or first
            day = first
            while day <= last:  # khal lists a multi-day event on each of its days
                if day.year <= 2037:
                    expected.add((first.isoformat(), title))
                day = day.fromordinal(day.toordinal() + 1)
    assert shown == expected


@pytest.mark.parametrize(
    ("rule", "common", "leap"),
    [("feb28", "2027-02-28", "2028-02-29"), ("mar1", "2027-03-01", "2028-02-29")],
)
def test_khal_puts_29_february_where_the_core_does(tmp_path, collection_dir, rule, common, leap):
    folder = collection_dir(LEAP_DAY_RECORD)
    for mode in ("--series", "--years=2026:2030"):
        target = tmp_path / f"leap{mode}.ics"
        result = run_process(
            "--events", str(folder), "--feb29", rule, "export", "ics", mode, "-o", str(target)
        )
        assert result.returncode == 0, result.stderr
        khal = Khal(tmp_path / f"khal{mode}")
        khal.import_file(target)
        found = khal.events_between("2027-02-27", "2028-03-02")
        assert sorted(day for day, _ in found) == [common, leap], mode


# --- Radicale ----------------------------------------------------------------------------------------

USER, PASSWORD = "alice", "correct horse battery staple"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[str]:
    """A real Radicale on 127.0.0.1, its own storage, real (htpasswd) logins; yields a calendar URL."""
    port = _free_port()
    users = tmp_path / "users"
    users.write_text(f"{USER}:{PASSWORD}\n")
    log = (tmp_path / "radicale.log").open("wb")  # a file, not a pipe nobody reads: no stall
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--config",
            "",
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--storage-filesystem-folder",
            str(tmp_path / "storage"),
            "--auth-type",
            "htpasswd",
            "--auth-htpasswd-filename",
            str(users),
            "--auth-htpasswd-encryption",
            "plain",
            "--rights-type",
            "owner_only",
        ],
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            assert server.poll() is None, (tmp_path / "radicale.log").read_text()
            assert time.monotonic() < deadline, "Radicale did not start"
            time.sleep(0.05)
        status, _ = _dav(port, "MKCALENDAR", f"/{USER}/anniversaries/")
        assert status == 201
        yield f"http://127.0.0.1:{port}/{USER}/anniversaries/"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _dav(
    port: int,
    method: str,
    path: str,
    body: str = "",
    headers: dict[str, str] | None = None,
    password: str = PASSWORD,
) -> tuple[int, str]:
    import base64

    token = base64.b64encode(f"{USER}:{password}".encode()).decode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(
        method,
        path,
        body=body.encode(),
        headers={"Authorization": f"Basic {token}", **(headers or {})},
    )
    response = conn.getresponse()
    data = response.read().decode()
    conn.close()
    return response.status, data


def _port(url: str) -> int:
    return int(url.split(":")[2].split("/")[0])


def _names(url: str) -> set[str]:
    status, data = _dav(
        _port(url),
        "PROPFIND",
        url.split(str(_port(url)))[1],
        '<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>',
        {"Depth": "1"},
    )
    assert status == 207
    import re

    return {n for n in re.findall(r"/([^/<]+\.ics)</", data)}


def _events_on(url: str, day: str) -> str:
    start = day.replace("-", "")
    stop = str(int(start) + 1)
    query = textwrap.dedent(f"""\
        <c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
          <d:prop><c:calendar-data/></d:prop>
          <c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">
            <c:time-range start="{start}T000000Z" end="{stop}T000000Z"/>
          </c:comp-filter></c:comp-filter></c:filter>
        </c:calendar-query>""")
    status, data = _dav(
        _port(url),
        "REPORT",
        url.split(str(_port(url)))[1],
        query,
        {"Depth": "1", "Content-Type": "application/xml"},
    )
    assert status == 207
    return data.replace("\r\n ", "").replace("\n ", "")


def _publish(
    url: str, *argv: str, events: Path | None = None, password: str = PASSWORD
) -> subprocess.CompletedProcess[str]:
    env = {"DIPLTIME_CALDAV_USER": USER, "DIPLTIME_CALDAV_PASSWORD": password}
    extra = ["--events", str(events)] if events else []
    result = run_process(*extra, "publish", "--caldav", url, *argv, env=env)
    assert password not in result.stdout + result.stderr
    return result


def test_publishing_to_radicale_is_idempotent_and_reversible(radicale, tmp_path):
    port = _port(radicale)
    path = radicale.split(str(port))[1]
    foreign = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//someone//EN\r\nBEGIN:VEVENT\r\n"
        "UID:lunch@example.org\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART;VALUE=DATE:20261114\r\nSUMMARY:Lunch\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert (
        _dav(port, "PUT", path + "lunch.ics", foreign, {"Content-Type": "text/calendar"})[0] == 201
    )
    events = tmp_path / "events"
    shutil.copytree(EVENTS, events)

    first = _publish(radicale, "--years", "2026:2035", "--party", "VNM", events=events)
    assert first.returncode == 0, first.stderr
    assert "50 created, 0 updated, 0 deleted, 0 unchanged" in first.stderr
    assert len(_names(radicale)) == 51
    day = _events_on(radicale, "2026-11-14")
    assert "SUMMARY:32nd anniversary of Peru–Viet Nam diplomatic relations (1994)" in day
    assert "SUMMARY:Lunch" in day

    again = _publish(radicale, "--years", "2026:2035", "--party", "VNM", events=events)
    assert "0 created, 0 updated, 0 deleted, 50 unchanged" in again.stderr
    assert len(_names(radicale)) == 51

    vnm = events / "vnm.yaml"
    vnm.write_text(
        vnm.read_text(encoding="utf-8").replace(
            "  title: Peru–Viet Nam diplomatic relations", "  title: Peru–Viet Nam diplomatic ties"
        ),
        encoding="utf-8",
    )
    edited = _publish(radicale, "--years", "2026:2035", "--party", "VNM", events=events)
    assert "0 created, 10 updated, 0 deleted, 40 unchanged" in edited.stderr
    assert "32nd anniversary of Peru–Viet Nam diplomatic ties" in _events_on(radicale, "2026-11-14")
    assert len(_names(radicale)) == 51

    text = vnm.read_text(encoding="utf-8")
    start = text.index("- id: vnm-2016-11-18-cultural-cooperation-agreement")
    end = text.index("- id: vnm-2024-10-03-political-consultation")
    vnm.write_text(text[:start] + text[end:], encoding="utf-8")
    removed = _publish(radicale, "--years", "2026:2035", "--party", "VNM", events=events)
    assert "0 created, 0 updated, 10 deleted, 40 unchanged" in removed.stderr
    assert "cultural cooperation" not in _events_on(radicale, "2026-11-18")
    assert "lunch.ics" in _names(radicale)

    other = _publish(
        radicale, "--years", "2026:2026", "--party", "KOR", "--publication", "korea", events=events
    )
    assert "2 created" in other.stderr
    emptied = _publish(
        radicale, "--years", "2026:2035", "--party", "VNM", "--text", "no such words", events=events
    )
    assert "40 deleted" in emptied.stderr
    assert sorted(_names(radicale)) == [
        "dipltime_korea_kor-1963-04-01-relations-2026.ics",
        "dipltime_korea_kor-2013-09-26-foreign-ministers-meeting-2026.ics",
        "lunch.ics",
    ]


def test_a_wrong_password_fails_cleanly(radicale):
    result = _publish(radicale, "--years", "2026:2026", password="wrong password")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "refused the login for user 'alice' (HTTP 401)" in result.stderr
    assert "Traceback" not in result.stderr
    assert _names(radicale) == set()


def test_an_unreachable_server_and_a_missing_calendar_fail_cleanly(radicale):
    closed = f"http://127.0.0.1:{_free_port()}/alice/anniversaries/"
    result = _publish(closed, "--years", "2026:2026")
    assert result.returncode == 1 and "cannot reach the calendar server" in result.stderr
    missing = radicale.replace("anniversaries", "nothing-here")
    result = _publish(missing, "--years", "2026:2026")
    assert result.returncode == 1 and "there is no calendar at" in result.stderr


def test_credentials_never_come_from_or_go_to_the_command_line(radicale, tmp_path):
    with_login = radicale.replace("http://", f"http://{USER}:{PASSWORD}@")
    result = run_process("publish", "--caldav", with_login, "--years", "2026:2026")
    assert result.returncode == 2
    assert PASSWORD not in result.stdout + result.stderr
    secret = tmp_path / "password"
    secret.write_text(PASSWORD + "\n")
    result = run_process(
        "publish",
        "--caldav",
        radicale,
        "--user",
        USER,
        "--password-file",
        str(secret),
        "--years",
        "2026:2026",
        "--party",
        "MEX",
    )
    assert result.returncode == 0, result.stderr
    assert PASSWORD not in result.stdout + result.stderr
    nothing = run_process("publish", "--caldav", radicale, "--user", USER, "--years", "2026")
    assert nothing.returncode == 2 and "no password for 'alice'" in nothing.stderr


def test_a_percent_encoded_calendar_url_is_kept_as_written(radicale):
    """Nextcloud URLs carry escapes such as user%40example.org: never encode them twice."""
    port = _port(radicale)
    status, _ = _dav(port, "MKCALENDAR", f"/{USER}/desk%40lima/")
    assert status == 201
    url = f"http://127.0.0.1:{port}/{USER}/desk%40lima/"
    first = _publish(url, "--years", "2026:2026", "--party", "MEX")
    assert first.returncode == 0, first.stderr
    assert "2 created" in first.stderr
    again = _publish(url, "--years", "2026:2026", "--party", "MEX")
    assert "0 created, 0 updated, 0 deleted, 2 unchanged" in again.stderr
