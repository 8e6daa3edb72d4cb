"""The Textual timeline browser. Only ``dipltime tui`` imports this package."""

from __future__ import annotations

import datetime as dt

from dipltime.core import Settings
from dipltime.model import Collection


class BrowserCrashed(RuntimeError):
    """The browser stopped on an exception of its own (a bug); Textual has shown its trace."""


def run(
    collection: Collection, today: dt.date, settings: Settings, *, headless: bool = False
) -> None:
    """Open the browser on already loaded, validated events.

    Textual catches an exception raised inside the app, restores the terminal,
    prints the trace and returns normally with ``return_code`` 1: that is raised
    here again, so that a crash never ends the command with exit code 0.
    """
    from dipltime.tui.app import DipltimeApp

    app = DipltimeApp(collection, today, settings)
    app.run(headless=headless)
    if app.return_code:
        error = getattr(app, "_exception", None)  # Textual keeps the first one here
        if error is not None:
            raise BrowserCrashed(f"{error.__class__.__name__}: {error}") from error
        raise BrowserCrashed(f"the browser stopped with code {app.return_code}")
