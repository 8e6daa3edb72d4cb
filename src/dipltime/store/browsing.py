"""The collection as the browser reads it from the cache: a page of records at a time.

At 100,000 records, decoding every record before the first screen takes seconds and
some 300 MB. :class:`CachedCollection` has the face of a
:class:`~dipltime.domain.model.Collection` (``events``, ``parties``), but its events are
a :class:`Rows` sequence: the cache's row ids in chronological order (8 bytes a record),
each record decoded when the browser draws it, the pages last drawn kept. A filter is
answered by the cache's indexes where they say everything (parties, kinds), else by
reading the candidates one by one and keeping the ids of those that pass.

The browser reads from several threads (its views are computed off the UI thread):
every use of the connection holds a lock. The connection keeps one read transaction
for as long as the browser runs, so that the rows it shows stay the ones it counted;
another command meanwhile still answers, reading the files it cannot store.
"""

from __future__ import annotations

import array
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, overload

from dipltime.domain.filters import Filter, Query, query_for
from dipltime.domain.model import Event, Party
from dipltime.errors import DipltimeError
from dipltime.i18n import N_
from dipltime.store.payload import decode
from dipltime.store.tables import ORDER, where

if TYPE_CHECKING:
    from dipltime.store.cache import Index

PAGE = 256
"""Records decoded together (about a screenful, many times over)."""
PAGES = 32
"""Pages kept decoded (8,192 records)."""
PAGED_FROM = 5000
"""A smaller collection is taken whole: it fits in a few megabytes, opens as fast, and a
search in another language than English stays instant."""


