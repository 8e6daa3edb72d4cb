"""Outside text in messages never forges a line or reaches the terminal raw, and names that
only look alike are told apart: one policy for every field and every message."""

from __future__ import annotations

import json
import shutil
import textwrap

import pytest

from dipltime.domain.text import fold, mixed_scripts, one_line, skeleton
from helpers import EVENTS, FIXTURES, run_process

RECORD = """\
- id: per-vnm-1994-relations
  date: 1994-11-14
  title: {title}
  summary: Peru and Viet Nam established relations.
  kind: relations-established
  parties: [PER, VNM]
  sources: [{{publisher: VNS, title: not stated, date: not stated}}]
"""


def collection(tmp_path, name="records.yaml", record=None, parties=None):
    folder = tmp_path / "events"
    folder.mkdir(exist_ok=True)
    if parties is None:
        shutil.copy(FIXTURES / "parties.yaml", folder / "parties.yaml")
    else:
        (folder / "parties.yaml").write_text(textwrap.dedent(parties))
    (folder / name).write_text(record or RECORD.format(title="Relations"))
    return folder


def assert_no_forged_lines(stream: str) -> None:
    assert "\x1b" not in stream and "\x9b" not in stream
    for line in stream.splitlines():
        assert not line.startswith("fake.yaml"), stream


def test_a_newline_in_a_file_name_cannot_forge_a_problem_line(tmp_path):
    folder = collection(
        tmp_path, name="a\nfake.yaml:1: forged-id: title: forged.yaml", record="not: a list\n"
    )
    result = run_process("--events", str(folder), "validate")
    assert result.returncode == 1
    assert_no_forged_lines(result.stderr)
    assert "a\\u000afake.yaml" in result.stderr


