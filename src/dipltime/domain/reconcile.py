"""Comparing two collections (or a collection with itself): which records are the same
act, where one dates it more precisely, where their dates conflict, and which acts one
has that the other lacks.

Two records are taken for the same act when they are of the same family of kinds (a
state, an official and a working visit are one family: sources often disagree on the
protocol level) with the same parties in the same roles (where both name a role), the
same people for a visit (where both name them: a name shares a word, "Alberto Fujimori"
and "Alberto K. Fujimori"), and dates that overlap (``1826`` overlaps ``1826-05-02``; a
visit of 23–24 March overlaps one of 23 March). Acts that happen once between two
parties (recognition, the establishment of relations, the raising of a legation to an
embassy) recorded with dates that do not overlap, at most :data:`CONFLICT_YEARS` apart,
are a conflict (further apart, they are taken for two acts: a recognition of a new
government, of a state independent again). The acts "only in" one collection are those
between parties the other collection also records: an import of US data says nothing
about Peru and Viet Nam. Nothing here prints; :func:`compare` returns findings for the
command to show.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from dipltime.domain.kinds import Kind
from dipltime.domain.model import Event

FAMILIES: dict[Kind, str] = {
    Kind.STATE_VISIT: "visit",
    Kind.OFFICIAL_VISIT: "visit",
    Kind.WORKING_VISIT: "visit",
    Kind.TREATY_SIGNED: "treaty",
    Kind.AGREEMENT_SIGNED: "treaty",
}
"""Kinds that sources name differently for one act; any other kind is its own family."""
ONCE = frozenset({Kind.RECOGNITION, Kind.RELATIONS_ESTABLISHED, Kind.LEGATION_ELEVATED})
"""Acts that happen once between two parties: recorded twice on days that do not overlap,
the dates conflict."""

CONFLICT_YEARS = 2
"""How many years apart two such acts may be dated and still be taken for one act dated
differently: France recognised in 1778 and again in 1944 is two acts."""

TYPES = ("same", "more-precise", "dates-differ", "conflict", "only-left", "only-right")
"""The findings, in the order they are shown."""


class Finding(NamedTuple):
    """One thing a curator may want to decide."""

    type: str
    """``same`` (the same act, the same date), ``more-precise`` (the same act, one date
    more precise: ``better`` says which side), ``dates-differ`` (the same act, dates that
    overlap but are not the same), ``conflict`` (an act that happens once, on dates that
    do not overlap), ``only-left`` or ``only-right``."""
    left: Event | None
    right: Event | None
    better: str = ""
    """With ``more-precise``: ``left`` or ``right``, the side with the more precise date."""
    kinds_differ: bool = False
    """The same act recorded as different kinds of one family (a state and a working visit)."""


def family(kind: Kind) -> str:
    """The family a kind belongs to (its own name when it has none)."""
    return FAMILIES.get(kind, kind.value)


def _key(event: Event) -> tuple[str, frozenset[str]]:
    return family(event.kind), frozenset(event.parties)


def _span(event: Event) -> tuple[dt.date, dt.date]:
    last = event.until if event.bound == "between" and event.until else event.last
    return event.date.first_day, last.last_day


def _rank(event: Event) -> int:
    """How precise the date is: a day 3, a month 2, a year 1; marked or a span 0."""
    if event.mark or event.bound:
        return 0
    return {"day": 3, "month": 2, "year": 1}[event.date.precision.value]


def _roles_agree(left: Event, right: Event) -> bool:
    """Whether no role both records name is played by different parties (Peru visiting
    China is not China visiting Peru)."""
    theirs = dict(right.roles)
    return all(theirs.get(role, codes) == codes for role, codes in left.roles)


_PEOPLE_MATTER = frozenset(
    {
        Kind.STATE_VISIT,
        Kind.OFFICIAL_VISIT,
        Kind.WORKING_VISIT,
        Kind.MINISTERIAL_VISIT,
        Kind.CONFERENCE_ATTENDED,
        Kind.MINISTERIAL_MEETING,
    }
)
"""Kinds where two people make two acts: a president's and a secretary's trips to one
summit are two visits."""


def _words(names: tuple[str, ...]) -> set[str]:
    """The words of people's names that tell them apart (not initials, not "de", "la")."""
    return {w for name in names for w in re.findall(r"\w{4,}", name.casefold())}


