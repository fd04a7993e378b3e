"""Highlighting 200 claims when a briefing opens in the reader.

A generated 100 KB briefing is written twice (same body, two ids) into a
library of its own; 200 claims are made on one copy through the core
(sentence spans of the core's plain text; see :func:`_make_claims`). Both
are opened in the reader, alternately, and timed from ``open_briefing``
until the reader has rendered (highlights are applied as blocks are
mounted): the copy without claims is the reference.

Runs once per run, at the first size (it doesn't depend on the library).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..context import BenchContext
from ..corpora.planted_claims import spread
from ..corpora.reader_docs import claims_library, claims_spec
from ..reader_timing import STALL_TARGET_MS, close_reader, open_and_measure
from ..registry import figure
from ..results import Result, Target
from ..stats import median, summary, timed

STATUSES = ("open", "key", "verified", "disputed", "false")
#: Claims made one by one through ``Workspace.add_claim`` (and timed) before the
#: rest: full run, ``--quick`` and the minimal mode.
ADD_CLAIM_TIMED, ADD_CLAIM_TIMED_QUICK = 5, 2


def _make_claims(ctx: BenchContext, count: int) -> dict[str, Any]:
    """``count`` claims on the claims copy, made through the core; made once.

    The first :data:`ADD_CLAIM_TIMED` (2 in a quick run) go through ``Workspace.add_claim`` (what
    the app's claim dialog calls: one transaction and a re-index each), and
    their times are reported; the rest are stored with the same selectors by
    ``ClaimStore.add`` and re-indexed once, because a re-index per claim would
    make this setup take longer than every figure it serves.
    """
    from briefing_tui.core.briefings.documents import Briefing
    from briefing_tui.core.claims.anchoring import make_selector
    from briefing_tui.core.text.sentences import sentence_spans
    from briefing_tui.core.workspace import Workspace

    library = claims_library(ctx)
    with_claims, _, _ = claims_spec(ctx)
    record = library.records[with_claims.key]
    with Workspace(library.paths) as ws:
        existing = ws.claims.for_document(record.id)
        if existing:
            return {"claims": len(existing), "add_claim_s": None}
        briefing = ws.read(record)
        assert isinstance(briefing, Briefing)
        text = briefing.plain_text
        sentences = sentence_spans(text)
        chosen = [sentences[i] for i in spread(count, len(sentences))]
        one_by_one: list[float] = []
        quick = ctx.config.quick or ctx.config.minimal
        timed_count = ADD_CLAIM_TIMED_QUICK if quick else ADD_CLAIM_TIMED
        for n, (start, end) in enumerate(chosen):
            status = STATUSES[n % len(STATUSES)]
            if n < timed_count:
                one_by_one.append(
                    timed(lambda s=start, e=end, st=status: ws.add_claim(record, s, e, status=st))[
                        0
                    ]
                )
            else:
                selector = make_selector(text, start, end)
                ws.claims.add(record.id, selector, briefing.content_hash, status=status)
        ws.reindex(record.id)
        made = len(ws.claims.for_document(record.id))
    ctx.log(
        f"  made {made} claims; Workspace.add_claim took {median(one_by_one) * 1000:.0f} ms "
        f"each (median of {len(one_by_one)})"
    )
    return {"claims": made, "add_claim_s": summary(one_by_one)}


class _HighlightClock:
    """Time spent in the reader's highlight pass (``BriefingDocument._apply``), if it exists.

    A private method, wrapped only while an open is measured: the figure's
    numbers don't depend on it (if it is renamed, the detail is just missing).
    """

    @contextmanager
    def timing(self) -> Iterator[list[float]]:
        from briefing_tui.tui.widgets.document import BriefingDocument

        spent: list[float] = []
        original = getattr(BriefingDocument, "_apply", None)
        if original is None:
            yield spent
            return

        def timed_apply(document: Any) -> None:
            started = time.perf_counter()
            try:
                original(document)
            finally:
                spent.append(time.perf_counter() - started)

        BriefingDocument._apply = timed_apply  # type: ignore[method-assign]
        try:
            yield spent
        finally:
            BriefingDocument._apply = original  # type: ignore[method-assign]


async def _highlight_session(ctx: BenchContext) -> dict[str, Any]:
    from briefing_tui.tui.app import create_app

    from ..pilot import GcClock, LagMeter, settle, wait_until

    library = claims_library(ctx)
    with_claims, without, _ = claims_spec(ctx)
    app = create_app(str(library.content), str(library.data))
    ours: list[Any] = []
    reference: list[Any] = []
    highlighted: list[int] = []
    applying = _HighlightClock()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(lambda: app.workspace is not None, 60, "the workspace")
        await settle(app, pilot)
        meter = LagMeter(app)
        meter.start()
        # Warm up (the session's first open is slower, see the reader figure): not counted.
        for _ in range(ctx.samples.warmup):
            await open_and_measure(app, pilot, meter, library.records[without.key])
            await close_reader(app, pilot)
        with GcClock() as gc_clock:
            for number in range(ctx.samples.highlight_opens):
                with applying.timing() as spent:
                    opening, screen = await open_and_measure(
                        app, pilot, meter, library.records[with_claims.key], gc_clock
                    )
                opening.extra["applying"] = sum(spent)
                highlighted.append(len(screen.claim_highlights()))
                ours.append(opening)
                await close_reader(app, pilot)
                with applying.timing() as spent:
                    plain, _ = await open_and_measure(
                        app, pilot, meter, library.records[without.key], gc_clock
                    )
                plain.extra["applying"] = sum(spent)
                reference.append(plain)
                await close_reader(app, pilot)
                ctx.log(
                    f"  open {number + 1}: with claims rendered "
                    f"{opening.rendered * 1000:.0f} ms (stall {opening.stall * 1000:.0f} ms, "
                    f"longest full GC {opening.extra['gc2_longest'] * 1000:.0f} ms, "
                    f"highlight passes {opening.extra['applying'] * 1000:.0f} ms), without "
                    f"{plain.rendered * 1000:.0f} ms (stall {plain.stall * 1000:.0f} ms, "
                    f"longest full GC {plain.extra['gc2_longest'] * 1000:.0f} ms)"
                )
        meter.stop()
    return {"ours": ours, "reference": reference, "highlighted": highlighted}


@figure("highlight", "open a 100 KB briefing with 200 claims: highlighted", order=96)
def claim_highlight(ctx: BenchContext) -> list[Result]:
    if not ctx.first_size:
        ctx.log("  (independent of the library size: measured at the first size only)")
        return []
    with_claims, _, count = claims_spec(ctx)
    made = _make_claims(ctx, count)
    session = asyncio.run(_highlight_session(ctx))
    ours = [opening.rendered for opening in session["ours"]]
    reference = [opening.rendered for opening in session["reference"]]
    stalls = [opening.stall for opening in session["ours"]]
    reference_stalls = [opening.stall for opening in session["reference"]]
    highlighted = session["highlighted"]
    if min(highlighted) < made["claims"]:
        ctx.log(f"  warning: only {min(highlighted)} of {made['claims']} claims highlighted")
    details = {
        "claims": made["claims"],
        "add_claim_s": made["add_claim_s"],
        "highlighted": highlighted,
        "rendered_s": summary(ours),
        "reference_rendered_s": summary(reference),
        "first_paint_s": summary([opening.first_paint for opening in session["ours"]]),
        "stall_s": summary(stalls),
        "reference_stall_s": summary(reference_stalls),
        "longest_full_gc_s": summary([o.extra["gc2_longest"] for o in session["ours"]]),
        "reference_longest_full_gc_s": summary(
            [o.extra["gc2_longest"] for o in session["reference"]]
        ),
        "highlight_passes_s": summary([o.extra["applying"] for o in session["ours"]]),
        "reference_highlight_passes_s": summary(
            [o.extra["applying"] for o in session["reference"]]
        ),
    }
    label = f"{with_claims.label} briefing with {made['claims']} claims"
    return [
        Result(
            figure="highlight",
            label=f"open {label}: rendered, highlighted (median of {len(ours)})",
            size=ctx.size,
            ours=median(ours) * 1000,
            unit="ms",
            reference=median(reference) * 1000,
            reference_label="same, no claims",
            details=details,
        ),
        Result(
            figure="highlight",
            label=f"open {label}: longest event-loop stall (worst of {len(stalls)})",
            size=ctx.size,
            ours=max(stalls) * 1000,
            unit="ms",
            reference=max(reference_stalls) * 1000,
            reference_label="same, no claims",
            target=Target(
                max_value=STALL_TARGET_MS, text=f"< {STALL_TARGET_MS:.0f} ms", up_to=None
            ),
            details=details,
        ),
    ]
