"""Rewriting a schema 1 collection into schema 2, keeping its text, comments and order.

:func:`plan` reads the collection's files with ``ruamel.yaml``'s round-trip loader, every
scalar as the text it is (as dipltime's own loader reads it: ``+12``, ``2.10`` and ``~``
stay what they are), and returns the new bytes of every file that changes, writing
nothing. :func:`apply` writes them all or none: each new file is first written beside
its target, the originals are kept as hidden backups and a journal says what is being
done, so that a failure rolls everything back and an interrupted run is undone by the
next ``migrate`` (:func:`recover`).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from typing import Any

from dipltime.errors import DipltimeError
from dipltime.store.legacy import LEGACY_KINDS, source_key
from dipltime.store.scanning import (
    COLLECTION,
    JOURNAL,
    REGISTRY,
    SOURCES,
    in_walk_order,
    scan,
)

COLLECTION_TEXT = (
    "# The record format of this folder (docs/records.md); written by dipltime migrate.\n"
    "schema: 2\n"
)
_BACKUP = ".{name}.schema-1"
_STAGED = ".{name}.schema-2"


def _yaml() -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    class TextOnly(VersionedResolver):
        """Every scalar is text, as dipltime reads it: nothing becomes a number or null."""

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            return super().resolve(kind, value, (False, False) if kind is ScalarNode else implicit)

    yaml = YAML()  # round trip: comments, order and quoting are kept
    yaml.Resolver = TextOnly
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)  # nested lists as dipltime writes them
    return yaml


def _load(yaml: Any, text: str) -> Any:
    # ruamel indents every level of lists alike: the text is read two columns in, so that
    # its top-level list is written back at the left margin with every comment in place.
    return yaml.load(
        "".join(("  " + line if line.strip() else line) for line in text.splitlines(True))
    )


def _dump(yaml: Any, data: Any, newline: str) -> bytes:
    out = io.StringIO()
    yaml.dump(data, out)
    text = "".join(
        line[2:] if line.startswith("  ") else line for line in out.getvalue().splitlines(True)
    )
    return text.replace("\n", newline).encode("utf-8")


def _read(path: str) -> tuple[str, str]:
    """A file's text and its line ending; a linked file is not the collection's own."""
    if os.path.islink(path):
        raise DipltimeError(
            f"{path} is a symbolic link: migrate rewrites only the collection's own files",
            "replace the link by a copy of the file (or migrate the folder it points into)",
        )
    with open(path, encoding="utf-8", newline="") as handle:
        text = handle.read()
    return text.replace("\r\n", "\n"), "\r\n" if "\r\n" in text else "\n"


def plan(root: str) -> dict[str, bytes]:
    """The new bytes of each file of ``root`` that migrating changes, by path
    (``sources.yaml`` and ``collection.yaml`` included; ``{}`` for a collection already in
    schema 2). The collection must be valid schema 1."""
    from dipltime.store.registry import load_schema

    if load_schema(root, []) >= 2:
        return {}
    if os.path.lexists(os.path.join(root, SOURCES)):
        raise DipltimeError(
            f"{os.path.join(root, SOURCES)} exists, and migrate would write it",
            "if the folder is already in schema 2, add collection.yaml with 'schema: 2'; "
            "else move sources.yaml aside and migrate again",
        )
    yaml = _yaml()
    found, _ = scan(root)
    registry: dict[tuple[str, ...], dict[str, str]] = {}
    changed: dict[str, bytes] = {}
    for _, path, _ in in_walk_order(root, found):
        text, newline = _read(path)
        data = _load(yaml, text)
        for item in data or ():
            _upgrade(item, registry)
        changed[path] = _dump(yaml, data, newline)
    parties_path = os.path.join(root, REGISTRY)
    text, newline = _read(parties_path)
    parties = _load(yaml, text)
    if [_years(party) for party in parties or ()].count(True):
        changed[parties_path] = _dump(yaml, parties, newline)
    changed[os.path.join(root, SOURCES)] = _sources_text(yaml, registry)
    changed[os.path.join(root, COLLECTION)] = COLLECTION_TEXT.encode()
    return changed


def _comment(mapping: Any, key: str) -> str:
    """The end-of-line comment of ``key`` in a ruamel mapping ("" when it has none)."""
    token = mapping.ca.items.get(key, [None, None, None, None])[2]
    if token is None:
        return ""
    text: str = token.value
    return text.split("\n", 1)[0].strip().removeprefix("#").strip()


def _upgrade(item: Any, registry: dict[tuple[str, ...], dict[str, str]]) -> None:
    """One record, changed in place: the date's mark, the kind, citations for sources. A
    comment on a line that goes (``date_basis``) moves to the line that stays (``date``)."""
    if "date_basis" in item:
        moved = _comment(item, "date_basis")
        if item["date_basis"] == "inferred":
            item["date"] = f"{item['date']}?"
        del item["date_basis"]
        if moved and not _comment(item, "date"):
            item.yaml_add_eol_comment("# " + moved, "date")
    item["kind"] = LEGACY_KINDS[str(item["kind"])].value
    for source in item["sources"]:
        key = source_key(source)
        entry = registry.get(key)
        if entry is None:
            entry = registry[key] = _entry(source, {e["id"] for e in registry.values()})
        _cite(source, entry["id"])


def _cite(source: Any, source_id: str) -> None:
    """An inline source made a citation in place, so that the comments and blank lines
    YAML keeps with it (after its last key) stay where they were; the comments of the
    lines that go are kept on the citation's first line."""
    keys = list(source)
    trailing = source.ca.items.get(keys[-1]) if keys else None
    moved = [_comment(source, key) for key in keys[:-1] if key != "locator"]
    for key in keys:
        if key != "locator":
            del source[key]
    source.insert(0, "id", source_id)
    if trailing is not None:
        source.ca.items[list(source)[-1]] = trailing
    if any(moved) and list(source)[-1] != "id":
        source.yaml_add_eol_comment("# " + "; ".join(c for c in moved if c), "id")


