"""Test helpers that speak the domain: build events, read occurrences, run the command."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from dipltime.cli.main import main
from dipltime.domain.core import Occurrence
from dipltime.domain.dates import parse_partial_date
from dipltime.domain.model import Event, Kind, Source

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "events"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"
TODAY = "2026-11-23"  # a fixed "today" for every test that runs the command
AS_A_USER = (
    []
    if os.geteuid() != 0
    else ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]
    if shutil.which("setpriv")
    else None
)
"""How to run a command without root's power to read any file whatever its mode (a prefix
of the command line), or None where that cannot be done."""

SOURCE = Source(publisher="Test Ministry", title="A page", date="not stated")


def make_event(
    id: str,
    date: str,
    end: str | None = None,
    kind: Kind = Kind.RELATIONS_ESTABLISHED,
    parties: Iterable[str] = ("PER", "VNM"),
    title: str | None = None,
    **extra: object,
) -> Event:
    """An event built in the terms a record is written in (``"1994-11-14"``, ``"2012-09"``)."""
    return Event(
        id=id,
        date=parse_partial_date(date),
        end=parse_partial_date(end) if end else None,
        title=title or f"event {id}",
        summary=extra.pop("summary", "A summary."),  # type: ignore[arg-type]
        kind=kind,
        parties=tuple(parties),
        sources=(SOURCE,),
        **extra,  # type: ignore[arg-type]
    )


def ids(occurrences: Iterable[Occurrence | Event]) -> list[str]:
    return [o.event.id if isinstance(o, Occurrence) else o.id for o in occurrences]


def numbers(occurrences: Iterable[Occurrence]) -> dict[str, int | None]:
    """id → anniversary number."""
    return {o.event.id: o.anniversary for o in occurrences}


@dataclass
class Result:
    code: int
    out: str
    err: str


CACHE = tempfile.mkdtemp(prefix="dipltime-test-cache-")
"""One cache folder for every command the tests run, never the user's own."""


def run_cli(*argv: str, today: str = TODAY, env: dict[str, str] | None = None) -> Result:
    """Run ``dipltime`` in-process with a fixed today; capture stdout and stderr apart."""
    environ = {"DIPLTIME_TODAY": today, "DIPLTIME_CACHE": CACHE, **(env or {})}
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), environ=environ, stdout=out, stderr=err)
    return Result(code, out.getvalue(), err.getvalue())


def run_process(
    *argv: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run the real ``python -m dipltime`` in a subprocess (timeout only catches hangs)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DIPLTIME_")}
    environ.update(
        {
            "DIPLTIME_TODAY": TODAY,
            "DIPLTIME_CACHE": CACHE,
            "PYTHONIOENCODING": "utf-8",
            **(env or {}),
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "dipltime", *argv],
        cwd=cwd,
        env=environ,
        text=True,
        capture_output=True,
        timeout=timeout,
        check=False,
    )


LEAP_DAY_RECORD = """\
- id: per-vnm
  date: 2000-02-29
  title: a leap-day treaty
  summary: s
  kind: treaty-signed
  parties: [PER, VNM]
  sources: [{publisher: p, title: t, date: not stated}]
"""
"""One record of 29 February 2000, for the tests of its anniversaries."""

PARTIES_YAML = textwrap.dedent("""\
    - code: PER
      name: Peru
    - code: VNM
      name: Viet Nam
      aliases: [Vietnam, Việt Nam]
    - code: NER
      name: Niger
    - code: NGA
      name: Nigeria
    """)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# --- generated timelines (for the properties of narrowing and of the cache) ----------------

TRICKY_DAYS = ((2, 28), (2, 29), (3, 1), (12, 31), (1, 1), (11, 14), (6, 30))
"""Days where a lookup is easiest to get wrong: around 29 February and the turn of the year."""


def timeline_events():  # type: ignore[no-untyped-def]
    """A hypothesis strategy: up to 30 events of mixed precision, many on tricky days,
    some spanning days, months or more than a year."""
    from hypothesis import strategies as st

    @st.composite
    def one(draw):  # type: ignore[no-untyped-def]
        year = draw(st.integers(1880, 2030))
        precision = draw(st.sampled_from(["year", "month", "day", "day", "day"]))
        kind = draw(st.sampled_from(list(Kind)))
        parties = draw(
            st.lists(st.sampled_from(["PER", "VNM", "KOR", "USA"]), min_size=1, unique=True)
        )
        if precision == "year":
            return ("year", f"{year:04d}", None, kind, parties)
        if precision == "month":
            return ("month", f"{year:04d}-{draw(st.integers(1, 12)):02d}", None, kind, parties)
        month, number = draw(
            st.one_of(
                st.sampled_from(TRICKY_DAYS),
                st.tuples(st.integers(1, 12), st.integers(1, 28)),
            )
        )
        if (month, number) == (2, 29):
            year -= year % 4 if year % 100 else 4  # a leap year (1900 is not)
            if year % 100 == 0 and year % 400:
                year -= 4
        first = dt.date(year, month, number)
        length = draw(st.sampled_from([0, 0, 0, 1, 2, 3, 30, 370, 800]))
        end = first + dt.timedelta(days=length)
        return ("day", first.isoformat(), end.isoformat() if length else None, kind, parties)

    def build(drawn):  # type: ignore[no-untyped-def]
        return [
            make_event(f"e{number}", date, end=end, kind=kind, parties=parties)
            for number, (_, date, end, kind, parties) in enumerate(drawn)
        ]

    return st.lists(one(), max_size=30).map(build)
