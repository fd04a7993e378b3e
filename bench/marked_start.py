"""One start of the TUI until the reading markers are painted, in a fresh process.

The library lists its rows first and reads the reading state (read, changed,
new) in a worker after that (``tui/screens/library_stream.py``), so the bold
unread rows, the markers and the counts arrive a moment after the list. This
process times both from entering ``run_test``: ``painted`` (the whole list
painted, as :mod:`bench.tui_start` measures it) and ``marked_painted`` (the
refresh after the list received its markers for that listing: the states
worker started by the listing is done and the markers are set). Printed as
one JSON line, with ``imports`` and ``wall_marked`` (``time.time()`` then,
so the parent can add the interpreter's own start) and the sets' sizes.

    python -m bench.marked_start --content LIB --data DATA --expect N
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from typing import Any

TIMEOUT = 120.0
#: The worker group the library reads reading states in (``LibraryStream._states_worker``).
STATES_GROUP = "reading-states"


async def _start(content: str, data: str, expect: int) -> dict[str, Any]:
    started = time.perf_counter()
    from briefing_tui.tui.app import create_app
    from briefing_tui.tui.widgets.briefing_list import BriefingList

    from .pilot import painted, wait_until

    imports = time.perf_counter() - started
    app = create_app(content, data)
    clock = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:

        def rows() -> BriefingList | None:
            try:
                found = app.library.query_one(BriefingList)
            except Exception:  # not mounted yet
                return None
            return found if len(found.rows) >= expect else None

        listed_at = await wait_until(lambda: rows() is not None, TIMEOUT, f"listing {expect}")
        painted_at = await painted(app.library)
        shown = rows()
        assert shown is not None

        def marked() -> bool:
            # The listing started the states worker in the same handler that set the
            # rows: once no such worker is pending or running, its markers are set.
            busy = any(w.group == STATES_GROUP and not w.is_finished for w in app.library.workers)
            return shown.marks is not None and not busy

        marked_at = await wait_until(marked, TIMEOUT, "the reading markers")
        wall = time.time()
        marked_painted_at = await painted(app.library)
        marks = shown.marks
        assert marks is not None
        report = {
            "imports": imports,
            "listed": listed_at - clock,
            "painted": painted_at - clock,
            "marked": marked_at - clock,
            "marked_painted": marked_painted_at - clock,
            "wall_marked": wall,
            "rows": len(shown.rows),
            "read": len(marks.read),
            "changed": len(marks.changed),
            "new": len(marks.new),
        }
        # Let the start-up sync finish, so the app exits cleanly.
        await app.workers.wait_for_complete()
        await pilot.pause()
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.marked_start")
    parser.add_argument("--content", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--expect", type=int, required=True)
    args = parser.parse_args(argv)
    report = asyncio.run(_start(args.content, args.data, args.expect))
    print(json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
