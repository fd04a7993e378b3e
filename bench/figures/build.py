"""Full index build: ours against a bare two-process Whoosh writer on the same files."""

from __future__ import annotations

from ..context import BenchContext
from ..registry import figure
from ..results import Result, Target, sized


@figure(
    "build", "full index build: Workspace.sync(rebuild=True) vs bare 2-process Whoosh", order=10
)
def full_build(ctx: BenchContext) -> list[Result]:
    ours = ctx.build("ours")
    reference = ctx.build("reference")
    details = {
        "docs": ours.docs,
        "reference_docs": reference.docs,
        "skipped": ours.skipped,
        "rounds": ctx.samples.build_rounds,
        "note": "the fastest round of each side; each in a fresh process and folder",
    }
    return [
        Result(
            figure="build",
            label="full index build",
            size=ctx.size,
            ours=ours.seconds,
            unit="s",
            reference=reference.seconds,
            reference_label="bare Whoosh, 2 procs",
            target=sized(
                ctx.size,
                Target(max_ratio=1.2, text="≤ 1.2x ref"),
                Target(max_ratio=1.0, text="≤ 1.0x ref"),
            ),
            details=details,
        )
    ]
