"""The code stays linted, formatted and strictly typed (configured in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

from helpers import ROOT


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_ruff_lint_passes():
    result = _run("ruff", "check", "src", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_applied():
    result = _run("ruff", "format", "--check", "src", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_passes():
    result = _run("mypy", "src")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_manual_page_is_what_the_parser_gives_and_man_reads_it():
    import os
    import shutil

    fresh = subprocess.run(
        [sys.executable, "tools/manpage.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert fresh.returncode == 0, fresh.stderr
    if shutil.which("man") is None:
        import pytest

        pytest.skip("man is not installed (apt-get install man-db)")
    shown = subprocess.run(
        ["man", "--warnings", "-l", str(ROOT / "docs" / "dipltime.1")],
        env={**os.environ, "MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert shown.returncode == 0 and shown.stderr == "", shown.stderr
    text = " ".join(shown.stdout.split())
    for command in ("dipltime on", "dipltime list", "dipltime completion", "dipltime export ics"):
        assert f"COMMAND '{command}'" in text
    assert "may also follow the command" in text
