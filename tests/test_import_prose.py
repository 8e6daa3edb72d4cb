"""Reading the rdcr guide's headings and prose: which act a heading names, and which
day a sentence gives it (importers/acts.py, importers/prose.py)."""

from __future__ import annotations

import pytest

from dipltime.importers.acts import classify
from dipltime.importers.prose import dates_in, decide, sentences, states_act

HEADING = (("1827", 'the heading "…, 1827."'),)


def test_sentences_end_at_full_stops_but_not_after_abbreviations_or_initials():
    text = (
        "The Legation at Lima was raised to an Embassy on April 24, 1920, when Ambassador "
        "William E. Gonzales presented his credentials. J.C. Pickett was appointed by the "
        "U.S. Government on June 8, 1838. He arrived in Jan. 1840."
    )
    assert sentences(text) == [
        "The Legation at Lima was raised to an Embassy on April 24, 1920, when Ambassador "
        "William E. Gonzales presented his credentials.",
        "J.C. Pickett was appointed by the U.S. Government on June 8, 1838.",
        "He arrived in Jan. 1840.",
    ]


@pytest.mark.parametrize(
    ("sentence", "dates"),
    [
        ("established on May 21, 1827, when", ["1827-05-21"]),
        ("received on 21 May 1827 and", ["1827-05-21"]),
        ("In December 1846, the Government of Peru named", ["1846-12"]),
        ("in December of 1846", ["1846-12"]),
        ("on Sept. 3, 1960", ["1960-09-03"]),
        ("on February 30, 1901", []),  # not a day: never taken
        ("on February 29, 1900", []),  # 1900 was not a leap year
        ("on February 29, 2000", ["2000-02-29"]),
        ("in 1826", []),  # a year alone is the heading's business
    ],
)
def test_dates_in_a_sentence_are_read_as_precisely_as_written(sentence, dates):
    assert [d.date for d in dates_in(sentence)] == dates


def test_a_date_after_by_until_or_of_is_a_bound_or_a_reference_not_the_act():
    found = dates_in(
        "By March 18, 1802, Lamson had an exequatur under the Convention of June 16, 1852."
    )
    assert [(d.date, d.bound) for d in found] == [("1802-03-18", True), ("1852-06-16", True)]


def test_the_day_is_taken_when_a_sentence_states_the_act_with_it():
    prose = [
        "Diplomatic relations and the American Legation in Lima were established on May 21, "
        "1827, when James Cooley presented his credentials as Chargé d’Affaires."
    ]
    found = decide("relations-established", HEADING, None, prose)
    assert found.outcome == "day"
    assert found.date == "1827-05-21"
    assert found.quote.startswith("Diplomatic relations and the American Legation")


def test_a_sentence_about_another_act_gives_no_day():
    prose = ["In December 1846, the Government of Peru named Joaquin José de Osma as minister."]
    found = decide("legation-opened", (("1846", "h"),), None, prose)
    assert (found.outcome, found.date, found.quote) == ("year", "1846", "")


def test_of_two_dates_in_a_sentence_only_the_one_its_verb_speaks_of_is_the_act():
    prose = ["The consulate was opened on August 6, 1824, and closed on March 1, 1916."]
    found = decide("consulate-opened", (("1824", "h"),), None, prose)
    assert (found.outcome, found.date) == ("day", "1824-08-06")


def test_a_sentence_whose_year_is_not_the_headings_is_a_conflict_never_resolved():
    prose = [
        "The United States recognized the Peru-Bolivian Confederation on March 16, 1837 by "
        "the appointment of James B. Thornton as Chargé d’Affaires."
    ]
    heading = (("1838", 'the heading "…, 1838."'),)
    found = decide("recognition", heading, None, prose, headline="1838")
    assert found.outcome == "conflict"
    assert found.date == "1838"  # the heading's year, the others kept beside it
    assert [date for date, _ in found.competing] == ["1837-03-16", "1838"]


def test_a_headings_date_element_that_contradicts_its_text_is_a_conflict():
    heading = (("2011", 'the heading "Recognition, 2011."'), ("1882", "the date element"))
    found = decide("recognition", heading, None, [], headline="2011")
    assert (found.outcome, found.date) == ("conflict", "2011")


