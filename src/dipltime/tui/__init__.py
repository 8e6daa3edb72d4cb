"""The Textual timeline browser. Only ``dipltime tui`` imports this package."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TextIO

from dipltime.domain.browse import Paged
from dipltime.domain.core import Settings
from dipltime.domain.language import ENGLISH, Language
from dipltime.domain.model import Collection
from dipltime.errors import DipltimeError, UsageError


class BrowserCrashed(RuntimeError):
    """The browser stopped on an exception of its own (a bug); Textual has shown its trace."""


def need_a_terminal(stdin_is_tty: bool, stdout: TextIO) -> None:
    """Refuse to start the browser where nobody can see or drive it.

    Textual reads keys from standard input and draws on standard error, and a
    script's output goes to standard output: without a terminal on all three it
    would write escape codes into a file or pipe and wait for keys forever.
    """
    streams = (
        ("input", stdin_is_tty),
        ("output", _is_a_terminal(stdout)),
        ("error", _is_a_terminal(sys.__stderr__)),
    )
    missing = [name for name, tty in streams if not tty]
    if not missing:
        return
    names = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
    verb = "is not a terminal" if len(missing) == 1 else "are not terminals"
    raise UsageError(
        f"the browser needs a terminal; standard {names} {verb}",
        "in scripts and pipes use dipltime list, on or upcoming (with --json for programs)",
    )


def _is_a_terminal(stream: TextIO | None) -> bool:
    is_tty = getattr(stream, "isatty", None)
    return bool(is_tty and is_tty())


def run(
    collection: Collection | Paged,
    today: dt.date,
    settings: Settings,
    *,
    headless: bool = False,
    lang: Language | None = None,
) -> None:
    """Open the browser on already loaded, validated events.

    Textual catches an exception raised inside the app, restores the terminal,
    prints the trace and returns normally with ``return_code`` 1: that is raised
    here again, so that a crash never ends the command with exit code 0.
    """
    from dipltime.tui.palette import speaking

    app = speaking(lang)(collection, today, settings, lang or ENGLISH)
    app.run(headless=headless)
    if app.return_code:
        error = getattr(app, "_exception", None)  # Textual keeps the first one here
        if isinstance(error, DipltimeError):  # said to the user (a damaged cache), not a bug
            raise error
        if error is not None:
            raise BrowserCrashed(f"{error.__class__.__name__}: {error}") from error
        raise BrowserCrashed(f"the browser stopped with code {app.return_code}")
