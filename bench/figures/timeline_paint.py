"""The timeline of 10,000 claims, painted: target < 300 ms.

Setup (untimed): the analyst's data folder of :mod:`bench.corpora.planted_links`
(10,000 claims, a third with an event date, 5,000 links, rated sources), the
app started on it headless and settled.

Timed: from pushing the timeline screen (what ``f5`` does, with every claim: an
empty query) to the refresh that shows its list (the count line says how many
claims it placed). Each round opens a fresh timeline and leaves it with
``escape``; the row is the slowest round. The reference is the core's part,
``Analysis.timeline("")`` (select every claim, place and group them by month),
timed in the same process afterwards.
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

TARGET_MS = 300.0
ROUNDS, QUICK_ROUNDS = 5, 2
STARTUP_TIMEOUT = 600.0


async def _session(ctx: BenchContext, rounds: int) -> dict[str, Any]:
    from textual.widgets import OptionList

    from briefing_tui.tui.app import create_app
    from briefing_tui.tui.screens.timeline import TimelineScreen
    from briefing_tui.tui.widgets.briefing_list import BriefingList

    from ..pilot import painted, settle, wait_until

    paths = analyst_data(ctx)
    expected = len(ctx.workspace().store.list_documents())
    app = create_app(str(ctx.library), str(paths.data_root))
    times: list[float] = []
    placed = 0
    reference: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        listing = app.library.query_one(BriefingList)
        await wait_until(lambda: len(listing.rows) >= expected, STARTUP_TIMEOUT, "start-up list")
        await settle(app, pilot)
        for _ in range(rounds):
            screen = TimelineScreen("")
            started = time.perf_counter()
            app.push_screen(screen)
            await wait_until(
                lambda s=screen: s.timeline is not None and s.query_one(OptionList).option_count,
                60,
                "the timeline listed",
            )
            times.append(await painted(screen) - started)
            assert screen.timeline is not None
            placed = screen.timeline.total
            await settle(app, pilot)
            await pilot.press("escape")
            await settle(app, pilot)
        workspace = app.workspace
        assert workspace is not None
        for _ in range(rounds):
            seconds, _ = timed(lambda: workspace.analysis.timeline(""))
            reference.append(seconds)
    return {"times": times, "reference": reference, "placed": placed}


@figure("timeline-paint", "timeline of 10,000 claims painted (pilot): < 300 ms", order=95)
def timeline_paint(ctx: BenchContext) -> list[Result]:
    rounds = QUICK_ROUNDS if ctx.config.quick or ctx.config.minimal else ROUNDS
    session = asyncio.run(_session(ctx, rounds))
    times, reference = session["times"], session["reference"]
    ctx.log(
        f"  {session['placed']} claims placed; painted in {median(times) * 1000:.0f} ms "
        f"(median), {max(times) * 1000:.0f} ms (slowest of {len(times)}); core "
        f"{median(reference) * 1000:.0f} ms"
    )
    return [
        Result(
            figure="timeline-paint",
            label=f"timeline of {session['placed']:,} claims painted (slowest of {len(times)})",
            size=ctx.size,
            ours=max(times) * 1000,
            reference=max(reference) * 1000,
            reference_label="core timeline, same claims",
            unit="ms",
            target=Target(max_value=TARGET_MS, text=f"< {TARGET_MS:.0f} ms"),
            details={
                "claims": session["placed"],
                "painted_ms": summary(times, 1000),
                "core_ms": summary(reference, 1000),
            },
        )
    ]
