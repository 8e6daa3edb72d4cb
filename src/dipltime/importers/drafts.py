"""What an importer makes of a dataset: records to write, and what it left out and why.

A :class:`Draft` is one record as plain data, its keys in the order ``docs/records.md``
writes them, ready for :mod:`~dipltime.importers.writer`; a :class:`Skipped` is an entry
the closed vocabulary or the dates do not allow to import, kept for the report.
"""

from __future__ import annotations

from typing import Any, NamedTuple

QUOTE_LIMIT = 300
"""The longest quotation a citation keeps (the record format's limit)."""


class Draft(NamedTuple):
    """One record an importer makes."""

    counterpart: str
    """The dataset's slug of the counterpart (``peru``): the file the record goes in."""
    dataset: str
    """``rdcr``, ``visits`` or ``travels``."""
    outcome: str
    """How its date was found: ``day``/``month`` (the prose), ``heading``, ``year``,
    ``conflict`` (rdcr), ``record`` (the dataset's own start and end days)."""
    record: dict[str, Any]
    """The record, keys in the format's order."""


class Skipped(NamedTuple):
    """An entry of a dataset not imported."""

    dataset: str
    counterpart: str
    where: str
    """The entry, as a reader finds it: the heading, or the record's id."""
    reason: str


def clip(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` whole, or cut at a word and ended with "…" to fit ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def english_date(edtf: str) -> str:
    """An EDTF day, month or year as a summary says it: "21 May 1827", "May 1827", "1827"."""
    from dipltime.domain.dates import MONTH_NAMES

    parts = edtf.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTH_NAMES[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"
