"""The plain, frozen records the core works on.

Pydantic validates YAML into these at the boundary (``schema.py``); from there
on every layer sees only these named tuples, dates and plain tuples. Named
tuples rather than dataclasses: they are built three times faster and their
module loads without ``dataclasses`` (and ``inspect``), which every command
would otherwise pay for at start-up.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from dipltime.domain.dates import DateSpec, PartialDate
from dipltime.domain.kinds import KINDS as KINDS  # re-exported: the vocabulary of a record
from dipltime.domain.kinds import Kind

NOT_STATED = "not stated"


class Source(NamedTuple):
    """A document that supports an event, as the source registry describes it, and where in
    it the event's fact stands (``locator``, ``quote``): one citation."""

    publisher: str
    """Who published it, or "not stated"."""
    title: str
    """Its title, or "not stated"."""
    date: str
    """When it was published (EDTF, ``2017?`` when inferred), or "not stated"."""
    document: str = ""
    locator: str = ""
    id: str = ""
    """Its id in ``sources.yaml`` ("" for a source written inline, in schema 1)."""
    quote: str = ""
    language: str = ""
    translation: bool = False
    url: str = ""
    licence: str = ""
    date_note: str = ""


class OtherDate(NamedTuple):
    """A date another source gives for the same act."""

    date: DateSpec
    end: PartialDate | None
    source: Source
    note: str = ""


class Ending(NamedTuple):
    """A break in an act's life: what ended it (``ends`` on a later record), when, and what
    restored it, if anything. An act broken off and resumed twice has two."""

    date: PartialDate
    by: str
    """The id of the record that ended it."""
    kind: Kind
    resumed: PartialDate | None = None
    """When relations were resumed with the count going on from the original act."""
    resumed_by: str = ""
    bound: str = ""
    """The ending record's bound ("before", "between", "after"): "before 2000" may mean
    any year before, so the act counts as ended from its own first year."""
    until: PartialDate | None = None
    """The upper bound of a "between" ending."""

    @property
    def from_year(self) -> int:
        """The first year the act counts as ended in (0: it may have ended at any time)."""
        return 0 if self.bound == "before" else self.date.year


class Event(NamedTuple):
    """One dated diplomatic act, as validated from the YAML records."""

    id: str
    date: PartialDate
    title: str
    summary: str
    kind: Kind
    parties: tuple[str, ...]
    sources: tuple[Source, ...]
    mark: str = ""
    """The date's EDTF mark: "" stated, "?" inferred, "~" approximate, "%" both."""
    date_note: str = ""
    end: PartialDate | None = None
    places: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    notes: str = ""
    bound: str = ""
    """"between", "after" or "before" when the date is a span the act lies in."""
    until: PartialDate | None = None
    """The upper bound of a "between" date."""
    roles: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(role, party codes) pairs, in the order of ``kinds.ROLE_NAMES``."""
    certainty: str = "certain"
    """"certain", "doubtful" or "disputed" (``kinds.Certainty``)."""
    certainty_note: str = ""
    celebrated: bool | None = None
    """``False`` when the record says its act is never a milestone; None: as its kind."""
    celebration_note: str = ""
    ends: str = ""
    """The id of the earlier act this one ends."""
    resumes: str = ""
    """The id of the relations this record restores."""
    counts_from: str = ""
    """With ``resumes``: "original" or "resumption"."""
    other_dates: tuple[OtherDate, ...] = ()
    ended: tuple[Ending, ...] = ()
    """The breaks in this act's life, in order, when later records end it (computed over
    the whole collection)."""
    given_title: bool = True
    """False when ``title`` was generated from kind, roles and people."""
    titles: tuple[tuple[str, str], ...] = ()
    """(language, title) pairs: the title in other languages than the record's own."""
    revised: dt.date | None = None
    """When the record was last revised (drives DTSTAMP and SEQUENCE in exports)."""
    path: str = ""
    """The file the record is in, as shown to the user."""
    line: int = 0
    """The line where the record begins."""
    id_line: int = 0
    """The line of its ``id`` (where a duplicate id is reported)."""

    @property
    def inferred(self) -> bool:
        """Part of the date comes from context (EDTF ``?`` or ``%``)."""
        return self.mark in ("?", "%")

    @property
    def approximate(self) -> bool:
        """The date is "about" (EDTF ``~`` or ``%``) or only a span the act lies in."""
        return self.mark in ("~", "%") or bool(self.bound)

    @property
    def spec(self) -> DateSpec:
        return DateSpec(self.date, self.mark, self.bound, self.until)

    def role(self, name: str) -> tuple[str, ...]:
        """The parties playing ``name`` (() when none)."""
        for role, codes in self.roles:
            if role == name:
                return codes
        return ()

    @property
    def last(self) -> PartialDate:
        """The last date of the event: ``end`` or, for a single date, ``date``."""
        return self.end or self.date

    @property
    def sort_key(self) -> tuple[int, int, int, int, int, int, str]:
        """Chronological order: start, then end, then id (so the order is total and stable).

        Plain integers (0 for a missing month or day, so a less precise date comes
        first): comparing them is many times cheaper than comparing PartialDates,
        which matters when 100,000 events are sorted.
        """
        start, end = self.date, self.end or self.date
        return (start.year, start.month, start.day, end.year, end.month, end.day, self.id)


class Party(NamedTuple):
    """A state, organisation or forum that takes part in events."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()
    type: str = "state"
    existed: str = ""
    note: str = ""
    since: int = 0
    """The year it became a state (0: not recorded)."""
    until: int = 0
    """The year it ceased to be one (0: it still is, or not recorded)."""
    sources: tuple[str, ...] = ()
    """Ids in ``sources.yaml`` for ``since`` and ``until``."""
    names: tuple[tuple[str, str], ...] = ()
    """(language, name) pairs: the name in other languages, as it reads in a sentence
    (Spanish "el Perú": lists leave the article out)."""

    @property
    def every_name(self) -> tuple[str, ...]:
        """Every name a reader may type for the party: its name, aliases and names in other
        languages, these also without the article they take in a sentence ("Perú")."""
        translated = [name for _, name in self.names]
        bare = [without_article(name) for name in translated]
        return (self.name, *self.aliases, *translated, *(b for b in bare if b not in translated))


_ARTICLE = re.compile(r"^(?:el|la|los|las) ")
"""An article a name starts with in a sentence ("el Perú", "los Estados Unidos"), in the
languages dipltime speaks besides English (a new one with articles adds its own here)."""


def without_article(name: str) -> str:
    """``name`` without the lower-case article it takes in a sentence: "Perú" of "el Perú"."""
    return _ARTICLE.sub("", name)


class Collection:
    """A loaded, validated collection: events in chronological order and the party registry."""

    __slots__ = ("events", "parties")

    def __init__(self, events: tuple[Event, ...], parties: dict[str, Party] | None = None) -> None:
        self.events = events
        self.parties: dict[str, Party] = {} if parties is None else parties

    def party_name(self, code: str) -> str:
        party = self.parties.get(code)
        return party.name if party else code
