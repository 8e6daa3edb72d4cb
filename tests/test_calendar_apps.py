"""Real calendar software reads what dipltime writes: khal and calcurse (terminal calendars),
libical (through a small C reader compiled here) and a Radicale CalDAV server, all run here for
real. khal runs with TZ set west of UTC; calcurse and libical west of UTC and in New Zealand.

khal and Radicale come with the test extra; calcurse, libical's headers and gcc are Debian
packages that .ci/run installs. Outside CI a missing one skips its tests; under CI=true it fails.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
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

from dipltime.domain.core import Settings, occurrence
from dipltime.domain.dates import Feb29
from dipltime.domain.model import Event
from dipltime.outputs.ics import instance_summary
from dipltime.store.loading import load_collection
from helpers import EVENTS, LEAP_DAY_RECORD, ROOT, run_process

BIN = Path(sys.executable).parent
WEST = "America/Lima"  # UTC−5: a midnight date-time would slip to the day before here
EAST = "Pacific/Auckland"  # UTC+12/+13, with daylight saving: the other side of the date line
ZONES = [WEST, EAST]
COLLECTION = load_collection(EVENTS)
DAY_PRECISE = [e for e in COLLECTION.events if e.date.precision.value == "day" and not e.bound]
"""The records with a day to fall on ("before 4 June 2025" is a bound, not a day)."""
DEBIAN = "apt-get install calcurse libical-dev gcc pkg-config"


def _tool(name: str) -> str:
    """The path of a consumer's program; skipped when missing, except under CI=true."""
    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed ({DEBIAN})"
        if os.environ.get("CI") == "true":
            pytest.fail(message + ": .ci/run installs it")
        pytest.skip(message)
    return found