def _entry(source: Any, taken: set[str]) -> dict[str, str]:
    """A registry entry for an inline source, with an id made from its words."""
    from dipltime.domain.text import fold

    words = " ".join(str(source.get(k, "")) for k in ("publisher", "title", "date"))
    words = words.replace("not stated", " ")
    base = ""
    for word in re.findall(r"[a-z0-9]+", fold(words)):
        if len(base) + len(word) > 48:
            break
        base = f"{base}-{word}" if base else word
    base = base or "source"
    chosen, number = base, 2
    while chosen in taken:
        chosen, number = f"{base}-{number}", number + 1
    entry = {"id": chosen}
    for key in ("publisher", "title", "date"):
        value = str(source.get(key, ""))
        if value and value != "not stated":
            entry[key] = value
    entry["language"] = "en"
    if source.get("document"):
        entry["document"] = str(source["document"])
    entry["notes"] = "Made by dipltime migrate from an inline source; check the language."
    return entry


def _years(party: Any) -> bool:
    """``existed: 1922–1991`` as ``since`` and ``until`` (True when the entry changed)."""
    match = re.fullmatch(r"([0-9]{4})\s*[–-]\s*([0-9]{4})", str(party.get("existed", "")))
    if not match or match[1] > match[2]:
        return False  # free text, or years that do not make a span: kept as written
    del party["existed"]
    party["since"], party["until"] = match[1], match[2]
    return True


def _sources_text(yaml: Any, registry: dict[tuple[str, ...], dict[str, str]]) -> bytes:
    from ruamel.yaml.comments import CommentedMap

    header = "# The source registry: every document the records cite (docs/records.md).\n"
    entries = [CommentedMap(entry) for entry in sorted(registry.values(), key=lambda e: e["id"])]
    return header.encode() + _dump(yaml, entries, "\n")


# --- writing all or nothing -----------------------------------------------------------------------


def apply(root: str, changes: dict[str, bytes]) -> None:
    """Write ``changes`` (path → bytes) all or none. New files are staged beside their
    targets first; the originals are kept (hard-linked) as hidden backups while a journal
    at the top of the collection names them; any failure puts every original back."""
    staged: list[tuple[str, str]] = []
    try:
        for path, data in changes.items():
            temp = _beside(path, _STAGED)
            _remove(temp)  # a leftover of a run cut short before its journal was written
            with open(temp, "xb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            staged.append((path, temp))
    except OSError as exc:
        for _, temp in staged:
            _remove(temp)
        raise DipltimeError(
            f"cannot write beside {exc.filename or root}: {exc.strerror or exc}",
            "nothing was changed; make the folder writable and migrate again",
        ) from None
    journal: dict[str, list[Any]] = {
        "replaced": [],
        "created": [],
        "staged": [temp for _, temp in staged],
    }
    for path, _ in staged:
        if os.path.exists(path):
            journal["replaced"].append([path, _beside(path, _BACKUP)])
        else:
            journal["created"].append(path)
    _write_journal(root, journal)
    try:
        for path, backup in journal["replaced"]:
            os.link(path, backup)
        for path, temp in staged:  # collection.yaml is the last of them
            os.replace(temp, path)
    except OSError as exc:
        recover(root)
        raise DipltimeError(
            f"cannot replace {exc.filename or root}: {exc.strerror or exc}",
            "nothing was changed (every file is as it was); fix that and migrate again",
        ) from None
    for _, backup in journal["replaced"]:
        _remove(backup)
    _remove(os.path.join(root, JOURNAL))


def recover(root: str) -> bool:
    """Undo a migration that was cut short (its journal is still there): every original
    back, every file it created and staged gone. True when there was one to undo."""
    path = os.path.join(root, JOURNAL)
    try:
        with open(path, encoding="utf-8") as handle:
            journal = json.load(handle)
    except FileNotFoundError:
        return False
    except (OSError, ValueError) as exc:
        raise DipltimeError(
            f"{path} cannot be read ({exc})", "restore the folder from your copy of it"
        ) from None
    for target, backup in journal.get("replaced", []):
        if not os.path.exists(backup):
            continue
        if os.path.exists(target) and os.path.samefile(backup, target):
            os.unlink(backup)  # not replaced yet (renaming a link onto itself does nothing)
        else:
            os.replace(backup, target)
    for created in journal.get("created", []):
        _remove(created)
    for temp in journal.get("staged", []):
        _remove(temp)
    _remove(path)
    return True


def _beside(path: str, pattern: str) -> str:
    folder, name = os.path.split(path)
    return os.path.join(folder, pattern.format(name=name))


def _write_journal(root: str, journal: dict[str, list[Any]]) -> None:
    path = os.path.join(root, JOURNAL)
    with open(path, "x", encoding="utf-8") as out:
        json.dump(journal, out, indent=1)
        out.flush()
        os.fsync(out.fileno())


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
