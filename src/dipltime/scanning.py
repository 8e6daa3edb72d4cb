"""Finding the files of an events collection: one walk of its folders, one ``stat`` per file.

A collection is a folder: ``parties.yaml`` at its top (the registry) and any
number of other ``*.yaml`` files below it. This walk runs before every lookup,
so that no changed file is answered from the cache: it is kept to what a
lookup must pay for. Reading the files is ``loading``'s part.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from stat import S_ISDIR
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from pathlib import Path

    from dipltime.cache import Signature

REGISTRY = "parties.yaml"


class FileEntry(NamedTuple):
    """An events file found below the collection's root."""

    name: str
    """Its path relative to the root: the cache's name for it."""
    path: str
    """Its path as it is opened."""
    signature: Signature | None
    """Its ``stat`` signature (see ``cache.py``); None when it cannot be read."""


def scan(root: str) -> dict[str, Signature | None]:
    """Every events file below ``root``, by name (its path relative to the root), with its
    signature; in no particular order (:func:`in_walk_order` gives one).

    The registry is left out, as are hidden files and folders; symbolic links to
    folders are not followed (a link loop cannot hang the walk); unreadable folders
    are skipped. This runs before every lookup: one ``stat`` per file and little else.
    """
    found: dict[str, Signature | None] = {}
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            # Listing through the folder's descriptor makes each stat resolve one name,
            # not the whole path again (a fifth of the walk at 4,000 files).
            handle: int | str = os.open(folder, _FOLDER_FLAGS) if _BY_DESCRIPTOR else folder
        except OSError:
            continue
        try:
            with os.scandir(handle) as listing:
                for entry in listing:
                    name = entry.name
                    if name[0] == ".":
                        continue
                    if not name.endswith(_SUFFIXES):
                        if _is_folder(entry) and not entry.is_symlink():
                            pending.append((os.path.join(folder, name), prefix + name + os.sep))
                        continue
                    try:  # the one stat a file costs tells a folder named *.yaml apart too
                        st = entry.stat()
                    except OSError:  # unreadable, a broken link, a link loop: reported on reading
                        if not _is_folder(entry):
                            found[prefix + name] = None
                        continue
                    if S_ISDIR(st.st_mode):
                        if not entry.is_symlink():
                            pending.append((os.path.join(folder, name), prefix + name + os.sep))
                    elif prefix or name != REGISTRY:
                        found[prefix + name] = (
                            st.st_mtime_ns,
                            st.st_ctime_ns,
                            st.st_size,
                            st.st_ino,
                            st.st_dev,
                        )
        except OSError:
            continue
        finally:
            if isinstance(handle, int):
                os.close(handle)
    return found


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
    return [
        FileEntry(name, os.path.join(root, name), found[name])
        for name in sorted(found, key=_walk_key)
    ]


def event_files(root: str | os.PathLike[str]) -> list[Path]:
    """Every events file below ``root`` in a stable order, the registry excluded."""
    from pathlib import Path

    root = os.fspath(root)
    return [Path(entry.path) for entry in in_walk_order(root, scan(root))]
