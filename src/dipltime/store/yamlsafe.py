"""dipltime's one YAML loader: strings only, nothing implicit, every line remembered.

``yaml.safe_load`` is not strict enough for research data. It keeps the last of
two repeated keys, turns ``NO`` into ``False`` and ``1:20`` into ``80``, builds
dates from unquoted scalars, expands aliases (exponentially, in a "billion
laughs" file) and, in its C form, recurses until it crashes on deep nesting.

This loader reads the parser's *event stream* and builds the tree itself,
iteratively, so that:

- every scalar arrives as the exact string the author wrote (the models parse
  dates and numbers), an empty value as ``""``;
- repeated keys, anchors, aliases, merge keys (``<<``) and tags are refused;
- nesting depth and file size are capped;
- the line of every mapping key and sequence item is kept in ``lines``, keyed by
  its path (``(0, "sources", 1, "title")``), so errors can name the line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from stat import S_ISREG
from typing import Any

from dipltime.errors import DataError, Problem

MAX_BYTES = 4 * 1024 * 1024
"""Largest events file read (4 MiB, about 6,000 records)."""
MAX_DEPTH = 16
"""Deepest nesting of mappings and sequences (a record needs 4)."""

YamlPath = tuple[str | int, ...]
_REPEAT = object()


@dataclass
class Document:
    """A parsed YAML file: plain data (dicts, lists, strings) and the line of each path."""

    data: Any
    lines: dict[YamlPath, int] = field(default_factory=dict)
    repeated: list[tuple[YamlPath, int]] = field(default_factory=list)
    """Keys written twice in one mapping: the path and the line of each repeat (the first is kept)."""

    def line_of(self, path: YamlPath) -> int | None:
        """The line of ``path`` or, failing that, of its nearest parent that has one."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


