"""Opening a briefing in the reader: first screen painted and longest event-loop stall.

Generated briefings of 2 KB, 100 KB (prose and list-heavy), 1 MB and 5 MB
(see :mod:`bench.corpora.reader_docs`) are opened in the app, headless, through
``app.open_briefing(record)``, the call ``enter`` on a row makes. Measured
from that call:

* first screen painted: the frame that first draws a Markdown block of the
  reader (see :class:`bench.pilot.FirstDrawn`; the moment blocks were
  mounted and the ``call_after_refresh`` after that are in the details);
* fully rendered: the reader's ``rendered`` flag (the current section is all
  on screen; a briefing above 150 KB is shown one part at a time, so for
  1 MB and 5 MB this is the first part);
* longest stall: a 10 ms interval timer on the app's loop records the gaps
  between its ticks from the call until the reader has rendered, its
  workers are done and the screen has refreshed once more; the longest gap
  beyond 10 ms is the longest time the screen could not respond.

Each briefing is opened several times (alternating sizes) and the worst
open is reported: the targets are bounds ("never freezes"), not averages.
All opens happen in one app session, as a user's would, and each reader is
left as ``escape`` leaves it (the memory it leaves is collected then; the
stall of leaving is reported too, against the stock widget's screen popped
and its memory collected, where that is measured). Full garbage collections
used to be the longest stalls, lengthening over a session, because Textual
8.2.8 kept every closed reader's rendered lines alive (see
``briefing_tui.tui.gc_hold``); the longest full collection of each open is in
the details.
The reference is Textual's stock ``Markdown`` widget given the same body on a
bare screen of the same app (what a reader without chunking would do); it is
measured for the briefings up to 100 KB of prose only, because it takes
seconds per open above that (1.7 s were measured at 100 KB, 9 s for a
list-heavy 100 KB).

These figures don't depend on the library's size: they run once per run, at
the first size. ``--quick`` opens each briefing once and leaves out the 5 MB
one (indexing it alone takes about 5 s); the full run opens every size 5 times.
"""

from __future__ import annotations

import asyncio
import gc
import time
import weakref
from functools import partial
from typing import Any

from ..context import BenchContext
from ..corpora.reader_docs import ReaderLibrary, doc_specs, reader_library
from ..reader_timing import (
    LEAVE_STALL_TARGET_MS,
    OPEN_TIMEOUT,
    STALL_TARGET_MS,
    Opening,
    close_reader,
    open_and_measure,
)
from ..registry import figure
from ..results import Result, Target
from ..stats import summary

#: The stock widget is the reference only up to this size (prose): it is far too slow above.
REFERENCE_MAX_BYTES = 150_000


async def stock_markdown(app: Any, pilot: Any, meter: Any, body: str) -> Opening:
    """The reference: Textual's ``Markdown`` given the whole body on a bare screen."""
    from textual.app import ComposeResult
    from textual.containers import VerticalScroll
    from textual.screen import Screen
    from textual.widgets import Markdown

    from ..pilot import FirstDrawn, painted, settle, wait_until

    class StockReader(Screen[None]):
        def __init__(self) -> None:
            super().__init__()
            self.rendered = False

        def compose(self) -> ComposeResult:
            with VerticalScroll():
                yield Markdown(id="stock", open_links=False)

        async def on_mount(self) -> None:
            await self.query_one(Markdown).update(body)
            self.rendered = True

    await settle(app, pilot)
    meter.reset()
    started = time.perf_counter()
    screen = StockReader()
    app.push_screen(screen)
    drawn = FirstDrawn(app, screen, "MarkdownBlock")
    try:
        await wait_until(lambda: drawn.at is not None, OPEN_TIMEOUT, "stock Markdown drawn")
    finally:
        drawn.close()
    assert drawn.at is not None
    first = drawn.at
    rendered = partial(getattr, screen, "rendered")  # no closure: ``del screen`` frees it below
    done = await wait_until(rendered, OPEN_TIMEOUT, "stock Markdown update")
    del rendered
    await app.workers.wait_for_complete()
    await painted(screen)
    stall = meter.longest_stall()
    # Leaving it as an app must: popped, then its memory collected (one
    # collection of what is not frozen, as the reader's escape does).
    drawn.screen = None
    del screen
    meter.reset()
    app.pop_screen()
    app.call_after_refresh(gc.collect)
    await settle(app, pilot)
    await painted(app.screen)
    await painted(app.screen)
    return Opening(first - started, done - started, stall, {"leave_stall": meter.longest_stall()})


