"""Text fitted to a terminal: wrapping under a hanging indent, styles kept, cells counted."""

from __future__ import annotations

import re

import pytest

from dipltime.outputs.fitting import cells, hang, wrap
from dipltime.outputs.render import Style

SGR = re.compile(r"\x1b\[[0-9;]*m")
DIM = Style(color=True)


def plain(text: str) -> str:
    return SGR.sub("", text)


def test_a_wide_character_takes_two_cells_and_a_style_none():
    assert cells("Lương Cường") == 11
    assert cells("日本") == 4
    assert cells(DIM.dim("abc")) == 3


def test_wrapping_breaks_between_words_and_loses_none():
    text = "32nd anniversary of the establishment of Peru–Viet Nam diplomatic relations"
    lines = wrap(text, 20)
    assert all(cells(line) <= 20 for line in lines)
    assert " ".join(lines) == text


def test_a_word_longer_than_a_line_is_cut_after_its_hyphens():
    lines = wrap("according to VNS (vns-per-vnm-joint-declaration-report, x)", 20)
    assert all(cells(line) <= 20 for line in lines)
    assert (
        "".join(lines).replace(" ", "") == "accordingtoVNS(vns-per-vnm-joint-declaration-report,x)"
    )
    assert any(line.endswith("-") for line in lines)


def test_a_style_open_at_a_break_is_closed_there_and_opened_again_after_the_indent():
    text = DIM.dim(
        "relations established · Peru, Viet Nam · " + DIM.warn("date inferred") + " · id"
    )
    shown = hang("    ", text, "    ", 24).split("\n")
    for line in shown:
        body = line[4:]
        assert body.startswith("\x1b[")  # every line opens its style after the indent
        assert body.endswith("\x1b[0m")  # and closes it: the indent is never styled
        assert not line[:4].strip()
    assert plain(" ".join(line.strip() for line in shown)) == plain(text)


def test_dim_text_after_a_warning_is_dim_again():
    text = DIM.dim("kind · " + DIM.warn("date inferred") + " · some-id")
    after_warning = text.split("date inferred", 1)[1]
    assert after_warning.startswith("\x1b[0m\x1b[2m")  # reset, then dim again before the id


@pytest.mark.parametrize("width", [0, 200])
def test_without_a_width_or_with_room_the_text_is_one_line(width):
    assert hang("  14 Nov 1994  ", "the title", "                ", width) == (
        "  14 Nov 1994  the title"
    )


def test_a_word_with_no_place_to_break_is_cut_at_the_width_its_style_whole():
    title = DIM.star("日本国と中華人民共和国の外交関係の樹立")  # no spaces, two cells a character
    lines = wrap("the " + title, 10)
    assert all(cells(line) <= 10 for line in lines)
    assert plain("".join(lines)).replace(" ", "") == "the日本国と中華人民共和国の外交関係の樹立"
    assert all(line.count("\x1b[") % 2 == 0 for line in lines[1:])  # opened and closed
