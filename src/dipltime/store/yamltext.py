"""Records as YAML text, written the way the bundled collection is: one record a list
item, keys in the format's order, short lists and role maps in flow style, long prose
folded at a word. The same data always gives the same bytes.

A scalar is written plain only when every YAML reader takes it back as the same text;
anything else is double-quoted (JSON's escapes, which YAML reads alike). :func:`dump`
reads what it wrote back and refuses to return text that would read differently.
"""

from __future__ import annotations

import json
import re
from typing import Any

WIDTH = 80
"""Where folded prose is wrapped."""
_PLAIN = re.compile(r"[A-Za-z0-9À-ɏḀ-ỿ][\w À-ɏḀ-ỿ.,'’()/&–—-]*", re.UNICODE)
_RESERVED = re.compile(
    r"(?i:y|n|yes|no|true|false|on|off|null|~)|[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:e[-+]?[0-9]+)?"
)
_DAY = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?[?~%]?"
_DATE_LIKE = re.compile(rf"(?:\.\.|{_DAY})(?:/(?:\.\.|{_DAY}))?")
"""A date as dipltime writes it (EDTF: ``1826``, ``2024-11-12?``, ``1840/1844``,
``../2025-06-04``): plain, as every YAML reader takes it back as text."""
_FLOW_ITEM = re.compile(r"[A-Za-z0-9À-ɏḀ-ỿ][\w À-ɏḀ-ỿ.'’()&–—-]*", re.UNICODE)
_FOLD = frozenset({"summary", "notes", "note", "date_note", "celebration_note", "certainty_note"})


QUOTED = frozenset({"quote"})
"""The fields always double-quoted: a source's words, verbatim, look like a quotation."""


def scalar(value: object, flow: bool = False) -> str:
    """One scalar as YAML: plain where safe (``1826``, ``Lima``), else double-quoted."""
    text = str(value)
    pattern = _FLOW_ITEM if flow else _PLAIN
    if isinstance(value, int) and not isinstance(value, bool):
        return text
    if _DATE_LIKE.fullmatch(text):
        return text  # dipltime reads EDTF dates as the text they are
    if (
        pattern.fullmatch(text)
        and not _RESERVED.fullmatch(text)
        and not text.endswith((" ", ":"))
        and ": " not in text
        and " #" not in text
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def _folded(text: str, indent: str) -> list[str] | None:
    """``text`` as the lines of a ``>-`` block, or None when folding would change it."""
    if "\n" in text or "  " in text or text != text.strip() or len(text) < 60:
        return None
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c in "\u2028\u2029\ufeff" for c in text):
        return None
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(indent) + len(line) + 1 + len(word) > WIDTH:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return [indent + line for line in lines]


def _literal(text: str, indent: str) -> list[str] | None:
    """Prose written in several lines as a ``|`` block (its indicator, then its lines),
    or None when it is one line or a block would not read back as the same text."""
    if "\n" not in text.rstrip("\n") or text.endswith("\n\n") or text[:1] in (" ", "\n"):
        return None
    if any(ord(c) < 32 and c != "\n" or 0x7F <= ord(c) < 0xA0 for c in text):
        return None
    if any(c in text for c in "\u2028\u2029\ufeff"):
        return None
    lines = text.rstrip("\n").split("\n")
    if any(line != line.rstrip() for line in lines):
        return None
    return [
        "|" if text.endswith("\n") else "|-",
        *(indent + line if line else "" for line in lines),
    ]


def _flow_list(values: list[Any]) -> str | None:
    items = [scalar(v, flow=True) for v in values]
    if any(item.startswith('"') for item in items):
        return None
    return "[" + ", ".join(items) + "]"


Path = tuple[str | int, ...]
"""Where a line's value sits in the data: ``(0, "sources", 1, "id")``."""


def lines_of(
    record: dict[str, Any], path: Path, indent: str, first: str, fold: bool = False
) -> list[tuple[Path, str]]:
    """The lines of a mapping at ``path``, the first key after ``first`` ("- " for a list
    item), each with the path of the value it begins (a folded line continues the one
    before it and has none: ``()``). Prose is folded: the fields that hold it, and with
    ``fold`` every value (a map of titles by language)."""
    out: list[tuple[Path, str]] = []
    lead = first
    for key, value in record.items():
        head = f"{lead}{key}:"
        lead = indent
        here = (*path, key)
        if isinstance(value, dict):
            if all(isinstance(v, str) for v in value.values()):
                inner = ", ".join(f"{k}: {scalar(v, flow=True)}" for k, v in value.items())
                if '"' not in inner and len(head) + len(inner) + 3 <= WIDTH:
                    out.append((here, f"{head} {{{inner}}}"))
                    continue
            out.append((here, head))
            out.extend(lines_of(value, here, indent + "  ", indent + "  ", fold=True))
        elif isinstance(value, list):
            if any(isinstance(v, dict) for v in value):  # sources: [{id: a, locator: …}, b]
                out.append((here, head))
                for number, item in enumerate(value):
                    if isinstance(item, dict):
                        first_key = indent + "  - "
                        out.extend(lines_of(item, (*here, number), indent + "    ", first_key))
                    else:
                        out.append(((*here, number), f"{indent}  - {scalar(item)}"))
                continue
            flow = _flow_list(value)
            if flow is not None and len(head) + len(flow) < WIDTH + 12:
                out.append((here, f"{head} {flow}"))
            else:
                out.append((here, head))
                out.extend(
                    ((*here, number), f"{indent}  - {scalar(v)}") for number, v in enumerate(value)
                )
        elif isinstance(value, bool) or (key in FLAGS and value in ("true", "false")):
            out.append((here, f"{head} {str(value).lower()}"))
        elif key in QUOTED:
            out.append((here, f"{head} {json.dumps(str(value), ensure_ascii=False)}"))
        else:
            folding = (fold or key in _FOLD) and len(head) + 1 + len(str(value)) > WIDTH
            folded = _folded(str(value), indent + "  ") if folding else None
            literal = _literal(str(value), indent + "  ") if key in _FOLD else None
            if literal is not None:
                out.append((here, f"{head} {literal[0]}"))
                out.extend(((), line) for line in literal[1:])
            elif folded is None:
                out.append((here, f"{head} {scalar(value)}"))
            else:
                out.append((here, f"{head} >-"))
                out.extend(((), line) for line in folded)
    return out


FLAGS = frozenset({"celebrated", "translation"})
"""The fields that are true or false: written plain (``false``), whatever the loader, which
reads every scalar as text, made of them."""


def dump(items: list[dict[str, Any]], header: str = "") -> str:
    """A YAML list of mappings, each item separated by a blank line, after ``header``
    (comment lines). Raises ValueError if the text would not read back as ``items``."""
    blocks = [
        "\n".join(line for _, line in lines_of(item, (number,), "  ", "- "))
        for number, item in enumerate(items)
    ]
    text = header + "\n\n".join(blocks) + "\n"
    _check(text, items)
    return text


def as_text(value: Any) -> Any:
    """``value`` as dipltime's loader reads it back: every scalar as text."""
    if isinstance(value, dict):
        return {str(k): as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_text(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _check(text: str, items: list[dict[str, Any]]) -> None:
    import yaml

    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml where the wheel has it
    back = yaml.load(text, Loader=loader)  # every scalar as text, as dipltime reads
    if back != as_text(items):
        raise ValueError("the YAML written would not read back as the records")
