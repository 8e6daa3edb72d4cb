"""The command line: the parser, the commands (each declaring its arguments beside its
code), and the one place where errors become messages and exit codes.

- ``main.py``: :func:`~dipltime.cli.main.main` and the console script; errors become
  messages and exit codes there and nowhere else.
- ``parser.py``: the parser and formatter classes, the argument types the commands share,
  the shared option groups (``PARENTS``: ``filters``, ``milestones``, ``json``,
  ``calendar``) and ``build_parser(only=None)``.
- here: ``REGISTRY``, every command in ``--help`` order with the module that holds it and
  its one-line help; ``COMMANDS``, the names of the top-level ones; :class:`Command` and
  :class:`Group`. (Here rather than in a module of their own: every command imports this
  package anyway, and a lookup's start-up pays for each module file.)
- ``context.py``: ``Context`` (what every command is given), ``today_from``, ``count``.
- the command modules: ``lookups.py`` (on, list, upcoming, anniversaries), ``records.py``
  (show, parties, validate), ``browser.py`` (tui), ``calendars.py`` (export ics, export
  manifest), ``publishing.py`` (publish), ``curation.py`` (init, fmt), ``drafts.py`` (new),
  ``completion.py`` (completion); ``argtypes.py``: the argument types they share.

Adding a command, in its module::

    def cmd_frobnicate(ctx: Context) -> int:
        ...  # its docstring is the description in `dipltime frobnicate --help`

    def arguments_frobnicate(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(...)  # the command's own arguments; None when it has none

    FROBNICATE = Command(
        "frobnicate",  # the words that call it: "export ics" for one under a Group
        cmd_frobnicate,  # run: Context -> exit code
        arguments_frobnicate,  # declare
        ("filters", "json"),  # parents: shared option groups, added before its own
        "dipltime frobnicate --json",  # example, the last line of its help
    )

and ``FROBNICATE`` in the module's ``COMMANDS`` (name -> Command or Group), then a line
in :data:`REGISTRY` (name -> module and one-line help) at its place in ``--help``.
``build_parser(only=name)`` imports that one module (:func:`find`); the others are listed
by name and help, empty, without importing theirs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dipltime.i18n import N_

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from dipltime.cli.context import Context


# Plain classes, not NamedTuples: making a NamedTuple class costs a lookup's start-up a tenth
# of a millisecond or more each.


class Command:
    """One command, declared beside its code in its module's ``COMMANDS``.

    ``name`` is the words that call it (``"export ics"`` under a :class:`Group`);
    ``run`` is ``cmd_X``, whose docstring is the command's ``--help`` description;
    ``declare`` is ``arguments_X``, adding the command's own arguments to its parser
    (None when it has none), after those of the ``parents``: the shared option groups of
    ``parser.PARENTS`` it takes, by name; ``example`` is the last line of its help.
    """

    __slots__ = ("name", "run", "declare", "parents", "example")

    def __init__(
        self,
        name: str,
        run: Callable[[Context], int],
        declare: Callable[[argparse.ArgumentParser], None] | None,
        parents: tuple[str, ...],
        example: str,
    ) -> None:
        self.name = name
        self.run = run
        self.declare = declare
        self.parents = parents
        self.example = example


class Group:
    """A command that only chooses among commands (``export ics``, ``export manifest``),
    listed in the order given; the choice, shown as ``metavar``, is stored as ``dest``."""

    __slots__ = ("name", "description", "dest", "metavar", "commands")

    def __init__(
        self, name: str, description: str, dest: str, metavar: str, commands: tuple[Command, ...]
    ) -> None:
        self.name = name
        self.description = description
        self.dest = dest
        self.metavar = metavar
        self.commands = commands


class Entry:
    """A line of :data:`REGISTRY`: the module of ``dipltime.cli`` that holds the command,
    and its one-line help in ``dipltime --help`` (or ``dipltime export --help``)."""

    __slots__ = ("module", "help")

    def __init__(self, module: str, help: str) -> None:
        self.module = module
        self.help = help


REGISTRY: dict[str, Entry] = {
    "on": Entry("lookups", N_("events on a day (or in a month) of the year")),
    "list": Entry("lookups", N_("the chronological timeline")),
    "upcoming": Entry("lookups", N_("anniversaries in the coming days")),
    "anniversaries": Entry("lookups", N_("every anniversary falling in a year")),
    "show": Entry("records", N_("every field of one record")),
    "parties": Entry("records", N_("the registry of parties, with codes and aliases")),
    "validate": Entry("records", N_("check every record and report every problem")),
    "init": Entry("curation", N_("start a new collection in a folder")),
    "new": Entry("drafts", N_("add a record, from options or by asking")),
    "fmt": Entry("curation", N_("rewrite every record in one canonical form")),
    "tui": Entry(
        "browser", N_("browse the timeline in the terminal (also plain `dipltime` on a terminal)")
    ),
    "export": Entry("calendars", N_("write calendars (iCalendar) and web pages")),
    "export ics": Entry("calendars", N_("anniversaries as an .ics file")),
    "export manifest": Entry("calendars", N_("regenerate the calendars a manifest lists")),
    "export site": Entry("web", N_("the chronology as a static web site, with its timeline")),
    "export timelinejs": Entry("web", N_("the records in TimelineJS's JSON format")),
    "publish": Entry("publishing", N_("sync anniversaries into a CalDAV calendar")),
    "import": Entry("imports", N_("import records from primary datasets")),
    "import hsg": Entry(
        "imports", N_("the US Office of the Historian's datasets (rdcr, visits, travels)")
    ),
    "reconcile": Entry("reconcile", N_("compare two collections, or the records of one")),
    "schema": Entry("maintenance", N_("the JSON Schema of a record, for editors")),
    "migrate": Entry("maintenance", N_("rewrite a schema 1 collection into schema 2")),
    "completion": Entry("completion", N_("shell completion for bash, zsh or fish")),
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
