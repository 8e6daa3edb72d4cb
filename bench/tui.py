"""Time the browser headless: opening to its first idle screen, and a search while typing.

    .venv/bin/python bench/tui.py [--sizes 39,100000] [--runs 5]

"39" means the bundled events; other sizes are generated with bench/generate.py
into a temporary folder. Loading the YAML is timed apart from the browser: the
app receives loaded events. Reports medians with min–max over the runs.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import generate  # noqa: E402

from dipltime.domain.core import Settings  # noqa: E402
from dipltime.domain.model import Collection  # noqa: E402
from dipltime.store.loading import bundled_events_dir, load_collection  # noqa: E402

TODAY = dt.date(2026, 11, 14)


async def _open_and_search(collection: Collection) -> tuple[float, float, float, float]:
    from dipltime.tui.app import DipltimeApp

    start = time.perf_counter()
    app = DipltimeApp(collection, TODAY, Settings())
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        opened = time.perf_counter() - start
        # One key of a search: from the key press to the repainted timeline.
        await pilot.press("slash")
        t0 = time.perf_counter()
        await pilot.press("7")
        await app.workers.wait_for_complete()
        await pilot.pause()
        searched = time.perf_counter() - t0
        # A second key: the folded texts are ready, only comparing remains.
        t0 = time.perf_counter()
        await pilot.press("0")
        await app.workers.wait_for_complete()
        await pilot.pause()
        searched_again = time.perf_counter() - t0
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        # Moving the cursor one row (the detail pane follows).
        t0 = time.perf_counter()
        await pilot.press("j")
        await pilot.pause()
        moved = time.perf_counter() - t0
    return opened, searched, searched_again, moved


def _fmt(samples: list[float]) -> str:
    return (
        f"{statistics.median(samples) * 1000:7.0f} ms "
        f"({min(samples) * 1000:.0f}–{max(samples) * 1000:.0f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="39,100000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(
        f"{'events':>8}  {'load YAML':>22}  {'open to idle':>22}  {'first search key':>22}  "
        f"{'next search key':>22}  {'cursor move':>22}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(bundled_events_dir()) if size == 39 else Path(tmp)
            if size != 39:
                generate(size, folder)
            loads, opens, searches, agains, moves = [], [], [], [], []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                collection = load_collection(folder)
                loads.append(time.perf_counter() - t0)
                opened, searched, again, moved = asyncio.run(_open_and_search(collection))
                opens.append(opened)
                searches.append(searched)
                agains.append(again)
                moves.append(moved)
            print(
                f"{len(collection.events):>8}  {_fmt(loads):>22}  {_fmt(opens):>22}  "
                f"{_fmt(searches):>22}  {_fmt(agains):>22}  {_fmt(moves):>22}"
            )


if __name__ == "__main__":
    main()
