"""The ``dipltime`` command: parse, call one core function, render.

This is the one place where dipltime's errors become messages on stderr and
exit codes (0 success, 1 bad data, 2 bad usage), and the one place (with the
TUI) that reads the clock: ``DIPLTIME_TODAY=YYYY-MM-DD`` overrides it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TextIO

from dipltime import __version__, render
from dipltime.core import (
    Filter,
    MilestoneRule,
    Occurrence,
    Settings,
    anniversaries,
    events_in_month,
    events_on,
    occurrence,
    only_milestones,
    resolve_party,
    select,
    upcoming,
)
from dipltime.dates import MONTH_NAMES, Feb29, PartialDate, parse_partial_date
from dipltime.errors import DataError, DipltimeError, NotFoundError, UsageError
from dipltime.loading import ENV_EVENTS, display_path, load_collection, resolve_events_dir
from dipltime.model import Collection, Kind
from dipltime.text import neutralise

ENV_TODAY = "DIPLTIME_TODAY"
INTERNAL_ERROR = 70  # EX_SOFTWARE
_MONTH_DAY = re.compile(r"(\d{1,2})-(\d{1,2})")
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


# --- arguments -----------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message, f"see `{self.prog} --help`")


def _partial(text: str) -> PartialDate:
    try:
        return parse_partial_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _iso_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write YYYY-MM-DD") from None


def _year(text: str) -> int:
    if not re.fullmatch(r"\d{1,4}", text) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year: write it as e.g. 2026")
    return int(text)


def _positive(text: str) -> int:
    if not re.fullmatch(r"\d{1,5}", text) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
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
        type=_positive,
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
    group.add_argument("--json", action="store_true", help="print JSON for scripts")
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
    ) -> argparse.ArgumentParser:
        doc = (func.__doc__ or "").strip()
        sub = commands.add_parser(
            name,
            parents=list(parents),
            help=help_text,
            description=doc,
            epilog=f"Example: {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(func=func)
        return sub

    on = add(
        "on",
        cmd_on,
        [filters, milestones],
        "events on a day (or in a month) of the year",
        "dipltime on 11-14 --year 2024",
    )
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
        [filters],
        "the chronological timeline",
        "dipltime list --party 'Viet Nam' --since 2000",
    )
    up = add(
        "upcoming",
        cmd_upcoming,
        [filters, milestones],
        "anniversaries in the coming days",
        "dipltime upcoming --days 60 --milestones",
    )
    up.add_argument(
        "--from",
        dest="start",
        type=_iso_day,
        metavar="DATE",
        help="first day of the window (default: today)",
    )
    up.add_argument(
        "--days",
        type=_positive,
        default=30,
        metavar="N",
        help="length of the window in days (default: 30)",
    )
    ann = add(
        "anniversaries",
        cmd_anniversaries,
        [filters, milestones],
        "every anniversary falling in a year",
        "dipltime anniversaries 2026 --milestones",
    )
    ann.add_argument("year", type=_year, metavar="YEAR")
    show = add(
        "show", cmd_show, [], "every field of one record", "dipltime show vnm-1994-11-14-relations"
    )
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
    parties.add_argument("--json", action="store_true", help="print JSON for scripts")
    add(
        "validate",
        cmd_validate,
        [],
        "check every record and report every problem",
        "dipltime --events ./my-events validate",
    )
    return parser


# --- context -----------------------------------------------------------------------


class Context:
    """What every command needs: the options, today, the output streams and the styling."""

    def __init__(
        self, args: argparse.Namespace, environ: Mapping[str, str], stdout: TextIO
    ) -> None:
        self.args = args
        self.environ = environ
        self.stdout = stdout
        self.today = today_from(environ)
        self.settings = Settings(
            feb29=Feb29(args.feb29), milestones=MilestoneRule(every=args.milestone_every)
        )
        is_tty = hasattr(stdout, "isatty") and stdout.isatty()
        self.style = render.Style(
            color=is_tty and "NO_COLOR" not in environ and environ.get("TERM") != "dumb"
        )
        self._collection: Collection | None = None

    @property
    def events_dir(self) -> Path:
        return resolve_events_dir(self.args.events, self.environ)

    @property
    def collection(self) -> Collection:
        if self._collection is None:
            self._collection = load_collection(self.events_dir)
        return self._collection

    def filter(self) -> Filter:
        args = self.args
        parties = tuple(resolve_party(p, self.collection.parties) for p in args.party)
        return Filter(
            parties=parties,
            kinds=tuple(Kind(k) for k in args.kind),
            tags=tuple(args.tag),
            since=args.since,
            until=args.until,
            text=args.text,
        )

    def out(self, text: str) -> None:
        self.stdout.write(text + "\n")


def today_from(environ: Mapping[str, str]) -> dt.date:
    """Today, or ``$DIPLTIME_TODAY`` when set (for tests and for planning ahead)."""
    value = environ.get(ENV_TODAY)
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{ENV_TODAY}={value!r} is not a date", f"set {ENV_TODAY} to YYYY-MM-DD or unset it"
        ) from None


# --- day names ----------------------------------------------------------------------


def parse_day(text: str, today: dt.date) -> tuple[int, int | None, int | None]:
    """Parse the DAY of ``dipltime on``: ``(month, day or None for a whole month, year or None)``."""
    value = text.strip()
    if value.lower() == "today":
        return today.month, today.day, None
    if "/" in value:
        raise UsageError(
            f"{value!r} is ambiguous: day/month or month/day?",
            "write MM-DD (11-04) or name the month ('4 Nov')",
        )
    if match := _MONTH_DAY.fullmatch(value):
        return int(match[1]), int(match[2]), None
    if match := _ISO_DAY.fullmatch(value):
        return int(match[2]), int(match[3]), int(match[1])
    if value.isdigit() and len(value) <= 2:
        return int(value), None, None
    return _parse_day_name(value)


def _parse_day_name(value: str) -> tuple[int, int | None, int | None]:
    from dateutil import parser as date_parser

    words = re.findall(r"[A-Za-z]+", value)
    month_named = any(
        name.lower().startswith(w.lower()) for w in words if len(w) >= 3 for name in MONTH_NAMES
    )
    hint = "write MM-DD (11-14), a day and month ('14 Nov', 'November 14') or a month (11)"
    if not month_named:
        raise UsageError(f"{value!r} is not a day of the year", hint)
    try:
        # Parse with two different defaults: what changes was not in the text.
        first = date_parser.parse(value, default=dt.datetime(2000, 1, 1))
        second = date_parser.parse(value, default=dt.datetime(2004, 2, 2))
    except (ValueError, OverflowError):
        raise UsageError(f"{value!r} is not a day of the year", hint) from None
    day = first.day if first.day == second.day else None
    year = first.year if first.year == second.year else None
    return first.month, day, year


# --- commands -------------------------------------------------------------------------


def cmd_on(ctx: Context) -> int:
    """Every event on a day of the year, oldest first, with its anniversary in --year.

    DAY is MM-DD (11-14), 'today', a day name ('14 Nov', 'November 14'), or a
    month (11) for the whole month, month-precise events included. Only events
    that had happened by --year are listed; those of that very year carry no
    number. In a common year, 02-29 lists the events of 29 February, observed
    on 28 February (or 1 March with --feb29 mar1).
    """
    args = ctx.args
    month, day, named_year = parse_day(args.day, ctx.today)
    if named_year is not None and args.year is not None and named_year != args.year:
        raise UsageError(
            f"{args.day!r} names the year {named_year} but --year says {args.year}",
            "give the year once",
        )
    year = args.year or named_year or ctx.today.year
    events = select(ctx.collection.events, ctx.filter())
    if day is None:
        found = events_in_month(events, month, year, ctx.settings)
        heading = f"{MONTH_NAMES[month - 1]} (anniversaries in {year})"
    else:
        found = events_on(events, month, day, year, ctx.settings)
        try:
            heading = render.day_heading(dt.date(year, month, day))
        except ValueError:
            heading = f"29 February (not in {year})"
    return _print_occurrences(ctx, found, heading, lead="date")


def cmd_list(ctx: Context) -> int:
    """The chronological timeline, filtered.

    Order: by date at its precision (a year-only event before the days of that
    year), then by end date, then by id.
    """
    events = select(ctx.collection.events, ctx.filter())
    if ctx.args.json:
        ctx.out(render.to_json(render.event_json(e) for e in events))
        return 0
    if not events:
        ctx.out("No events match.")
        return 0
    noun = "event" if len(events) == 1 else "events"
    ctx.out(ctx.style.bold(f"{len(events)} {noun}"))
    ctx.out(render.events_text(events, ctx.collection, ctx.style))
    return 0


def cmd_upcoming(ctx: Context) -> int:
    """Anniversaries of day-precise events in the next --days days (default 30).

    The window is half-open: it starts on --from (default today) and ends
    before --from + --days, across the turn of the year when it reaches there.
    """
    args = ctx.args
    start = args.start or ctx.today
    events = select(ctx.collection.events, ctx.filter())
    found = upcoming(events, start, args.days, ctx.settings)
    last = start + dt.timedelta(days=args.days - 1)
    heading = (
        f"Anniversaries from {render.short_day(start, pad=False)} "
        f"to {render.short_day(last, pad=False)}"
    )
    return _print_occurrences(ctx, found, heading, lead="observed")


def cmd_anniversaries(ctx: Context) -> int:
    """Every event whose anniversary falls in YEAR, of any precision.

    Events without a day are listed by month (or at the top, without one);
    events of YEAR itself appear without a number.
    """
    events = select(ctx.collection.events, ctx.filter())
    found = anniversaries(events, ctx.args.year, ctx.settings)
    return _print_occurrences(ctx, found, f"Anniversaries in {ctx.args.year}", lead="observed")


def cmd_show(ctx: Context) -> int:
    """Every field of one record: dates and how they were obtained, parties, sources, notes."""
    wanted = ctx.args.id
    for event in ctx.collection.events:
        if event.id == wanted:
            if ctx.args.json:
                ctx.out(render.to_json(render.event_json(event, full=True)))
            else:
                occ = occurrence(event, ctx.args.year or ctx.today.year, ctx.settings)
                width = min(shutil.get_terminal_size((100, 24)).columns, 100)
                ctx.out(render.event_detail(event, ctx.collection, occ, ctx.style, width))
            return 0
    near = [e.id for e in ctx.collection.events if wanted.lower() in e.id]
    hint = f"did you mean {', '.join(near[:3])}?" if near else "run `dipltime list` to see the ids"
    raise NotFoundError(f"no event has the id {wanted!r}", hint)


def cmd_parties(ctx: Context) -> int:
    """The party registry: codes, names and the aliases that --party accepts."""
    parties = sorted(ctx.collection.parties.values(), key=lambda p: p.code)
    if ctx.args.json:
        ctx.out(render.to_json(render.party_json(p) for p in parties))
        return 0
    for party in parties:
        aliases = f"  ({', '.join(party.aliases)})" if party.aliases else ""
        ctx.out(f"  {party.code:<7} {party.name}{ctx.style.dim(aliases)}")
    return 0


def cmd_validate(ctx: Context) -> int:
    """Check every record of the collection and report every problem at once.

    Each problem is one line, path:line: id: field: message (hint), on stderr;
    the exit code is 1 when there is any.
    """
    collection = ctx.collection
    files = len({e.path for e in collection.events})
    ctx.out(
        f"{display_path(ctx.events_dir)}: {len(collection.events)} events in {files} files, "
        f"{len(collection.parties)} parties: all valid"
    )
    return 0


def _print_occurrences(ctx: Context, found: Sequence[Occurrence], heading: str, lead: str) -> int:
    if ctx.args.milestones:
        found = only_milestones(found)
    if ctx.args.json:
        ctx.out(render.to_json(render.occurrence_json(o) for o in found))
        return 0
    if not found:
        what = "milestones" if ctx.args.milestones else "events"
        ctx.out(f"{heading}: no {what}.")
        return 0
    ctx.out(ctx.style.bold(heading))
    ctx.out(render.occurrences_text(found, ctx.collection, ctx.style, lead=lead))
    return 0


# --- the one translation point ----------------------------------------------------------


def main(
    argv: Sequence[str] | None = None,
    environ: Mapping[str, str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run dipltime; return the exit code. Errors become messages here and nowhere else."""
    environ = os.environ if environ is None else environ
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help(stdout)
            return 0
        return int(args.func(Context(args, environ, stdout)))
    except DataError as exc:
        for problem in exc.problems:
            stderr.write(f"{neutralise(str(problem))}\n")
        stderr.write(f"dipltime: {exc.message}; {exc.hint}\n")
        return exc.exit_code
    except DipltimeError as exc:
        stderr.write(f"dipltime: error: {neutralise(exc.message)}\n")
        if exc.hint:
            stderr.write(f"  hint: {neutralise(exc.hint)}\n")
        return exc.exit_code
    except BrokenPipeError:
        # The reader went away (`dipltime list | head`): not an error worth a trace.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        stderr.write("dipltime: interrupted\n")
        return 130
    except Exception as exc:  # a bug: say so plainly; the trace only on request
        if environ.get("DIPLTIME_DEBUG"):
            raise
        stderr.write(
            f"dipltime: internal error: {exc.__class__.__name__}: {exc}\n"
            "  hint: this is a bug in dipltime; run again with DIPLTIME_DEBUG=1 "
            "for the traceback and report it\n"
        )
        return INTERNAL_ERROR


def run() -> None:
    sys.exit(main())
