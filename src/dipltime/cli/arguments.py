"""The argument parser of ``dipltime``: every command, its options and their checks.

Each command's docstring (in ``commands.py`` or ``calendars.py``) is its help. :func:`build_parser`
can build one command's arguments alone, which is all a lookup needs.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

from dipltime import __version__
from dipltime.cli.calendars import cmd_export_ics, cmd_export_manifest, cmd_publish
from dipltime.cli.commands import (
    cmd_anniversaries,
    cmd_list,
    cmd_on,
    cmd_parties,
    cmd_show,
    cmd_tui,
    cmd_upcoming,
    cmd_validate,
)
from dipltime.domain.dates import (
    FIRST_YEAR,
    LAST_YEAR,
    SUPPORTED,
    Feb29,
    PartialDate,
    parse_partial_date,
)
from dipltime.domain.kinds import Kind
from dipltime.errors import UsageError
from dipltime.store.loading import ENV_EVENTS


class _Formatter(argparse.HelpFormatter):
    """argparse's layout, measuring the terminal without importing ``shutil`` (argparse
    does so for every argument it adds, help or no help: a lookup's start-up pays for it)."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        super().__init__(prog, indent_increment, max_help_position, width or _columns() - 2)


def _columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` finds it: $COLUMNS, the terminal, 80."""
    with contextlib.suppress(ValueError):
        columns = int(os.environ.get("COLUMNS", "0"))
        if columns > 0:
            return columns
    stream = sys.__stdout__
    try:
        return os.get_terminal_size(stream.fileno()).columns or 80 if stream else 80
    except (AttributeError, ValueError, OSError):
        return 80


class _RawFormatter(_Formatter, argparse.RawDescriptionHelpFormatter):
    """The same, keeping the line breaks of a command's description."""


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message, f"see `{self.prog} --help`")


def _partial(text: str) -> PartialDate:
    try:
        return parse_partial_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _iso_day(text: str) -> dt.date:
    match = re.fullmatch(r"([0-9]{4})-[0-9]{2}-[0-9]{2}", text)
    try:
        day = dt.date.fromisoformat(text) if match else None
    except ValueError:
        day = None
    if day is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write YYYY-MM-DD")
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"{text!r} is outside the supported {SUPPORTED}")
    return day


def _year(text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,4}", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a year: write it as e.g. 2026")
    if not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"{text} is outside the supported {SUPPORTED}")
    return int(text)


def _whole(low: int, high: int) -> Callable[[str], int]:
    """A parser of whole numbers from ``low`` to ``high``, saying so when given another."""

    def parse(text: str) -> int:
        if not re.fullmatch(r"[0-9]{1,9}", text) or not low <= int(text) <= high:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from {low} to {high}")
        return int(text)

    return parse


def _seconds(text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,9}", text) or not 1 <= int(text) <= 86400:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds from 1 to 86400")
    return int(text)


MAX_DAYS = 36600
"""The longest ``upcoming`` window: a hundred years."""
MAX_MILESTONE_STEP = 1000


def _calendar_parent() -> _Parser:
    """The options shared by ``export ics`` and ``publish``."""
    calendar = _Parser(add_help=False)
    calendar.add_argument(
        "--years",
        metavar="FIRST:LAST",
        help="anniversaries falling in these years (default: this year and the nine after)",
    )
    calendar.add_argument(
        "--series",
        action="store_true",
        help="one yearly recurring event per record instead of one event per anniversary",
    )
    calendar.add_argument(
        "--undated",
        action="store_true",
        help="include events with no recorded day, on the 1st of their month or 1 January",
    )
    calendar.add_argument(
        "--alarm",
        metavar="WHEN",
        help="a reminder before each event: 7d, 2w, or 7d@09:00 for a time of day",
    )
    calendar.add_argument("--name", default="Diplomatic anniversaries", help="the calendar's name")
    return calendar


COMMANDS = (
    "on",
    "list",
    "upcoming",
    "anniversaries",
    "show",
    "parties",
    "validate",
    "tui",
    "export",
    "publish",
)
"""Every command, in the order ``--help`` lists them."""


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``only``, that command's arguments alone.

    The other commands are then listed by name but take no arguments: building
    all of them costs a lookup a tenth of its start-up. :func:`main` parses with
    the full parser whenever the short one is not certain to agree with it.
    """
    parser = _Parser(
        prog="dipltime",
        description="Diplomatic history as a calendar: what happened on a day, which "
        "anniversaries are coming, and the timeline behind them.",
        epilog="Examples: dipltime on 11-14 · dipltime upcoming --days 60 --milestones · "
        "dipltime --events ./my-events validate",
    )
    parser.add_argument("--version", action="version", version=f"dipltime {__version__}")
    parser.add_argument(
        "--events",
        metavar="DIR",
        help=f"the events collection to read (default: ${ENV_EVENTS}, else the bundled events)",
    )
    parser.add_argument(
        "--feb29",
        choices=[f.value for f in Feb29],
        default=Feb29.FEB28.value,
        help="where anniversaries of 29 February fall in common years (default: feb28)",
    )
    parser.add_argument(
        "--milestone-every",
        type=_whole(1, MAX_MILESTONE_STEP),
        default=5,
        metavar="N",
        help="round anniversaries are multiples of N years (default: 5)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    filters = _Parser(add_help=False)
    group = filters.add_argument_group("filters")
    group.add_argument(
        "--party",
        action="append",
        default=[],
        metavar="P",
        help="a party's code, name or alias (whole); repeat: all must take part",
    )
    group.add_argument(
        "--kind",
        action="append",
        default=[],
        metavar="KIND",
        choices=[k.value for k in Kind],
        help="only this kind of act; repeat for any of several",
    )
    group.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="TAG",
        help="only events with this tag; repeat for any of several",
    )
    group.add_argument(
        "--since",
        type=_partial,
        metavar="DATE",
        help="events that reach into DATE or later (YYYY, YYYY-MM or YYYY-MM-DD)",
    )
    group.add_argument(
        "--until", type=_partial, metavar="DATE", help="events that begin in DATE or earlier"
    )
    group.add_argument(
        "--text",
        default="",
        metavar="WORDS",
        help="words in title, summary, people or places (case and accents ignored)",
    )
    as_json = _Parser(add_help=False)
    as_json.add_argument("--json", action="store_true", help="print JSON for scripts")
    milestones = _Parser(add_help=False)
    milestones.add_argument(
        "--milestones", action="store_true", help="only round anniversaries of celebrated acts"
    )

    def add(
        name: str,
        func: Callable[..., int],
        parents: Sequence[_Parser],
        help_text: str,
        example: str,
        under: argparse._SubParsersAction[_Parser] = commands,
    ) -> argparse.ArgumentParser | None:
        if only is not None and under is commands and name != only:
            # Listed (for `dipltime --help`) but empty: main never lets it parse.
            under.add_parser(name, help=help_text).set_defaults(func=func)
            return None
        doc = (func.__doc__ or "").strip()
        sub: argparse.ArgumentParser = under.add_parser(
            name,
            parents=list(parents),
            help=help_text,
            description=doc,
            epilog=f"Example: {example}",
            formatter_class=_RawFormatter,
        )
        sub.set_defaults(func=func)
        return sub

    on = add(
        "on",
        cmd_on,
        [filters, milestones, as_json],
        "events on a day (or in a month) of the year",
        "dipltime on 11-14 --year 2024",
    )
    if on is not None:
        on.add_argument(
            "day",
            metavar="DAY",
            help="MM-DD, 'today', a day name ('14 Nov', 'November 14') or a month MM",
        )
        on.add_argument(
            "--year", type=_year, help="count anniversaries in this year (default: this year)"
        )
    add(
        "list",
        cmd_list,
        [filters, as_json],
        "the chronological timeline",
        "dipltime list --party 'Viet Nam' --since 2000",
    )
    up = add(
        "upcoming",
        cmd_upcoming,
        [filters, milestones, as_json],
        "anniversaries in the coming days",
        "dipltime upcoming --days 60 --milestones",
    )
    if up is not None:
        up.add_argument(
            "--from",
            dest="start",
            type=_iso_day,
            metavar="DATE",
            help="first day of the window (default: today)",
        )
        up.add_argument(
            "--days",
            type=_whole(1, MAX_DAYS),
            default=30,
            metavar="N",
            help="length of the window in days (default: 30)",
        )
    ann = add(
        "anniversaries",
        cmd_anniversaries,
        [filters, milestones, as_json],
        "every anniversary falling in a year",
        "dipltime anniversaries 2026 --milestones",
    )
    if ann is not None:
        ann.add_argument("year", type=_year, metavar="YEAR")
    show = add(
        "show", cmd_show, [], "every field of one record", "dipltime show vnm-1994-11-14-relations"
    )
    if show is not None:
        show.add_argument("id", metavar="ID")
        show.add_argument(
            "--year", type=_year, help="show the anniversary in this year (default: this year)"
        )
        show.add_argument("--json", action="store_true", help="print JSON for scripts")
    parties = add(
        "parties",
        cmd_parties,
        [],
        "the registry of parties, with codes and aliases",
        "dipltime parties",
    )
    if parties is not None:
        parties.add_argument("--json", action="store_true", help="print JSON for scripts")
    add(
        "validate",
        cmd_validate,
        [],
        "check every record and report every problem",
        "dipltime --events ./my-events validate",
    )
    add(
        "tui",
        cmd_tui,
        [],
        "browse the timeline in the terminal (also plain `dipltime` on a terminal)",
        "dipltime tui",
    )
    export_help = "write calendars (iCalendar)"
    calendar = _calendar_parent() if only in (None, "export", "publish") else None
    if only is not None and only != "export":
        commands.add_parser("export", help=export_help)  # listed, never parsed (see main)
    else:
        assert calendar is not None
        export = commands.add_parser("export", help=export_help, description="Write calendars.")
        formats = export.add_subparsers(
            dest="format", metavar="FORMAT", parser_class=_Parser, required=True
        )
        ics = add(
            "ics",
            cmd_export_ics,
            [filters, milestones, calendar],
            "anniversaries as an .ics file",
            "dipltime export ics --years 2026:2035 --alarm 7d@09:00 -o anniversaries.ics",
            under=formats,
        )
        assert ics is not None
        ics.add_argument(
            "-o", "--output", metavar="FILE", help="write here (default, or -: stdout)"
        )
        manifest = add(
            "manifest",
            cmd_export_manifest,
            [],
            "regenerate the calendars a manifest lists",
            "dipltime export manifest exports/manifest.toml",
            under=formats,
        )
        assert manifest is not None
        manifest.add_argument("manifest", metavar="MANIFEST", help="the manifest.toml to build")
    publish = add(
        "publish",
        cmd_publish,
        [filters, milestones, calendar] if calendar else [],
        "sync anniversaries into a CalDAV calendar",
        "dipltime publish --caldav https://cal.example.org/dav/me/anniversaries/ --user me",
    )
    if publish is not None:
        publish.add_argument(
            "--caldav",
            required=True,
            metavar="URL",
            help="the calendar's CalDAV URL (no credentials in it)",
        )
        publish.add_argument("--user", help="the login (default: $DIPLTIME_CALDAV_USER)")
        publish.add_argument(
            "--password-file",
            metavar="FILE",
            help="read the password from the first line of FILE "
            "(default: $DIPLTIME_CALDAV_PASSWORD, else a prompt)",
        )
        publish.add_argument(
            "--publication",
            default="anniversaries",
            metavar="NAME",
            help="keeps different publishes into one calendar apart (default: anniversaries)",
        )
        publish.add_argument(
            "--timeout",
            type=_seconds,
            default=300,
            metavar="SECONDS",
            help="give up when the whole publish takes longer (default: 300)",
        )
        publish.add_argument(
            "--insecure",
            action="store_true",
            help="allow a plain http:// URL to another machine (login and data unencrypted)",
        )
    return parser
