"""What every command needs: :class:`Context`, today's date, and shared printing helpers.

Reading the clock happens here and in the TUI only: ``DIPLTIME_TODAY=YYYY-MM-DD``
overrides it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection as Many
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, TextIO

from dipltime.cli.speech import _
from dipltime.domain.core import MilestoneRule, Settings
from dipltime.domain.dates import Feb29, PartialDate, check_year
from dipltime.domain.filters import Filter, Query, resolve_party, select
from dipltime.domain.kinds import Kind
from dipltime.domain.language import Language, language
from dipltime.domain.model import Collection, Event, Party
from dipltime.domain.text import one_line
from dipltime.errors import UsageError
from dipltime.i18n import choose
from dipltime.outputs import render
from dipltime.outputs.streams import write_out, write_pieces
from dipltime.store.loading import Events, open_events, resolve_events_dir
from dipltime.store.tables import BY_DATE, Order

if TYPE_CHECKING:
    import argparse


ENV_TODAY = "DIPLTIME_TODAY"


class Context:
    """What every command needs: the options, today, the output streams and the styling."""

    def __init__(
        self,
        args: argparse.Namespace,
        environ: Mapping[str, str],
        stdout: TextIO,
        stderr: TextIO,
        lang: Language | None = None,
    ) -> None:
        self.args = args
        self.environ = environ
        self.stdout = stdout
        self.stderr = stderr
        self.stdin_is_tty = False
        self.today = today_from(environ)
        # The language main chose before parsing (from --lang, else the environment).
        self.lang: Language = lang or language(choose(getattr(args, "lang", None), environ))
        self.settings = Settings(
            feb29=Feb29(args.feb29), milestones=MilestoneRule(every=args.milestone_every)
        )
        is_tty = hasattr(stdout, "isatty") and stdout.isatty()
        self.style = render.Style(
            # no-color.org: set and not empty; an empty NO_COLOR= leaves colour on
            color=is_tty and not environ.get("NO_COLOR") and environ.get("TERM") != "dumb",
            width=terminal_width(stdout, environ) if is_tty else 0,
        )
        self._events: Events | None = None

    @property
    def output_format(self) -> str:
        """How a listing is written: ``--format``, or json for ``--json`` (text by default)."""
        chosen = getattr(self.args, "format", None)
        if getattr(self.args, "json", False):
            if chosen not in (None, "json"):
                raise UsageError(
                    _("--json and --format {format} ask for two formats").format(format=chosen),
                    _("give one of them"),
                )
            return "json"
        return chosen or "text"

    @property
    def events_dir(self) -> str:
        return resolve_events_dir(self.args.events, self.environ)

    @property
    def events(self) -> Events:
        """The collection, opened (and validated, or taken from the cache) on first use."""
        if self._events is None:
            from dipltime.cli.progress import bar_for
            from dipltime.store.cache import cache_folder

            bar = bar_for(self.stderr, self.lang)
            try:
                self._events = open_events(self.events_dir, cache_folder(self.environ), bar)
            finally:
                if bar is not None:
                    bar.finish()  # a problem found is reported on a clean line
        return self._events

    @property
    def collection(self) -> Collection:
        """Every event: for the commands that need them all (export, the browser)."""
        return self.events.collection()

    def select(self, query: Query, flt: Filter, ordered: bool = True) -> tuple[Event, ...]:
        """The events that pass ``flt``, looked up through ``query`` (see ``core.Query``);
        in chronological order unless not ``ordered`` (the core functions that sort their
        answer fully need no order given)."""
        return select(self.events.candidates(query, ordered), flt)

    def stream(self, query: Query, flt: Filter, order: Order = BY_DATE) -> Iterator[Event]:
        """The events that pass ``flt``, looked up through ``query`` and read one by one as
        they are taken, in ``order``: for the answers as long as the collection."""
        events = self.events.stream(query, order)
        return (event for event in events if flt.matches(event)) if any(flt) else events

    def count(self, query: Query, flt: Filter) -> int:
        """How many events :meth:`stream` gives (counted without decoding one when nothing
        narrows the collection)."""
        if not any(flt) and query == Query():
            return self.events.counts()[0]
        return sum(1 for _ in self.stream(query, flt))

    def write(self, pieces: Iterable[str], separator: str = "\n", end: str = "\n") -> None:
        """Write pieces of an answer as they come, and ``end`` (a line break) after the last."""
        write_pieces(self.stdout, pieces, separator)
        if end:
            write_out(self.stdout, end)

    def filter(
        self, known: Mapping[str, Party] | None = None, tags: Many[str] | None = None
    ) -> Filter:
        """The filters of the command line, parties found in ``known`` (default: the
        collection's registry) and tags in ``tags`` (default: the collection's). A filter
        that can match nothing is a usage error, not an empty answer: a party or a tag no
        record has, or dates that end before they begin."""
        args = self.args
        known = self.events.parties if known is None else known
        parties = tuple(resolve_party(p, known) for p in args.party)
        if args.tag:
            check_tags(args.tag, self.events.tags() if tags is None else tags)
        if args.since is not None and args.until is not None:
            check_range(args.since, args.until)
        return Filter(
            parties=parties,
            kinds=tuple(Kind(k) for k in args.kind),
            tags=tuple(args.tag),
            since=args.since,
            until=args.until,
            text=args.text,
            by=tuple(resolve_party(p, known) for p in args.by),
            to=tuple(resolve_party(p, known) for p in args.to),
        )

    def out(self, text: str) -> None:
        write_out(self.stdout, text + "\n")

    def say(self, text: str) -> None:
        """A line of prose (a heading, "no events"), wrapped to the terminal's width."""
        from dipltime.outputs.fitting import hang

        self.out(hang("", text, "", self.style.width))

    def note(self, text: str) -> None:
        """A diagnostic for the person at the terminal: stderr, never mixed into the data."""
        self.stderr.write(one_line(text) + "\n")


