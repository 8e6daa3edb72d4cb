"""A compiled, indexed cache of validated events, so that lookups skip YAML and validation.

One SQLite file per collection folder, in ``$DIPLTIME_CACHE`` (a folder, or
``off``), else ``$XDG_CACHE_HOME/dipltime``, else ``~/.cache/dipltime``. It holds
every record of every cached file (one row each, its fields in a compact
``marshal`` payload) and indexes that answer the questions commands ask without
decoding the rest: the month-days a record's span touches, its parties, its
first year and month, and its id (its kind and last year are kept beside them).

It is never trusted blindly:

- a file's rows are used only while its ``stat`` signature (mtime and ctime in
  nanoseconds, size, inode, device) is *equal* to the one recorded, never
  "newer than": ``git checkout``, ``cp -p`` and ``tar`` set old times;
- a file whose mtime is within two seconds of the moment it is cached is not
  cached at all (on a file system with coarse times, a second edit in the same
  tick could keep its signature);
- a changed registry (``parties.yaml``, ``sources.yaml``, ``collection.yaml``) drops
  every entry; the program's version, the
  Python version (the payload format is ``marshal``'s) and a checksum of the
  code that validates and shapes records are part of the cache's identity;
- files are written only when the collection as read had no problem at all,
  and the checks that span files (duplicate ids) run whenever a file changed;
- a corrupt, locked or unwritable cache is rebuilt or bypassed, never fatal:
  a cache that does not open with the expected tables is not used, and any
  read from it that fails (a damaged page, a missing table, a payload that
  does not decode) raises :class:`Damaged`, on which the collection is read
  from its files and the cache built anew;
- it knows how many records each file has and how many rows each table holds:
  a cache that holds fewer (or more) rows than it wrote is damaged too. The
  totals are counted on every open (scans of the smallest indexes: about a
  millisecond at 100,000 records); ``validate`` counts file by file and decodes
  every record;
- each payload starts with a checksum of its record's id and its bytes, checked
  (in C) as it is decoded: another row's payload, a flipped byte or a zeroed
  page is damage, never an answer; the registry is checksummed alike.

Settings that change answers (29 February, milestones) are not part of the
key: the cache holds records, never answers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import marshal
import os
import sqlite3
import sys
import time
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import Any

from dipltime import __version__
from dipltime.domain.dates import DateSpec, PartialDate
from dipltime.domain.filters import Query, month_days
from dipltime.domain.kinds import CERTAINTIES, Kind
from dipltime.domain.model import Ending, Event, OtherDate, Party, Source

FORMAT = "6"
"""The layout of the cache file and of its payloads."""
_SHAPERS = (
    "store/cache.py",
    "domain/dates.py",
    "store/loading.py",
    "domain/model.py",
    "store/records.py",
    "store/schema.py",
    "domain/text.py",
    "store/yamlsafe.py",
)
"""The modules whose code decides what a cached record is: their bytes are part of its key."""
RACY_NS = 2_000_000_000
Signature = tuple[int, int, int, int, int]
Registry = tuple["Signature | None", ...]
"""The signatures of ``parties.yaml``, ``sources.yaml`` and ``collection.yaml``."""
Files = Mapping[str, tuple["Signature | None", list[Event]]]
"""Events files by name (relative to the collection's root): signature and events."""

_KINDS = {kind.value: kind for kind in Kind}
_CERTAINTIES = {c: c for c in CERTAINTIES}
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE files (
    id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL,
    mtime INTEGER, ctime INTEGER, size INTEGER, ino INTEGER, dev INTEGER, events INTEGER NOT NULL
);
CREATE TABLE events (
    id INTEGER PRIMARY KEY, file INTEGER NOT NULL, record TEXT NOT NULL, record_line INTEGER,
    year INTEGER, last_year INTEGER, month INTEGER, kind TEXT, payload BLOB
);
CREATE INDEX events_file ON events (file);
CREATE INDEX events_record ON events (record);
CREATE INDEX events_year ON events (year);
CREATE INDEX events_month ON events (month);
CREATE TABLE days (event INTEGER, md INTEGER, PRIMARY KEY (event, md)) WITHOUT ROWID;
CREATE INDEX days_md ON days (md);
CREATE TABLE parties (event INTEGER, code TEXT, PRIMARY KEY (event, code)) WITHOUT ROWID;
CREATE INDEX parties_code ON parties (code);
"""
_OBJECTS = frozenset(
    {
        *("meta", "files", "events", "days", "parties"),
        *("events_file", "events_record", "events_year", "events_month", "days_md"),
        *("parties_code", "sqlite_autoindex_meta_1", "sqlite_autoindex_files_1"),
    }
)
"""Every table and index of ``_SCHEMA``: a cache missing one is not used."""
_UNREADABLE = (sqlite3.Error, ValueError, TypeError, KeyError, IndexError, EOFError, OverflowError)
"""What reading a damaged cache raises: SQLite's errors, and ``marshal``'s and decoding's
on a payload that is not what was stored."""
_NOT_DAMAGE = frozenset(
    {
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_PERM,
        sqlite3.SQLITE_IOERR,
    }
)
"""SQLite's error codes for a cache that cannot be written just now (locked, read-only,
a full disk): it is bypassed, not rebuilt."""


class Damaged(Exception):
    """The cache could not be read as written: its answer must not be used. Never shown
    to a user (``loading`` reads the files instead and builds the cache anew)."""


def _fingerprint() -> str:
    """The program's, the Python's and the payload's versions and a checksum of the code
    that shapes records, so that a changed validation rule is never answered from an older cache."""
    checksum = zlib.crc32(f"{__version__}/{FORMAT}/{sys.version}".encode())
    here = os.path.dirname(os.path.dirname(__file__))
    for name in _SHAPERS:
        with contextlib.suppress(OSError), open(os.path.join(here, name), "rb") as source:
            checksum = zlib.crc32(source.read(), checksum)
    return f"{checksum:08x}"


def signature(path: str | os.PathLike[str]) -> Signature | None:
    """What must stay equal for a cached file to be used; None if it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino, st.st_dev)


