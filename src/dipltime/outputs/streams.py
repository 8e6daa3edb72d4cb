"""The standard streams as dipltime writes to them: a failure to write is a message, not a bug."""

from __future__ import annotations

import errno
from collections.abc import Iterable
from typing import Any

from dipltime.errors import DipltimeError


class Closed:
    """Stands for a standard stream that was closed before dipltime started
    (``dipltime list >&-``): writing to it is an error like any other."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "the stream was closed before dipltime started")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def write_out(stream: Any, text: str) -> None:
    """Write to the output; a stream that fails (a full disk, a closed descriptor) is a
    :class:`DipltimeError`; a reader that went away (``BrokenPipeError``) is left to ``main``."""
    try:
        stream.write(text)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _cannot_write(exc) from None


def write_pieces(stream: Any, pieces: Iterable[str], separator: str = "\n") -> None:
    """Write ``pieces`` joined by ``separator`` as they come, a few hundred at a time (one
    write per batch, not per piece; never the whole answer held at once)."""
    batch: list[str] = []
    first = True
    for piece in pieces:
        batch.append(piece)
        if len(batch) == 256:
            write_out(stream, ("" if first else separator) + separator.join(batch))
            batch.clear()
            first = False
    if batch:
        write_out(stream, ("" if first else separator) + separator.join(batch))


def write_bytes(stream: Any, data: bytes) -> None:
    """Write bytes as they are (a calendar) to a text stream's buffer, or as UTF-8 text."""
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            stream.flush()
            buffer.write(data)
            buffer.flush()
        else:
            stream.write(data.decode("utf-8"))
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _cannot_write(exc) from None


def _cannot_write(exc: OSError) -> DipltimeError:
    return DipltimeError(
        f"cannot write the output: {exc.strerror or exc}",
        "check the disk space, or where the output is sent",
    )
