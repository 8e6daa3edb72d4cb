"""Finding the files of an events collection: one walk of its folders, one ``stat`` per file.

A collection is a folder: ``parties.yaml`` at its top (the registry) and any
number of other ``*.yaml`` files below it. This walk runs before every lookup,
so that no changed file is answered from the cache: it is kept to what a
lookup must pay for. Reading the files is ``loading``'s part.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from stat import S_ISBLK, S_ISCHR, S_ISDIR, S_ISFIFO, S_ISREG, S_ISSOCK
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from dipltime.store.cache import Signature

REGISTRY = "parties.yaml"
SOURCES = "sources.yaml"
COLLECTION = "collection.yaml"
REGISTRIES = frozenset({REGISTRY, SOURCES, COLLECTION})
"""The files at the top of a collection that are not lists of records."""
JOURNAL = ".dipltime-migration.json"
"""Hidden at the top of a collection while ``migrate`` replaces its files."""


FileEntry = tuple[str, str, "Signature | None"]
"""An events file found below the collection's root: its path relative to the root (the
cache's name for it), its path as it is opened, and its ``stat`` signature (see
``cache.py``; None when it cannot be read). A plain tuple, as ``Skipped``."""

Skipped = tuple[str, str, str]
"""Something below the root that looks like part of the collection but cannot be read
as such (an unreadable folder, a named pipe or a device called ``*.yaml``): its path
relative to the root ("" for the root itself), the message and the hint. A plain tuple:
a named tuple's class costs every lookup a tenth of a millisecond to build."""


def scan(root: str) -> tuple[dict[str, Signature | None], list[Skipped]]:
    """Every events file below ``root``, by name (its path relative to the root), with its
    signature, in no particular order (:func:`in_walk_order` gives one); and what was
    skipped, and why.

    Events files are the regular files named ``*.yaml`` or ``*.yml``, in any case.
    The registry is left out, as are hidden files and folders; symbolic links to
    folders are not followed (a link loop cannot hang the walk). A folder that cannot
    be listed, and anything else with an events file's name (a named pipe, a socket, a
    device), is skipped and reported: it is never opened (opening a pipe waits for a
    writer). This runs before every lookup: one ``stat`` per file and little else.
    """
    found: dict[str, Signature | None] = {}
    skipped: list[Skipped] = []
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            # Listing through the folder's descriptor makes each stat resolve one name,
            # not the whole path again (a fifth of the walk at 4,000 files).
            handle: int | str = os.open(folder, _FOLDER_FLAGS) if _BY_DESCRIPTOR else folder
            try:
                _list(handle, folder, prefix, found, skipped, pending)
            finally:
                if isinstance(handle, int):
                    os.close(handle)
        except (FileNotFoundError, NotADirectoryError):
            pass  # a folder removed (or replaced) during the walk: nothing of it is lost
        except OSError as exc:
            skipped.append(
                (
                    prefix.rstrip(os.sep),
                    f"cannot read the folder: {exc.strerror or exc.__class__.__name__}",
                    "make it readable (chmod u+rx), or move it out of the events folder",
                )
            )
    return found, skipped


def _list(
    handle: int | str,
    folder: str,
    prefix: str,
    found: dict[str, Signature | None],
    skipped: list[Skipped],
    pending: list[tuple[str, str]],
) -> None:
    """Scan one folder: its events files into ``found``, its folders into ``pending``."""
    with os.scandir(handle) as listing:
        for entry in listing:
            name = entry.name
            if name[0] == ".":
                continue
            if not name.endswith(_SUFFIXES) and not name.lower().endswith(_SUFFIXES):
                if _is_folder(entry) and not entry.is_symlink():
                    pending.append((os.path.join(folder, name), prefix + name + os.sep))
                continue
            try:  # the one stat a file costs tells a folder named *.yaml apart too
                st = entry.stat()
            except OSError:  # a broken link, a link loop: reported on reading
                if not _is_folder(entry) and (prefix or name not in REGISTRIES):
                    found[prefix + name] = None
                continue
            if S_ISREG(st.st_mode) and (prefix or name.lower() not in REGISTRIES):
                found[prefix + name] = (
                    st.st_mtime_ns,
                    st.st_ctime_ns,
                    st.st_size,
                    st.st_ino,
                    st.st_dev,
                )
            else:
                _not_an_events_file(entry, st, folder, prefix, found, skipped, pending)


