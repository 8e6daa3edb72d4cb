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
from typing import TYPE_CHECKING, TypeAlias

from dipltime.domain.filters import Query
from dipltime.domain.model import Collection, Event, Party
from dipltime.errors import DataError, DipltimeError, Problem
from dipltime.i18n import N_
from dipltime.store.scanning import (
    REGISTRY,
    FileEntry,
    Skipped,
    cwd_or_none,
    display_path,
    in_walk_order,
    scan,
)

if TYPE_CHECKING:
    from dipltime.store import records
    from dipltime.store.cache import Index, Signature

ENV_EVENTS = "DIPLTIME_EVENTS"

StrPath: TypeAlias = "str | os.PathLike[str]"
"""Paths are plain strings inside (``pathlib`` alone would add a tenth to a lookup's
start-up); functions that take one from outside accept a ``Path`` too."""


def bundled_events_dir() -> str:
    """The collection shipped with dipltime: inside the installed package, or the checkout's ``events/``."""
    here = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    for candidate in (
        os.path.join(here, "_events"),
        os.path.join(os.path.dirname(os.path.dirname(here)), "events"),
    ):
        if os.path.isfile(os.path.join(candidate, REGISTRY)):
            return candidate
    raise DipltimeError(
        N_("the bundled events are missing from this installation"),
        N_("reinstall dipltime, or point at a collection with --events DIR or {variable}"),
        {"variable": ENV_EVENTS},
    )


def resolve_events_dir(option: str | None, environ: Mapping[str, str]) -> str:
    """``--events`` wins, then ``$DIPLTIME_EVENTS``, then the bundled collection."""
    chosen = option or environ.get(ENV_EVENTS) or None
    return os.path.expanduser(chosen) if chosen else bundled_events_dir()


class Events:
    """The events of a collection as commands read them: all of them, or only those a
    :class:`~dipltime.domain.filters.Query` admits (which an indexed cache finds without decoding
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
        self._cwd = cwd_or_none()
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
        from dipltime.store.cache import Damaged

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
        from dipltime.store.cache import Damaged

        if self._loaded is not None:
            return self._loaded.counts()
        try:
            events, files = self.index.counts(self.stale)
        except Damaged:
            return self._fall_back().counts()
        return events + len(self.fresh), files + len({event.path for event in self.fresh})

    def ids(self) -> list[str]:
        from dipltime.store.cache import Damaged

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
            N_("the events folder {folder} does not exist or is not a folder"),
            N_("pass an existing folder with --events DIR or {variable}"),
            {"folder": root, "variable": ENV_EVENTS},
        )
    found, skipped = scan(root)
    if cache_folder is None or skipped:  # what was skipped is a problem: nothing is cached
        return LoadedEvents(_load_all(root, in_walk_order(root, found), skipped)[0])
    from dipltime.store.cache import Damaged, Index, build, registry_signature

    folder = os.fspath(cache_folder)
    registry = registry_signature(root)

    def reload() -> Events:
        """Read and validate every file, and build the cache anew."""
        collection, files, linked = _load_all(root, in_walk_order(root, found))
        build(folder, root, registry, collection.parties, files, linked)
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
) -> tuple[Collection, dict[str, tuple[Signature | None, list[Event]]], set[str]]:
    """Read and validate every file (what the walk ``skipped`` is a problem too); the
    collection, the events file by file, and the files taking part in links.

    ``records`` and ``links`` are imported here, not at the top: a lookup that the cache
    answers never needs them."""
    from dipltime.store import links, records, registry

    cwd = cwd_or_none()
    problems = [
        Problem.of_file(
            display_path(os.path.join(root, name) if name else root, cwd), message, hint
        )
        for name, message, hint in skipped or ()
    ]
    registries = registry.read_registries(root, problems)
    seen: list[records.Registration] = []
    files: dict[str, tuple[Signature | None, list[Event]]] = {}
    events: list[Event] = []
    collecting = gc.isenabled()
    gc.disable()  # a bulk load makes many objects and no cycles: the collector only costs
    try:
        for position, (name, path, sig) in enumerate(entries):
            found = records.load_events_file(
                path, display_path(path, cwd), registries, seen, position, problems
            )
            files[name] = (sig, found)
            events.extend(found)
    finally:
        if collecting:
            gc.enable()
    problems.extend(_duplicates(seen))
    linked: set[str] = set()
    if not problems and links.files_linking(events):
        events, ids = links.link(events, problems)
        by_id = {event.id: event for event in events}
        for name, (sig, found) in list(files.items()):
            if any(event.id in ids for event in found):
                linked.add(name)
                files[name] = (sig, [by_id[event.id] for event in found])
    if not problems and not events:
        problems.append(_no_records(root))
    if problems:
        raise DataError(_in_order(problems))
    events.sort(key=_sort_key)
    return Collection(events=tuple(events), parties=registries.parties), files, linked


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
    from dipltime.store import links, records, registry

    problems: list[Problem] = []
    if (changed | removed) & index.linked:  # a link across files: every file is read again
        index.close()
        return reload()
    registries = registry.read_registries(root, problems, parties)
    cwd = cwd_or_none()
    seen: list[records.Registration] = []
    files: dict[str, tuple[Signature | None, list[Event]]] = {}
    position = {name: number for number, (name, _, _) in enumerate(entries)}
    for name, path, sig in entries:
        if name in changed:
            display = display_path(path, cwd)
            found = records.load_events_file(
                path, display, registries, seen, position[name], problems
            )
            files[name] = (sig, found)
    for record, name, line in index.occurrences({record for record, *_ in seen}):
        if name in position and name not in changed:
            seen.append((record, position[name], display_path(os.path.join(root, name), cwd), line))
    problems.extend(_duplicates(seen))
    if not problems and links.files_linking(e for _, found in files.values() for e in found):
        index.close()
        return reload()
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


def _duplicates(seen: list[records.Registration]) -> list[Problem]:
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
