"""The validation boundary: the pydantic model of a schema 2 record.

Every field is documented here (the docstrings reach the JSON Schema that
``dipltime schema`` prints, through ``use_attribute_docstrings``). Every scalar
arrives from ``yamlsafe`` as a string; the model parses dates (EDTF), checks the
closed vocabularies and the rules between fields. Rules that need other records
(citations, ``ends``, ``resumes``) are checked by ``records`` and ``links``. Used
only where YAML becomes events: the rest of dipltime sees ``domain.model``.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from dipltime.domain.dates import DateSpec, PartialDate
from dipltime.domain.kinds import KINDS, ROLE_NAMES, Certainty, CountsFrom, Kind, a_kind
from dipltime.store.fields import (
    Code,
    DateText,
    DayText,
    EdtfText,
    Flag,
    LanguageCode,
    Line,
    Paragraph,
    Quote,
    Slug,
    _blank_is_none,
    _spoken,
    _unique,
)


def _one_or_more(value: object) -> object:
    return [value] if isinstance(value, str) else value


Codes = Annotated[
    list[Code],
    BeforeValidator(_one_or_more, json_schema_input_type=str | list[str]),
    Field(min_length=1),
    AfterValidator(_unique),
]


def _citation_shorthand(value: object) -> object:
    return {"id": value} if isinstance(value, str) else value


class CitationModel(BaseModel):
    """Where a record's fact stands in a source of ``sources.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    id: Slug
    """The source's id in ``sources.yaml``."""
    locator: Annotated[Line | None, BeforeValidator(_blank_is_none)] = None
    """Where in the source the fact stands (a heading, a paragraph)."""
    quote: Annotated[Quote | None, BeforeValidator(_blank_is_none)] = None
    """A short quotation of the sentence that gives the date, in the source's words."""


Citation = Annotated[CitationModel, BeforeValidator(_citation_shorthand)]


class OtherDateModel(BaseModel):
    """A date another source gives for the same act."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    date: EdtfText
    """The date that source gives, in EDTF, as precise as it gives it."""
    end: Annotated[DateText | None, BeforeValidator(_blank_is_none)] = None
    """The last day of the span that source gives, if it gives one."""
    source: Slug
    """The id of that source in ``sources.yaml`` (required: a date without a source is not kept)."""
    locator: Annotated[Line | None, BeforeValidator(_blank_is_none)] = None
    """Where in that source the date stands."""
    note: Annotated[Paragraph | None, BeforeValidator(_blank_is_none)] = None
    """How that source's date differs, or why it is not the one counted."""

    @field_validator("end")
    @classmethod
    def _end_after_date(cls, end: PartialDate | None, info: ValidationInfo) -> PartialDate | None:
        return check_end(end, info.data.get("date"))


def check_end(end: PartialDate | None, spec: object) -> PartialDate | None:
    """``end`` as the last day of a span that starts on ``spec``'s date, or a ValueError."""
    if end is None or not isinstance(spec, DateSpec):
        return end
    start = spec.date
    if spec.bound:
        raise ValueError("a date that is a span of time (with /) takes no end")
    if end.precision != start.precision:
        raise ValueError(f"end ({end.iso()}) must have the same precision as date ({start.iso()})")
    if end <= start:
        raise ValueError(
            f"end ({end.iso()}) must come after date ({start.iso()}); omit end for a single date"
        )
    return end


_EMPTY_LIST: dict[str, Any] = {"default": []}
_EMPTY_MAPPING: dict[str, Any] = {"default": {}}
"""What the schema says of a field that may be left out (each record gets its own empty
list or mapping: ``default_factory`` makes one, where a shared default would be copied)."""