def _pair(left: Event, right: Event) -> Finding | None:
    if not _roles_agree(left, right):
        return None
    people = left.kind in _PEOPLE_MATTER and left.people and right.people
    if people and not _words(left.people) & _words(right.people):
        return None
    (a_first, a_last), (b_first, b_last) = _span(left), _span(right)
    kinds_differ = left.kind != right.kind
    if a_first <= b_last and b_first <= a_last:
        if left.spec == right.spec and left.end == right.end:
            return Finding("same", left, right, kinds_differ=kinds_differ)
        ranks = _rank(left), _rank(right)
        if ranks[0] != ranks[1]:
            better = "left" if ranks[0] > ranks[1] else "right"
            return Finding("more-precise", left, right, better, kinds_differ)
        return Finding("dates-differ", left, right, kinds_differ=kinds_differ)
    near = abs(left.date.year - right.date.year) <= CONFLICT_YEARS
    if left.kind == right.kind and left.kind in ONCE and near and not (left.bound or right.bound):
        return Finding("conflict", left, right)
    return None


def compare(left: Iterable[Event], right: Iterable[Event] | None = None) -> list[Finding]:
    """The findings between ``left`` and ``right``; with ``right`` None, between the
    records of ``left`` (a collection that records one act twice)."""
    lefts = list(left)
    rights = lefts if right is None else list(right)
    by_key: dict[tuple[str, frozenset[str]], list[Event]] = defaultdict(list)
    for event in rights:
        by_key[_key(event)].append(event)
    pairs: list[Finding] = []
    for event in lefts:
        for other in by_key.get(_key(event), ()):
            if right is None and other.id <= event.id:
                continue  # within one collection: each pair once, never a record with itself
            found = _pair(event, other)
            if found is not None:
                pairs.append(found)
    # An act recorded alike on both sides is that pair's alone: its records are not paired
    # again with others (consecutive trips, a second record of the act).
    alike_left = {f.left.id for f in pairs if f.type == "same" and f.left}
    alike_right = {f.right.id for f in pairs if f.type == "same" and f.right}
    findings: list[Finding] = []
    taken_left: set[str] = set()
    taken_right: set[str] = set()
    for found in pairs:
        assert found.left is not None and found.right is not None
        if found.type == "same":
            if found.left.id in taken_left or found.right.id in taken_right:
                continue
            taken_left.add(found.left.id)
            taken_right.add(found.right.id)
        elif found.left.id in alike_left or found.right.id in alike_right:
            continue
        findings.append(found)
    matched_left = {f.left.id for f in findings if f.left and f.type != "conflict"}
    matched_right = {f.right.id for f in findings if f.right and f.type != "conflict"}
    if right is not None:
        findings.extend(_unmatched(lefts, rights, matched_left, matched_right))
    order = {name: index for index, name in enumerate(TYPES)}
    findings.sort(key=lambda f: (order[f.type], _when(f), _ids(f)))
    return findings


def _unmatched(
    lefts: list[Event], rights: list[Event], matched_left: set[str], matched_right: set[str]
) -> list[Finding]:
    """The acts only one side records, between parties both sides record."""
    left_pairs = {frozenset(e.parties) for e in lefts}
    right_pairs = {frozenset(e.parties) for e in rights}
    shared = left_pairs & right_pairs
    found = [
        Finding("only-left", e, None)
        for e in lefts
        if e.id not in matched_left and frozenset(e.parties) in shared
    ]
    found += [
        Finding("only-right", None, e)
        for e in rights
        if e.id not in matched_right and frozenset(e.parties) in shared
    ]
    return found


def _when(finding: Finding) -> tuple[int, int, int, int, int, int, str]:
    event = finding.left or finding.right
    assert event is not None
    return event.sort_key


def _ids(finding: Finding) -> tuple[str, str]:
    return (finding.left.id if finding.left else "", finding.right.id if finding.right else "")