def test_escape_sequences_in_paths_never_reach_the_terminal(tmp_path):
    folder = tmp_path / "ev\x1b]0;pwned\x07ents"
    shutil.copytree(EVENTS, folder)
    result = run_process("--events", str(folder), "validate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\\u001b" in result.stdout
    target = tmp_path / "out\x1b[2J.ics"
    result = run_process("export", "ics", "--years", "2026", "-o", str(target), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stderr and "written to" in result.stderr
    bad = run_process("--events", str(tmp_path / "nope\x1b[31m\nfake.yaml:1"), "list")
    assert bad.returncode == 1
    assert_no_forged_lines(bad.stderr)


def test_a_manifest_name_with_escapes_is_shown_neutralised(tmp_path):
    manifest = tmp_path / "man\x1b[31mifest\n.toml"
    manifest.write_text("not toml = = =")
    result = run_process("export", "manifest", str(manifest))
    assert result.returncode == 1
    assert "\x1b" not in result.stderr
    assert len(result.stderr.splitlines()) == 2  # the message and its hint


@pytest.mark.parametrize(
    "name", ["Ann\x1b[2Jiversaries", "two\nlines", "tab\there", "bidi\u202eevil", "zero\u200bwidth"]
)
def test_a_calendar_name_with_controls_is_refused(tmp_path, name):
    result = run_process("export", "ics", "--years", "2026", "--name", name)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "--name contains the character" in result.stderr
    manifest = tmp_path / "manifest.toml"
    manifest.write_text(
        f'[[export]]\nfile = "a.ics"\nyears = "2026:2026"\nname = {json.dumps(name)}\n'
    )
    result = run_process("export", "manifest", str(manifest))
    assert result.returncode == 1 and "name contains the character" in result.stderr
    assert not (tmp_path / "a.ics").exists()


# --- confusables and invisibles -----------------------------------------------------------------------

CANADA = """\
- code: PER
  name: Peru
- code: VNM
  name: Viet Nam
- code: CAN
  name: Canada
- code: COC
  name: Coco
- code: XCA
  name: {other}
"""


@pytest.mark.parametrize(
    ("other", "says"),
    [
        ("C\u0430nada", "mixes Latin letters with Cyrillic"),  # Cyrillic а
        ("Canada\u200b", "invisible character U+200B"),
        ("Can\u200dada", "invisible character U+200D"),
        ("\uff23anada", "already belongs to CAN ('Canada')"),  # full-width C
        ("CANADA", "already belongs to CAN ('Canada')"),
        ("\u0421\u043e\u0441\u043e", "looks the same as 'Coco' of COC"),  # all Cyrillic
    ],
)
def test_a_party_name_that_only_looks_like_another_is_refused(tmp_path, other, says):
    folder = collection(tmp_path, parties=CANADA.format(other=other))
    result = run_process("--events", str(folder), "validate")
    assert result.returncode == 1, result.stdout
    assert says in result.stderr
    assert "parties.yaml" in result.stderr


def test_a_wholly_cyrillic_name_is_a_name(tmp_path):
    folder = collection(tmp_path, parties=CANADA.format(other="Россия"))
    result = run_process("--events", str(folder), "validate")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "title",
    [
        "rel\u200cations",  # a non-joiner between Latin letters hides the word from --text
        "A\u2028B",  # a line separator in a one-line field
        "A\u200bB",
        "A\u3164B",  # a Hangul filler: a letter that shows nothing
        "A\ufff9B\ufffbC",  # interlinear annotation
        "A\U000e0041B",  # a tag character
    ],
)
def test_invisible_characters_are_refused_in_every_text(tmp_path, title):
    folder = collection(tmp_path, record=RECORD.format(title=json.dumps(title)))
    result = run_process("--events", str(folder), "validate")
    assert result.returncode == 1, result.stdout
    # The YAML parser itself refuses a tag character; the rest reach the field's check.
    assert "title: contains the" in result.stderr or "malformed YAML" in result.stderr


def test_a_joiner_a_script_needs_is_kept_and_search_sees_through_it(tmp_path):
    title = json.dumps("می\u200cخواهم Peru")  # Persian writes a non-joiner inside words
    folder = collection(tmp_path, record=RECORD.format(title=title))
    for words in ("می\u200cخواهم", "میخواهم"):
        result = run_process("--events", str(folder), "list", "--text", words)
        assert result.returncode == 0, result.stderr
        assert "per-vnm-1994-relations" in result.stdout


@pytest.mark.parametrize("mark", ["\u061c", "\u200e", "\u200f", "\u2067"])
def test_every_bidirectional_mark_is_refused_alike(tmp_path, mark):
    folder = collection(tmp_path, record=RECORD.format(title=f'"Peru {mark} Viet Nam"'))
    result = run_process("--events", str(folder), "validate")
    assert result.returncode == 1
    assert f"bidirectional control U+{ord(mark):04X}" in result.stderr


@pytest.mark.parametrize("field", ["date", "revised"])
@pytest.mark.parametrize("digits", ["١٩٩٤-١١-١٤", "１９９４-１１-１４", "۱۹۹۴-۱۱-۱۴"])
def test_dates_are_written_in_ascii_digits_in_every_field(tmp_path, field, digits):
    record = RECORD.format(title="Relations")
    if field == "date":
        record = record.replace("1994-11-14", digits)
    else:
        record += f"  revised: {digits}\n"
    result = run_process("--events", str(collection(tmp_path, record=record)), "validate")
    assert result.returncode == 1, result.stdout
    assert f"{field}: " in result.stderr


def test_the_folding_and_skeleton_rules():
    assert fold("rel\u200cations") == "relations"
    assert skeleton("C\u0430nada") == skeleton("Canada") == skeleton("\uff23anada")
    assert skeleton("Россия") == skeleton("Poccия")  # a Cyrillic Р, о, с look Latin
    assert mixed_scripts("C\u0430nada") == "C\u0430nada"
    assert mixed_scripts("Viet Nam") is None and mixed_scripts("Ελλάδα") is None
    assert one_line("a\nb\x1b") == "a\\u000ab\\u001b"


@pytest.mark.parametrize(
    "name",
    ["ශ්\u200dරී ලංකාව", "ایران\u200cزمین", "Ελλάδα", "中国", "Côte d’Ivoire", "Оман"],
)
def test_names_in_scripts_that_need_joiners_or_other_letters_are_names(tmp_path, name):
    folder = collection(tmp_path, parties=CANADA.format(other=json.dumps(name)))
    result = run_process("--events", str(folder), "validate")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", ["Can\u200dada", "\u200dSri", "ශ්\u200b"])
def test_a_joiner_between_latin_letters_or_at_an_edge_is_refused(tmp_path, name):
    folder = collection(tmp_path, parties=CANADA.format(other=json.dumps(name)))
    result = run_process("--events", str(folder), "validate")
    assert result.returncode == 1 and "invisible character" in result.stderr


def test_a_manifest_description_may_have_several_lines(tmp_path):
    manifest = tmp_path / "manifest.toml"
    manifest.write_text(
        '[[export]]\nfile = "a.ics"\nyears = "2026:2026"\n'
        'description = """First line.\nSecond line."""\n'
    )
    result = run_process("export", "manifest", str(manifest))
    assert result.returncode == 0, result.stderr
    assert "DESCRIPTION:First line.\\nSecond line." in (tmp_path / "a.ics").read_text()


def test_an_events_folder_whose_name_is_not_utf8_works(tmp_path):
    import os

    folder = os.path.join(os.fsencode(tmp_path), b"\xe9v\xe9nements")
    shutil.copytree(os.fsencode(EVENTS), folder)
    _age(folder)  # old enough to be cached: the second run answers from the cache
    for _ in range(2):
        result = run_process("--events", os.fsdecode(folder), "validate")
        assert result.returncode == 0, result.stderr
        assert "\\udce9v\\udce9nements: 94 events" in result.stdout
    assert run_process("--events", os.fsdecode(folder), "on", "11-14").returncode == 0


def test_every_bidirectional_mark_is_made_visible_in_messages():
    assert one_line("a\u200fb\u061cc\u200ed") == "a\\u200fb\\u061cc\\u200ed"
    assert one_line("caf\udce9") == "caf\\udce9"


def test_a_file_whose_name_is_not_utf8_is_read_and_named(tmp_path):
    import os

    folder = os.fsencode(tmp_path / "events")
    shutil.copytree(os.fsencode(EVENTS), folder)
    os.rename(os.path.join(folder, b"vnm.yaml"), os.path.join(folder, b"v\xe9n.yaml"))
    _age(folder)
    for _ in range(2):  # built, then from the cache (or read again where it cannot hold it)
        result = run_process("--events", os.fsdecode(folder), "list", "--party", "VNM")
        assert result.returncode == 0, result.stderr
        assert "vnm-1994-11-14-relations" in result.stdout


def _age(folder: bytes) -> None:
    """Date every file a minute back (a file modified within two seconds is not cached)."""
    import os
    import time

    past = time.time() - 60
    for name in os.listdir(folder):
        os.utime(os.path.join(folder, name), (past, past))


@pytest.mark.parametrize(
    "title",
    [
        "👩\u200d👩\u200d👧\u200d👦 family",
        "🏳️\u200d🌈 flag",
        "👩🏽\u200d⚕️ doctor",
    ],
)
def test_a_joiner_inside_an_emoji_is_part_of_it(tmp_path, title):
    folder = collection(tmp_path, record=RECORD.format(title=json.dumps(title, ensure_ascii=False)))
    result = run_process("--events", str(folder), "validate")
    assert result.returncode == 0, result.stderr
