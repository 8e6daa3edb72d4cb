"""The collection's registries at the validation boundary: ``collection.yaml`` (which
schema the folder is written in), ``parties.yaml`` and ``sources.yaml``."""

from __future__ import annotations

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

from dipltime.domain.dates import DateSpec
from dipltime.store.fields import (
    Code,
    EdtfText,
    Flag,
    Language,
    LanguageCode,
    Line,
    Name,
    Paragraph,
    Slug,
    TranslatedName,
    Url,
    Year,
    _blank_is_none,
    _spoken,
    _unique,
)

SCHEMA = 2
"""The schema dipltime writes; a folder without ``collection.yaml`` is schema 1."""


def _version(value: object) -> object:
    if value == "1" or value == "2":
        return int(value)
    if isinstance(value, str):
        raise ValueError(f"{value!r} is not a schema dipltime knows (1 or 2)")
    return value


class CollectionModel(BaseModel):
    """``collection.yaml``: what every file of the folder is written in."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    schema_: Annotated[Literal[1, 2], BeforeValidator(_version), Field(alias="schema")]
    """The version of the record format: 2 (this one); 1 is dipltime 0.1's."""


class PartyModel(BaseModel):
    """A state, territory, organisation or forum in the registry."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    code: Code
    """Short uppercase code used in events: ISO 3166 alpha-3 for states (PER), an acronym otherwise."""
    name: Name
    """The name shown to readers."""
    aliases: Annotated[list[Name], AfterValidator(_unique)] = []
    """Other names and spellings a reader may type ("Vietnam", "Việt Nam")."""
    names: Annotated[dict[LanguageCode, TranslatedName], AfterValidator(_spoken)] = {}
    """The name in other languages, as it reads inside a sentence (``es: el Perú``; lists
    leave a leading lower-case article out); readers may type these too. A language
    without one here uses CLDR's name for the country, else ``name``."""
    type: Literal["state", "territory", "organisation", "forum"] = "state"
    """What the party is: a territory is an entity that is not a state (a dependent
    territory, an authority) and that the records name as a party."""
    since: Year | None = None
    """For a state: the year it became one (validate warns of acts before it)."""
    until: Year | None = None
    """For a state that no longer exists: the last year it was one."""
    existed: Annotated[Line | None, BeforeValidator(_blank_is_none)] = None
    """Schema 1's free text for the years a former state existed (e.g. "1922–1991"); schema 2
    writes ``since`` and ``until``."""
    sources: Annotated[list[Slug], AfterValidator(_unique)] = []
    """Ids in ``sources.yaml`` that support ``since`` and ``until``."""
    note: Annotated[Paragraph | None, BeforeValidator(_blank_is_none)] = None
    """Anything a reader should know about the party."""

    @field_validator("until")
    @classmethod
    def _until_after_since(cls, until: int | None, info: ValidationInfo) -> int | None:
        since = info.data.get("since")
        if until is not None and since is not None and until < since:
            raise ValueError(f"until ({until}) comes before since ({since})")
        return until


class SourceModel(BaseModel):
    """A document the records cite, in ``sources.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    id: Slug
    """How records cite it: lowercase words joined by hyphens, unique in the registry."""
    publisher: Annotated[Line | None, BeforeValidator(_blank_is_none)] = None
    """Who published it; omit when the document does not say."""
    title: Annotated[Line | None, BeforeValidator(_blank_is_none)] = None
    """Its title as it gives it; omit when it has none."""
    date: Annotated[EdtfText | None, BeforeValidator(_blank_is_none)] = None
    """When it was published, in EDTF (``2024-11-11``, ``2017?`` when inferred from "© 2017");
    omit when it is not stated anywhere."""
    date_note: Annotated[
        Paragraph | None, BeforeValidator(_blank_is_none), Field(validate_default=True)
    ] = None
    """How an inferred or approximate date was obtained (required with ``?``, ``~``, ``%``)."""
    language: Language
    """The language of the text as we read it (BCP 47: ``en``, ``es``, ``vi``)."""
    translation: Flag = False
    """True when the document is a translation (say of what in ``notes``)."""
    url: Url | None = None
    """Where it can be read, if it is on the web."""
    licence: Annotated[Line | None, BeforeValidator(_blank_is_none)] = None
    """Its licence where one is known (an SPDX id such as ``CC0-1.0``, or words)."""
    document: Annotated[Line | None, BeforeValidator(_blank_is_none)] = None
    """The document's file in the project's source archive, if it has one: a seed's file
    name, or a path under it (``data/historyatstate/rdcr/articles/peru.xml``)."""
    notes: Annotated[Paragraph | None, BeforeValidator(_blank_is_none)] = None
    """Anything a reader of the source should know (its edition, a dataset's commit)."""

    @field_validator("date_note")
    @classmethod
    def _note_for_uncertain(cls, note: str | None, info: ValidationInfo) -> str | None:
        date = info.data.get("date")
        if isinstance(date, DateSpec) and (date.mark or date.bound) and not note:
            raise ValueError(
                "the date is marked or a span, so date_note must say how it was obtained"
            )
        return note
