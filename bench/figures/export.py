"""Export time for 10,000 claims in each format (md, json, csv, w3c): target < 2 s each.

Setup (untimed): a data folder of its own over the library under test, so
the claims never reach the store the other figures use. It starts as a copy
of the data our full build made (the store through SQLite's backup API,
:func:`briefing_tui.core.store.backup.backup_store`; the index as files), and one
sync on it checks that it is settled. Then the claims are planted through
the core (:mod:`bench.corpora.planted_claims`): briefings spread over the
library (sorted by id), a few claims each, on sentences of the core's plain
text, each with a note, up to two tags and a status. The first few go
through ``ClaimStore.add`` (their time is reported in the details); the rest
are written by the same SQL in a few large transactions. The
index is not re-indexed for the claims: an export of every claim does not
search, and the Markdown report reads only the stored plain texts.

Timed: ``export_claims(ws, fmt)`` (select every claim, render to bytes), the
four formats in turn, :data:`RUNS` rounds. The row is the slowest run (the
first is cold, as a ``briefing export`` process is); the median is in the
details, with the size written and the time ``write_atomic`` then takes to
put the bytes in a file. ``--quick`` makes 1,000 claims and says so in the
label; the smoke test's minimal mode, a handful.
"""

from __future__ import annotations

import shutil

from briefing_tui.core.exchange import FORMATS, Export, export_claims, write_atomic
from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.store.backup import backup_store
from briefing_tui.core.workspace import Workspace

from ..context import BenchContext
from ..corpora.planted_claims import claim_count, make_claims, plan_claims
from ..registry import figure
from ..results import Result, Target
from ..stats import median, summary, timed

#: Timed exports of each format.
RUNS = 3
TARGET_S = 2.0


@figure("export", "export 10,000 claims in each format (md, json, csv, w3c): < 2 s", order=100)
def export_time(ctx: BenchContext) -> list[Result]:
    count, mode = claim_count(ctx)
    ctx.workspace()  # our full build (shared, cached), settled
    root, out = ctx.work / "export-data", ctx.work / "export-out"
    shutil.rmtree(root, ignore_errors=True)
    try:
        paths = resolve_paths(ctx.library, root)
        paths.ensure()
        backup_store(ctx.paths.store_file, paths.store_file)
        shutil.copytree(ctx.paths.index_dir, paths.index_dir, dirs_exist_ok=True)
        out.mkdir(parents=True, exist_ok=True)
        with Workspace(paths) as ws:
            report = ws.sync()
            if report.changed:
                ctx.log(f"  warning: the copied data folder was not settled: {report.summary()}")
            seconds, (plan, texts) = timed(lambda: plan_claims(ws, count))
            made, added = timed(lambda: make_claims(ws, plan, texts))
            stored = len(ws.claims.all())
            if stored != count:
                ctx.log(f"  warning: {stored} claims made, not {count}: too few sentences")
            ctx.log(
                f"  {stored} claims on {len(texts)} briefings "
                f"(planned in {seconds:.1f} s, stored in {made:.1f} s; "
                f"ClaimStore.add median {median(added) * 1000:.1f} ms)"
            )
            times: dict[str, list[float]] = {fmt: [] for fmt in FORMATS}
            exports: dict[str, Export] = {}
            for _ in range(RUNS):
                for fmt in FORMATS:
                    elapsed, exports[fmt] = timed(lambda fmt=fmt: export_claims(ws, fmt))
                    times[fmt].append(elapsed)
            rows = []
            for fmt in FORMATS:
                export = exports[fmt]
                if export.claims != stored:
                    raise RuntimeError(f"{fmt}: exported {export.claims} of {stored} claims")
                target = out / f"claims-{fmt}"
                written, _ = timed(
                    lambda export=export, target=target: write_atomic(target, export.data)
                )
                slowest, middle = max(times[fmt]), median(times[fmt])
                runs = len(times[fmt])
                ctx.log(
                    f"  {fmt}: median {middle:.3f} s, slowest {slowest:.3f} s, "
                    f"{len(export.data) / 1e6:.1f} MB"
                )
                rows.append(
                    Result(
                        figure="export",
                        label=f"export {stored:,} claims{mode}, {fmt} (slowest of {runs})",
                        size=ctx.size,
                        ours=slowest,
                        unit="s",
                        target=Target(max_value=TARGET_S, text=f"< {TARGET_S:g} s", up_to=None),
                        details={
                            "format": fmt,
                            "claims": export.claims,
                            "briefings": export.documents,
                            "bytes": len(export.data),
                            "seconds": summary(times[fmt]),
                            "median_s": round(middle, 4),
                            "write_atomic_s": round(written, 4),
                            "claimstore_add_ms": summary(added, 1000),
                            "note": "export_claims(ws, fmt): select every claim and render "
                            "to bytes; the slowest run counts (the first is the coldest, as a "
                            "`briefing export` process is)",
                        },
                    )
                )
    finally:
        if not ctx.config.keep:
            shutil.rmtree(root, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
    return rows