def terminal_width(stdout: TextIO, environ: Mapping[str, str]) -> int:
    """The columns a listing is wrapped to on a terminal: ``$COLUMNS`` when set (as
    ``shutil`` reads it), else the terminal's own width; 0 when neither is known."""
    import os

    text = environ.get("COLUMNS", "")
    if text.isdigit() and int(text) > 0:
        return int(text)
    try:
        return os.get_terminal_size(stdout.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return 0


def check_tags(asked: Iterable[str], known: Many[str]) -> None:
    """Refuse a ``--tag`` that no record carries, naming the nearest ones."""
    import difflib

    for tag in asked:
        if tag in known:
            continue
        near = difflib.get_close_matches(tag, sorted(known), n=3, cutoff=0.6)
        near += [t for t in sorted(known) if t.casefold() == tag.casefold() and t not in near]
        if near:
            hint = _("did you mean {tags}?").format(tags=", ".join(near))
        elif known:
            shown = sorted(known)
            hint = _("the records' tags: {tags}").format(
                tags=", ".join(shown[:20]) + (", …" if len(shown) > 20 else "")
            )
        else:
            hint = _("no record of this collection has tags")
        raise UsageError(_("no record is tagged {tag!r}").format(tag=tag), hint)


def check_range(since: PartialDate, until: PartialDate) -> None:
    """Refuse ``--since`` after ``--until``: no event could both begin by the one and
    reach the other."""
    if since.first_day > until.last_day:
        raise UsageError(
            _("--since {since} is after --until {until}: no event can match").format(
                since=since.iso(), until=until.iso()
            ),
            _("swap the two dates"),
        )


def today_from(environ: Mapping[str, str]) -> dt.date:
    """Today, or ``$DIPLTIME_TODAY`` when set (for tests and for planning ahead)."""
    value = environ.get(ENV_TODAY)
    if not value:
        return dt.date.today()
    try:
        day = dt.date.fromisoformat(value) if value.isascii() and len(value) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise UsageError(
            _("{name}={value!r} is not a date").format(name=ENV_TODAY, value=value),
            _("set {name} to YYYY-MM-DD or unset it").format(name=ENV_TODAY),
        )
    check_year(day.year, ENV_TODAY)
    return day


def count(number: int, noun: str, lang: Language | None = None) -> str:
    """ "1 event", "3 events", and in another language as its catalogue says."""
    if lang is not None and not lang.is_source:
        n_ = lang.n_
        said = {
            "event": n_("{n} event", "{n} events", number),
            "file": n_("{n} file", "{n} files", number),
            "party": n_("{n} party", "{n} parties", number),
            "warning": n_("{n} warning", "{n} warnings", number),
            "calendar event": n_("{n} calendar event", "{n} calendar events", number),
        }
        if noun in said:
            return said[noun].format(n=number)
    if number == 1:
        return f"1 {noun}"
    return f"{number} {noun[:-1] + 'ies' if noun.endswith('y') else noun + 's'}"