class EventModel(BaseModel):
    """One dated diplomatic act (schema 2; see docs/records.md)."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    id: Slug
    """Stable identifier: lowercase words joined by hyphens, unique in the collection."""
    date: EdtfText
    """When it happened, in EDTF and only as precisely as the source says: 1826, 2012-09,
    1963-04-01; 1971? (inferred), 1850~ (about), 1840/1844 (between), 1826/.. (after)."""
    end: Annotated[DateText | None, BeforeValidator(_blank_is_none)] = None
    """Last day of a multi-day event (a plain date of the same precision); omit for one date."""
    date_note: Annotated[
        Paragraph | None, BeforeValidator(_blank_is_none), Field(validate_default=True)
    ] = None
    """How the date was obtained: required when it is marked (?, ~, %) or a span."""
    other_dates: list[OtherDateModel] = Field(default_factory=list, json_schema_extra=_EMPTY_LIST)
    """The dates other sources give for the same act, each with its source."""
    title: Annotated[Line | None, BeforeValidator(_blank_is_none)] = None
    """A noun phrase that reads after "30th anniversary of …"; omit to have one generated
    from kind, roles and people."""
    titles: Annotated[dict[LanguageCode, Line], AfterValidator(_spoken)] = Field(
        default_factory=dict, json_schema_extra=_EMPTY_MAPPING
    )
    """The title in other languages, each a noun phrase as ``title`` is (``es: el
    establecimiento de relaciones diplomáticas entre el Perú y Viet Nam``); a language
    without one gets a title generated in it."""
    summary: Paragraph
    """What happened, in a few sentences of our own words."""
    kind: Kind
    """What kind of act this is (docs/records.md lists them, and which are celebrated)."""
    parties: Codes
    """Every party, Peru included, as codes from the collection's ``parties.yaml``."""
    roles: dict[str, Codes] = Field(default_factory=dict, json_schema_extra=_EMPTY_MAPPING)
    """Who played which part: ``{visiting: VNM, host: PER}``; the roles a kind takes are listed
    in docs/records.md; every code must be in ``parties``."""
    certainty: Certainty = "certain"
    """certain, doubtful or disputed; a doubtful or disputed act is never a milestone."""
    certainty_note: Annotated[
        Line | None, BeforeValidator(_blank_is_none), Field(validate_default=True)
    ] = None
    """Why it is doubtful or disputed, as a phrase that reads after "doubtful: "."""
    celebrated: Flag | None = None
    """false: never a milestone, whatever its kind (say why in ``celebration_note``)."""
    celebration_note: Annotated[
        Line | None, BeforeValidator(_blank_is_none), Field(validate_default=True)
    ] = None
    """Why the act is not celebrated (required with ``celebrated: false``)."""
    ends: Annotated[Slug | None, BeforeValidator(_blank_is_none)] = None
    """The id of an earlier act of the same family that this one ends (a closure, a severance)."""
    resumes: Annotated[Slug | None, BeforeValidator(_blank_is_none)] = None
    """On relations-resumed: the id of the relations that were broken and are restored."""
    counts_from: Annotated[CountsFrom | None, Field(validate_default=True)] = None
    """With ``resumes``: ``original`` (the count goes on from the first relations) or
    ``resumption`` (it restarts here)."""
    places: Annotated[list[Line], AfterValidator(_unique)] = Field(
        default_factory=list, json_schema_extra=_EMPTY_LIST
    )
    """Where it happened, as the source names the places."""
    people: Annotated[list[Line], AfterValidator(_unique)] = Field(
        default_factory=list, json_schema_extra=_EMPTY_LIST
    )
    """The people the source names as acting in it."""
    tags: Annotated[list[Slug], AfterValidator(_unique)] = Field(
        default_factory=list, json_schema_extra=_EMPTY_LIST
    )
    """Free lowercase labels for filtering (e.g. ``apec``, ``first``)."""
    sources: Annotated[list[Citation], Field(min_length=1)]
    """At least one citation of ``sources.yaml``: ``{id, locator, quote}`` or just the id."""
    notes: Annotated[Paragraph | None, BeforeValidator(_blank_is_none)] = None
    """Doubts, disagreements between sources, and anything a careful reader should know."""
    revised: Annotated[DayText | None, BeforeValidator(_blank_is_none)] = None
    """The day this record was last revised (YYYY-MM-DD); calendar exports use it to mark changes."""

    @field_validator("end")
    @classmethod
    def _end_after_date(cls, end: PartialDate | None, info: ValidationInfo) -> PartialDate | None:
        return check_end(end, info.data.get("date"))

    @field_validator("date_note")
    @classmethod
    def _note_for_marked(cls, note: str | None, info: ValidationInfo) -> str | None:
        spec = info.data.get("date")
        if isinstance(spec, DateSpec) and (spec.mark or spec.bound) and not note:
            what = (
                f"the date is a span ({spec.edtf()})"
                if spec.bound
                else f"the date is marked {spec.mark}"
            )
            raise ValueError(f"{what}, so date_note must say how it was obtained")
        return note

    @field_validator("roles")
    @classmethod
    def _roles_of_the_kind(
        cls, roles: dict[str, list[str]], info: ValidationInfo
    ) -> dict[str, list[str]]:
        kind = info.data.get("kind")
        allowed = KINDS[kind].roles if isinstance(kind, Kind) else ROLE_NAMES
        parties = info.data.get("parties") or []
        for role, codes in roles.items():
            if role not in allowed:
                takes = ", ".join(allowed) if allowed else "no roles"
                raise ValueError(
                    f"{role!r} is not a role of {kind or 'this kind'}: it takes {takes}"
                )
            for code in codes:
                if parties and code not in parties:
                    raise ValueError(
                        f"{code} ({role}) is not one of the parties; add it to parties"
                    )
        for one, other in _SIDES:
            both = set(roles.get(one, ())) & set(roles.get(other, ()))
            if both:
                raise ValueError(f"{', '.join(sorted(both))} cannot be both {one} and {other}")
        return roles

    @field_validator("certainty_note")
    @classmethod
    def _note_for_doubt(cls, note: str | None, info: ValidationInfo) -> str | None:
        certainty = info.data.get("certainty")
        if certainty in ("doubtful", "disputed") and not note:
            raise ValueError(f"certainty is {certainty}, so certainty_note must say why")
        if certainty == "certain" and note:
            raise ValueError(
                "certainty is certain: remove certainty_note, or say doubtful or disputed"
            )
        return note

    @field_validator("celebrated")
    @classmethod
    def _a_kind_that_can_be(cls, celebrated: bool | None, info: ValidationInfo) -> bool | None:
        kind = info.data.get("kind")
        if celebrated is True and isinstance(kind, Kind) and not KINDS[kind].celebrated:
            raise ValueError(f"{a_kind(kind)} is never celebrated; remove celebrated")
        return celebrated

    @field_validator("celebration_note")
    @classmethod
    def _note_for_uncelebrated(cls, note: str | None, info: ValidationInfo) -> str | None:
        celebrated = info.data.get("celebrated")
        if celebrated is False and not note:
            raise ValueError("celebrated is false, so celebration_note must say why")
        if celebrated is not False and note:
            raise ValueError(
                "celebration_note goes with celebrated: false; add it or remove the note"
            )
        return note

    @field_validator("ends")
    @classmethod
    def _a_kind_that_ends(cls, ends: str | None, info: ValidationInfo) -> str | None:
        kind = info.data.get("kind")
        if ends is not None and isinstance(kind, Kind) and not KINDS[kind].closes:
            raise ValueError(
                f"{a_kind(kind)} cannot end another act; closures, severances, "
                "suspensions, elevations of a legation and treaties in force can"
            )
        if ends is not None and ends == info.data.get("id"):
            raise ValueError("a record cannot end itself")
        return ends

    @field_validator("resumes")
    @classmethod
    def _a_resumption(cls, resumes: str | None, info: ValidationInfo) -> str | None:
        if resumes is not None and info.data.get("kind") is not Kind.RELATIONS_RESUMED:
            raise ValueError("only a relations-resumed record resumes relations")
        if resumes is not None and resumes == info.data.get("id"):
            raise ValueError("a record cannot resume itself")
        return resumes

    @field_validator("counts_from")
    @classmethod
    def _with_resumes(cls, counts: str | None, info: ValidationInfo) -> str | None:
        resumes = info.data.get("resumes")
        if resumes is not None and counts is None:
            raise ValueError("resumes needs counts_from: original or resumption")
        if resumes is None and counts is not None and "resumes" not in info.data:
            return counts  # resumes itself is wrong, and reported
        if resumes is None and counts is not None:
            raise ValueError("counts_from goes with resumes; add resumes or remove counts_from")
        return counts


_SIDES = (
    ("recognizing", "recognized"),
    ("sending", "receiving"),
    ("visiting", "host"),
    ("granting", "granted"),
    ("attending", "host"),
)
"""Roles no party can play on both sides of."""


def json_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schemas of a record and of the registries' entries, for editors.

    An editor reads YAML 1.2, where ``date: 1826`` is a number and ``since: 1907`` too,
    while dipltime reads every scalar as the text written: wherever text is expected a
    number is accepted as well (dipltime checks the text itself)."""
    from dipltime.store.registries import CollectionModel, PartyModel, SourceModel

    return {
        name: _as_an_editor_reads(model.model_json_schema(mode="validation"))
        for name, model in (
            ("record", EventModel),
            ("parties", PartyModel),
            ("sources", SourceModel),
            ("collection", CollectionModel),
        )
    }


def _as_an_editor_reads(node: Any) -> Any:
    if isinstance(node, list):
        return [_as_an_editor_reads(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        key = {"ge": "minimum", "le": "maximum"}.get(key, key)
        if key == "type" and value == "string":
            value = ["string", "number"]
        elif key == "type" and value == "integer":
            value = ["integer", "string"]
        out[key] = _as_an_editor_reads(value)
    return out
