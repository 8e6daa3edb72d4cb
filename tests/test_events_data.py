"""The bundled ``events/`` folder: valid, complete, and true to its sources.

The table below was checked twice, date by date, against the seed documents;
a change to a date, its precision, how it was obtained, its kind or its parties
must change this table too, on purpose.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from dipltime.domain.core import anniversaries, events_on
from dipltime.domain.text import fold
from dipltime.store.loading import load_collection
from helpers import EVENTS, SEEDS

COLLECTION = load_collection(EVENTS)
BY_ID = {e.id: e for e in COLLECTION.events}
SEED_NAMES = {
    "000_59c8fef606e56d50.txt",
    "001_fcfd881d551002b8.txt",
    "002_6ca1a91e3ac8c8ab.txt",
    "003_2b0995dabadbd2d5.txt",
    "004_26350e17c78c9bd7.txt",
}

# id, date as written, end, how the date was obtained, kind, parties
EXPECTED = [
    ("usa-1824-first-consul", "1824", None, "stated", "envoy-accredited", "PER USA"),
    ("usa-1826-recognition", "1826", None, "stated", "recognition", "PER USA"),
    ("mex-1832-11-16-relations", "1832-11-16", None, "stated", "relations-established", "PER MEX"),
    (
        "usa-1846-first-minister-plenipotentiary",
        "1846",
        None,
        "stated",
        "envoy-accredited",
        "PER USA",
    ),
    ("nzl-1850-treaty-of-friendship", "1850", None, "stated", "treaty-signed", "PER NZL"),
    ("can-1944-first-ambassador", "1944", None, "stated", "envoy-accredited", "PER CAN"),
    ("kor-1963-04-01-relations", "1963-04-01", None, "stated", "relations-established", "PER KOR"),
    ("chn-1971-relations", "1971", None, "inferred", "relations-established", "PER CHN"),
    ("nzl-1972-relations", "1972", None, "stated", "relations-established", "PER NZL"),
    ("nzl-1990-embassy-in-lima-closed", "1990", None, "stated", "embassy-closed", "PER NZL"),
    ("vnm-1994-11-14-relations", "1994-11-14", None, "stated", "relations-established", "PER VNM"),
    ("nzl-1995-peruvian-embassy-reopened", "1995", None, "stated", "embassy-opened", "PER NZL"),
    ("aus-1996-embassy-in-lima-closed", "1996", None, "stated", "embassy-closed", "PER AUS"),
    ("usa-2002-03-bush-visit", "2002-03", None, "stated", "state-visit", "PER USA"),
    ("nzl-2005-elto-cooperation", "2005", None, "stated", "cooperation", "PER NZL"),
    (
        "unasur-2008-05-23-constitutive-treaty",
        "2008-05-23",
        None,
        "stated",
        "treaty-signed",
        "PER UNASUR",
    ),
    ("aus-2010-embassy-in-lima-reestablished", "2010", None, "stated", "embassy-opened", "PER AUS"),
    ("nzl-2010-peruvian-embassy-closed", "2010", None, "stated", "embassy-closed", "PER NZL"),
    ("kor-2011-08-fta-in-force", "2011-08", None, "stated", "treaty-in-force", "PER KOR"),
    ("kor-2012-09-strategic-partnership", "2012-09", None, "stated", "partnership", "PER KOR"),
    (
        "aspa-2012-10-third-forum-hosted",
        "2012-10-01",
        "2012-10-02",
        "stated",
        "summit-hosted",
        "PER ASPA",
    ),
    ("aus-2012-12-political-consultations", "2012-12", None, "stated", "consultations", "PER AUS"),
    (
        "chn-2013-04-06-strategic-partnership",
        "2013-04-06",
        None,
        "stated",
        "partnership",
        "PER CHN",
    ),
    (
        "kor-2013-09-26-foreign-ministers-meeting",
        "2013-09-26",
        None,
        "inferred",
        "ministerial-meeting",
        "PER KOR",
    ),
    ("aus-2014-12-ministers-at-cop20", "2014-12", None, "stated", "official-visit", "PER AUS"),
    ("aus-2015-01-speaker-visit", "2015-01", None, "stated", "official-visit", "PER AUS"),
    (
        "aus-2015-03-environment-minister-visit",
        "2015-03",
        None,
        "stated",
        "official-visit",
        "PER AUS",
    ),
    ("chn-2016-president-state-visit", "2016", None, "inferred", "state-visit", "PER CHN"),
    ("can-2016-09-consultation-mechanism", "2016-09", None, "stated", "consultations", "PER CAN"),
    ("chn-2016-09-kuczynski-state-visit", "2016-09", None, "stated", "state-visit", "PER CHN"),
    (
        "chn-2016-10-05-foreign-minister-visit",
        "2016-10-05",
        None,
        "inferred",
        "official-visit",
        "PER CHN",
    ),
    (
        "mex-2016-10-security-technical-meeting",
        "2016-10-05",
        "2016-10-06",
        "stated",
        "consultations",
        "PER MEX",
    ),
    (
        "vnm-2016-11-18-cultural-cooperation-agreement",
        "2016-11-18",
        None,
        "stated",
        "agreement-signed",
        "PER VNM",
    ),
    (
        "asean-2024-01-29-development-partner",
        "2024-01-29",
        None,
        "stated",
        "status-granted",
        "PER ASEAN",
    ),
    (
        "vnm-2024-10-03-political-consultation",
        "2024-10-03",
        None,
        "stated",
        "consultations",
        "PER VNM",
    ),
    ("apec-2024-11-leaders-week-lima", "2024-11", None, "stated", "summit-hosted", "PER APEC"),
    (
        "vnm-2024-11-state-president-official-visit",
        "2024-11-12",
        "2024-11-14",
        "inferred",
        "state-visit",
        "PER VNM",
    ),
    (
        "vnm-2024-11-13-joint-declaration",
        "2024-11-13",
        None,
        "inferred",
        "joint-declaration",
        "PER VNM",
    ),
    (
        "asean-2025-06-04-schialer-kao-kim-hourn-meeting",
        "2025-06-04",
        None,
        "inferred",
        "ministerial-meeting",
        "PER ASEAN",
    ),
]


def test_the_bundled_collection_holds_exactly_the_checked_records_in_order():
    actual = [
        (
            e.id,
            e.date.iso(),
            e.end.iso() if e.end else None,
            "inferred" if e.inferred else "stated",
            e.kind.value,
            " ".join(e.parties),
        )
        for e in COLLECTION.events
    ]
    assert actual == EXPECTED


def test_every_record_lists_peru_among_its_parties():
    assert all("PER" in e.parties for e in COLLECTION.events)


def test_every_source_names_a_seed_document():
    for event in COLLECTION.events:
        for source in event.sources:
            assert source.document in SEED_NAMES, event.id


def test_every_inferred_date_says_how_it_was_obtained():
    for event in COLLECTION.events:
        if event.inferred:
            assert len(event.date_note) > 40, event.id


def test_titles_read_after_nth_anniversary_of():
    for event in COLLECTION.events:
        assert not event.title.endswith("."), event.id
        assert event.title[0].islower() or event.title.split()[0] in {
            "Peru–Viet",
            "Peru–China",
            "Peru–Republic",
            "Peru–New",
            "Peru–Mexico",
            "United",
            "President",
            "Peru's",
        }, event.title


def test_the_30th_anniversary_of_peru_viet_nam_relations_falls_on_14_november_2024():
    found = {o.event.id: o for o in events_on(COLLECTION.events, 11, 14, 2024)}
    relations = found["vnm-1994-11-14-relations"]
    assert (relations.anniversary, relations.milestone) == (30, True)
    assert set(found) == {"vnm-1994-11-14-relations", "vnm-2024-11-state-president-official-visit"}


def test_2026_is_the_bicentenary_of_united_states_recognition():
    found = {o.event.id: o for o in anniversaries(COLLECTION.events, 2026)}
    recognition = found["usa-1826-recognition"]
    assert (recognition.anniversary, recognition.jubilee) == (200, "bicentenary")


def test_the_dated_days_appear_in_their_sources():
    """Each stated day is written in a cited source, in one of the forms the sources use."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS}")
    months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    for event in COLLECTION.events:
        if event.date.precision.value != "day" or event.inferred:
            continue
        text = " ".join((SEEDS / s.document).read_text(encoding="utf-8") for s in event.sources)
        d, m, y = event.date.day, months[event.date.month - 1], event.date.year
        forms = [
            rf"{m} {d}(st|nd|rd|th)?,? {y}",
            rf"{d}(st|nd|rd|th)? {m},? {y}",
            rf"{m} {d}(st|nd|rd|th)?,? (and \d+, )?{y}",
            rf"on {d}(st)? and \d+(nd)? {m} {y}",
            rf"{m} {d}, {y}",
        ]
        assert any(re.search(f, text) for f in forms), f"{event.id}: {d} {m} {y} not in sources"


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Folded words, each with whether it is written as a name (capital or digit first)."""
    return [(fold(w), w[0].isupper() or w[0].isdigit()) for w in re.findall(r"[^\W_]+", text)]


def test_summaries_are_our_own_words():
    """No summary shares a run of eight words with the documents it cites.

    Runs that are mostly names ("Viet Nam's Ministry of Culture, Sports and
    Tourism") are names, not copied prose, and are allowed.
    """
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS}")
    for event in COLLECTION.events:
        source_words: list[str] = []
        for source in event.sources:
            text = (SEEDS / source.document).read_text(encoding="utf-8")
            source_words += [w for w, _ in _tokens(text)]
        grams = {tuple(source_words[i : i + 8]) for i in range(len(source_words) - 7)}
        summary = _tokens(event.summary)
        copied = [
            " ".join(w for w, _ in run)
            for run in (summary[i : i + 8] for i in range(len(summary) - 7))
            if tuple(w for w, _ in run) in grams and sum(name for _, name in run) < 4
        ]
        assert not copied, f"{event.id} copies: {copied[0]}"


def test_the_seed_documents_are_beside_the_project_in_ci():
    if os.environ.get("CI") == "true":
        assert SEEDS.is_dir(), f"CI must have the seed documents at {SEEDS}"


def test_records_are_grouped_in_few_files_by_counterpart():
    files = sorted({Path(e.path).name for e in COLLECTION.events})
    assert files == [
        "asean.yaml",
        "aus.yaml",
        "can.yaml",
        "chn.yaml",
        "kor.yaml",
        "mex.yaml",
        "multilateral.yaml",
        "nzl.yaml",
        "usa.yaml",
        "vnm.yaml",
    ]
