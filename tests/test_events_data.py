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
from dipltime.domain.kinds import KINDS
from dipltime.domain.model import Event, Source
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

# id, date as written (EDTF), end, kind, parties, roles, certainty, the act it ends, and the
# other dates sources give (date/end@source)
EXPECTED = [
    (
        "usa-1824-first-consul",
        "1824",
        None,
        "envoy-appointed",
        "PER USA",
        "sending=USA receiving=PER",
        "certain",
        "",
        "",
    ),
    (
        "usa-1826-recognition",
        "1826-05-02",
        None,
        "recognition",
        "PER USA",
        "recognizing=USA recognized=PER",
        "certain",
        "",
        "1826@mre-relations-by-region",
    ),
    (
        "usa-1827-05-21-american-legation-lima",
        "1827-05-21",
        None,
        "legation-opened",
        "PER USA",
        "sending=USA receiving=PER",
        "certain",
        "",
        "",
    ),
    (
        "usa-1827-05-21-relations-established",
        "1827-05-21",
        None,
        "relations-established",
        "PER USA",
        "",
        "certain",
        "",
        "1826@hsg-rdcr-peru",
    ),
    (
        "mex-1832-11-16-relations",
        "1832-11-16",
        None,
        "relations-established",
        "PER MEX",
        "",
        "certain",
        "",
        "",
    ),
    (
        "mex-1832-11-16-treaties-signed",
        "1832-11-16",
        None,
        "treaty-signed",
        "PER MEX",
        "signatories=PER,MEX",
        "certain",
        "",
        "",
    ),
    (
        "usa-1846-peruvian-legation",
        "1846",
        None,
        "legation-opened",
        "PER USA",
        "sending=PER receiving=USA",
        "certain",
        "",
        "",
    ),
    (
        "usa-1846-first-minister-plenipotentiary",
        "1846-12",
        None,
        "envoy-appointed",
        "PER USA",
        "sending=PER receiving=USA",
        "certain",
        "",
        "1846@mre-relations-by-region",
    ),
    (
        "nzl-1850-treaty-of-friendship",
        "1850",
        None,
        "treaty-signed",
        "PER NZL",
        "",
        "doubtful",
        "",
        "",
    ),
    (
        "usa-1906-09-10-ministerial-visit",
        "1906-09-10",
        "1906-09-16",
        "ministerial-visit",
        "PER USA",
        "visiting=USA host=PER",
        "certain",
        "",
        "",
    ),
    (
        "usa-1920-04-24-embassy-status",
        "1920-04-24",
        None,
        "legation-elevated",
        "PER USA",
        "sending=USA receiving=PER",
        "certain",
        "",
        "",
    ),
    (
        "usa-1928-12-05-working-visit",
        "1928-12-05",
        None,
        "working-visit",
        "PER USA",
        "visiting=USA host=PER",
        "certain",
        "",
        "",
    ),
    (
        "usa-1934-01-09-ministerial-visit",
        "1934-01-09",
        "1934-01-13",
        "ministerial-visit",
        "PER USA",
        "visiting=USA host=PER",
        "certain",
        "",
        "",
    ),
    (
        "usa-1938-12-07-conference-attended",
        "1938-12-07",
        "1938-12-27",
        "conference-attended",
        "PER USA",
        "host=PER attending=USA",
        "certain",
        "",
        "",
    ),
    (
        "usa-1942-05-07-working-visit",
        "1942-05-07",
        "1942-05-11",
        "working-visit",
        "PER USA",
        "visiting=PER host=USA",
        "certain",
        "",
        "",
    ),
    (
        "can-1944-first-ambassador",
        "1944",
        None,
        "envoy-accredited",
        "PER CAN",
        "sending=CAN receiving=PER",
        "certain",
        "",
        "",
    ),
    (
        "usa-1956-07-26-ministerial-visit",
        "1956-07-26",
        "1956-07-28",
        "ministerial-visit",
        "PER USA",
        "visiting=USA host=PER",
        "certain",
        "",
        "",
    ),
    (
        "usa-1961-09-19-state-visit",
        "1961-09-19",
        "1961-09-22",
        "state-visit",
        "PER USA",
        "visiting=PER host=USA",
        "certain",
        "",
        "",
    ),
    (
        "kor-1963-04-01-relations",
        "1963-04-01",
        None,
        "relations-established",
        "PER KOR",
        "",
        "certain",
        "",
        "",
    ),
    (
        "usa-1970-10-24-working-visit",
        "1970-10-24",
        None,
        "working-visit",
        "PER USA",
        "visiting=PER host=USA",
        "certain",
        "",
        "",
    ),
    (
        "chn-1971-relations",
        "1971?",
        None,
        "relations-established",
        "PER CHN",
        "",
        "certain",
        "",
        "",
    ),
    ("nzl-1972-relations", "1972", None, "relations-established", "PER NZL", "", "certain", "", ""),
    (
        "usa-1973-05-15-ministerial-visit",
        "1973-05-15",
        "1973-05-16",
        "ministerial-visit",
        "PER USA",
        "visiting=USA host=PER",
        "certain",
        "",
        "",
    ),
    (
        "usa-1976-02-18-ministerial-visit",
        "1976-02-18",
        "1976-02-19",
        "ministerial-visit",
        "PER USA",
        "visiting=USA host=PER",
        "certain",
        "",
        "",
    ),
    (
        "usa-1977-09-06-working-visit",
        "1977-09-06",
        "1977-09-09",
        "working-visit",
        "PER USA",
        "visiting=PER host=USA",
        "certain",
        "",
        "",
    ),
    (
        "usa-1984-09-25-working-visit",
        "1984-09-25",
        "1984-09-27",
        "working-visit",
        "PER USA",
        "visiting=PER host=USA",
        "certain",
        "",
        "",
    ),
    (
        "nzl-1990-embassy-in-lima-closed",
        "1990",
        None,
        "embassy-closed",
        "PER NZL",
        "sending=NZL receiving=PER",
        "certain",
        "",
        "",
    ),
    (
        "usa-1991-09-16-working-visit",
        "1991-09-16",
        "1991-09-19",
        "working-visit",
        "PER USA",
        "visiting=PER host=USA",
        "certain",
        "",
        "",
    ),
    (
        "usa-1992-02-26-conference-attended",
        "1992-02-26",
        "1992-02-27",
        "conference-attended",
        "PER USA",
        "host=USA attending=PER",
        "certain",
        "",
        "",
    ),
    (
        "vnm-1994-11-14-relations",
        "1994-11-14",
        None,
        "relations-established",
        "PER VNM",
        "",
        "certain",
        "",
        "",
    ),
    (
        "usa-1994-12-09-conference-attended",
        "1994-12-09",
        "1994-12-11",
        "conference-attended",
        "PER USA",
        "host=USA attending=PER",
        "certain",
        "",
        "",
    ),
    (
        "nzl-1995-peruvian-embassy-reopened",
        "1995",
        None,
        "embassy-opened",
        "PER NZL",
        "sending=PER receiving=NZL",
        "certain",
        "",
        "",
    ),
    (
        "aus-1996-embassy-in-lima-closed",
        "1996",
        None,
        "embassy-closed",
        "PER AUS",
        "sending=AUS receiving=PER",
        "certain",
        "",
        "",
    ),
    (
        "usa-1996-05-18-working-visit",
        "1996-05-18",
        "1996-05-21",
        "working-visit",
        "PER USA",
        "visiting=PER host=USA",
        "certain",
        "",
        "",
    ),
    (
        "usa-1997-02-03-working-visit",
        "1997-02-03",
        None,
        "working-visit",
        "PER USA",
        "visiting=PER host=USA",
        "certain",
        "",
        "",
    ),
    (
        "usa-1998-10-09-working-visit",
        "1998-10-09",
        None,
        "working-visit",
        "PER USA",
        "visiting=PER host=USA",
        "certain",
        "",
        "",
    ),
    (
        "usa-1999-02-04-working-visit",
        "1999-02-04",
        "1999-02-05",
        "working-visit",
        "PER USA",
        "visiting=PER host=USA",
        "certain",
        "",
        "",
    ),
    (
        "usa-2001-06-25-working-visit",
        "2001-06-25",
        "2001-06-27",
        "working-visit",
        "PER USA",
        "visiting=PER host=USA",
        "certain",
        "",
        "",
    ),
    (
        "usa-2001-09-10-conference-attended",
        "2001-09-10",
        "2001-09-11",
        "conference-attended",
        "PER USA",
        "host=PER attending=USA",
        "certain",
        "",
        "",
    ),
    (
        "usa-2002-03-22-ministerial-visit",
        "2002-03-22",
        "2002-03-23",
        "ministerial-visit",
        "PER USA",
        "visiting=USA host=PER",
        "certain",
        "",
        "",
    ),
    (
        "usa-2002-03-bush-visit",
        "2002-03-23",
        "2002-03-24",
        "official-visit",
        "PER USA",
        "visiting=USA host=PER",
        "certain",
        "",
        "2002-03@mre-relations-by-region",
    ),
    (
        "usa-2002-09-10-working-visit",
        "2002-09-10",
        "2002-09-16",
        "working-visit",
        "PER USA",
        "visiting=PER host=USA",
        "certain",
        "",
        "",
    ),
    ("nzl-2005-elto-cooperation", "2005", None, "cooperation", "PER NZL", "", "certain", "", ""),
    (
        "usa-2006-03-08-working-visit",
        "2006-03-08",
        "2006-03-10",
        "working-visit",
        "PER USA",
        "visiting=PER host=USA",
        "certain",
        "",
        "",
    ),
    (
        "usa-2006-07-09-working-visit",
        "2006-07-09",
        "2006-07-12",
        "working-visit",
        "PER USA",
        "visiting=PER host=USA",
        "certain",
        "",
        "",
    ),
    (
        "usa-2006-10-09-working-visit",
        "2006-10-09",
        "2006-10-10",
        "working-visit",
        "PER USA",
        "visiting=PER host=USA",
        "certain",
        "",
        "",
    ),
    (
        "usa-2007-04-22-working-visit",
        "2007-04-22",
        "2007-04-24",
        "working-visit",
        "PER USA",
        "visiting=PER host=USA",
        "certain",
        "",
        "",
    ),
    (
        "usa-2007-12-13-working-visit",
        "2007-12-13",
        "2007-12-14",
        "working-visit",
        "PER USA",
        "visiting=PER host=USA",
        "certain",
        "",
        "",
    ),
    (
        "unasur-2008-05-23-constitutive-treaty",
        "2008-05-23",
        None,
        "treaty-signed",
        "PER UNASUR",
        "",
        "certain",
        "",
        "",
    ),
    (
        "usa-2008-09-24-working-visit",
        "2008-09-24",
        None,
        "working-visit",
        "PER USA",
        "visiting=PER host=USA",
        "certain",
        "",
        "",
    ),
    (
        "usa-2008-11-21-conference-attended",
        "2008-11-21",
        "2008-11-23",
        "conference-attended",
        "PER USA",
        "host=PER attending=USA",
        "certain",
        "",
        "",
    ),
    (
        "usa-2008-11-21-ministerial-visit",
        "2008-11-21",
        "2008-11-23",
        "ministerial-visit",
        "PER USA",
        "visiting=USA host=PER",
        "certain",
        "",
        "",
    ),
    (
        "aus-2010-embassy-in-lima-reestablished",
        "2010",
        None,
        "embassy-opened",
        "PER AUS",
        "sending=AUS receiving=PER",
        "certain",
        "",
        "",
    ),
    (
        "nzl-2010-peruvian-embassy-closed",
        "2010",
        None,
        "embassy-closed",
        "PER NZL",
        "sending=PER receiving=NZL",
        "certain",
        "nzl-1995-peruvian-embassy-reopened",
        "",
    ),
    (
        "usa-2010-06-01-working-visit",
        "2010-06-01",
        None,
        "working-visit",
        "PER USA",
        "visiting=PER host=USA",
        "certain",
        "",
        "",
    ),
    (
        "usa-2010-06-06-conference-attended",
        "2010-06-06",
        "2010-06-08",
        "conference-attended",
        "PER USA",
        "host=PER attending=USA",
        "certain",
        "",
        "",
    ),
    (
        "usa-2011-07-06-working-visit",
        "2011-07-06",
        None,
        "working-visit",
        "PER USA",
        "visiting=PER host=USA",
        "certain",
        "",
        "",
    ),
    (
        "kor-2011-08-fta-in-force",
        "2011-08",
        None,
        "treaty-in-force",
        "PER KOR",
        "",
        "certain",
        "",
        "",
    ),
    (
        "usa-2011-11-10-conference-attended",
        "2011-11-10",
        "2011-11-13",
        "conference-attended",
        "PER USA",
        "host=USA attending=PER",
        "certain",
        "",
        "",
    ),
    (
        "kor-2012-09-strategic-partnership",
        "2012-09",
        None,
        "partnership",
        "PER KOR",
        "",
        "certain",
        "",
        "2012@mre-relations-by-region",
    ),
    (
        "aspa-2012-10-third-forum-hosted",
        "2012-10-01",
        "2012-10-02",
        "summit-hosted",
        "PER ASPA",
        "host=PER",
        "certain",
        "",
        "",
    ),
    (
        "usa-2012-10-15-conference-attended",
        "2012-10-15",
        "2012-10-16",
        "conference-attended",
        "PER USA",
        "host=PER attending=USA",
        "certain",
        "",
        "",
    ),
    (
        "aus-2012-12-political-consultations",
        "2012-12",
        None,
        "consultations",
        "PER AUS",
        "host=PER",
        "certain",
        "",
        "",
    ),
    (
        "chn-2013-04-06-strategic-partnership",
        "2013-04-06",
        None,
        "partnership",
        "PER CHN",
        "",
        "certain",
        "",
        "",
    ),
    (
        "usa-2013-06-10-working-visit",
        "2013-06-10",
        "2013-06-12",
        "working-visit",
        "PER USA",
        "visiting=PER host=USA",
        "certain",
        "",
        "",
    ),
    (
        "kor-2013-09-26-foreign-ministers-meeting",
        "2013-09-26?",
        None,
        "ministerial-meeting",
        "PER KOR",
        "",
        "certain",
        "",
        "",
    ),
    (
        "aus-2014-12-ministers-at-cop20",
        "2014-12",
        None,
        "conference-attended",
        "PER AUS",
        "host=PER attending=AUS",
        "certain",
        "",
        "",
    ),
    ("cop20-2014-12-lima", "2014-12", None, "summit-hosted", "PER", "host=PER", "certain", "", ""),
    (
        "usa-2014-12-11-conference-attended",
        "2014-12-11",
        None,
        "conference-attended",
        "PER USA",
        "host=PER attending=USA",
        "certain",
        "",
        "",
    ),
    (
        "aus-2015-01-speaker-visit",
        "2015-01",
        None,
        "ministerial-visit",
        "PER AUS",
        "visiting=AUS host=PER",
        "certain",
        "",
        "",
    ),
    (
        "aus-2015-03-environment-minister-visit",
        "2015-03",
        None,
        "ministerial-visit",
        "PER AUS",
        "visiting=AUS host=PER",
        "certain",
        "",
        "",
    ),
    (
        "chn-2016-president-state-visit",
        "2016?",
        None,
        "state-visit",
        "PER CHN",
        "visiting=CHN host=PER",
        "certain",
        "",
        "",
    ),
    (
        "can-2016-09-consultation-mechanism",
        "2016-09",
        None,
        "consultations",
        "PER CAN",
        "host=PER",
        "certain",
        "",
        "",
    ),
    (
        "chn-2016-09-kuczynski-state-visit",
        "2016-09",
        None,
        "state-visit",
        "PER CHN",
        "visiting=PER host=CHN",
        "certain",
        "",
        "",
    ),
    (
        "chn-2016-10-05-foreign-minister-visit",
        "2016-10-05?",
        None,
        "ministerial-visit",
        "PER CHN",
        "visiting=CHN host=PER",
        "certain",
        "",
        "",
    ),
    (
        "mex-2016-10-security-technical-meeting",
        "2016-10-05",
        "2016-10-06",
        "consultations",
        "PER MEX",
        "",
        "certain",
        "",
        "",
    ),
    (
        "usa-2016-11-16-conference-attended",
        "2016-11-16",
        None,
        "conference-attended",
        "PER USA",
        "host=PER attending=USA",
        "certain",
        "",
        "",
    ),
    (
        "vnm-2016-11-18-cultural-cooperation-agreement",
        "2016-11-18",
        None,
        "agreement-signed",
        "PER VNM",
        "",
        "certain",
        "",
        "",
    ),
    (
        "usa-2016-11-18-conference-attended",
        "2016-11-18",
        "2016-11-20",
        "conference-attended",
        "PER USA",
        "host=PER attending=USA",
        "certain",
        "",
        "",
    ),
    (
        "usa-2017-02-24-working-visit",
        "2017-02-24",
        None,
        "working-visit",
        "PER USA",
        "visiting=PER host=USA",
        "certain",
        "",
        "",
    ),
    (
        "usa-2018-02-05-ministerial-visit",
        "2018-02-05",
        "2018-02-06",
        "ministerial-visit",
        "PER USA",
        "visiting=USA host=PER",
        "certain",
        "",
        "",
    ),
    (
        "usa-2019-04-13-ministerial-visit",
        "2019-04-13",
        None,
        "ministerial-visit",
        "PER USA",
        "visiting=USA host=PER",
        "certain",
        "",
        "",
    ),
    (
        "usa-2022-06-08-conference-attended",
        "2022-06-08",
        "2022-06-10",
        "conference-attended",
        "PER USA",
        "host=USA attending=PER",
        "certain",
        "",
        "",
    ),
    (
        "usa-2022-10-06-conference-attended",
        "2022-10-06",
        None,
        "conference-attended",
        "PER USA",
        "host=PER attending=USA",
        "certain",
        "",
        "",
    ),
    (
        "usa-2023-11-03-conference-attended",
        "2023-11-03",
        None,
        "conference-attended",
        "PER USA",
        "host=USA attending=PER",
        "certain",
        "",
        "",
    ),
    (
        "usa-2023-11-12-conference-attended",
        "2023-11-12",
        "2023-11-17",
        "conference-attended",
        "PER USA",
        "host=USA attending=PER",
        "certain",
        "",
        "",
    ),
    (
        "asean-2024-01-29-development-partner",
        "2024-01-29",
        None,
        "status-granted",
        "PER ASEAN",
        "granting=ASEAN granted=PER",
        "certain",
        "",
        "",
    ),
    (
        "vnm-2024-10-03-political-consultation",
        "2024-10-03",
        None,
        "consultations",
        "PER VNM",
        "host=PER",
        "certain",
        "",
        "",
    ),
    (
        "apec-2024-11-leaders-week-lima",
        "2024-11",
        None,
        "summit-hosted",
        "PER APEC",
        "host=PER",
        "certain",
        "",
        "",
    ),
    (
        "vnm-2024-11-state-president-official-visit",
        "2024-11-12?",
        "2024-11-14",
        "official-visit",
        "PER VNM",
        "visiting=VNM host=PER",
        "certain",
        "",
        "2024-11-12/2024-11-16@vns-2024-11-11-visit-announcement",
    ),
    (
        "vnm-2024-11-13-joint-declaration",
        "2024-11-13?",
        None,
        "joint-declaration",
        "PER VNM",
        "",
        "certain",
        "",
        "",
    ),
    (
        "usa-2024-11-14-ministerial-visit",
        "2024-11-14",
        "2024-11-16",
        "ministerial-visit",
        "PER USA",
        "visiting=USA host=PER",
        "certain",
        "",
        "",
    ),
    (
        "usa-2024-11-15-working-visit",
        "2024-11-15",
        "2024-11-17",
        "working-visit",
        "PER USA",
        "visiting=USA host=PER",
        "certain",
        "",
        "",
    ),
    (
        "asean-2025-06-04-schialer-kao-kim-hourn-meeting",
        "../2025-06-04",
        None,
        "ministerial-meeting",
        "PER ASEAN",
        "",
        "certain",
        "",
        "",
    ),
]


