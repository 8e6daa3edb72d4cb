"""The stable JSON shapes of ``--json``: records, occurrences and parties. Keys come in a
fixed order, dates as written (ISO 8601 and EDTF), parties as codes; the README lists
the keys, and a key is added, never renamed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from dipltime.domain.core import Occurrence, not_celebrated
from dipltime.domain.kinds import KINDS
from dipltime.domain.model import Event, Party, Source


def event_json(event: Event, full: bool = False) -> dict[str, Any]:
    """The stable JSON shape of an event: ISO dates as written, codes for parties."""
    data: dict[str, Any] = {
        "id": event.id,
        # A date that is only a span ("before 1826") has no date of its own: see "edtf".
        "date": None if event.bound else event.date.iso(),
        "end": event.end.iso() if event.end else None,
        "precision": None if event.bound else event.date.precision.value,
        "edtf": event.spec.edtf(),
        "date_basis": "inferred" if event.inferred else "stated",
        "approximate": event.approximate,
        "title": event.title,
        "titles": dict(event.titles),
        "kind": event.kind.value,
        "parties": list(event.parties),
        "roles": {role: list(codes) for role, codes in event.roles},
        "certainty": event.certainty,
        "tags": list(event.tags),
    }
    if full:
        data.update(
            date_note=event.date_note or None,
            summary=event.summary,
            places=list(event.places),
            people=list(event.people),
            title_generated=not event.given_title,
            certainty_note=event.certainty_note or None,
            celebrated=event.celebrated,
            celebration_note=event.celebration_note or None,
            ends=event.ends or None,
            ended=_ended_json(event),
            resumes=event.resumes or None,
            counts_from=event.counts_from or None,
            other_dates=[
                {
                    "date": o.date.edtf(),
                    "end": o.end.iso() if o.end else None,
                    "source": _source_json(o.source),
                    "note": o.note or None,
                }
                for o in event.other_dates
            ],
            sources=[_source_json(s) for s in event.sources],
            notes=event.notes or None,
            path=event.path,
            line=event.line,
        )
    return data


def _source_json(s: Source) -> dict[str, Any]:
    return {
        "id": s.id or None,
        "publisher": s.publisher,
        "title": s.title,
        "date": s.date,
        "language": s.language or None,
        "translation": s.translation,
        "url": s.url or None,
        "licence": s.licence or None,
        "document": s.document or None,
        "locator": s.locator or None,
        "quote": s.quote or None,
    }


def _ended_json(event: Event) -> list[dict[str, Any]]:
    return [
        {
            "date": ending.date.iso(),
            "bound": ending.bound or None,
            "by": ending.by,
            "kind": ending.kind.value,
            "resumed": ending.resumed.iso() if ending.resumed else None,
            "resumed_by": ending.resumed_by or None,
        }
        for ending in event.ended
    ]


def occurrence_json(occ: Occurrence) -> dict[str, Any]:
    data = event_json(occ.event)
    data.update(
        year=occ.year,
        anniversary=occ.anniversary,
        observed=occ.observed.isoformat() if occ.observed else None,
        observed_end=occ.observed_end.isoformat() if occ.observed_end else None,
        milestone=occ.milestone,
        jubilee=occ.jubilee or None,
        not_a_milestone=(
            not_celebrated(occ.event, occ.year) or None
            if occ.anniversary and KINDS[occ.event.kind].celebrated
            else None
        ),
    )
    return data


def party_json(party: Party) -> dict[str, Any]:
    return {
        "code": party.code,
        "name": party.name,
        "aliases": list(party.aliases),
        "names": dict(party.names),
        "type": party.type,
        "existed": party.existed or None,
        "since": party.since or None,
        "until": party.until or None,
    }


def to_json(items: Iterable[dict[str, Any]] | dict[str, Any]) -> str:
    """Deterministic JSON: fixed key order, UTF-8 text, two-space indent."""
    payload = items if isinstance(items, dict) else list(items)
    import json  # only for --json

    return json.dumps(payload, ensure_ascii=False, indent=2)


def json_array(items: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The text of :func:`to_json` of a list, an item at a time (its pieces joined are
    the very same text): a long listing is never held whole."""
    import gc
    import json  # only for --json

    opened = False
    for number, item in enumerate(items, 1):
        # An item's text has no line break of its own (JSON escapes them in strings):
        # each of its lines moves in by the list's indent.
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        yield (",\n  " if opened else "[\n  ") + text
        opened = True
        if number % 1024 == 0:
            # json's indenting encoder leaves a cycle of closures behind each call, and
            # commands run with the collector off: collect them, or memory grows.
            gc.collect(0)
    yield "\n]" if opened else "[]"
