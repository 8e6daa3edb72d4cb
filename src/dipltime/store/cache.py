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
import marshal
import os
import sqlite3
import sys
import time
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping

from dipltime import __version__
from dipltime.domain.filters import Query
from dipltime.domain.model import Event, Party
from dipltime.store.payload import decode, is_party, seal, unseal
from dipltime.store.tables import (
    COUNTS,
    OBJECTS,
    ORDER,
    SCHEMA,
    insert_files,
    where,
    write_summary,
)

FORMAT = "8"
"""The layout of the cache file and of its payloads."""
_SHAPERS = (
    *("domain/dates.py", "domain/filters.py", "domain/kinds.py", "domain/model.py"),
    *("domain/language.py", "domain/text.py", "domain/titles.py"),
    *("store/building.py", "store/cache.py", "store/fields.py", "store/legacy.py"),
    *("store/links.py", "store/loading.py", "store/payload.py", "store/reading.py"),
    *("store/records.py", "store/registries.py"),
    *("store/registry.py", "store/scanning.py", "store/schema.py", "store/tables.py"),
    *("store/validation.py", "store/yamlsafe.py"),
)
"""The modules whose code decides what a cached record is (how it is read, validated,
shaped, linked, stored and indexed): their bytes are part of its key. A test keeps
every module of ``domain`` and ``store`` here but those that cannot change a record."""
RACY_NS = 2_000_000_000
Signature = tuple[int, int, int, int, int]
Registry = tuple["Signature | None", ...]
"""The signatures of ``parties.yaml``, ``sources.yaml`` and ``collection.yaml``."""
Files = Mapping[str, tuple["Signature | None", list[Event]]]
"""Events files by name (relative to the collection's root): signature and events."""

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


def fingerprint() -> str:
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
        return cls.open_path(cache_path(os.fspath(folder), os.fspath(root)), root)

    @classmethod
    def open_path(
        cls, path: str, root: str | os.PathLike[str], shared: bool = False
    ) -> Index | None:
        """The cache of ``root`` in the file ``path`` if it is usable, else None; ``shared``
        lets several threads use it (the caller serialises them)."""
        root = os.fspath(root)
        if not os.path.isfile(path):
            return None
        db = None
        try:
            db = sqlite3.connect(
                path, timeout=1, isolation_level=None, check_same_thread=not shared
            )
            index = cls(db, path)
            db.execute("BEGIN")
            meta = dict(db.execute("SELECT key, value FROM meta"))
            if meta.get("version") != fingerprint() or meta.get("root") != os.fsencode(
                os.path.abspath(root)
            ):
                db.close()
                return None
            index.registry = tuple(marshal.loads(meta["registry"]))
            index.linked = frozenset(marshal.loads(unseal(meta["linked"])))
            index._parties = meta["parties"]
            index.signatures = marshal.loads(meta["signatures"])
            if not isinstance(index.signatures, dict):
                raise TypeError("the signatures are not a mapping")
            if {name for (name,) in db.execute("SELECT name FROM sqlite_master")} != OBJECTS:
                raise TypeError("a table or an index is missing")
            counted = db.execute(COUNTS).fetchone()
            expected = (
                meta["count"],
                len(index.signatures),
                meta["days"],
                meta["party_rows"],
                meta["tag_rows"],
            )
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
            rows = marshal.loads(unseal(self._parties))
            parties = {p[0]: Party(*p) for p in rows}
        except (ValueError, TypeError, IndexError, EOFError):
            return None
        if any(len(row) != len(Party._fields) for row in rows) or len(parties) != len(rows):
            return None
        if not all(map(is_party, parties.values())):
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
        kept = {name: entry for name, entry in changed.items() if storable(entry[0], now)}
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
                for table in ("parties", "tags"):
                    self.db.execute(
                        f"DELETE FROM {table} WHERE event IN"
                        " (SELECT id FROM events WHERE file = ?)",
                        (file_id,),
                    )
                self.db.execute("DELETE FROM events WHERE file = ?", (file_id,))
                self.db.execute("DELETE FROM files WHERE id = ?", (file_id,))
            insert_files(
                self.db, [(name, sig, events) for name, (sig, events) in kept.items() if sig]
            )
            write_summary(self.db)
            self.db.execute("COMMIT")
        except (sqlite3.Error, UnicodeEncodeError) as exc:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            if isinstance(exc, UnicodeEncodeError):  # a file name that is not UTF-8
                return set()
            if getattr(exc, "sqlite_errorcode", sqlite3.SQLITE_BUSY) & 0xFF in _NOT_DAMAGE:
                return set()
            raise Damaged(exc) from exc
        return set(kept)

    def query(
        self, query: Query, display: Callable[[str], str], exclude: Collection[str] = ()
    ) -> list[Event]:
        """The cached events ``query`` admits, except those of the ``exclude``d files."""
        return list(self.stream(query, display, exclude, order=""))

    def stream(
        self,
        query: Query,
        display: Callable[[str], str],
        exclude: Collection[str] = (),
        order: str = ORDER,
    ) -> Iterator[Event]:
        """The cached events ``query`` admits (but those of the ``exclude``d files), decoded
        one by one as they are read, in ``order`` (SQL, ``tables.ORDER`` by default: by
        date; "": as stored). Raises :class:`Damaged` where the cache fails, perhaps after
        some events: the caller knows how far it got."""
        condition, params = where(query)
        sql = (
            "SELECT f.name, e.record, e.payload FROM events AS e"
            f" JOIN files AS f ON f.id = e.file WHERE {condition}"
        )
        shown: dict[str, str] = {}
        try:
            cursor = self.db.execute(f"{sql} ORDER BY {order}" if order else sql, params)
            while rows := cursor.fetchmany(512):
                for name, record, payload in rows:
                    if name in exclude:
                        continue
                    path = shown.get(name)
                    if path is None:
                        path = shown[name] = display(name)
                    yield decode(payload, path, record)
        except _UNREADABLE as exc:
            raise Damaged(exc) from exc

    def newest_revision(self, exclude: Collection[str] = ()) -> int:
        """The ordinal of the latest ``revised`` date of the cached events (without the
        ``exclude``d files'); 0 when none says when it was revised."""
        try:
            rows = self.db.execute(
                "SELECT f.name, MAX(e.revised) FROM events AS e JOIN files AS f"
                " ON f.id = e.file GROUP BY f.name"
            ).fetchall()
        except sqlite3.Error as exc:
            raise Damaged(exc) from exc
        return max((newest or 0 for name, newest in rows if name not in exclude), default=0)

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

    def tags(self, exclude: Collection[str] = ()) -> set[str]:
        """Every tag of the cached events (but those of the ``exclude``d files')."""
        try:
            if not exclude:
                return {tag for (tag,) in self.db.execute("SELECT DISTINCT tag FROM tags")}
            rows = self.db.execute(
                "SELECT DISTINCT t.tag, f.name FROM tags AS t JOIN events AS e ON e.id = t.event"
                " JOIN files AS f ON f.id = e.file"
            ).fetchall()
        except sqlite3.Error as exc:
            raise Damaged(exc) from exc
        return {tag for tag, name in rows if name not in exclude}

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


