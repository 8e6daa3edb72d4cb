"""Atomic writes: a reader sees the old file or the new one, never a half-written one.

Faults are injected at named points (before the rename, during the flush, on
creating the temporary file) rather than with permissions, which root ignores.
"""

from __future__ import annotations

import os
import tempfile

import pytest

from dipltime.errors import DipltimeError
from dipltime.safeio import write_atomic


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_writes_the_whole_file(tmp_path):
    target = tmp_path / "a.ics"
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert _leftovers(tmp_path) == []


def test_a_failure_between_write_and_rename_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "a.ics"
    target.write_bytes(b"old")

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(DipltimeError, match="No space left on device") as info:
        write_atomic(target, b"new")
    assert "previous file is unchanged" in info.value.hint
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_a_failure_while_flushing_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "a.ics"
    target.write_bytes(b"old")

    def fail(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(DipltimeError, match="Input/output error"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_an_interruption_before_the_rename_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "a.ics"
    target.write_bytes(b"old")

    def interrupt(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_a_folder_that_refuses_the_temporary_file_is_a_clear_error(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(DipltimeError, match="cannot write .*Permission denied"):
        write_atomic(tmp_path / "a.ics", b"new")


def test_a_leftover_temporary_file_does_not_get_in_the_way(tmp_path):
    (tmp_path / ".a.ics.stale.tmp").write_bytes(b"half")
    write_atomic(tmp_path / "a.ics", b"new")
    assert (tmp_path / "a.ics").read_bytes() == b"new"