def _days_of(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    while first <= last:
        yield first
        first += dt.timedelta(days=1)


def _core(
    events: list[Event], first: int, last: int, settings: Settings | None = None
) -> set[tuple[str, dt.date, dt.date]]:
    """(record id, first day, last day) of every anniversary from ``first`` to ``last``."""
    found = set()
    for event in events:
        for year in range(first, last + 1):
            occ = occurrence(event, year, settings) if settings else occurrence(event, year)
            if occ.anniversary and occ.observed:
                found.add((event.id, occ.observed, occ.observed_end or occ.observed))
    return found


def _record(uid: str) -> str:
    """The record id in a UID: ``{id}.{feed}@dipltime`` or ``{id}-{year}.{feed}@dipltime``."""
    local = uid.split("@")[0].rsplit(".", 1)[0]
    known = {e.id for e in COLLECTION.events} | {"per-vnm"}
    return local if local in known else local.rsplit("-", 1)[0]


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
    assert (
        "32nd anniversary of the establishment of Peru–Viet Nam diplomatic relations (1994)"
        in on_the_day
    )
    assert (
        "32nd anniversary of the establishment of Peru–Viet Nam diplomatic relations (1994)"
        not in khal.titles_on("2026-11-15")
    )
    assert (
        "32nd anniversary of the establishment of Peru–Viet Nam diplomatic relations (1994)"
        not in khal.titles_on("2026-11-13")
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
    milestone = "★ 40th anniversary of the establishment of Peru–Viet Nam diplomatic relations (1994) — ruby jubilee"
    assert milestone in khal.titles_on("2034-11-14")


def test_khal_expands_the_series_to_the_core_days_up_to_2037(tmp_path):
    """khal stops expanding yearly rules after 2037; recurring-ical-events covers later years."""
    khal = Khal(tmp_path / "khal")
    khal.import_file(_export(tmp_path, "series.ics", "--series"))
    shown = khal.events_between("2026-01-01", "2037-12-31")
    collection = load_collection(EVENTS)
    expected = set()
    for event in collection.events:
        if event.date.precision.value != "day" or event.bound:
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


# --- libical -------------------------------------------------------------------------------------

LIBICAL_READER = r"""
/* Reads an iCalendar file with libical (the library of Evolution and many others) and prints
   each occurrence of each VEVENT from FROM to UNTIL as "UID|first day|length in days":
   the days libical's own recurrence expansion gives, the length libical's own duration. */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct event { const char *uid; int days; };

static void print(icalcomponent *comp, struct icaltime_span *span, void *data) {
    struct event *ev = data;
    char day[16];
    struct tm tm;
    time_t start = span->start;
    (void)comp;
    gmtime_r(&start, &tm);
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    printf("%s|%s|%d\n", ev->uid, day, ev->days);
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: reader FILE FROM UNTIL\n"); return 2; }
    FILE *file = fopen(argv[1], "rb");
    if (!file) { perror(argv[1]); return 2; }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    char *text = calloc(size + 1, 1);
    if (fread(text, 1, size, file) != (size_t)size) { perror(argv[1]); return 2; }
    fclose(file);
    icalcomponent *cal = icalparser_parse_string(text);
    if (!cal) { fprintf(stderr, "libical: %s\n", icalerror_strerror(icalerrno)); return 1; }
    int errors = 0;
    for (icalcomponent *c = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); c;
         c = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
        for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
             p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
            fprintf(stderr, "%s: %s\n", icalcomponent_get_uid(c), icalproperty_get_xlicerror(p));
            errors++;
        }
        struct event ev = {icalcomponent_get_uid(c),
                           icaldurationtype_as_int(icalcomponent_get_duration(c)) / 86400};
        icalcomponent_foreach_recurrence(c, icaltime_from_string(argv[2]),
                                         icaltime_from_string(argv[3]), print, &ev);
    }
    icalcomponent_free(cal);
    free(text);
    return errors ? 3 : 0;
}
"""


@pytest.fixture(scope="session")
def libical(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reader above, compiled against the installed libical (Debian's libical-dev)."""
    gcc = _tool("gcc")
    folder = tmp_path_factory.mktemp("libical")
    (folder / "reader.c").write_text(LIBICAL_READER)
    flags = ["-lical"]
    if shutil.which("pkg-config"):
        found = subprocess.run(
            ["pkg-config", "--cflags", "--libs", "libical"], capture_output=True, text=True
        )
        flags = found.stdout.split() if found.returncode == 0 else flags
    built = subprocess.run(
        [gcc, "-O1", "-o", str(folder / "reader"), str(folder / "reader.c"), *flags],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if built.returncode != 0:
        message = f"cannot build the libical reader ({DEBIAN}): {built.stderr[-300:]}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return folder / "reader"


def _libical(
    reader: Path, path: Path, first: int, last: int, tz: str = WEST
) -> set[tuple[str, dt.date, dt.date]]:
    """(record id, first day, last day) of every occurrence libical finds from first to last."""
    result = subprocess.run(
        [str(reader), str(path), f"{first}0101", f"{last + 1}0101"],
        env={"TZ": tz},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found = set()
    for line in result.stdout.splitlines():
        uid, day, days = line.split("|")
        start = dt.date.fromisoformat(day)
        found.add((_record(uid), start, start + dt.timedelta(days=int(days) - 1)))
    return found


@pytest.mark.parametrize("tz", ZONES)
def test_libical_reads_the_series_as_the_core_to_2100(libical, tmp_path, tz):
    """Each event lasts its days (an event of 1833 lasted none) and recurs on the core's days."""
    series = _export(tmp_path, "series.ics", "--series")
    assert _libical(libical, series, 2026, 2100, tz) == _core(DAY_PRECISE, 2026, 2100)


@pytest.mark.parametrize("tz", ZONES)
def test_libical_reads_the_per_year_file_as_the_core(libical, tmp_path, tz):
    decade = _export(tmp_path, "decade.ics", "--years", "2026:2035")
    assert _libical(libical, decade, 2026, 2035, tz) == _core(DAY_PRECISE, 2026, 2035)


# --- calcurse ------------------------------------------------------------------------------------


class Calcurse:
    """A throwaway calcurse: its own data folder (-D), no user's files touched."""

    def __init__(self, root: Path, tz: str = WEST) -> None:
        self.program = _tool("calcurse")
        self.root = root
        self.tz = tz
        root.mkdir(parents=True)

    def run(self, *argv: str) -> str:
        env = {"PATH": os.environ.get("PATH", ""), "HOME": str(self.root), "TZ": self.tz}
        result = subprocess.run(
            [self.program, "-D", str(self.root), *argv],
            env={**env, "LANG": "C.UTF-8"},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def import_file(self, path: Path) -> None:
        report = self.run("-i", str(path))
        assert " 0 skipped" in report, report

    def shown(self, first: str, days: int) -> set[tuple[dt.date, str]]:
        """(day, title) of every event calcurse shows on each day from ``first``."""
        out = self.run(
            "--input-datefmt", "4", "--output-datefmt", "%Y-%m-%d",
            "-Q", "--from", first, "--days", str(days),
            "--format-event", "%m\\n", "--format-recur-event", "%m\\n",
            "--format-apt", "%m\\n", "--format-recur-apt", "%m\\n",
        )  # fmt: skip
        found, day = set(), None
        for line in out.splitlines():
            if len(line) == 11 and line.endswith(":") and line[4] == "-":
                day = dt.date.fromisoformat(line[:10])
            elif line.strip() and day is not None:
                found.add((day, line.strip()))
        return found


def _series_title(event: Event) -> str:
    return f"Anniversary of {event.title} ({event.date.year})"


@pytest.mark.parametrize("tz", ZONES)
def test_calcurse_reads_the_series_as_the_core_to_2100_multi_day_ones_on_their_first_day(
    tmp_path, tz
):
    """calcurse shows only the first day of a repeating event that lasts several days, as the
    README and the calendar's description say; every other day is the core's."""
    calcurse = Calcurse(tmp_path / "calcurse", tz)
    calcurse.import_file(_export(tmp_path, "series.ics", "--series"))
    shown = calcurse.shown("2026-01-01", (dt.date(2101, 1, 1) - dt.date(2026, 1, 1)).days)
    by_id = {e.id: e for e in DAY_PRECISE}
    expected = {(start, _series_title(by_id[i])) for i, start, _ in _core(DAY_PRECISE, 2026, 2100)}
    assert shown == expected
    assert any(last > start for _, start, last in _core(DAY_PRECISE, 2026, 2026))


@pytest.mark.parametrize("tz", ZONES)
def test_calcurse_shows_every_day_of_the_per_year_file(tmp_path, tz):
    calcurse = Calcurse(tmp_path / "calcurse", tz)
    calcurse.import_file(_export(tmp_path, "decade.ics", "--years", "2026:2035"))
    shown = calcurse.shown("2026-01-01", (dt.date(2036, 1, 1) - dt.date(2026, 1, 1)).days)
    expected = set()
    for event in DAY_PRECISE:
        for year in range(2026, 2036):
            occ = occurrence(event, year)
            assert occ.observed is not None
            for day in _days_of(occ.observed, occ.observed_end or occ.observed):
                expected.add((day, instance_summary(occ)))
    assert shown == expected


# --- 29 February, in every consumer -------------------------------------------------------------


@pytest.mark.parametrize("consumer", ["khal", "calcurse", "libical"])
@pytest.mark.parametrize("milestones", [False, True], ids=["yearly", "milestones"])
@pytest.mark.parametrize("rule", list(Feb29), ids=[r.value for r in Feb29])
def test_29_february_series_fall_where_the_core_puts_them(
    request, tmp_path, collection_dir, consumer, milestones, rule
):
    """Only the 28 February rule recurs (BYMONTHDAY=-1); the 1 March rule and milestones go in
    year by year for 2026–2045, so later years are checked only for the yearly 28 February rule.
    The record is of 2000: its 40th anniversary, a milestone, falls on 29 February 2040."""
    folder = collection_dir(LEAP_DAY_RECORD)
    target = tmp_path / "leap.ics"
    argv = ["--series", "--years", "2026:2045", *(["--milestones"] if milestones else [])]
    result = run_process(
        "--events", str(folder), "--feb29", rule.value, "export", "ics", *argv, "-o", str(target)
    )
    assert result.returncode == 0, result.stderr
    year_by_year = rule is Feb29.MAR1 or milestones
    assert ("series stops after 2045" in result.stderr) is year_by_year
    last = 2037 if consumer == "khal" else 2045 if year_by_year else 2060
    (event,) = load_collection(folder).events
    expected = {
        start
        for _, start, _ in _core([event], 2026, last, Settings(feb29=rule))
        if not milestones or (start.year - 2000) % 5 == 0
    }
    if consumer == "libical":
        found = {
            start
            for _, start, _ in _libical(request.getfixturevalue("libical"), target, 2026, last)
        }
    elif consumer == "calcurse":
        calcurse = Calcurse(tmp_path / "calcurse")
        calcurse.import_file(target)
        found = {
            day
            for day, _ in calcurse.shown(
                "2026-01-01", (dt.date(last + 1, 1, 1) - dt.date(2026, 1, 1)).days
            )
        }
    else:
        khal = Khal(tmp_path / "khal")
        khal.import_file(target)
        found = {
            dt.date.fromisoformat(day)
            for day, _ in khal.events_between("2026-01-01", f"{last}-12-31")
        }
    assert found == expected
    if last >= 2040 or not milestones:  # khal stops at 2037, before the leap-day milestone
        assert any(day.month == 2 and day.day == 29 for day in expected)


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
    assert (
        "SUMMARY;LANGUAGE=en:32nd anniversary of the establishment of Peru–Viet Nam diplomatic relations (1994)"
        in day
    )
    assert "SUMMARY:Lunch" in day

    again = _publish(radicale, "--years", "2026:2035", "--party", "VNM", events=events)
    assert "0 created, 0 updated, 0 deleted, 50 unchanged" in again.stderr
    assert len(_names(radicale)) == 51

    vnm = events / "vnm.yaml"
    vnm.write_text(
        vnm.read_text(encoding="utf-8").replace(
            "  title: the establishment of Peru–Viet Nam diplomatic relations",
            "  title: the establishment of Peru–Viet Nam diplomatic ties",
        ),
        encoding="utf-8",
    )
    edited = _publish(radicale, "--years", "2026:2035", "--party", "VNM", events=events)
    assert "0 created, 10 updated, 0 deleted, 40 unchanged" in edited.stderr
    assert "32nd anniversary of the establishment of Peru–Viet Nam diplomatic ties" in (
        _events_on(radicale, "2026-11-14")
    )
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
    assert "3 created" in first.stderr
    again = _publish(url, "--years", "2026:2026", "--party", "MEX")
    assert "0 created, 0 updated, 0 deleted, 3 unchanged" in again.stderr


def _resources(path: Path) -> dict[str, str]:
    """Each VEVENT of a calendar file as its own resource named after its UID, the way a
    CalDAV client (Thunderbird, DAVx⁵, vdirsyncer) imports a file into a calendar."""
    from icalendar import Calendar

    found = {}
    for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
        one = Calendar()
        one.add("prodid", "-//test import//EN")
        one.add("version", "2.0")
        one.add_component(event)
        name = hashlib.sha256(str(event["uid"]).encode()).hexdigest()[:32] + ".ics"
        found[name] = one.to_ical().decode()
    return found


def test_radicale_holds_two_committed_feeds_in_one_calendar_without_overwriting(radicale):
    """The milestones file and Viet Nam's file hold the same anniversaries: with UIDs of their
    own per feed, importing both into one calendar keeps both; a shared UID would not."""
    port = _port(radicale)
    path = radicale.split(str(port))[1]
    exports = ROOT / "exports"
    imported = 0
    for feed in (exports / "milestones-2026-2035.ics", exports / "partners" / "vnm.ics"):
        for name, body in _resources(feed).items():
            headers = {"Content-Type": "text/calendar", "If-None-Match": "*"}
            status, answer = _dav(port, "PUT", path + name, body, headers)
            assert status == 201, (feed.name, status, answer)
            imported += 1
    assert len(_names(radicale)) == imported == 100
    day = _events_on(radicale, "2034-11-14")
    title = "SUMMARY;LANGUAGE=en:★ 40th anniversary of the establishment of Peru–Viet Nam diplomatic relations (1994)"
    assert day.count(title) == 2
    assert "UID:vnm-1994-11-14-relations-2034.milestones-2026-2035@dipltime" in day
    assert "UID:vnm-1994-11-14-relations-2034.partners-vnm@dipltime" in day
    # What a shared UID would do: the second copy cannot be created beside the first.
    name, body = next(iter(_resources(exports / "partners" / "vnm.ics").items()))
    status, _ = _dav(port, "PUT", path + "copy-" + name, body, {"Content-Type": "text/calendar"})
    assert status in (409, 412), status
    assert len(_names(radicale)) == 100
