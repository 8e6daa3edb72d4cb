"""Time whole dipltime commands on collections of several sizes, against a bare interpreter.

    .venv/bin/python bench/run.py [--sizes bundled,1000,10000,100000] [--runs 5]

Each command runs as its own process with the interpreter of this venv (not a
shim), interleaved with ``python -c pass`` so both see the same machine load;
the ratio of medians is the figure to read. Peak RSS is the child's own
(``wait4``). Synthetic collections come from bench/generate.py. The TUI is
opened headless (Textual's pilot) to its first idle screen by bench/open_tui.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

TODAY = "2026-11-23"


def commands(folder: str, out: str, party: str) -> dict[str, list[str]]:
    dipltime = ["-m", "dipltime", "--events", folder]
    return {
        "python -c pass": ["-c", "pass"],
        "on 11-14": [*dipltime, "on", "11-14"],
        EDITED: [*dipltime, "on", "11-14"],
        UNCACHED: [*dipltime, "on", "11-14"],
        "list --party": [*dipltime, "list", "--party", party],
        "list (all, to a file)": [*dipltime, "list"],
        "upcoming": [*dipltime, "upcoming"],
        "anniversaries 2026": [*dipltime, "anniversaries", "2026"],
        "validate": [*dipltime, "validate"],
        "export ics (one year)": [*dipltime, "export", "ics", "--years", "2026:2026", "-o", out],
        "tui (open, headless)": [str(HERE / "open_tui.py"), folder],
    }


def run_once(argv: list[str], cache: str) -> tuple[float, int]:
    """Wall time in seconds and peak RSS in KiB of one process."""
    env = {**os.environ, "DIPLTIME_TODAY": TODAY, "DIPLTIME_CACHE": cache}
    with open(os.devnull, "wb") as sink:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, *argv], stdout=sink, stderr=sink, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"failed ({child.returncode}): {' '.join(argv)}")
    return elapsed, usage.ru_maxrss


EDITED = "on 11-14, one file edited"
UNCACHED = "on 11-14, no cache"


def run_named(name: str, argv: list[str], cache: str, edited: Path) -> tuple[float, int]:
    """Run one command; the "edited" one first gives a file a new signature (not a racy one)."""
    if name == EDITED:
        past = time.time() - 3600
        os.utime(edited, (past, past))
    return run_once(argv, "off" if name == UNCACHED else cache)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="bundled,1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"interpreter {sys.executable}; {args.runs} runs each, interleaved with a bare one")
    print(
        f"{'events':>8}  {'command':<26} {'median':>9} {'min–max':>17} {'× bare':>7} "
        f"{'peak RSS':>9}"
    )
    for size in args.sizes.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            if size == "bundled":
                folder = str(HERE.parent / "events")
            else:
                folder = str(Path(tmp) / "events")
                generate(int(size), Path(folder))
            party = "VNM" if size == "bundled" else "P042"
            table = commands(folder, str(Path(tmp) / "a.ics"), party)
            cache = str(Path(tmp) / "cache")
            edited = sorted(p for p in Path(folder).rglob("*.yaml") if p.name != "parties.yaml")[0]
            times: dict[str, list[float]] = {name: [] for name in table}
            peaks: dict[str, int] = dict.fromkeys(table, 0)
            for name, argv in table.items():  # one warm-up each: fills the caches
                run_named(name, argv, cache, edited)
            for _ in range(args.runs):
                for name, argv in table.items():
                    elapsed, peak = run_named(name, argv, cache, edited)
                    times[name].append(elapsed)
                    peaks[name] = max(peaks[name], peak)
            bare = statistics.median(times["python -c pass"])
            for name, samples in times.items():
                median = statistics.median(samples)
                spread = f"{min(samples) * 1000:.0f}–{max(samples) * 1000:.0f} ms"
                print(
                    f"{size:>8}  {name:<26} {median * 1000:>6.0f} ms {spread:>17} "
                    f"{median / bare:>6.1f}× {peaks[name] / 1024:>6.0f} MB"
                )


if __name__ == "__main__":
    main()
