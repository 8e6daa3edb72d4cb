"""Turning events and occurrences into text for a terminal, or into JSON.

Pure functions returning strings: the CLI decides where they go. Text from the
data passes through :func:`dipltime.domain.text.neutralise`, so a control sequence in
a record can never reach the terminal as one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

from dipltime.domain.core import Occurrence, ended_in
from dipltime.domain.kinds import KINDS
from dipltime.domain.language import ENGLISH, Language
from dipltime.domain.model import NOT_STATED, Event, Party
from dipltime.domain.text import neutralise
from dipltime.outputs.fitting import RESET, hang


class Style(NamedTuple):
    """How a listing is shown: ANSI styling or none at all (not a terminal, ``NO_COLOR``),
    and the terminal's width to wrap to (0: not a terminal, lines as long as they come)."""

    color: bool = False
    width: int = 0

    def _wrap(self, code: str, text: str) -> str:
        """``text`` in the style ``code``; a style nested inside it ends with a reset, after
        which this one is set again (dim text after a yellow warning stays dim)."""
        if not self.color or not text:
            return text
        start = f"\x1b[{code}m"
        return start + text.replace(RESET, RESET + start) + RESET

    def bold(self, text: str) -> str:
        return self._wrap("1", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)

    def star(self, text: str) -> str:
        return self._wrap("1;33", text)

    def warn(self, text: str) -> str:
        return self._wrap("33", text)


PLAIN = Style()


def day_heading(day: dt.date, lang: Language = ENGLISH) -> str:
    return lang.day_heading(day)


def short_day(day: dt.date, pad: bool = True, lang: Language = ENGLISH) -> str:
    """``Sat 14 Nov 2026``; ``pad`` right-aligns the day for columns (``Sun  1 Nov 2026``)."""
    return lang.short_day(day, pad)


def title(event: Event, parties: Mapping[str, Party], lang: Language = ENGLISH) -> str:
    """The record's title in ``lang``: its own, the one it gives in that language, or one
    generated in that language from kind, roles and people."""
    if lang.is_source:
        return event.title
    for code, text in event.titles:
        if code == lang.code:
            return text
    from dipltime.domain.titles import generated_title

    return generated_title(event, parties, lang)


def headline(
    occ: Occurrence, lang: Language = ENGLISH, parties: Mapping[str, Party] | None = None
) -> str:
    """``30th anniversary of Peru–Viet Nam diplomatic relations``, or the title in its own year."""
    named = neutralise(title(occ.event, parties or {}, lang))
    if occ.anniversary is None:
        return lang.standalone(named)
    _ = lang._
    # TRANSLATORS: {ordinal} is "30th" ("30.º"), {title} a record's title.
    text = lang.fill(
        _("{ordinal} anniversary of {title}"), ordinal=lang.ordinal(occ.anniversary), title=named
    )
    # TRANSLATORS: an anniversary of an approximate date ("c. 30th anniversary of …").
    return _("c. {anniversary}").format(anniversary=text) if occ.event.approximate else text


class _Names(dict[tuple[str, ...], str]):
    """The parties of events as shown, each combination worked out once per listing
    (a long listing names the same few hundred combinations again and again)."""

    def __init__(self, parties: Mapping[str, Party], lang: Language = ENGLISH) -> None:
        super().__init__()
        self.parties = parties
        self.lang = lang

    def __missing__(self, codes: tuple[str, ...]) -> str:
        shown = self[codes] = ", ".join(
            neutralise(self.lang.party(self.parties.get(c), c)) for c in codes
        )
        return shown


def _meta(
    event: Event, names: _Names, style: Style, year: int | None = None, lang: Language = ENGLISH
) -> str:
    """Kind · parties · what a reader must know before citing it · id."""
    _ = lang._
    bits = [lang.kind(KINDS[event.kind].label), names[event.parties]]
    if event.inferred:
        bits.append(style.warn(_("date inferred")))
    if event.certainty != "certain":
        certainty = lang.certainty(event.certainty)
        bits.append(style.warn(neutralise(f"{certainty}: {event.certainty_note}")))
    if event.celebrated is False:
        bits.append(neutralise(_("not celebrated: {why}").format(why=event.celebration_note)))
    if event.ended:
        ended = ended_in(event, year if year is not None else 9999, lang)
        if ended:
            bits.append(ended)
    bits.append(event.id)
    return " · ".join(bits)


def _observed_note(occ: Occurrence, lang: Language) -> str:
    """Say so when an anniversary of 29 February is observed on another day."""
    start, observed = occ.event.date, occ.observed
    if (
        observed
        and (start.month, start.day) == (2, 29)
        and (observed.month, observed.day) != (2, 29)
    ):
        # TRANSLATORS: an anniversary of 29 February in a common year; {day} and {mon}
        # are the day it is observed on.
        note = lang._(" (29 Feb, observed {day} {mon})")
        return note.format(
            day=observed.day,
            mon=lang.months_abbr[observed.month - 1],
            month=lang.months[observed.month - 1],
        )
    return ""