class _Refused(Exception):
    def __init__(self, line: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint


def read_yaml(path: str | os.PathLike[str], display: str | None = None) -> Document:
    """Read and parse one YAML file; raise :class:`DataError` naming the file and line."""
    name = display or os.fspath(path)
    try:
        # Never wait on the open (a named pipe put in the file's place waits for a writer),
        # and read only a regular file (not a pipe, a device, a terminal).
        with open(path, "rb", opener=_opener) as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if not S_ISREG(mode):
                from dipltime.store.scanning import kind_of

                raise DataError(
                    [
                        Problem.of_file(
                            name,
                            f"not a regular file ({kind_of(mode)})",
                            "remove it, or rename it so that its name does not end in .yaml or .yml",
                        )
                    ]
                )
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise DataError(
            [
                Problem.of_file(
                    name, f"cannot read the file: {reason}", "check that it exists and is readable"
                )
            ]
        ) from None
    if len(raw) > MAX_BYTES:
        raise DataError(
            [
                Problem.of_file(
                    name,
                    f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB",
                    "split it into several files, for instance one per partner and decade",
                )
            ]
        )
    return parse_yaml(raw, name)


def _opener(path: str, flags: int) -> int:
    return os.open(path, flags | _NO_WAIT)


_NO_WAIT = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def parse_yaml(raw: bytes, name: str) -> Document:
    """Parse YAML bytes (UTF-8, an optional byte-order mark) into a :class:`Document`."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DataError(
            [
                Problem.of_file(
                    name,
                    f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
                    "save the file as UTF-8",
                    line=line,
                )
            ]
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise DataError(
            [
                Problem.of_file(
                    name,
                    "the file contains a NUL byte: it is not a text file",
                    "events files are UTF-8 YAML text",
                    line=line,
                )
            ]
        )
    try:
        return _build(text)
    except _Refused as exc:
        raise DataError([Problem.of_file(name, exc.message, exc.hint, line=exc.line)]) from None
    except _yaml_error() as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where: int | None = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataError(
            [
                Problem.of_file(
                    name,
                    f"malformed YAML: {problem}",
                    "check indentation (spaces, not tabs), colons and quotes on this line",
                    line=where,
                )
            ]
        ) from None


def _yaml_error() -> type[Exception]:
    import yaml

    return yaml.YAMLError


def _build(text: str) -> Document:  # noqa: C901 - one flat state machine reads best
    """The tree of ``text``, built from the parser's events one by one.

    libyaml (PyYAML's C parser) reads the text; this loop turns its events into
    lists, dicts and strings without recursion (so no nesting can exhaust the
    stack), refusing what an events file must not hold as it meets it. It runs
    for every node of every file, so it dispatches on the event's exact type,
    the most frequent first.
    """
    import yaml

    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    document_start, stream_end = yaml.DocumentStartEvent, yaml.StreamEndEvent
    parser = (getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader)(text)
    doc = Document(data=None)
    lines = doc.lines
    # Each frame: [container, path, pending key or None, keys seen, is a list]
    stack: list[list[Any]] = []
    documents = 0

    def refuse_anchor_or_tag(event: Any, line: int) -> None:
        if event.anchor is not None:
            raise _Refused(
                line,
                f"an anchor (&{event.anchor}) is not allowed",
                "write the value out in full; anchors and aliases are refused",
            )
        if event.tag is not None:
            raise _Refused(
                line,
                f"the tag {event.tag} is not allowed",
                "remove the tag; every value is read as text",
            )

    try:
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind is scalar_event:
                line = event.start_mark.line + 1
                if event.anchor is not None or event.tag is not None:
                    refuse_anchor_or_tag(event, line)
                value = event.value
                if not stack:
                    doc.data = value
                    lines[()] = line
                    continue
                frame = stack[-1]
                container = frame[0]
                if frame[4]:
                    item_path = (*frame[1], len(container))
                    container.append(value)
                    lines[item_path] = line
                elif frame[2] is None:  # a key
                    if value == "<<" and event.style in (None, ""):
                        raise _Refused(
                            line,
                            "merge keys (<<) are not allowed",
                            "write every field of the record out in full",
                        )
                    if value in frame[3]:
                        # Not fatal: the rest of the file is still checked. The repeat is
                        # parsed under a key no record field can have, then dropped.
                        doc.repeated.append(((*frame[1], value), line))
                        frame[2] = _REPEAT
                    else:
                        frame[3].add(value)
                        frame[2] = value
                        lines[(*frame[1], value)] = line
                else:
                    key = frame[2]
                    frame[2] = None
                    if key is not _REPEAT:
                        container[key] = value
            elif kind is mapping_end or kind is sequence_end:
                stack.pop()
            elif kind is mapping_start or kind is sequence_start:
                line = event.start_mark.line + 1
                if event.anchor is not None or event.tag is not None:
                    refuse_anchor_or_tag(event, line)
                if len(stack) >= MAX_DEPTH:
                    raise _Refused(
                        line,
                        f"the data is nested more than {MAX_DEPTH} levels deep",
                        "an events file is a list of flat records",
                    )
                is_list = kind is sequence_start
                node: Any = [] if is_list else {}
                if not stack:
                    doc.data = node
                    lines[()] = line
                    path: YamlPath = ()
                else:
                    frame = stack[-1]
                    container = frame[0]
                    if frame[4]:
                        path = (*frame[1], len(container))
                        container.append(node)
                        lines[path] = line
                    elif frame[2] is None:
                        raise _Refused(
                            line, "a mapping key must be plain text", "write `name: value`"
                        )
                    else:
                        key = frame[2]
                        frame[2] = None
                        if key is _REPEAT:
                            path = (*frame[1], "<repeated>")
                        else:
                            container[key] = node
                            path = (*frame[1], key)
                stack.append([node, path, None, set(), is_list])
            elif kind is alias_event:
                raise _Refused(
                    event.start_mark.line + 1,
                    f"an alias (*{event.anchor}) is not allowed",
                    "write the value out in full; anchors and aliases are refused",
                )
            elif kind is document_start:
                documents += 1
                if documents > 1:
                    raise _Refused(
                        event.start_mark.line + 1,
                        "the file holds more than one YAML document",
                        "remove the `---` separator or split the file",
                    )
            elif kind is stream_end:
                return doc
    finally:
        parser.dispose()
