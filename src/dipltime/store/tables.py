"""The cache's tables, the rows a file's records become, and the SQL that finds them.

``cache`` owns the file (where it is, whether it may be trusted); this module owns what
is in it: the schema, how records are written in (by the day of the year they begin on,
in batches), and how a :class:`~dipltime.domain.filters.Query` becomes a ``WHERE``.
"""

from __future__ import annotations

import marshal
import sqlite3
from collections.abc import Collection, Iterable

from dipltime.domain.filters import Query, month_days
from dipltime.domain.model import Event
from dipltime.store.payload import encode

Signature = tuple[int, int, int, int, int]

SCHEMA = """
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
OBJECTS = frozenset(
    {
        *("meta", "files", "events", "days", "parties"),
        *("events_file", "events_record", "events_year", "events_month", "days_md"),
        *("parties_code", "sqlite_autoindex_meta_1", "sqlite_autoindex_files_1"),
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
    _, _, days, parties = db.execute(COUNTS).fetchone()
    db.executemany(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
        [
            ("signatures", marshal.dumps(signatures)),
            ("count", count),
            ("days", days),
            ("party_rows", parties),
        ],
    )


COUNTS = (
    "SELECT (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM files),"
    " (SELECT COUNT(*) FROM days), (SELECT COUNT(*) FROM parties)"
)
"""The rows of every table a lookup reads: counted on every open against what was written
(the two index tables as written, the events as their files were stored with)."""


def insert_files(
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
    for start in range(0, len(placed), BATCH):  # in batches: the rows need not all be in memory
        rows = []
        days: list[tuple[int, int]] = []
        parties: list[tuple[int, str]] = []
        for row, (file_id, event) in enumerate(placed[start : start + BATCH], last + 1 + start):
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
                    encode(event),
                )
            )
            days.extend((row, md) for md in month_days(event))
            parties.extend((row, code) for code in event.parties)
        db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        db.executemany("INSERT INTO days VALUES (?, ?)", days)
        db.executemany("INSERT INTO parties VALUES (?, ?)", parties)


BATCH = 2000


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
