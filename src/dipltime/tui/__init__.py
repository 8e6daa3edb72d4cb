"""The Textual timeline browser. Only ``dipltime tui`` imports this package."""

from __future__ import annotations

import datetime as dt

from dipltime.core import Settings
from dipltime.model import Collection


def run(collection: Collection, today: dt.date, settings: Settings) -> None:
    """Open the browser on already loaded, validated events."""
    from dipltime.tui.app import DipltimeApp

    DipltimeApp(collection, today, settings).run()
