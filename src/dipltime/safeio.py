"""Writing files so that a reader sees the old file or the new one, never half of either,
and so that nothing dipltime writes replaces what it cannot prove is its own.

- A regular file (or a name not yet taken) is written to a temporary file beside
  it, flushed to disk, then renamed over it.
- Anything else that is not a folder (a device such as ``/dev/null``, a named
  pipe) is written to directly: renaming over it would replace a device node
  with a plain file.
- A symbolic link is written through: its target is replaced, the link stays.
- A folder is refused, and so is a folder that does not exist (unless the caller
  creates it, as a manifest does below its own folder).
- An existing file is replaced only if ``ours`` recognises its beginning (for
  calendars: a dipltime calendar); anything else is refused, untouched.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable

from dipltime.errors import DipltimeError, UsageError

HEAD = 64 * 1024
"""How much of an existing file ``ours`` is shown."""


def write_atomic(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    ours: Callable[[bytes], bool] | None = None,
    make_folders: bool = False,
) -> None:
    """Write ``data`` to ``path`` whole or not at all (see the module's notes).

    An interruption leaves the previous file intact and at most a hidden
    ``.name.*.tmp`` file behind, which the next write does not trip over.
    """
    name = os.fspath(path)
    try:
        st = os.stat(name)  # through a link: what is written is its target
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise DipltimeError(
            f"cannot write {name}: {exc.strerror or exc}", "choose another file"
        ) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise UsageError(f"{name} is a folder", "give the name of a file to write, e.g. out.ics")
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_through(name, data)
        return
    target = os.path.realpath(name) if os.path.islink(name) else name
    folder = os.path.dirname(target) or "."
    if make_folders:
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as exc:
            raise DipltimeError(
                f"cannot create the folder {folder}: {exc.strerror or exc}",
                "check the permissions of the folders above it",
            ) from None
    elif not os.path.isdir(folder):
        raise UsageError(
            f"the folder {folder} does not exist",
            "create it first, or write the file somewhere else",
        )
    if st is not None and ours is not None and st.st_size:
        _check_ours(name, ours)
    _replace(target, data, st.st_mode & 0o7777 if st is not None else None)


def _check_ours(name: str, ours: Callable[[bytes], bool]) -> None:
    try:
        with open(name, "rb") as handle:
            head = handle.read(HEAD)
    except OSError as exc:
        raise DipltimeError(
            f"cannot read {name} to check that dipltime wrote it: {exc.strerror or exc}",
            "make it readable, remove it, or choose another file",
        ) from None
    if not ours(head):
        raise UsageError(
            f"{name} exists and is not a calendar dipltime wrote; it was left untouched",
            "remove it first or choose another file",
        )


def _write_through(name: str, data: bytes) -> None:
    """Write to a device or a pipe as it is (no rename, no temporary file)."""
    try:
        with open(name, "wb") as handle:
            handle.write(data)
            handle.flush()
    except OSError as exc:
        raise DipltimeError(
            f"cannot write {name}: {exc.strerror or exc}",
            "check the device or the program reading the pipe",
        ) from None


def _replace(path: str, data: bytes, mode: int | None) -> None:
    folder = os.path.dirname(path) or "."
    base = os.path.basename(path)
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{base}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise DipltimeError(
            f"cannot write {path}: {exc.strerror or exc}",
            "check that the folder is writable, or choose another file",
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644 if mode is None else mode)
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise DipltimeError(
                f"cannot write {path}: {exc.strerror or exc}",
                "check the disk space and permissions; the previous file is unchanged",
            ) from None
        raise