def test_the_bundled_collection_holds_exactly_the_checked_records_in_order():
    actual = [
        (
            e.id,
            e.spec.edtf(),
            e.end.iso() if e.end else None,
            e.kind.value,
            " ".join(e.parties),
            " ".join(f"{role}={','.join(codes)}" for role, codes in e.roles),
            e.certainty,
            e.ends,
            " ".join(
                f"{o.date.edtf()}{'/' + o.end.iso() if o.end else ''}@{o.source.id}"
                for o in e.other_dates
            ),
        )
        for e in COLLECTION.events
    ]
    assert actual == EXPECTED


def test_every_record_lists_peru_among_its_parties():
    assert all("PER" in e.parties for e in COLLECTION.events)


def _document(source: Source) -> Path:
    """The archived file of a source: a seed, or a file of the Office of the Historian's data."""
    if "/" in source.document:
        return SEEDS.parent / source.document
    return SEEDS / source.document


def _text(source: Source) -> str:
    text = _document(source).read_text(encoding="utf-8")
    if source.document.endswith(".xml"):
        text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\s+", " ", text)


def _cited(event: Event) -> list[Source]:
    return [*event.sources, *(other.source for other in event.other_dates)]


def test_every_source_is_an_archived_document_with_a_registry_entry():
    for event in COLLECTION.events:
        for source in _cited(event):
            assert source.id and source.language == "en", event.id
            if "/" in source.document:  # the Office of the Historian's public-domain data
                assert source.document.startswith("data/historyatstate/"), event.id
                assert source.licence == "CC0-1.0" and source.url.startswith("http"), event.id
            else:
                assert source.document in SEED_NAMES, event.id