def cache_folder(environ: Mapping[str, str]) -> str | None:
    """Where caches live, or None when ``DIPLTIME_CACHE=off``."""
    chosen = environ.get("DIPLTIME_CACHE", "")
    if chosen.lower() == "off":
        return None
    if chosen:
        return os.path.expanduser(chosen)
    base = environ.get("XDG_CACHE_HOME") or os.path.join(environ.get("HOME", "~"), ".cache")
    return os.path.join(os.path.expanduser(base), "dipltime")


def cache_path(folder: str, root: str) -> str:
    """The cache file of the collection in ``root`` (its absolute path, checksummed)."""
    key = os.fsencode(os.path.abspath(root))  # any bytes a file system allows
    return os.path.join(folder, f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}.sqlite3")


class Index:
    """An open cache file that matched this program and this collection.

    ``signatures`` maps each cached file's name to its signature (kept as one
    ``marshal`` value, so that checking 4,000 files costs one read). Reads
    happen in one transaction, so that a command sees one state of the cache
    even while another command updates it.
    """

    def __init__(self, db: sqlite3.Connection, path: str) -> None:
        self.db = db
        self.path = path
        self.signatures: dict[str, Signature] = {}
        self.registry: Registry | None = None
        self.linked: frozenset[str] = frozenset()
        """The files whose records end, resume or are ended by others (``ends``, ``resumes``):
        a change to one of them makes the loader read the whole collection again."""
        self._parties = b""

    @property
    def files(self) -> dict[str, int]:
        """The row id of each cached file."""
        return dict(self.db.execute("SELECT name, id FROM files"))

    @classmethod
    def open(cls, folder: str | os.PathLike[str], root: str | os.PathLike[str]) -> Index | None:
        """The cache of ``root`` if there is a usable one, else None (never an error)."""
        root = os.fspath(root)
        path = cache_path(os.fspath(folder), root)
        if not os.path.isfile(path):
            return None
        db = None
        try:
            db = sqlite3.connect(path, timeout=1, isolation_level=None)
            index = cls(db, path)
            db.execute("BEGIN")
            meta = dict(db.execute("SELECT key, value FROM meta"))
            if meta.get("version") != _fingerprint() or meta.get("root") != os.fsencode(
                os.path.abspath(root)
            ):
                db.close()
                return None
            index.registry = tuple(marshal.loads(meta["registry"]))
            index.linked = frozenset(marshal.loads(_opened(meta["linked"])))
            index._parties = meta["parties"]
            index.signatures = marshal.loads(meta["signatures"])
            if not isinstance(index.signatures, dict):
                raise TypeError("the signatures are not a mapping")
            if {name for (name,) in db.execute("SELECT name FROM sqlite_master")} != _OBJECTS:
                raise TypeError("a table or an index is missing")
            counted = db.execute(_COUNTS).fetchone()
            expected = (meta["count"], len(index.signatures), meta["days"], meta["party_rows"])
            if counted != expected:
                raise ValueError("rows are missing")
            return index
        except (OSError, *_UNREADABLE):
            if db is not None:
                db.close()
            return None

    def close(self) -> None:
        self.db.close()

    def parties(self, sig: Registry | None) -> dict[str, Party] | None:
        """The party registry if the registries (``parties.yaml``, ``sources.yaml``,
        ``collection.yaml``) are exactly as cached, else None."""
        if sig is None or sig != self.registry:
            return None
        try:
            rows = marshal.loads(_opened(self._parties))
            parties = {p[0]: Party(*p) for p in rows}
        except (ValueError, TypeError, IndexError, EOFError):
            return None
        if any(len(row) != len(Party._fields) for row in rows) or len(parties) != len(rows):
            return None
        if not all(map(_is_party, parties.values())):
            return None
        return parties

    def occurrences(self, ids: Iterable[str]) -> list[tuple[str, str, int]]:
        """Where the cache holds each of ``ids``: (id, file name, line of the id)."""
        wanted = sorted(set(ids))
        found: list[tuple[str, str, int]] = []
        try:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                found.extend(
                    self.db.execute(
                        "SELECT e.record, f.name, e.record_line FROM events AS e"
                        f" JOIN files AS f ON f.id = e.file WHERE e.record IN ({marks})",
                        chunk,
                    )
                )
        except sqlite3.Error as exc:
            raise Damaged(exc) from exc
        return found

    def update(self, changed: Files, removed: Iterable[str]) -> set[str]:
        """Store the ``changed`` files (racy ones excepted) and forget the ``removed`` ones,
        in one transaction. Returns the names whose rows now match their files (none when
        the cache is locked or read-only); raises :class:`Damaged` when it is damaged."""
        now = time.time_ns()
        storable = {name: entry for name, entry in changed.items() if _storable(entry[0], now)}
        try:
            self.db.execute("COMMIT")  # the end of this command's reading
            self.db.execute("BEGIN IMMEDIATE")
            ids = self.files  # as they are now, another command may have written since
            for name in {*removed, *changed}:
                if name not in ids:
                    continue
                file_id = ids[name]
                self.db.execute(
                    "DELETE FROM days WHERE event IN (SELECT id FROM events WHERE file = ?)",
                    (file_id,),
                )
                self.db.execute(
                    "DELETE FROM parties WHERE event IN (SELECT id FROM events WHERE file = ?)",
                    (file_id,),
                )
                self.db.execute("DELETE FROM events WHERE file = ?", (file_id,))
                self.db.execute("DELETE FROM files WHERE id = ?", (file_id,))
            _insert_files(
                self.db, [(name, sig, events) for name, (sig, events) in storable.items() if sig]
            )
            _write_summary(self.db)
            self.db.execute("COMMIT")
        except (sqlite3.Error, UnicodeEncodeError) as exc:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            if isinstance(exc, UnicodeEncodeError):  # a file name that is not UTF-8
                return set()
            if getattr(exc, "sqlite_errorcode", sqlite3.SQLITE_BUSY) & 0xFF in _NOT_DAMAGE:
                return set()
            raise Damaged(exc) from exc
        return set(storable)

    def query(
        self, query: Query, display: Callable[[str], str], exclude: Collection[str] = ()
    ) -> list[Event]:
        """The cached events ``query`` admits, except those of the ``exclude``d files."""
        where, params = _where(query)
        shown: dict[str, str] = {}
        events = []
        collecting = gc.isenabled()
        gc.disable()  # decoding makes many objects and no cycles: the collector only costs
        try:
            for name, record, payload in self.db.execute(
                "SELECT f.name, e.record, e.payload FROM events AS e"
                f" JOIN files AS f ON f.id = e.file WHERE {where}",
                params,
            ):
                if name in exclude:
                    continue
                path = shown.get(name)
                if path is None:
                    path = shown[name] = display(name)
                events.append(_decode(payload, path, record))
        except _UNREADABLE as exc:
            raise Damaged(exc) from exc
        finally:
            if collecting:
                gc.enable()
        return events

    def records(self, exclude: Collection[str] = ()) -> list[str]:
        """The id of every cached event (without those of the ``exclude``d files)."""
        try:
            return [
                record
                for name, record in self.db.execute(
                    "SELECT f.name, e.record FROM events AS e JOIN files AS f ON f.id = e.file"
                )
                if name not in exclude
            ]
        except sqlite3.Error as exc:
            raise Damaged(exc) from exc

    def holds_events(self, exclude: Collection[str] = ()) -> bool:
        """Whether any file but the ``exclude``d ones has an event cached."""
        try:
            return any(
                name not in exclude
                for (name,) in self.db.execute(
                    "SELECT name FROM files AS f"
                    " WHERE EXISTS (SELECT 1 FROM events WHERE file = f.id)"
                )
            )
        except sqlite3.Error as exc:
            raise Damaged(exc) from exc

    def counts(self, exclude: Collection[str] = ()) -> tuple[int, int]:
        """How many events, and in how many files, the cache holds (without ``exclude``);
        each file's rows are counted and checked against the number it was stored with."""
        try:
            per_file = self.db.execute(
                "SELECT name, events, (SELECT COUNT(*) FROM events WHERE file = f.id)"
                " FROM files AS f"
            ).fetchall()
        except sqlite3.Error as exc:
            raise Damaged(exc) from exc
        if any(stored != found for _, stored, found in per_file):
            raise Damaged("a file's rows are missing")
        kept = [count for name, count, _ in per_file if name not in exclude and count]
        return sum(kept), len(kept)


