"""What `export ics -o` and `export manifest` may write, and what they must leave alone.

Each case runs the real command. Devices are exercised as they are on every
machine (/dev/null, /dev/full); replacing a device node needs root, so that one
check runs only as root (as CI does) and says why elsewhere.
"""

from __future__ import annotations

import os
import stat
import textwrap

import pytest

from helpers import AS_A_USER, TODAY, run_process

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
EXPORT = ("export", "ics", "--years", "2026:2026", "--party", "MEX")


def export_to(target: str, *extra: str, cwd=None):
    return run_process(*EXPORT, *extra, "-o", target, cwd=cwd)


def assert_refused(result, code: int, *phrases: str) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    for phrase in phrases:
        assert phrase in result.stderr


DEVICES = {"null": (1, 3), "full": (1, 7)}


@pytest.fixture
def device(tmp_path, request):
    """A device node to export to. As root (whose rename would replace even /dev/null, as
    an earlier dipltime did), a node of the same device in a temporary folder, so that a
    regression destroys a copy, never the machine's own; else the real one, which a
    process without root cannot replace."""
    name = request.param
    if not IS_ROOT:
        return f"/dev/{name}"
    node = tmp_path / name
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(*DEVICES[name]))
    return str(node)


@pytest.mark.parametrize("device", sorted(DEVICES), indirect=True)
def test_a_device_is_written_to_never_replaced(device):
    before = os.stat(device)
    result = export_to(device)
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    if device.endswith("null"):
        assert result.returncode == 0, result.stderr
    else:
        assert_refused(result, 1, f"cannot write {device}", "No space left on device")