class CachedCollection:
    """A collection read from an open cache (see the module's notes)."""

    def __init__(
        self, index: Index, parties: dict[str, Party], display: Callable[[str], str]
    ) -> None:
        self.index = index
        self.parties = parties
        self._display = display
        self._lock = threading.RLock()
        self._pages: OrderedDict[tuple[int, ...], dict[int, Event]] = OrderedDict()
        self.events = Rows(self, self._ids(Query()))

    # --- what the browser asks -----------------------------------------------------------

    def timeline(
        self, flt: Filter, folded: Callable[[Event], str] | None = None
    ) -> tuple[Rows, Counter[int]]:
        """The events that pass ``flt``, in chronological order, and how many begin in each
        decade. ``folded`` gives the text a search looks in; without it, it is
        ``filters.haystack``, which the cache holds (and searches itself)."""
        if not any(flt):
            return self.events, self._decades(Query())
        query = _narrowed(flt, folded)
        if _indexed(flt) and not (flt.text and folded):
            return Rows(self, self._ids(query)), self._decades(query)
        kept = array.array("q")
        decades: Counter[int] = Counter()
        for row, event in self._read(query):
            if flt.matches(event, folded(event) if folded and flt.text else None):
                kept.append(row)
                decades[event.date.year // 10 * 10] += 1
        return Rows(self, kept), decades

    def matching(
        self, query: Query, flt: Filter, folded: Callable[[Event], str] | None = None
    ) -> list[Event]:
        """The events ``query`` finds that pass ``flt`` (for a day, a window)."""
        if flt.text and folded is None:
            query = query._replace(words=flt.words)
        return [
            event
            for _, event in self._read(query)
            if flt.matches(event, folded(event) if folded and flt.text else None)
        ]

    # --- reading -------------------------------------------------------------------------------

    def _ids(self, query: Query) -> array.array[int]:
        condition, params = where(query)
        with self._lock:
            rows = self.index.db.execute(
                f"SELECT e.id FROM events AS e WHERE {condition} ORDER BY {ORDER}", params
            )
            return array.array("q", (row for (row,) in rows))

    def _decades(self, query: Query) -> Counter[int]:
        condition, params = where(query)
        with self._lock:
            rows = self.index.db.execute(
                f"SELECT e.year / 10 * 10, COUNT(*) FROM events AS e WHERE {condition} GROUP BY 1",
                params,
            )
            return Counter(dict(rows.fetchall()))

    def _read(self, query: Query) -> Iterator[tuple[int, Event]]:
        """(row id, event) of each event ``query`` finds, a page at a time."""
        ids = self._ids(query)
        for start in range(0, len(ids), PAGE):
            page = list(ids[start : start + PAGE])
            found = self._fetch(page)
            yield from ((row, found[row]) for row in page if row in found)

    def page(self, ids: tuple[int, ...]) -> dict[int, Event]:
        """The events of a page of row ids, decoded once while the page is among the last
        :data:`PAGES` read."""
        with self._lock:
            found = self._pages.get(ids)
            if found is None:
                found = self._pages[ids] = self._fetch(list(ids))
                while len(self._pages) > PAGES:
                    self._pages.popitem(last=False)
            else:
                self._pages.move_to_end(ids)
            return found

    def _fetch(self, ids: list[int]) -> dict[int, Event]:
        marks = ",".join("?" * len(ids))
        shown: dict[str, str] = {}
        found: dict[int, Event] = {}
        with self._lock:
            rows = self.index.db.execute(
                "SELECT e.id, f.name, e.record, e.payload FROM events AS e"
                f" JOIN files AS f ON f.id = e.file WHERE e.id IN ({marks})",
                ids,
            ).fetchall()
        try:
            for row, name, record, payload in rows:
                path = shown.get(name)
                if path is None:
                    path = shown[name] = self._display(name)
                found[row] = decode(payload, path, record)
        except (ValueError, TypeError, KeyError, IndexError, EOFError, OverflowError):
            raise DipltimeError(
                N_("the cache of this collection is damaged"),
                N_("run `dipltime validate`: it reads the files again and builds it anew"),
                {},
            ) from None
        return found

    def close(self) -> None:
        with self._lock:
            self.index.close()


def _indexed(flt: Filter) -> bool:
    """Whether the cache alone finds exactly what ``flt`` keeps (its words, in the text it
    holds)."""
    return not (flt.tags or flt.since or flt.until or flt.by or flt.to)


def _narrowed(flt: Filter, folded: Callable[[Event], str] | None) -> Query:
    """What the cache can find of ``flt``: its words too, when searched for in the text the
    cache holds."""
    query = query_for(flt)
    return query._replace(words=flt.words) if flt.text and folded is None else query


class Rows(Sequence[Event]):
    """Events by their cache row ids, decoded a page at a time as they are read."""

    def __init__(self, source: CachedCollection, ids: Sequence[int]) -> None:
        self._source = source
        self._ids = ids

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Event]: ...

    def __getitem__(self, index: int | slice) -> Event | Sequence[Event]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        start = index - index % PAGE
        page = tuple(self._ids[start : start + PAGE])
        return self._source.page(page)[self._ids[index]]

    def __iter__(self) -> Iterator[Event]:
        for start in range(0, len(self), PAGE):
            page = tuple(self._ids[start : start + PAGE])
            found = self._source.page(page)
            yield from (found[row] for row in page)

    def __bool__(self) -> bool:
        return bool(self._ids)


def open_for_browsing(events: object) -> CachedCollection | None:
    """The cached collection the browser reads page by page, when ``events`` (a store's
    ``Events``) answers from an intact cache alone and holds :data:`PAGED_FROM` records or
    more; None otherwise (the browser then takes the collection whole)."""
    from dipltime.store.cache import Index
    from dipltime.store.loading import IndexedEvents

    if not isinstance(events, IndexedEvents) or events.fresh or events.stale:
        return None
    if events.counts()[0] < PAGED_FROM:
        return None
    # A connection of its own, that the browser's threads may share (under the lock).
    index = Index.open_path(events.index.path, events.root, shared=True)
    if index is None:
        return None
    return CachedCollection(index, events.parties, events.display)
