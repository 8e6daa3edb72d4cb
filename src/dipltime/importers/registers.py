"""The registries of an import's folder across imports: what the records that stay need,
and the registry an interrupted import leaves behind.

An import replaces ``parties.yaml`` and ``sources.yaml`` with what its own records cite.
Records it does not write this time (a file a person edited, a counterpart left out by
``--party``, one gone upstream) may cite more: :func:`needed` finds what, and
:func:`merged` adds the old registry's entries for it. While files are being replaced,
the registries hold the old entries and the new (:func:`merged` with every old key), so
that a run cut short between two files leaves every record's party and source registered.
"""

from __future__ import annotations

import os
from typing import Any

KEYS = {"parties.yaml": "code", "sources.yaml": "id"}
"""The registries an import merges, each with the key of its entries."""


def _load(data: bytes) -> list[Any]:
    import yaml

    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    try:
        items = yaml.load(data.decode("utf-8"), Loader=loader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return []
    return [item for item in items or [] if isinstance(item, dict)]


def needed(folder: str, names: list[str]) -> dict[str, set[str]]:
    """The party codes and source ids the records of ``names`` (files in ``folder``) cite:
    ``{"parties.yaml": codes, "sources.yaml": ids}``."""
    found: dict[str, set[str]] = {"parties.yaml": set(), "sources.yaml": set()}
    for name in names:
        try:
            with open(os.path.join(folder, name), "rb") as handle:
                items = _load(handle.read())
        except OSError:
            continue
        for item in items:
            parties = item.get("parties")
            found["parties.yaml"].update(p for p in parties or [] if isinstance(p, str))
            for key in ("sources", "other_dates"):
                for cited in item.get(key) or []:
                    if isinstance(cited, dict):
                        value = cited.get("id") if key == "sources" else cited.get("source")
                        if isinstance(value, str):
                            found["sources.yaml"].add(value)
                    elif isinstance(cited, str):
                        found["sources.yaml"].add(cited)
    return found


def entries(data: bytes) -> list[dict[str, Any]]:
    """The entries of a registry file's bytes."""
    return _load(data)


def merged(
    new: list[dict[str, Any]], old: list[dict[str, Any]], key: str, wanted: set[str] | None
) -> list[dict[str, Any]]:
    """``new``, with the entries of ``old`` whose key ``wanted`` holds (every one, with None)
    and ``new`` lacks, sorted by key."""
    have = {entry.get(key) for entry in new}
    extra = [
        entry
        for entry in old
        if entry.get(key) not in have and (wanted is None or entry.get(key) in wanted)
    ]
    return sorted([*new, *extra], key=lambda entry: str(entry.get(key)))
