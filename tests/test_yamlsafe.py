"""The one YAML loader: strings only, nothing implicit, every line remembered, bounded."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dipltime.errors import DataError
from dipltime.store.yamlsafe import MAX_DEPTH, parse_yaml


def _parse(text: str):
    return parse_yaml(text.encode("utf-8"), "t.yaml")


def _refusal(text: str) -> tuple[int | None, str]:
    with pytest.raises(DataError) as info:
        _parse(text)
    (problem,) = info.value.problems
    return problem.line, problem.message


def test_every_scalar_is_the_string_the_author_wrote():
    doc = _parse("- a: NO\n  b: 1:20\n  c: 2024-11-14\n  d: 012\n  e: ~\n  f:\n  g: 'yes'\n")
    assert doc.data == [
        {"a": "NO", "b": "1:20", "c": "2024-11-14", "d": "012", "e": "~", "f": "", "g": "yes"}
    ]


def test_the_line_of_every_key_and_item_is_kept():
    doc = _parse("- id: a\n  sources:\n    - title: x\n      date: y\n- id: b\n")
    assert doc.lines[(0,)] == 1
    assert doc.lines[(0, "sources", 0, "date")] == 4
    assert doc.lines[(1, "id")] == 5
    assert doc.line_of((0, "sources", 0, "missing")) == 3


def test_a_repeated_key_is_recorded_and_the_first_value_kept():
    doc = _parse("- id: a\n  title: first\n  title: second\n  summary: s\n")
    assert doc.data == [{"id": "a", "title": "first", "summary": "s"}]
    assert doc.repeated == [((0, "title"), 3)]


def test_a_repeated_key_with_a_nested_value_does_not_disturb_the_rest():
    doc = _parse("- id: a\n  sources: [x]\n  sources:\n    - y\n  kind: k\n")
    assert doc.data == [{"id": "a", "sources": ["x"], "kind": "k"}]


def test_a_yaml_bomb_is_refused_at_its_first_anchor():
    bomb = 'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b]\nd: [*c,*c,*c,*c]\n'
    assert _refusal(bomb) == (1, "an anchor (&a) is not allowed")


def test_nesting_is_capped():
    deep = "x: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n"
    assert "nested more than" in _refusal(deep)[1]
    shallow = "x: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert _parse(shallow).data["x"] is not None


def test_very_deep_nesting_cannot_crash_the_process():
    """The C parser's own composer recurses until it crashes; ours refuses instead."""
    code = (
        "import sys\n"
        "from dipltime.store.yamlsafe import parse_yaml\n"
        "from dipltime.errors import DataError\n"
        "try:\n"
        "    parse_yaml(b'[' * 200000, 'deep.yaml')\n"
        "except DataError as e:\n"
        "    print(e.problems[0].message)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "nested more than" in result.stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- !!python/object/apply:os.system ['true']\n", "the tag"),
        ("- !!binary aGk=\n", "the tag"),
        ("- !!map {a: b}\n", "the tag"),
        ("- {<<: {a: b}}\n", "merge keys (<<) are not allowed"),
        ("- *undefined\n", "an alias (*undefined) is not allowed"),
        ("- a\n---\n- b\n", "more than one YAML document"),
        ("- {[a]: b}\n", "a mapping key must be plain text"),
    ],
)
def test_constructs_that_build_or_share_objects_are_refused(text, message):
    assert message in _refusal(text)[1]


def test_a_quoted_merge_key_is_an_ordinary_key():
    assert _parse("'<<': x\n").data == {"<<": "x"}


def test_not_utf8_names_the_line():
    with pytest.raises(DataError) as info:
        parse_yaml(b"- a\n- b\n- caf\xe9\n", "t.yaml")
    assert info.value.problems[0].line == 3
    assert "not UTF-8" in info.value.problems[0].message


def test_a_nul_byte_means_not_text():
    with pytest.raises(DataError, match="1 problem") as info:
        parse_yaml(b"- a\n\x00\n", "t.yaml")
    assert info.value.problems[0].line == 2


def test_an_empty_document_has_no_data():
    assert _parse("").data is None
    assert _parse("# only a comment\n").data is None
