"""Property-based tests: whatever comes in, dipltime answers with data or its own error.

Profiles in conftest.py: under CI=true every test runs 500 derandomized
examples without a deadline.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from dipltime.domain.core import occurrence
from dipltime.domain.dates import PartialDate
from dipltime.domain.model import Collection, Event, Party, Source
from dipltime.errors import DataError
from dipltime.outputs.ics import (
    ExportOptions,
    build_calendar,
    describe,
    instance_notes,
    instance_summary,
)
from dipltime.store.legacy import LEGACY_KINDS
from dipltime.store.loading import load_collection
from dipltime.store.yamlsafe import parse_yaml
from helpers import PARTIES_YAML

SCHEMA_1_KINDS = [kind for name, kind in LEGACY_KINDS.items() if kind.value == name]
"""The kinds schema 1 (what these records are written in) reads as themselves."""

PARTIES = {
    "PER": Party("PER", "Peru"),
    "VNM": Party("VNM", "Viet Nam"),
    "NER": Party("NER", "Niger"),
    "NGA": Party("NGA", "Nigeria"),
}

# Text a record may hold: any Unicode but controls, surrogates, line separators, format
# characters (bidirectional marks, zero-width and tag characters) and the letters and marks
# that show nothing (Hangul fillers, the combining grapheme joiner).
_TEXT_CHARS = st.characters(
    blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"),
    blacklist_characters="\u034f\u115f\u1160\u3164\uffa0",
)
line_text = st.text(_TEXT_CHARS, min_size=1, max_size=60).map(str.strip).filter(bool)


# --- the loader and the validator never fail with anything but DataError ---------------------


@given(st.binary(max_size=3000))
def test_any_bytes_give_a_document_or_a_data_error(data):
    try:
        parse_yaml(data, "fuzz.yaml")
    except DataError as exc:
        assert exc.problems and exc.problems[0].path == "fuzz.yaml"


# Keys without C0/C1 controls: PyYAML's emitter writes a raw NEL inside quotes, which YAML
# itself folds to a space (safe_load reads it back as " " too).
_keys = st.text(
    st.characters(min_codepoint=32, max_codepoint=0x2FF, blacklist_categories=("Cc",)),
    min_size=1,
    max_size=12,
)
_trees = st.recursive(
    st.text(_TEXT_CHARS, max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(_keys.filter(lambda k: k != "<<"), children, max_size=4)
    ),
    max_leaves=20,
)


@given(_trees)
def test_any_yaml_tree_of_text_comes_back_as_the_same_strings(tree):
    dumped = yaml.safe_dump(tree, allow_unicode=True).encode("utf-8")
    assert parse_yaml(dumped, "tree.yaml").data == tree


_FIELDS = [
    "id",
    "date",
    "end",
    "date_basis",
    "date_note",
    "title",
    "summary",
    "kind",
    "parties",
    "places",
    "people",
    "tags",
    "sources",
    "notes",
    "revised",
    "colour",
]
_values: st.SearchStrategy[Any] = st.one_of(
    st.text(max_size=30),
    st.lists(st.text(max_size=10), max_size=3),
    st.sampled_from(
        [
            "1994-11-14",
            "2012-09",
            "1826",
            "2023-02-30",
            "PER",
            "VNM",
            "inferred",
            "relations-established",
            "not stated",
        ]
    ),
    st.lists(
        st.dictionaries(
            st.sampled_from(["publisher", "title", "date", "x"]), st.text(max_size=10), max_size=4
        ),
        max_size=2,
    ),
)


@given(st.lists(st.dictionaries(st.sampled_from(_FIELDS), _values, max_size=12), max_size=4))
def test_any_records_give_events_or_a_data_error(records):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "parties.yaml").write_text(PARTIES_YAML, encoding="utf-8")
        (folder / "fuzz.yaml").write_text(
            yaml.safe_dump(records, allow_unicode=True), encoding="utf-8"
        )
        try:
            collection = load_collection(folder)
        except DataError as exc:
            assert exc.problems and all(p.message for p in exc.problems)
        else:
            assert len(collection.events) == len(records)


# --- round trips ----------------------------------------------------------------------------


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    day = draw(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9000, 12, 31)))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    if precision == "year":
        return PartialDate(day.year)
    if precision == "month":
        return PartialDate(day.year, day.month)
    return PartialDate(day.year, day.month, day.day)


@st.composite
def events(draw: st.DrawFn) -> Event:
    import unicodedata

    def text(strategy: st.SearchStrategy[str]) -> str:
        return unicodedata.normalize("NFC", draw(strategy)).strip() or "x"

    date = draw(partial_dates())
    end = None
    if date.day and draw(st.booleans()):
        last = date.as_date() + dt.timedelta(days=draw(st.integers(1, 40)))
        if last.year <= 9000:
            end = PartialDate(last.year, last.month, last.day)
    inferred = draw(st.booleans())
    return Event(
        id=draw(st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)),
        date=date,
        end=end,
        mark="?" if inferred else "",
        date_note=text(line_text) if inferred else "",
        title=text(line_text),
        summary=text(line_text),
        kind=draw(st.sampled_from(SCHEMA_1_KINDS)),
        parties=tuple(
            draw(st.lists(st.sampled_from(sorted(PARTIES)), min_size=1, max_size=4, unique=True))
        ),
        places=tuple(
            draw(
                st.lists(
                    line_text.map(lambda t: unicodedata.normalize("NFC", t)),
                    max_size=2,
                    unique=True,
                )
            )
        ),
        people=(),
        tags=tuple(
            draw(st.lists(st.from_regex(r"[a-z]{1,6}", fullmatch=True), max_size=2, unique=True))
        ),
        sources=(Source(publisher=text(line_text), title=text(line_text), date="not stated"),),
        notes=text(line_text) if draw(st.booleans()) else "",
    )


def _as_record(event: Event) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": event.id,
        "date": event.date.iso(),
        "title": event.title,
        "summary": event.summary,
        "kind": event.kind.value,
        "parties": list(event.parties),
        "places": list(event.places),
        "tags": list(event.tags),
        "sources": [
            {"publisher": s.publisher, "title": s.title, "date": s.date} for s in event.sources
        ],
        "date_basis": "inferred" if event.inferred else "stated",
    }
    if event.end:
        record["end"] = event.end.iso()
    if event.date_note:
        record["date_note"] = event.date_note
    if event.notes:
        record["notes"] = event.notes
    return record


@given(events())
def test_any_valid_record_written_to_yaml_reads_back_the_same(event):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "parties.yaml").write_text(PARTIES_YAML, encoding="utf-8")
        (folder / "one.yaml").write_text(
            yaml.safe_dump([_as_record(event)], allow_unicode=True), encoding="utf-8"
        )
        (loaded,) = load_collection(folder).events
    assert loaded.path.endswith("one.yaml") and loaded.line == 1
    assert loaded == event._replace(path=loaded.path, line=1, id_line=loaded.id_line)


@given(events(), st.integers(1, 300))
def test_any_valid_event_exported_keeps_its_text_and_dates(event, years_later):
    year = event.date.year + years_later
    if year > 9998:
        year = 9998
    collection = Collection((event,), PARTIES)
    options = ExportOptions(years=range(year, year + 1), undated=True)
    cal = Calendar.from_ical(build_calendar((event,), collection, options).data)
    (exported,) = cal.walk("VEVENT")
    occ = occurrence(event, year)
    assert str(exported["summary"]) == instance_summary(occ)
    assert str(exported["description"]) == describe(event, collection, instance_notes(occ))
    if occ.observed is not None:
        assert exported["dtstart"].dt == occ.observed
        assert exported["dtend"].dt == (occ.observed_end or occ.observed) + dt.timedelta(days=1)
    else:
        assert exported["dtstart"].dt == dt.date(year, event.date.month or 1, 1)


def _reference_fold(text: str) -> str:
    """fold() the slow, obvious way: every combining mark checked one by one, invisibles
    dropped."""
    import re
    import unicodedata

    from dipltime.domain.text import _UNDECOMPOSED

    # Invisible characters (soft hyphen, zero-width space and joiners …) are dropped.
    visible = re.sub("[\u00ad\u034f\u180e\u200b-\u200d\u2060-\u2064\ufeff]", "", text.casefold())
    decomposed = unicodedata.normalize("NFKD", visible.translate(_UNDECOMPOSED))
    # A mark: what Unicode says combines, or a code point not yet assigned in one of the
    # blocks of combining marks that fold() strips whole (a mark of a later Unicode).
    blocks = (
        (0x0300, 0x036F),
        (0x1AB0, 0x1AFF),
        (0x1DC0, 0x1DFF),
        (0x20D0, 0x20FF),
        (0xFE20, 0xFE2F),
    )
    stripped = "".join(
        ch
        for ch in decomposed
        if not unicodedata.combining(ch)
        and not (unicodedata.category(ch) == "Cn" and any(lo <= ord(ch) <= hi for lo, hi in blocks))
    )
    return " ".join(re.sub(r"[\u2010-\u2015\-]", " ", stripped).split())


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_the_fast_fold_equals_the_obvious_one(text):
    from dipltime.domain.text import fold

    assert fold(text) == _reference_fold(text)
