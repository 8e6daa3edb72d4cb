"""Reading and validating an events collection (``scanning`` finds its files).

A collection is a folder: ``parties.yaml`` at its top (the registry of states,
organisations and forums) and any number of other ``*.yaml`` files below it,
each a list of event records. The bundled collection groups records by
counterpart (``events/vnm.yaml``); any layout works.

:func:`load_collection` reports *every* problem of the whole collection at
once, as one :class:`~dipltime.errors.DataError`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import heapq
import os
import time
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

from dipltime.domain.filters import Query
from dipltime.domain.model import Collection, Event, Party
from dipltime.errors import DipltimeError
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
from dipltime.store.tables import BY_DATE, Order, sort_key

if TYPE_CHECKING:
    from dipltime.store.building import Progress
    from dipltime.store.cache import Index, Registry, Signature

ENV_EVENTS = "DIPLTIME_EVENTS"
REREAD_BYTES = 1 << 20
"""Changed files of this many bytes or more are read as a first run reads them (a file at
a time, into a new cache), not held in memory to update the cache with."""

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

    def stream(self, query: Query, order: Order = BY_DATE) -> Iterator[Event]:
        """Every event ``query`` admits (perhaps more), read one by one as the caller takes
        them, in ``order``: memory does not grow with the collection."""
        raise NotImplementedError

    def counts(self) -> tuple[int, int]:
        """How many events there are, and in how many files."""
        raise NotImplementedError

    def ids(self) -> list[str]:
        """The id of every event, in no particular order."""
        raise NotImplementedError

    def newest_revision(self) -> dt.date | None:
        """The latest ``revised`` date of any event (None when none says)."""
        raise NotImplementedError

    def tags(self) -> set[str]:
        """Every tag the events carry."""
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

    def stream(self, query: Query, order: Order = BY_DATE) -> Iterator[Event]:
        found = (event for event in self._collection.events if query.admits(event))
        return found if order is BY_DATE else iter(sorted(found, key=order.key))

    def counts(self) -> tuple[int, int]:
        events = self._collection.events
        return len(events), len({event.path for event in events})

    def ids(self) -> list[str]:
        return [event.id for event in self._collection.events]

    def newest_revision(self) -> dt.date | None:
        return max((e.revised for e in self._collection.events if e.revised), default=None)

    def tags(self) -> set[str]:
        return {tag for event in self._collection.events for tag in event.tags}


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
        self.root = root
        self._cwd = cwd_or_none()
        self._all: Collection | None = None
        # How a file's name becomes what the user sees: one prefix for them all,
        # unless the working folder lies inside the collection.
        absolute = os.path.abspath(root)
        inside = self._cwd is not None and self._cwd.startswith(absolute + os.sep)
        self._prefix = None if inside else os.path.join(display_path(root, self._cwd), "")
        if self._prefix == "." + os.sep:
            self._prefix = ""

    def display(self, name: str) -> str:
        """A cached file's name as the user sees it."""
        if self._prefix is None:
            return display_path(os.path.join(self.root, name), self._cwd)
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
            found = self.index.query(query, self.display, self.stale)
        except Damaged:
            return self._fall_back().candidates(query, ordered)
        found.extend(event for event in self.fresh if query.admits(event))
        if ordered:
            found.sort(key=sort_key)
        return tuple(found)

    def stream(self, query: Query, order: Order = BY_DATE) -> Iterator[Event]:
        from dipltime.store.cache import Damaged

        if self._loaded is not None:
            yield from self._loaded.stream(query, order)
            return
        fresh = sorted((event for event in self.fresh if query.admits(event)), key=order.key)
        cached = self.index.stream(query, self.display, self.stale, order.sql)
        last: Event | None = None
        try:
            for event in heapq.merge(cached, fresh, key=order.key) if fresh else cached:
                yield event
                last = event
        except Damaged:
            # Read the files instead, and go on after the last event given.
            rest = self._fall_back().stream(query, order)
            after = None if last is None else order.key(last)
            yield from (event for event in rest if after is None or order.key(event) > after)

    def _ask(self, files: str, index: str) -> tuple[Any, Any]:
        """(the index's answer to ``index``, None), or (None, the files' answer to
        ``files``) once the cache has failed, or when it fails now."""
        from dipltime.store.cache import Damaged

        if self._loaded is not None:
            return None, getattr(self._loaded, files)()
        try:
            return getattr(self.index, index)(self.stale), None
        except Damaged:
            return None, getattr(self._fall_back(), files)()

    def counts(self) -> tuple[int, int]:
        cached, answer = self._ask("counts", "counts")
        if cached is None:
            return answer  # type: ignore[no-any-return]
        events, files = cached
        return events + len(self.fresh), files + len({event.path for event in self.fresh})

    def ids(self) -> list[str]:
        cached, answer = self._ask("ids", "records")
        if cached is None:
            return answer  # type: ignore[no-any-return]
        return [*cached, *(event.id for event in self.fresh)]

    def newest_revision(self) -> dt.date | None:
        cached, answer = self._ask("newest_revision", "newest_revision")
        if cached is None:
            return answer  # type: ignore[no-any-return]
        fresh = [event.revised.toordinal() for event in self.fresh if event.revised]
        newest = max([cached, *fresh])
        return dt.date.fromordinal(newest) if newest else None

    def tags(self) -> set[str]:
        cached, answer = self._ask("tags", "tags")
        if cached is None:
            return answer  # type: ignore[no-any-return]
        return set(cached) | {tag for event in self.fresh for tag in event.tags}

    def _fall_back(self) -> Events:
        """Let go of the damaged cache; read the files (which builds it anew)."""
        self.index.close()
        self._loaded = self._reload()
        self.parties = self._loaded.parties
        return self._loaded

    def close(self) -> None:
        self.index.close()


