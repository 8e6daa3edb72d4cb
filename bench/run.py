"""Time whole dipltime commands on collections of several sizes, against a bare interpreter.

    .venv/bin/python bench/run.py [--sizes bundled,1000,10000,100000] [--runs 5]

A size ending in ``p`` (``100000p``) puts each counterpart's records in one file,
as the bundled events are, instead of one file per counterpart and decade.

Each command runs as its own process: the venv's ``dipltime`` script, as a
user types it, interleaved with ``python -c pass`` of the very interpreter that
script runs on, so both see the same machine load; the ratio of medians is the
figure to read. Peak RSS is the child's own (``wait4``); Linux counts it from
the fork, so the bare row's figure (this small process) is its floor. Synthetic collections
come from bench/generate.py. The TUI is opened headless (Textual's pilot) to
its first idle screen by bench/open_tui.py, through the same cache.

Size ``hsg`` is the Office of the Historian's three datasets (``--hsg``, by default the
project's ``../shared/data/historyatstate``) imported by ``dipltime import hsg``: the real
collection of 8,500 records; its rows add the import itself, into a new folder and again
into the same one (nothing changed).

"first run" builds the cache from nothing (a new cache folder each time); "no
cache" reads and validates every file (``DIPLTIME_CACHE=off``); "one file
edited" gives one file a new signature before each run, so that exactly one
file is read again. "export ics (ten years)" is the default export (this year and
the nine after; ``--large`` where the version has it) and, with "upcoming --days
36600" (a century, the longest window), is measured once, without a warm-up: each
takes minutes at 100,000 records. "tui (open, in a terminal)" starts ``dipltime tui``
in a pseudo-terminal of 120×40 and times it to its first usable screen (the
timeline's caption, painted with its rows), then quits it with ``q``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

TODAY = "2026-11-23"
WIDTH = 32
"""The width of the command column (tests/test_bench.py reads it)."""


SCRIPT = Path(sys.executable).with_name("dipltime")
"""The console script of this venv; ``python -m dipltime`` where there is none."""


def commands(folder: str, out: str, party: str, record: str) -> dict[str, list[str]]:
    if SCRIPT.is_file():
        dipltime = [str(SCRIPT), "--events", folder]
    else:
        dipltime = [sys.executable, "-m", "dipltime", "--events", folder]
    # A version that refuses a calendar over 1 MB writes it with --large (an older one
    # has no such flag, and writes any size).
    helped = subprocess.run([*dipltime, "export", "ics", "--help"], capture_output=True, text=True)
    large = ["--large"] if "--large" in helped.stdout else []
    return {
        BARE: [sys.executable, "-c", "pass"],
        FLOOR: [sys.executable, "-c", STAT_EVERY_FILE, folder],
        "on 11-14": [*dipltime, "on", "11-14"],
        EDITED: [*dipltime, "on", "11-14"],
        FIRST: [*dipltime, "on", "11-14"],
        UNCACHED: [*dipltime, "on", "11-14"],
        "--lang es on 11-14": [*dipltime, "--lang", "es", "on", "11-14"],
        "on 11 (the whole month)": [*dipltime, "on", "11"],
        "show ID": [*dipltime, "show", record],
        "list --party": [*dipltime, "list", "--party", party],
        LIST_ALL: [*dipltime, "list"],
        LIST_CSV: [*dipltime, "list", "--format", "csv"],
        LIST_MD: [*dipltime, "list", "--format", "md"],
        "upcoming": [*dipltime, "upcoming"],
        "upcoming --milestones": [*dipltime, "upcoming", "--milestones"],
        "anniversaries 2026": [*dipltime, "anniversaries", "2026"],
        "anniversaries 2026 --milestones": [*dipltime, "anniversaries", "2026", "--milestones"],
        "validate": [*dipltime, "validate"],
        FMT_CHECK: [*dipltime, "fmt", "--check"],
        "export ics (one year)": [
            *dipltime,
            "export",
            "ics",
            "--years",
            "2026:2026",
            "-o",
            out,
            *large,
        ],
        EXPORT10: [*dipltime, "export", "ics", "-o", out, *large],
        UPCOMING_MAX: [*dipltime, "upcoming", "--days", "36600"],
        "tui (open, headless)": [sys.executable, str(HERE / "open_tui.py"), folder],
        TUI_TERMINAL: [*dipltime, "tui"],
    }


def run_in_a_terminal(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Start the browser in a pseudo-terminal of 120×40: the time until its first usable
    screen (the timeline's caption drawn, which comes with its rows), and its peak RSS."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    main, child_end = pty.openpty()
    fcntl.ioctl(child_end, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    start = time.perf_counter()
    child = subprocess.Popen(
        argv,
        stdin=child_end,
        stdout=child_end,
        stderr=child_end,
        env={**env, "TERM": "xterm-256color"},
        start_new_session=True,
    )
    os.close(child_end)
    seen = b""
    elapsed = None
    while elapsed is None:
        ready, _, _ = select.select([main], [], [], 120)
        if not ready:
            child.kill()
            raise SystemExit(f"no first screen in 120 s: {' '.join(argv)}")
        seen = (seen + os.read(main, 65536))[-4096:]
        if TUI_READY in seen:
            elapsed = time.perf_counter() - start
    os.write(main, b"q")
    while True:  # keep reading, or the browser blocks on a full terminal
        ready, _, _ = select.select([main], [], [], 0.2)
        if ready:
            try:
                if not os.read(main, 65536):
                    break
            except OSError:
                break
        elif child.poll() is not None:
            break
    _, status, usage = os.wait4(child.pid, 0)
    os.close(main)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(argv)}")
    return elapsed, usage.ru_maxrss


TUI_READY = b"oldest first"
"""What the browser's timeline caption ends with ("N of N events, oldest first")."""


