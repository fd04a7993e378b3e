"""A sync when nothing changed, against a bare walk and stat of the same files.

What every start and every ``briefing`` command pays before it can answer:
the library is scanned and nothing is re-indexed.
"""

from __future__ import annotations

from pathlib import Path

from ..context import BenchContext
from ..reference import library_files
from ..registry import figure
from ..results import Result, Target
from ..stats import p95, summary, timed


def _stat_pass(root: Path) -> int:
    return sum(1 for path in library_files(root) if path.stat().st_size >= 0)


@figure("no-change", "no-change sync vs a bare stat pass", order=30)
def no_change(ctx: BenchContext) -> list[Result]:
    ws = ctx.workspace()
    ours: list[float] = []
    reference: list[float] = []
    for _ in range(ctx.samples.no_change):
        seconds, report = timed(ws.sync)
        if report.changed:
            raise RuntimeError(f"nothing changed, but the sync says: {report.summary()}")
        ours.append(seconds)
        reference.append(timed(lambda: _stat_pass(ctx.library))[0])
    return [
        Result(
            figure="no-change",
            label=f"no-change sync (p95 of {len(ours)})",
            size=ctx.size,
            ours=p95(ours),
            unit="s",
            reference=p95(reference),
            reference_label="os.walk + stat",
            target=Target(max_value=0.2, text="< 0.2 s"),
            details={"ours": summary(ours), "reference": summary(reference)},
        )
    ]