async def _open_all(
    ctx: BenchContext, app: Any, pilot: Any, meter: Any, gc_clock: Any, library: ReaderLibrary
) -> dict[str, Any]:
    """The cold open, every briefing ``opens`` times, then the reference where measured."""
    from briefing_tui.core.briefings.documents import Briefing

    from ..pilot import full_collection

    specs = doc_specs(ctx)
    ours: dict[str, list[Opening]] = {spec.key: [] for spec in specs}
    reference: dict[str, list[Opening]] = {}
    bodies: dict[str, str] = {}
    for spec in specs:
        briefing = app.workspace.read(library.records[spec.key])
        assert isinstance(briefing, Briefing)
        if spec.kind == "prose" and spec.size <= REFERENCE_MAX_BYTES:
            bodies[spec.key] = briefing.body
            reference[spec.key] = []
    # The session's first open pays for what later ones find ready (the reader's
    # CSS, first use of its widgets): a user meets it once per start, so it is
    # reported on its own, and the rounds below are warm.
    first = specs[0]
    cold = (await open_and_measure(app, pilot, meter, library.records[first.key], gc_clock))[0]
    await close_reader(app, pilot)
    ctx.log(
        f"  {first.label}, first open of the session: first screen "
        f"{cold.first_paint * 1000:.0f} ms, longest stall {cold.stall * 1000:.0f} ms"
    )
    for number in range(ctx.samples.opens):
        for spec in specs:
            opening, screen = await open_and_measure(
                app, pilot, meter, library.records[spec.key], gc_clock
            )
            layout = screen.doc_layout
            opening.extra.update(
                blocks=len(screen.query("MarkdownBlock")),
                parts=len(layout.sections) if layout is not None else 0,
            )
            reader = weakref.ref(screen)
            del screen, layout  # nothing here may keep the reader alive once it is left
            ours[spec.key].append(opening)
            opening.extra["leave_stall"] = await close_reader(app, pilot, meter, gc_clock)
            opening.extra["leave_gc2"] = gc_clock.longest(2)
            opening.extra["reader_freed"] = reader() is None
            ctx.log(
                f"  {spec.label} (open {number + 1}): first screen "
                f"{opening.first_paint * 1000:.0f} ms, rendered "
                f"{opening.rendered * 1000:.0f} ms, longest stall "
                f"{opening.stall * 1000:.0f} ms (longest full GC "
                f"{opening.extra['gc2_longest'] * 1000:.0f} ms); leaving "
                f"{opening.extra['leave_stall'] * 1000:.0f} ms (longest full GC "
                f"{opening.extra['leave_gc2'] * 1000:.0f} ms)"
            )
    # The reference after ours: Textual keeps some objects of every screen it has
    # shown (see the module docstring), which would lengthen our later collections.
    after = full_collection()
    for _ in range(ctx.samples.opens):
        for key, text in bodies.items():
            stock = await stock_markdown(app, pilot, meter, text)
            reference[key].append(stock)
            ctx.log(
                f"  {key} stock Markdown: first screen {stock.first_paint * 1000:.0f} ms, "
                f"longest stall {stock.stall * 1000:.0f} ms"
            )
    return {
        "ours": ours,
        "reference": reference,
        "cold": cold,
        "cold_spec": first,
        "heap_after": after,
    }


async def _session(ctx: BenchContext, library: ReaderLibrary) -> dict[str, Any]:
    from briefing_tui.tui.app import create_app

    from ..pilot import GcClock, LagMeter, full_collection, settle, wait_until

    app = create_app(str(library.content), str(library.data))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(lambda: app.workspace is not None, 60, "the workspace")
        await settle(app, pilot)
        heap = full_collection()
        ctx.log(
            f"  heap: {heap['objects']:,} objects; a full garbage collection takes "
            f"{heap['ms']:.0f} ms"
        )
        meter = LagMeter(app)
        meter.start()
        with GcClock() as gc_clock:
            result = await _open_all(ctx, app, pilot, meter, gc_clock, library)
        meter.stop()
    return {**result, "heap": heap}


def _ms(openings: list[Opening], attribute: str) -> list[float]:
    return [getattr(opening, attribute) for opening in openings]


