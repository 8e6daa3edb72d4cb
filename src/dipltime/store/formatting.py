"""One canonical form for an events file, its comments kept: what ``dipltime fmt`` writes.

The records are written by :mod:`~dipltime.store.yamltext` (the form of the bundled
collection and of imports): keys in the order of the record format, short lists and
maps in flow style, prose folded at a word, a scalar quoted only where a YAML reader
could take it for something else, dates as written, one blank line between records.

Comments are found where the YAML scanner finds no token (a ``#`` inside a quoted or
folded value is text, not a comment) and travel with what they annotate: a comment on
lines of its own with the record or field below it, a comment at the end of a line with
the field on that line, the comments before the first record as the file's header and
those after the last as its end.

:func:`formatted` refuses (``ValueError``) to return text that does not read back as the
same records, or that lost or gained a comment: a formatted file says exactly what the
original said.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from typing import Any

from dipltime.store.yamlsafe import Document, parse_yaml
from dipltime.store.yamltext import Path, as_text, lines_of

RECORD_KEYS = (
    *("id", "date", "end", "date_note", "other_dates", "title", "titles", "summary"),
    *("kind", "parties", "roles", "certainty", "certainty_note", "celebrated"),
    *("celebration_note", "ends", "resumes", "counts_from", "places", "people", "tags"),
    *("sources", "notes", "revised"),
)
"""The fields of a record in the order of the format (``store.schema.EventModel``)."""
ITEM_KEYS = {
    "sources": ("id", "locator", "quote"),
    "other_dates": ("date", "end", "source", "locator", "note"),
}
"""The fields of the items of a record's lists of mappings, in their order."""


class Comment:
    """A comment of the text: its line (1-based), the text from ``#`` on, and whether it
    has its line to itself."""

    __slots__ = ("line", "text", "whole")

    def __init__(self, line: int, text: str, whole: bool) -> None:
        self.line = line
        self.text = text
        self.whole = whole


def comments_of(text: str) -> list[Comment]:
    """Every comment of ``text``: what follows the last token of a line, from ``#``."""
    import yaml

    covered: dict[int, int] = {}  # line (0-based) -> the column the tokens reach
    rows = LINE_BREAK.split(text)
    scanner = (getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader)(text)
    try:
        while not isinstance(token := scanner.get_token(), yaml.StreamEndToken):
            start, end = token.start_mark, token.end_mark
            header = None
            if getattr(token, "style", None) in ("|", ">"):  # a block scalar: its
                # indicator ("|", ">-", "|2") may be followed by a comment on its line
                indicator = re.match(r"[|>][-+0-9]*", rows[start.line][start.column :])
                header = start.column + (indicator.end() if indicator else 1)
            for row in range(start.line, end.line + 1):
                reach = end.column if row == end.line else 1 << 30
                if row == start.line and header is not None:
                    reach = header
                if row != end.line or reach:
                    covered[row] = max(covered.get(row, 0), reach)
    finally:
        scanner.dispose()
    found = []
    for number, line in enumerate(rows):
        rest = line[covered.get(number, 0) :]
        stripped = rest.strip()
        if stripped.startswith("#"):
            found.append(Comment(number + 1, stripped.rstrip(), number not in covered))
    return found


def canonical(record: Any) -> Any:
    """``record`` with its keys in the format's order (unknown ones after, as written);
    the keys of maps of text (``titles``, ``roles``) sorted."""
    if not isinstance(record, dict):
        return record
    ordered = {key: record[key] for key in RECORD_KEYS if key in record}
    ordered.update({key: value for key, value in record.items() if key not in ordered})
    for key, value in ordered.items():
        if key in ITEM_KEYS and isinstance(value, list):
            order = ITEM_KEYS[key]
            ordered[key] = [
                {
                    **{k: item[k] for k in order if k in item},
                    **{k: v for k, v in item.items() if k not in order},
                }
                if isinstance(item, dict)
                else item
                for item in value
            ]
        elif isinstance(value, dict):
            ordered[key] = dict(sorted(value.items()))
    return ordered


LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML (and so the parser's line numbers) counts as the end of a line."""


def formatted(text: str, name: str) -> str:
    """``text`` (an events file, "\\n" line ends) in the canonical form, its comments kept;
    ``ValueError`` when the result would not say the same (it is then never written)."""
    doc = parse_yaml(text.encode("utf-8"), name)
    records = doc.data if isinstance(doc.data, list) else None
    if records is None or not all(isinstance(record, dict) for record in records):
        raise ValueError("the file is not a list of records")
    if not records:
        return text  # nothing to put in order
    comments = comments_of(text)
    header, before, leading, trailing, end = _placed(comments, doc, text)
    out: list[str] = [c.text for c in header]
    if header:
        out.append("")
    for number, record in enumerate(records):
        if number:
            out.append("")
        out.extend(c.text for c in before.get(number, ()))
        lines = lines_of(canonical(record), (number,), "  ", "- ")
        above, after = _attached(number, lines, leading, trailing)
        for position, (_, line) in enumerate(lines):
            indent = " " * (len(line) - len(line.lstrip(" "))) if position else ""
            out.extend(indent + c.text for c in above.get(position, ()))
            out.append(line + "".join("  " + c.text for c in after.get(position, ())))
    if end:
        out.append("")
        out.extend(c.text for c in end)
    result = "\n".join(out) + "\n"
    _same(result, name, doc, comments)
    return result


def _attached(
    number: int,
    lines: list[tuple[Path, str]],
    leading: dict[Path, list[Comment]],
    trailing: dict[Path, list[Comment]],
) -> tuple[dict[int, list[Comment]], dict[int, list[Comment]]]:
    """The comments of record ``number`` by the written line they go above or after: the
    line of the path they annotate, else of its nearest parent that has a line (an item
    of a flow list is on its key's line; a record's first line stands for the record,
    and a line opening a list item with "- " for the item)."""
    where: dict[Path, int] = {(number,): 0}
    for position, (path, line) in enumerate(lines):
        if path:
            where.setdefault(path, position)
            if line.lstrip(" ").startswith("- ") and len(path) > 2:
                where.setdefault(path[:-1], position)

    def line_of(path: Path) -> int:
        while path not in where and len(path) > 1:
            path = path[:-1]
        return where.get(path, 0)

    above: dict[int, list[Comment]] = {}
    after: dict[int, list[Comment]] = {}
    for found, placed in ((leading, above), (trailing, after)):
        for path in [p for p in found if p[:1] == (number,)]:
            placed.setdefault(line_of(path), []).extend(found.pop(path))
    for placed in (above, after):
        for comments in placed.values():
            comments.sort(key=lambda c: c.line)
    return above, after


def _placed(
    comments: list[Comment], doc: Document, text: str
) -> tuple[
    list[Comment],
    dict[int, list[Comment]],
    dict[Path, list[Comment]],
    dict[Path, list[Comment]],
    list[Comment],
]:
    """Where each comment goes: the header, before a record, before a field (the next
    one below it), after a field (the deepest that begins on its line), or the end."""
    paths = sorted(
        ((line, path) for path, line in doc.lines.items() if path),
        key=lambda pair: (pair[0], len(pair[1])),
    )
    lines = [line for line, _ in paths]
    first = doc.line_of((0,))
    # The header is what comes before the first record and a blank line: the comments
    # right above it are that record's own.
    rows = LINE_BREAK.split(text)
    attached = first or 0
    while attached > 1 and rows[attached - 2].lstrip().startswith("#"):
        attached -= 1
    header: list[Comment] = []
    before: dict[int, list[Comment]] = {}
    leading: dict[Path, list[Comment]] = {}
    trailing: dict[Path, list[Comment]] = {}
    end: list[Comment] = []
    for comment in comments:
        on = bisect.bisect_right(lines, comment.line) - 1
        if not comment.whole and on >= 0 and lines[on] == comment.line:
            trailing.setdefault(paths[on][1], []).append(comment)
            continue
        # On a line of its own, or after a "- " or "---" that opens what follows.
        below = bisect.bisect_right(lines, comment.line)
        if first is None or (comment.whole and comment.line < attached):
            header.append(comment)
        elif comment.line < first:
            before.setdefault(0, []).append(comment)
        elif below == len(paths):
            end.append(comment)
        else:
            path = paths[below][1]
            if len(path) == 1:
                before.setdefault(int(path[0]), []).append(comment)
            else:
                leading.setdefault(path, []).append(comment)
    return header, before, leading, trailing, end


def _same(result: str, name: str, doc: Document, comments: list[Comment]) -> None:
    """Refuse a result that reads differently, or has other comments, than the original."""
    again = parse_yaml(result.encode("utf-8"), name)
    if as_text(again.data) != as_text(doc.data):
        raise ValueError(f"formatting {name} would change its records")
    if Counter(c.text for c in comments_of(result)) != Counter(c.text for c in comments):
        raise ValueError(f"formatting {name} would lose or add a comment")
