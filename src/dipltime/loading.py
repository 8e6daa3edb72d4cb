"""Reading and validating an events collection (``scanning`` finds its files).

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
from collections.abc import Callable, Mapping
from stat import S_ISREG
from typing import TYPE_CHECKING, Any, TypeAlias

from dipltime.core import Query
from dipltime.errors import DataError, DipltimeError, Problem
from dipltime.model import Collection, DateBasis, Event, Kind, Party, Source
from dipltime.scanning import REGISTRY, FileEntry, Skipped, in_walk_order, kind_of, scan
from dipltime.text import fold, skeleton

if TYPE_CHECKING:
    from dipltime.cache import Index, Signature
    from dipltime.yamlsafe import Document

MAX_PER_RECORD = 20
"""Problems reported for one record at most (a record with 300,000 unknown keys says so once)."""
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


StrPath: TypeAlias = "str | os.PathLike[str]"
"""Paths are plain strings inside (``pathlib`` alone would add a tenth to a lookup's
start-up); functions that take one from outside accept a ``Path`` too."""


def bundled_events_dir() -> str:
    """The collection shipped with dipltime: inside the installed package, or the checkout's ``events/``."""
    here = os.path.dirname(os.path.realpath(__file__))
    for candidate in (
        os.path.join(here, "_events"),
        os.path.join(os.path.dirname(os.path.dirname(here)), "events"),
    ):
        if os.path.isfile(os.path.join(candidate, REGISTRY)):
            return candidate
    raise DipltimeError(
        "the bundled events are missing from this installation",
        f"reinstall dipltime, or point at a collection with --events DIR or {ENV_EVENTS}",
    )


def resolve_events_dir(option: str | None, environ: Mapping[str, str]) -> str:
    """``--events`` wins, then ``$DIPLTIME_EVENTS``, then the bundled collection."""
    chosen = option or environ.get(ENV_EVENTS) or None
    return os.path.expanduser(chosen) if chosen else bundled_events_dir()


class Events:
    """The events of a collection as commands read them: all of them, or only those a
    :class:`~dipltime.core.Query` admits (which an indexed cache finds without decoding
    the rest), and the party registry."""

    parties: dict[str, Party]

    def collection(self) -> Collection:
        """Every event, in chronological order."""
        raise NotImplementedError

    def candidates(self, query: Query, ordered: bool = True) -> tuple[Event, ...]:
        """Every event ``query`` admits (perhaps more): in chronological order, or in
        any order when not ``ordered`` (for a caller that sorts what it keeps itself)."""
        raise NotImplementedError

    def counts(self) -> tuple[int, int]:
        """How many events there are, and in how many files."""
        raise NotImplementedError

    def ids(self) -> list[str]:
        """The id of every event, in no particular order."""
        raise NotImplementedError

    def close(self) -> None:
        """Let go of what the events were read from (the cache's file): for a caller that
        keeps what it has read for long, like the browser."""


class LoadedEvents(Events):
    """A collection read whole from its files."""

    def __init__(self, collection: Collection) -> None:
        self._collection = collection
        self.parties = collection.parties

    def collection(self) -> Collection:
        return self._collection

    def candidates(self, query: Query, ordered: bool = True) -> tuple[Event, ...]:
        return tuple(event for event in self._collection.events if query.admits(event))

    def counts(self) -> tuple[int, int]:
        events = self._collection.events
        return len(events), len({event.path for event in events})

    def ids(self) -> list[str]:
        return [event.id for event in self._collection.events]