def registry_signature(root: str) -> Registry | None:
    """The signatures of the registries of ``root`` (None when ``parties.yaml`` has none)."""
    from dipltime.store.scanning import COLLECTION, REGISTRY, SOURCES

    parties = signature(os.path.join(root, REGISTRY))
    if parties is None:
        return None
    return (
        parties,
        signature(os.path.join(root, SOURCES)),
        signature(os.path.join(root, COLLECTION)),
    )


def _registry_storable(registry: Registry | None, now: int) -> bool:
    return (
        registry is not None
        and all(sig is None or _storable(sig, now) for sig in registry)
        and _storable(registry[0], now)
    )


def build(
    folder: str,
    root: str,
    registry: Registry | None,
    parties: Mapping[str, Party],
    files: Files,
    linked: Collection[str] = (),
) -> None:
    """Write a fresh cache of ``root`` holding ``files`` (racy ones left out), or nothing.

    It is built in a temporary file renamed over the old one: a reader sees the
    old cache or the new one, never half of either.
    """
    now = time.time_ns()
    if not _registry_storable(registry, now):
        return
    path = cache_path(folder, root)
    party_rows = [tuple(party) for party in parties.values()]
    # A file name that is not UTF-8 cannot be stored: such a collection is read, not cached.
    with contextlib.suppress(sqlite3.Error, OSError, UnicodeEncodeError):
        os.makedirs(folder, exist_ok=True)
        temp = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.tmp")
        with contextlib.closing(sqlite3.connect(temp, isolation_level=None)) as db:
            db.executescript(_SCHEMA)
            db.execute("PRAGMA journal_mode = OFF")  # a temporary file: all of it or none
            db.execute("BEGIN")
            db.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [
                    ("version", _fingerprint()),
                    ("root", os.fsencode(os.path.abspath(root))),  # bytes: any name
                    ("registry", marshal.dumps(registry)),
                    ("parties", _sealed(marshal.dumps(party_rows))),
                    ("linked", _sealed(marshal.dumps(sorted(linked)))),
                ],
            )
            _insert_files(
                db,
                [
                    (name, sig, events)
                    for name, (sig, events) in files.items()
                    if sig is not None and _storable(sig, now)
                ],
            )
            _write_summary(db)
            db.execute("COMMIT")
        os.replace(temp, path)
    with contextlib.suppress(OSError):
        for leftover in _leftovers(path):
            os.unlink(leftover)


