"""Which commands there are, in the order ``--help`` lists them, and where each one lives.

:data:`REGISTRY` names every command (``"export ics"`` for one under ``export``), the
module that holds its code and its one-line help. Listing the commands imports none of
them; :func:`find` imports the one module a command needs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import argparse

    from dipltime.cli.context import Context


class Command(NamedTuple):
    """One command, declared beside its code in its module's ``COMMANDS``.

    ``run``'s docstring is the command's ``--help`` description; ``declare`` adds the
    command's own arguments to its parser (after those of the ``parents``, the shared
    option groups of ``parser.PARENTS`` it takes, by name); ``example`` ends its help.
    """

    name: str
    run: Callable[[Context], int]
    declare: Callable[[argparse.ArgumentParser], None] | None
    parents: tuple[str, ...]
    example: str


class Group(NamedTuple):
    """A command that only chooses among commands (``export ics``, ``export manifest``),
    listed in the order given; the choice, shown as ``metavar``, is stored as ``dest``."""

    name: str
    description: str
    dest: str
    metavar: str
    commands: tuple[Command, ...]


class Entry(NamedTuple):
    module: str
    """The module of ``dipltime.cli`` that holds the command."""
    help: str
    """The one-line help of ``dipltime --help`` (or of ``dipltime export --help``)."""


REGISTRY: dict[str, Entry] = {
    "on": Entry("lookups", "events on a day (or in a month) of the year"),
    "list": Entry("lookups", "the chronological timeline"),
    "upcoming": Entry("lookups", "anniversaries in the coming days"),
    "anniversaries": Entry("lookups", "every anniversary falling in a year"),
    "show": Entry("records", "every field of one record"),
    "parties": Entry("records", "the registry of parties, with codes and aliases"),
    "validate": Entry("records", "check every record and report every problem"),
    "tui": Entry(
        "browser", "browse the timeline in the terminal (also plain `dipltime` on a terminal)"
    ),
    "export": Entry("calendars", "write calendars (iCalendar)"),
    "export ics": Entry("calendars", "anniversaries as an .ics file"),
    "export manifest": Entry("calendars", "regenerate the calendars a manifest lists"),
    "publish": Entry("calendars", "sync anniversaries into a CalDAV calendar"),
}
"""Every command and every command under one, in the order ``--help`` lists them."""

COMMANDS = tuple(name for name in REGISTRY if " " not in name)
"""Every command, in the order ``--help`` lists them."""


def find(name: str) -> Command | Group:
    """The command called ``name``, importing its module (and that module only).

    ``__import__`` rather than ``importlib``, which a lookup would otherwise import for this.
    """
    module = __import__(f"dipltime.cli.{REGISTRY[name].module}", fromlist=["COMMANDS"])
    found: Command | Group = module.COMMANDS[name]
    return found
