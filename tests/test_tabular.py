"""`--format csv` and `--format md`: the same answers as `--json`, for spreadsheets and
briefing notes, through the real commands."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import pytest

from dipltime.outputs.tabular import EVENT_COLUMNS, OCCURRENCE_COLUMNS
from helpers import EVENTS, run_cli

LISTINGS = [
    ("list",),
    ("list", "--party", "USA"),
    ("on", "11-14"),
    ("on", "11"),
    ("upcoming", "--days", "365"),
    ("anniversaries", "2026"),
    ("anniversaries", "2026", "--milestones"),
]


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("command", LISTINGS, ids=" ".join)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_csv_has_a_row_for_each_answer_of_json_in_the_same_order(command, lang):
    as_json = json.loads(run_cli("--lang", lang, *command, "--json").out)
    result = run_cli("--lang", lang, *command, "--format", "csv")
    assert result.code == 0 and result.err == ""
    found = rows(result.out)
    assert [row["id"] for row in found] == [item["id"] for item in as_json]
    columns = EVENT_COLUMNS if command[0] == "list" else OCCURRENCE_COLUMNS
    assert result.out.split("\r\n", 1)[0] == ",".join(columns)
    for row, item in zip(found, as_json, strict=True):
        assert row["edtf"] == item["edtf"] and row["kind"] == item["kind"]
        assert row["parties"] == ";".join(item["parties"])
        if command[0] != "list":
            assert row["anniversary"] == (
                "" if item["anniversary"] is None else str(item["anniversary"])
            )
            assert row["milestone"] == ("yes" if item["milestone"] else "no")
            assert row["observed"] == (item["observed"] or "")


@pytest.mark.parametrize("command", LISTINGS, ids=" ".join)
def test_markdown_lists_every_answer_and_defines_every_footnote_once(command):
    count = len(json.loads(run_cli(*command, "--json").out))
    result = run_cli(*command, "--format", "md")
    assert result.code == 0
    text = result.out
    if not count:
        assert "no events" in text or "No events" in text
        return
    assert text.startswith("## ")
    items = [line for line in text.splitlines() if line.startswith("- **")]
    assert len(items) == count
    cited = set(re.findall(r"\[\^([A-Za-z0-9_-]+)\](?!:)", text))
    defined = re.findall(r"^\[\^([A-Za-z0-9_-]+)\]: ", text, flags=re.M)
    assert cited == set(defined) and len(defined) == len(set(defined))
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_markdown_of_the_30th_anniversary_with_viet_nam():
    text = run_cli("on", "11-14", "--year", "2024", "--format", "md", "--milestones").out
    assert (
        "- **14 Nov 1994**: ★ 30th anniversary of the establishment of Peru–Viet Nam "
        "diplomatic relations (relations established; Peru, Viet Nam)"
        "[^vns-per-vnm-joint-declaration-report][^vns-2024-11-11-visit-announcement]"
    ) in text
    assert "\n[^vns-2024-11-11-visit-announcement]: VNS, 2024-11-11\n" in text


HOSTILE = """\
- id: per-vnm-hostile
  date: 2001-02-03
  title: "=HYPERLINK(\\"http://x\\") *bold* [link](http://e) <script>alert(1)</script> | a ` b # c & d"
  summary: s
  kind: consultations
  parties: [PER, VNM]
  sources: [hsg-rdcr-peru]
"""


@pytest.fixture
def hostile(tmp_path):
    folder = tmp_path / "events"
    folder.mkdir()
    for registry in ("collection.yaml", "parties.yaml", "sources.yaml"):
        shutil.copy(EVENTS / registry, folder / registry)
    (folder / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    return folder


def test_a_title_never_becomes_a_spreadsheet_formula(hostile):
    [row] = rows(run_cli("--events", str(hostile), "list", "--format", "csv").out)
    assert row["title"].startswith("'=HYPERLINK(")


def test_a_title_never_becomes_markdown_markup(hostile):
    text = run_cli("--events", str(hostile), "list", "--format", "md").out
    item = next(line for line in text.splitlines() if line.startswith("- **"))
    for raw in ("*bold*", "[link]", "<script>", "| a", "` b", "# c", "& d"):
        escaped = re.sub(r"([*\[\]<>|`#&])", r"\\\1", raw)
        assert escaped in item and raw not in item.replace(escaped, "")


def test_json_and_another_format_at_once_is_a_usage_error():
    result = run_cli("list", "--json", "--format", "md")
    assert result.code == 2 and "two formats" in result.err and result.out == ""
    assert run_cli("list", "--json", "--format", "json").code == 0


def test_markdown_without_sources_has_no_footnotes():
    text = run_cli("on", "11-14", "--format", "md", "--no-sources").out
    assert "[^" not in text and text.count("- **") == 4