def _sealed(data: bytes) -> bytes:
    """``data`` after its checksum (what :func:`_opened` checks)."""
    return zlib.crc32(data).to_bytes(4, "big") + data


def _opened(blob: bytes) -> bytes:
    """The data of a :func:`_sealed` blob; ``ValueError`` when it is not what was written."""
    if not isinstance(blob, bytes) or zlib.crc32(blob[4:]).to_bytes(4, "big") != blob[:4]:
        raise ValueError("a value of the cache is not the one written")
    return blob[4:]


def _is_party(party: Party) -> bool:
    """A registry entry of the shape the loader makes (text, and a tuple of text aliases)."""
    texts = (party.code, party.name, party.type, party.existed, party.note)
    return (
        all(type(text) is str for text in texts)
        and type(party.since) is int
        and type(party.until) is int
        and all(type(many) is tuple for many in (party.aliases, party.sources))
        and all(type(text) is str for text in (*party.aliases, *party.sources))
    )


def _storable(sig: Signature | None, now: int) -> bool:
    """Whether a file with this signature may be cached: readable, and not modified so
    recently that a second edit could go unnoticed."""
    return sig is not None and now - sig[0] >= RACY_NS


def _write_summary(db: sqlite3.Connection) -> None:
    """Keep the one-value copy of the files' signatures that a lookup reads, and the
    number of records the files were stored with (the rows a lookup expects to find)."""
    signatures = {
        name: tuple(sig)
        for name, *sig in db.execute("SELECT name, mtime, ctime, size, ino, dev FROM files")
    }
    (count,) = db.execute("SELECT COALESCE(SUM(events), 0) FROM files").fetchone()
    _, _, days, parties = db.execute(_COUNTS).fetchone()
    db.executemany(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
        [
            ("signatures", marshal.dumps(signatures)),
            ("count", count),
            ("days", days),
            ("party_rows", parties),
        ],
    )


