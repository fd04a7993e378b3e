"""The TUI's library screen: keystroke to results painted.

The app is driven headless with Textual's pilot and types each phrase into
the search box one character at a time at a typist's pace. The lag is the
app's own measure (``LibraryScreen.latencies``: from the search request a
keystroke makes to the refresh that shows its results), so the harness's
overhead is not counted. The reference is the floor under it: the core
search the app's worker runs for the same keystrokes
(``Workspace.search_as_you_type``), timed in the same process afterwards.

After each phrase the shown list must hold the same briefings as a fresh
search of the final text: an earlier keystroke's results (another query,
so another set) never replaced a later one's. The order is not compared:
the app bounds ranking in time and lists the rest newest first, so under
load its order can differ from an unhurried search's (counted in the
details). The same check is run after a burst typed with no pause and
random gaps of 0-40 ms (searches overlap keystrokes there, so the exclusive
worker and the sequence check are exercised; ``--quick`` bursts the first
phrase only); burst latencies are not pooled into the paced p50/p95.
"""

from __future__ import annotations

import asyncio
import random
from typing import Any

from ..config import MINIMAL_TYPING_PACE, TYPING_PACE
from ..context import BenchContext
from ..corpora.phrases import PHRASES
from ..registry import figure
from ..results import Result, Target
from ..stats import median, p95, percentile, summary, timed

MINIMAL_PHRASES = ["oil prices"]
#: Gaps between keys in the burst check (seconds): faster than any search.
BURST_GAPS = (0.0, 0.04)
#: How long the app may take to list the library before the figure gives up (s).
STARTUP_TIMEOUT = 600.0


def keystroke_target_ms(size: int) -> float:
    """The targets: p95 under 100 ms at 10,000 briefings and at 100,000 (issue #19)."""
    return 100.0


async def _typing_session(
    ctx: BenchContext, phrases: list[str], bursts: list[str], pace: float
) -> dict[str, Any]:
    from textual import events
    from textual.widgets import Input

    from briefing_tui.tui.app import create_app
    from briefing_tui.tui.widgets.briefing_list import BriefingList

    from ..pilot import settle, wait_until

    expected = len(ctx.workspace().store.list_documents())
    app = create_app(str(ctx.library), str(ctx.data_root))
    latencies: list[float] = []
    typed = 0
    mismatches: list[dict[str, Any]] = []
    burst_mismatches: list[dict[str, Any]] = []
    burst_latencies: list[float] = []
    reordered: list[str] = []
    rng = random.Random("briefing-bench-burst")
    async with app.run_test(size=(120, 40)) as pilot:
        library = app.library
        listing = library.query_one(BriefingList)
        await wait_until(lambda: len(listing.rows) >= expected, STARTUP_TIMEOUT, "start-up list")
        await settle(app, pilot)
        box = library.query_one("#search", Input)
        workspace = app.workspace
        assert workspace is not None

        async def clear() -> None:
            box.value = ""
            await settle(app, pilot)
            library.latencies.clear()

        def check(text: str, into: list[dict[str, Any]]) -> None:
            """Stale results show as another set of briefings than the final text's."""
            shown = [row.id for row in listing.rows]
            fresh = workspace.search(text, as_you_type=True, limit=0, snippets=False)
            if set(shown) != set(fresh.ids) or len(shown) != len(fresh.ids):
                into.append({"query": text, "shown": len(shown), "fresh": len(fresh.ids)})
            elif shown != fresh.ids:
                # Same briefings, another order: the app's ranking is bounded in time
                # (the rest newest first), an unhurried search ranks them all.
                reordered.append(text)

        for _ in range(ctx.samples.tui_typing_rounds):
            for phrase in phrases:
                await clear()
                for character in phrase:
                    await pilot.press(character)
                    await asyncio.sleep(pace)
                await settle(app, pilot)
                latencies += library.latencies
                typed += len(phrase)
                check(phrase, mismatches)
        for phrase in bursts:
            await clear()
            for character in phrase:
                key = "space" if character == " " else character
                app.post_message(events.Key(key, character))
                await asyncio.sleep(rng.uniform(*BURST_GAPS))
            await settle(app, pilot)
            await wait_until(lambda p=phrase: box.value == p, 30, "the burst typed")
            await settle(app, pilot)
            burst_latencies += library.latencies
            check(phrase, burst_mismatches)
        # The reference: the app worker's search, same arguments, same keystrokes.
        reference: list[float] = []
        for _ in range(ctx.samples.tui_typing_rounds):
            for phrase in phrases:
                for end in range(1, len(phrase) + 1):
                    seconds, _ = timed(
                        lambda t=phrase[:end]: workspace.search_as_you_type(t, "relevance")
                    )
                    reference.append(seconds)
    return {
        "latencies": latencies,
        "typed": typed,
        "mismatches": mismatches,
        "burst_latencies": burst_latencies,
        "burst_mismatches": burst_mismatches,
        "reference": reference,
        "library": expected,
        "reordered": reordered,
    }


