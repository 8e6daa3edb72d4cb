"""Reading one file of a collection: the party registry, or a file of event records,
validated record by record, every problem located by file, line and field.

``loading`` calls these for the files it must read; they add what they find to a
list of problems and never raise for bad data.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from stat import S_ISREG
from typing import TYPE_CHECKING, Any

from dipltime.domain.model import DateBasis, Event, Kind, Party, Source
from dipltime.domain.text import fold, skeleton
from dipltime.errors import DataError, Problem
from dipltime.store.scanning import REGISTRY, display_path, kind_of

if TYPE_CHECKING:
    from dipltime.store.yamlsafe import Document

MAX_PER_RECORD = 20
"""Problems reported for one record at most (a record with 300,000 unknown keys says so once)."""
_HINTS = {
    "id": "use lowercase words joined by hyphens, unique in the collection (e.g. per-vnm-1994-relations)",
    "date": "write YYYY, YYYY-MM or YYYY-MM-DD, only as precise as the source",
    "end": "write the last day in the same form as date, or remove end",
    "date_basis": "write stated or inferred",
    "date_note": "say how the date was obtained (e.g. 'year from the 50th anniversary in 2013')",
    "kind": "one of: " + ", ".join(k.value for k in Kind),
    "parties": "list codes defined in parties.yaml, Peru (PER) included",
    "sources": "give at least one source with publisher, title and date ('not stated' where unknown)",
    "tags": "use lowercase words joined by hyphens",
    "code": "use 2 to 12 uppercase letters or digits, starting with a letter",
    "type": "write state, organisation or forum",
    "revised": "write the day of the last revision as YYYY-MM-DD",
}


_REQUIRED_BY = {"date_note": "date_basis"}
_CHOICES = {
    "kind": [k.value for k in Kind],
    "date_basis": [b.value for b in DateBasis],
    "type": ["state", "organisation", "forum"],
}


Registration = tuple[str, int, str, "int | None"]
"""Where an id is used: the id, the position of its file in the walk, the file as
shown, and the line."""


def _read(path: str, display: str, problems: list[Problem]) -> Document | None:
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
        field = _field_name(key_path[1:]) if len(key_path) > 1 else str(key_path[-1])
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


def _field_name(loc: tuple[object, ...]) -> str:
    """``("sources", 0, "title")`` → ``sources[0].title``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def load_registry(root: str, problems: list[Problem]) -> dict[str, Party]:
    path = os.path.join(root, REGISTRY)
    display = display_path(path)
    try:
        mode: int | None = os.stat(path).st_mode
    except FileNotFoundError:
        problems.append(
            Problem.of_file(
                display,
                "the party registry is missing",
                "create parties.yaml: a list of {code, name, aliases} entries",
            )
        )
        return {}
    except OSError:
        mode = None  # a link loop, a folder that cannot be searched: reading says which
    if mode is not None and not S_ISREG(mode):
        problems.append(
            Problem.of_file(
                display,
                f"the party registry is not a regular file ({kind_of(mode)})",
                "make parties.yaml a file: a list of {code, name, aliases} entries",
            )
        )
        return {}
    doc = _read(path, display, problems)
    if doc is None:
        return {}
    if not isinstance(doc.data, list) or not doc.data:
        problems.append(
            Problem.of_file(
                display,
                "the registry must be a non-empty list of parties",
                "start each party with '- code: PER'",
                line=doc.line_of(()),
            )
        )
        return {}
    from dipltime.store.schema import PartyModel

    parties: dict[str, Party] = {}
    names: dict[str, tuple[str, str]] = {}
    for index, item in enumerate(doc.data):
        model = _validate(PartyModel, item, doc, index, display, problems)
        if model is None:
            continue
        line = doc.line_of((index,)) or 0
        if model.code in parties:
            problems.append(
                Problem(
                    display,
                    line,
                    model.code,
                    "code",
                    "duplicate party code",
                    "give each party its own code",
                )
            )
            continue
        for name in (model.code, model.name, *model.aliases):
            key = skeleton(name)
            owner, first = names.setdefault(key, (model.code, name))
            if owner != model.code:
                if fold(name) == fold(first):
                    said = f"the name {name!r} already belongs to {owner} ({first!r})"
                else:
                    said = (
                        f"the name {name!r} ({ascii(name)}) looks the same as {first!r} of {owner}"
                    )
                problems.append(
                    Problem(
                        display,
                        line,
                        model.code,
                        "aliases",
                        said,
                        "a name or alias must point at one party only, and look like no other",
                    )
                )
        parties[model.code] = Party(
            code=model.code,
            name=model.name,
            aliases=tuple(model.aliases),
            type=model.type,
            existed=model.existed or "",
            note=model.note or "",
        )
    return parties


