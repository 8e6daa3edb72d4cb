"""Keeping a collection by hand through the real commands: `init`, `new` and `fmt`, on the
bundled collection and on hostile files. They never lose, reorder or change a record,
never drop a comment, and write a file whole or not at all."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dipltime.store.formatting import comments_of, formatted
from dipltime.store.loading import open_events
from helpers import EVENTS, TODAY, run_cli

REGISTRY_FILES = ("collection.yaml", "parties.yaml", "sources.yaml")


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    folder = tmp_path / "events"
    shutil.copytree(EVENTS, folder)
    return folder


def everything(folder: Path) -> list[object]:
    """Every record of ``folder`` with every field, as dipltime reads it (but where it is
    written: its file and lines)."""
    events = open_events(str(folder)).collection().events
    return [event._replace(path="", line=0, id_line=0) for event in events]


def order(folder: Path) -> dict[str, list[str]]:
    """The ids of each events file, in the order written."""
    from dipltime.store.yamlsafe import read_yaml

    return {
        path.name: [record["id"] for record in read_yaml(path).data]
        for path in sorted(folder.glob("*.yaml"))
        if path.name not in REGISTRY_FILES
    }


def files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


# --- fmt -----------------------------------------------------------------------------------


def test_the_bundled_collection_is_formatted():
    result = run_cli("--events", str(EVENTS), "fmt", "--check")
    assert result.code == 0, result.out
    assert "0 to reformat" in result.err


def test_fmt_changes_no_record_and_no_comment_and_is_stable(collection):
    untidy = collection / "vnm.yaml"
    text = untidy.read_text(encoding="utf-8")
    # Undo the canonical form: keys out of order, quoting, a long line, extra blank lines.
    untidy.write_text(
        text.replace("  kind: relations-established\n", "")
        .replace(
            "- id: vnm-1994-11-14-relations\n",
            "- id: vnm-1994-11-14-relations\n  kind: 'relations-established'\n",
        )
        .replace("\n\n- id:", "\n\n\n- id:"),
        encoding="utf-8",
    )
    before, written = everything(collection), order(collection)
    comments = sorted(
        c.text for path in collection.glob("*.yaml") for c in comments_of(path.read_text())
    )
    assert run_cli("--events", str(collection), "fmt", "--check").code == 1
    assert untidy.read_text(encoding="utf-8") != text  # --check writes nothing
    result = run_cli("--events", str(collection), "fmt")
    assert result.code == 0 and "reformatted" in result.out
    assert untidy.read_text(encoding="utf-8") == text  # back to the canonical form
    assert everything(collection) == before and order(collection) == written
    after = sorted(
        c.text for path in collection.glob("*.yaml") for c in comments_of(path.read_text())
    )
    assert after == comments
    snapshot = files(collection)
    assert run_cli("--events", str(collection), "fmt").code == 0
    assert files(collection) == snapshot  # a formatted collection round-trips byte for byte


HOSTILE = """\
# The file's header.
# Second line of it.

# Above the first record.
- id: per-vnm-a  # at the id
  # above the summary
  summary: >-
    text with a # that is not a comment, and long enough to be folded by the formatter
    at a word
  date: 2001-02-03?  # the date's own note
  kind: consultations
  sources:
    # above the first source
    - id: hsg-rdcr-peru  # on a source
      quote: 'a quote # with a hash'
  parties: [PER,   VNM]  # at the parties

# Between the records.
- {id: per-vnm-b, date: "2002", summary: "s", kind: consultations, parties: [PER, VNM], sources: [hsg-rdcr-peru]}
# At the very end.
"""


def test_every_comment_stays_with_what_it_annotates():
    out = formatted(HOSTILE, "hostile.yaml")
    lines = out.split("\n")
    assert lines[:3] == ["# The file's header.", "# Second line of it.", ""]
    assert lines[3:5] == ["# Above the first record.", "- id: per-vnm-a  # at the id"]
    assert "  date: 2001-02-03?  # the date's own note" in lines
    assert lines[lines.index("  # above the summary") + 1] == "  summary: >-"
    assert "  parties: [PER, VNM]  # at the parties" in lines
    assert lines[lines.index("    # above the first source") + 1].startswith(
        "    - id: hsg-rdcr-peru"
    )
    assert lines[lines.index("# Between the records.") + 1] == "- id: per-vnm-b"
    assert lines[-2] == "# At the very end." and lines[-1] == ""
    assert "text with a # that is not a comment" in out  # a # in a value is text
    assert '"a quote # with a hash"' in out
    assert [c.text for c in comments_of(out)] != []
    assert formatted(out, "hostile.yaml") == out


ODD = """\
-   # DRAFT: unverified
  id: per-vnm-c
  date: 2001-02-03
  summary: >-  # the ministry says 14, the embassy 15
    A short summary.
  notes: |  # keep the line breaks
    Line one
    Line two
  kind: consultations
  parties: [PER, VNM]
  sources: [hsg-rdcr-peru]  # only source; seek the embassy's
  revised: 2026-11-01

