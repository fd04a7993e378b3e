"""The overview of a 10,000-briefing library, painted: target < 500 ms.

Setup (untimed): the analyst's data folder of :mod:`bench.corpora.planted_links`
(the library's 10,000 briefings with 10,000 claims, 5,000 links and rated
sources), the app started on it headless and settled.

Timed: from pushing the overview screen (what ``f6`` does) to the refresh that
shows its counts (the weekly sparkline, claims by status and rating, top
sources and tags). Each round opens a fresh overview and leaves it with
``escape``; the row is the slowest round. The reference is the core's part,
``Analysis.overview()`` (its grouped queries), timed in the same process afterwards.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from ..context import BenchContext
from ..corpora.planted_links import analyst_data
from ..registry import figure
from ..results import Result, Target
from ..stats import median, summary, timed

TARGET_MS = 500.0
ROUNDS, QUICK_ROUNDS = 5, 2
STARTUP_TIMEOUT = 600.0


async def _session(ctx: BenchContext, rounds: int) -> dict[str, Any]:
    from briefing_tui.tui.app import create_app
    from briefing_tui.tui.screens.overview import OverviewScreen
    from briefing_tui.tui.widgets.briefing_list import BriefingList

    from ..pilot import painted, settle, wait_until

    paths = analyst_data(ctx)
    expected = len(ctx.workspace().store.list_documents())
    app = create_app(str(ctx.library), str(paths.data_root))
    times: list[float] = []
    reference: list[float] = []
    briefings = 0
    async with app.run_test(size=(120, 40)) as pilot:
        listing = app.library.query_one(BriefingList)
        await wait_until(lambda: len(listing.rows) >= expected, STARTUP_TIMEOUT, "start-up list")
        await settle(app, pilot)
        for _ in range(rounds):
            screen = OverviewScreen()
            started = time.perf_counter()
            app.push_screen(screen)
            await wait_until(lambda s=screen: s.overview is not None, 60, "the overview counted")
            times.append(await painted(screen) - started)
            assert screen.overview is not None
            briefings = screen.overview.briefings
            await settle(app, pilot)
            await pilot.press("escape")
            await settle(app, pilot)
        workspace = app.workspace
        assert workspace is not None
        for _ in range(rounds):
            seconds, _ = timed(workspace.analysis.overview)
            reference.append(seconds)
    return {"times": times, "reference": reference, "briefings": briefings}


@figure(
    "overview-paint", "overview of a 10,000-briefing library painted (pilot): < 500 ms", order=95
)
def overview_paint(ctx: BenchContext) -> list[Result]:
    rounds = QUICK_ROUNDS if ctx.config.quick or ctx.config.minimal else ROUNDS
    session = asyncio.run(_session(ctx, rounds))
    times, reference = session["times"], session["reference"]
    ctx.log(
        f"  overview of {session['briefings']} briefings painted in "
        f"{median(times) * 1000:.0f} ms (median), {max(times) * 1000:.0f} ms (slowest of "
        f"{len(times)}); core {median(reference) * 1000:.0f} ms"
    )
    return [
        Result(
            figure="overview-paint",
            label=(
                f"overview of {session['briefings']:,} briefings painted (slowest of {len(times)})"
            ),
            size=ctx.size,
            ours=max(times) * 1000,
            reference=max(reference) * 1000,
            reference_label="core overview, same library",
            unit="ms",
            target=Target(max_value=TARGET_MS, text=f"< {TARGET_MS:.0f} ms"),
            details={
                "briefings": session["briefings"],
                "painted_ms": summary(times, 1000),
                "core_ms": summary(reference, 1000),
            },
        )
    ]