def load_events_file(
    path: str,
    display: str,
    parties: Mapping[str, Party],
    seen: list[Registration],
    position: int,
    problems: list[Problem],
) -> list[Event]:
    """The valid events of one file; its problems go to ``problems`` and the ids it uses
    to ``seen`` (``position`` is the file's place in the walk)."""
    doc = _read(path, display, problems)
    if doc is None:
        return []
    if doc.data is None or doc.data == "":
        problems.append(
            Problem.of_file(
                display, "the file is empty", "add records (a YAML list) or delete the file"
            )
        )
        return []
    if not isinstance(doc.data, list):
        problems.append(
            Problem.of_file(
                display,
                "an events file must be a YAML list of records",
                "start each record with '- id: …'",
                line=doc.line_of(()),
            )
        )
        return []
    from dipltime.store.schema import EventModel

    events: list[Event] = []
    for index, item in enumerate(doc.data):
        # Identity and references are checked on the raw record, so that they
        # are reported even when other fields of the record are wrong.
        clean = _check_identity(item, doc, index, display, parties, seen, position, problems)
        model = _validate(EventModel, item, doc, index, display, problems)
        if model is not None and clean:
            line = doc.line_of((index,)) or 0
            events.append(_to_event(model, display, line, doc.line_of((index, "id")) or line))
    return events


def _check_identity(
    item: Any,
    doc: Document,
    index: int,
    display: str,
    parties: Mapping[str, Party],
    seen: list[Registration],
    position: int,
    problems: list[Problem],
) -> bool:
    """Unknown party codes (False when there is one); the id is noted in ``seen``, for the
    duplicate check across the collection."""
    if not isinstance(item, dict):
        return False
    clean = True
    record_id = item.get("id")
    if isinstance(record_id, str) and record_id:
        seen.append((record_id, position, display, doc.line_of((index, "id"))))
    codes = item.get("parties")
    if parties and isinstance(codes, list):
        for position, code in enumerate(codes):
            if isinstance(code, str) and code not in parties:
                clean = False
                problems.append(
                    Problem(
                        display,
                        doc.line_of((index, "parties", position)),
                        record_id if isinstance(record_id, str) else f"#{index + 1}",
                        f"parties[{position}]",
                        f"unknown party code {code!r}",
                        _suggest(code, parties),
                    )
                )
    return clean


def _closest(given: str, choices: list[str]) -> str | None:
    """The one choice ``given`` most likely meant; None where several fit equally."""
    import difflib

    prefixed = [c for c in choices if c.startswith(given)]
    if prefixed:
        return prefixed[0] if len(prefixed) == 1 else None
    close = difflib.get_close_matches(given, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def _suggest(code: str, parties: Mapping[str, Party]) -> str:
    import difflib

    close = difflib.get_close_matches(code, list(parties), n=1)
    extra = f"did you mean {close[0]}? " if close else ""
    return f"{extra}add the party to parties.yaml or use one of its codes"


def _validate(
    model_cls: Any, item: Any, doc: Document, index: int, display: str, problems: list[Problem]
) -> Any:
    from pydantic import ValidationError

    record_id = item.get("id") if isinstance(item, dict) else None
    if not isinstance(item, dict):
        problems.append(
            Problem.of_file(
                display,
                "a record must be a mapping of fields",
                "write 'key: value' lines under '- '",
                line=doc.line_of((index,)),
            )
        )
        return None
    try:
        return model_cls.model_validate(item)
    except ValidationError as exc:
        label = record_id if isinstance(record_id, str) and record_id else f"#{index + 1}"
        errors = exc.errors(include_url=False)
        for error in errors[:MAX_PER_RECORD]:
            problems.append(_problem(error, model_cls, doc, index, display, label))
        if len(errors) > MAX_PER_RECORD:
            problems.append(
                Problem(
                    display,
                    doc.line_of((index,)),
                    label,
                    None,
                    f"… and {len(errors) - MAX_PER_RECORD} more problems in this record",
                    "fix the ones above first",
                )
            )
        return None


def _problem(
    error: Any, model_cls: Any, doc: Document, index: int, display: str, label: str
) -> Problem:
    loc = tuple(error["loc"])
    field = _field_name(loc)
    # A field required by another one (date_note by date_basis) is located there.
    anchor = _REQUIRED_BY.get(loc[0]) if loc and (index, *loc) not in doc.lines else None
    line = doc.line_of(
        (index, anchor) if anchor and (index, anchor) in doc.lines else (index, *loc)
    )
    kind = error["type"]
    message = str(error["msg"]).removeprefix("Value error, ")
    hint = _HINTS.get(str(loc[0]) if loc else "", "")
    if kind == "missing":
        message = "is required but missing"
    elif kind == "extra_forbidden":
        message = "is not a known field"
        import difflib

        known = list(model_cls.model_fields)
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = (f"did you mean {close[0]}? " if close else "") + "known fields: " + ", ".join(known)
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
        suggestion = _closest(str(given), _CHOICES.get(str(loc[-1]), []))
        if suggestion:
            hint = f"did you mean {suggestion}? {hint}"
    return Problem(display, line, label, field or None, message, hint)


def _to_event(model: Any, display: str, line: int, id_line: int) -> Event:
    return Event(
        id=model.id,
        date=model.date,
        end=model.end,
        date_basis=DateBasis(model.date_basis),
        date_note=model.date_note or "",
        title=model.title,
        summary=model.summary,
        kind=Kind(model.kind),
        parties=tuple(model.parties),
        places=tuple(model.places),
        people=tuple(model.people),
        tags=tuple(model.tags),
        sources=tuple(
            Source(
                publisher=s.publisher,
                title=s.title,
                date=s.date,
                document=s.document or "",
                locator=s.locator or "",
            )
            for s in model.sources
        ),
        notes=model.notes or "",
        revised=model.revised,
        path=display,
        line=line,
        id_line=id_line,
    )
