"""The commands about the records themselves: ``show``, ``parties`` and ``validate``.

Each declares its arguments beside its code (see ``dipltime.cli``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dipltime.cli import Command
from dipltime.cli.argtypes import year_arg
from dipltime.cli.context import Context, count
from dipltime.cli.speech import _
from dipltime.domain.core import occurrence
from dipltime.domain.filters import Query
from dipltime.domain.text import neutralise, one_line
from dipltime.errors import NotFoundError
from dipltime.outputs import detail, shapes
from dipltime.store.scanning import display_path

if TYPE_CHECKING:
    import argparse


# --- show ----------------------------------------------------------------------------------


def cmd_show(ctx: Context) -> int:
    """Every field of one record: dates and how they were obtained, parties, sources, notes."""
    wanted = ctx.args.id
    for event in ctx.events.candidates(Query(record=wanted)):
        if event.id == wanted:
            if ctx.args.json:
                ctx.out(shapes.to_json(shapes.event_json(event, full=True)))
            else:
                occ = occurrence(event, ctx.args.year or ctx.today.year, ctx.settings)
                import shutil

                width = min(shutil.get_terminal_size((100, 24)).columns, 100)
                ctx.out(
                    detail.event_detail(
                        event, ctx.events.parties, occ, ctx.style, width, lang=ctx.lang
                    )
                )
            return 0
    near = sorted(record for record in ctx.events.ids() if wanted.lower() in record)
    hint = (
        _("did you mean {names}?").format(names=", ".join(near[:3]))
        if near
        else _("run `dipltime list` to see the ids")
    )
    raise NotFoundError(_("no event has the id {id!r}").format(id=wanted), hint)


def arguments_show(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID")
    parser.add_argument(
        "--year", type=year_arg, help=_("show the anniversary in this year (default: this year)")
    )
    parser.add_argument("--json", action="store_true", help=_("print JSON for scripts"))


SHOW = Command("show", cmd_show, arguments_show, (), "dipltime show vnm-1994-11-14-relations")


# --- parties -------------------------------------------------------------------------------


def cmd_parties(ctx: Context) -> int:
    """The party registry: codes, names and the aliases that --party accepts."""
    parties = sorted(ctx.events.parties.values(), key=lambda p: p.code)
    if ctx.args.json:
        ctx.out(shapes.to_json(shapes.party_json(p) for p in parties))
        return 0
    for party in parties:
        name = ctx.lang.party(party, party.code)
        names = dict.fromkeys(party.every_name)  # each name once, the shown one not again
        aliases = [other for other in names if other != name]
        listed = f"  ({', '.join(aliases)})" if aliases else ""
        ctx.out(f"  {party.code:<7} {neutralise(name)}{ctx.style.dim(neutralise(listed))}")
    return 0


def arguments_parties(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=_("print JSON for scripts"))


PARTIES = Command("parties", cmd_parties, arguments_parties, (), "dipltime parties")


# --- validate ------------------------------------------------------------------------------


def cmd_validate(ctx: Context) -> int:
    """Check every record of the collection and report every problem at once.

    Each problem is one line, path:line: id: field: message (hint), on stderr;
    the exit code is 1 when there is any.
    """
    # Every record is decoded: a cache whose bytes are not those written is found out here
    # (and the files read instead), not trusted by counting its rows.
    from dipltime.store.links import anachronisms
    from dipltime.store.registry import load_schema

    parties = ctx.events.parties
    warnings = anachronisms(ctx.events.stream(Query()), parties)  # one by one, every one
    events, files = ctx.events.counts()
    for warning in warnings:
        ctx.note(f"warning: {warning}")
    lang = ctx.lang
    said = lang._("{folder}: {events} in {files}, {parties}: all valid").format(
        folder=one_line(display_path(ctx.events_dir)),
        events=count(events, "event", lang),
        files=count(files, "file", lang),
        parties=count(len(parties), "party", lang),
    )
    ctx.out(said + (f", {count(len(warnings), 'warning', lang)}" if warnings else ""))
    if load_schema(ctx.events_dir, []) == 1:
        ctx.note(
            "this collection is in schema 1 (no collection.yaml); "
            "'dipltime migrate' rewrites it in schema 2"
        )
    return 0


VALIDATE = Command("validate", cmd_validate, None, (), "dipltime --events ./my-events validate")


COMMANDS = {command.name: command for command in (SHOW, PARTIES, VALIDATE)}
