"""The pydantic models at the validation boundary: documented, strict, closed vocabularies."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from dipltime.domain.model import KINDS, Kind
from dipltime.store.legacy import LegacyEventModel as EventModel
from dipltime.store.legacy import LegacySourceModel
from dipltime.store.registries import PartyModel, SourceModel
from dipltime.store.schema import EventModel as RecordModel

RECORD = {
    "id": "per-vnm",
    "date": "1994-11-14",
    "title": "Peru–Viet Nam diplomatic relations",
    "summary": "s",
    "kind": "relations-established",
    "parties": ["PER", "VNM"],
    "sources": [{"publisher": "VNS", "title": "not stated", "date": "not stated"}],
}


@pytest.mark.parametrize(
    "model", [RecordModel, SourceModel, PartyModel, EventModel, LegacySourceModel]
)
def test_every_field_is_documented_in_the_json_schema(model):
    schema = model.model_json_schema()
    for name, spec in schema["properties"].items():
        assert spec.get("description"), f"{model.__name__}.{name} has no docstring"


def test_every_kind_has_a_label_and_a_celebration_rule():
    assert set(KINDS) == set(Kind)
    assert not KINDS[Kind.EMBASSY_CLOSED].celebrated
    assert not KINDS[Kind.RELATIONS_SEVERED].celebrated
    assert KINDS[Kind.RELATIONS_ESTABLISHED].celebrated


def test_a_valid_record_parses_its_dates():
    model = EventModel.model_validate(RECORD)
    assert model.date.iso() == "1994-11-14"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date": "1994-11-14 "}, "date"),
        ({"end": "1994-11-14"}, "end"),  # an end equal to the date is not a span
        ({"parties": ["PER", "PER"]}, "parties"),
        ({"parties": []}, "parties"),
        ({"parties": ["per"]}, "parties"),
        ({"title": " leading space"}, "title"),
        ({"title": "two\nlines"}, "title"),
        ({"places": ["Lima", "Lima"]}, "places"),
        ({"date_basis": "guessed"}, "date_basis"),
        ({"id": "Per_VNM"}, "id"),
    ],
)
def test_strict_fields_refuse_what_they_should(change, field):
    with pytest.raises(ValidationError) as info:
        EventModel.model_validate({**RECORD, **change})
    assert info.value.errors()[0]["loc"][0] == field


def test_a_summary_may_span_lines_but_not_hold_controls():
    assert EventModel.model_validate({**RECORD, "summary": "one\ntwo"}).summary == "one\ntwo"
    with pytest.raises(ValidationError):
        EventModel.model_validate({**RECORD, "summary": "bell\x07"})


def test_a_party_that_no_longer_exists_can_be_registered():
    party = PartyModel.model_validate(
        {"code": "YUG", "name": "Yugoslavia", "existed": "1918–1992", "type": "state"}
    )
    assert party.existed == "1918–1992"
