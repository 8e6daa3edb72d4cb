"""Lifecycles across records (store/links.py): an act ended by a later one is remembered,
never a milestone again; relations broken and resumed count from the date the record says;
links are checked over the whole collection, through the cache too."""

from __future__ import annotations

import json
import os
import re

import pytest

from helpers import EVENTS, run_cli

PARTIES = "".join(
    line
    for line in (EVENTS / "parties.yaml").read_text(encoding="utf-8").splitlines(True)
    if not line.startswith(("  since:", "  sources:"))
)
"""The bundled registry without the years of statehood and their sources."""
RELATIONS = """\
- id: per-usa-relations
  date: 1900-05-01
  summary: s
  kind: relations-established
  parties: [PER, USA]
  sources: [s1]
- id: per-usa-severed
  date: 1950-06-01
  summary: s
  kind: relations-severed
  parties: [PER, USA]
  ends: per-usa-relations
  sources: [s1]
"""
RESUMED = """\
- id: per-usa-resumed
  date: 1960-07-01
  summary: s
  kind: relations-resumed
  parties: [PER, USA]
  resumes: per-usa-relations
  counts_from: {counts}
  sources: [s1]
"""


def _collection(tmp_path, files: dict[str, str]):
    folder = tmp_path / "c"
    folder.mkdir(exist_ok=True)
    (folder / "parties.yaml").write_text(PARTIES)
    (folder / "collection.yaml").write_text("schema: 2\n")
    (folder / "sources.yaml").write_text("- id: s1\n  publisher: P\n  language: en\n")
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def _milestones(folder, year: int, env=None) -> list[str]:
    found = run_cli(
        "--events", str(folder), "anniversaries", str(year), "--milestones", "--json", env=env
    )
    assert found.code == 0, found.err
    return [o["id"] for o in json.loads(found.out)]


def test_an_ended_act_is_celebrated_before_its_end_and_only_remembered_after(tmp_path):
    folder = _collection(tmp_path, {"a.yaml": RELATIONS})
    assert _milestones(folder, 1925) == ["per-usa-relations"]
    assert _milestones(folder, 2000) == []
    every = json.loads(run_cli("--events", str(folder), "anniversaries", "2000", "--json").out)
    reasons = {o["id"]: o["not_a_milestone"] for o in every}
    assert reasons["per-usa-relations"] == "broken off in 1950"
    shown = run_cli("--events", str(folder), "show", "per-usa-relations", "--json").out
    assert json.loads(shown)["ended"] == [
        {
            "date": "1950-06-01",
            "bound": None,
            "by": "per-usa-severed",
            "kind": "relations-severed",
            "resumed": None,
            "resumed_by": None,
        }
    ]


@pytest.mark.parametrize(
    ("counts", "in_2000", "in_2010"),
    [
        # the centenary and the 110th count from 1900; the resumption is no jubilee of its own
        ("original", ["per-usa-relations"], ["per-usa-relations"]),
        # the count restarts in 1960: the 40th and the 50th of the resumption
        ("resumption", ["per-usa-resumed"], ["per-usa-resumed"]),
    ],
)
def test_relations_resumed_count_from_the_date_the_record_says(tmp_path, counts, in_2000, in_2010):
    folder = _collection(tmp_path, {"a.yaml": RELATIONS, "b.yaml": RESUMED.format(counts=counts)})
    assert _milestones(folder, 2000) == in_2000
    assert _milestones(folder, 2010) == in_2010
    assert _milestones(folder, 1955) == []  # broken off


def test_a_changed_link_in_another_file_is_never_answered_from_the_cache(tmp_path):
    cache = {"DIPLTIME_CACHE": str(tmp_path / "cache")}
    folder = _collection(
        tmp_path, {"a.yaml": RELATIONS, "b.yaml": RESUMED.format(counts="original")}
    )
    assert _milestones(folder, 2000, cache) == ["per-usa-relations"]
    assert _milestones(folder, 2000, cache) == ["per-usa-relations"]  # from the cache
    path = folder / "b.yaml"
    path.write_text(RESUMED.format(counts="resumption"))
    os.utime(path, ns=(1, 1))  # an old time: only the signature's other parts differ
    assert _milestones(folder, 2000, cache) == ["per-usa-resumed"]
    path.unlink()
    assert _milestones(folder, 2000, cache) == []  # ended in 1950, not resumed any more
    (folder / "a.yaml").write_text(RELATIONS.split("- id: per-usa-severed")[0])
    assert _milestones(folder, 2000, cache) == ["per-usa-relations"]


@pytest.mark.parametrize(
    ("records", "message"),
    [
        (
            RELATIONS.replace("ends: per-usa-relations", "ends: nowhere"),
            "no record has the id 'nowhere'",
        ),
        (
            RELATIONS.replace("date: 1900-05-01", "date: 1960-05-01"),
            "per-usa-relations comes after this record",
        ),
        (
            RELATIONS + "- id: again\n  date: 1951\n  summary: s\n  kind: relations-suspended\n"
            "  parties: [PER, USA]\n  ends: per-usa-relations\n  sources: [s1]\n",
            "per-usa-relations is already ended by per-usa-severed",
        ),
        (
            RELATIONS.replace("kind: relations-severed", "kind: embassy-closed"),
            "an embassy closed cannot end a relations established",
        ),
        (
            RELATIONS
            + RESUMED.format(counts="original").replace(
                "resumes: per-usa-relations", "resumes: per-usa-severed"
            ),
            "per-usa-severed is a relations severed, not relations established",
        ),
    ],
)
def test_a_broken_link_names_the_record_and_the_field(tmp_path, records, message):
    folder = _collection(tmp_path, {"a.yaml": records})
    result = run_cli("--events", str(folder), "validate")
    assert result.code == 1
    assert re.search(r"a\.yaml:\d+: [a-z-]+: (ends|resumes): " + re.escape(message), result.err), (
        result.err
    )


