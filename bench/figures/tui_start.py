"""The TUI's start-up: from a fresh process to the whole library listed.

Fresh processes (Textual's import alone is a few hundred ms, and a user
starts a fresh interpreter; :mod:`bench.tui_start` is the process), timed
from entering ``run_test`` until the list holds every briefing and the next
refresh ran; the interpreter start and imports are reported beside it. The
reference is the core doing what the app's open worker does before it can
list anything (open the workspace, list the documents and claim counts) in
its own fresh process.

Each started app also times one full garbage collection once the list is
shown: the cyclic GC stops the event loop while it walks every live object,
and the library's records and rows are live objects, so this pause grows
with the library. (The reader figures found the longest stalls while opening
a briefing to be full collections.)
"""

from __future__ import annotations

import json
import subprocess
import time
from typing import Any

from ..context import REPO_ROOT, BenchContext
from ..registry import figure
from ..results import Result, Target
from ..stats import median, summary

#: How long a start may take before the figure gives up (s).
STARTUP_TIMEOUT = 600.0


def start_target_s(size: int) -> float:
    """The targets: the whole library listed within 1 s at 10,000, 2 s at 100,000."""
    return 1.0 if size <= 10_000 else 2.0


def _start_once(ctx: BenchContext, side: str, expect: int) -> dict[str, Any]:
    command = [ctx.python(), "-m", "bench.tui_start", side, "--content", str(ctx.library)]
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
        raise RuntimeError(f"tui_start {side} failed ({done.returncode}): {done.stderr[-800:]}")
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    report["process"] = report["wall_listed"] - spawned
    return report


@figure("tui-start", "TUI start → whole library listed (fresh process, index built)", order=85)
def tui_start(ctx: BenchContext) -> list[Result]:
    expect = len(ctx.workspace().store.list_documents())
    ours: list[dict[str, Any]] = []
    reference: list[dict[str, Any]] = []
    for _ in range(ctx.samples.warmup):
        _start_once(ctx, "app", expect)
    for _ in range(ctx.samples.tui_starts):
        ours.append(_start_once(ctx, "app", expect))
        reference.append(_start_once(ctx, "core", expect))
    painted = [run["painted"] for run in ours]
    process = [run["process"] for run in ours]
    imports = [run["imports"] for run in ours]
    core = [run["listed"] for run in reference]
    core_process = [run["process"] for run in reference]
    ctx.log(
        f"  listed and painted: median {median(painted):.3f} s (max {max(painted):.3f} s); "
        f"with interpreter and imports {median(process):.3f} s "
        f"(imports {median(imports):.3f} s)"
    )
    limit = start_target_s(ctx.size)
    details = {
        "rows": ours[0]["rows"],
        "painted_s": summary(painted),
        "listed_s": summary([run["listed"] for run in ours]),
        "entered_run_test_s": summary([run["entered"] for run in ours]),
        "imports_s": summary(imports),
        "process_s": summary(process),
        "reference_listed_s": summary(core),
        "reference_process_s": summary(core_process),
    }
    gc_ms = [run["gc_ms"] for run in ours]
    details["gc_objects"] = ours[0]["gc_objects"]
    details["reference_gc_objects"] = reference[0]["gc_objects"]
    ctx.log(
        f"  a full garbage collection in the started app: {median(gc_ms):.0f} ms over "
        f"{ours[0]['gc_objects']:,} objects"
    )
    return [
        Result(
            figure="tui-start",
            label=f"TUI start → {expect:,} listed and painted (run_test on; median of {len(ours)})",
            size=ctx.size,
            ours=median(painted),
            unit="s",
            reference=median(core),
            reference_label="core open + list",
            target=Target(max_value=limit, text=f"< {limit:.0f} s", up_to=None),
            details=details,
        ),
        Result(
            figure="tui-start",
            label=f"TUI process start → listed, with Python and imports (median of {len(ours)})",
            size=ctx.size,
            ours=median(process),
            unit="s",
            reference=median(core_process),
            reference_label="core process",
            details=details,
        ),
        Result(
            figure="tui-start",
            label=(
                f"full GC pause in the app with {expect:,} listed "
                f"({ours[0]['gc_objects']:,} objects; median of {len(ours)})"
            ),
            size=ctx.size,
            ours=median(gc_ms),
            unit="ms",
            reference=median([run["gc_ms"] for run in reference]),
            reference_label="core process",
            details=details,
        ),
    ]