@figure("reader-open", "open a briefing: first screen painted, longest stall (2 KB-5 MB)", order=90)
def reader_open(ctx: BenchContext) -> list[Result]:
    if not ctx.first_size:
        ctx.log("  (independent of the library size: measured at the first size only)")
        return []
    library = reader_library(ctx)
    session = asyncio.run(_session(ctx, library))
    cold: Opening = session["cold"]
    cold_spec = session["cold_spec"]
    rows: list[Result] = [
        Result(
            figure="reader-open",
            label=f"open {cold_spec.label} briefing, first open after start: first screen",
            size=ctx.size,
            ours=cold.first_paint * 1000,
            unit="ms",
            target=Target(
                max_value=cold_spec.first_paint_ms,
                text=f"< {cold_spec.first_paint_ms:.0f} ms",
                up_to=None,
            ),
            details={
                "first_paint_s": cold.first_paint,
                "rendered_s": cold.rendered,
                "stall_s": cold.stall,
            },
        )
    ]
    for spec in doc_specs(ctx):
        openings: list[Opening] = session["ours"][spec.key]
        stock: list[Opening] | None = session["reference"].get(spec.key)
        record = library.records[spec.key]
        first = _ms(openings, "first_paint")
        stalls = _ms(openings, "stall")
        details = {
            "bytes": record.size,
            "kind": spec.kind,
            "first_paint_s": summary(first),
            "rendered_s": summary(_ms(openings, "rendered")),
            "stall_s": summary(stalls),
            "blocks_mounted_s": summary([o.extra["mounted"] for o in openings]),
            "refresh_after_blocks_s": summary([o.extra["after_refresh"] for o in openings]),
            "longest_full_gc_s": summary([o.extra["gc2_longest"] for o in openings]),
            "leave_stall_s": summary([o.extra["leave_stall"] for o in openings]),
            "gc_total_s": summary([o.extra["gc_total"] for o in openings]),
            "heap_objects": session["heap"]["objects"],
            "full_gc_ms": round(session["heap"]["ms"], 1),
            "heap_objects_after_opens": session["heap_after"]["objects"],
            "full_gc_ms_after_opens": round(session["heap_after"]["ms"], 1),
            "blocks_shown": openings[-1].extra.get("blocks"),
            "parts": openings[-1].extra.get("parts"),
        }
        if stock:
            details["reference_first_paint_s"] = summary(_ms(stock, "first_paint"))
            details["reference_rendered_s"] = summary(_ms(stock, "rendered"))
            details["reference_stall_s"] = summary(_ms(stock, "stall"))
        worst = f"worst of {len(openings)}"
        rows.append(
            Result(
                figure="reader-open",
                label=f"open {spec.label} briefing: first screen painted ({worst})",
                size=ctx.size,
                ours=max(first) * 1000,
                unit="ms",
                reference=max(_ms(stock, "first_paint")) * 1000 if stock else None,
                reference_label="stock Markdown" if stock else "",
                target=Target(
                    max_value=spec.first_paint_ms,
                    text=f"< {spec.first_paint_ms:.0f} ms",
                    up_to=None,
                ),
                details=details,
            )
        )
        rows.append(
            Result(
                figure="reader-open",
                label=f"open {spec.label} briefing: longest event-loop stall ({worst})",
                size=ctx.size,
                ours=max(stalls) * 1000,
                unit="ms",
                reference=max(_ms(stock, "stall")) * 1000 if stock else None,
                reference_label="stock Markdown" if stock else "",
                target=Target(
                    max_value=STALL_TARGET_MS, text=f"< {STALL_TARGET_MS:.0f} ms", up_to=None
                ),
                details=details,
            )
        )
        leaving = [o.extra["leave_stall"] for o in openings]
        stock_leaving = [o.extra["leave_stall"] for o in stock] if stock else []
        rows.append(
            Result(
                figure="reader-open",
                label=(
                    f"leave {spec.label} briefing (escape, memory collected): "
                    f"longest stall ({worst})"
                ),
                size=ctx.size,
                ours=max(leaving) * 1000,
                unit="ms",
                reference=max(stock_leaving) * 1000 if stock_leaving else None,
                reference_label="stock Markdown" if stock_leaving else "",
                target=Target(
                    max_value=LEAVE_STALL_TARGET_MS,
                    text=f"< {LEAVE_STALL_TARGET_MS:.0f} ms",
                    up_to=None,
                ),
                details={
                    "leave_stall_s": summary(leaving),
                    "readers_freed_on_leaving": sum(o.extra["reader_freed"] for o in openings),
                    "readers_left": len(openings),
                    "leave_longest_full_gc_s": summary([o.extra["leave_gc2"] for o in openings]),
                },
            )
        )
    return rows