def test_every_quotation_is_word_for_word_in_its_source():
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS}")
    for event in COLLECTION.events:
        for source in event.sources:
            if source.quote:
                quote = re.sub(r"\s+", " ", source.quote)
                parts = [part.strip() for part in quote.split("…")]
                text = _text(source)
                assert all(part in text for part in parts), f"{event.id}: {source.quote!r}"


def test_no_doubtful_or_ended_act_and_no_uncelebrated_kind_is_ever_a_milestone():
    for year in range(2025, 2051):
        for occ in anniversaries(COLLECTION.events, year):
            if occ.milestone:
                event = occ.event
                assert event.certainty == "certain", (year, event.id)
                assert not event.approximate, (year, event.id)
                assert all(year < ending.from_year for ending in event.ended), (year, event.id)
                assert KINDS[event.kind].celebrated, (year, event.id)


def test_the_peru_new_zealand_records_say_what_their_source_supports():
    treaty = BY_ID["nzl-1850-treaty-of-friendship"]
    assert treaty.certainty == "doubtful" and "British colony" in treaty.certainty_note
    assert "Peru–New Zealand Treaty" not in treaty.title
    reopened = BY_ID["nzl-1995-peruvian-embassy-reopened"]
    assert [ending.by for ending in reopened.ended] == ["nzl-2010-peruvian-embassy-closed"]
    assert COLLECTION.parties["NZL"].since == 1907


