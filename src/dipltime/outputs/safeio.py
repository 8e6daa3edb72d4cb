"""Writing files so that a reader sees the old file or the new one, never half of either,
and so that nothing dipltime writes replaces what it cannot prove is its own.

- A regular file (or a name not yet taken) is written to a temporary file beside
  it, flushed to disk, then renamed over it. Both happen inside the folder opened
  once (by descriptor), so a link swapped in meanwhile cannot redirect them; the
  replaced file keeps its mode (and, for root, its owner); a new one gets the
  umask's.
- ``/dev/stdout``, ``/dev/stderr`` and ``/dev/fd/N`` are the descriptor itself,
  written to as it is (``>> log`` stays an append).
- Anything else that is not a folder (a device such as ``/dev/null``, a named
  pipe) is written to directly: renaming over it would replace a device node
  with a plain file. A pipe nobody reads is an error, not a wait.
- A symbolic link is written through: its target is replaced, the link stays. A
  link to nothing is refused (it could point anywhere).
- A folder is refused, and so is a folder that does not exist (unless the caller
  creates it, as a manifest does below its own folder, which ``inside`` confines).
- An existing file is replaced only if ``ours`` recognises its beginning (for
  calendars: a dipltime calendar); anything else is refused, untouched.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import select
import stat
import sys
import time
from collections.abc import Callable, Iterable

from dipltime.errors import DipltimeError, UsageError
from dipltime.i18n import N_

HEAD = 64 * 1024
"""How much of an existing file ``ours`` is shown."""
PIPE_WAIT = 30.0
"""Longest wait, in seconds, for the reader of a named pipe to make room for more."""
_DESCRIPTOR = re.compile(r"/(?:dev/fd|proc/self/fd)/([0-9]{1,4})")
_STREAMS = {"/dev/stdout": 1, "/dev/stderr": 2}
_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def write_atomic(
    path: str | os.PathLike[str],
    data: bytes | Iterable[bytes],
    *,
    ours: Callable[[bytes], bool] | None = None,
    make_folders: bool = False,
    inside: str | None = None,
) -> None:
    """Write ``data`` (bytes, or pieces of bytes written as they come) to ``path`` whole
    or not at all (see the module's notes); with ``inside``, only below that folder (its
    real path). Pieces that raise midway leave the previous file as it was.

    An interruption leaves the previous file intact and at most a hidden
    ``.name.*.tmp`` file behind, which the next write does not trip over.
    """
    name = os.fspath(path)
    number = _descriptor(name)
    if number is not None:
        _write_descriptor(number, name, data)
        return
    try:
        st = os.stat(name)  # through a link: what is written is its target
    except FileNotFoundError:
        st = None
        if os.path.islink(name):
            raise UsageError(
                N_("{name} is a symbolic link to nothing ({target})"),
                N_("write to the file itself, or remove the link"),
                {"name": name, "target": os.readlink(name)},
            ) from None
    except OSError as exc:
        raise DipltimeError(
            _CANNOT_WRITE, _OTHER, {"name": name, "reason": exc.strerror or exc}
        ) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise UsageError(
            N_("{name} is a folder"),
            N_("give the name of a file to write, e.g. out.ics"),
            {"name": name},
        )
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_through(name, data, stat.S_ISFIFO(st.st_mode))
        return
    folder, base = os.path.split(os.path.realpath(name))
    if make_folders:
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as exc:
            raise DipltimeError(
                N_("cannot create the folder {folder}: {reason}"),
                N_("check the permissions of the folders above it"),
                {"folder": folder, "reason": exc.strerror or exc},
            ) from None
    elif not os.path.isdir(folder):
        raise UsageError(
            N_("the folder {folder} does not exist"),
            N_("create it first, or write the file somewhere else"),
            {"folder": folder},
        )
    try:
        handle = os.open(folder, _FOLDER)
    except OSError as exc:
        raise DipltimeError(
            _CANNOT_WRITE, _OTHER, {"name": name, "reason": exc.strerror or exc}
        ) from None
    try:
        if inside is not None:
            _confine(handle, folder, inside, name)
        existing = _existing(handle, base, name)
        if existing is not None and ours is not None and existing.st_size:
            _check_ours(handle, base, name, ours)
        _replace(handle, base, name, data, existing)
    finally:
        os.close(handle)


_OTHER = N_("choose another file")
_CANNOT_WRITE = N_("cannot write {name}: {reason}")


def _descriptor(name: str) -> int | None:
    """The descriptor a name stands for (``/dev/stdout``, ``/dev/fd/3``), if it does."""
    if name in _STREAMS:
        return _STREAMS[name]
    match = _DESCRIPTOR.fullmatch(name)
    return int(match[1]) if match else None


def _pieces(data: bytes | Iterable[bytes]) -> Iterable[bytes]:
    return (data,) if isinstance(data, bytes) else data


def _write_descriptor(number: int, name: str, data: bytes | Iterable[bytes]) -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            if stream is not None and stream.fileno() == number:
                stream.flush()
    _write_all(number, name, data, _OTHER)


def _write_through(name: str, data: bytes | Iterable[bytes], pipe: bool) -> None:
    """Write to a device or a pipe as it is (no rename, no temporary file)."""
    try:
        # A pipe opened without waiting fails at once when nobody reads it.
        handle = os.open(name, os.O_WRONLY | (os.O_NONBLOCK if pipe else 0))
    except OSError as exc:
        if pipe and exc.errno == 6:  # ENXIO
            raise DipltimeError(
                N_("no program is reading the named pipe {name}"),
                N_("start the reader first, or write to a file"),
                {"name": name},
            ) from None
        raise DipltimeError(
            _CANNOT_WRITE, _OTHER, {"name": name, "reason": exc.strerror or exc}
        ) from None
    try:
        _write_all(handle, name, data, N_("check the device or the program reading the pipe"))
    finally:
        os.close(handle)


def _write_all(handle: int, name: str, data: bytes | Iterable[bytes], hint: str) -> None:
    """Write every byte of ``data`` to an open descriptor; one that does not take them
    at once (a pipe opened without waiting) is waited for, at most ``PIPE_WAIT`` for
    each piece."""
    written = 0
    try:
        for piece in _pieces(data):
            view = memoryview(piece)
            deadline = time.monotonic() + PIPE_WAIT
            while view:
                try:
                    done = os.write(handle, view)
                    view = view[done:]
                    written += done
                except BlockingIOError:  # the reader is slow: wait for room, not for ever
                    remaining = deadline - time.monotonic()
                    if remaining <= 0 or not select.select([], [handle], [], remaining)[1]:
                        raise DipltimeError(
                            N_("the program reading {name} stopped reading after {written} bytes"),
                            N_("check the program at the other end of the pipe"),
                            {"name": name, "written": written},
                        ) from None
    except OSError as exc:
        raise DipltimeError(
            _CANNOT_WRITE, hint, {"name": name, "reason": exc.strerror or exc}
        ) from None


def _confine(handle: int, folder: str, inside: str, name: str) -> None:
    """Refuse a folder that is not below ``inside`` as opened (links swapped in between
    resolving and opening it included)."""
    opened = f"/proc/self/fd/{handle}"
    real = os.path.realpath(opened) if os.path.isdir(opened) else os.path.realpath(folder)
    if real != inside and not real.startswith(inside.rstrip(os.sep) + os.sep):
        raise DipltimeError(
            N_("{name} leads outside {inside} (through a symbolic link)"),
            N_("keep every calendar below the manifest's folder, without links out of it"),
            {"name": name, "inside": inside},
        )


def _existing(handle: int, base: str, name: str) -> os.stat_result | None:
    try:
        st = os.stat(base, dir_fd=handle, follow_symlinks=False)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DipltimeError(
            _CANNOT_WRITE, _OTHER, {"name": name, "reason": exc.strerror or exc}
        ) from None
    if not stat.S_ISREG(st.st_mode):
        raise DipltimeError(
            N_("{name} changed while dipltime was writing it (it is no longer a plain file)"),
            N_("run the command again"),
            {"name": name},
        )
    return st


def _check_ours(handle: int, base: str, name: str, ours: Callable[[bytes], bool]) -> None:
    try:
        fd = os.open(base, os.O_RDONLY | _NOFOLLOW | os.O_NONBLOCK, dir_fd=handle)
        with os.fdopen(fd, "rb") as opened:
            head = opened.read(HEAD)
    except OSError as exc:
        raise DipltimeError(
            N_("cannot read {name} to check that dipltime wrote it: {reason}"),
            N_("make it readable, remove it, or choose another file"),
            {"name": name, "reason": exc.strerror or exc},
        ) from None
    if not ours(head):
        raise UsageError(
            N_("{name} exists and is not a calendar dipltime wrote; it was left untouched"),
            N_("remove it first or choose another file"),
            {"name": name},
        )


def _new_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _temporary(handle: int, base: str) -> tuple[int, str]:
    """A new hidden file beside ``base``, in the folder opened as ``handle``."""
    temp = f".{base}.{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    return os.open(temp, flags, 0o600, dir_fd=handle), temp


def _replace(
    handle: int,
    base: str,
    name: str,
    data: bytes | Iterable[bytes],
    existing: os.stat_result | None,
) -> None:
    try:
        fd, temp = _temporary(handle, base)
    except OSError as exc:
        raise DipltimeError(
            _CANNOT_WRITE,
            N_("check that the folder is writable, or choose another file"),
            {"name": name, "reason": exc.strerror or exc},
        ) from None
    try:
        with os.fdopen(fd, "wb") as opened:
            for piece in _pieces(data):
                opened.write(piece)
            opened.flush()
            os.fsync(opened.fileno())
            if existing is not None and hasattr(os, "geteuid") and os.geteuid() == 0:
                with contextlib.suppress(OSError):  # root keeps the file its owner's
                    os.fchown(opened.fileno(), existing.st_uid, existing.st_gid)
            mode = _new_mode() if existing is None else existing.st_mode & 0o7777
            os.fchmod(opened.fileno(), mode)
        os.replace(temp, base, src_dir_fd=handle, dst_dir_fd=handle)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp, dir_fd=handle)
        if isinstance(exc, OSError):
            raise DipltimeError(
                _CANNOT_WRITE,
                N_("check the disk space and permissions; the previous file is unchanged"),
                {"name": name, "reason": exc.strerror or exc},
            ) from None
        raise
