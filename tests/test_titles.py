"""Titles made from kind, roles and people (domain/titles.py), for records that have none:
each reads after "30th anniversary of …" and says who did what to whom."""

from __future__ import annotations

import pytest

from dipltime.domain.kinds import KINDS, Kind
from dipltime.domain.model import Party
from dipltime.domain.titles import generated_title
from helpers import make_event

PARTIES = {
    "PER": Party("PER", "Peru"),
    "VNM": Party("VNM", "Viet Nam"),
    "USA": Party("USA", "United States"),
    "ASEAN": Party("ASEAN", "Association of Southeast Asian Nations"),
}


@pytest.mark.parametrize(
    ("kind", "roles", "people", "title"),
    [
        (
            Kind.OFFICIAL_VISIT,
            {"visiting": ("VNM",), "host": ("PER",)},
            ("Lương Cường",),
            "the official visit of Lương Cường of Viet Nam to Peru",
        ),
        (
            Kind.STATE_VISIT,
            {"visiting": ("PER",), "host": ("VNM",)},
            (),
            "the state visit of Peru to Viet Nam",
        ),
        (
            Kind.EMBASSY_OPENED,
            {"sending": ("PER",), "receiving": ("VNM",)},
            (),
            "the opening of Peru's embassy in Viet Nam",
        ),
        (
            Kind.LEGATION_CLOSED,
            {"sending": ("USA",), "receiving": ("PER",)},
            (),
            "the closure of the United States' legation in Peru",
        ),
        (
            Kind.LEGATION_ELEVATED,
            {"sending": ("USA",), "receiving": ("PER",)},
            (),
            "the raising of the United States' legation in Peru to an embassy",
        ),
        (
            Kind.RECOGNITION,
            {"recognizing": ("USA",), "recognized": ("PER",)},
            (),
            "the recognition of Peru by the United States",
        ),
        (
            Kind.ENVOY_ACCREDITED,
            {"sending": ("USA",), "receiving": ("PER",)},
            ("James Cooley",),
            "the presentation of credentials by James Cooley, envoy of the United States, in Peru",
        ),
        (
            Kind.ENVOY_APPOINTED,
            {"sending": ("USA",), "receiving": ("PER",)},
            (),
            "the appointment of an envoy of the United States to Peru",
        ),
        (
            Kind.STATUS_GRANTED,
            {"granting": ("ASEAN",), "granted": ("PER",)},
            (),
            "the status granted to Peru by the Association of Southeast Asian Nations",
        ),
        (Kind.RELATIONS_ESTABLISHED, {}, (), "Peru–Viet Nam diplomatic relations"),
        (Kind.RELATIONS_SEVERED, {}, (), "the severance of Peru–Viet Nam diplomatic relations"),
        (Kind.TREATY_IN_FORCE, {}, (), "the entry into force of a Peru–Viet Nam treaty"),
    ],
)
def test_a_title_says_who_did_what_to_whom(kind, roles, people, title):
    parties = tuple(dict.fromkeys(("PER", *(c for codes in roles.values() for c in codes), "VNM")))
    if kind in (Kind.RELATIONS_ESTABLISHED, Kind.RELATIONS_SEVERED, Kind.TREATY_IN_FORCE):
        parties = ("PER", "VNM")
    event = make_event(
        "x", "1994-11-14", kind=kind, parties=parties, people=people, roles=tuple(roles.items())
    )
    assert generated_title(event, PARTIES) == title


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_has_a_title_without_roles_or_people(kind):
    event = make_event("x", "1994-11-14", kind=kind, parties=("PER", "VNM"))
    title = generated_title(event, PARTIES)
    assert title and not title.endswith(".") and "Peru" in title, (kind, title)
    assert KINDS[kind].label  # every kind reads in words
