"""``dipltime tui``: the browser, started once the events are loaded and valid.

Textual is imported only then: a lookup never imports this module, a browser's start-up
pays for Textual once.
"""

from __future__ import annotations

from dipltime.cli import Command
from dipltime.cli.context import Context


def cmd_tui(ctx: Context) -> int:
    """Browse the timeline in the terminal: timeline, on this day, upcoming, overview.

    The events are loaded and validated first: invalid data is reported here,
    before the browser starts. DIPLTIME_TODAY sets its "today" too. It needs a
    terminal (input, output and error); scripts use list, on and upcoming.
    """
    from dipltime.store.browsing import open_for_browsing

    # Load and validate before paying for Textual's import. From an intact cache the
    # browser reads a page of records at a time; else it takes the collection whole.
    collection = open_for_browsing(ctx.events) or ctx.collection
    from dipltime.tui import need_a_terminal, run

    need_a_terminal(ctx.stdin_is_tty, ctx.stdout)
    ctx.events.close()  # the browser has its own connection, or keeps what it read
    import gc

    gc.enable()  # the browser runs for hours: its garbage must be collected

    run(collection, ctx.today, ctx.settings, lang=ctx.lang)
    return 0


TUI = Command("tui", cmd_tui, None, (), "dipltime tui")


COMMANDS = {TUI.name: TUI}