def occurrence_line(
    occ: Occurrence, style: Style, lang: Language, parties: Mapping[str, Party]
) -> str:
    """The headline of an anniversary as every listing says it: "★ 30th anniversary of …
    — bicentenary" for a milestone, with a note where 29 February is observed elsewhere."""
    text = headline(occ, lang, parties) + _observed_note(occ, lang)
    if occ.milestone:
        jubilee = lang.jubilee(occ.jubilee)
        return style.star("★ " + text + (f" — {jubilee}" if jubilee else ""))
    return text


NARROW = 24
"""Fewer cells than this beside the date column, and the text goes under the date."""


def _indent(width: int, fit: int) -> str:
    """Where the text of a listing begins: beside a date column ``width`` wide, or, on a
    terminal too narrow for that (``fit`` cells), under the date."""
    if fit and fit - (width + 4) < NARROW:
        return "    "
    return " " * (width + 4)


def _column(when: str, text: str, width: int = 16, fit: int = 0) -> str:
    """The date column and the text beside it, wrapped to ``fit`` cells under a hanging
    indent; a date too long for the column ("between 1840 and 1844"), or a terminal too
    narrow for one, puts the date on a line of its own, so that the text stays aligned."""
    indent = _indent(width, fit)
    if len(when) > width or len(indent) <= width:
        return hang("  ", when, "  ", fit) + "\n" + hang(indent, text, indent, fit)
    return hang(f"  {when:<{width}}  ", text, indent, fit)


def _no_day(event: Event, lang: Language) -> str:
    month = event.date.month
    if month:
        # TRANSLATORS: an event known to the month only, in a column of days ("Nov, no day").
        return lang._("{mon}, no day").format(mon=lang.months_abbr[month - 1])
    return lang._("no day")


def according_to(event: Event, lang: Language) -> str:
    """Who says so: "according to Department of State (hsg-rdcr-peru); VNS (a, b)", each
    publisher once with the ids of its sources."""
    said: dict[str, list[str]] = {}
    for source in event.sources:
        who = source.publisher if source.publisher != NOT_STATED else ""
        if not who and source.title != NOT_STATED:
            who = source.title
        ids = said.setdefault(neutralise(who), [])
        if source.id and source.id not in ids:
            ids.append(source.id)
    parts = [
        f"{who} ({', '.join(ids)})" if who and ids else who or ", ".join(ids)
        for who, ids in said.items()
    ]
    # TRANSLATORS: under an event with --sources: {sources} are publishers with source ids.
    return lang._("according to {sources}").format(sources="; ".join(parts))


def occurrences_text(
    occurrences: Sequence[Occurrence],
    parties: Mapping[str, Party],
    style: Style,
    lead: str = "date",
    lang: Language = ENGLISH,
    sources: bool = False,
) -> str:
    """A block of occurrences: the date (original, or observed with ``lead="observed"``), then a headline."""
    return "\n".join(occurrence_blocks(occurrences, parties, style, lead, lang, sources))


def occurrence_blocks(
    occurrences: Iterable[Occurrence],
    parties: Mapping[str, Party],
    style: Style,
    lead: str = "date",
    lang: Language = ENGLISH,
    sources: bool = False,
) -> Iterator[str]:
    """The lines of each occurrence (see :func:`occurrences_text`), one occurrence at a time."""
    names = _Names(parties, lang)
    days: dict[dt.date, str] = {}
    width, fit = lang.column, style.width
    pad = _indent(width, fit)
    for occ in occurrences:
        event = occ.event
        original = lang.describe(event.spec, event.end)
        line = occurrence_line(occ, style, lang, parties)
        if lead == "observed":
            observed = occ.observed
            if observed:
                when = days.get(observed) or days.setdefault(observed, lang.short_day(observed))
            else:
                when = _no_day(event, lang)
            first = _column(when, line, width, fit)
            meta = _meta(event, names, style, occ.year, lang)
            second = hang(pad, style.dim(original + " · " + meta), pad, fit)
        else:
            first = _column(original, line, width, fit)
            second = hang(pad, style.dim(_meta(event, names, style, occ.year, lang)), pad, fit)
        if sources:
            yield f"{first}\n{second}\n{hang(pad, style.dim(according_to(event, lang)), pad, fit)}"
        else:
            yield f"{first}\n{second}"


def events_text(
    events: Sequence[Event],
    parties: Mapping[str, Party],
    style: Style,
    lang: Language = ENGLISH,
    sources: bool = False,
) -> str:
    """The chronological timeline: date at its precision, title, then kind and parties."""
    return "\n".join(event_blocks(events, parties, style, lang, sources))


def event_blocks(
    events: Iterable[Event],
    parties: Mapping[str, Party],
    style: Style,
    lang: Language = ENGLISH,
    sources: bool = False,
) -> Iterator[str]:
    """The lines of each event of the timeline (see :func:`events_text`), one at a time."""
    names = _Names(parties, lang)
    width, fit = lang.column, style.width
    pad = _indent(width, fit)
    for event in events:
        when = lang.describe(event.spec, event.end)
        named = lang.standalone(neutralise(title(event, parties, lang)))
        meta = style.dim(_meta(event, names, style, None, lang))
        block = f"{_column(when, named, width, fit)}\n{hang(pad, meta, pad, fit)}"
        if sources:
            block += "\n" + hang(pad, style.dim(according_to(event, lang)), pad, fit)
        yield block