class IndexedEvents(Events):
    """A collection answered from the cache's index, plus the files that changed since
    and could not be stored (``fresh``); the cache's rows for the ``stale`` files are
    never used. Should the cache turn out to be damaged, ``reload`` reads the files
    instead (and builds the cache anew), and they answer from then on."""

    def __init__(
        self,
        index: Index,
        parties: dict[str, Party],
        root: str,
        reload: Callable[[], Events],
        fresh: list[Event] | None = None,
        stale: frozenset[str] = frozenset(),
    ) -> None:
        self.index = index
        self.parties = parties
        self.fresh = fresh or []
        self.stale = stale
        self._reload = reload
        self._loaded: Events | None = None
        self._root = root
        self._cwd = _cwd()
        self._all: Collection | None = None
        # How a file's name becomes what the user sees: one prefix for them all,
        # unless the working folder lies inside the collection.
        absolute = os.path.abspath(root)
        inside = self._cwd is not None and self._cwd.startswith(absolute + os.sep)
        self._prefix = None if inside else os.path.join(display_path(root, self._cwd), "")
        if self._prefix == "." + os.sep:
            self._prefix = ""

    def _display(self, name: str) -> str:
        if self._prefix is None:
            return display_path(os.path.join(self._root, name), self._cwd)
        return self._prefix + name

    def collection(self) -> Collection:
        if self._all is None:
            self._all = Collection(self.candidates(Query()), self.parties)
        return self._all

    def candidates(self, query: Query, ordered: bool = True) -> tuple[Event, ...]:
        from dipltime.cache import Damaged

        if self._loaded is not None:
            return self._loaded.candidates(query, ordered)
        try:
            found = self.index.query(query, self._display, self.stale)
        except Damaged:
            return self._fall_back().candidates(query, ordered)
        found.extend(event for event in self.fresh if query.admits(event))
        if ordered:
            found.sort(key=_sort_key)
        return tuple(found)

    def counts(self) -> tuple[int, int]:
        from dipltime.cache import Damaged

        if self._loaded is not None:
            return self._loaded.counts()
        try:
            events, files = self.index.counts(self.stale)
        except Damaged:
            return self._fall_back().counts()
        return events + len(self.fresh), files + len({event.path for event in self.fresh})

    def ids(self) -> list[str]:
        from dipltime.cache import Damaged

        if self._loaded is not None:
            return self._loaded.ids()
        try:
            cached = self.index.records(self.stale)
        except Damaged:
            return self._fall_back().ids()
        return [*cached, *(event.id for event in self.fresh)]

    def _fall_back(self) -> Events:
        """Let go of the damaged cache; read the files (which builds it anew)."""
        self.index.close()
        self._loaded = self._reload()
        self.parties = self._loaded.parties
        return self._loaded

    def close(self) -> None:
        self.index.close()


def _sort_key(event: Event) -> tuple[int, int, int, int, int, int, str]:
    return event.sort_key


def load_collection(root: StrPath, cache_folder: StrPath | None = None) -> Collection:
    """Load and validate the whole collection in ``root``; raise :class:`DataError`
    listing every problem. See :func:`open_events`."""
    return open_events(root, cache_folder).collection()


def open_events(root: StrPath, cache_folder: StrPath | None = None) -> Events:
    """Open the collection in ``root``; raise :class:`DataError` listing every problem.

    With ``cache_folder``, an intact cache answers without reading a single
    record; files that changed since it was written are read, validated (and
    checked against the others for duplicate ids) and stored; anything else
    reads and validates the whole collection and writes a fresh cache. See
    ``cache.py``.
    """
    root = os.fspath(root)
    if not os.path.isdir(root):
        raise DipltimeError(
            f"the events folder {root} does not exist or is not a folder",
            f"pass an existing folder with --events DIR or {ENV_EVENTS}",
        )
    found, skipped = scan(root)
    if cache_folder is None or skipped:  # what was skipped is a problem: nothing is cached
        return LoadedEvents(_load_all(root, in_walk_order(root, found), skipped)[0])
    from dipltime.cache import Damaged, Index, build, signature

    folder = os.fspath(cache_folder)
    registry = signature(os.path.join(root, REGISTRY))

    def reload() -> Events:
        """Read and validate every file, and build the cache anew."""
        collection, files = _load_all(root, in_walk_order(root, found))
        build(folder, root, registry, collection.parties, files)
        return LoadedEvents(collection)

    index = Index.open(folder, root)
    if index is not None:
        parties = index.parties(registry)
        if parties is not None:
            cached = index.signatures
            if found == cached:  # the common case, compared in one go
                return IndexedEvents(index, parties, root, reload)
            changed = {
                name for name, sig in found.items() if sig is None or cached.get(name) != sig
            }
            removed = {name for name in cached if name not in found}
            entries = in_walk_order(root, found)
            try:
                return _refresh(root, entries, index, parties, changed, removed, reload)
            except Damaged:
                pass  # read every file instead, below
        index.close()
    return reload()


