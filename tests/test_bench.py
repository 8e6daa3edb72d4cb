"""The benchmark suite keeps working: a 1,000-record smoke run (the full run stays out of CI)."""

from __future__ import annotations

import subprocess
import sys

from helpers import ROOT

COMMANDS = {
    "python -c pass",
    "python: stat every file (floor)",
    "on 11-14",
    "--lang es on 11-14",
    "on 11-14, one file edited",
    "on 11-14, first run",
    "on 11-14, no cache",
    "on 11 (the whole month)",
    "show ID",
    "list --party",
    "list (all, to a file)",
    "list --format csv (to a file)",
    "list --format md (to a file)",
    "fmt --check",
    "upcoming",
    "upcoming --milestones",
    "anniversaries 2026",
    "anniversaries 2026 --milestones",
    "validate",
    "export ics (one year)",
    "export ics (ten years)",
    "upcoming --days 36600",
    "tui (open, headless)",
    "tui (open, in a terminal)",
}


def test_the_benchmark_runs_on_a_generated_thousand_records():
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "1000", "--runs", "1"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.strip().startswith("1000")]
    assert {line[10:42].strip() for line in rows} == COMMANDS  # the fixed-width name column
    assert all("×" in line and "MB" in line for line in rows)
