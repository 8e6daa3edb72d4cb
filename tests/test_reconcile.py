"""`dipltime reconcile`: the same act in two collections, and what a curator must decide
(domain/reconcile.py, cli/reconcile.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dipltime.domain.model import Kind
from dipltime.domain.reconcile import compare
from helpers import FIXTURES, make_event, run_cli

USA = ("PER", "USA")


def kinds_of(findings):
    return [
        (f.type, f.left.id if f.left else None, f.right.id if f.right else None) for f in findings
    ]


def test_a_year_and_a_day_of_one_act_are_one_act_dated_more_precisely_there():
    here = [make_event("ours", "1826", kind=Kind.RECOGNITION, parties=USA)]
    there = [make_event("theirs", "1826-05-02", kind=Kind.RECOGNITION, parties=USA)]
    [found] = compare(here, there)
    assert (found.type, found.better) == ("more-precise", "right")


def test_visits_of_different_protocol_levels_are_one_act_whose_kinds_differ():
    here = [make_event("a", "2002-03-23", "2002-03-24", Kind.OFFICIAL_VISIT, USA)]
    there = [make_event("b", "2002-03-23", "2002-03-24", Kind.WORKING_VISIT, USA)]
    [found] = compare(here, there)
    assert (found.type, found.kinds_differ) == ("same", True)


def test_a_visit_one_way_is_not_the_visit_the_other_way():
    here = [
        make_event("per-to-chn", "2016-09", kind=Kind.STATE_VISIT, parties=("PER", "CHN"),
                   roles=(("visiting", ("PER",)), ("host", ("CHN",))))
    ]  # fmt: skip
    there = [
        make_event("chn-to-per", "2016", kind=Kind.STATE_VISIT, parties=("PER", "CHN"),
                   roles=(("visiting", ("CHN",)), ("host", ("PER",))))
    ]  # fmt: skip
    assert kinds_of(compare(here, there)) == [
        ("only-left", "per-to-chn", None),
        ("only-right", None, "chn-to-per"),
    ]


def test_a_president_and_a_secretary_at_one_summit_are_two_acts():
    president = make_event("p", "2008-11-21", "2008-11-23", Kind.CONFERENCE_ATTENDED, USA,
                           people=("George W. Bush",))  # fmt: skip
    secretary = make_event("s", "2008-11-21", "2008-11-23", Kind.CONFERENCE_ATTENDED, USA,
                           people=("Condoleezza Rice",))  # fmt: skip
    assert compare([president, secretary]) == []


@pytest.mark.parametrize(("other", "expected"), [("1827", ["conflict"]), ("1944", [])])
def test_an_act_that_happens_once_dated_apart_is_a_conflict_unless_years_apart(other, expected):
    one = make_event("a", "1826-05-02", kind=Kind.RECOGNITION, parties=USA)
    two = make_event("b", other, kind=Kind.RECOGNITION, parties=USA)
    assert [f.type for f in compare([one, two])] == expected


def test_acts_only_one_side_has_are_those_between_parties_both_record():
    here = [
        make_event("usa", "1827-05-21", parties=USA),
        make_event("vnm", "1973-11-14", parties=("PER", "VNM")),
    ]
    there = [
        make_event("usa-2", "1827-05-21", parties=USA),
        make_event("visit", "1961-09-19", kind=Kind.STATE_VISIT, parties=USA),
    ]
    assert kinds_of(compare(here, there)) == [
        ("same", "usa", "usa-2"),
        ("only-right", None, "visit"),
    ]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("reconcile") / "hsg"
    assert run_cli("import", "hsg", str(FIXTURES / "hsg"), str(target)).code == 0
    return target


def test_the_bundled_records_and_the_import_side_by_side(imported: Path):
    result = run_cli("reconcile", "--with", str(imported), "--party", "USA", "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    pairs = {
        (f["here"]["id"] if f["here"] else None, f["there"]["id"] if f["there"] else None): f
        for f in report["findings"]
    }
    visit = pairs[("usa-2002-03-bush-visit", "hsg-trip-2396")]
    assert (visit["type"], visit["kinds_differ"]) == ("same", True)
    assert [s["id"] for s in visit["here"]["sources"]] == [
        "mre-relations-by-region",
        "hsg-travels-bush-george-w",
    ]
    assert pairs[("usa-1826-recognition", "hsg-peru-1826-recognition")]["type"] == "same"
    assert pairs[("usa-1961-09-19-state-visit", "hsg-visit-2443")]["type"] == "same"
    assert pairs[("usa-1824-first-consul", None)]["type"] == "only-left"  # the ministry's alone
    assert report["counts"] == {
        "same": 13,
        "more-precise": 0,
        "dates-differ": 0,
        "conflict": 0,
        "only-left": 44,  # the fixtures hold a few of the datasets' records
        "only-right": 0,
    }


def test_the_text_shows_each_record_with_its_date_file_and_sources(imported: Path):
    result = run_cli("reconcile", "--with", str(imported), "--party", "USA", "--all")
    assert result.code == 0, result.err
    assert "The same act, the same date (13)" in result.out
    assert "official visit / working visit · Peru, United States" in result.out
    assert "2002-03-23/2002-03-24  usa-2002-03-bush-visit  events/usa.yaml:" in result.out
    assert "hsg-travels-bush-george-w — trip 2396" in result.out
    assert "Only here (44)" in result.out
    brief = run_cli("reconcile", "--with", str(imported), "--party", "USA")
    assert "The same act, the same date (13)\n  listed with --all\n" in brief.out
    assert "usa-1826-recognition" not in brief.out


def test_one_collection_without_duplicates_has_nothing_to_reconcile():
    result = run_cli("reconcile")
    assert result.code == 0
    assert "Nothing to reconcile." in result.out


def test_reconcile_in_spanish(imported: Path):
    result = run_cli("--lang", "es", "reconcile", "--with", str(imported), "--party", "USA")
    assert result.code == 0, result.err
    assert "El mismo acto, la misma fecha (13)" in result.out
    assert "se listan con --all" in result.out


def test_a_collection_with_itself_is_its_records_with_one_another(imported: Path):
    alone = json.loads(run_cli("--events", str(imported), "reconcile", "--json").out)
    itself = json.loads(
        run_cli("--events", str(imported), "reconcile", "--with", str(imported), "--json").out
    )
    assert itself["counts"] == alone["counts"]
    assert itself["counts"]["same"] < 5  # not one "same" per record


def test_an_act_alike_in_both_is_paired_once():
    one = make_event("a", "2002-03-23", kind=Kind.RELATIONS_ESTABLISHED, parties=USA)
    twin = make_event("b", "2002-03-23", kind=Kind.RELATIONS_ESTABLISHED, parties=USA)
    other = make_event("c", "2002-03-23", kind=Kind.RELATIONS_ESTABLISHED, parties=USA)
    assert kinds_of(compare([one], [twin, other])) == [
        ("same", "a", "b"),
        ("only-right", None, "c"),
    ]


def test_with_names_a_folder_and_parties_are_those_of_either_collection(imported: Path):
    assert run_cli("reconcile", "--with", "").code == 2
    missing = run_cli("reconcile", "--with", str(imported / "nowhere"))
    assert missing.code == 2 and "--with" in missing.err
    result = run_cli("reconcile", "--with", str(imported), "--party", "HANSEATIC")
    assert result.code == 0, result.err  # a party of the other collection only


def test_one_person_named_two_ways_is_one_visit():
    here = [make_event("a", "1999-02-04", kind=Kind.WORKING_VISIT, parties=USA,
                       people=("Alberto Fujimori",))]  # fmt: skip
    there = [make_event("b", "1999-02-04", kind=Kind.OFFICIAL_VISIT, parties=USA,
                        people=("Alberto K. Fujimori",))]  # fmt: skip
    assert kinds_of(compare(here, there)) == [("same", "a", "b")]
