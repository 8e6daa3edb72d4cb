"""The cache's tables, the rows a file's records become, and the SQL that finds them.

``cache`` owns the file (where it is, whether it may be trusted); this module owns what
is in it: the schema, how records are written in (by the day of the year they begin on,
in batches), and how a :class:`~dipltime.domain.filters.Query` becomes a ``WHERE``.
"""

from __future__ import annotations

import marshal
import sqlite3
from collections.abc import Callable, Collection, Iterable
from typing import Any, NamedTuple

from dipltime.domain.filters import Query, haystack, month_days
from dipltime.domain.model import Event
from dipltime.store.payload import encode

Signature = tuple[int, int, int, int, int]

TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE files (
    id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL,
    mtime INTEGER, ctime INTEGER, size INTEGER, ino INTEGER, dev INTEGER, events INTEGER NOT NULL
);
CREATE TABLE events (
    id INTEGER PRIMARY KEY, file INTEGER NOT NULL, record TEXT NOT NULL, record_line INTEGER,
    year INTEGER, month INTEGER, day INTEGER, last_year INTEGER, last_month INTEGER,
    last_day INTEGER, kind TEXT, revised INTEGER, text TEXT, payload BLOB
);
CREATE TABLE days (event INTEGER, md INTEGER, PRIMARY KEY (event, md)) WITHOUT ROWID;
CREATE TABLE parties (event INTEGER, code TEXT, PRIMARY KEY (event, code)) WITHOUT ROWID;
CREATE TABLE tags (event INTEGER, tag TEXT, PRIMARY KEY (event, tag)) WITHOUT ROWID;
"""
INDEXES = """
CREATE INDEX events_file ON events (file);
CREATE INDEX events_record ON events (record);
CREATE INDEX events_year ON events (year);
CREATE INDEX events_day ON events (month, day, year, last_year, last_month, last_day, record);
CREATE INDEX events_order ON events (year, month, day, last_year, last_month, last_day, record);
CREATE INDEX days_md ON days (md);
CREATE INDEX parties_code ON parties (code);
CREATE INDEX tags_tag ON tags (tag);
"""
SCHEMA = TABLES + INDEXES
"""Every table and index."""
OBJECTS = frozenset(
    {
        *("meta", "files", "events", "days", "parties", "tags"),
        *("events_file", "events_record", "events_year", "events_day", "events_order"),
        "days_md",
        *("parties_code", "tags_tag", "sqlite_autoindex_meta_1", "sqlite_autoindex_files_1"),
    }
)
"""Every table and index of ``SCHEMA``: a cache missing one is not used."""


def write_summary(db: sqlite3.Connection) -> None:
    """Keep the one-value copy of the files' signatures that a lookup reads, and the
    number of records the files were stored with (the rows a lookup expects to find)."""
    signatures = {
        name: tuple(sig)
        for name, *sig in db.execute("SELECT name, mtime, ctime, size, ino, dev FROM files")
    }
    (count,) = db.execute("SELECT COALESCE(SUM(events), 0) FROM files").fetchone()
    _, _, days, parties, tags = db.execute(COUNTS).fetchone()
    db.executemany(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
        [
            ("signatures", marshal.dumps(signatures)),
            ("count", count),
            ("days", days),
            ("party_rows", parties),
            ("tag_rows", tags),
        ],
    )


COUNTS = (
    "SELECT (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM files),"
    " (SELECT COUNT(*) FROM days), (SELECT COUNT(*) FROM parties), (SELECT COUNT(*) FROM tags)"
)
"""The rows of every table a lookup reads: counted on every open against what was written
(the three index tables as written, the events as their files were stored with)."""


def insert_files(
    db: sqlite3.Connection, files: Iterable[tuple[str, Signature, list[Event]]]
) -> None:
    """Add files and their events, file by file."""
    for name, sig, events in files:
        insert_rows(db, name, sig, [row(event) for event in events])


Row = tuple[
    str,
    int, int, int, int, int, int, int,
    str, int, str, bytes,
    tuple[int, ...], tuple[str, ...], tuple[str, ...],
]  # fmt: skip
"""An event as the cache stores it (see :func:`row`)."""


def row(event: Event) -> Row:
    """What the cache keeps of ``event``: its id, the line of its id, the fields its order
    and its indexes use, the day it was last revised, the folded text a search looks in
    (``filters.haystack``), its payload, the month-days it touches, its parties and its
    tags. Plain
    values, so that a process that validates files can hand them to the one that writes."""
    date, last = event.date, event.last
    return (
        event.id,
        event.id_line,
        date.year,
        date.month,
        date.day,
        last.year,
        last.month,
        last.day,
        event.kind.value,
        event.revised.toordinal() if event.revised else 0,
        haystack(event),
        encode(event),
        tuple(month_days(event)),
        event.parties,
        tuple(dict.fromkeys(event.tags)),
    )


def insert_rows(db: sqlite3.Connection, name: str, sig: Signature, rows: list[Row]) -> None:
    """Add one file and the rows of its events."""
    file_id = db.execute(
        "INSERT INTO files VALUES (NULL, ?, ?, ?, ?, ?, ?, ?)", (name, *sig, len(rows))
    ).lastrowid
    first = (db.execute("SELECT MAX(id) FROM events").fetchone()[0] or 0) + 1
    db.executemany(
        "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(number, file_id, *r[:12]) for number, r in enumerate(rows, first)],
    )
    db.executemany(
        "INSERT INTO days VALUES (?, ?)",
        [(number, md) for number, r in enumerate(rows, first) for md in r[12]],
    )
    db.executemany(
        "INSERT INTO parties VALUES (?, ?)",
        [(number, code) for number, r in enumerate(rows, first) for code in r[13]],
    )
    db.executemany(
        "INSERT INTO tags VALUES (?, ?)",
        [(number, tag) for number, r in enumerate(rows, first) for tag in r[14]],
    )


ORDER = "e.year, e.month, e.day, e.last_year, e.last_month, e.last_day, e.record"
"""Chronological order (``Event.sort_key``), as the ``events_order`` index keeps it."""
DAY_ORDER = "e.month, e.day, e.year, e.last_year, e.last_month, e.last_day, e.record"
"""By the day of the year, then chronologically, as the ``events_day`` index keeps it."""


def where(query: Query) -> tuple[str, list[object]]:
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
    if query.starts is not None and not query.starts:
        add("0")
    elif query.starts is not None:
        # The month bounds let the ``events_day`` index find them in their order.
        low, high = min(lo for lo, _ in query.starts), max(hi for _, hi in query.starts)
        ranges = " OR ".join("e.month * 100 + e.day BETWEEN ? AND ?" for _ in query.starts)
        add(
            f"e.month BETWEEN ? AND ? AND e.day > 0 AND ({ranges})",
            low // 100,
            high // 100,
            *(bound for pair in query.starts for bound in pair),
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
    for word in query.words:
        add("instr(e.text, ?) > 0", word)
    return " AND ".join(conditions) or "1", params


def sort_key(event: Event) -> tuple[int, int, int, int, int, int, str]:
    """``Event.sort_key``, as a function (a key for sorting and merging)."""
    return event.sort_key


def _day_key(event: Event) -> tuple[int, int, tuple[int, int, int, int, int, int, str]]:
    return (event.date.month, event.date.day, event.sort_key)


class Order(NamedTuple):
    """An order events can be streamed in: as the cache's SQL says it, and as Python does."""

    sql: str
    key: Callable[[Event], Any]


BY_DATE = Order(ORDER, sort_key)
"""Chronological: ``Event.sort_key``."""
BY_DAY_OF_YEAR = Order(DAY_ORDER, _day_key)
"""Through the year: by month and day of the first day (a year-only event first, then a
month-only one before the days of its month), then chronologically."""
