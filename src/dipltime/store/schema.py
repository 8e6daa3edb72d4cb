"""The validation boundary: pydantic models of the YAML records.

Every field is documented here (the docstrings reach the JSON Schema through
``use_attribute_docstrings``). Every scalar arrives from ``yamlsafe`` as a
string; these models parse dates, check vocabularies and cross-field rules,
normalise text to NFC and refuse control characters, bidirectional marks and
invisible characters (but a joiner between two letters of a script that needs it). They are used only where
YAML becomes events: the rest of dipltime sees the dataclasses of ``model``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from dipltime.domain.dates import PartialDate, parse_partial_date
from dipltime.domain.model import NOT_STATED, DateBasis, Kind
from dipltime.domain.text import BIDI_CONTROLS, hidden_character, mixed_scripts

# Controls, and the line and paragraph separators (a paragraph breaks lines with \n).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _clean(value: str, pattern: re.Pattern[str]) -> str:
    value = unicodedata.normalize("NFC", value)
    bad = pattern.search(value)
    if bad:
        raise ValueError(f"contains the control character U+{ord(bad.group()):04X}; remove it")
    bidi = BIDI_CONTROLS.search(value)
    if bidi:
        raise ValueError(
            f"contains the bidirectional control U+{ord(bidi.group()):04X}, which can disguise text; remove it"
        )
    hidden = hidden_character(value)
    if hidden:
        raise ValueError(
            f"contains the invisible character U+{ord(hidden):04X}, which hides text from "
            "readers and searches; remove it"
        )
    if value != value.strip():
        raise ValueError("has spaces at the start or end; remove them")
    if not value:
        raise ValueError("must not be empty")
    return value


def _line(value: str) -> str:
    return _clean(value, _CONTROL)


def _name(value: str) -> str:
    """A party's name or alias: what readers type to find it must be what they see (no
    invisible characters, as in every text, and no word mixing lookalike scripts)."""
    value = _line(value)
    mixed = mixed_scripts(value)
    if mixed:
        raise ValueError(
            f"the word {mixed!r} ({ascii(mixed)}) mixes Latin letters with Cyrillic or Greek "
            "ones that look alike; write it in one script"
        )
    return value


def _paragraph(value: str) -> str:
    return _clean(value.strip(), _CONTROL_MULTILINE)


def _partial(value: str) -> PartialDate:
    return parse_partial_date(value)


def _blank_is_none(value: object) -> object:
    return None if value == "" else value


def _source_date(value: str) -> str:
    if value != NOT_STATED:
        parse_partial_date(value)
    return value


Line = Annotated[str, Field(strict=True, max_length=300), AfterValidator(_line)]
Name = Annotated[str, Field(strict=True, max_length=300), AfterValidator(_name)]
Paragraph = Annotated[str, Field(strict=True, max_length=5000), AfterValidator(_paragraph)]
DateText = Annotated[str, Field(strict=True), AfterValidator(_partial)]


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else _not_a_day(value)
    except ValueError:
        return _not_a_day(value)


def _not_a_day(value: str) -> dt.date:
    raise ValueError(f"{value!r} is not a day: write YYYY-MM-DD")


DayText = Annotated[str, Field(strict=True), AfterValidator(_day)]
Code = Annotated[str, Field(strict=True, pattern=r"^[A-Z][A-Z0-9]{1,11}$")]
Slug = Annotated[str, Field(strict=True, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]


def _unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{value!r} is listed twice")
        seen.add(value)
    return values


class SourceModel(BaseModel):
    """A document an event is drawn from."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    publisher: Line
    """Who published the document, or "not stated"."""
    title: Line
    """The document's title as it gives it, or "not stated"."""
    date: Annotated[str, Field(strict=True), AfterValidator(_source_date)]
    """When the document was published (YYYY, YYYY-MM or YYYY-MM-DD), or "not stated"."""
    document: Annotated[Line | None, BeforeValidator(_blank_is_none)] = None
    """The file name of the source document in the project's seed archive, if it has one."""
    locator: Annotated[Line | None, BeforeValidator(_blank_is_none)] = None
    """Where in the document the fact stands (a section heading, a paragraph)."""


