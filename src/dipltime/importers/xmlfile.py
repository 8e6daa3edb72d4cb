"""Reading a dataset's XML file as untrusted input.

``defusedxml`` refuses what the standard parser would do on an attacker's behalf: a DTD
(so no entity expansion, "billion laughs" included) and external entities (no file or
network is ever read). Files above :data:`MAX_BYTES` are refused before they are parsed.
Every refusal is a :class:`~dipltime.errors.DataError` naming the file and, where the
parser knows it, the line.
"""

from __future__ import annotations

import os
import re
from xml.etree.ElementTree import Element

from dipltime.errors import DataError, Problem

MAX_BYTES = 8 * 1024 * 1024
"""The largest file read: the largest of the Office of the Historian's is 0.4 MB, and a file
of 8 MB takes about 0.8 GB of memory to read (ElementTree holds the whole tree)."""

_SPACE = re.compile(r"\s+")


def read_xml(path: str, display: str) -> Element:
    """The root element of the XML file at ``path`` (``display`` names it for the user)."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        size = os.stat(path).st_size
        if size > MAX_BYTES:
            raise _refused(display, f"the file is {size:,} bytes, more than {MAX_BYTES:,}")
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _refused(display, f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise _refused(display, f"the file is larger than {MAX_BYTES:,} bytes")
    try:
        root: Element = fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise _refused(display, f"unsafe XML refused ({type(exc).__name__}: {exc})") from None
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise _refused(display, f"is not well-formed XML: {exc}", line) from None
    except (LookupError, ValueError, UnicodeError) as exc:  # an encoding Python lacks
        raise _refused(display, f"cannot be decoded: {exc}") from None
    return root


def _refused(display: str, message: str, line: int | None = None) -> DataError:
    hint = "check that PATH is a checkout of the Office of the Historian's datasets"
    return DataError([Problem.of_file(display, message, hint, line)])


def text_of(element: Element | None) -> str:
    """The element's text with its children's, whitespace collapsed (TEI prose)."""
    if element is None:
        return ""
    return _SPACE.sub(" ", "".join(element.itertext())).strip()


def local(tag: str) -> str:
    """A tag without its namespace: ``{http://www.tei-c.org/ns/1.0}div`` is ``div``."""
    return tag.rsplit("}", 1)[-1]
