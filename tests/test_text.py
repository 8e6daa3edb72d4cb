"""Ordinals, accent-insensitive folding, neutralising control characters."""

from __future__ import annotations

import pytest

from dipltime.domain.text import fold, neutralise, ordinal


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (10, "10th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (14, "14th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (30, "30th"),
        (101, "101st"),
        (102, "102nd"),
        (103, "103rd"),
        (111, "111th"),
        (112, "112th"),
        (113, "113th"),
        (121, "121st"),
        (200, "200th"),
        (211, "211th"),
        (1001, "1001st"),
        (1011, "1011th"),
    ],
)
def test_english_ordinals(number, text):
    assert ordinal(number) == text


def test_there_is_no_zeroth_anniversary():
    with pytest.raises(ValueError):
        ordinal(0)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("luong cuong", "Lương Cường"),
        ("viet nam", "Việt Nam"),
        ("VIET NAM", "Viet Nam"),
        ("peru", "Perú"),
        ("mexico", "México"),
        ("bui van nghi", "Bùi Văn Nghị"),
        ("dong", "Đồng"),
        ("peru viet nam", "Peru–Viet Nam"),
        ("brasilia", "Brasília"),
        ("ελλαδα", "Ελλάδα"),
        ("москва", "Москва́"),
    ],
)
def test_matching_ignores_case_accents_and_dashes(typed, stored):
    assert fold(typed) == fold(stored)


def test_control_sequences_become_visible_text():
    assert neutralise("a\x1b[31mred\x1b[0m") == "a\\u001b[31mred\\u001b[0m"
    assert neutralise("left\u202eright") == "left\\u202eright"
    assert neutralise("Lương Cường\nline") == "Lương Cường\nline"


def test_no_unsafe_character_passes_for_printable_text():
    """neutralise() returns printable text untouched: that is safe only if every character
    it must escape is one Python calls unprintable."""
    from dipltime.domain.text import UNSAFE_CHARS

    unsafe = [chr(c) for c in range(0x110000) if UNSAFE_CHARS.match(chr(c))]
    # C0 but tab and line feed, the other C0, DEL and C1, the overrides, the isolates,
    # the three bidirectional marks, and the 2,048 surrogates.
    assert len(unsafe) == 9 + 21 + 33 + 5 + 4 + 3 + 2048
    assert not [c for c in unsafe if c.isprintable()]
    assert all(neutralise(f"a{c}b") != f"a{c}b" for c in unsafe)
