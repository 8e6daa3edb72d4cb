"""The closed vocabularies of a record: what kind of act it is, whether such acts are
celebrated, which roles their parties can play, and how sure a record is.

Documented for users in ``docs/records.md`` (a test keeps the two in step).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, NamedTuple

from dipltime.i18n import N_


class Kind(StrEnum):
    """What kind of diplomatic act an event is (a closed vocabulary)."""

    RECOGNITION = "recognition"
    RELATIONS_ESTABLISHED = "relations-established"
    RELATIONS_SUSPENDED = "relations-suspended"
    RELATIONS_SEVERED = "relations-severed"
    RELATIONS_RESUMED = "relations-resumed"
    TREATY_SIGNED = "treaty-signed"
    TREATY_IN_FORCE = "treaty-in-force"
    AGREEMENT_SIGNED = "agreement-signed"
    PARTNERSHIP = "partnership"
    JOINT_DECLARATION = "joint-declaration"
    STATUS_GRANTED = "status-granted"
    ENVOY_APPOINTED = "envoy-appointed"
    ENVOY_ACCREDITED = "envoy-accredited"
    LEGATION_OPENED = "legation-opened"
    LEGATION_ELEVATED = "legation-elevated"
    LEGATION_CLOSED = "legation-closed"
    EMBASSY_OPENED = "embassy-opened"
    EMBASSY_CLOSED = "embassy-closed"
    CONSULATE_OPENED = "consulate-opened"
    CONSULATE_CLOSED = "consulate-closed"
    STATE_VISIT = "state-visit"
    OFFICIAL_VISIT = "official-visit"
    WORKING_VISIT = "working-visit"
    MINISTERIAL_VISIT = "ministerial-visit"
    SUMMIT_HOSTED = "summit-hosted"
    CONFERENCE_ATTENDED = "conference-attended"
    MINISTERIAL_MEETING = "ministerial-meeting"
    CONSULTATIONS = "consultations"
    COOPERATION = "cooperation"


class KindInfo(NamedTuple):
    """How a kind reads, whether its round anniversaries are celebrated, the roles its
    parties can play, and what it opens or closes in a lifecycle."""

    label: str
    celebrated: bool
    description: str
    roles: tuple[str, ...] = ()
    opens: str = ""
    """What such an act starts, that a later record can end: relations, a treaty, a
    legation, an embassy, a consulate."""
    closes: str = ""
    """What such an act ends (its ``ends: ID`` names the act that opened it)."""


_VISIT = ("visiting", "host")
_POST = ("sending", "receiving")
_TREATY = ("signatories", "depositary")

# Whose round anniversaries are milestones. Foundational acts are celebrated
# (DOMAIN.md: relations, recognition, treaties, partnerships, first embassies, state
# visits); closures, severances and suspensions are remembered, never toasted; routine
# visits, meetings and consultations recur too often to be jubilees.
KINDS: dict[Kind, KindInfo] = {
    Kind.RECOGNITION: KindInfo(
        N_("recognition"), True, "one state recognises another", ("recognizing", "recognized")
    ),
    Kind.RELATIONS_ESTABLISHED: KindInfo(
        N_("relations established"), True, "diplomatic relations are established", opens="relations"
    ),
    Kind.RELATIONS_SUSPENDED: KindInfo(
        N_("relations suspended"), False, "relations are suspended", closes="relations"
    ),
    Kind.RELATIONS_SEVERED: KindInfo(
        N_("relations severed"), False, "relations are broken off", closes="relations"
    ),
    Kind.RELATIONS_RESUMED: KindInfo(
        N_("relations resumed"), True, "relations broken off are restored", opens="relations"
    ),
    Kind.TREATY_SIGNED: KindInfo(
        N_("treaty signed"), True, "a treaty is signed", _TREATY, "treaty"
    ),
    Kind.TREATY_IN_FORCE: KindInfo(
        N_("treaty in force"), True, "a treaty enters into force", _TREATY, "treaty", "treaty"
    ),
    Kind.AGREEMENT_SIGNED: KindInfo(
        N_("agreement signed"),
        True,
        "an agreement or memorandum below treaty level is signed",
        _TREATY,
        "treaty",
    ),
    Kind.PARTNERSHIP: KindInfo(
        N_("partnership"), True, "a strategic or comprehensive partnership is announced or agreed"
    ),
    Kind.JOINT_DECLARATION: KindInfo(
        N_("joint declaration"), True, "the parties issue a joint declaration or statement"
    ),
    Kind.STATUS_GRANTED: KindInfo(
        N_("status granted"),
        True,
        "an organisation grants a status (observer, partner, member)",
        ("granting", "granted"),
    ),
    Kind.ENVOY_APPOINTED: KindInfo(
        N_("envoy appointed"), False, "a consul, chargé, minister or ambassador is appointed", _POST
    ),
    Kind.ENVOY_ACCREDITED: KindInfo(
        N_("envoy accredited"), True, "an envoy presents credentials and is received", _POST
    ),
    Kind.LEGATION_OPENED: KindInfo(
        N_("legation opened"), True, "a legation is established", _POST, "legation"
    ),
    Kind.LEGATION_ELEVATED: KindInfo(
        N_("legation raised to embassy"),
        True,
        "a legation is raised to an embassy",
        _POST,
        opens="embassy",
        closes="legation",
    ),
    Kind.LEGATION_CLOSED: KindInfo(
        N_("legation closed"), False, "a legation is closed", _POST, closes="legation"
    ),
    Kind.EMBASSY_OPENED: KindInfo(
        N_("embassy opened"), True, "an embassy is opened or reopened", _POST, "embassy"
    ),
    Kind.EMBASSY_CLOSED: KindInfo(
        N_("embassy closed"), False, "an embassy is closed", _POST, closes="embassy"
    ),
    Kind.CONSULATE_OPENED: KindInfo(
        N_("consulate opened"), True, "a consulate is opened", _POST, "consulate"
    ),
    Kind.CONSULATE_CLOSED: KindInfo(
        N_("consulate closed"), False, "a consulate is closed", _POST, closes="consulate"
    ),
    Kind.STATE_VISIT: KindInfo(
        N_("state visit"), True, "a head of state pays a state visit", _VISIT
    ),
    Kind.OFFICIAL_VISIT: KindInfo(
        N_("official visit"), False, "a head of state or government pays an official visit", _VISIT
    ),
    Kind.WORKING_VISIT: KindInfo(
        N_("working visit"),
        False,
        "a head of state or government pays a working or private visit",
        _VISIT,
    ),
    Kind.MINISTERIAL_VISIT: KindInfo(
        N_("ministerial visit"), False, "a minister or other official visits", _VISIT
    ),
    Kind.SUMMIT_HOSTED: KindInfo(
        N_("summit hosted"), True, "a summit or multilateral conference is hosted", ("host",)
    ),
    Kind.CONFERENCE_ATTENDED: KindInfo(
        N_("conference attended"),
        False,
        "a party takes part in a multilateral conference",
        ("attending", "host"),
    ),
    Kind.MINISTERIAL_MEETING: KindInfo(
        N_("ministerial meeting"),
        False,
        "ministers or leaders meet, often on the sidelines of a forum",
        ("host",),
    ),
    Kind.CONSULTATIONS: KindInfo(
        N_("consultations"),
        False,
        "a session of a bilateral consultation or working mechanism",
        ("host",),
    ),
    Kind.COOPERATION: KindInfo(N_("cooperation"), False, "a cooperation programme is set up"),
}


def a_kind(kind: Kind) -> str:
    """A kind's label with its article, for messages: "an embassy closed", "a state visit"."""
    label = KINDS[kind].label
    return ("an " if label[0] in "aeiou" else "a ") + label


BY_ROLES = frozenset({"recognizing", "sending", "visiting", "granting", "attending"})
"""The roles ``--by PARTY`` selects: the party that acts."""
TO_ROLES = frozenset({"recognized", "receiving", "host", "granted"})
"""The roles ``--to PARTY`` selects: the party the act is directed to, or that hosts it."""
ROLE_NAMES = (
    "recognizing", "recognized", "sending", "receiving", "visiting", "host",
    "granting", "granted", "attending", "signatories", "depositary",
)  # fmt: skip
"""Every role, in the order ``show`` lists them."""


Certainty = Literal["certain", "doubtful", "disputed"]
"""How sure a record is that the act happened as it says: ``doubtful`` (a source says
it, but there is reason to doubt it) and ``disputed`` (sources or historians disagree)
come with a ``certainty_note`` saying why. Plain text, not an enum: every command
loads this module, and an enum class costs its start-up a few tenths of a millisecond."""
CERTAINTIES: tuple[str, ...] = ("certain", "doubtful", "disputed")
CountsFrom = Literal["original", "resumption"]
"""Where the count of relations restored after a break starts: from the relations first
established (``original``), or from the resumption (``resumption``)."""
COUNTS_FROM: tuple[str, ...] = ("original", "resumption")
