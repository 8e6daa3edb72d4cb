"""Titles made from a record's kind, roles and people, for records that have none (the
importers write such records). A title is a noun phrase that reads after "30th
anniversary of …", in English; ``names`` gives each party's name."""

from __future__ import annotations

from collections.abc import Mapping

from dipltime.domain.kinds import Kind
from dipltime.domain.model import Event, Party

_VISITS = {Kind.STATE_VISIT, Kind.OFFICIAL_VISIT, Kind.WORKING_VISIT, Kind.MINISTERIAL_VISIT}
_POSTS = {
    Kind.EMBASSY_OPENED: ("the opening of", "embassy"),
    Kind.EMBASSY_CLOSED: ("the closure of", "embassy"),
    Kind.LEGATION_OPENED: ("the establishment of", "legation"),
    Kind.LEGATION_CLOSED: ("the closure of", "legation"),
    Kind.CONSULATE_OPENED: ("the opening of", "consulate"),
    Kind.CONSULATE_CLOSED: ("the closure of", "consulate"),
}
_BETWEEN = {
    Kind.RELATIONS_ESTABLISHED: "{pair} diplomatic relations",
    Kind.RELATIONS_SEVERED: "the severance of {pair} diplomatic relations",
    Kind.RELATIONS_SUSPENDED: "the suspension of {pair} diplomatic relations",
    Kind.RELATIONS_RESUMED: "the resumption of {pair} diplomatic relations",
    Kind.TREATY_SIGNED: "the signing of a {pair} treaty",
    Kind.TREATY_IN_FORCE: "the entry into force of a {pair} treaty",
    Kind.AGREEMENT_SIGNED: "the signing of a {pair} agreement",
    Kind.PARTNERSHIP: "the {pair} partnership",
    Kind.JOINT_DECLARATION: "the {pair} joint declaration",
    Kind.MINISTERIAL_MEETING: "a {pair} ministerial meeting",
    Kind.CONSULTATIONS: "{pair} consultations",
    Kind.COOPERATION: "{pair} cooperation",
}


_WITH_THE = frozenset(
    [
        "United",
        "Republic",
        "Kingdom",
        "Democratic",
        "Federal",
        "Union",
        "Association",
        "Organization",
        "Organisation",
        "Commonwealth",
        "Holy",
        "Islamic",
        "Arab",
        "Netherlands",
        "Philippines",
        "Bahamas",
        "Gambia",
        "Czech",
        "Dominican",
        "Central",
        "European",
        "Principality",
        "Grand",
        "Hanseatic",
    ]
)
"""First words of names that take "the" in running English ("the United States", "the
Republic of Korea", "the Association of Southeast Asian Nations")."""


def in_a_sentence(name: str) -> str:
    """A party's name as it reads inside a sentence: "the United States", "Peru"."""
    return f"the {name}" if name.split(" ", 1)[0] in _WITH_THE else name


def generated_title(event: Event, parties: Mapping[str, Party]) -> str:
    """A title for ``event`` from its kind, roles and people."""

    def name(codes: tuple[str, ...]) -> str:
        return " and ".join(in_a_sentence(parties[c].name if c in parties else c) for c in codes)

    def possessive(codes: tuple[str, ...]) -> str:
        text = name(codes)
        return text + ("'" if text.endswith("s") else "'s")

    kind, role = event.kind, event.role
    person = event.people[0] if len(event.people) == 1 else ""
    if kind in _VISITS and role("visiting") and role("host"):
        who = f"{person} of {name(role('visiting'))}" if person else name(role("visiting"))
        return f"the {kind.value.replace('-', ' ')} of {who} to {name(role('host'))}"
    if kind in _POSTS and role("sending") and role("receiving"):
        verb, post = _POSTS[kind]
        return f"{verb} {possessive(role('sending'))} {post} in {name(role('receiving'))}"
    if kind is Kind.LEGATION_ELEVATED and role("sending") and role("receiving"):
        legation = f"{possessive(role('sending'))} legation in {name(role('receiving'))}"
        return f"the raising of {legation} to an embassy"
    if kind in (Kind.ENVOY_APPOINTED, Kind.ENVOY_ACCREDITED) and role("sending"):
        sender = name(role("sending"))
        receiver = name(role("receiving")) if role("receiving") else ""
        if kind is Kind.ENVOY_APPOINTED:
            envoy = f"{person} as envoy of {sender}" if person else f"an envoy of {sender}"
            return f"the appointment of {envoy}" + (f" to {receiver}" if receiver else "")
        envoy = f"{person}, envoy of {sender}," if person else f"an envoy of {sender}"
        return f"the presentation of credentials by {envoy}" + (
            f" in {receiver}" if receiver else ""
        )
    if kind is Kind.RECOGNITION and role("recognizing") and role("recognized"):
        return f"the recognition of {name(role('recognized'))} by {name(role('recognizing'))}"
    if kind is Kind.STATUS_GRANTED and role("granting") and role("granted"):
        return f"the status granted to {name(role('granted'))} by {name(role('granting'))}"
    if kind is Kind.SUMMIT_HOSTED and role("host"):
        return f"the summit hosted by {name(role('host'))}"
    if kind is Kind.CONFERENCE_ATTENDED and role("attending"):
        where = f" hosted by {name(role('host'))}" if role("host") else ""
        return f"the attendance of {name(role('attending'))} at a conference{where}"
    pair = "–".join(parties[c].name if c in parties else c for c in event.parties)  # Peru–X
    template = _BETWEEN.get(kind)
    if template is not None:
        return template.format(pair=pair)
    return f"the {kind.value.replace('-', ' ')} ({pair})"
