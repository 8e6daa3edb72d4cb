"""Titles made from a record's kind, roles and people, for records that have none (the
importers write such records), and for languages a record has no title in. A title is a
noun phrase that reads after "30th anniversary of …" ("30.º aniversario de …"); every
template is a message of the catalogue, so that each language words it as it must
("the opening of Peru's embassy in Viet Nam", "la apertura de la embajada del Perú en
Viet Nam")."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from dipltime.domain.kinds import Kind
from dipltime.domain.model import Event, Party

if TYPE_CHECKING:
    from dipltime.domain.language import Language

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
        "Solomon",
        "Cayman",
        "Duchy",
        "Marshall",
    ]
)
"""First words of names that take "the" in running English ("the United States", "the
Republic of Korea", "the Association of Southeast Asian Nations")."""


def in_a_sentence(name: str) -> str:
    """A party's name as it reads inside a sentence: "the United States", "Peru"."""
    return f"the {name}" if name.split(" ", 1)[0] in _WITH_THE else name


def _templates(_: Callable[[str], str]) -> dict[Kind, str]:
    """The title of each kind whose roles say who did what, in the language of ``_``."""
    # TRANSLATORS: titles of records, each a noun phrase read after "30th anniversary of".
    # {visiting}, {host}, {sending}, {receiving}, … are the parties as named in a sentence
    # ("the United States", "el Perú"); {sending_s} is the English possessive ("Peru's");
    # {who} is a person with their country, or the country alone.
    return {
        Kind.STATE_VISIT: _("the state visit of {who} to {host}"),
        Kind.OFFICIAL_VISIT: _("the official visit of {who} to {host}"),
        Kind.WORKING_VISIT: _("the working visit of {who} to {host}"),
        Kind.MINISTERIAL_VISIT: _("the ministerial visit of {who} to {host}"),
        Kind.EMBASSY_OPENED: _("the opening of {sending_s} embassy in {receiving}"),
        Kind.EMBASSY_CLOSED: _("the closure of {sending_s} embassy in {receiving}"),
        Kind.LEGATION_OPENED: _("the establishment of {sending_s} legation in {receiving}"),
        Kind.LEGATION_CLOSED: _("the closure of {sending_s} legation in {receiving}"),
        Kind.CONSULATE_OPENED: _("the opening of {sending_s} consulate in {receiving}"),
        Kind.CONSULATE_CLOSED: _("the closure of {sending_s} consulate in {receiving}"),
        Kind.LEGATION_ELEVATED: _(
            "the raising of {sending_s} legation in {receiving} to an embassy"
        ),
        Kind.RECOGNITION: _("the recognition of {recognized} by {recognizing}"),
        Kind.STATUS_GRANTED: _("the status granted to {granted} by {granting}"),
        Kind.SUMMIT_HOSTED: _("the summit hosted by {host}"),
    }


def _between(_: Callable[[str], str]) -> dict[Kind, str]:
    """The title of each kind between parties; {pair} is "Peru–Viet Nam", {parties} "el
    Perú y Viet Nam"."""
    return {
        Kind.RELATIONS_ESTABLISHED: _("{pair} diplomatic relations"),
        Kind.RELATIONS_SEVERED: _("the severance of {pair} diplomatic relations"),
        Kind.RELATIONS_SUSPENDED: _("the suspension of {pair} diplomatic relations"),
        Kind.RELATIONS_RESUMED: _("the resumption of {pair} diplomatic relations"),
        Kind.TREATY_SIGNED: _("the signing of a {pair} treaty"),
        Kind.TREATY_IN_FORCE: _("the entry into force of a {pair} treaty"),
        Kind.AGREEMENT_SIGNED: _("the signing of a {pair} agreement"),
        Kind.PARTNERSHIP: _("the {pair} partnership"),
        Kind.JOINT_DECLARATION: _("the {pair} joint declaration"),
        Kind.MINISTERIAL_MEETING: _("a {pair} ministerial meeting"),
        Kind.CONSULTATIONS: _("{pair} consultations"),
        Kind.COOPERATION: _("{pair} cooperation"),
    }


def generated_title(
    event: Event, parties: Mapping[str, Party], lang: Language | None = None
) -> str:
    """A title for ``event`` from its kind, roles and people, in ``lang`` (English)."""
    from dipltime.domain.language import ENGLISH

    lang = lang or ENGLISH
    _ = lang._

    def name(codes: tuple[str, ...]) -> str:
        return lang.and_list([lang.in_a_sentence(parties.get(c), c) for c in codes])

    def possessive(codes: tuple[str, ...]) -> str:
        text = name(codes)
        return text + ("'" if text.endswith("s") else "'s")

    kind, role = event.kind, event.role
    person = event.people[0] if len(event.people) == 1 else ""
    said = {r: name(role(r)) for r, _codes in event.roles}
    if role("sending"):
        said["sending_s"] = possessive(role("sending"))
    if role("visiting"):
        # TRANSLATORS: a visitor and their country: {country} as in a sentence ("the United
        # States"), {country_name} as in a list ("Perú").
        who = _("{person} of {country}") if person else "{country}"
        listed = ", ".join(lang.party(parties.get(c), c) for c in role("visiting"))
        said["who"] = lang.fill(who, person=person, country=said["visiting"], country_name=listed)
    template = _templates(_).get(kind)
    if template is not None:
        try:  # a record that names all the roles its template speaks of
            return lang.fill(template, person=person, **said)
        except KeyError:
            pass
    title = _envoy_or_conference(event, said, person, lang)
    if title:
        return title
    pair = "–".join(lang.party(parties.get(c), c) for c in event.parties)  # Peru–X
    between = _between(_).get(kind)
    if between is not None:
        return lang.fill(between, pair=pair, parties=name(event.parties))
    return f"{_kind_phrases(lang.p_)[kind]} ({pair})"


def _kind_phrases(p_: Callable[[str, str], str]) -> dict[Kind, str]:
    """Each kind as a noun phrase, for a record that names no roles: "the recognition"."""
    # TRANSLATORS: each kind of act as a noun phrase with its article; a title is this
    # phrase followed by the parties, "the recognition (Peru–United States)".
    return {
        Kind.RECOGNITION: p_("kind-phrase", "the recognition"),
        Kind.RELATIONS_ESTABLISHED: p_("kind-phrase", "the establishment of relations"),
        Kind.RELATIONS_SUSPENDED: p_("kind-phrase", "the suspension of relations"),
        Kind.RELATIONS_SEVERED: p_("kind-phrase", "the severance of relations"),
        Kind.RELATIONS_RESUMED: p_("kind-phrase", "the resumption of relations"),
        Kind.TREATY_SIGNED: p_("kind-phrase", "the signing of a treaty"),
        Kind.TREATY_IN_FORCE: p_("kind-phrase", "the entry into force of a treaty"),
        Kind.AGREEMENT_SIGNED: p_("kind-phrase", "the signing of an agreement"),
        Kind.PARTNERSHIP: p_("kind-phrase", "the partnership"),
        Kind.JOINT_DECLARATION: p_("kind-phrase", "the joint declaration"),
        Kind.STATUS_GRANTED: p_("kind-phrase", "the granting of a status"),
        Kind.ENVOY_APPOINTED: p_("kind-phrase", "the appointment of an envoy"),
        Kind.ENVOY_ACCREDITED: p_("kind-phrase", "the presentation of credentials"),
        Kind.LEGATION_OPENED: p_("kind-phrase", "the establishment of a legation"),
        Kind.LEGATION_ELEVATED: p_("kind-phrase", "the raising of a legation to an embassy"),
        Kind.LEGATION_CLOSED: p_("kind-phrase", "the closure of a legation"),
        Kind.EMBASSY_OPENED: p_("kind-phrase", "the opening of an embassy"),
        Kind.EMBASSY_CLOSED: p_("kind-phrase", "the closure of an embassy"),
        Kind.CONSULATE_OPENED: p_("kind-phrase", "the opening of a consulate"),
        Kind.CONSULATE_CLOSED: p_("kind-phrase", "the closure of a consulate"),
        Kind.STATE_VISIT: p_("kind-phrase", "the state visit"),
        Kind.OFFICIAL_VISIT: p_("kind-phrase", "the official visit"),
        Kind.WORKING_VISIT: p_("kind-phrase", "the working visit"),
        Kind.MINISTERIAL_VISIT: p_("kind-phrase", "the ministerial visit"),
        Kind.SUMMIT_HOSTED: p_("kind-phrase", "the summit hosted"),
        Kind.CONFERENCE_ATTENDED: p_("kind-phrase", "the attendance at a conference"),
        Kind.MINISTERIAL_MEETING: p_("kind-phrase", "the ministerial meeting"),
        Kind.CONSULTATIONS: p_("kind-phrase", "the consultations"),
        Kind.COOPERATION: p_("kind-phrase", "the cooperation"),
    }


def _envoy_or_conference(event: Event, said: Mapping[str, str], person: str, lang: Language) -> str:
    """The titles whose wording depends on which roles and people a record names."""
    _ = lang._
    kind = event.kind
    if kind is Kind.ENVOY_APPOINTED and "sending" in said:
        if person:
            template = (
                _("the appointment of {person} as envoy of {sending} to {receiving}")
                if "receiving" in said
                else _("the appointment of {person} as envoy of {sending}")
            )
        elif "receiving" in said:
            template = _("the appointment of an envoy of {sending} to {receiving}")
        else:
            template = _("the appointment of an envoy of {sending}")
        return lang.fill(template, person=person, **said)
    if kind is Kind.ENVOY_ACCREDITED and "sending" in said:
        if person:
            template = (
                _("the presentation of credentials by {person}, envoy of {sending}, in {receiving}")
                if "receiving" in said
                else _("the presentation of credentials by {person}, envoy of {sending}")
            )
        elif "receiving" in said:
            template = _("the presentation of credentials by an envoy of {sending} in {receiving}")
        else:
            template = _("the presentation of credentials by an envoy of {sending}")
        return lang.fill(template, person=person, **said)
    if kind is Kind.CONFERENCE_ATTENDED and "attending" in said:
        if person:
            template = (
                _("the attendance of {person} of {attending} at a conference hosted by {host}")
                if "host" in said
                else _("the attendance of {person} of {attending} at a conference")
            )
        else:
            template = (
                _("the attendance of {attending} at a conference hosted by {host}")
                if "host" in said
                else _("the attendance of {attending} at a conference")
            )
        return lang.fill(template, person=person, **said)
    return ""