- id: per-vnm-d  # a record with a mixed list of sources
  date: 2002
  summary: s
  kind: consultations
  parties: [PER, VNM]
  sources:
    - {id: hsg-rdcr-peru, locator: p. 2}
    - hsg-rdcr-peru-2  # the second
"""


def test_comments_on_odd_lines_stay_in_place_and_a_second_run_changes_nothing():
    out = formatted(ODD, "odd.yaml")
    lines = out.split("\n")
    assert lines[0] == "# DRAFT: unverified" and lines[1] == "- id: per-vnm-c"
    assert "  summary: A short summary.  # the ministry says 14, the embassy 15" in lines
    assert "  notes: |  # keep the line breaks" in lines and "    Line two" in lines
    assert "  sources: [hsg-rdcr-peru]  # only source; seek the embassy's" in lines
    assert "    - hsg-rdcr-peru-2  # the second" in lines
    assert "    - id: hsg-rdcr-peru" in lines and "      locator: p. 2" in lines
    assert formatted(out, "odd.yaml") == out


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_line_break_yaml_counts_does_not_make_a_comment_vanish(separator):
    text = f"# header{separator}\n" + ODD
    out = formatted(text, "odd.yaml")
    assert "# the ministry says 14, the embassy 15" in out and "# DRAFT: unverified" in out


def test_an_empty_list_is_left_as_it_is():
    assert formatted("[]\n", "empty.yaml") == "[]\n"


def test_fmt_never_replaces_a_file_edited_while_it_was_formatting(collection, monkeypatch):
    import dipltime.store.formatting as formatting

    target = collection / "vnm.yaml"
    target.write_text(target.read_text().replace("\n\n- id", "\n\n\n- id"), encoding="utf-8")
    real = formatting.formatted

    def edited_meanwhile(text: str, name: str) -> str:
        if name.endswith("vnm.yaml"):
            with open(target, "a", encoding="utf-8") as handle:
                handle.write("# a line someone typed meanwhile\n")
        return real(text, name)

    monkeypatch.setattr(formatting, "formatted", edited_meanwhile)
    result = run_cli("--events", str(collection), "fmt")
    assert result.code == 1 and "changed while dipltime was reading it" in result.err
    assert target.read_text().endswith("# a line someone typed meanwhile\n")


def test_fmt_keeps_crlf_line_ends_and_a_byte_order_mark(collection):
    target = collection / "vnm.yaml"
    original = target.read_bytes()
    target.write_bytes(b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n"))
    assert run_cli("--events", str(collection), "fmt", "--check").code == 0
    target.write_bytes(
        b"\xef\xbb\xbf"
        + original.replace(b"\n", b"\r\n").replace(b"\r\n\r\n- id", b"\r\n\r\n\r\n- id")
    )
    assert run_cli("--events", str(collection), "fmt").code == 0
    assert target.read_bytes() == b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n")


def test_fmt_refuses_an_invalid_collection_and_writes_nothing(collection):
    (collection / "vnm.yaml").write_text(
        (collection / "vnm.yaml")
        .read_text()
        .replace("kind: relations-established", "kind: nonsense"),
        encoding="utf-8",
    )
    snapshot = files(collection)
    result = run_cli("--events", str(collection), "fmt")
    assert result.code == 1 and "nonsense" in result.err
    assert files(collection) == snapshot


def test_fmt_leaves_a_linked_file_alone(collection, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text((collection / "vnm.yaml").read_text().replace("\n\n- id", "\n\n\n- id"))
    (collection / "vnm.yaml").unlink()
    (collection / "vnm.yaml").symlink_to(outside)
    before = outside.read_bytes()
    result = run_cli("--events", str(collection), "fmt")
    assert result.code == 0 and "a link, left as it is" in result.err
    assert outside.read_bytes() == before


# --- new -----------------------------------------------------------------------------------

VISIT = (
    "--date", "2024-11-15", "--kind", "official-visit", "--party", "Viet Nam", "--party", "PER",
    "--title", "a visit recorded for a test", "--summary", "A visit, for a test.",
    "--source", "vns-2024-11-11-visit-announcement", "--locator", "first paragraph",
)  # fmt: skip


def test_new_appends_a_valid_record_to_its_partners_file_in_the_canonical_form(collection):
    before = everything(collection)
    result = run_cli("--events", str(collection), "new", *VISIT)
    assert result.code == 0, result.err
    assert result.out.startswith("added vnm-2024-11-15-official-visit to ")
    assert "vnm.yaml:" in result.out
    text = (collection / "vnm.yaml").read_text(encoding="utf-8")
    assert text.endswith(
        "\n\n- id: vnm-2024-11-15-official-visit\n  date: 2024-11-15\n"
        "  title: a visit recorded for a test\n  summary: A visit, for a test.\n"
        "  kind: official-visit\n  parties: [VNM, PER]\n  sources:\n"
        "    - id: vns-2024-11-11-visit-announcement\n      locator: first paragraph\n"
    )
    after = everything(collection)
    assert [r for r in after if r.id != "vnm-2024-11-15-official-visit"] == before
    assert run_cli("--events", str(collection), "validate").code == 0
    assert run_cli("--events", str(collection), "fmt", "--check").code == 0
    again = run_cli("--events", str(collection), "new", *VISIT)
    assert "vnm-2024-11-15-official-visit-2" in again.out  # a free id is proposed


@pytest.mark.parametrize(
    ("extra", "code", "says"),
    [
        (("--source", "no-such-source"), 1, "unknown source 'no-such-source'"),
        (("--id", "vnm-1994-11-14-relations"), 1, "already used"),
        (("--date", "2024-02-30"), 1, "date"),
        (("--party", "Atlantis"), 2, "no party is called 'Atlantis'"),
        (("--file", "../elsewhere.yaml"), 2, "not an events file"),
        (("--file", "parties.yaml"), 2, "not an events file"),
    ],
)
def test_new_refuses_what_validate_would_refuse_and_writes_nothing(collection, extra, code, says):
    snapshot = files(collection)
    result = run_cli("--events", str(collection), "new", *VISIT, *extra)
    assert result.code == code and says in result.err
    assert files(collection) == snapshot
    assert not (collection.parent / "elsewhere.yaml").exists()


def test_new_and_fmt_never_write_to_the_bundled_events():
    refused = run_cli("new", *VISIT)
    assert refused.code == 2 and "--events DIR" in refused.err
    assert run_cli("fmt").code == 2
    assert run_cli("new", *VISIT, "--dry-run").code == 0  # looking is not writing
    assert run_cli("fmt", "--check").code == 0


@pytest.mark.parametrize("name", ["PARTIES.yaml", "Sources.Yaml", "VNM.YAML/../parties.yaml"])
def test_new_never_writes_to_a_registry_whatever_its_case(collection, name):
    snapshot = files(collection)
    result = run_cli("--events", str(collection), "new", *VISIT, "--file", name)
    assert result.code == 2 and files(collection) == snapshot


def test_new_adds_the_first_record_of_a_new_collection(tmp_path):
    folder = tmp_path / "mine"
    assert run_cli("init", str(folder)).code == 0
    (folder / "vnm.yaml").unlink()
    result = run_cli(
        "--events", str(folder), "new", "--date", "1994-11-14",
        "--kind", "relations-established", "--party", "PER", "--party", "Viet Nam",
        "--summary", "Relations were established.", "--source", "vns-per-vnm-joint-declaration-report",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert (folder / "vnm.yaml").read_text().startswith("- id: vnm-1994-11-14-relations\n")
    assert run_cli("--events", str(folder), "validate").code == 0


def test_new_without_a_terminal_names_what_is_missing(collection):
    result = run_cli("--events", str(collection), "new", "--date", "2024")
    assert result.code == 2
    assert "--kind, --party, --summary, --source" in result.err


def test_new_dry_run_shows_the_record_and_writes_nothing(collection):
    snapshot = files(collection)
    result = run_cli("--events", str(collection), "new", *VISIT, "--dry-run")
    assert result.code == 0 and "- id: vnm-2024-11-15-official-visit" in result.out
    assert files(collection) == snapshot


def test_new_for_a_partner_without_a_file_starts_one(collection):
    result = run_cli(
        "--events", str(collection), "new", "--date", "1990", "--kind", "consultations",
        "--party", "PER", "--party", "APEC", "--summary", "s", "--source", "hsg-rdcr-peru",
        "--file", "apec-new.yaml",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert (collection / "apec-new.yaml").read_text().startswith("- id: apec-1990-consultations\n")


def test_new_asks_on_a_terminal_for_what_the_options_do_not_say(collection):
    main, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "dipltime", "--events", str(collection), "new"],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env={**os.environ, "DIPLTIME_TODAY": TODAY, "TERM": "xterm"},
    )
    os.close(secondary)
    said = b""
    answers = ["2024-11-15", "visit", "official-visit", "VNM, PER", "", "Asked.", "hsg-rdcr-peru"]
    for answer in answers:
        deadline = time.monotonic() + 30
        while not said.rstrip().endswith(b":") and time.monotonic() < deadline:
            if select.select([main], [], [], 1)[0]:
                said += os.read(main, 4096)
        said = b""
        os.write(main, answer.encode() + b"\n")
    output = b""
    while True:
        try:
            if not select.select([main], [], [], 10)[0]:
                break
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=30) == 0
    os.close(main)
    assert b"added vnm-2024-11-15-official-visit" in output
    text = (collection / "vnm.yaml").read_text(encoding="utf-8")
    assert text.endswith(
        "- id: vnm-2024-11-15-official-visit\n  date: 2024-11-15\n  summary: Asked.\n"
        "  kind: official-visit\n  parties: [VNM, PER]\n  sources: [hsg-rdcr-peru]\n"
    )


# --- init ----------------------------------------------------------------------------------


def test_init_makes_a_collection_that_validates_and_answers(tmp_path):
    target = tmp_path / "mine"
    result = run_cli("init", str(target))
    assert result.code == 0 and "created" in result.out
    assert sorted(p.name for p in target.iterdir()) == sorted([*REGISTRY_FILES, "vnm.yaml"])
    assert run_cli("--events", str(target), "validate").code == 0
    assert run_cli("--events", str(target), "fmt", "--check").code == 0
    assert "14 Nov 1994" in run_cli("--events", str(target), "on", "11-14").out
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".dipltime-init")]


def test_init_takes_an_empty_folder_and_never_touches_a_full_one(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir(mode=0o750)
    inode = empty.stat().st_ino
    assert run_cli("init", str(empty)).code == 0
    assert empty.stat().st_ino == inode and empty.stat().st_mode & 0o777 == 0o750  # the same
    full = tmp_path / "full"
    full.mkdir()
    (full / "notes.txt").write_text("mine")
    result = run_cli("init", str(full))
    assert result.code == 2 and "not an empty folder" in result.err
    assert [p.name for p in full.iterdir()] == ["notes.txt"]
    assert run_cli("init", str(tmp_path / "no" / "where")).code == 2


def test_new_records_roles_certainty_and_notes(collection):
    result = run_cli(
        "--events", str(collection), "new", *VISIT, "--role", "visiting=Viet Nam",
        "--role", "host=PER", "--certainty", "doubtful", "--certainty-note", "one report",
        "--notes", "a note",
    )  # fmt: skip
    assert result.code == 0, result.err
    text = (collection / "vnm.yaml").read_text(encoding="utf-8")
    assert "  roles: {host: PER, visiting: VNM}\n  certainty: doubtful\n" in text
    assert text.endswith("  notes: a note\n")
    by = run_cli("--events", str(collection), "list", "--kind", "official-visit", "--by", "VNM")
    assert "vnm-2024-11-15-official-visit" in by.out
    wrong = run_cli("--events", str(collection), "new", *VISIT, "--role", "bogus=VNM")
    assert wrong.code == 1 and "'bogus' is not a role of official-visit" in wrong.err