@figure("tui-keys", "TUI keystroke → results painted (pilot, app-measured)", order=80)
def tui_keystroke(ctx: BenchContext) -> list[Result]:
    phrases = MINIMAL_PHRASES if ctx.config.minimal else PHRASES
    pace = MINIMAL_TYPING_PACE if ctx.config.minimal else TYPING_PACE
    quick = ctx.config.quick or ctx.config.minimal
    bursts = phrases[:1] if quick else phrases
    session = asyncio.run(_typing_session(ctx, phrases, bursts, pace))
    latencies: list[float] = session["latencies"]
    reference: list[float] = session["reference"]
    if not latencies:
        raise RuntimeError("the app recorded no keystroke latency")
    typed = session["typed"]
    checks = len(phrases) * ctx.samples.tui_typing_rounds
    stale = len(session["mismatches"]) + len(session["burst_mismatches"])
    ctx.log(
        f"  {len(latencies)} of {typed} keystrokes painted; p50 "
        f"{median(latencies) * 1000:.1f} ms, p95 {p95(latencies) * 1000:.1f} ms, "
        f"max {max(latencies) * 1000:.1f} ms; final results wrong after "
        f"{stale} of {checks + len(bursts)} phrases"
    )
    for mismatch in session["mismatches"] + session["burst_mismatches"]:
        ctx.log(f"  shown results differ from a fresh search: {mismatch}")
    if session["reordered"]:
        ctx.log(
            f"  same briefings, another order than an unhurried search (time-bounded "
            f"ranking): {len(session['reordered'])} phrases"
        )
    limit = keystroke_target_ms(ctx.size)
    details = {
        "phrases": phrases,
        "pace_s": pace,
        "keystrokes_typed": typed,
        "keystrokes_painted": len(latencies),
        "ours_ms": summary(latencies, 1000),
        "reference_ms": summary(reference, 1000),
        "library": session["library"],
    }
    common = {"figure": "tui-keys", "size": ctx.size, "unit": "ms"}
    return [
        Result(
            label=f"TUI keystroke → painted, {len(latencies)} keys (p50)",
            ours=median(latencies) * 1000,
            reference=median(reference) * 1000,
            reference_label="core search, same keys",
            details=details,
            **common,  # type: ignore[arg-type]
        ),
        Result(
            label=f"TUI keystroke → painted, {len(latencies)} keys (p95)",
            ours=p95(latencies) * 1000,
            reference=p95(reference) * 1000,
            reference_label="core search, same keys",
            target=Target(max_value=limit, text=f"p95 < {limit:.0f} ms", up_to=None),
            details={**details, "p99_ms": round(percentile(latencies, 0.99) * 1000, 2)},
            **common,  # type: ignore[arg-type]
        ),
        Result(
            figure="tui-keys",
            label=(
                f"TUI stale results shown after typing ({checks} paced + "
                f"{len(bursts)} burst phrases)"
            ),
            size=ctx.size,
            ours=float(stale),
            unit="phrases",
            target=Target(max_value=1, text="0 (none)", up_to=None),
            details={
                "paced_mismatches": session["mismatches"],
                "same_results_other_order": session["reordered"],
                "burst_mismatches": session["burst_mismatches"],
                "burst_keystrokes_painted": len(session["burst_latencies"]),
                "burst_ms": summary(session["burst_latencies"], 1000)
                if session["burst_latencies"]
                else None,
            },
        ),
    ]
