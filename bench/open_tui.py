"""Open the browser headless on a collection and stop at its first idle screen (for bench/run.py).

python bench/open_tui.py EVENTS_DIR
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
from pathlib import Path

from dipltime.domain.core import Settings
from dipltime.store.browsing import open_for_browsing
from dipltime.store.cache import cache_folder
from dipltime.store.loading import open_events


async def main(folder: Path) -> None:
    from dipltime.tui.app import DipltimeApp

    events = open_events(folder, cache_folder(os.environ))  # as `dipltime tui` does
    collection = open_for_browsing(events) or events.collection()
    events.close()
    app = DipltimeApp(collection, dt.date(2026, 11, 23), Settings())
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
