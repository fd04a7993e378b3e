"""Opening pathological Markdown in the reader: the longest event-loop stall of each.

A briefing with a 100,000-character line (a paragraph, a code line, one
unbroken word), 4,000 headings, a 2,000-row table, lists and quotes nested
200 levels, HTML blocks and inline HTML (see
:mod:`bench.corpora.hostile_docs`) must open without a stall over 100 ms,
and the index must take each. The tests check the structural bounds that
make the stalls short (no timings in tests); this figure measures the
stalls.

Each briefing is opened in the app headless (``app.open_briefing``, as
``enter`` on a row), with the lag meter of :mod:`bench.pilot` running from
the call until the reader has rendered its first part; then ``end`` jumps to
the bottom and the stall of that jump is measured too (the whole part must
be reachable without a freeze). The worst open is reported. The reference
column is the plain 2 KB briefing's stall in the same session, so a slow
machine shows as a slow reference. The index "takes" a briefing when a sync
lists it without a skip and a search for its last sentence finds it.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from ..context import BenchContext
from ..corpora.hostile_docs import HostileDoc, hostile_docs, last_words
from ..reader_timing import close_reader, open_and_measure
from ..registry import figure
from ..results import Result, Target
from ..stats import summary

STALL_TARGET_MS = 100.0
#: In the smoke test (``minimal``), documents at this share of the full sizes.
MINIMAL_SCALE = 0.01


def _library(ctx: BenchContext, docs: list[HostileDoc]) -> dict[str, Any]:
    """Write the briefings, sync them and search each one's last words (once per run)."""
    if "hostile" in ctx.shared:
        return ctx.shared["hostile"]  # type: ignore[no-any-return]
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace

    content = ctx.work / "hostile-library"
    data = ctx.work / "hostile-data"
    content.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        (content / f"{doc.key}.md").write_text(doc.document(), encoding="utf-8")
    (content / "plain.md").write_text(
        "---\nid: hostile-plain\ntitle: A plain briefing\ndate: 2024-02-01\n---\n\n"
        + "\n\n".join(f"Paragraph {n} of an ordinary briefing." for n in range(30))
        + "\n",
        encoding="utf-8",
    )
    started = time.perf_counter()
    with Workspace(resolve_paths(content, data)) as ws:
        report = ws.sync()
        records = {Path(r.path).stem: r for r in ws.store.list_documents() if r.path}
        found = {}
        for doc in docs:
            word = last_words(doc.key).split()[-1].rstrip(".")
            hits = ws.search(word).hits
            found[doc.key] = [hit.id for hit in hits] == [f"hostile-{doc.key}"]
    skipped = {Path(s.path).stem: s.reason for s in report.skipped}
    library = {
        "content": content,
        "data": data,
        "records": records,
        "found": found,
        "skipped": skipped,
        "sync_s": time.perf_counter() - started,
    }
    ctx.shared["hostile"] = library
    return library


async def _session(ctx: BenchContext, docs: list[HostileDoc], library: dict[str, Any]) -> dict:
    from briefing_tui.tui.app import create_app

    from ..pilot import GcClock, LagMeter, painted, settle, wait_until

    app = create_app(str(library["content"]), str(library["data"]))
    results: dict[str, list[dict[str, float]]] = {doc.key: [] for doc in docs}
    results["plain"] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(lambda: app.workspace is not None, 60, "the workspace")
        await settle(app, pilot)
        meter = LagMeter(app)
        meter.start()
        with GcClock() as gc_clock:
            # The session's first open pays for the reader's CSS and first widgets.
            _, _ = await open_and_measure(app, pilot, meter, library["records"]["plain"])
            await close_reader(app, pilot)
            for _number in range(ctx.samples.opens):
                for key in ["plain", *(doc.key for doc in docs)]:
                    opening, screen = await open_and_measure(
                        app, pilot, meter, library["records"][key], gc_clock
                    )
                    meter.reset()
                    await pilot.press("end")
                    await painted(screen)
                    await app.workers.wait_for_complete()
                    await painted(screen)
                    end_stall = meter.longest_stall()
                    results[key].append(
                        {
                            "first_paint": opening.first_paint,
                            "rendered": opening.rendered,
                            "stall": opening.stall,
                            "end_stall": end_stall,
                            "gc2_longest": opening.extra.get("gc2_longest", 0.0),
                            "widgets": len(screen.query("*")),
                            "parts": len(screen.doc_layout.sections) if screen.doc_layout else 0,
                        }
                    )
                    await close_reader(app, pilot)
                    ctx.log(
                        f"  {key}: first screen {opening.first_paint * 1000:.0f} ms, "
                        f"rendered {opening.rendered * 1000:.0f} ms, longest stall "
                        f"{opening.stall * 1000:.0f} ms, jump to the end "
                        f"{end_stall * 1000:.0f} ms"
                    )
        meter.stop()
    return results


@figure(
    "reader-hostile",
    "open pathological Markdown (long lines, 4,000 headings, big table, deep nesting, HTML)",
    order=97,
)
def reader_hostile(ctx: BenchContext) -> list[Result]:
    if not ctx.first_size:
        ctx.log("  (independent of the library size: measured at the first size only)")
        return []
    docs = hostile_docs(MINIMAL_SCALE if ctx.config.minimal else 1.0)
    library = _library(ctx, docs)
    results = asyncio.run(_session(ctx, docs, library))
    plain = results["plain"]
    plain_stall = max(o["stall"] for o in plain) * 1000
    rows: list[Result] = []
    for doc in docs:
        openings = results[doc.key]
        stalls = [o["stall"] for o in openings]
        worst = max(stalls) * 1000
        details = {
            "bytes": len(doc.document().encode()),
            "indexed": doc.key not in library["skipped"],
            "found_by_last_words": library["found"][doc.key],
            "first_paint_s": summary([o["first_paint"] for o in openings]),
            "rendered_s": summary([o["rendered"] for o in openings]),
            "stall_s": summary(stalls),
            "end_jump_stall_s": summary([o["end_stall"] for o in openings]),
            "longest_full_gc_s": summary([o["gc2_longest"] for o in openings]),
            "widgets": openings[-1]["widgets"],
            "parts": openings[-1]["parts"],
        }
        taken = details["indexed"] and details["found_by_last_words"]
        rows.append(
            Result(
                figure="reader-hostile",
                label=(
                    f"open {doc.label}: longest stall (worst of {len(openings)}; "
                    f"{'indexed, found' if taken else 'NOT INDEXED OR NOT FOUND'})"
                ),
                size=ctx.size,
                ours=worst if taken else float("inf"),
                unit="ms",
                reference=plain_stall,
                reference_label="plain 2 KB briefing",
                target=Target(
                    max_value=STALL_TARGET_MS, text=f"< {STALL_TARGET_MS:.0f} ms", up_to=None
                ),
                details=details,
            )
        )
        end = max(o["end_stall"] for o in openings) * 1000
        rows.append(
            Result(
                figure="reader-hostile",
                label=f"open {doc.label}, then `end`: longest stall of the jump",
                size=ctx.size,
                ours=end,
                unit="ms",
                target=Target(
                    max_value=STALL_TARGET_MS, text=f"< {STALL_TARGET_MS:.0f} ms", up_to=None
                ),
                details=details,
            )
        )
    return rows
