"""A compiled cache of validated events, so that lookups skip YAML and validation.

One SQLite file per collection folder, in ``$DIPLTIME_CACHE`` (a folder, or
``off``), else ``$XDG_CACHE_HOME/dipltime``, else ``~/.cache/dipltime``.

It is never trusted blindly:

- a file's entry is used only while its ``stat`` signature (mtime and ctime in
  nanoseconds, size, inode, device) is *equal* to the one recorded, never
  "newer than": ``git checkout``, ``cp -p`` and ``tar`` set old times;
- a file whose mtime is within two seconds of the moment it is cached is not
  cached at all (on a file system with coarse times, a second edit in the same
  tick could keep its signature);
- a changed party registry drops every entry; the program's version and a hash
  of the code that validates and shapes records are part of the cache's identity;
- only a collection that loaded without a single problem is written, and the
  checks that span files (duplicate ids) run on every load;
- a corrupt, locked or unwritable cache is rebuilt or bypassed, never fatal.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from dipltime import __version__
from dipltime.dates import parse_partial_date
from dipltime.model import DateBasis, Event, Kind, Party, Source

FORMAT = "1"
"""The payload format."""
_SHAPERS = ("cache.py", "dates.py", "loading.py", "model.py", "schema.py", "text.py", "yamlsafe.py")
"""The modules whose code decides what a cached record is: their bytes are part of its key."""


def _fingerprint() -> str:
    """The program's version, the payload format and a hash of the code that shapes records,
    so that a changed validation rule can never be answered from an older cache."""
    digest = hashlib.sha256(f"{__version__}/{FORMAT}".encode())
    here = Path(__file__).parent
    for name in _SHAPERS:
        with contextlib.suppress(OSError):
            digest.update((here / name).read_bytes())
    return digest.hexdigest()


RACY_NS = 2_000_000_000
Signature = tuple[int, int, int, int, int]


def signature(path: Path) -> Signature | None:
    """What must stay equal for a cached file to be used; None if it cannot be read."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino, st.st_dev)


def cache_folder(environ: Mapping[str, str]) -> Path | None:
    """Where caches live, or None when ``DIPLTIME_CACHE=off``."""
    chosen = environ.get("DIPLTIME_CACHE", "")
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen).expanduser()
    base = environ.get("XDG_CACHE_HOME") or str(Path(environ.get("HOME", "~")) / ".cache")
    return Path(base).expanduser() / "dipltime"


