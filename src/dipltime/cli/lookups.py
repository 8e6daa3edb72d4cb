"""The lookups: ``on``, ``list``, ``upcoming`` and ``anniversaries``.

Each declares its arguments beside its code (see ``dipltime.cli``), calls one core
function and renders its answer.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from dipltime.cli import Command
from dipltime.cli.argtypes import iso_day_arg, whole_arg, year_arg
from dipltime.cli.context import Context, count
from dipltime.cli.speech import _
from dipltime.domain.core import Occurrence, events_in_month, events_on
from dipltime.domain.dates import FIRST_YEAR, LAST_YEAR, Feb29, parse_day
from dipltime.domain.filters import (
    query_anniversaries,
    query_for,
    query_in_month,
    query_on,
    query_upcoming,
)
from dipltime.domain.streaming import anniversaries_in_order, upcoming_in_order, within_years
from dipltime.errors import UsageError
from dipltime.outputs import render
from dipltime.store.tables import BY_DAY_OF_YEAR

if TYPE_CHECKING:
    import argparse

LAST_DAY = dt.date(LAST_YEAR, 12, 31)
MAX_DAYS = 36600
"""The longest ``upcoming`` window: a hundred years (the help says why). Any window is
read a year at a time, so memory does not depend on it."""


# --- on ------------------------------------------------------------------------------------


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
            ctx.lang._("{day!r} names the year {year} but --year says {other}").format(
                day=args.day, year=named_year, other=args.year
            ),
            ctx.lang._("give the year once"),
        )
    year = args.year or named_year or ctx.today.year
    flt = ctx.filter()
    lang = ctx.lang
    _ = lang._
    if day is None:
        events = ctx.select(query_in_month(flt, month, year), flt, ordered=False)
        found = events_in_month(events, month, year, ctx.settings)
        heading = _("{month} (anniversaries in {year})").format(
            month=lang.months[month - 1], year=year
        )
    else:
        events = ctx.select(query_on(flt, month, day, year), flt, ordered=False)
        found = events_on(events, month, day, year, ctx.settings)
        try:
            heading = render.day_heading(dt.date(year, month, day), lang)
        except ValueError:  # 29 February of a common year
            month_observed, day_observed = (3, 1) if ctx.settings.feb29 is Feb29.MAR1 else (2, 28)
            # TRANSLATORS: a day of a month, without the year ("28 February").
            observed = _("{day} {month}").format(
                day=day_observed, month=lang.months[month_observed - 1]
            )
            heading = _("29 February ({year} has none: observed on {observed})").format(
                year=year, observed=observed
            )
    return _print_occurrences(
        ctx, found, heading, lead="date", sources=ctx.args.sources is not False
    )


def arguments_on(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "day",
        metavar="DAY",
        help=_("MM-DD, 'today', a day name ('14 Nov', 'November 14') or a month MM"),
    )
    parser.add_argument(
        "--year", type=year_arg, help=_("count anniversaries in this year (default: this year)")
    )


ON = Command(
    "on",
    cmd_on,
    arguments_on,
    ("filters", "milestones", "sources", "listing"),
    "dipltime on 11-14 --year 2024",
)


# --- list ----------------------------------------------------------------------------------


def cmd_list(ctx: Context) -> int:
    """The chronological timeline, filtered.

    Order: by date at its precision (a year-only event before the days of that
    year), then by end date, then by id.
    """
    flt = ctx.filter()
    query = query_for(flt)
    shown = ctx.output_format
    if shown == "json":
        from dipltime.outputs import shapes  # only for --json

        ctx.write(shapes.json_array(shapes.event_json(e) for e in ctx.stream(query, flt)), "")
        return 0
    if shown == "csv":
        from dipltime.outputs import tabular

        ctx.write(tabular.events_csv(ctx.stream(query, flt), ctx.events.parties, ctx.lang), "", "")
        return 0
    total = ctx.count(query, flt)  # said first: the listing itself is written as it is read
    if not total:
        ctx.out(ctx.lang._("No events match."))
        return 0
    heading = count(total, "event", ctx.lang)
    if shown == "md":
        from dipltime.outputs import tabular

        events = ctx.stream(query, flt)
        notes = ctx.args.sources is not False  # footnotes unless --no-sources
        md = tabular.events_markdown(events, ctx.events.parties, heading, ctx.lang, notes)
        ctx.write(md, "", "")
        return 0
    ctx.out(ctx.style.bold(heading))
    blocks = render.event_blocks(
        ctx.stream(query, flt), ctx.events.parties, ctx.style, ctx.lang, bool(ctx.args.sources)
    )
    ctx.write(blocks)
    return 0


LIST = Command(
    "list",
    cmd_list,
    None,
    ("filters", "sources", "listing"),
    "dipltime list --party 'Viet Nam' --since 2000",
)


# --- upcoming ------------------------------------------------------------------------------


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
            _(
                "a window of {days} days from {start} ends after {last}: dipltime answers for "
                "years {first_year} to {last_year}"
            ).format(
                days=args.days,
                start=start.isoformat(),
                last=LAST_DAY.isoformat(),
                first_year=FIRST_YEAR,
                last_year=LAST_YEAR,
            ),
            _("start earlier or ask for fewer --days"),
        )
    flt = ctx.filter()

    def found() -> Iterator[Occurrence]:  # a year at a time: a century is millions of lines
        for first, days in within_years(start, args.days):
            events = ctx.stream(query_upcoming(flt, first, days), flt, BY_DAY_OF_YEAR)
            yield from upcoming_in_order(events, first, days, ctx.settings)

    last = start + dt.timedelta(days=args.days - 1)
    heading = ctx.lang._("Anniversaries from {first} to {last}").format(
        first=ctx.lang.day_in_sentence(start), last=ctx.lang.day_in_sentence(last)
    )
    return _print_occurrences(ctx, found(), heading, lead="observed")


def arguments_upcoming(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from",
        dest="start",
        type=iso_day_arg,
        metavar="DATE",
        help=_("first day of the window (default: today)"),
    )
    parser.add_argument(
        "--days",
        type=whole_arg(1, MAX_DAYS),
        default=30,
        metavar="N",
        help=_(
            "length of the window in days (default: 30; at most 36600, a hundred years: "
            "a longer window only lists every event again, a century later)"
        ),
    )


UPCOMING = Command(
    "upcoming",
    cmd_upcoming,
    arguments_upcoming,
    ("filters", "milestones", "sources", "listing"),
    "dipltime upcoming --days 60 --milestones",
)


# --- anniversaries -------------------------------------------------------------------------


def cmd_anniversaries(ctx: Context) -> int:
    """Every event whose anniversary falls in YEAR, of any precision.

    Events without a day are listed by month (or at the top, without one);
    events of YEAR itself appear without a number.
    """
    flt = ctx.filter()
    query = query_anniversaries(flt, ctx.args.year, ctx.args.milestones, ctx.settings)
    events = ctx.stream(query, flt, BY_DAY_OF_YEAR)
    found = anniversaries_in_order(events, ctx.args.year, ctx.settings)
    heading = ctx.lang._("Anniversaries in {year}").format(year=ctx.args.year)
    return _print_occurrences(ctx, found, heading, lead="observed")


def arguments_anniversaries(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("year", type=year_arg, metavar="YEAR")


ANNIVERSARIES = Command(
    "anniversaries",
    cmd_anniversaries,
    arguments_anniversaries,
    ("filters", "milestones", "sources", "listing"),
    "dipltime anniversaries 2026 --milestones",
)


# --- shared --------------------------------------------------------------------------------


def _print_occurrences(
    ctx: Context, found: Iterable[Occurrence], heading: str, lead: str, sources: bool | None = None
) -> int:
    """Print occurrences as they come; ``sources`` (default: --sources) says who says so
    under each."""
    if ctx.args.milestones:
        found = (occ for occ in found if occ.milestone)
    shown = ctx.output_format
    if shown == "json":
        from dipltime.outputs import shapes  # only for --json

        ctx.write(shapes.json_array(shapes.occurrence_json(o) for o in found), "")
        return 0
    if shown == "csv":
        from dipltime.outputs import tabular

        ctx.write(tabular.occurrences_csv(found, ctx.events.parties, ctx.lang), "", "")
        return 0
    found = iter(found)
    first = next(found, None)
    if first is None:
        _ = ctx.lang._
        none = _("{heading}: no milestones.") if ctx.args.milestones else _("{heading}: no events.")
        ctx.say(none.format(heading=heading))
        return 0
    if shown == "md":
        from dipltime.outputs import tabular

        ctx.write(
            tabular.occurrences_markdown(
                itertools.chain((first,), found),
                ctx.events.parties,
                heading,
                lead,
                ctx.lang,
                footnotes=ctx.args.sources is not False,
            ),
            "",
            "",
        )
        return 0
    ctx.say(ctx.style.bold(heading))
    blocks = render.occurrence_blocks(
        itertools.chain((first,), found),
        ctx.events.parties,
        ctx.style,
        lead=lead,
        lang=ctx.lang,
        sources=bool(ctx.args.sources) if sources is None else sources,
    )
    ctx.write(blocks)
    return 0


COMMANDS = {command.name: command for command in (ON, LIST, UPCOMING, ANNIVERSARIES)}
