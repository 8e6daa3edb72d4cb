"""Text whose width in cells every terminal agrees on, for the columns of the lists.

Rich (and so Textual) measures a sequence joined by ZERO WIDTH JOINER (a family
of four) as one emoji two cells wide, an emoji or keycap followed by VARIATION
SELECTOR-16 (a red heart, keycap one) as two cells, and a skin-tone modifier as
none. Terminals disagree with it and with each other: tmux 3.3 draws the heart
and the keycap in one cell, a thumbs-up with a skin tone in four, two letters
around a joiner in two. A list cell that takes more or fewer cells than measured
moves everything after it on its line, the separator of the detail pane included.

So the cells of the lists drop the joiners, variation selectors, skin-tone
modifiers and tag characters. What is left is measured the same way everywhere
(the family becomes four emoji of two cells, the heart and the keycap one cell
each). A character this Python's Unicode tables do not know yet (an emoji newer
than them) has no agreed width at all and is shown as U+FFFD. The detail pane
keeps the text whole.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_JOINERS = re.compile(
    "[\u200d"  # zero width joiner
    "\ufe0e\ufe0f"  # variation selectors 15 (text) and 16 (emoji)
    "\U0001f3fb-\U0001f3ff"  # skin-tone modifiers
    "\U000e0000-\U000e007f]"  # tag characters (subdivision flags such as 🏴󠁧󠁢󠁳󠁣󠁴󠁿)
)


@functools.lru_cache(maxsize=4096)
def steady(text: str) -> str:
    """``text`` without the characters whose width terminals disagree on."""
    if text.isascii():
        return text
    text = _JOINERS.sub("", text)
    if any(unicodedata.category(ch) == "Cn" for ch in text):
        text = "".join("\ufffd" if unicodedata.category(ch) == "Cn" else ch for ch in text)
    return text
