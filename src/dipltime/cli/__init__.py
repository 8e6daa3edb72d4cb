"""The command line: the parser, the commands (each declaring its arguments beside its
code), and the one place where errors become messages and exit codes.

- ``main.py``: :func:`~dipltime.cli.main.main` and the console script; errors become
  messages and exit codes there and nowhere else.
- ``parser.py``: the parser and formatter classes, the argument types the commands share,
  the shared option groups (``PARENTS``: ``filters``, ``milestones``, ``json``,
  ``calendar``) and ``build_parser(only=None)``.
- ``registry.py``: ``REGISTRY``, every command in ``--help`` order with the module that
  holds it and its one-line help; ``COMMANDS``, the names of the top-level ones.
- ``context.py``: ``Context`` (what every command is given), ``today_from``, ``count``.
- the command modules: ``lookups.py`` (on, list, upcoming, anniversaries), ``records.py``
  (show, parties, validate), ``browser.py`` (tui), ``calendars.py`` (export ics, export
  manifest, publish).

Adding a command, in its module::

    def cmd_frobnicate(ctx: Context) -> int:
        \"\"\"The description of `dipltime frobnicate --help`.\"\"\"

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
in ``registry.REGISTRY`` (name -> module and one-line help) at its place in ``--help``.
``build_parser(only=name)`` imports that one module; the others are listed, empty.
"""
