"""Time whole dipltime commands against a bare interpreter, side by side in one run.

    .venv/bin/python bench/startup.py [--runs 21]

Each command runs as a separate process with the interpreter of the venv that
holds dipltime (not a shim), interleaved with ``python -c pass`` so that both
see the same machine load; the figure to read is the ratio of medians.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "python -c pass": ["-c", "pass"],
    "on 11-14": ["-m", "dipltime", "on", "11-14"],
    "list --party VNM": ["-m", "dipltime", "list", "--party", "VNM"],
    "upcoming": ["-m", "dipltime", "upcoming"],
    "anniversaries 2026": ["-m", "dipltime", "anniversaries", "2026"],
    "validate": ["-m", "dipltime", "validate"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    env = {**os.environ, "DIPLTIME_TODAY": "2026-11-23"}
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, argv in COMMANDS.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, *argv], env=env, stdout=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times["python -c pass"])
    print(f"{runs} runs each, interleaved; interpreter {sys.executable}")
    print(f"{'command':<22} {'median':>9} {'min–max':>17} {'× bare':>7}")
    for name, samples in times.items():
        median = statistics.median(samples)
        spread = f"{min(samples) * 1000:.0f}–{max(samples) * 1000:.0f} ms"
        print(f"{name:<22} {median * 1000:>6.0f} ms {spread:>17} {median / base:>6.1f}×")


if __name__ == "__main__":
    main()
