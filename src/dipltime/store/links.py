"""The links between records of a collection: an act ended by a later one (``ends``) and
relations restored by a resumption (``resumes``). Checked over the whole collection, and
written into the ended record (:class:`~dipltime.domain.model.Ending`) so that lookups
never need the other record."""

from __future__ import annotations

from collections.abc import Iterable

from dipltime.domain.kinds import KINDS, Kind, a_kind
from dipltime.domain.model import Ending, Event, Party
from dipltime.errors import Problem

_RELATIONS = (Kind.RELATIONS_ESTABLISHED, Kind.RELATIONS_RESUMED)


def _problem(event: Event, field: str, message: str, hint: str) -> Problem:
    return Problem(event.path, event.line or None, event.id, field, message, hint)


def link(events: list[Event], problems: list[Problem]) -> tuple[list[Event], set[str]]:
    """``events`` with the breaks in each ended act's life set (:class:`Ending`), and the ids
    of every record that takes part in a link; the problems go to ``problems``.

    Records are taken in chronological order: a severance ends relations, a resumption
    restores them, a later severance (naming either the relations or the resumption that
    continues their count) ends them again."""
    linking = [e for e in events if e.ends or e.resumes]
    if not linking:
        return events, set()
    by_id = {event.id: event for event in events}
    breaks: dict[str, list[Ending]] = {}
    ids: set[str] = set()
    for ender in sorted(linking, key=lambda e: e.sort_key):
        if ender.ends:
            target = by_id.get(ender.ends)
            if _can_end(ender, target, breaks, problems):
                assert target is not None
                ending = Ending(
                    ender.date, ender.id, ender.kind, bound=ender.bound, until=ender.until
                )
                breaks.setdefault(target.id, []).append(ending)
                ids.update((ender.id, target.id))
                original = _continued(target)
                if original and original in by_id:  # the resumption carried the old count
                    breaks.setdefault(original, []).append(ending)
                    ids.add(original)
        if ender.resumes and _can_resume(ender, by_id.get(ender.resumes), breaks, problems):
            last = breaks[ender.resumes][-1]
            if ender.counts_from == "original":
                breaks[ender.resumes][-1] = last._replace(resumed=ender.date, resumed_by=ender.id)
            ids.update((ender.id, ender.resumes))
    ended = [e._replace(ended=tuple(breaks[e.id])) if e.id in breaks else e for e in events]
    return ended, ids


def _continued(event: Event) -> str:
    """The relations a resumption continues the count of ("" when it restarts it)."""
    return event.resumes if event.counts_from == "original" else ""


def _can_end(
    ender: Event, target: Event | None, breaks: dict[str, list[Ending]], problems: list[Problem]
) -> bool:
    if target is None:
        problems.append(
            _problem(
                ender,
                "ends",
                f"no record has the id {ender.ends!r}",
                "give the id of an earlier record",
            )
        )
        return False
    closes, theirs = KINDS[ender.kind].closes, KINDS[target.kind]
    if not closes or theirs.opens != closes:
        problems.append(
            _problem(
                ender,
                "ends",
                f"{a_kind(ender.kind)} cannot end {a_kind(target.kind)} ({target.id})",
                f"end what it closes: an act that opens {closes or 'something'}",
            )
        )
        return False
    if target.date.first_day > ender.date.last_day:
        problems.append(
            _problem(
                ender,
                "ends",
                f"{target.id} comes after this record",
                "an act can only end an earlier one",
            )
        )
        return False
    earlier = breaks.get(target.id)
    if earlier and earlier[-1].resumed is None:
        problems.append(
            _problem(
                ender,
                "ends",
                f"{target.id} is already ended by {earlier[-1].by}",
                "an act ends once until it is resumed; a later act of its own ends a reopening",
            )
        )
        return False
    return True


def _can_resume(
    ender: Event, target: Event | None, breaks: dict[str, list[Ending]], problems: list[Problem]
) -> bool:
    if target is None or target.kind not in _RELATIONS:
        said = (
            f"no record has the id {ender.resumes!r}"
            if target is None
            else (f"{target.id} is a {KINDS[target.kind].label}, not relations established")
        )
        problems.append(_problem(ender, "resumes", said, "give the id of the relations restored"))
        return False
    earlier = breaks.get(target.id)
    if not earlier or earlier[-1].resumed is not None or earlier[-1].date > ender.date:
        problems.append(
            _problem(
                ender,
                "resumes",
                f"{target.id} was not broken off before this record",
                "record the severance or suspension with 'ends: " + target.id + "'",
            )
        )
        return False
    return True


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
