"""Reading a whole collection into a new cache file, one file at a time.

What the first run, a changed registry and ``DIPLTIME_CACHE=off`` all do: every file is
read and validated, its records become rows (``tables.row``) written at once, and only
what spans files is kept until the end: each id and where it is used (for duplicates),
and the records that end or resume others (for the links, settled once every file is in).
Memory therefore does not grow with the collection's records, only with their ids.

Where there are two cores or more and many files, worker processes (``dipltime.workers``)
read and validate files while this one writes what they hand back, in the order of the
walk.

A file written within :data:`~dipltime.store.cache.RACY_NS` of now goes in with a
signature that matches no file (:data:`UNSTORED`): it answers this command and is read
again by the next. Nothing is left behind on a problem: the file is removed and every
problem of the collection raised at once.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from dipltime.domain.model import Event, Party
from dipltime.errors import DataError, Problem
from dipltime.store.payload import decode, encode, seal
from dipltime.store.scanning import FileEntry, Skipped, cwd_or_none, display_path
from dipltime.store.tables import SCHEMA, Row, insert_rows, row, write_summary

if TYPE_CHECKING:
    from dipltime.store import records

Progress = Callable[[int, int], None]
"""Told the bytes read so far and the bytes to read, after each file."""
UNSTORED = (-1, -1, -1, -1, -1)
"""The signature of a file that must be read again next time (no file has it)."""
PARALLEL_BYTES = 1 << 20
"""Collections smaller than this are read in this process alone (a worker costs more)."""

Read = tuple[str, Any, list[Row], list[Problem], list[Any], list[Event]]
"""One file as a reader hands it over: name, signature, rows, problems, ids used, links."""

_shared: dict[str, Any] = {}
"""What the readers share, set before they are forked: the registries and the working folder."""


def build(
    root: str,
    entries: list[FileEntry],
    skipped: list[Skipped],
    path: str,
    fingerprint: str,
    registry: Any,
    progress: Progress | None = None,
) -> dict[str, Party]:
    """Write the cache of the collection in ``root`` to ``path`` (a new file), and return its
    party registry; raise :class:`DataError` with every problem (``path`` then removed)."""
    total = sum(sig[2] for _, _, sig in entries if sig) or 1
    if progress is not None:  # at once: what follows imports the validation stack first
        progress(0, total)
    from dipltime.store import records
    from dipltime.store import registry as registries_module

    cwd = cwd_or_none()
    problems = [
        Problem.of_file(
            display_path(os.path.join(root, name) if name else root, cwd), message, hint
        )
        for name, message, hint in skipped
    ]
    registries = registries_module.read_registries(root, problems)
    records.model_of(registries.schema)  # the record model made once, before workers fork
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.executescript(SCHEMA)  # indexes kept as rows come: while workers read files
        db.execute("PRAGMA journal_mode = OFF")  # a new file: all of it or none
        db.execute("BEGIN")
        seen, linking, count = _read_files(db, entries, registries, cwd, problems, progress, total)
        from dipltime.store.reading import duplicates, in_order, no_records

        problems.extend(duplicates(seen))
        linked: set[str] = set()
        if not problems and linking:
            linked = _link(db, linking, problems, root, cwd)
        if not problems and not count:
            problems.append(no_records(root))
        if problems:
            raise DataError(in_order(problems))
        parties = registries.parties
        db.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [
                ("version", fingerprint),
                ("root", os.fsencode(os.path.abspath(root))),  # bytes: any name
                ("registry", marshal.dumps(registry)),
                ("parties", seal(marshal.dumps([tuple(p) for p in parties.values()]))),
                ("linked", seal(marshal.dumps(sorted(linked)))),
            ],
        )
        write_summary(db)
        db.execute("COMMIT")
    except BaseException:
        db.close()
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    db.close()
    return parties


def _read_files(
    db: sqlite3.Connection,
    entries: list[FileEntry],
    registries: records.Registries,
    cwd: str | None,
    problems: list[Problem],
    progress: Progress | None,
    total: int,
) -> tuple[list[Any], list[Event], int]:
    """Read every file into ``db`` (once a problem is found, only reading on, to find the
    others); the ids used, the records that link, and how many records were written."""
    from dipltime.store.cache import storable

    done = count = 0
    seen: list[Any] = []
    linking: list[Event] = []
    now = time.time_ns()
    for name, sig, rows, found, used, links in _readers(entries, registries, cwd, total):
        problems.extend(found)
        seen.extend(used)
        linking.extend(links)
        if not problems:
            # A file written just now, or one that changed as it was listed, is read
            # again next time.
            stored = sig if sig is not None and storable(sig, now) else UNSTORED
            insert_rows(db, name, stored, rows)
            count += len(rows)
        done += sig[2] if sig else 0
        if progress is not None:
            progress(done, total)
    return seen, linking, count


def _readers(
    entries: list[FileEntry], registries: records.Registries, cwd: str | None, total: int
) -> Iterator[Read]:
    """Each file read, in the order of the walk: by workers when that pays."""
    from dipltime import workers

    _shared.update(registries=registries, cwd=cwd)
    try:
        jobs = enumerate(entries)
        yield from workers.in_order(_read_one, jobs, total >= PARALLEL_BYTES and len(entries) > 1)
    finally:
        _shared.clear()


def _read_one(job: tuple[int, FileEntry]) -> Read:
    """Read and validate one file (in a worker, or here)."""
    from dipltime.store import records

    position, (name, path, sig) = job
    problems: list[Problem] = []
    seen: list[Any] = []
    events = records.load_events_file(
        path, display_path(path, _shared["cwd"]), _shared["registries"], seen, position, problems
    )
    linking = [event for event in events if event.ends or event.resumes]
    return name, sig, [row(event) for event in events], problems, seen, linking


def _link(
    db: sqlite3.Connection,
    linking: list[Event],
    problems: list[Problem],
    root: str,
    cwd: str | None,
) -> set[str]:
    """Settle the links (``links.link``) between the records that end or resume others and
    the records they name, read back from ``db``; rewrite the records they change; the
    names of the files holding a record taking part in a link."""
    from dipltime.store import links

    mine = {event.id for event in linking}
    named = sorted({e.ends for e in linking if e.ends} | {e.resumes for e in linking if e.resumes})
    targets = [
        decode(payload, display_path(os.path.join(root, name), cwd), record)
        for record, name, payload in _rows_of(db, [r for r in named if r not in mine])
    ]
    events = [*linking, *targets]
    ended, ids = links.link(events, problems)
    if problems:
        return set()
    db.executemany(
        "UPDATE events SET payload = ? WHERE record = ?",
        [(encode(new), new.id) for old, new in zip(events, ended, strict=True) if new is not old],
    )
    return {name for _, name, _ in _rows_of(db, sorted(ids))}


def _rows_of(db: sqlite3.Connection, records: list[str]) -> list[tuple[str, str, bytes]]:
    found: list[tuple[str, str, bytes]] = []
    for start in range(0, len(records), 500):
        chunk = records[start : start + 500]
        found.extend(
            db.execute(
                "SELECT e.record, f.name, e.payload FROM events AS e JOIN files AS f"
                f" ON f.id = e.file WHERE e.record IN ({','.join('?' * len(chunk))})",
                chunk,
            )
        )
    return found
