"""What the files of a collection share as they are validated: reading a YAML file
with its repeated keys reported, validating an item against a model, and turning
pydantic's errors into problems that name the file, the line, the record and the field."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from dipltime.domain.kinds import CERTAINTIES, COUNTS_FROM, Kind
from dipltime.errors import DataError, Problem

if TYPE_CHECKING:
    from dipltime.store.yamlsafe import Document

MAX_PER_RECORD = 20
"""Problems reported for one record at most (a record with 300,000 unknown keys says so once)."""
HINTS = {
    "id": "use lowercase words joined by hyphens, unique in the collection (e.g. per-vnm-1994-relations)",
    "date": "write 1826, 2012-09 or 1963-04-01, only as precise as the source; 1971? inferred, 1850~ about, 1840/1844 between, 1826/.. after, ../1826 before",
    "end": "write the last day in the same form as date, or remove end",
    "date_basis": "write stated or inferred",
    "date_note": "say how the date was obtained (e.g. 'year from the 50th anniversary in 2013')",
    "other_dates": "give each other date with the id of its source in sources.yaml",
    "roles": "map a role to party codes, e.g. {visiting: VNM, host: PER}; docs/records.md lists each kind's roles",
    "certainty": "write certain, doubtful or disputed",
    "certainty_note": "say why, in a phrase that reads after 'doubtful: '",
    "celebrated": "write false (with celebration_note), or remove it",
    "celebration_note": "say why the act is not celebrated",
    "ends": "give the id of the earlier act this record ends",
    "resumes": "give the id of the relations this record restores, with counts_from",
    "counts_from": "write original or resumption",
    "language": "write a BCP 47 tag: en, es, es-PE, vi",
    "translation": "write true or false",
    "url": "write the full address, starting http:// or https://",
    "since": "write the year as four digits",
    "until": "write the year as four digits, not before since",
    "schema": "write 2",
    "kind": "one of: " + ", ".join(k.value for k in Kind),
    "parties": "list codes defined in parties.yaml, Peru (PER) included",
    "sources": "cite at least one source of sources.yaml: {id: …, locator: …} (schema 1: publisher, title and date inline)",
    "tags": "use lowercase words joined by hyphens",
    "code": "use 2 to 12 uppercase letters or digits, starting with a letter",
    "type": "write state, territory, organisation or forum",
    "revised": "write the day of the last revision as YYYY-MM-DD",
}


REQUIRED_BY = {
    "date_note": ("date_basis", "date"),
    "certainty_note": ("certainty",),
    "celebration_note": ("celebrated",),
}
"""A missing field required by another is reported on the line of the first of these present."""
CHOICES = {
    "kind": [k.value for k in Kind],
    "date_basis": ["stated", "inferred"],
    "certainty": list(CERTAINTIES),
    "counts_from": list(COUNTS_FROM),
    "type": ["state", "territory", "organisation", "forum"],
}


def read(path: str, display: str, problems: list[Problem]) -> Document | None:
    from dipltime.store.yamlsafe import read_yaml

    try:
        doc = read_yaml(path, display)
    except DataError as exc:
        problems.extend(exc.problems)
        return None
    for key_path, line in doc.repeated:
        record = None
        if len(key_path) > 1 and isinstance(doc.data, list):
            item = doc.data[int(key_path[0])]
            record = item.get("id") if isinstance(item, dict) else None
        field = field_name(key_path[1:]) if len(key_path) > 1 else str(key_path[-1])
        first = doc.lines.get(key_path)
        problems.append(
            Problem(
                display,
                line,
                record if isinstance(record, str) else None,
                field,
                f"the key is repeated (first on line {first})",
                "keep one of the two: YAML would silently drop the first",
            )
        )
    return doc


def field_name(loc: tuple[object, ...]) -> str:
    """``("sources", 0, "title")`` → ``sources[0].title``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def closest(given: str, choices: list[str]) -> str | None:
    """The one choice ``given`` most likely meant; None where several fit equally."""
    import difflib

    prefixed = [c for c in choices if c.startswith(given)]
    if prefixed:
        return prefixed[0] if len(prefixed) == 1 else None
    close = difflib.get_close_matches(given, choices, n=1, cutoff=0.6)
    return close[0] if close else None


UNKNOWN_PARTY = "add the party to parties.yaml or use one of its codes"
UNKNOWN_SOURCE = "add the source to sources.yaml or cite one of its ids"