_COUNTS = (
    "SELECT (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM files),"
    " (SELECT COUNT(*) FROM days), (SELECT COUNT(*) FROM parties)"
)
"""The rows of every table a lookup reads: counted on every open against what was written
(the two index tables as written, the events as their files were stored with)."""


def _insert_files(
    db: sqlite3.Connection, files: Iterable[tuple[str, Signature, list[Event]]]
) -> None:
    """Add files and their events. Events go in by the day of the year they begin on, so
    that the records of neighbouring days (a month of ``upcoming``) sit side by side."""
    placed: list[tuple[int, Event]] = []
    for name, sig, events in files:
        file_row = db.execute(
            "INSERT INTO files VALUES (NULL, ?, ?, ?, ?, ?, ?, ?)", (name, *sig, len(events))
        )
        file_id = file_row.lastrowid
        assert file_id is not None
        placed.extend((file_id, event) for event in events)
    placed.sort(key=lambda item: (item[1].date.month, item[1].date.day))
    last = db.execute("SELECT MAX(id) FROM events").fetchone()[0] or 0
    for start in range(0, len(placed), _BATCH):  # in batches: the rows need not all be in memory
        rows = []
        days: list[tuple[int, int]] = []
        parties: list[tuple[int, str]] = []
        for row, (file_id, event) in enumerate(placed[start : start + _BATCH], last + 1 + start):
            rows.append(
                (
                    row,
                    file_id,
                    event.id,
                    event.id_line,
                    event.date.year,
                    event.last.year,
                    event.date.month,
                    event.kind.value,
                    _encode(event),
                )
            )
            days.extend((row, md) for md in month_days(event))
            parties.extend((row, code) for code in event.parties)
        db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        db.executemany("INSERT INTO days VALUES (?, ?)", days)
        db.executemany("INSERT INTO parties VALUES (?, ?)", parties)


_BATCH = 2000


def _where(query: Query) -> tuple[str, list[object]]:
    """``query`` as SQL. The one field most likely to narrow drives the lookup through
    its index; the others are checked on the rows found (a ``+`` keeps SQLite from
    choosing their indexes)."""
    conditions: list[str] = []
    params: list[object] = []

    def add(condition: str, *values: object) -> None:
        conditions.append(condition)
        params.extend(values)

    def marks(values: Collection[object]) -> str:
        return ",".join("?" * len(values))

    if query.record:
        add("e.record = ?", query.record)
    if query.days is not None:
        ranges = " OR ".join("md BETWEEN ? AND ?" for _ in query.days) or "0"
        add(
            f"e.id IN (SELECT event FROM days WHERE {ranges})",
            *(bound for pair in query.days for bound in pair),
        )
    for code in query.parties:
        add("e.id IN (SELECT event FROM parties WHERE code = ?)", code)
    if query.years is not None:
        years = sorted(query.years)
        add(f"e.year IN ({marks(years)})", *years)
    if query.month:
        add("+e.month = ?", query.month)
    if query.until is not None:
        add("+e.year <= ?", query.until)
    if query.since is not None:
        add("e.last_year >= ?", query.since)
    if query.kinds is not None:
        kinds = [kind.value for kind in query.kinds]
        add(f"+e.kind IN ({marks(kinds)})", *kinds)
    return " AND ".join(conditions) or "1", params


