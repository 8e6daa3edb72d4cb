"""The argument parser of ``dipltime``, assembled from the commands' own declarations.

Here: the parser and formatter classes, the options every command takes (before or
after its name), the shared option groups (``PARENTS``) and :func:`build_parser`. The
argument types are in ``argtypes``; each command's own arguments are declared beside
its code (see ``dipltime.cli``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable
from typing import Any

from dipltime import __version__
from dipltime.cli import COMMANDS, REGISTRY, Command, Group, find
from dipltime.cli.argtypes import partial_date_arg, whole_arg
from dipltime.cli.speech import _
from dipltime.domain.dates import Feb29
from dipltime.domain.kinds import Kind
from dipltime.errors import UsageError
from dipltime.store.loading import ENV_EVENTS

# --- parser and formatter ----------------------------------------------------------------


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

    def _split_lines(self, text: str, width: int) -> list[str]:
        """argparse's, without breaking a word at its hyphen ("relations-" / "severed")."""
        import textwrap  # argparse has imported it already

        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)


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
        raise UsageError(message, _("see `{prog} --help`").format(prog=self.prog))


MAX_MILESTONE_STEP = 1000


def _add_global_options(parser: argparse._ActionsContainer, top: bool) -> None:
    """The options every command takes, before the command or after it (``dipltime list
    --events DIR`` as well as ``dipltime --events DIR list``). Their defaults are set once,
    on the top parser: a command's parser leaves unset what it was not given (argparse
    copies its answers over the top parser's), so ``--lang es list`` stays Spanish."""

    def default(value: Any) -> Any:
        return value if top else argparse.SUPPRESS

    parser.add_argument(
        "--events",
        metavar="DIR",
        default=default(None),
        help=_(
            "the events collection to read (default: ${variable}, else the bundled events)"
        ).format(variable=ENV_EVENTS),
    )
    parser.add_argument(
        "--lang",
        metavar="LANG",
        default=default(None),
        help=_(
            "the language to answer in: en or es (default: $DIPLTIME_LANG, else the "
            "locale's language when dipltime speaks it, else en)"
        ),
    )
    parser.add_argument(
        "--feb29",
        choices=[f.value for f in Feb29],
        default=default(Feb29.FEB28.value),
        help=_("where anniversaries of 29 February fall in common years (default: feb28)"),
    )
    parser.add_argument(
        "--milestone-every",
        type=whole_arg(1, MAX_MILESTONE_STEP),
        default=default(5),
        metavar="N",
        help=_("round anniversaries are multiples of N years (default: 5)"),
    )


def _global_options() -> _Parser:
    """The options of :func:`_add_global_options`, as a group a command's parser takes."""
    options = _Parser(add_help=False)
    group = options.add_argument_group(_("options of every command"))
    _add_global_options(group, top=False)
    return options


# --- the shared option groups --------------------------------------------------------------


def _filters() -> _Parser:
    """Which events a command considers."""
    filters = _Parser(add_help=False)
    group = filters.add_argument_group(_("filters"))
    group.add_argument(
        "--party",
        action="append",
        default=[],
        metavar="P",
        help=_("a party's code, name or alias (whole); repeat: all must take part"),
    )
    group.add_argument(
        "--kind",
        action="append",
        default=[],
        metavar="KIND",
        choices=[k.value for k in Kind],
        help=_("only this kind of act (the kinds are listed below); repeat for any of several"),
    )
    group.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="TAG",
        help=_("only events with this tag; repeat for any of several"),
    )
    group.add_argument(
        "--since",
        type=partial_date_arg,
        metavar="DATE",
        help=_("events that reach into DATE or later (YYYY, YYYY-MM or YYYY-MM-DD)"),
    )
    group.add_argument(
        "--until",
        type=partial_date_arg,
        metavar="DATE",
        help=_("events that begin in DATE or earlier"),
    )
    group.add_argument(
        "--text",
        default="",
        metavar="WORDS",
        help=_("words in title, summary, people, places or notes (case and accents ignored)"),
    )
    group.add_argument(
        "--by",
        action="append",
        default=[],
        metavar="P",
        help=_(
            "acts P performed: recognised, sent (an envoy, an embassy), visited, granted, "
            "attended; repeat: all"
        ),
    )
    group.add_argument(
        "--to",
        action="append",
        default=[],
        metavar="P",
        help=_(
            "acts directed to P or hosted by P: recognised, received, hosted, granted; repeat: all"
        ),
    )
    return filters


def _as_json() -> _Parser:
    as_json = _Parser(add_help=False)
    as_json.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    return as_json


FORMATS = ("text", "json", "md", "csv")
"""What a listing can be written as (``--format``)."""


