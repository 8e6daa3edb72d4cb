"""Writing files so that a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from dipltime.errors import DipltimeError


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it over.

    An interruption leaves the previous file intact and at most a hidden
    ``.name.*.tmp`` file behind, which the next write does not trip over.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise DipltimeError(
            f"cannot write {path}: {exc.strerror or exc}",
            "check that the folder exists and is writable, or choose another file with -o",
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
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