def _leftovers(path: str) -> Iterator[str]:
    """Temporary files of builds that were cut short (not this process's own)."""
    folder, name = os.path.split(path)
    for other in os.listdir(folder):
        mine = other.endswith(f".{os.getpid()}.tmp")
        if other.startswith(f".{name}.") and other.endswith(".tmp") and not mine:
            yield os.path.join(folder, other)


def _encode(event: Event) -> bytes:
    """An event as ``marshal`` stores it: its fields in order, as plain tuples and text
    (``path`` left empty: it depends on the working folder of the command that reads it),
    after a checksum of its record's id and those bytes (see :func:`_decode`)."""
    fields: list[Any] = list(event)
    fields[_DATE] = tuple(event.date)
    fields[_KIND] = event.kind.value
    fields[_SOURCES] = tuple(tuple(source) for source in event.sources)
    fields[_END] = tuple(event.end) if event.end else None
    fields[_UNTIL] = tuple(event.until) if event.until else None
    fields[_OTHERS] = tuple(
        (
            tuple(o.date.date),
            o.date.mark,
            o.date.bound,
            tuple(o.date.until) if o.date.until else None,
            tuple(o.end) if o.end else None,
            tuple(o.source),
            o.note,
        )
        for o in event.other_dates
    )
    ended = event.ended
    fields[_ENDED] = (
        (
            tuple(ended.date),
            ended.by,
            ended.kind.value,
            tuple(ended.resumed) if ended.resumed else None,
            ended.resumed_by,
        )
        if ended
        else None
    )
    fields[_REVISED] = event.revised.toordinal() if event.revised else 0
    fields[_PATH] = ""
    data = marshal.dumps(tuple(fields))
    return zlib.crc32(data, zlib.crc32(event.id.encode())).to_bytes(4, "big") + data


_new = tuple.__new__
_FIELDS = len(Event._fields)
_DATE, _KIND, _SOURCES, _END, _UNTIL, _CERTAINTY, _OTHERS, _ENDED, _REVISED, _PATH = (
    Event._fields.index(name)
    for name in (
        "date", "kind", "sources", "end", "until", "certainty", "other_dates", "ended", "revised",
        "path",
    )
)  # fmt: skip


def _date(value: Any) -> PartialDate | None:
    return _new(PartialDate, value) if value else None


def _other(value: Any) -> OtherDate:
    date, mark, bound, until, end, source, note = value
    spec = _new(DateSpec, (_new(PartialDate, date), mark, bound, _date(until)))
    return _new(OtherDate, (spec, _date(end), _new(Source, source), note))


def _decode(payload: bytes, path: str, record: str) -> Event:
    """The event of a payload stored for ``record``. The named tuples are made with
    ``tuple.__new__`` (the payload has their shapes): a lookup at 100,000 records decodes
    thousands of them. The checksum (computed in C) proves the bytes are the ones written
    for this very record: a damaged page, flipped bytes or another row's payload raise
    ``ValueError`` instead of answering wrongly."""
    data = payload[4:]
    if zlib.crc32(data, zlib.crc32(record.encode())).to_bytes(4, "big") != payload[:4]:
        raise ValueError(f"the payload of {record} is not the one written for it")
    fields = list(marshal.loads(data))
    if len(fields) != _FIELDS:
        raise ValueError(f"a payload of {len(fields)} fields, not {_FIELDS}")
    fields[_DATE] = _new(PartialDate, fields[_DATE])
    fields[_KIND] = _KINDS[fields[_KIND]]
    fields[_SOURCES] = tuple([_new(Source, source) for source in fields[_SOURCES]])
    if fields[_END]:
        fields[_END] = _new(PartialDate, fields[_END])
    if fields[_UNTIL]:
        fields[_UNTIL] = _new(PartialDate, fields[_UNTIL])
    fields[_CERTAINTY] = _CERTAINTIES[fields[_CERTAINTY]]
    if fields[_OTHERS]:
        fields[_OTHERS] = tuple([_other(other) for other in fields[_OTHERS]])
    ended = fields[_ENDED]
    if ended:
        date, by, kind, resumed, resumed_by = ended
        fields[_ENDED] = _new(
            Ending, (_new(PartialDate, date), by, _KINDS[kind], _date(resumed), resumed_by)
        )
    fields[_REVISED] = dt.date.fromordinal(fields[_REVISED]) if fields[_REVISED] else None
    fields[_PATH] = path
    return _new(Event, fields)
