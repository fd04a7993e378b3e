"""The TUI's start-up until the reading markers are painted: what the markers add.

The library lists its rows, then reads every briefing's reading state in a
worker (one snapshot) and redraws the list with unread rows in bold, the
changed and new markers and the counts. The tui-start figure times the list
painted; this one times, in the same fresh processes
(:mod:`bench.marked_start`), the refresh after the markers arrived too. The
reference is the list painted in the same start, so the ratio is what the
markers cost on top of it. The issue's bound: still < 1 s at 10,000, < 2 s
at 100,000.

So that the markers have something to show, a third of the library is
marked read and one briefing in a hundred of those "changed since read"
(kept with a content hash that is not its own) through the core before the
starts, and marked unread again after them (the texts kept are empty: the
start never reads them).
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from typing import Any

from ..context import REPO_ROOT, BenchContext
from ..registry import figure
from ..results import Result, Target
from ..stats import median, summary

#: How long a start may take before the figure gives up (s).
STARTUP_TIMEOUT = 600.0
#: Every ``READ_EVERY``-th briefing is read; every ``CHANGED_EVERY``-th of those changed.
READ_EVERY, CHANGED_EVERY = 3, 100


def load() -> str:
    """The machine's load averages, logged with every number (the machine is shared)."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def start_target_s(size: int) -> float:
    """The bound: markers and all within 1 s at 10,000, 2 s at 100,000."""
    return 1.0 if size <= 10_000 else 2.0


def _start_once(ctx: BenchContext, expect: int) -> dict[str, Any]:
    command = [ctx.python(), "-m", "bench.marked_start", "--content", str(ctx.library)]
    command += ["--data", str(ctx.data_root), "--expect", str(expect)]
    spawned = time.time()
    done = subprocess.run(
        command,
        cwd=REPO_ROOT,
        env=ctx.subprocess_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=STARTUP_TIMEOUT,
    )
    if done.returncode != 0:
        raise RuntimeError(f"marked_start failed ({done.returncode}): {done.stderr[-800:]}")
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    report["process"] = report["wall_marked"] - spawned
    return report


def _mark_some(ctx: BenchContext) -> list[str]:
    """A third of the library read, one in a hundred of those changed since; their ids."""
    from briefing_tui.core.stream import ReadText

    ws = ctx.workspace()
    ids = [record.id for record in ws.store.list_documents()][::READ_EVERY]
    hashes = ws.store.content_hashes(ids)
    changed = set(ids[::CHANGED_EVERY])

    def texts(wanted: list[str]) -> dict[str, ReadText]:
        return {
            doc_id: ReadText("bench-not-this-text" if doc_id in changed else hashes[doc_id], "")
            for doc_id in wanted
            if doc_id in hashes
        }

    ws.stream.mark_read(ids, texts)
    return ids


@figure(
    "tui-start-marks", "TUI start → listed with reading markers painted (fresh process)", order=86
)
def tui_start_marks(ctx: BenchContext) -> list[Result]:
    expect = len(ctx.workspace().store.list_documents())
    marked_ids = _mark_some(ctx)
    starts: list[dict[str, Any]] = []
    try:
        for _ in range(ctx.samples.warmup):
            _start_once(ctx, expect)
        for number in range(ctx.samples.tui_starts):
            run = _start_once(ctx, expect)
            starts.append(run)
            ctx.log(
                f"  start {number + 1}: list painted {run['painted']:.3f} s, markers painted "
                f"{run['marked_painted']:.3f} s ({run['read']:,} read, {run['changed']:,} "
                f"changed, {run['new']:,} new); {load()}"
            )
    finally:
        ctx.workspace().stream.mark_unread(marked_ids)
    marked = [run["marked_painted"] for run in starts]
    listed = [run["painted"] for run in starts]
    process = [run["process"] for run in starts]
    later = [run["marked_painted"] - run["painted"] for run in starts]
    limit = start_target_s(ctx.size)
    details = {
        "rows": starts[0]["rows"],
        "read": starts[0]["read"],
        "changed": starts[0]["changed"],
        "new": starts[0]["new"],
        "marked_painted_s": summary(marked),
        "marked_s": summary([run["marked"] for run in starts]),
        "list_painted_s": summary(listed),
        "markers_after_list_s": summary(later),
        "imports_s": summary([run["imports"] for run in starts]),
        "process_s": summary(process),
        "load": load(),
    }
    ctx.log(
        f"  markers painted: median {median(marked):.3f} s (max {max(marked):.3f} s), "
        f"{median(later) * 1000:.0f} ms after the list; {load()}"
    )
    return [
        Result(
            figure="tui-start-marks",
            label=(
                f"TUI start → {expect:,} listed with reading markers painted "
                f"(run_test on; median of {len(starts)})"
            ),
            size=ctx.size,
            ours=median(marked),
            unit="s",
            reference=median(listed),
            reference_label="list painted, same starts",
            target=Target(max_value=limit, text=f"< {limit:.0f} s", up_to=None),
            details=details,
        ),
        Result(
            figure="tui-start-marks",
            label=(
                f"TUI process start → reading markers painted, with Python and imports "
                f"(median of {len(starts)})"
            ),
            size=ctx.size,
            ours=median(process),
            unit="s",
            details=details,
        ),
    ]
