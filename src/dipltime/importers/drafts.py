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


def slug_of(document: str) -> str:
    """A data file's name as the last words of a source id: ``1990``, ``bush-george-w``
    (lower case, accents and other signs dropped, words joined by hyphens)."""
    import unicodedata

    stem = document.rsplit("/", 1)[-1].removesuffix(".xml")
    plain = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split()) or "file"


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


def _within(wide: str, narrow: str) -> bool:
    return narrow.startswith(wide)


def merge_same_acts(drafts: list[Draft]) -> tuple[list[Draft], int]:
    """The rdcr drafts with each act once: two entries (in one article, or in the articles of
    two slugs of one party) that record the same kind between the same parties in the same
    roles, on dates one of which contains the other, become one record citing both,
    dated by the more precise. Conflicts are left as they are. Returns the drafts and how
    many were merged into another."""
    kept: list[Draft] = []
    seen: dict[tuple[str, str, str], list[int]] = {}
    merged = 0
    for draft in drafts:
        record = draft.record
        if draft.dataset != "rdcr" or draft.outcome == "conflict":
            kept.append(draft)
            continue
        key = (draft.counterpart, record["kind"], repr(sorted(record.get("roles", {}).items())))
        date = record["date"].rstrip("~")
        for index in seen.get(key, []):
            other = kept[index].record
            theirs = other["date"].rstrip("~")
            if not (_within(date, theirs) or _within(theirs, date)):
                continue
            first, second = (other, record) if len(theirs) >= len(date) else (record, other)
            combined = dict(first)
            combined["id"] = other["id"]
            citations = [*first["sources"], *second["sources"]]
            unique = {(c["id"], c.get("locator")): c for c in citations}
            combined["sources"] = list(unique.values())
            people = [*first.get("people", []), *second.get("people", [])]
            if people:
                combined["people"] = list(dict.fromkeys(people))
            combined["notes"] = (
                "The guide records this act under more than one heading; the record cites "
                "each, and counts from the most precise date they give."
            )
            outcome = kept[index].outcome if first is other else draft.outcome
            kept[index] = kept[index]._replace(record=combined, outcome=outcome)
            merged += 1
            break
        else:
            seen.setdefault(key, []).append(len(kept))
            kept.append(draft)
    return kept, merged