def test_a_named_pipe_is_written_to_directly(tmp_path):
    pipe = tmp_path / "pipe.ics"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = run_process(*EXPORT, "--years", "2026:2026", "-o", str(pipe))
        data = os.read(reader, 1 << 20)
    finally:
        os.close(reader)
    assert result.returncode == 0, result.stderr
    assert data.startswith(b"BEGIN:VCALENDAR")
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_a_dash_is_standard_output(tmp_path):
    result = run_process(*EXPORT, "-o", "-", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("BEGIN:VCALENDAR")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_is_refused(tmp_path):
    assert_refused(export_to(str(tmp_path)), 2, "is a folder")


def test_a_missing_folder_is_refused_not_created(tmp_path):
    target = tmp_path / "nope" / "deeper" / "a.ics"
    assert_refused(export_to(str(target)), 2, "does not exist", "create it first")
    assert not (tmp_path / "nope").exists()


def test_a_symlink_is_written_through_and_kept(tmp_path):
    real = tmp_path / "real.ics"
    assert export_to(str(real), "--name", "old").returncode == 0
    link = tmp_path / "link.ics"
    link.symlink_to(real)
    result = export_to(str(link), "--name", "new")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert "NAME:new" in real.read_text()


def test_a_file_dipltime_did_not_write_is_never_overwritten(tmp_path):
    notes = tmp_path / "notes.ics"
    notes.write_text("my own notes\n")
    assert_refused(export_to(str(notes)), 2, "is not a calendar dipltime wrote", "left untouched")
    assert notes.read_text() == "my own notes\n"
    # A calendar of its own is replaced.
    mine = tmp_path / "mine.ics"
    assert export_to(str(mine)).returncode == 0
    assert export_to(str(mine), "--name", "again").returncode == 0
    assert "NAME:again" in mine.read_text()


@pytest.mark.skipif(AS_A_USER is None, reason="run as root, without setpriv to drop its powers")
def test_an_unreadable_existing_target_is_a_clear_error(tmp_path):
    import subprocess
    import sys

    target = tmp_path / "a.ics"
    target.write_text("BEGIN:VCALENDAR\r\n")
    target.chmod(0)
    assert AS_A_USER is not None
    result = subprocess.run(
        [*AS_A_USER, sys.executable, "-m", "dipltime", *EXPORT, "-o", str(target)],
        env={**os.environ, "DIPLTIME_CACHE": "off", "DIPLTIME_TODAY": TODAY},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert_refused(result, 1, "cannot read", "Permission denied")
    target.chmod(0o644)
    assert target.read_text() == "BEGIN:VCALENDAR\n"


@pytest.mark.parametrize(
    "extra",
    [("--text", "no such words"), ("--party", "MEX", "--milestones", "--years", "2028:2028")],
)
def test_an_export_matching_nothing_writes_nothing_and_fails(tmp_path, extra):
    target = tmp_path / "empty.ics"
    result = run_process(*EXPORT, *extra, "-o", str(target))
    assert_refused(result, 1, "no events matched")
    assert not target.exists()
    to_stdout = run_process(*EXPORT, *extra)
    assert to_stdout.returncode == 1 and to_stdout.stdout == ""


# --- manifests --------------------------------------------------------------------------------------


def manifest(folder, body: str):
    folder.mkdir(exist_ok=True)
    path = folder / "manifest.toml"
    path.write_text(textwrap.dedent(body))
    return path


def test_a_manifest_cannot_write_through_a_linked_folder(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "partners").symlink_to(outside)
    path = manifest(exports, '[[export]]\nfile = "partners/mex.ics"\nyears = "2026:2026"\n')
    result = run_process("export", "manifest", str(path))
    assert_refused(result, 1, "leads outside the manifest's folder")
    assert list(outside.iterdir()) == []


def test_a_manifest_cannot_write_through_a_linked_file(tmp_path):
    outside = tmp_path / "victim.txt"
    outside.write_text("precious")
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "a.ics").symlink_to(outside)
    path = manifest(exports, '[[export]]\nfile = "a.ics"\nyears = "2026:2026"\n')
    assert_refused(run_process("export", "manifest", str(path)), 1, "leads outside")
    assert outside.read_text() == "precious"


def test_a_manifest_writes_nothing_if_one_entry_matches_nothing(tmp_path):
    exports = tmp_path / "exports"
    path = manifest(
        exports,
        """\
        [[export]]
        file = "good.ics"
        years = "2026:2026"
        [[export]]
        file = "empty.ics"
        years = "2026:2026"
        text = "no such words"
        """,
    )
    result = run_process("export", "manifest", str(path))
    assert_refused(result, 1, "empty.ics", "no events matched")
    assert sorted(p.name for p in exports.iterdir()) == ["manifest.toml"]


def test_a_manifest_never_replaces_a_file_it_did_not_write(tmp_path):
    exports = tmp_path / "exports"
    path = manifest(exports, '[[export]]\nfile = "a.ics"\nyears = "2026:2026"\n')
    (exports / "a.ics").write_text("someone else's")
    assert_refused(run_process("export", "manifest", str(path)), 2, "is not a calendar dipltime")
    assert (exports / "a.ics").read_text() == "someone else's"


def test_a_manifest_target_that_is_a_pipe_is_refused(tmp_path):
    exports = tmp_path / "exports"
    path = manifest(exports, '[[export]]\nfile = "a.ics"\nyears = "2026:2026"\n')
    os.mkfifo(exports / "a.ics")
    assert_refused(
        run_process("export", "manifest", str(path), timeout=30), 1, "not a regular file"
    )


def test_an_unreadable_target_is_reported_even_as_root(tmp_path, monkeypatch):
    """Root reads every file, so the refusal is injected where the file is opened."""
    from helpers import run_cli

    target = tmp_path / "a.ics"
    target.write_text("BEGIN:VCALENDAR\r\n")
    real_open = os.open

    def refuse(path, flags, *args, **kwargs):
        reading = not flags & (os.O_WRONLY | os.O_RDWR)
        if reading and os.path.basename(os.fspath(path)) == "a.ics":
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    result = run_cli(*EXPORT, "-o", str(target))
    assert result.code == 1 and "cannot read" in result.err and "Permission denied" in result.err
    path = manifest(tmp_path, '[[export]]\nfile = "a.ics"\nyears = "2026:2026"\n')
    result = run_cli("export", "manifest", str(path))
    assert result.code == 1 and "cannot read" in result.err, result.err
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\n"


def test_a_manifest_file_name_with_a_line_break_is_refused(tmp_path):
    exports = tmp_path / "exports"
    path = manifest(exports, '[[export]]\nfile = "a\\nb.ics"\nyears = "2026:2026"\n')
    assert_refused(run_process("export", "manifest", str(path)), 1, "printable characters")
    assert sorted(p.name for p in exports.iterdir()) == ["manifest.toml"]


def test_a_calendar_is_never_written_into_the_events_folder(tmp_path):
    import shutil

    from helpers import EVENTS

    events = tmp_path / "events"
    shutil.copytree(EVENTS, events)
    result = run_process("--events", str(events), *EXPORT, "-o", str(events / "new.yaml"))
    assert_refused(result, 2, "is inside the events folder")
    assert not (events / "new.yaml").exists()
    assert run_process("--events", str(events), "validate").returncode == 0


def test_a_manifest_folder_swapped_for_a_link_while_building_is_refused(tmp_path, monkeypatch):
    """The link appears between loading the manifest and writing (as another user could
    make it in a shared folder): the write is confined where it happens."""
    from dipltime.outputs import exports
    from helpers import run_cli

    outside = tmp_path / "outside"
    outside.mkdir()
    shared = tmp_path / "shared"
    path = manifest(shared, '[[export]]\nfile = "sub/x.ics"\nyears = "2026:2026"\n')
    build = exports.build_entry

    def build_then_swap(entry, collection):
        (shared / "sub").symlink_to(outside)
        return build(entry, collection)

    monkeypatch.setattr(exports, "build_entry", build_then_swap)
    result = run_cli("export", "manifest", str(path))
    assert result.code == 1 and "leads outside" in result.err, result.err
    assert list(outside.iterdir()) == []
