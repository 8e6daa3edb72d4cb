"""The links between records of a collection: an act ended by a later one (``ends``) and
relations restored by a resumption (``resumes``). Checked over the whole collection, and
written into the ended record (:class:`~dipltime.domain.model.Ending`) so that lookups
never need the other record."""

from __future__ import annotations

from collections.abc import Iterable

from dipltime.domain.kinds import KINDS, Kind
from dipltime.domain.model import Ending, Event, Party
from dipltime.errors import Problem

_RELATIONS = (Kind.RELATIONS_ESTABLISHED, Kind.RELATIONS_RESUMED)


def _problem(event: Event, field: str, message: str, hint: str) -> Problem:
    return Problem(event.path, event.line or None, event.id, field, message, hint)


def link(events: list[Event], problems: list[Problem]) -> tuple[list[Event], set[str]]:
    """``events`` with each ended act's :class:`Ending` set, and the ids of every record
    that takes part in a link; the problems of the links go to ``problems``."""
    linking = [e for e in events if e.ends or e.resumes]
    if not linking:
        return events, set()
    by_id = {event.id: event for event in events}
    endings: dict[str, Ending] = {}
    files: set[str] = set()  # the ids linked
    for ender in sorted(linking, key=lambda e: e.sort_key):
        if ender.ends:
            ending = _ending(ender, by_id.get(ender.ends), endings, problems)
            if ending is not None:
                endings[ender.ends] = ending
                files.update((ender.id, ender.ends))
        if ender.resumes:
            restored = _resumption(ender, by_id.get(ender.resumes), endings, problems)
            if restored is not None:
                endings[ender.resumes] = restored
                files.update((ender.id, ender.resumes))
    return [e._replace(ended=endings[e.id]) if e.id in endings else e for e in events], files


def _ending(
    ender: Event, target: Event | None, endings: dict[str, Ending], problems: list[Problem]
) -> Ending | None:
    if target is None:
        problems.append(
            _problem(
                ender,
                "ends",
                f"no record has the id {ender.ends!r}",
                "give the id of an earlier record",
            )
        )
        return None
    family, theirs = KINDS[ender.kind].family, KINDS[target.kind]
    if not family or theirs.family != family or theirs.ending:
        problems.append(
            _problem(
                ender,
                "ends",
                f"a {KINDS[ender.kind].label} cannot end a {theirs.label} ({target.id})",
                "end an act of the same family: an embassy's opening, relations established",
            )
        )
        return None
    if target.date.first_day > ender.date.last_day:
        problems.append(
            _problem(
                ender,
                "ends",
                f"{target.id} comes after this record",
                "an act can only end an earlier one",
            )
        )
        return None
    if ender.ends in endings:
        problems.append(
            _problem(
                ender,
                "ends",
                f"{target.id} is already ended by {endings[ender.ends].by}",
                "an act ends once; a later act of its own ends a reopening",
            )
        )
        return None
    return Ending(ender.date, ender.id, ender.kind)


def _resumption(
    ender: Event, target: Event | None, endings: dict[str, Ending], problems: list[Problem]
) -> Ending | None:
    if target is None or target.kind not in _RELATIONS:
        said = (
            f"no record has the id {ender.resumes!r}"
            if target is None
            else (f"{target.id} is a {KINDS[target.kind].label}, not relations established")
        )
        problems.append(_problem(ender, "resumes", said, "give the id of the relations restored"))
        return None
    ending = endings.get(target.id)
    if ending is None or ending.resumed is not None:
        problems.append(
            _problem(
                ender,
                "resumes",
                f"{target.id} was not broken off before this record",
                "record the severance or suspension with 'ends: " + target.id + "'",
            )
        )
        return None
    if ender.counts_from != "original":
        return ending
    return ending._replace(resumed=ender.date, resumed_by=ender.id)


def files_linking(events: Iterable[Event]) -> bool:
    """Whether any of ``events`` ends or resumes another (the loader then reads all files)."""
    return any(event.ends or event.resumes for event in events)


def anachronisms(events: Iterable[Event], parties: dict[str, Party]) -> list[Problem]:
    """Warnings: a state taking part in a certain act before the year it became a state
    (``since`` in ``parties.yaml``) or after it ceased to be one (``until``)."""
    found = []
    for event in events:
        if event.certainty != "certain":
            continue  # the record already says it is doubtful or disputed
        for code in event.parties:
            party = parties.get(code)
            if party is None or party.type != "state":
                continue
            year = event.date.year
            if party.since and event.last.year < party.since:
                said = f"{party.name} ({code}) takes part in {year}, before it became a state in {party.since}"
            elif party.until and year > party.until:
                said = f"{party.name} ({code}) takes part in {year}, after it ceased to be a state in {party.until}"
            else:
                continue
            found.append(
                _problem(
                    event,
                    "parties",
                    said,
                    "check the date and the party, or say 'certainty: doubtful' with why",
                )
            )
    return found
