"""Reading files of a collection into memory: the files that changed since the cache was
written (:func:`refresh`), or, as a last resort, all of them (:func:`load_all`); and the
problems that span files (duplicate ids, an empty collection), which ``building`` reports
too."""

from __future__ import annotations

import gc
import os
from typing import TYPE_CHECKING

from dipltime.domain.model import Collection, Event, Party
from dipltime.errors import DataError, Problem
from dipltime.store.scanning import FileEntry, Skipped, cwd_or_none, display_path

if TYPE_CHECKING:
    from dipltime.store import records
    from dipltime.store.cache import Index, Signature


def load_all(root: str, entries: list[FileEntry], skipped: list[Skipped]) -> Collection:
    """Read and validate every file into memory (what the walk ``skipped`` is a problem
    too): the last resort, where no cache file can be written at all."""
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
    events: list[Event] = []
    collecting = gc.isenabled()
    gc.disable()  # a bulk load makes many objects and no cycles: the collector only costs
    try:
        for position, (_, path, _) in enumerate(entries):
            events.extend(
                records.load_events_file(
                    path, display_path(path, cwd), registries, seen, position, problems
                )
            )
    finally:
        if collecting:
            gc.enable()
    problems.extend(duplicates(seen))
    if not problems and links.files_linking(events):
        events, _ = links.link(events, problems)
    if not problems and not events:
        problems.append(no_records(root))
    if problems:
        raise DataError(in_order(problems))
    events.sort(key=lambda event: event.sort_key)
    return Collection(events=tuple(events), parties=registries.parties)


def refresh(
    root: str,
    entries: list[FileEntry],
    index: Index,
    parties: dict[str, Party],
    changed: set[str],
    removed: set[str],
) -> tuple[list[Event] | None, frozenset[str]]:
    """Read and validate only the ``changed`` files, check their ids against the cached
    files, and bring the cache up to date: the events of the files that could not be
    stored, and the names of the files whose rows are stale; None where every file must
    be read again (a link across files). Raises ``cache.Damaged`` when the cache cannot
    be read."""
    from dipltime.store import links, records, registry

    problems: list[Problem] = []
    if (changed | removed) & index.linked:  # a link across files: every file is read again
        return None, frozenset()
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
    problems.extend(duplicates(seen))
    if not problems and links.files_linking(e for _, found in files.values() for e in found):
        return None, frozenset()
    if (
        not problems
        and not any(found for _, found in files.values())
        and not index.holds_events(changed | removed)
    ):
        problems.append(no_records(root))
    if problems:
        index.close()
        raise DataError(in_order(problems))
    stored = index.update(files, removed)
    fresh = [event for name, (_, found) in files.items() if name not in stored for event in found]
    return fresh, frozenset((changed | removed) - stored)


def no_records(root: str) -> Problem:
    return Problem.of_file(
        display_path(root),
        "the folder holds no event records",
        "add YAML files, each a list of records, next to parties.yaml",
    )


def in_order(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.path, p.line or 0))


def duplicates(seen: list[records.Registration]) -> list[Problem]:
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
