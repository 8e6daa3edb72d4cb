"""The commands of ``dipltime``: each parses its arguments, calls one core function, renders.

``Context`` carries what every command needs. Reading the clock happens here
and in the TUI only: ``DIPLTIME_TODAY=YYYY-MM-DD`` overrides it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TextIO

from dipltime.domain.core import (
    MilestoneRule,
    Occurrence,
    Settings,
    anniversaries,
    events_in_month,
    events_on,
    occurrence,
    only_milestones,
    upcoming,
)
from dipltime.domain.dates import LAST_YEAR, MONTH_NAMES, SUPPORTED, Feb29, check_year, parse_day
from dipltime.domain.filters import (
    Filter,
    Query,
    query_anniversaries,
    query_for,
    query_in_month,
    query_on,
    query_upcoming,
    resolve_party,
    select,
)
from dipltime.domain.kinds import Kind
from dipltime.domain.model import Collection, Event
from dipltime.domain.text import neutralise, one_line
from dipltime.errors import NotFoundError, UsageError
from dipltime.outputs import render
from dipltime.outputs.streams import write_out
from dipltime.store.loading import Events, open_events, resolve_events_dir
from dipltime.store.scanning import display_path

if TYPE_CHECKING:
    import argparse


ENV_TODAY = "DIPLTIME_TODAY"
LAST_DAY = dt.date(LAST_YEAR, 12, 31)


# --- context -----------------------------------------------------------------------


class Context:
    """What every command needs: the options, today, the output streams and the styling."""

    def __init__(
        self,
        args: argparse.Namespace,
        environ: Mapping[str, str],
        stdout: TextIO,
        stderr: TextIO,
    ) -> None:
        self.args = args
        self.environ = environ
        self.stdout = stdout
        self.stderr = stderr
        self.stdin_is_tty = False
        self.today = today_from(environ)
        self.settings = Settings(
            feb29=Feb29(args.feb29), milestones=MilestoneRule(every=args.milestone_every)
        )
        is_tty = hasattr(stdout, "isatty") and stdout.isatty()
        self.style = render.Style(
            color=is_tty and "NO_COLOR" not in environ and environ.get("TERM") != "dumb"
        )
        self._events: Events | None = None

    @property
    def events_dir(self) -> str:
        return resolve_events_dir(self.args.events, self.environ)

    @property
    def events(self) -> Events:
        """The collection, opened (and validated, or taken from the cache) on first use."""
        if self._events is None:
            from dipltime.store.cache import cache_folder

            self._events = open_events(self.events_dir, cache_folder(self.environ))
        return self._events

    @property
    def collection(self) -> Collection:
        """Every event: for the commands that need them all (export, the browser)."""
        return self.events.collection()

    def select(self, query: Query, flt: Filter, ordered: bool = True) -> tuple[Event, ...]:
        """The events that pass ``flt``, looked up through ``query`` (see ``core.Query``);
        in chronological order unless not ``ordered`` (the core functions that sort their
        answer fully need no order given)."""
        return select(self.events.candidates(query, ordered), flt)

    def filter(self) -> Filter:
        args = self.args
        parties = tuple(resolve_party(p, self.events.parties) for p in args.party)
        return Filter(
            parties=parties,
            kinds=tuple(Kind(k) for k in args.kind),
            tags=tuple(args.tag),
            since=args.since,
            until=args.until,
            text=args.text,
        )

    def out(self, text: str) -> None:
        write_out(self.stdout, text + "\n")

    def note(self, text: str) -> None:
        """A diagnostic for the person at the terminal: stderr, never mixed into the data."""
        self.stderr.write(one_line(text) + "\n")


def today_from(environ: Mapping[str, str]) -> dt.date:
    """Today, or ``$DIPLTIME_TODAY`` when set (for tests and for planning ahead)."""
    value = environ.get(ENV_TODAY)
    if not value:
        return dt.date.today()
    try:
        day = dt.date.fromisoformat(value) if value.isascii() and len(value) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise UsageError(
            f"{ENV_TODAY}={value!r} is not a date", f"set {ENV_TODAY} to YYYY-MM-DD or unset it"
        )
    check_year(day.year, ENV_TODAY)
    return day


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
    flt = ctx.filter()
    if day is None:
        events = ctx.select(query_in_month(flt, month, year), flt, ordered=False)
        found = events_in_month(events, month, year, ctx.settings)
        heading = f"{MONTH_NAMES[month - 1]} (anniversaries in {year})"
    else:
        events = ctx.select(query_on(flt, month, day, year), flt, ordered=False)
        found = events_on(events, month, day, year, ctx.settings)
        try:
            heading = render.day_heading(dt.date(year, month, day))
        except ValueError:  # 29 February of a common year
            observed = "1 March" if ctx.settings.feb29 is Feb29.MAR1 else "28 February"
            heading = f"29 February ({year} has none: observed on {observed})"
    return _print_occurrences(ctx, found, heading, lead="date")


def cmd_list(ctx: Context) -> int:
    """The chronological timeline, filtered.

    Order: by date at its precision (a year-only event before the days of that
    year), then by end date, then by id.
    """
    flt = ctx.filter()
    events = ctx.select(query_for(flt), flt)
    if ctx.args.json:
        ctx.out(render.to_json(render.event_json(e) for e in events))
        return 0
    if not events:
        ctx.out("No events match.")
        return 0
    ctx.out(ctx.style.bold(count(len(events), "event")))
    ctx.out(render.events_text(events, ctx.events.parties, ctx.style))
    return 0


def cmd_upcoming(ctx: Context) -> int:
    """Anniversaries of day-precise events in the next --days days (default 30).

    The window is half-open: it starts on --from (default today) and ends
    before --from + --days, across the turn of the year when it reaches there.
    """
    args = ctx.args
    start = args.start or ctx.today
    last = start.toordinal() + args.days - 1
    if last > LAST_DAY.toordinal():
        raise UsageError(
            f"a window of {args.days} days from {start.isoformat()} ends after "
            f"{LAST_DAY.isoformat()}: dipltime answers for {SUPPORTED}",
            "start earlier or ask for fewer --days",
        )
    flt = ctx.filter()
    events = ctx.select(query_upcoming(flt, start, args.days), flt, ordered=False)
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
    flt = ctx.filter()
    query = query_anniversaries(flt, ctx.args.year, ctx.args.milestones, ctx.settings)
    found = anniversaries(ctx.select(query, flt, ordered=False), ctx.args.year, ctx.settings)
    return _print_occurrences(ctx, found, f"Anniversaries in {ctx.args.year}", lead="observed")


def cmd_show(ctx: Context) -> int:
    """Every field of one record: dates and how they were obtained, parties, sources, notes."""
    wanted = ctx.args.id
    for event in ctx.events.candidates(Query(record=wanted)):
        if event.id == wanted:
            if ctx.args.json:
                ctx.out(render.to_json(render.event_json(event, full=True)))
            else:
                occ = occurrence(event, ctx.args.year or ctx.today.year, ctx.settings)
                import shutil

                width = min(shutil.get_terminal_size((100, 24)).columns, 100)
                ctx.out(render.event_detail(event, ctx.events.parties, occ, ctx.style, width))
            return 0
    near = sorted(record for record in ctx.events.ids() if wanted.lower() in record)
    hint = f"did you mean {', '.join(near[:3])}?" if near else "run `dipltime list` to see the ids"
    raise NotFoundError(f"no event has the id {wanted!r}", hint)


def cmd_parties(ctx: Context) -> int:
    """The party registry: codes, names and the aliases that --party accepts."""
    parties = sorted(ctx.events.parties.values(), key=lambda p: p.code)
    if ctx.args.json:
        ctx.out(render.to_json(render.party_json(p) for p in parties))
        return 0
    for party in parties:
        aliases = f"  ({', '.join(party.aliases)})" if party.aliases else ""
        ctx.out(f"  {party.code:<7} {neutralise(party.name)}{ctx.style.dim(neutralise(aliases))}")
    return 0


def cmd_tui(ctx: Context) -> int:
    """Browse the timeline in the terminal: timeline, on this day, upcoming, overview.

    The events are loaded and validated first: invalid data is reported here,
    before the browser starts. DIPLTIME_TODAY sets its "today" too. It needs a
    terminal (input, output and error); scripts use list, on and upcoming.
    """
    collection = ctx.collection  # load and validate before paying for Textual's import
    from dipltime.tui import need_a_terminal, run

    need_a_terminal(ctx.stdin_is_tty, ctx.stdout)
    ctx.events.close()  # the browser keeps what it read: no lock on the cache for hours
    import gc

    gc.enable()  # the browser runs for hours: its garbage must be collected

    run(collection, ctx.today, ctx.settings)
    return 0


def cmd_validate(ctx: Context) -> int:
    """Check every record of the collection and report every problem at once.

    Each problem is one line, path:line: id: field: message (hint), on stderr;
    the exit code is 1 when there is any.
    """
    # Every record is decoded: a cache whose bytes are not those written is found out here
    # (and the files read instead), not trusted by counting its rows.
    ctx.events.collection()
    events, files = ctx.events.counts()
    ctx.out(
        f"{one_line(display_path(ctx.events_dir))}: {count(events, 'event')} in "
        f"{count(files, 'file')}, {count(len(ctx.events.parties), 'party')}: all valid"
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
    ctx.out(render.occurrences_text(found, ctx.events.parties, ctx.style, lead=lead))
    return 0


def count(number: int, noun: str) -> str:
    if number == 1:
        return f"1 {noun}"
    return f"{number} {noun[:-1] + 'ies' if noun.endswith('y') else noun + 's'}"
