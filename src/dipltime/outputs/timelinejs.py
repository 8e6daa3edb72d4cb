"""The records in TimelineJS's JSON format (https://timeline.knightlab.com/docs/json-format.html),
for those who already publish timelines with it.

Dates are as precise as the record: a year-only event has a year and no month, a
month-only one no day. ``display_date`` is always set, in the chosen language, as
dipltime writes dates (TimelineJS's own Spanish months are not Peru's: it writes
"septiembre"). A span an event lies in ("between 1840 and 1844") starts at its first
bound and ends at its last; "before 1826" and "after 1826" start at their bound, and
the display date says which. Text is HTML-escaped; the same records give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from dipltime.domain.dates import PartialDate
from dipltime.domain.language import Language
from dipltime.domain.model import Event, Party
from dipltime.outputs.htmlpage import text
from dipltime.outputs.render import according_to, title


def _date(date: PartialDate, display: str | None = None) -> dict[str, str]:
    found = {"year": str(date.year)}
    if date.month:
        found["month"] = str(date.month)
    if date.day:
        found["day"] = str(date.day)
    if display is not None:
        found["display_date"] = display
    return found


def slide(
    event: Event, parties: Mapping[str, Party], lang: Language, home: str | None
) -> dict[str, Any]:
    """One event as a TimelineJS slide."""
    spec = event.spec
    shown = lang.describe(spec, event.end)
    if event.inferred:  # as the listings say it: the date is the reader's to weigh
        shown += f" ({lang._('date inferred')})"
    data: dict[str, Any] = {"unique_id": event.id, "start_date": _date(spec.date, shown)}
    last = spec.until if spec.bound == "between" else event.end
    if last is not None:
        data["end_date"] = _date(last, shown)
    data["display_date"] = shown
    data["text"] = {
        "headline": text(lang.standalone(title(event, parties, lang))),
        "text": f"<p>{text(event.summary)}</p><p>{text(according_to(event, lang))}</p>",
    }
    partner = next((code for code in event.parties if code != home), None)
    if partner is not None:
        data["group"] = text(lang.party(parties.get(partner), partner))  # TimelineJS: HTML
    return data


def timeline_json(
    events: Iterable[Event],
    parties: Mapping[str, Party],
    lang: Language,
    heading: str,
    home: str | None,
) -> str:
    """The whole TimelineJS document."""
    document = {
        "title": {"text": {"headline": text(heading), "text": ""}},
        "events": [slide(event, parties, lang, home) for event in events],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
