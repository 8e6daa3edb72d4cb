"""Finding, reading and validating an events collection.

A collection is a folder: ``parties.yaml`` at its top (the registry of states,
organisations and forums) and any number of other ``*.yaml`` files below it,
each a list of event records. The bundled collection groups records by
counterpart (``events/vnm.yaml``); any layout works.

:func:`load_collection` reports *every* problem of the whole collection at
once, as one :class:`~dipltime.errors.DataError`.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dipltime.errors import DataError, DipltimeError, Problem
from dipltime.model import Collection, DateBasis, Event, Kind, Party, Source
from dipltime.text import fold

if TYPE_CHECKING:
    from dipltime.yamlsafe import Document

REGISTRY = "parties.yaml"
ENV_EVENTS = "DIPLTIME_EVENTS"

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


def bundled_events_dir() -> Path:
    """The collection shipped with dipltime: inside the installed package, or the checkout's ``events/``."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_events", here.parent.parent / "events"):
        if (candidate / REGISTRY).is_file():
            return candidate
    raise DipltimeError(
        "the bundled events are missing from this installation",
        f"reinstall dipltime, or point at a collection with --events DIR or {ENV_EVENTS}",
    )


def resolve_events_dir(option: str | None, environ: Mapping[str, str]) -> Path:
    """``--events`` wins, then ``$DIPLTIME_EVENTS``, then the bundled collection."""
    chosen = option or environ.get(ENV_EVENTS) or None
    return Path(chosen).expanduser() if chosen else bundled_events_dir()


def event_files(root: Path) -> list[Path]:
    """Every events file below ``root`` in a stable order, the registry excluded.

    Symbolic links to folders are not followed (a link loop cannot hang the walk).
    """
    found: list[Path] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not name.endswith((".yaml", ".yml")):
                continue
            path = Path(folder, name)
            if path.parent == root and name == REGISTRY:
                continue
            found.append(path)
    return found


def load_collection(root: Path, cache_folder: Path | None = None) -> Collection:
    """Load and validate the collection in ``root``; raise :class:`DataError` listing every problem.

    With ``cache_folder``, files whose cached entry is still exact are taken from
    the cache (no YAML, no validation) and only the others are read; see ``cache.py``.
    """
    if not root.is_dir():
        raise DipltimeError(
            f"the events folder {root} does not exist or is not a folder",
            f"pass an existing folder with --events DIR or {ENV_EVENTS}",
        )
    cache = None
    if cache_folder is not None:
        from dipltime.cache import Cache

        cache = Cache(cache_folder, root)
    problems: list[Problem] = []
    registry_sig = _signature(root / REGISTRY) if cache else None
    parties = cache.parties(registry_sig) if cache else None
    registry_changed = parties is None  # then every record may be judged differently
    reparsed = registry_changed
    if parties is None:
        parties = _load_registry(root, problems)
    events: list[Event] = []
    first_seen: dict[str, str] = {}
    loaded: dict[str, tuple[Any, list[Event]]] = {}
    gc.disable()  # a bulk load makes many objects and no cycles: the collector only costs
    try:
        for path in event_files(root):
            display = display_path(path)
            name = os.path.relpath(path, root)
            sig = _signature(path) if cache else None
            cached = None if cache is None or registry_changed else cache.events(name, sig, display)
            if cached is None:
                reparsed = True
                found = _load_events_file(path, display, parties, first_seen, problems)
            else:
                found = cached
                for event in cached:  # duplicates across files are checked on every load
                    _register(event.id, display, event.line, first_seen, problems)
            loaded[name] = (sig, found)
            events.extend(found)
    finally:
        gc.enable()
    if not problems and not events:
        problems.append(
            Problem.of_file(
                display_path(root),
                "the folder holds no event records",
                "add YAML files, each a list of records, next to parties.yaml",
            )
        )
    if problems:
        problems.sort(key=lambda p: (p.path, p.line or 0))
        raise DataError(problems)
    if cache is not None and (reparsed or not cache.unchanged(loaded)):
        cache.write(registry_sig, parties, loaded)
    events.sort(key=lambda e: e.sort_key)
    return Collection(events=tuple(events), parties=parties)


def _signature(path: Path) -> Any:
    from dipltime.cache import signature

    return signature(path)


def _register(
    record_id: str,
    path: str,
    line: int | None,
    first_seen: dict[str, str],
    problems: list[Problem],
) -> bool:
    """Note where ``record_id`` is used; False (and a problem) when it was used before."""
    here = f"{path}:{line}"
    previous = first_seen.setdefault(record_id, here)
    if previous == here:
        return True
    problems.append(
        Problem(
            path,
            line,
            record_id,
            "id",
            f"duplicate id, first used at {previous}",
            "give each record its own id",
        )
    )
    return False


def display_path(path: Path) -> str:
    """A path as the user will recognise it: relative to the working folder when below it.

    Links are not resolved (a link loop must be reported, not crash the display).
    """
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)


def _read(path: Path, display: str, problems: list[Problem]) -> Document | None:
    from dipltime.yamlsafe import read_yaml

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


def _load_registry(root: Path, problems: list[Problem]) -> dict[str, Party]:
    path = root / REGISTRY
    display = display_path(path)
    if not path.is_file():
        problems.append(
            Problem.of_file(
                display,
                "the party registry is missing",
                "create parties.yaml: a list of {code, name, aliases} entries",
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
    from dipltime.schema import PartyModel

    parties: dict[str, Party] = {}
    names: dict[str, str] = {}
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
            key = fold(name)
            owner = names.setdefault(key, model.code)
            if owner != model.code:
                problems.append(
                    Problem(
                        display,
                        line,
                        model.code,
                        "aliases",
                        f"the name {name!r} already belongs to {owner}",
                        "a name or alias must point at one party only",
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


def _load_events_file(
    path: Path,
    display: str,
    parties: Mapping[str, Party],
    first_seen: dict[str, str],
    problems: list[Problem],
) -> list[Event]:
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
    from dipltime.schema import EventModel

    events: list[Event] = []
    for index, item in enumerate(doc.data):
        # Identity and references are checked on the raw record, so that they
        # are reported even when other fields of the record are wrong.
        clean = _check_identity(item, doc, index, display, parties, first_seen, problems)
        model = _validate(EventModel, item, doc, index, display, problems)
        if model is not None and clean:
            events.append(_to_event(model, display, doc.line_of((index,)) or 0))
    return events


def _check_identity(
    item: Any,
    doc: Document,
    index: int,
    display: str,
    parties: Mapping[str, Party],
    first_seen: dict[str, str],
    problems: list[Problem],
) -> bool:
    """Duplicate ids and unknown party codes; False when there is either."""
    if not isinstance(item, dict):
        return False
    clean = True
    record_id = item.get("id")
    if isinstance(record_id, str) and record_id:
        clean = _register(record_id, display, doc.line_of((index, "id")), first_seen, problems)
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
        for error in exc.errors(include_url=False):
            problems.append(_problem(error, model_cls, doc, index, display, label))
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


def _to_event(model: Any, display: str, line: int) -> Event:
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
    )
