"""Reading one file of event records, validated record by record against the
collection's registries, every problem located by file, line and field.

``loading`` calls these for the files it must read; they add what they find to a
list of problems and never raise for bad data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from dipltime.domain.model import Event, OtherDate, Party, Source
from dipltime.errors import Problem
from dipltime.store.validation import (
    UNKNOWN_PARTY,
    UNKNOWN_SOURCE,
    field_name,
    read,
    suggest,
    validate,
)

if TYPE_CHECKING:
    from dipltime.store.yamlsafe import Document


class Registries(NamedTuple):
    """What a collection's records are read against: its schema and its registries."""

    parties: dict[str, Party]
    sources: dict[str, Source]
    schema: int = 2


Registration = tuple[str, int, str, "int | None"]
"""Where an id is used: the id, the position of its file in the walk, the file as
shown, and the line."""


def load_events_file(
    path: str,
    display: str,
    registries: Registries,
    seen: list[Registration],
    position: int,
    problems: list[Problem],
) -> list[Event]:
    """The valid events of one file; its problems go to ``problems`` and the ids it uses
    to ``seen`` (``position`` is the file's place in the walk)."""
    doc = read(path, display, problems)
    if doc is None:
        return []
    return events_of(doc, display, registries, seen, position, problems)


def events_of(
    doc: Document,
    display: str,
    registries: Registries,
    seen: list[Registration],
    position: int,
    problems: list[Problem],
) -> list[Event]:
    """The valid events of a parsed file (as :func:`load_events_file`): for a file's text
    checked before it is written (``dipltime new``)."""
    if doc.data is None or doc.data == "":
        problems.append(
            Problem.of_file(
                display, "the file is empty", "add records (a YAML list) or delete the file"
            )
        )
        return []
    if not isinstance(doc.data, list):
        problems.append(
            Problem.of_file(
                display,
                "an events file must be a YAML list of records",
                "start each record with '- id: …'",
                line=doc.line_of(()),
            )
        )
        return []
    model_cls = model_of(registries.schema)
    if registries.schema == 1:
        from dipltime.store.legacy import to_event
    else:
        to_event = _to_event  # type: ignore[assignment]
    events: list[Event] = []
    for index, item in enumerate(doc.data):
        # Identity and references are checked on the raw record, so that they
        # are reported even when other fields of the record are wrong.
        clean = _check_identity(item, doc, index, display, registries, seen, position, problems)
        model = validate(model_cls, item, doc, index, display, problems)
        if model is not None and clean:
            line = doc.line_of((index,)) or 0
            id_line = doc.line_of((index, "id")) or line
            events.append(to_event(model, display, line, id_line, registries))
    return events


def model_of(schema: int) -> Any:
    """The pydantic model of a record in ``schema`` (imported, and so built, on first use)."""
    if schema == 1:
        from dipltime.store.legacy import LegacyEventModel

        return LegacyEventModel
    from dipltime.store.schema import EventModel

    return EventModel


def _check_identity(
    item: Any,
    doc: Document,
    index: int,
    display: str,
    registries: Registries,
    seen: list[Registration],
    position: int,
    problems: list[Problem],
) -> bool:
    """Unknown party codes and source ids (False when there is one); the id is noted in
    ``seen``, for the duplicate check across the collection."""
    if not isinstance(item, dict):
        return False
    clean = True
    record_id = item.get("id")
    if isinstance(record_id, str) and record_id:
        seen.append((record_id, position, display, doc.line_of((index, "id"))))
    label = record_id if isinstance(record_id, str) and record_id else f"#{index + 1}"
    parties = registries.parties
    codes = item.get("parties")
    if parties and isinstance(codes, list):
        for number, code in enumerate(codes):
            if isinstance(code, str) and code not in parties:
                clean = False
                problems.append(
                    Problem(
                        display,
                        doc.line_of((index, "parties", number)),
                        label,
                        f"parties[{number}]",
                        f"unknown party code {code!r}",
                        suggest(code, parties, UNKNOWN_PARTY),
                    )
                )
    if registries.schema >= 2:
        for where, cited in _citations(item):
            if cited not in registries.sources:
                clean = False
                problems.append(
                    Problem(
                        display,
                        doc.line_of((index, *where)),
                        label,
                        field_name(where),
                        f"unknown source {cited!r}",
                        suggest(cited, registries.sources, UNKNOWN_SOURCE),
                    )
                )
    return clean


def _citations(item: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """Where a raw record cites a source, and the id it cites."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    sources = item.get("sources")
    for number, citation in enumerate(sources if isinstance(sources, list) else ()):
        cited = citation.get("id") if isinstance(citation, dict) else citation
        if isinstance(cited, str) and cited:
            where = ("sources", number, "id") if isinstance(citation, dict) else ("sources", number)
            found.append((where, cited))
    others = item.get("other_dates")
    for number, other in enumerate(others if isinstance(others, list) else ()):
        cited = other.get("source") if isinstance(other, dict) else None
        if isinstance(cited, str) and cited:
            found.append((("other_dates", number, "source"), cited))
    return found


def _to_event(model: Any, display: str, line: int, id_line: int, registries: Registries) -> Event:
    """The plain record of a valid schema 2 record, its citations resolved."""
    from dipltime.domain.kinds import ROLE_NAMES
    from dipltime.domain.titles import generated_title

    spec = model.date
    sources = registries.sources
    roles = tuple((name, tuple(model.roles[name])) for name in ROLE_NAMES if name in model.roles)
    event = Event(
        id=model.id,
        date=spec.date,
        end=model.end,
        mark=spec.mark,
        bound=spec.bound,
        until=spec.until,
        date_note=model.date_note or "",
        title=model.title or "",
        titles=tuple(sorted(model.titles.items())),
        summary=model.summary,
        kind=model.kind,
        parties=tuple(model.parties),
        roles=roles,
        certainty=model.certainty,
        certainty_note=model.certainty_note or "",
        celebrated=model.celebrated,
        celebration_note=model.celebration_note or "",
        ends=model.ends or "",
        resumes=model.resumes or "",
        counts_from=model.counts_from or "",
        places=tuple(model.places),
        people=tuple(model.people),
        tags=tuple(model.tags),
        sources=tuple(
            sources[c.id]._replace(locator=c.locator or "", quote=c.quote or "")
            for c in model.sources
        ),
        other_dates=tuple(
            OtherDate(
                o.date, o.end, sources[o.source]._replace(locator=o.locator or ""), o.note or ""
            )
            for o in model.other_dates
        ),
        notes=model.notes or "",
        revised=model.revised,
        path=display,
        line=line,
        id_line=id_line,
    )
    if not event.title:
        event = event._replace(title=generated_title(event, registries.parties), given_title=False)
    return event