def _listing() -> _Parser:
    """How a listing is written: text for people, or for pasting and scripts."""
    listing = _Parser(add_help=False)
    listing.add_argument(
        "--format",
        choices=FORMATS,
        help=_(
            "text (the default), json (for scripts), md (a Markdown chronology with the "
            "sources as footnotes, for a briefing note) or csv (a row per event or "
            "anniversary, for a spreadsheet)"
        ),
    )
    listing.add_argument("--json", action="store_true", help=_("the same as --format json"))
    return listing


def _milestones() -> _Parser:
    milestones = _Parser(add_help=False)
    milestones.add_argument(
        "--milestones", action="store_true", help=_("only round anniversaries of celebrated acts")
    )
    return milestones


def _sources() -> _Parser:
    sources = _Parser(add_help=False)
    sources.add_argument(
        "--sources",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=_(
            "under each event, who says so: its sources' publishers and ids (`on` shows "
            "them unless --no-sources; the other listings only with --sources)"
        ),
    )
    return sources


def _calendar() -> _Parser:
    """The options shared by ``export ics`` and ``publish``."""
    calendar = _Parser(add_help=False)
    calendar.add_argument(
        "--years",
        metavar="FIRST:LAST",
        help=_("anniversaries falling in these years (default: this year and the nine after)"),
    )
    calendar.add_argument(
        "--series",
        action="store_true",
        help=_("one yearly recurring event per record instead of one event per anniversary"),
    )
    calendar.add_argument(
        "--undated",
        action="store_true",
        help=_("include events with no recorded day, on the 1st of their month or 1 January"),
    )
    calendar.add_argument(
        "--alarm",
        metavar="WHEN",
        help=_("a reminder before each event: 7d, 2w, or 7d@09:00 for a time of day"),
    )
    calendar.add_argument(
        "--name", help=_("the calendar's name (default: Diplomatic anniversaries, in --lang)")
    )
    return calendar


PARENTS: dict[str, Callable[[], _Parser]] = {
    "filters": _filters,
    "milestones": _milestones,
    "sources": _sources,
    "json": _as_json,
    "listing": _listing,
    "calendar": _calendar,
    "global": _global_options,
}
"""The option groups that commands share, by the name a ``Command`` gives in ``parents``."""


class _Parents(dict[str, _Parser]):
    """The shared option groups, each built once per parser, and only if a command takes it."""

    def __missing__(self, name: str) -> _Parser:
        self[name] = built = PARENTS[name]()
        return built


# --- the parser ----------------------------------------------------------------------------


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``only``, that command alone.

    The other commands are then left out, and their modules are not imported:
    building them (argparse makes a whole parser for each, and asks gettext for
    each of its words) costs a lookup a sixth of its start-up. The short parser
    is never shown: :func:`main` parses with the full one whenever the short one
    fails, finds no command, or is asked for help.
    """
    parser = _top_parser()
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    parents = _Parents()
    for name in COMMANDS if only is None else (only,):
        _add(commands, find(name), parents)
    return parser


def _top_parser() -> _Parser:
    """``dipltime`` and the options that come before the command."""
    parser = _Parser(
        prog="dipltime",
        description=_(
            "Diplomatic history as a calendar: what happened on a day, which "
            "anniversaries are coming, and the timeline behind them. The options below "
            "may also follow the command (dipltime list --events DIR)."
        ),
        epilog=_("Examples: {examples}").format(
            examples="dipltime on 11-14 · dipltime upcoming --days 60 --milestones · "
            "dipltime --events ./my-events validate"
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"dipltime {__version__}",
        help=_("show program's version number and exit"),  # argparse's own, said in --lang
    )
    _add_global_options(parser, top=True)
    return parser


def _filled(text: str, width: int) -> str:
    """``text`` in lines of at most ``width``, broken between words only (without
    ``textwrap``, which a lookup's start-up would pay for: this runs for every parser)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def _add(
    under: argparse._SubParsersAction[_Parser], command: Command | Group, parents: _Parents
) -> None:
    """Add ``command`` (with the commands under it, for a group) to ``under``."""
    name = command.name.rsplit(" ", 1)[-1]
    help_text = _(REGISTRY[command.name].help)
    if isinstance(command, Group):
        group = under.add_parser(name, help=help_text, description=_(command.description))
        choices = group.add_subparsers(
            dest=command.dest, metavar=command.metavar, parser_class=_Parser, required=True
        )
        for sub in command.commands:
            _add(choices, sub, parents)
        return
    epilog = _("Example: {example}").format(example=command.example)
    if "filters" in command.parents:
        kinds = _("The kinds (--kind): {kinds}").format(kinds=", ".join(k.value for k in Kind))
        epilog = _filled(kinds, _columns() - 2) + "\n\n" + epilog
    parser = under.add_parser(
        name,
        parents=[parents[parent] for parent in (*command.parents, "global")],
        help=help_text,
        description=_((command.run.__doc__ or "").strip()),  # tools/i18n.py extracts them
        epilog=epilog,
        formatter_class=_RawFormatter,
    )
    parser.set_defaults(func=command.run)
    if command.declare is not None:
        command.declare(parser)
