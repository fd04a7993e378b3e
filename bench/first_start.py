"""One first start of the TUI on a new library (no data folder), in a fresh process.

The app is started with a fresh data folder, a query is typed at once, and
the times are taken inside the process from entering ``run_test``:
``listed`` (the list holds a briefing), ``answered`` (the typed query has an
answer over the index, not "the index is being built"), ``found`` (that answer
lists a briefing), ``built`` (the first build finished and the list holds every
briefing). Printed as one JSON line. The reference, ``core``, is the full
build alone: ``Workspace.sync()`` on a new data folder, in its own process.

    python -m bench.first_start app --content LIB --data DATA --query WORD --expect N
    python -m bench.first_start core --content LIB --data DATA
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import time
from typing import Any

TIMEOUT = 3600.0
#: How often the pilot looks (s): the figure's resolution.
STEP = 0.02
#: How long after the build the pilot still waits for the query's rows (s).
FOUND_AFTER = 10.0


async def _start_app(content: str, data: str, query: str, expect: int) -> dict[str, Any]:
    from textual.widgets import Input, Label

    from briefing_tui.tui.app import create_app
    from briefing_tui.tui.widgets.briefing_list import BriefingList

    app = create_app(content, data)
    times: dict[str, float] = {}
    clock = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.library
        screen.query_one("#search", Input).value = query
        # Past the build, a moment more for the answer's rows: on a small library
        # the build ends before the query's last answer is listed.
        while "built" not in times or (
            "found" not in times and time.perf_counter() - clock - times["built"] < FOUND_AFTER
        ):
            if time.perf_counter() - clock > TIMEOUT:
                raise SystemExit(f"not built within {TIMEOUT:.0f} s: {times}")
            now = time.perf_counter() - clock
            count = str(screen.query_one("#count", Label).render())
            listed = re.search(r" of ([\d,]+) briefing", count)
            library = int(listed.group(1).replace(",", "")) if listed else 0
            error = screen.query_one("#query-error", Label)
            if library and "listed" not in times:
                times["listed"] = now
            # Answered over the index as built so far (the count line says how far),
            # or over the whole of it: not an answer before the build began.
            over_index = "searchable" in count or library >= expect
            answered = screen._answered >= screen._sequence and not error.display and over_index
            if answered and "answered" not in times:
                times["answered"] = now
                times["answered_searchable"] = float(_searchable(count))
            if answered and screen.query_one(BriefingList).rows and "found" not in times:
                times["found"] = now
            if library >= expect and "searchable" not in count and screen._synced:
                times.setdefault("built", now)
            await pilot.pause(STEP)
        await app.workers.wait_for_complete()
    return times


def _searchable(count: str) -> int:
    """``… — 41,000 of 100,000 searchable`` → 41000; the whole count line else."""
    found = re.search(r"— ([\d,]+) of [\d,]+ searchable", count)
    if found:
        return int(found.group(1).replace(",", ""))
    listed = re.search(r" of ([\d,]+) briefing", count)
    return int(listed.group(1).replace(",", "")) if listed else 0


def _build_core(content: str, data: str) -> dict[str, Any]:
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace

    clock = time.perf_counter()
    with Workspace(resolve_paths(content, data)) as workspace:
        report = workspace.sync()
        built = time.perf_counter() - clock
    return {"built": built, "docs": report.indexed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.first_start")
    parser.add_argument("side", choices=("app", "core"))
    parser.add_argument("--content", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--query", default="government")
    parser.add_argument("--expect", type=int, default=1)
    args = parser.parse_args(argv)
    if args.side == "app":
        report = asyncio.run(_start_app(args.content, args.data, args.query, args.expect))
    else:
        report = _build_core(args.content, args.data)
    print(json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