def suggest(given: str, known: Iterable[str], fix: str) -> str:
    """``fix``, after "did you mean X?" when one of ``known`` is close to ``given``."""
    import difflib

    close = difflib.get_close_matches(given, list(known), n=1)
    return (f"did you mean {close[0]}? " if close else "") + fix


def validate(
    model_cls: Any,
    item: Any,
    doc: Document,
    index: int | None,
    display: str,
    problems: list[Problem],
) -> Any:
    from pydantic import ValidationError

    record_id = (item.get("id") or item.get("code")) if isinstance(item, dict) else None
    if not isinstance(item, dict):
        problems.append(
            Problem.of_file(
                display,
                "a record must be a mapping of fields",
                "write 'key: value' lines under '- '",
                line=doc.line_of(() if index is None else (index,)),
            )
        )
        return None
    try:
        return model_cls.model_validate(item)
    except ValidationError as exc:
        label = (
            record_id
            if isinstance(record_id, str) and record_id
            else (None if index is None else f"#{index + 1}")
        )
        errors = exc.errors(include_url=False)
        for error in errors[:MAX_PER_RECORD]:
            problems.append(_problem(error, model_cls, doc, index, display, label))
        if len(errors) > MAX_PER_RECORD:
            problems.append(
                Problem(
                    display,
                    doc.line_of(() if index is None else (index,)),
                    label,
                    None,
                    f"… and {len(errors) - MAX_PER_RECORD} more problems in this record",
                    "fix the ones above first",
                )
            )
        return None


def _model_at(model_cls: Any, path: tuple[Any, ...]) -> Any:
    """The model of the mapping at ``path`` in a record (a citation, an other date)."""
    from pydantic import BaseModel

    model = model_cls
    for step in path:
        if isinstance(step, int):
            continue
        spec = model.model_fields.get(step)
        if spec is None:
            return model
        nested = _a_model_in(spec.annotation, BaseModel)
        if nested is None:
            return model
        model = nested
    return model


def _a_model_in(annotation: Any, base: type) -> Any:
    import typing

    if isinstance(annotation, type) and issubclass(annotation, base):
        return annotation
    for arg in typing.get_args(annotation):
        found = _a_model_in(arg, base)
        if found is not None:
            return found
    return None


def _problem(
    error: Any, model_cls: Any, doc: Document, index: int | None, display: str, label: str | None
) -> Problem:
    loc = tuple(error["loc"])
    field = field_name(loc)
    # A field required by another one (date_note by date_basis) is located there.
    at: tuple[int, ...] = () if index is None else (index,)
    anchors = REQUIRED_BY.get(str(loc[0]), ()) if loc and (*at, *loc) not in doc.lines else ()
    anchor = next((a for a in anchors if (*at, a) in doc.lines), None)
    line = doc.line_of((*at, anchor) if anchor else (*at, *loc))
    kind = error["type"]
    message = str(error["msg"]).removeprefix("Value error, ")
    hint = HINTS.get(str(loc[0]) if loc else "", "")
    if kind == "missing":
        message = "is required but missing"
    elif kind == "extra_forbidden":
        message = "is not a known field"
        import difflib

        fields = _model_at(model_cls, loc[:-1]).model_fields
        known = [spec.alias or name for name, spec in fields.items()]
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = (f"did you mean {close[0]}? " if close else "") + "known fields: " + ", ".join(known)
    elif kind == "string_pattern_mismatch":
        message = f"{error.get('input')!r} is not in the form this field takes"
    elif kind == "string_too_long":
        message = f"is longer than {error.get('ctx', {}).get('max_length')} characters"
        hint = hint or "shorten it"
    elif kind in ("string_type", "list_type", "model_type", "dict_type"):
        wanted = {
            "string_type": "text",
            "list_type": "a list",
            "model_type": "a mapping",
            "dict_type": "a mapping",
        }[kind]
        message = f"must be {wanted}"
    elif kind == "too_short":
        message = "must list at least one item"
    elif kind == "enum" or kind == "literal_error":
        given = error.get("input")
        message = f"{given!r} is not allowed"
        # The choices this very model takes (schema 1's kinds are not schema 2's).
        choices = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        choices = choices or CHOICES.get(str(loc[-1]), [])
        if choices and str(loc[-1]) == "kind":
            hint = "one of: " + ", ".join(choices)
        suggestion = closest(str(given), choices)
        if suggestion:
            hint = f"did you mean {suggestion}? {hint}"
    return Problem(display, line, label, field or None, message, hint)
