"""Rewriting a schema 1 collection into schema 2, keeping its comments and order.

Pure where it can be: :func:`plan` reads the folder with ``ruamel.yaml``'s round-trip
loader (which keeps comments, order and quoting) and returns the new text of every file
that changes, without writing anything; the command writes them (``cli``).
"""

from __future__ import annotations

import io
import os
import re
from typing import Any

from dipltime.errors import DipltimeError
from dipltime.store.legacy import LEGACY_KINDS, source_key
from dipltime.store.scanning import COLLECTION, REGISTRY, SOURCES, in_walk_order, scan

COLLECTION_TEXT = "# The record format of this folder (docs/records.md); written by dipltime migrate.\nschema: 2\n"


def plan(root: str) -> dict[str, str]:
    """The new text of each file of ``root`` that migrating changes, by path (``sources.yaml``
    and ``collection.yaml`` included). The collection must be valid schema 1."""
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip: comments, order and quoting are kept
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)  # nested lists as dipltime writes them
    from dipltime.store.registry import load_schema

    if load_schema(root, []) >= 2:
        return {}  # already schema 2: nothing to change
    if os.path.lexists(os.path.join(root, SOURCES)):
        raise DipltimeError(
            f"{os.path.join(root, SOURCES)} exists, and migrate would write it",
            "move it aside, then migrate again",
        )
    found, _ = scan(root)
    registry: dict[tuple[str, ...], dict[str, Any]] = {}
    changed: dict[str, str] = {}
    for _, path, _ in in_walk_order(root, found):
        with open(path, encoding="utf-8") as handle:
            original = handle.read()
        data = yaml.load(original)
        for item in data or ():
            _upgrade(item, registry)
        changed[path] = _dump(yaml, data)
    parties_path = os.path.join(root, REGISTRY)
    with open(parties_path, encoding="utf-8") as handle:
        parties = yaml.load(handle.read())
    if any(_years(party) for party in parties or ()):
        changed[parties_path] = _dump(yaml, parties)
    changed[os.path.join(root, SOURCES)] = _sources_text(yaml, registry)
    changed[os.path.join(root, COLLECTION)] = COLLECTION_TEXT
    return changed


def _dump(yaml: Any, data: Any) -> str:
    """The YAML text of ``data``, its top-level list at the left margin (ruamel indents
    every level alike; the records' own lists keep their indent)."""
    out = io.StringIO()
    yaml.dump(data, out)
    return "".join(
        line[2:] if line.startswith("  ") else line for line in out.getvalue().splitlines(True)
    )


def _upgrade(item: Any, registry: dict[tuple[str, ...], dict[str, Any]]) -> None:
    """One record, changed in place: the date's mark, the kind, citations for sources."""
    if item.get("date_basis") == "inferred":
        item["date"] = f"{item['date']}?"
    if "date_basis" in item:
        del item["date_basis"]
    item["kind"] = LEGACY_KINDS[str(item["kind"])].value
    for source in item["sources"]:
        key = source_key(source)
        entry = registry.get(key)
        if entry is None:
            entry = registry[key] = _entry(source, {e["id"] for e in registry.values()})
        _cite(source, entry["id"])


def _cite(source: Any, source_id: str) -> None:
    """An inline source made a citation in place, so that the comments and blank lines
    YAML keeps with it (after its last key) stay where they were."""
    keys = list(source)
    trailing = source.ca.items.get(keys[-1]) if keys else None
    for key in keys:
        if key != "locator":
            del source[key]
    source.insert(0, "id", source_id)
    if trailing is not None:
        source.ca.items[list(source)[-1]] = trailing


def _entry(source: Any, taken: set[str]) -> dict[str, Any]:
    """A registry entry for an inline source, with an id made from its words."""
    words = " ".join(str(source.get(k) or "") for k in ("publisher", "title", "date"))
    words = words.replace("not stated", " ")
    from dipltime.domain.text import fold

    base = ""
    for word in re.findall(r"[a-z0-9]+", fold(words)):
        if len(base) + len(word) > 48:
            break
        base = f"{base}-{word}" if base else word
    base = base or "source"
    chosen, number = base, 2
    while chosen in taken:
        chosen, number = f"{base}-{number}", number + 1
    entry: dict[str, Any] = {"id": chosen}
    for key in ("publisher", "title", "date"):
        value = str(source.get(key) or "")
        if value and value != "not stated":
            entry[key] = value
    entry["language"] = "en"
    if source.get("document"):
        entry["document"] = source["document"]
    entry["notes"] = "Made by dipltime migrate from an inline source; check the language."
    return entry


def _years(party: Any) -> bool:
    """``existed: 1922–1991`` as ``since`` and ``until`` (True when the entry changed)."""
    match = re.fullmatch(r"([0-9]{4})\s*[–-]\s*([0-9]{4})", str(party.get("existed") or ""))
    if not match:
        return False
    del party["existed"]
    party["since"], party["until"] = match[1], match[2]
    return True


def _sources_text(yaml: Any, registry: dict[tuple[str, ...], dict[str, Any]]) -> str:
    header = "# The source registry: every document the records cite (docs/records.md).\n"
    return header + _dump(yaml, sorted(registry.values(), key=lambda e: e["id"]))