def test_each_role_names_a_party_of_its_record():
    for event in COLLECTION.events:
        for _, codes in event.roles:
            assert set(codes) <= set(event.parties), event.id


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
            "COP",
        }, event.title


def test_the_30th_anniversary_of_peru_viet_nam_relations_falls_on_14_november_2024():
    found = {o.event.id: o for o in events_on(COLLECTION.events, 11, 14, 2024)}
    relations = found["vnm-1994-11-14-relations"]
    assert (relations.anniversary, relations.milestone) == (30, True)
    assert set(found) == {
        "vnm-1994-11-14-relations",
        "vnm-2024-11-state-president-official-visit",
        "usa-2023-11-12-conference-attended",  # 12–17 November 2023
        "usa-2024-11-14-ministerial-visit",
    }


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
        if event.date.precision.value != "day" or event.inferred or event.bound:
            continue  # a bound ("on or before 4 June 2025") is a day of the source, not the act
        text = " ".join(_text(s) for s in event.sources)
        d, m, y = event.date.day, months[event.date.month - 1], event.date.year
        forms = [
            rf"{m} {d}(st|nd|rd|th)?,? {y}",
            rf"{d}(st|nd|rd|th)? {m},? {y}",
            rf"{m} {d}(st|nd|rd|th)?,? (and \d+, )?{y}",
            rf"on {d}(st)? and \d+(nd)? {m} {y}",
            rf"{m} {d}, {y}",
            rf"{y}-{event.date.month:02d}-{d:02d}",
        ]
        assert any(re.search(f, text) for f in forms), f"{event.id}: {d} {m} {y} not in sources"


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Folded words, each with whether it is written as a name (capital or digit first)."""
    return [(fold(w), w[0].isupper() or w[0].isdigit()) for w in re.findall(r"[^\W_]+", text)]


def test_summaries_are_our_own_words():
    """No summary shares a run of eight words with the documents it cites, outside
    quotation marks.

    Runs that are mostly names ("Viet Nam's Ministry of Culture, Sports and
    Tourism") are names, not copied prose, and are allowed.
    """
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS}")
    for event in COLLECTION.events:
        source_words: list[str] = []
        for source in event.sources:
            source_words += [w for w, _ in _tokens(_text(source))]
        grams = {tuple(source_words[i : i + 8]) for i in range(len(source_words) - 7)}
        # A passage in quotation marks is a quotation, attributed as such: not copied prose.
        summary = _tokens(re.sub(r'"[^"]*"|“[^”]*”', " ", event.summary))
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
