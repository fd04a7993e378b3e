"""A first start on a new library: listed, a search answered, the first build done.

One fresh app process (:mod:`bench.first_start`) on a new data folder, with a
query typed at once: when the list first holds a briefing, when the query is
answered over what is indexed so far (not refused while the index is built),
when that answer finds a briefing, and when the build is done. The reference
is the full build alone (``Workspace.sync()`` on a new data folder, its own
fresh process), run in the same minutes: what a user waited for before any
list or search when the app built the index first. One run each: a first
start happens once per library, and at 100,000 each run is minutes long.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

from ..context import REPO_ROOT, BenchContext
from ..registry import figure
from ..results import Result, Target

#: A word in most briefings of every corpus the harness builds.
QUERY = "government"
#: The issue's targets: listed within 5 s; search answers from the first second.
LISTED_S = 5.0
ANSWERED_S = 1.0
TIMEOUT_S = 3600.0


def _run(ctx: BenchContext, side: str, expect: int) -> dict[str, Any]:
    data = ctx.data_root.parent / f"first-start-{side}"
    shutil.rmtree(data, ignore_errors=True)
    command = [ctx.python(), "-m", "bench.first_start", side, "--content", str(ctx.library)]
    command += ["--data", str(data), "--query", QUERY, "--expect", str(expect)]
    ctx.log(f"  first start, {side}, {ctx.size} documents (fresh process, new data folder)")
    try:
        done = subprocess.run(
            command,
            cwd=REPO_ROOT,
            env=ctx.subprocess_env(),
            capture_output=True,
            text=True,
            check=False,
            timeout=TIMEOUT_S,
        )
    finally:
        shutil.rmtree(data, ignore_errors=True)
    if done.returncode != 0:
        raise RuntimeError(f"first_start {side} failed ({done.returncode}): {done.stderr[-800:]}")
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


@figure("first-start", "first start on a new library: listed, searched, built", order=86)
def first_start(ctx: BenchContext) -> list[Result]:
    expect = ctx.size
    app = _run(ctx, "app", expect)
    core = _run(ctx, "core", expect)
    ctx.log(
        f"  listed {app['listed']:.2f} s, answered {app['answered']:.2f} s, found "
        f"{app.get('found', float('nan')):.2f} s, built {app['built']:.1f} s "
        f"(the build alone {core['built']:.1f} s)"
    )
    details = {"app": app, "core": core, "query": QUERY, "runs": 1}
    reference = ("full build alone", core["built"])
    return [
        Result(
            figure="first-start",
            label="first start → a briefing listed (new data folder)",
            size=ctx.size,
            ours=app["listed"],
            unit="s",
            reference=reference[1],
            reference_label=reference[0],
            target=Target(max_value=LISTED_S, text=f"< {LISTED_S:.0f} s", up_to=None),
            details=details,
        ),
        Result(
            figure="first-start",
            label=f"first start → {QUERY!r} typed at once answered over what is indexed",
            size=ctx.size,
            ours=app["answered"],
            unit="s",
            reference=reference[1],
            reference_label=reference[0],
            target=Target(max_value=ANSWERED_S, text=f"< {ANSWERED_S:.0f} s", up_to=None),
            details=details,
        ),
        Result(
            figure="first-start",
            label=f"first start → {QUERY!r} finds a briefing",
            size=ctx.size,
            ours=app.get("found", float("nan")),
            unit="s",
            reference=reference[1],
            reference_label=reference[0],
            details=details,
        ),
        Result(
            figure="first-start",
            label="first start → the build done, every briefing listed and searchable",
            size=ctx.size,
            ours=app["built"],
            unit="s",
            reference=reference[1],
            reference_label=reference[0],
            details=details,
        ),
    ]
