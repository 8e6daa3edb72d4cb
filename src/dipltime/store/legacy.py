"""Schema 1, the form dipltime 0.1 wrote: read as it is, and rewritten by ``migrate``.

Its records carry their sources inline, say ``date_basis: inferred`` where schema 2
marks the date with ``?``, and use ``official-visit`` for what schema 2 calls a
``ministerial-visit``. :func:`to_event` makes the same plain records of them as
schema 2's models do.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

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
from dipltime.domain.kinds import Kind
from dipltime.domain.model import NOT_STATED, Event, Source
from dipltime.store.fields import (
    Code,
    DateText,
    DayText,
    Line,
    Paragraph,
    Slug,
    _blank_is_none,
    _unique,
)

LegacyKind = Literal[
    "recognition", "relations-established", "relations-suspended", "relations-severed",
    "relations-resumed", "treaty-signed", "treaty-in-force", "agreement-signed",
    "partnership", "joint-declaration", "status-granted", "envoy-accredited",
    "embassy-opened", "embassy-closed", "state-visit", "official-visit",
    "ministerial-meeting", "consultations", "summit-hosted", "cooperation",
]  # fmt: skip
"""Schema 1's closed vocabulary of kinds."""
LEGACY_KINDS: dict[str, Kind] = {
    name: Kind.MINISTERIAL_VISIT if name == "official-visit" else Kind(name)
    for name in get_args(LegacyKind)
}
"""Schema 1's kinds and what they are in schema 2 (its ``official-visit`` was "a minister
or other official visits")."""


def _source_date(value: str) -> str:
    if value != NOT_STATED:
        parse_partial_date(value)
    return value


class LegacySourceModel(BaseModel):
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


class LegacyEventModel(BaseModel):
    """One dated diplomatic act, as schema 1 (dipltime 0.1) wrote it."""

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
    kind: LegacyKind
    """What kind of act this is; see ``dipltime.domain.model.KINDS``."""
    parties: Annotated[list[Code], Field(min_length=1), AfterValidator(_unique)]
    """Every party, Peru included, as codes from the collection's ``parties.yaml``."""
    places: Annotated[list[Line], AfterValidator(_unique)] = []
    """Where it happened, as the source names the places."""
    people: Annotated[list[Line], AfterValidator(_unique)] = []
    """The people the source names as acting in it."""
    tags: Annotated[list[Slug], AfterValidator(_unique)] = []
    """Free lowercase labels for filtering (e.g. ``apec``, ``first``)."""
    sources: Annotated[list[LegacySourceModel], Field(min_length=1)]
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
        if info.data.get("date_basis") == "inferred" and not note:
            raise ValueError(
                "date_basis is inferred, so date_note must say how the date was obtained"
            )
        return note


def to_event(
    model: LegacyEventModel, display: str, line: int, id_line: int, registries: object = None
) -> Event:
    """The plain record of a schema 1 record."""
    return Event(
        id=model.id,
        date=model.date,  # type: ignore[arg-type]
        end=model.end,  # type: ignore[arg-type]
        mark="?" if model.date_basis == "inferred" else "",
        date_note=model.date_note or "",
        title=model.title,
        summary=model.summary,
        kind=LEGACY_KINDS[model.kind],
        parties=tuple(model.parties),
        places=tuple(model.places),
        people=tuple(model.people),
        tags=tuple(model.tags),
        sources=tuple(
            Source(s.publisher, s.title, s.date, s.document or "", s.locator or "")
            for s in model.sources
        ),
        notes=model.notes or "",
        revised=model.revised,  # type: ignore[arg-type]
        path=display,
        line=line,
        id_line=id_line,
    )


def as_schema_2(item: dict[str, Any], source_ids: dict[tuple[str, ...], str]) -> dict[str, Any]:
    """A schema 1 record (valid) as schema 2 writes it: the same keys in the same order, but
    ``date_basis`` folded into the date's mark, the kind renamed, and each inline source
    replaced by a citation of ``source_ids`` (its publisher, title, date and document)."""
    out: dict[str, Any] = {}
    inferred = item.get("date_basis") == "inferred"
    for key, value in item.items():
        if key == "date_basis":
            continue
        if key == "date" and inferred:
            value = f"{value}?"
        elif key == "kind":
            value = LEGACY_KINDS[value].value
        elif key == "sources":
            value = [_citation(source, source_ids) for source in value]
        out[key] = value
    return out


def source_key(source: dict[str, Any]) -> tuple[str, ...]:
    """What makes two inline sources one document: publisher, title, date, document."""
    return tuple(str(source.get(key) or "") for key in ("publisher", "title", "date", "document"))


def _citation(source: dict[str, Any], source_ids: dict[tuple[str, ...], str]) -> dict[str, Any]:
    citation: dict[str, Any] = {"id": source_ids[source_key(source)]}
    if source.get("locator"):
        citation["locator"] = source["locator"]
    return citation