class Cache:
    """The cache of one collection folder. Every failure means "no cache", never an error."""

    def __init__(self, folder: Path, root: Path) -> None:
        key = hashlib.sha256(os.path.abspath(root).encode()).hexdigest()[:20]
        self.path = folder / f"{key}.sqlite3"
        self.root = os.path.abspath(root)
        self.files: dict[str, tuple[Signature, str]] = {}
        self.registry: Signature | None = None
        self.valid = False
        self._parties = ""
        with contextlib.suppress(sqlite3.Error, OSError, ValueError, TypeError):
            self._read()

    def _read(self) -> None:
        if not self.path.is_file():
            return
        with contextlib.closing(sqlite3.connect(self.path, timeout=1)) as db:
            meta = dict(db.execute("SELECT key, value FROM meta"))
            expected = {"version": _fingerprint(), "root": self.root}
            if any(meta.get(key) != value for key, value in expected.items()):
                return
            self.registry = tuple(json.loads(meta["registry"]))
            self._parties = meta["parties"]
            for name, sig, payload in db.execute("SELECT name, signature, payload FROM files"):
                self.files[name] = (tuple(json.loads(sig)), payload)
            self.valid = True

    def parties(self, sig: Signature | None) -> dict[str, Party] | None:
        """The registry if ``parties.yaml`` is exactly as cached, else None."""
        if sig is None or sig != self.registry:
            return None
        try:
            return {
                p[0]: Party(p[0], p[1], tuple(p[2]), p[3], p[4], p[5])
                for p in json.loads(self._parties)
            }
        except (ValueError, KeyError, TypeError, IndexError):
            return None

    def events(self, name: str, sig: Signature | None, display: str) -> list[Event] | None:
        """The events of file ``name`` if its entry is still exact, else None."""
        entry = self.files.get(name)
        if entry is None or sig is None or entry[0] != sig:
            return None
        try:
            return [_decode(item, display) for item in json.loads(entry[1])]
        except (ValueError, KeyError, TypeError):
            return None

    def unchanged(self, files: Mapping[str, object]) -> bool:
        """Whether ``files`` are exactly the cached ones (no file added or removed)."""
        return set(files) == set(self.files)

    def write(
        self,
        registry: Signature | None,
        parties: Mapping[str, Party],
        files: Mapping[str, tuple[Signature | None, list[Event]]],
    ) -> None:
        """Make the cache hold ``files`` (name → signature and events); racy files are left out.

        An intact cache of the same registry is updated in place, file by file;
        anything else is rebuilt whole in a temporary file renamed over it.
        """
        now = time.time_ns()
        if registry is None or now - registry[0] < RACY_NS:
            return
        keep = {
            name: (sig, events)
            for name, (sig, events) in files.items()
            if sig is not None and now - sig[0] >= RACY_NS
        }

        def rows(names: Iterable[str]) -> list[tuple[str, str, str]]:
            return [
                (
                    name,
                    json.dumps(keep[name][0]),
                    json.dumps([_encode(e) for e in keep[name][1]], ensure_ascii=False),
                )
                for name in names
            ]

        if self.valid and registry == self.registry:
            # Only what changed: a one-file edit must not rewrite 100,000 records.
            fresh = [
                name
                for name, (sig, _) in keep.items()
                if name not in self.files or self.files[name][0] != sig
            ]
            gone = [(name,) for name in self.files if name not in keep]
            with (
                contextlib.suppress(sqlite3.Error, OSError),
                contextlib.closing(sqlite3.connect(self.path, timeout=1)) as db,
                db,
            ):  # one transaction: readers see all of it or none
                db.executemany("DELETE FROM files WHERE name = ?", gone)
                db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", rows(fresh))
            return
        party_rows = [
            [p.code, p.name, list(p.aliases), p.type, p.existed, p.note] for p in parties.values()
        ]
        with contextlib.suppress(sqlite3.Error, OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            with contextlib.closing(sqlite3.connect(temp)) as db:
                db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
                db.execute(
                    "CREATE TABLE files (name TEXT PRIMARY KEY, signature TEXT, payload TEXT)"
                )
                db.executemany(
                    "INSERT INTO meta VALUES (?, ?)",
                    [
                        ("version", _fingerprint()),
                        ("root", self.root),
                        ("registry", json.dumps(registry)),
                        ("parties", json.dumps(party_rows, ensure_ascii=False)),
                    ],
                )
                db.executemany("INSERT INTO files VALUES (?, ?, ?)", rows(keep))
                db.commit()
            os.replace(temp, self.path)  # readers see the old cache or the new one
        with contextlib.suppress(OSError):
            for leftover in _leftovers(self.path):
                leftover.unlink()


def _leftovers(path: Path) -> Iterator[Path]:
    yield from (
        p
        for p in path.parent.glob(f".{path.name}.*.tmp")
        if not p.name.endswith(f".{os.getpid()}.tmp")
    )


def _encode(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "date": event.date.iso(),
        "end": event.end.iso() if event.end else None,
        "basis": event.date_basis.value,
        "note": event.date_note,
        "title": event.title,
        "summary": event.summary,
        "kind": event.kind.value,
        "parties": list(event.parties),
        "places": list(event.places),
        "people": list(event.people),
        "tags": list(event.tags),
        "sources": [[s.publisher, s.title, s.date, s.document, s.locator] for s in event.sources],
        "notes": event.notes,
        "revised": event.revised.isoformat() if event.revised else None,
        "line": event.line,
    }


def _decode(item: dict[str, Any], display: str) -> Event:
    import datetime as dt

    return Event(
        id=item["id"],
        date=parse_partial_date(item["date"]),
        end=parse_partial_date(item["end"]) if item["end"] else None,
        date_basis=DateBasis(item["basis"]),
        date_note=item["note"],
        title=item["title"],
        summary=item["summary"],
        kind=Kind(item["kind"]),
        parties=tuple(item["parties"]),
        places=tuple(item["places"]),
        people=tuple(item["people"]),
        tags=tuple(item["tags"]),
        sources=tuple(Source(*s) for s in item["sources"]),
        notes=item["notes"],
        revised=dt.date.fromisoformat(item["revised"]) if item["revised"] else None,
        path=display,
        line=item["line"],
    )
