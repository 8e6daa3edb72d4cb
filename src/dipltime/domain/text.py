"""Small text helpers shared by the core and the presentation layers."""

from __future__ import annotations

import functools
import re
import unicodedata

# Letters that Unicode does not decompose into a base letter and a mark, but
# that readers type without their stroke (Vietnamese đ, Nordic ø, Polish ł …).
_UNDECOMPOSED = str.maketrans(
    {"đ": "d", "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d", "ı": "i"}
)


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Compiled on first use: a lookup that never folds text need not pay for them."""
    return (
        re.compile("[" + "".join(chr(k) for k in _UNDECOMPOSED) + "]"),
        re.compile(r"[\u2010-\u2015\-]"),
        re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+"),
        re.compile("[\u0370-\u1aaf\u1b00-\u1dbf\u2e00-\ufe1f\ufe30-\U0010ffff]"),
    )


_SOURCES = {
    # C0 and C1 controls and DEL, plus the bidirectional marks, overrides and isolates that
    # can make text display in an order other than the one stored, and every lone surrogate
    # (the bytes of a file name that are not UTF-8, as Python keeps them: "\\udce9"), which
    # no output could encode.
    "UNSAFE_CHARS": "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
    "\u2066-\u2069\ud800-\udfff]",
    # Every bidirectional formatting character (the Arabic letter mark, the left-to-right
    # and right-to-left marks, embeddings, overrides and isolates): refused in every field.
    "BIDI_CONTROLS": "[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]",
    # Characters that take no space and show nothing (zero-width space, joiners, word
    # joiner, soft hyphen …): refused in names and aliases, ignored by fold().
    # Hangul fillers and interlinear annotation marks look like nothing too, and tag
    # characters hide text inside what shows.
    "INVISIBLES": "[\u00ad\u034f\u115f\u1160\u180e\u200b-\u200d\u2060-\u2064\u3164"
    "\ufeff\uffa0\ufff9-\ufffb\U000e0000-\U000e007f]",
    "LINE_BREAKING": "[\t\n\r\x85\u2028\u2029]",
}


@functools.cache
def pattern(name: str) -> re.Pattern[str]:
    """One of the character classes above, compiled on first use: a lookup whose text is
    all printable never pays for them."""
    return re.compile(_SOURCES[name])


def __getattr__(name: str) -> re.Pattern[str]:
    """``UNSAFE_CHARS``, ``BIDI_CONTROLS`` and ``INVISIBLES``, compiled when first asked for."""
    if name in _SOURCES:
        return pattern(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _lookalikes() -> dict[int, int]:
    """Cyrillic and Greek letters drawn like Latin ones: "Cаnada" with a Cyrillic а."""
    return str.maketrans("аерсухіјѕԁһԛԝвкмнотαβεικνορτυχζ", "aepcyxijsdhqwbkmhotabeiknoptuxz")


def skeleton(text: str) -> str:
    """What a name looks like, for telling apart names that only look alike: NFKC
    (full-width and compatibility forms as their plain letters), folded, invisibles
    dropped and Cyrillic and Greek lookalikes read as Latin letters."""
    return fold(unicodedata.normalize("NFKC", text).casefold().translate(_lookalikes()))


_JOINERS = "\u200c\u200d"
_LOOKALIKE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


def _joins(before: str, after: str) -> bool:
    """Whether a zero-width joiner or non-joiner between these two characters does what it
    is for: shaping a word of a script that needs it (ශ්‍රී in Sinhala, می‌خواهم in Persian)."""
    for ch in (before, after):
        if not unicodedata.category(ch).startswith(("L", "M")):
            return False
        if unicodedata.name(ch, "?").startswith(_LOOKALIKE_SCRIPTS) or ch.isascii():
            return False
    return True


def _joins_emoji(before: str, after: str) -> bool:
    """Whether a zero-width joiner makes one emoji of two (👩‍👩‍👧, 🏳️‍🌈): a pictograph (or its
    variation selector or skin tone) before, a pictograph after."""
    pictograph = unicodedata.category(after) == "So"
    return pictograph and (unicodedata.category(before) in ("So", "Sk") or before in "\ufe0f\u20e3")


def hidden_character(text: str) -> str | None:
    """The first character in ``text`` that shows nothing and does nothing, else None: a
    joiner or non-joiner is allowed only between two letters of a script that uses it, and
    a joiner between two parts of one emoji."""
    for match in pattern("INVISIBLES").finditer(text):
        ch, at = match.group(), match.start()
        if ch in _JOINERS and 0 < at < len(text) - 1:
            before, after = text[at - 1], text[at + 1]
            if _joins(before, after) or (ch == "\u200d" and _joins_emoji(before, after)):
                continue
        return ch
    return None


def mixed_scripts(text: str) -> str | None:
    """The first word mixing Latin, Cyrillic or Greek letters (a disguise, never a name)."""
    for word in re.split(r"[\s\-\u2010-\u2015]+", text):
        scripts = {
            unicodedata.name(ch, "?").split(" ")[0]
            for ch in word
            if ch.isalpha() and not ch.isascii()
        }
        if any(ch.isascii() and ch.isalpha() for ch in word):
            scripts.add("LATIN")
        if len(scripts & {"LATIN", "CYRILLIC", "GREEK"}) > 1:
            return word
    return None


def ordinal(number: int) -> str:
    """English ordinal: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 101st, 111th, 112th."""
    if number < 1:
        raise ValueError(f"no ordinal for {number}")
    if number % 100 in (11, 12, 13):
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def fold(text: str) -> str:
    """Fold text for matching: no case, no accents, dashes and runs of spaces as one space.

    ``fold("Lương Cường") == fold("luong cuong")`` and ``fold("Việt Nam") == "viet nam"``.
    Every step runs in C (the browser folds 100,000 records at its first search).
    """
    lowered = text.casefold()
    if lowered.isascii() and "-" not in lowered:
        return " ".join(lowered.split())
    special, dashes, latin_marks, other_scripts = _patterns()
    if not lowered.isascii():  # the slower paths only where there is something to strip
        lowered = pattern("INVISIBLES").sub("", lowered)  # a joiner must not hide a word
        if special.search(lowered):
            lowered = lowered.translate(_UNDECOMPOSED)
        lowered = unicodedata.normalize("NFKD", lowered)
        if other_scripts.search(lowered):  # Greek, Cyrillic, Arabic, Devanagari …: every mark
            lowered = "".join(ch for ch in lowered if not unicodedata.combining(ch))
        else:  # Latin script, Vietnamese included: its marks sit in a few blocks
            lowered = latin_marks.sub("", lowered)
    if not lowered.isascii() or "-" in lowered:
        lowered = dashes.sub(" ", lowered)
    return " ".join(lowered.split())


def one_line(text: str) -> str:
    """:func:`neutralise`, and line breaks and tabs made visible too: for outside text (a file
    name, a server's href, a URL) inside a one-line message, which must not be able to forge
    another line."""
    if text.isprintable():
        return text
    return pattern("LINE_BREAKING").sub(lambda m: f"\\u{ord(m.group()):04x}", neutralise(text))


def neutralise(text: str) -> str:
    """Make control characters visible (``\\x1b`` → ``␛``-style escapes) before text reaches a terminal."""
    if text.isprintable():  # no control or format character at all: the common case
        return text
    return pattern("UNSAFE_CHARS").sub(lambda m: f"\\u{ord(m.group()):04x}", text)