def _load_all(
    root: str, entries: list[FileEntry], skipped: list[Skipped] | None = None
) -> tuple[Collection, dict[str, tuple[Signature | None, list[Event]]]]:
    """Read and validate every file (what the walk ``skipped`` is a problem too); the
    collection, and the events file by file."""
    cwd = _cwd()
    problems = [
        Problem.of_file(
            display_path(os.path.join(root, name) if name else root, cwd), message, hint
        )
        for name, message, hint in skipped or ()
    ]
    parties = _load_registry(root, problems)
    seen: list[Registration] = []
    files: dict[str, tuple[Signature | None, list[Event]]] = {}
    events: list[Event] = []
    collecting = gc.isenabled()
    gc.disable()  # a bulk load makes many objects and no cycles: the collector only costs
    try:
        for position, (name, path, sig) in enumerate(entries):
            found = _load_events_file(
                path, display_path(path, cwd), parties, seen, position, problems
            )
            files[name] = (sig, found)
            events.extend(found)
    finally:
        if collecting:
            gc.enable()
    problems.extend(_duplicates(seen))
    if not problems and not events:
        problems.append(_no_records(root))
    if problems:
        raise DataError(_in_order(problems))
    events.sort(key=_sort_key)
    return Collection(events=tuple(events), parties=parties), files


def _refresh(
    root: str,
    entries: list[FileEntry],
    index: Index,
    parties: dict[str, Party],
    changed: set[str],
    removed: set[str],
    reload: Callable[[], Events],
) -> Events:
    """Read and validate only the ``changed`` files, check their ids against the cached
    files, and bring the cache up to date. Raises ``cache.Damaged`` when the cache
    cannot be read (``reload`` is for a damage found later)."""
    problems: list[Problem] = []
    cwd = _cwd()
    seen: list[Registration] = []
    files: dict[str, tuple[Signature | None, list[Event]]] = {}
    position = {name: number for number, (name, _, _) in enumerate(entries)}
    for name, path, sig in entries:
        if name in changed:
            display = display_path(path, cwd)
            found = _load_events_file(path, display, parties, seen, position[name], problems)
            files[name] = (sig, found)
    for record, name, line in index.occurrences({record for record, *_ in seen}):
        if name in position and name not in changed:
            seen.append((record, position[name], display_path(os.path.join(root, name), cwd), line))
    problems.extend(_duplicates(seen))
    if (
        not problems
        and not any(found for _, found in files.values())
        and not index.holds_events(changed | removed)
    ):
        problems.append(_no_records(root))
    if problems:
        index.close()
        raise DataError(_in_order(problems))
    stored = index.update(files, removed)
    fresh = [event for name, (_, found) in files.items() if name not in stored for event in found]
    stale = frozenset((changed | removed) - stored)
    return IndexedEvents(index, parties, root, reload, fresh, stale)


def _no_records(root: str) -> Problem:
    return Problem.of_file(
        display_path(root),
        "the folder holds no event records",
        "add YAML files, each a list of records, next to parties.yaml",
    )


def _in_order(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.path, p.line or 0))


Registration = tuple[str, int, str, "int | None"]
"""Where an id is used: the id, the position of its file in the walk, the file as
shown, and the line."""


def _duplicates(seen: list[Registration]) -> list[Problem]:
    """A problem for every use of an id after its first (in the order of the walk)."""
    first: dict[str, str] = {}
    problems = []
    for record, _, display, line in sorted(seen, key=lambda registration: registration[1]):
        previous = first.setdefault(record, f"{display}:{line}")
        if previous != f"{display}:{line}":
            problems.append(
                Problem(
                    display,
                    line,
                    record,
                    "id",
                    f"duplicate id, first used at {previous}",
                    "give each record its own id",
                )
            )
    return problems


def _cwd() -> str | None:
    try:
        return os.getcwd()
    except OSError:
        return None


def display_path(path: str | os.PathLike[str], cwd: str | None = "") -> str:
    """A path as the user will recognise it: relative to the working folder when below it.

    Links are not resolved (a link loop must be reported, not crash the display).
    ``cwd`` spares a caller showing many paths from asking for the working folder each time.
    """
    if cwd == "":
        cwd = _cwd()
    text = os.fspath(path)
    if cwd is None:
        return text
    absolute = os.path.abspath(text)
    if absolute == cwd:
        return "."
    prefix = cwd if cwd.endswith(os.sep) else cwd + os.sep
    return absolute[len(prefix) :] if absolute.startswith(prefix) else text


def _read(path: str, display: str, problems: list[Problem]) -> Document | None:
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


def _load_registry(root: str, problems: list[Problem]) -> dict[str, Party]:
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
    from dipltime.schema import PartyModel

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


def _load_events_file(
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
    from dipltime.schema import EventModel

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
