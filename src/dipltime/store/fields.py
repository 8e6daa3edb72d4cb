"""The validation boundary's field types: text, names, dates, codes and flags.

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
from typing import Annotated

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
)

from dipltime.domain.dates import DateSpec, PartialDate, parse_edtf, parse_partial_date
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


def _spoken(texts: dict[str, str]) -> dict[str, str]:
    """Texts by language: only in a language dipltime speaks other than the records' own
    (English: ``title`` and ``name`` are in it), so that none is silently never shown."""
    from dipltime.i18n import SOURCE, available

    others = [code for code in available() if code != SOURCE]
    for code in texts:
        if code not in others:
            said = (
                "is the records' own language" if code == SOURCE else "is not one dipltime speaks"
            )
            raise ValueError(
                f"{code!r} {said}: give texts in {', '.join(others)} here "
                "(README: adding a language)"
            )
    return texts


def _translated_name(value: str) -> str:
    """A name in another language, perhaps after the article it takes in a sentence ("el
    Perú"): there must be a name after the article."""
    value = _name(value)
    from dipltime.domain.model import without_article

    bare = without_article(value + " ").strip()  # "el" alone is an article, no name
    if not bare or "  " in value:
        raise ValueError(
            f"{value!r} is not a name: write the name, after its article if it takes one"
        )
    return value


def _paragraph(value: str) -> str:
    return _clean(value.strip(), _CONTROL_MULTILINE)


def _partial(value: str) -> PartialDate:
    return parse_partial_date(value)


def _blank_is_none(value: object) -> object:
    return None if value == "" else value


Line = Annotated[str, Field(strict=True, max_length=300), AfterValidator(_line)]
Name = Annotated[str, Field(strict=True, max_length=300), AfterValidator(_name)]
TranslatedName = Annotated[
    str, Field(strict=True, max_length=300), AfterValidator(_translated_name)
]
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


def _flag(value: object) -> object:
    """YAML's ``true`` and ``false`` (every scalar arrives as text): nothing else."""
    if value in ("true", "false"):
        return value == "true"
    if isinstance(value, str):
        raise ValueError(f"{value!r} is not true or false")
    return value


def _year_number(value: object) -> object:
    if isinstance(value, str):
        if not (len(value) == 4 and value.isascii() and value.isdigit()) or value == "0000":
            raise ValueError(f"{value!r} is not a year: write four digits (e.g. 1907)")
        return int(value)
    return value


def _url(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s/?#]+[^\s]*", value):
        raise ValueError(f"{value!r} is not a web address: write http:// or https:// and a host")
    return value


def _edtf(value: str) -> DateSpec:
    return parse_edtf(value)


Flag = Annotated[bool, BeforeValidator(_flag), Field(strict=True)]
Year = Annotated[int, BeforeValidator(_year_number), Field(strict=True, ge=1, le=9998)]
Url = Annotated[str, Field(strict=True, max_length=2000), AfterValidator(_url)]
EdtfText = Annotated[str, Field(strict=True, max_length=40), AfterValidator(_edtf)]
Quote = Annotated[str, Field(strict=True, max_length=300), AfterValidator(_line)]
Language = Annotated[
    str, Field(strict=True, pattern=r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")
]
"""A BCP 47 tag of the common shape: ``en``, ``es``, ``es-PE``, ``zh-Hans``."""
LanguageCode = Annotated[str, Field(strict=True, pattern=r"^[a-z]{2,3}$")]
"""A language as dipltime speaks it: ISO 639 (``es``), without a region."""