def run_once(
    argv: list[str], cache: str, output: str = os.devnull, allowed: int = 0
) -> tuple[float, int]:
    """Wall time in seconds and peak RSS in KiB of one process."""
    env = {**os.environ, "DIPLTIME_TODAY": TODAY, "DIPLTIME_CACHE": cache}
    if argv[-1] == "tui":
        return run_in_a_terminal(argv, env)
    with open(output, "wb") as sink:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=sink, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, allowed):
        raise SystemExit(f"failed ({child.returncode}): {' '.join(argv)}")
    return elapsed, usage.ru_maxrss


BARE = "python -c pass"
FLOOR = "python: stat every file (floor)"
STAT_EVERY_FILE = (
    "import os, sys\n"
    "for folder, _, files in os.walk(sys.argv[1]):\n"
    "    for name in files:\n"
    "        os.stat(os.path.join(folder, name))\n"
)
"""What any lookup that trusts no file unseen must do: one stat per file (no imports)."""
EDITED = "on 11-14, one file edited"
FIRST = "on 11-14, first run"
UNCACHED = "on 11-14, no cache"
LIST_ALL = "list (all, to a file)"
LIST_CSV = "list --format csv (to a file)"
LIST_MD = "list --format md (to a file)"
FMT_CHECK = "fmt --check"
"""Reads and rewrites every file in memory, writes nothing; exits 1 when one would change
(a generated collection is not in fmt's form), which is no failure here."""
EXPORT10 = "export ics (ten years)"
UPCOMING_MAX = "upcoming --days 36600"
TUI_TERMINAL = "tui (open, in a terminal)"
ONCE = {EXPORT10, UPCOMING_MAX}
"""Rows measured once, without a warm-up (a minute or more each at 100,000 records)."""
IMPORT = "import hsg (into a new folder)"
REIMPORT = "import hsg (again, unchanged)"
SHARED = HERE.parent.parent / "shared" / "data" / "historyatstate"


