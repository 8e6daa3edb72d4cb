"""Text fitted to a terminal's width: words wrapped under a hanging indent, styles kept.

A listing on a terminal is wrapped by dipltime, not by the terminal (which breaks words
anywhere and loses the indent of the text column). The text may carry the SGR sequences
of :class:`~dipltime.outputs.render.Style`; they take no room, and a style open where a
line breaks is closed at the end of the line and opened again after the indent, so that
the indent itself is never underlined or coloured. Widths are counted in terminal cells:
a wide (East Asian) character takes two.
"""

from __future__ import annotations

import re
import unicodedata

_SGR = re.compile(r"\x1b\[[0-9;]*m")
RESET = "\x1b[0m"


def cells(text: str) -> int:
    """The columns ``text`` takes on a terminal (styles take none, wide characters two)."""
    plain = _SGR.sub("", text)
    if plain.isascii():
        return len(plain)
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in plain
    )


def wrap(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` cells, broken between words (a word longer
    than a line has one of its own). Each line closes the styles open in it and the
    next opens them again."""
    if cells(text) <= width:
        return [text]
    lines: list[str] = []
    words: list[str] = []
    used = 0
    open_styles: list[str] = []  # the SGR sequences in force where the current line began
    carried = ""
    for word in _words(text, width):
        size = cells(word)
        if words and used + 1 + size > width:
            line = carried + " ".join(words)
            open_styles = _in_force(line)
            lines.append(line + (RESET if open_styles else ""))
            carried = "".join(open_styles)
            words, used = [], 0
        used += size + (1 if words else 0)
        words.append(word)
    lines.append(carried + " ".join(words))
    return lines


def _words(text: str, width: int) -> list[str]:
    """The words of ``text``; one longer than a line (an id, a source's id) is cut after
    its hyphens, as a reader would, into pieces that each fit when they can."""
    words: list[str] = []
    for word in text.split(" "):
        if cells(word) <= width:
            words.append(word)
            continue
        piece = ""
        for part in re.findall(r"[^-]*-|[^-]+$", word):
            if piece and cells(piece + part) > width:
                words.extend(_cut(piece, width))  # the next piece cannot share its line
                piece = ""
            piece += part
        words.extend(_cut(piece, width))
    return words


def _cut(word: str, width: int) -> list[str]:
    """``word`` in pieces of at most ``width`` cells (a word with no hyphen to break at, a
    title in a script written without spaces); its styles stay whole."""
    if cells(word) <= width:
        return [word]
    pieces: list[str] = []
    piece, used = "", 0
    for token in re.findall(r"\x1b\[[0-9;]*m|.", word, flags=re.S):
        size = 0 if token.startswith("\x1b") else cells(token)
        if used + size > width and used:
            pieces.append(piece)
            piece, used = "", 0
        piece += token
        used += size
    return [*pieces, piece] if piece else pieces


def _in_force(line: str) -> list[str]:
    """The SGR sequences in force at the end of ``line`` (those after its last reset)."""
    codes = _SGR.findall(line)
    if RESET in codes:
        codes = codes[len(codes) - codes[::-1].index(RESET) :]
    return codes


def hang(first: str, text: str, indent: str, width: int) -> str:
    """``first`` (a prefix as wide as ``indent``, or the indent itself), then ``text``
    wrapped within ``width`` cells, its further lines under ``indent``; without a
    ``width`` (not a terminal), the text on one line."""
    if not width:
        return first + text
    room = max(width - cells(indent), 1)
    lines = wrap(text, room)
    return first + lines[0] + "".join(f"\n{indent}{line}" for line in lines[1:])
