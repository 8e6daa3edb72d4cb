"""The calendar commands: ``export ics``, ``export manifest`` and ``publish``.

Each builds its calendars whole before anything is written or sent; writing is
``safeio``'s, sending is ``publication``'s. Each declares its arguments beside its code
(see ``dipltime.cli``); the CalDAV and iCalendar modules are imported when a command runs.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from dipltime.cli import Command, Group
from dipltime.cli.context import Context, count
from dipltime.cli.speech import _
from dipltime.domain.dates import LAST_YEAR, years_text
from dipltime.domain.filters import query_for
from dipltime.errors import DipltimeError, UsageError
from dipltime.i18n import N_
from dipltime.outputs.streams import write_bytes
from dipltime.store.scanning import display_path

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from dipltime.outputs.ics import ExportOptions


def cmd_export_ics(ctx: Context) -> int:
    """Write the anniversaries as an iCalendar file for Google, Apple, Outlook, Thunderbird, khal.

    By default one all-day event per anniversary in --years (this year and the
    nine after); --series writes one yearly recurring event per record instead.
    Events without a recorded day are left out unless --undated places them on
    the 1st of their month (or 1 January), labelled as such. The file is
    written whole or not at all; without -o it goes to stdout. A calendar
    larger than 1 MB, the most Google Calendar takes, is refused unless
    --large says to write it anyway.
    """
    from dipltime.outputs.ics import is_ours, year_by_year
    from dipltime.outputs.icsfile import Tally, batched, calendar_pieces, within
    from dipltime.outputs.safeio import write_atomic

    args = ctx.args
    options = _calendar_options(ctx)
    flt = ctx.filter()
    query = query_for(flt)
    if args.output and args.output != "-":
        _outside_the_collection(ctx, args.output)
    tally = Tally()
    pieces = calendar_pieces(
        ctx.stream(query, flt),  # one record at a time: the calendar is never held whole
        ctx.events.parties,
        options,
        _default_stamp(ctx, options),
        year_by_year(ctx.stream(query, flt), options) if options.series else 0,
        tally,
        parallel=ctx.events.counts()[0] >= PARALLEL,
    )
    if not args.large:
        pieces = within(pieces, LARGE, _too_large)
    pieces = batched(pieces)
    if args.output and args.output != "-":
        write_atomic(args.output, pieces, ours=is_ours)
        where = args.output
    else:
        for piece in pieces:
            write_bytes(ctx.stdout, piece)
        where = "stdout"
    years, _ = options.years, ctx.lang._
    last = years.stop - 1
    span = _("series") if args.series else years_text(years)
    written = count(tally.events, "calendar event", ctx.lang)
    where = _("standard output") if where == "stdout" else where
    ctx.note(
        _("{events} ({span}) written to {where}").format(where=where, events=written, span=span)
    )
    if tally.year_by_year:
        ctx.note(
            _(
                "{count} records have no yearly rule that every calendar reads alike "
                "(29 February under --feb29 mar1 or in milestones, or a span over "
                "29 February): their anniversaries in {years} went in one by one, "
                "and for them the series stops after {last}"
            ).format(count=tally.year_by_year, years=years_text(years), last=last)
        )
    if tally.undated_left_out:
        n_, left = ctx.lang.n_, tally.undated_left_out
        left_out = (
            n_(
                "left out {count} record with no recorded day; --undated places it on the "
                "1st of its month or 1 January",
                "left out {count} records with no recorded day; --undated places them on the "
                "1st of their month or 1 January",
                left,
            )
            if args.series
            else n_(
                "left out {count} anniversary of an event with no recorded day; --undated "
                "places it on the 1st of its month or 1 January",
                "left out {count} anniversaries of events with no recorded day; --undated "
                "places them on the 1st of their month or 1 January",
                left,
            )
        )
        ctx.note(left_out.format(count=left))
    return 0


def arguments_export_ics(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", metavar="FILE", help=_("write here (default, or -: stdout)")
    )
    parser.add_argument(
        "--large",
        action="store_true",
        help=_("write a calendar larger than 1 MB, the most Google Calendar takes"),
    )


PARALLEL = 2000
"""Collections of this many records or more are exported by worker processes (forking
them costs more than a smaller calendar takes to write)."""
LARGE = 1_000_000
"""The largest calendar written without --large: Google Calendar imports files of at most
1 MB and drops what a subscribed calendar holds beyond about that (README, "Size")."""


def _too_large() -> UsageError:
    return UsageError(
        _(
            "the calendar would be larger than 1 MB, the most Google Calendar imports or "
            "keeps of a subscription; nothing was written"
        ),
        _(
            "export fewer years (--years), fewer events (--party, --kind, --milestones) or "
            "one yearly --series per record; --large writes it anyway"
        ),
    )


def _default_stamp(ctx: Context, options: ExportOptions) -> dt.date:
    """DTSTAMP for a record with no ``revised`` date: the newest of the collection, else
    ``SOURCE_DATE_EPOCH``, else 2000-01-01 (never the clock: ``ics`` module notes)."""
    from dipltime.outputs.ics import default_stamp

    newest = ctx.events.newest_revision()
    return default_stamp([newest] if newest else [], options.source_date_epoch)


EXPORT_ICS = Command(
    "export ics",
    cmd_export_ics,
    arguments_export_ics,
    ("filters", "milestones", "calendar"),
    "dipltime export ics --years 2026:2035 --alarm 7d@09:00 -o anniversaries.ics",
)


def _outside_the_collection(ctx: Context, output: str) -> None:
    """A calendar written into the events folder would be read as records by every later
    command: refuse it."""
    collection = os.path.realpath(ctx.events_dir)
    if os.path.realpath(output).startswith(collection + os.sep):
        raise UsageError(
            _("{output} is inside the events folder {folder}").format(
                output=output, folder=display_path(ctx.events_dir)
            ),
            _("write calendars somewhere else, e.g. exports/"),
        )


def _calendar_options(ctx: Context) -> ExportOptions:
    """The options shared by ``export ics`` and ``publish``."""
    from dipltime.outputs.ics import ExportOptions, calendar_label, parse_alarm, parse_years

    args = ctx.args
    years = parse_years(args.years) if args.years else range(ctx.today.year, ctx.today.year + 10)
    if years.stop - 1 > LAST_YEAR:
        raise UsageError(
            _(
                "the years {years} reach past {limit}: dipltime answers for years "
                "{first_year} to {limit}"
            ).format(years=years_text(years), limit=LAST_YEAR, first_year=1),
            _("give --years FIRST:LAST within that range"),
        )
    return ExportOptions(
        years=years,
        series=args.series,
        undated=args.undated,
        milestones=args.milestones,
        alarm=parse_alarm(args.alarm) if args.alarm else None,
        name=calendar_label(args.name or ctx.lang._("Diplomatic anniversaries")),
        settings=ctx.settings,
        source_date_epoch=_source_date_epoch(ctx.environ),
        lang=ctx.lang.code,
    )


def cmd_export_manifest(ctx: Context) -> int:
    """Regenerate every calendar listed in MANIFEST (the project's is exports/manifest.toml).

    Each file is built in memory first, then written whole; a file whose bytes
    would not change is left untouched.
    """
    from pathlib import Path

    from dipltime.outputs.exports import build_entry, load_manifest
    from dipltime.outputs.ics import is_ours
    from dipltime.outputs.safeio import write_atomic

    manifest = Path(ctx.args.manifest)
    entries = load_manifest(manifest, ctx.collection, ctx.settings)
    folder = os.path.realpath(manifest.parent)
    built = []
    for entry in entries:  # every calendar is built before any is written
        try:
            export = build_entry(entry, ctx.collection)
            if len(export.data) > LARGE and not entry.large:
                raise DipltimeError(
                    ctx.lang._(
                        "the calendar is {size} bytes, larger than 1 MB, the most Google "
                        "Calendar imports or keeps of a subscription; nothing was written"
                    ).format(size=len(export.data)),
                    ctx.lang._(
                        "give it fewer years or fewer events, or say large = true in its "
                        "[[export]] to write it anyway"
                    ),
                )
            built.append((entry, export))
        except DipltimeError as exc:
            raise DipltimeError(f"{display_path(entry.path)}: {exc.message}", exc.hint) from None
    for entry, export in built:
        state = ctx.lang._("unchanged: {file} ({events})")
        if _current(entry.path) != export.data:
            write_atomic(entry.path, export.data, ours=is_ours, make_folders=True, inside=folder)
            state = ctx.lang._("written: {file} ({events})")
        events = count(export.events, "calendar event", ctx.lang)
        ctx.note(state.format(file=display_path(entry.path), events=events))
    _manifest_site(ctx, manifest)
    return 0


def _manifest_site(ctx: Context, manifest: Path) -> None:
    """The web chronology of the manifest's ``[site]``, if it has one."""
    from dipltime.cli.web import site_records, write_site
    from dipltime.outputs.exports import load_site
    from dipltime.outputs.site import site_files

    entry = load_site(manifest)
    if entry is None:
        return
    files = site_files(site_records(ctx), ctx.lang, entry.year, ctx.settings, entry.both)
    write_site(ctx, str(entry.folder), files)


def arguments_export_manifest(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("manifest", metavar="MANIFEST", help=_("the manifest.toml to build"))


EXPORT_MANIFEST = Command(
    "export manifest",
    cmd_export_manifest,
    arguments_export_manifest,
    (),
    "dipltime export manifest exports/manifest.toml",
)


def _current(path: Path) -> bytes | None:
    """The bytes of a calendar about to be regenerated (None where there is no file yet)."""
    import stat

    try:  # without following a link or waiting on a pipe swapped in since the check
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise DipltimeError(
                    f"{display_path(path)} is not a regular file",
                    "a manifest's calendars are files: remove what stands in the way",
                )
            return handle.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DipltimeError(
            f"cannot read {display_path(path)} to compare it: {exc.strerror or exc}",
            "make it readable or remove it, then run the manifest again",
        ) from None


def _source_date_epoch(environ: Mapping[str, str]) -> int | None:
    value = environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    # 253402214400 is 9999-12-31: a later stamp is no date at all.
    if not (value.isascii() and value.isdigit()) or int(value) >= 253402214400:
        raise UsageError(
            _("SOURCE_DATE_EPOCH={value!r} is not a number of seconds up to the year 9999").format(
                value=value
            ),
            _("set it to a Unix time, e.g. 1763856000, or unset it"),
        )
    return int(value)


def _web() -> tuple[Command, Command]:
    from dipltime.cli.web import EXPORT_SITE, EXPORT_TIMELINEJS

    return EXPORT_SITE, EXPORT_TIMELINEJS


EXPORT = Group(
    "export",
    N_("Write calendars and web pages."),
    "format",
    "FORMAT",
    (EXPORT_ICS, EXPORT_MANIFEST, *_web()),
)


_ALL: tuple[Command | Group, ...] = (EXPORT, *EXPORT.commands)
COMMANDS: dict[str, Command | Group] = {command.name: command for command in _ALL}
