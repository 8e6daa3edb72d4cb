"""The plain, frozen records the core works on.

Pydantic validates YAML into these at the boundary (``schema.py``); from there
on every layer sees only these named tuples, dates and plain tuples. Named
tuples rather than dataclasses: they are built three times faster and their
module loads without ``dataclasses`` (and ``inspect``), which every command
would otherwise pay for at start-up.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import NamedTuple

from dipltime.domain.dates import PartialDate


class Kind(StrEnum):
    """What kind of diplomatic act an event is (a closed vocabulary)."""

    RECOGNITION = "recognition"
    RELATIONS_ESTABLISHED = "relations-established"
    RELATIONS_SUSPENDED = "relations-suspended"
    RELATIONS_SEVERED = "relations-severed"
    RELATIONS_RESUMED = "relations-resumed"
    TREATY_SIGNED = "treaty-signed"
    TREATY_IN_FORCE = "treaty-in-force"
    AGREEMENT_SIGNED = "agreement-signed"
    PARTNERSHIP = "partnership"
    JOINT_DECLARATION = "joint-declaration"
    STATUS_GRANTED = "status-granted"
    ENVOY_ACCREDITED = "envoy-accredited"
    EMBASSY_OPENED = "embassy-opened"
    EMBASSY_CLOSED = "embassy-closed"
    STATE_VISIT = "state-visit"
    OFFICIAL_VISIT = "official-visit"
    MINISTERIAL_MEETING = "ministerial-meeting"
    CONSULTATIONS = "consultations"
    SUMMIT_HOSTED = "summit-hosted"
    COOPERATION = "cooperation"


class KindInfo(NamedTuple):
    """How a kind reads and whether its round anniversaries are celebrated."""

    label: str
    celebrated: bool
    description: str


# Whose round anniversaries are milestones. Foundational acts are celebrated
# (DOMAIN.md: relations, recognition, treaties, partnerships, first embassies);
# closures, severances and suspensions are remembered, never toasted; routine
# meetings and consultations recur too often to be jubilees.
KINDS: dict[Kind, KindInfo] = {
    Kind.RECOGNITION: KindInfo("recognition", True, "one state recognises another"),
    Kind.RELATIONS_ESTABLISHED: KindInfo(
        "relations established", True, "diplomatic relations are established or formalised"
    ),
    Kind.RELATIONS_SUSPENDED: KindInfo("relations suspended", False, "relations are suspended"),
    Kind.RELATIONS_SEVERED: KindInfo("relations severed", False, "relations are broken off"),
    Kind.RELATIONS_RESUMED: KindInfo("relations resumed", True, "broken relations are restored"),
    Kind.TREATY_SIGNED: KindInfo("treaty signed", True, "a treaty is signed"),
    Kind.TREATY_IN_FORCE: KindInfo("treaty in force", True, "a treaty enters into force"),
    Kind.AGREEMENT_SIGNED: KindInfo(
        "agreement signed", True, "an agreement or memorandum below treaty level is signed"
    ),
    Kind.PARTNERSHIP: KindInfo(
        "partnership", True, "a strategic or comprehensive partnership is announced or agreed"
    ),
    Kind.JOINT_DECLARATION: KindInfo(
        "joint declaration", True, "the parties issue a joint declaration or statement"
    ),
    Kind.STATUS_GRANTED: KindInfo(
        "status granted", True, "an organisation grants a status (observer, partner, member)"
    ),
    Kind.ENVOY_ACCREDITED: KindInfo(
        "envoy accredited",
        True,
        "a consul, chargé, minister or ambassador is appointed or received",
    ),
    Kind.EMBASSY_OPENED: KindInfo("embassy opened", True, "an embassy is opened or reopened"),
    Kind.EMBASSY_CLOSED: KindInfo("embassy closed", False, "an embassy is closed"),
    Kind.STATE_VISIT: KindInfo(
        "state visit", True, "a head of state or government visits (state or official visit)"
    ),
    Kind.OFFICIAL_VISIT: KindInfo("official visit", False, "a minister or other official visits"),
    Kind.MINISTERIAL_MEETING: KindInfo(
        "ministerial meeting", False, "ministers or leaders meet, often on the sidelines of a forum"
    ),
    Kind.CONSULTATIONS: KindInfo(
        "consultations", False, "a session of a bilateral consultation or working mechanism"
    ),
    Kind.SUMMIT_HOSTED: KindInfo(
        "summit hosted", True, "a summit or multilateral conference is hosted"
    ),
    Kind.COOPERATION: KindInfo("cooperation", False, "a cooperation programme is set up"),
}


class DateBasis(StrEnum):
    """How the date of an event was obtained from its sources."""

    STATED = "stated"
    """Every part of the date is written in a source."""
    INFERRED = "inferred"
    """Part of the date comes from context (a weekday, a dateline, "the 50th anniversary this year")."""


NOT_STATED = "not stated"


class Source(NamedTuple):
    """A document that supports an event."""

    publisher: str
    title: str
    date: str
    document: str = ""
    locator: str = ""


class Event(NamedTuple):
    """One dated diplomatic act, as validated from the YAML records."""

    id: str
    date: PartialDate
    title: str
    summary: str
    kind: Kind
    parties: tuple[str, ...]
    sources: tuple[Source, ...]
    date_basis: DateBasis = DateBasis.STATED
    date_note: str = ""
    end: PartialDate | None = None
    places: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    notes: str = ""
    revised: dt.date | None = None
    """When the record was last revised (drives DTSTAMP and SEQUENCE in exports)."""
    path: str = ""
    """The file the record is in, as shown to the user."""
    line: int = 0
    """The line where the record begins."""
    id_line: int = 0
    """The line of its ``id`` (where a duplicate id is reported)."""

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


class Collection:
    """A loaded, validated collection: events in chronological order and the party registry."""

    __slots__ = ("events", "parties")

    def __init__(self, events: tuple[Event, ...], parties: dict[str, Party] | None = None) -> None:
        self.events = events
        self.parties: dict[str, Party] = {} if parties is None else parties

    def party_name(self, code: str) -> str:
        party = self.parties.get(code)
        return party.name if party else code
