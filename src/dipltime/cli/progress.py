"""A progress bar on stderr while the collection is read whole (a first run, a changed
registry, ``DIPLTIME_CACHE=off``): at 100,000 records that takes seconds, and a terminal
that shows nothing for that long looks hung.

Drawn only when stderr is a terminal, and only for a read that is long enough to
notice; redrawn at most ten times a second; erased when the read is done, so that what
the command prints next starts on a clean line.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from dipltime.domain.language import Language

WIDTH = 24
"""The bar's length in cells."""
AT_ONCE = 1 << 20
"""A read of this many bytes or more shows the bar from its start; a smaller one only
once it has taken :data:`AFTER` seconds."""
AFTER = 0.25
EVERY = 0.1
"""Seconds between two redraws."""


class Bar:
    """Called with the bytes read so far and the bytes to read (``building.Progress``)."""

    def __init__(
        self, stream: TextIO, lang: Language, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.stream = stream
        self.lang = lang
        self.clock = clock
        self.started: float | None = None
        self.drawn = 0.0
        self.shown = False
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        self.cells = ("█", "░") if encoding == "utf8" else ("#", "-")

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if self.started is None:
            self.started = now
        if not self.shown and total < AT_ONCE and now - self.started < AFTER:
            return
        if done < total and self.shown and now - self.drawn < EVERY:
            return
        self.drawn = now
        self.shown = True
        share = min(done / total, 1.0) if total else 1.0
        full = round(share * WIDTH)
        bar = self.cells[0] * full + self.cells[1] * (WIDTH - full)
        label = self.lang._("Reading and checking every record")
        self._write(f"\r{label} {bar} {share:4.0%}")
        if done >= total:
            self.finish()

    def finish(self) -> None:
        """Erase the bar (if it was drawn)."""
        if self.shown:
            self._write("\r\x1b[K")
            self.shown = False

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a progress bar is never worth an error
            pass


def bar_for(stream: TextIO, lang: Language) -> Bar | None:
    """A bar when ``stream`` is a terminal, else None (a log or a pipe gets nothing)."""
    is_tty = getattr(stream, "isatty", None)
    try:
        return Bar(stream, lang) if is_tty and is_tty() else None
    except (OSError, ValueError):
        return None