def test_sentences_that_disagree_share_their_common_year():
    prose = [
        "Relations were reestablished on August 25, 1921.",
        "Diplomatic relations were resumed on December 10, 1921.",
    ]
    found = decide("relations-resumed", (("1921", "h"),), None, prose)
    assert (found.outcome, found.date) == ("conflict", "1921")


def test_a_period_heading_takes_a_day_within_it():
    prose = ["Diplomatic relations were reestablished on March 24, 1959."]
    found = decide("relations-resumed", (), (1959, 1960), prose)
    assert (found.outcome, found.date) == ("day", "1959-03-24")


def test_nothing_dated_is_none():
    assert decide("recognition", (), None, ["No date here."]).outcome == "none"


@pytest.mark.parametrize(
    ("heading", "acts"),
    [
        (
            "Establishment of Diplomatic Relations and the American Legation in Lima",
            [("relations-established", "", ""), ("legation-opened", "us", "")],
        ),
        (
            "Establishment of the Peruvian Legation in the United States",
            [("legation-opened", "them", "")],
        ),
        ("United States Recognition of Peru", [("recognition", "", "us")]),
        ("Austrian Empire Recognition of the United States", [("recognition", "", "them")]),
        ("Mutual Recognition", [("recognition", "", "mutual")]),
        ("Elevation of American Legation to Embassy Status", [("legation-elevated", "us", "")]),
        ("Diplomatic Relations Severed by Iraq", [("relations-severed", "", "")]),
        ("Diplomatic Relations Interrupted", [("relations-suspended", "", "")]),
        (
            "Diplomatic Relations Reestablished and American Legation Reopened",
            [("relations-resumed", "", ""), ("legation-opened", "us", "")],
        ),
        ("Treaty of Amity and Commerce", [("treaty-signed", "", "")]),
        ("No diplomatic relations established.", []),
        ("German Unification.", []),
        ("Establishment of Consular Relations", []),
        ("70th Anniversary of Establishment of Diplomatic Relations.", []),
        ("Establishment of U.S. Interests Section", []),
    ],
)
def test_a_heading_names_the_acts_of_the_closed_vocabulary(heading, acts):
    assert [(a.kind, a.sender, a.recognizer) for a in classify(heading)] == acts


def test_an_act_is_stated_only_in_its_own_words():
    assert states_act("The Legation at Lima was raised to an Embassy", "legation-elevated")
    assert not states_act("Cooley presented his credentials", "recognition")


@pytest.mark.parametrize(
    ("kind", "sentence", "outcome"),
    [
        (  # "separate" qualifies the state, not another act
            "recognition",
            "The United States recognized Salvador as a separate, independent state on May 1, "
            "1849, when E. George Squier was issued a full power.",
            ("day", "1849-05-01"),
        ),
        (  # "Other States" is a treaty's name
            "treaty-signed",
            "The Convention with Prussia and Other States of the Germanic Confederation was "
            "signed on September 6, 1849.",
            ("day", "1849-09-06"),
        ),
        (  # an announcement is not the act
            "legation-elevated",
            "On December 21, 1948, the Department announced that the Legations would be "
            "raised to Embassies.",
            ("year", "1849"),
        ),
        (  # another post's opening
            "consulate-opened",
            "Other consulates in Baden included Freiburg, which opened on March 5, 1891.",
            ("year", "1849"),
        ),
        (  # a separate treaty
            "treaty-signed",
            "A separate extradition treaty with Sweden was signed on January 14, 1849.",
            ("year", "1849"),
        ),
    ],
)
def test_what_makes_a_date_another_acts(kind, sentence, outcome):
    found = decide(kind, (("1849", "h"),), None, [sentence])
    assert (found.outcome, found.date) == outcome


def test_on_or_about_is_approximate():
    sentence = (
        "Diplomatic relations were first established on or about June 16, 1844, when Caleb "
        "Cushing presented his credentials."
    )
    found = decide("relations-established", (("1844", "h"),), None, [sentence])
    assert (found.outcome, found.date, found.approximate) == ("day", "1844-06-16", True)