def run_named(name: str, argv: list[str], cache: str, edited: Path, tmp: str) -> tuple[float, int]:
    """Run one command; the "edited" one first gives a file a new signature (not a racy one)."""
    if name == EDITED:
        past = time.time() - 3600 - random.random()
        os.utime(edited, (past, past))
    if name == FIRST:
        cache = tempfile.mkdtemp(dir=tmp)
    if name == IMPORT:
        argv = [*argv, str(Path(tempfile.mkdtemp(dir=tmp)) / "events")]
    output = str(Path(tmp) / "list.txt") if name in (LIST_ALL, LIST_CSV, LIST_MD) else os.devnull
    allowed = 1 if name == FMT_CHECK else 0
    return run_once(argv, "off" if name == UNCACHED else cache, output, allowed)


def compile_bytecode() -> None:
    """Compile dipltime's bytecode as ``pip install`` does, so that no run pays for compiling
    (an editable install under ``PYTHONDONTWRITEBYTECODE`` would recompile every time)."""
    import compileall

    import dipltime

    compileall.compile_dir(os.path.dirname(dipltime.__file__), quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="bundled,1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--hsg", default=str(SHARED), help="the datasets for the size hsg")
    parser.add_argument(
        "--skip",
        default="",
        help="rows not to measure, as SIZE:ROW separated by ';' (e.g. an older version's "
        "century of upcoming at 100000, which needs 13 GB)",
    )
    args = parser.parse_args()
    compile_bytecode()
    print(f"interpreter {sys.executable}; {args.runs} runs each, interleaved with a bare one")
    print(
        f"{'events':>8}  {'command':<{WIDTH}} {'median':>9} {'min–max':>17} {'× bare':>7} "
        f"{'peak RSS':>9}"
    )
    for size in args.sizes.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            extra: dict[str, list[str]] = {}
            if size == "bundled":
                folder = str(HERE.parent / "events")
            elif size == "hsg":
                folder = str(Path(tmp) / "events")
                script = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "dipltime"]
                importing = [*script, "import", "hsg", args.hsg]
                subprocess.run([*importing, folder], check=True, stdout=subprocess.DEVNULL)
                extra = {IMPORT: importing, REIMPORT: [*importing, folder]}
            else:
                folder = str(Path(tmp) / "events")
                # In a child: this process must stay small, as its size at the fork of
                # each command is counted in that command's peak RSS.
                subprocess.run(
                    [
                        sys.executable,
                        str(HERE / "generate.py"),
                        size.removesuffix("p"),
                        folder,
                        *(["--one-file-per-party"] if size.endswith("p") else []),
                    ],
                    check=True,
                )
            party = {"bundled": "VNM", "hsg": "PER"}.get(size, "P042")
            registries = {"parties.yaml", "sources.yaml", "collection.yaml"}
            edited = sorted(p for p in Path(folder).rglob("*.yaml") if p.name not in registries)[0]
            record = edited.read_text(encoding="utf-8").split("id: ", 1)[1].split()[0]
            table = {**commands(folder, str(Path(tmp) / "a.ics"), party, record), **extra}
            for skipped in filter(None, args.skip.split(";")):
                where, _, name = skipped.partition(":")
                if where == size:
                    table.pop(name, None)
            cache = str(Path(tmp) / "cache")
            times: dict[str, list[float]] = {name: [] for name in table}
            peaks: dict[str, int] = dict.fromkeys(table, 0)
            for name, argv in table.items():  # one warm-up each: fills the caches
                if name not in ONCE:
                    run_named(name, argv, cache, edited, tmp)
            for run in range(args.runs):
                for name, argv in table.items():
                    if name in ONCE and run:
                        continue
                    elapsed, peak = run_named(name, argv, cache, edited, tmp)
                    times[name].append(elapsed)
                    peaks[name] = max(peaks[name], peak)
            bare = statistics.median(times[BARE])
            for name, samples in times.items():
                median = statistics.median(samples)
                spread = f"{min(samples) * 1000:.0f}–{max(samples) * 1000:.0f} ms"
                print(
                    f"{size:>8}  {name:<{WIDTH}} {median * 1000:>6.0f} ms {spread:>17} "
                    f"{median / bare:>6.1f}× {peaks[name] / 1024:>6.0f} MB"
                )


if __name__ == "__main__":
    main()
