"""Peak memory syncing a library with a 5 MB briefing, and exporting 10,000 claims.

Memory must stay bounded when one briefing is big and when every claim is
exported; the target is the product's memory bound (< 1 GB). Each number is
the peak resident memory of a real ``briefing`` command in a process of its
own (plus its largest index-writer helper), measured by
:mod:`bench.peak_memory` on the library of :mod:`bench.corpora.big_file`:

* ``briefing index`` over a copy of the run's library plus a 5 MB briefing
  and a file over the 5 MiB cap (a fresh data folder: a full build). The
  reference is our full build of the same library without the two files
  (the ``build`` figure's worker, shared). The details say whether the 5 MB
  briefing was listed and found by its last word, and the over-cap file
  listed as skipped with its reason;
* ``briefing export`` in each format, after 10,000 claims were made on that
  library (as the ``export`` figure makes them; 1,000 with ``--quick``); the
  row is the largest of the four. The reference is ``briefing list --json``
  on the same data, what opening the workspace costs a process anyway.
"""

from __future__ import annotations

import json
import shutil

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace

from ..context import BenchContext
from ..corpora.big_file import BIG_LAST_WORD, BIG_NAME, OVER_CAP_NAME, library_with_a_big_file
from ..corpora.planted_claims import claim_count, make_claims, plan_claims
from ..peak_memory import own_peak_kb, run_briefing
from ..registry import figure
from ..results import Result, Target, sized

GIGABYTE_MB = 1024.0
#: Issue #19: any command's peak at 100,000 briefings.
LARGE_PEAK = Target(max_value=500.0, text="< 500 MB")
#: In the smoke test (``minimal``), a smaller "big" file: the figure must only run.
MINIMAL_BIG_BYTES = 300_000


@figure("resources", "peak memory: sync with a 5 MB briefing, export 10,000 claims", order=105)
def resources(ctx: BenchContext) -> list[Result]:
    minimal = getattr(ctx.config, "minimal", False)
    big = MINIMAL_BIG_BYTES if minimal else 5_000_000
    content = ctx.work / "resources-library"
    data = ctx.work / "resources-data"
    out = ctx.work / "resources-out"
    try:
        library_with_a_big_file(ctx.library, content, big)
        ctx.log(f"  library: {ctx.size:,} briefings, a {big / 1e6:.1f} MB one, one over the cap")
        sync = run_briefing(content, data, "index", "--json")
        if sync.returncode:
            raise RuntimeError(f"briefing index failed: {sync.stderr}")
        report = json.loads(sync.stdout)
        skipped = {item["path"]: item["reason"] for item in report["skipped"]}
        listing = json.loads(run_briefing(content, data, "list", "--json").stdout)
        listed = any(item["path"] == BIG_NAME for item in listing)
        found = run_briefing(content, data, "search", BIG_LAST_WORD, "--json")
        found_big = [hit["path"] for hit in json.loads(found.stdout or "[]")] == [BIG_NAME]
        reference = ctx.build("ours")
        ctx.log(
            f"  sync: {sync.peak_mb:.0f} MB peak; 5 MB briefing listed {listed}, found "
            f"{found_big}; over the cap: {skipped.get(OVER_CAP_NAME, 'NOT SKIPPED')}"
        )
        handled = listed and found_big and OVER_CAP_NAME in skipped
        rows = [
            Result(
                figure="resources",
                label=(
                    f"peak memory, `briefing index` with a {big / 1e6:.1f} MB briefing"
                    + ("" if handled else " (NOT HANDLED)")
                ),
                size=ctx.size,
                ours=sync.peak_mb if handled else float("inf"),
                unit="MB",
                reference=reference.peak_mb,
                reference_label="our build without it",
                target=sized(ctx.size, Target(max_value=GIGABYTE_MB, text="< 1 GB"), LARGE_PEAK),
                details={
                    "big_bytes": big,
                    "big_listed": listed,
                    "big_found_by_last_word": found_big,
                    "over_cap_skipped": skipped.get(OVER_CAP_NAME),
                    "indexed": len(report["added"]),
                    "elapsed_s": report["elapsed"],
                    # What the harness itself had peaked at: before the runner read
                    # VmHWM, every command here reported at least this (issue #19).
                    "harness_peak_mb": round(own_peak_kb() / 1024, 1),
                },
            )
        ]

        count, mode = claim_count(ctx)
        with Workspace(resolve_paths(content, data)) as ws:
            plan, texts = plan_claims(ws, count)
            make_claims(ws, plan, texts)
            stored = len(ws.claims.all())
        out.mkdir(parents=True, exist_ok=True)
        peaks: dict[str, float] = {}
        for fmt in ("md", "json", "csv", "w3c"):
            target = out / f"claims.{fmt}"
            done = run_briefing(content, data, "export", "--format", fmt, "-o", str(target))
            if done.returncode or not target.exists():
                raise RuntimeError(f"briefing export {fmt} failed: {done.stderr}")
            peaks[fmt] = done.peak_mb
        baseline = run_briefing(content, data, "list", "--json")
        ctx.log(
            f"  export of {stored:,} claims: "
            + ", ".join(f"{fmt} {mb:.0f} MB" for fmt, mb in peaks.items())
            + f"; `briefing list` {baseline.peak_mb:.0f} MB"
        )
        rows.append(
            Result(
                figure="resources",
                label=f"peak memory, `briefing export` of {stored:,} claims{mode} (largest format)",
                size=ctx.size,
                ours=max(peaks.values()),
                unit="MB",
                reference=baseline.peak_mb,
                reference_label="`briefing list`",
                target=sized(ctx.size, Target(max_value=GIGABYTE_MB, text="< 1 GB"), LARGE_PEAK),
                details={
                    "claims": stored,
                    "peak_mb": {k: round(v, 1) for k, v in peaks.items()},
                    "harness_peak_mb": round(own_peak_kb() / 1024, 1),
                },
            )
        )
        return rows
    finally:
        if not ctx.config.keep:
            for folder in (content, data, out):
                shutil.rmtree(folder, ignore_errors=True)