def registry_storable(registry: Registry | None, now: int) -> bool:
    return (
        registry is not None
        and all(sig is None or storable(sig, now) for sig in registry)
        and storable(registry[0], now)
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
    if not registry_storable(registry, now):
        return
    path = cache_path(folder, root)
    party_rows = [tuple(party) for party in parties.values()]
    # A file name that is not UTF-8 cannot be stored: such a collection is read, not cached.
    with contextlib.suppress(sqlite3.Error, OSError, UnicodeEncodeError):
        os.makedirs(folder, exist_ok=True)
        temp = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.tmp")
        with contextlib.closing(sqlite3.connect(temp, isolation_level=None)) as db:
            db.executescript(SCHEMA)
            db.execute("PRAGMA journal_mode = OFF")  # a temporary file: all of it or none
            db.execute("BEGIN")
            db.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [
                    ("version", fingerprint()),
                    ("root", os.fsencode(os.path.abspath(root))),  # bytes: any name
                    ("registry", marshal.dumps(registry)),
                    ("parties", seal(marshal.dumps(party_rows))),
                    ("linked", seal(marshal.dumps(sorted(linked)))),
                ],
            )
            insert_files(
                db,
                [
                    (name, sig, events)
                    for name, (sig, events) in files.items()
                    if sig is not None and storable(sig, now)
                ],
            )
            write_summary(db)
            db.execute("COMMIT")
        os.replace(temp, path)
    with contextlib.suppress(OSError):
        for leftover in _leftovers(path):
            os.unlink(leftover)


def settle(temp: str, path: str) -> str:
    """Put a cache built in ``temp`` in its place (``path``: readers see the old cache or
    the new one, never half of either), remove what builds cut short left behind; the
    cache's path (``temp`` where it could not be moved)."""
    try:
        os.replace(temp, path)
    except OSError:
        return temp
    with contextlib.suppress(OSError):
        for leftover in _leftovers(path):
            os.unlink(leftover)
    return path


def storable(sig: Signature | None, now: int) -> bool:
    """Whether a file with this signature may be cached: readable, and not modified so
    recently that a second edit could go unnoticed."""
    return sig is not None and now - sig[0] >= RACY_NS


def _leftovers(path: str) -> Iterator[str]:
    """Temporary files of builds that were cut short: not this process's own, nor one that
    another command still running is writing (a first run takes seconds at 100,000
    records, and two may run at once)."""
    folder, name = os.path.split(path)
    for other in os.listdir(folder):
        if not (other.startswith(f".{name}.") and other.endswith(".tmp")):
            continue
        pid = other[len(name) + 2 : -len(".tmp")]
        if not pid.isdigit() or not _running(int(pid)):
            yield os.path.join(folder, other)


def _running(pid: int) -> bool:
    """Whether a process with this id exists (this one included)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's: it exists
        return True
    return True
