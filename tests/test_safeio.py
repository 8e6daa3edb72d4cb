"""Atomic writes: a reader sees the old file or the new one, never a half-written one.

Faults are injected at named points (before the rename, during the flush, on
creating the temporary file) rather than with permissions, which root ignores.
"""

from __future__ import annotations

import os

import pytest

from dipltime.errors import DipltimeError
from dipltime.outputs import safeio
from dipltime.outputs.safeio import write_atomic


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

    def fail(*args, **kwargs):
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

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_a_folder_that_refuses_the_temporary_file_is_a_clear_error(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(safeio, "_temporary", refuse)
    with pytest.raises(DipltimeError, match="cannot write .*Permission denied"):
        write_atomic(tmp_path / "a.ics", b"new")


def test_a_leftover_temporary_file_does_not_get_in_the_way(tmp_path):
    (tmp_path / ".a.ics.stale.tmp").write_bytes(b"half")
    write_atomic(tmp_path / "a.ics", b"new")
    assert (tmp_path / "a.ics").read_bytes() == b"new"


def test_a_link_to_nothing_is_refused(tmp_path):
    (tmp_path / "cal.ics").symlink_to(tmp_path / "elsewhere" / "planted.conf")
    with pytest.raises(DipltimeError, match="symbolic link to nothing"):
        write_atomic(tmp_path / "cal.ics", b"new")
    assert not (tmp_path / "elsewhere").exists()


def test_a_replaced_file_keeps_its_mode_and_a_new_one_follows_the_umask(tmp_path):
    kept = tmp_path / "kept.ics"
    kept.write_bytes(b"old")
    kept.chmod(0o600)
    write_atomic(kept, b"new")
    assert kept.stat().st_mode & 0o777 == 0o600
    mask = os.umask(0o077)
    try:
        write_atomic(tmp_path / "new.ics", b"new")
    finally:
        os.umask(mask)
    assert (tmp_path / "new.ics").stat().st_mode & 0o777 == 0o600


def test_a_folder_swapped_for_a_link_out_is_refused_when_confined(tmp_path):
    inside = tmp_path / "exports"
    outside = tmp_path / "outside"
    inside.mkdir()
    outside.mkdir()
    (inside / "partners").symlink_to(outside)
    with pytest.raises(DipltimeError, match="leads outside"):
        write_atomic(inside / "partners" / "x.ics", b"new", inside=str(inside))
    assert list(outside.iterdir()) == []


def test_standard_output_named_as_a_file_is_written_as_it_is(tmp_path):
    import subprocess
    import sys

    log = tmp_path / "log.txt"
    log.write_text("before\n")
    code = (
        "from dipltime.outputs.safeio import write_atomic; import os; "
        "write_atomic('/dev/stdout', b'middle\\n'); os.write(1, b'after\\n')"
    )
    with log.open("a") as appending:
        subprocess.run([sys.executable, "-c", code], stdout=appending, check=True)
    assert log.read_text() == "before\nmiddle\nafter\n"


def test_a_pipe_nobody_reads_is_an_error_not_a_wait(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(DipltimeError, match="no program is reading the named pipe"):
        write_atomic(pipe, b"new")


def test_a_pipe_whose_reader_stops_reading_is_an_error_not_a_hang(tmp_path, monkeypatch):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # open, and never read
    monkeypatch.setattr(safeio, "PIPE_WAIT", 0.5)
    try:
        with pytest.raises(DipltimeError, match="stopped reading after [0-9]+ bytes"):
            write_atomic(pipe, b"x" * 200_000)
    finally:
        os.close(reader)