def test_resuming_relations_that_were_never_broken_is_refused(tmp_path):
    records = RELATIONS.split("- id: per-usa-severed")[0] + RESUMED.format(counts="original")
    folder = _collection(tmp_path, {"a.yaml": records})
    result = run_cli("--events", str(folder), "validate")
    assert (
        "per-usa-resumed: resumes: per-usa-relations was not broken off before this record"
        in result.err
    )


def test_validate_warns_when_a_state_acts_before_it_was_one(tmp_path):
    record = (
        "- id: early\n  date: 1850\n  summary: s\n  kind: treaty-signed\n"
        "  parties: [PER, NZL]\n  sources: [s1]\n"
    )
    folder = _collection(tmp_path, {"a.yaml": record})
    parties = (
        (folder / "parties.yaml")
        .read_text()
        .replace(
            "- code: NZL\n  name: New Zealand\n",
            "- code: NZL\n  name: New Zealand\n  since: 1907\n",
        )
    )
    (folder / "parties.yaml").write_text(parties)
    result = run_cli("--events", str(folder), "validate")
    assert result.code == 0 and "1 warning" in result.out
    assert re.search(
        r"a\.yaml:1: early: parties: New Zealand \(NZL\) takes part in 1850, before it became a state in 1907",
        result.err,
    )
    doubtful = record + "  certainty: doubtful\n  certainty_note: New Zealand was not yet a state\n"
    (folder / "a.yaml").write_text(doubtful)
    assert "warning" not in run_cli("--events", str(folder), "validate").err


def test_relations_broken_again_after_a_resumption_are_no_jubilee(tmp_path):
    """Broken in 1950, resumed in 1960 counting from 1900, broken again in 1970 (the
    second break names the resumption, which carried the old count)."""
    again = (
        "- id: broken-again\n  date: 1970-01-01\n  summary: s\n  kind: relations-severed\n"
        "  parties: [PER, USA]\n  ends: per-usa-resumed\n  sources: [s1]\n"
    )
    folder = _collection(
        tmp_path, {"a.yaml": RELATIONS, "b.yaml": RESUMED.format(counts="original") + again}
    )
    assert _milestones(folder, 1965) == ["per-usa-relations"]  # the 65th, counted from 1900
    assert _milestones(folder, 2000) == []  # broken off since 1970
    shown = run_cli("--events", str(folder), "show", "per-usa-relations").out
    assert "broken off in 1950 (per-usa-severed); resumed in 1960 (per-usa-resumed)" in shown
    assert "broken off in 1970 (broken-again)" in shown


def test_an_act_ended_at_an_unknown_time_before_a_year_is_never_a_milestone(tmp_path):
    records = RELATIONS.replace("date: 1950-06-01", "date: ../1950")
    records = records.replace("kind: relations-severed", "kind: relations-severed\n  date_note: n")
    folder = _collection(tmp_path, {"a.yaml": records})
    assert _milestones(folder, 1925) == []  # it may have been broken off by then
    shown = run_cli("--events", str(folder), "show", "per-usa-relations").out
    assert "broken off before 1950 (per-usa-severed)" in shown


def test_an_embassy_raised_from_a_legation_can_close_and_a_treaty_be_superseded(tmp_path):
    records = (
        "- id: legation\n  date: 1900\n  summary: s\n  kind: legation-opened\n"
        "  parties: [PER, USA]\n  sources: [s1]\n"
        "- id: raised\n  date: 1920\n  summary: s\n  kind: legation-elevated\n"
        "  parties: [PER, USA]\n  ends: legation\n  sources: [s1]\n"
        "- id: closed\n  date: 1960\n  summary: s\n  kind: embassy-closed\n"
        "  parties: [PER, USA]\n  ends: raised\n  sources: [s1]\n"
        "- id: old-treaty\n  date: 1901\n  summary: s\n  kind: treaty-in-force\n"
        "  parties: [PER, USA]\n  sources: [s1]\n"
        "- id: new-treaty\n  date: 1961\n  summary: s\n  kind: treaty-in-force\n"
        "  parties: [PER, USA]\n  ends: old-treaty\n  sources: [s1]\n"
    )
    folder = _collection(tmp_path, {"a.yaml": records})
    assert _milestones(folder, 1950) == ["raised"]  # the legation's 50th: it became an embassy
    assert _milestones(folder, 1951) == ["old-treaty"]
    assert _milestones(folder, 1970) == []  # the embassy's 50th: it closed in 1960
    assert _milestones(folder, 2021) == ["new-treaty"]  # the old treaty's 120th: superseded