class EventModel(BaseModel):
    """One dated diplomatic act."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    id: Slug
    """Stable identifier: lowercase words joined by hyphens, unique in the collection."""
    date: DateText
    """When it happened, only as precisely as the source says: 1824, 2012-09 or 1963-04-01."""
    end: Annotated[DateText | None, BeforeValidator(_blank_is_none)] = None
    """Last day of a multi-day event (same precision rules as ``date``); omit for one date."""
    date_basis: Literal["stated", "inferred"] = "stated"
    """``stated`` when the source writes the whole date; ``inferred`` when part comes from context."""
    date_note: Annotated[
        Paragraph | None, BeforeValidator(_blank_is_none), Field(validate_default=True)
    ] = None
    """How an inferred date was obtained (required with ``date_basis: inferred``)."""
    title: Line
    """A noun phrase that reads after "30th anniversary of …" (e.g. "Peru–Viet Nam diplomatic relations")."""
    summary: Paragraph
    """What happened, in a few sentences of our own words."""
    kind: Kind
    """What kind of act this is; see ``dipltime.domain.model.KINDS``."""
    parties: Annotated[list[Code], Field(min_length=1), AfterValidator(_unique)]
    """Every party, Peru included, as codes from the collection's ``parties.yaml``."""
    places: Annotated[list[Line], AfterValidator(_unique)] = []
    """Where it happened, as the source names the places."""
    people: Annotated[list[Line], AfterValidator(_unique)] = []
    """The people the source names as acting in it."""
    tags: Annotated[list[Slug], AfterValidator(_unique)] = []
    """Free lowercase labels for filtering (e.g. ``apec``, ``first``)."""
    sources: Annotated[list[SourceModel], Field(min_length=1)]
    """At least one document that supports the event."""
    notes: Annotated[Paragraph | None, BeforeValidator(_blank_is_none)] = None
    """Doubts, disagreements between sources, and anything a careful reader should know."""
    revised: Annotated[DayText | None, BeforeValidator(_blank_is_none)] = None
    """The day this record was last revised (YYYY-MM-DD); calendar exports use it to mark changes."""

    @field_validator("end")
    @classmethod
    def _end_after_date(cls, end: PartialDate | None, info: ValidationInfo) -> PartialDate | None:
        start = info.data.get("date")
        if end is None or not isinstance(start, PartialDate):
            return end
        if end.precision != start.precision:
            raise ValueError(
                f"end ({end.iso()}) must have the same precision as date ({start.iso()})"
            )
        if end <= start:
            raise ValueError(
                f"end ({end.iso()}) must come after date ({start.iso()}); omit end for a single date"
            )
        return end

    @field_validator("date_note")
    @classmethod
    def _note_for_inferred(cls, note: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("date_basis") == DateBasis.INFERRED.value and not note:
            raise ValueError(
                "date_basis is inferred, so date_note must say how the date was obtained"
            )
        return note


class PartyModel(BaseModel):
    """A state, organisation or forum in the registry."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    code: Code
    """Short uppercase code used in events: ISO 3166 alpha-3 for states (PER), an acronym otherwise."""
    name: Name
    """The name shown to readers."""
    aliases: Annotated[list[Name], AfterValidator(_unique)] = []
    """Other names and spellings a reader may type ("Vietnam", "Việt Nam")."""
    type: Literal["state", "organisation", "forum"] = "state"
    """What the party is."""
    existed: Annotated[Line | None, BeforeValidator(_blank_is_none)] = None
    """For a party that no longer exists, the years it existed (e.g. "1922–1991")."""
    note: Annotated[Paragraph | None, BeforeValidator(_blank_is_none)] = None
    """Anything a reader should know about the party."""