def load_collection(root: StrPath, cache_folder: StrPath | None = None) -> Collection:
    """Load and validate the whole collection in ``root``; raise :class:`DataError`
    listing every problem. See :func:`open_events`."""
    events = open_events(root, cache_folder)
    try:
        return events.collection()
    finally:
        events.close()  # a connection sits in a cycle: it would stay open until collected


def open_events(
    root: StrPath, cache_folder: StrPath | None = None, progress: Progress | None = None
) -> Events:
    """Open the collection in ``root``; raise :class:`DataError` listing every problem.

    With ``cache_folder``, an intact cache answers without reading a single
    record; files that changed since it was written are read, validated (and
    checked against the others for duplicate ids) and stored; anything else
    reads and validates the whole collection into a fresh cache (``building``),
    telling ``progress`` how far it got. Without one (``DIPLTIME_CACHE=off``), the
    collection is read into a cache of this command's own, removed when it ends:
    every command answers from an index, whatever the collection's size. See
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
    from dipltime.store.cache import Damaged, Index, registry_signature

    folder = None if cache_folder is None or skipped else os.fspath(cache_folder)
    registry = registry_signature(root)

    def reload() -> Events:
        """Read and validate every file, into a cache built anew."""
        return _build(root, found, skipped, folder, registry, progress, reload)

    index = Index.open(folder, root) if folder is not None else None
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
            if sum((found[name] or (0, 0, 0))[2] for name in changed) >= REREAD_BYTES:
                index.close()  # many files changed (a branch switched): read them all,
                return reload()  # a file at a time, rather than hold the changed ones
            entries = in_walk_order(root, found)
            from dipltime.store.reading import refresh  # only where a file changed

            try:
                fresh, stale = refresh(root, entries, index, parties, changed, removed)
            except Damaged:
                pass  # read every file instead, below
            else:
                if fresh is not None:
                    return IndexedEvents(index, parties, root, reload, fresh, stale)
        index.close()
    return reload()


def _build(
    root: str,
    found: dict[str, Signature | None],
    skipped: list[Skipped],
    folder: str | None,
    registry: Registry | None,
    progress: Progress | None,
    reload: Callable[[], Events],
) -> Events:
    """Read every file into a new cache: the collection's (``folder``), or, where there is
    none, where it cannot be written or may not be kept, this command's own; and where no
    cache can be written at all, into memory."""
    from dipltime.store.cache import Index, cache_path, registry_storable, settle

    entries = in_walk_order(root, found)
    if folder is not None and registry_storable(registry, time.time_ns()):
        path = cache_path(folder, root)
        temp = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.tmp")
        with contextlib.suppress(OSError):
            os.makedirs(folder, exist_ok=True)
        parties = _build_into(root, entries, skipped, temp, registry, progress)
        if parties is not None:
            # Another command may have built it meanwhile: then its cache is as good.
            index = Index.open_path(settle(temp, path), root) or Index.open_path(path, root)
            if index is not None:
                return IndexedEvents(index, parties, root, reload)
    own = _own_folder()  # no cache folder, an unwritable one, or a registry just edited
    if own is not None:
        temp = os.path.join(own, "cache.sqlite3")
        try:
            parties = _build_into(root, entries, skipped, temp, registry, progress)
            index = Index.open_path(temp, root) if parties is not None else None
        finally:  # gone once open: the open file is read to its end
            import shutil

            shutil.rmtree(own, ignore_errors=True)
        if parties is not None and index is not None:
            return IndexedEvents(index, parties, root, reload)
    from dipltime.store.reading import load_all

    return LoadedEvents(load_all(root, entries, skipped))


def _build_into(
    root: str,
    entries: list[FileEntry],
    skipped: list[Skipped],
    temp: str,
    registry: Registry | None,
    progress: Progress | None,
) -> dict[str, Party] | None:
    """``building.build`` into ``temp``: the party registry, or None where the file cannot
    be written (or a file name cannot be stored: not UTF-8). Problems of the data raise."""
    import sqlite3

    from dipltime.store import building
    from dipltime.store.cache import fingerprint

    try:
        return building.build(root, entries, skipped, temp, fingerprint(), registry, progress)
    except (sqlite3.Error, OSError, UnicodeEncodeError):
        return None


def _own_folder() -> str | None:
    """A new temporary folder for a cache of this command's own (None where none can be
    made); the caller removes it, and so does the interpreter's end, if it gets there."""
    import atexit
    import shutil
    import tempfile

    try:
        folder = tempfile.mkdtemp(prefix="dipltime-")
    except OSError:
        return None
    atexit.register(shutil.rmtree, folder, True)
    return folder
