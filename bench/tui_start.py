"""One start of the TUI (or of the core's listing, the reference) in a fresh process.

Why a fresh process: in the benchmark's own process Textual and the app are
already imported and the store's pages are in Python's caches; a user starts
a fresh interpreter. The times are taken inside the process and printed as
one JSON line: ``imports`` (Textual and the app), ``listed`` (from entering
``run_test`` until the list holds every briefing), ``painted`` (until the
refresh after that), ``wall_listed`` (``time.time()`` at that moment, so
the parent can add the interpreter's own start), and then what a full garbage
collection costs in that process (``gc_ms``, ``gc_objects``).

    python -m bench.tui_start app --content LIB --data DATA --expect N
    python -m bench.tui_start core --content LIB --data DATA --expect N
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from typing import Any

TIMEOUT = 120.0


async def _start_app(content: str, data: str, expect: int) -> dict[str, Any]:
    started = time.perf_counter()
    from briefing_tui.tui.app import create_app
    from briefing_tui.tui.widgets.briefing_list import BriefingList

    from .pilot import full_collection, painted, wait_until

    imports = time.perf_counter() - started
    app = create_app(content, data)
    clock = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        entered = time.perf_counter() - clock

        def listed() -> bool:
            try:
                return len(app.library.query_one(BriefingList).rows) >= expect
            except Exception:  # not mounted yet
                return False

        listed_at = await wait_until(listed, TIMEOUT, f"listing {expect} briefings")
        wall = time.time()
        painted_at = await painted(app.library)
        rows = len(app.library.query_one(BriefingList).rows)
        # Let the start-up sync finish, so the app exits cleanly.
        await app.workers.wait_for_complete()
        await pilot.pause()
        collection = full_collection()
    return {
        "imports": imports,
        "entered": entered,
        "listed": listed_at - clock,
        "painted": painted_at - clock,
        "wall_listed": wall,
        "rows": rows,
        "gc_objects": collection["objects"],
        "gc_ms": collection["ms"],
    }


def _start_core(content: str, data: str, expect: int) -> dict[str, Any]:
    """What the app's open worker does before anything can be listed: the floor."""
    started = time.perf_counter()
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace

    from .pilot import full_collection

    imports = time.perf_counter() - started
    clock = time.perf_counter()
    workspace = Workspace(resolve_paths(content, data))
    try:
        records = workspace.store.list_summaries()  # what the app lists first
        workspace.claims.counts()
        listed = time.perf_counter() - clock
        wall = time.time()
        collection = full_collection()
    finally:
        workspace.close()
    if len(records) < expect:
        raise SystemExit(f"the store lists {len(records)} briefings, expected {expect}")
    return {
        "imports": imports,
        "listed": listed,
        "painted": listed,
        "wall_listed": wall,
        "rows": len(records),
        "gc_objects": collection["objects"],
        "gc_ms": collection["ms"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.tui_start")
    parser.add_argument("side", choices=("app", "core"))
    parser.add_argument("--content", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--expect", type=int, required=True)
    args = parser.parse_args(argv)
    if args.side == "app":
        report = asyncio.run(_start_app(args.content, args.data, args.expect))
    else:
        report = _start_core(args.content, args.data, args.expect)
    print(json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
