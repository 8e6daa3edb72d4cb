"""A new record added to a collection: its id, the file it belongs in, its text, and the
check it must pass before anything is written (what ``dipltime new`` does).

The record is written in the canonical form (:mod:`~dipltime.store.yamltext`, as
``dipltime fmt`` writes), after a blank line at the end of its file, in the file's own
line ends. The file's new text is read and validated as ``validate`` would read it:
a record ``validate`` would refuse is never written.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from dipltime.domain.core import home_party, party_counts
from dipltime.domain.filters import Query
from dipltime.errors import Problem
from dipltime.store.formatting import canonical
from dipltime.store.loading import Events
from dipltime.store.records import Registries, events_of
from dipltime.store.yamlsafe import parse_yaml
from dipltime.store.yamltext import lines_of

SHORT_KINDS = {"relations-established": "relations"}
"""Kinds said shorter in an id, as the bundled collection does (``vnm-1994-11-14-relations``)."""


def home_of(events: Events) -> str | None:
    """The collection's own state (``core.home_party``), which names no file and no id."""
    return home_party(party_counts(events.stream(Query())), events.parties)


def partner(parties: Iterable[str], home: str | None) -> str:
    """The first party that is not the collection's own."""
    codes = list(parties)
    return next((code for code in codes if code != home), codes[0] if codes else "record")


def propose_id(parties: list[str], date: str, kind: str, home: str | None, taken: set[str]) -> str:
    """``{partner}-{date}-{kind}`` in lower case (``vnm-2024-11-14-official-visit``), with
    ``-2``, ``-3`` … after it while the collection already has it."""
    day = re.sub(r"[^0-9-]", "", date.split("/")[0]) or "undated"
    base = f"{partner(parties, home).lower()}-{day}-{SHORT_KINDS.get(kind, kind)}"
    base = re.sub(r"[^a-z0-9-]+", "-", base).strip("-")
    proposed, number = base, 1
    while proposed in taken:
        number += 1
        proposed = f"{base}-{number}"
    return proposed


def choose_file(events: Events, root: str, parties: list[str], home: str | None) -> str:
    """The file a record of ``parties`` belongs in, relative to ``root``: the one holding
    most records with all these parties, else ``{partner}.yaml``."""
    counted: Counter[str] = Counter()
    for event in events.stream(Query(parties=tuple(sorted(set(parties))))):
        if set(parties) <= set(event.parties):
            counted[os.path.abspath(event.path)] += 1
    base = os.path.abspath(root)
    for path, _ in sorted(counted.items(), key=lambda pair: (-pair[1], pair[0])):
        if path.startswith(base + os.sep):
            return os.path.relpath(path, base)
    return f"{partner(parties, home).lower()}.yaml"


def record_text(record: dict[str, Any]) -> str:
    """The record as the canonical YAML list item."""
    return "\n".join(line for _, line in lines_of(canonical(record), (0,), "  ", "- ")) + "\n"


def appended(text: str, record: dict[str, Any]) -> str:
    """``text`` (a file's, or "" for a new file) with ``record`` after a blank line, in the
    file's own line ends."""
    newline = "\r\n" if "\r\n" in text else "\n"
    block = record_text(record).replace("\n", newline)
    body = text.rstrip("\r\n")
    return f"{body}{newline}{newline}{block}" if body else block


def check(
    text: str, display: str, registries: Registries, elsewhere: set[str], record_id: str
) -> list[Problem]:
    """What ``validate`` would say of the file's new ``text``: its own problems, and the
    new record's id if another file has it already."""
    problems: list[Problem] = []
    from dipltime.errors import DataError

    try:
        doc = parse_yaml(text.encode("utf-8"), display)
    except DataError as exc:
        return list(exc.problems)
    seen: list[Any] = []
    events_of(doc, display, registries, seen, 0, problems)
    mine = Counter(entry[0] for entry in seen)
    for used, line in ((entry[0], entry[3]) for entry in seen):
        if used == record_id and (used in elsewhere or mine[used] > 1):
            problems.append(
                Problem(
                    display,
                    line,
                    used,
                    "id",
                    "the id is already used by another record",
                    "give another --id, or leave it out to have one proposed",
                )
            )
            break
    return problems