def _not_an_events_file(
    entry: os.DirEntry[str],
    st: os.stat_result,
    folder: str,
    prefix: str,
    found: dict[str, Signature | None],
    skipped: list[Skipped],
    pending: list[tuple[str, str]],
) -> None:
    """The rarer entries named like an events file: a folder, the registry (or a name
    that looks like it), a named pipe, a socket, a device."""
    name, mode = entry.name, st.st_mode
    if S_ISDIR(mode):
        if not entry.is_symlink():
            pending.append((os.path.join(folder, name), prefix + name + os.sep))
    elif not prefix and name in REGISTRIES:
        pass  # read (or reported) as a registry
    elif not prefix and name.lower() in REGISTRIES:
        skipped.append(
            (
                name,
                f"the registry must be named {name.lower()}, in lower case",
                f"rename it to {name.lower()}",
            )
        )
    elif S_ISREG(mode):
        found[prefix + name] = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino, st.st_dev)
    else:
        skipped.append(
            (
                prefix + name,
                f"not a regular file ({kind_of(mode)})",
                "remove it, or rename it so that its name does not end in .yaml or .yml",
            )
        )


def kind_of(mode: int) -> str:
    """What a file that is not a regular one is, for a message."""
    for test, kind in (
        (S_ISDIR, "a folder"),
        (S_ISFIFO, "a named pipe"),
        (S_ISSOCK, "a socket"),
        (S_ISCHR, "a character device"),
        (S_ISBLK, "a block device"),
    ):
        if test(mode):
            return kind
    return "not a plain file"


_BY_DESCRIPTOR = os.scandir in os.supports_fd
_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


_SUFFIXES = (".yaml", ".yml")


def _walk_key(name: str) -> tuple[tuple[int, str], ...]:
    parts = name.split(os.sep)
    return (*((1, part) for part in parts[:-1]), (0, parts[-1]))


def in_walk_order(root: str, found: Mapping[str, Signature | None]) -> list[FileEntry]:
    """The files of :func:`scan` in a stable order: a folder's files by name, then its
    folders by name, each in the same order (the order problems and duplicates follow)."""
    return [(name, os.path.join(root, name), found[name]) for name in sorted(found, key=_walk_key)]


def event_files(root: str | os.PathLike[str]) -> list[Path]:
    """Every events file below ``root`` in a stable order, the registry excluded."""
    from pathlib import Path

    root = os.fspath(root)
    return [Path(path) for _, path, _ in in_walk_order(root, scan(root)[0])]


def cwd_or_none() -> str | None:
    """The working folder, or None when it no longer exists."""
    try:
        return os.getcwd()
    except OSError:
        return None


def display_path(path: str | os.PathLike[str], cwd: str | None = "") -> str:
    """A path as the user would type it: relative to the working folder when below it,
    unless that folder is the root (from ``/``, ``/tmp/events`` rather than ``tmp/events``).

    Links are not resolved (a link loop must be reported, not crash the display).
    ``cwd`` spares a caller showing many paths from asking for the working folder each time.
    """
    if cwd == "":
        cwd = cwd_or_none()
    text = os.fspath(path)
    if cwd is None:
        return text
    absolute = os.path.abspath(text)
    if cwd == os.sep:
        return absolute
    if absolute == cwd:
        return "."
    prefix = cwd if cwd.endswith(os.sep) else cwd + os.sep
    return absolute[len(prefix) :] if absolute.startswith(prefix) else text
