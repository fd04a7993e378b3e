"""Peak memory of a full sync plus searches, measured in the build worker processes."""

from __future__ import annotations

from ..context import BenchContext
from ..registry import figure
from ..results import Result, Target

GIGABYTE_MB = 1024.0


@figure("memory", "peak memory (ru_maxrss) of a full sync + searches", order=70)
def peak_memory(ctx: BenchContext) -> list[Result]:
    ours = ctx.build("ours")
    reference = ctx.build("reference")
    return [
        Result(
            figure="memory",
            label="peak memory, sync + search",
            size=ctx.size,
            ours=ours.peak_mb,
            unit="MB",
            reference=reference.peak_mb,
            reference_label="bare Whoosh",
            target=Target(max_value=GIGABYTE_MB, text="< 1 GB", up_to=None),
            details={
                "note": "ru_maxrss of the main process plus its largest helper process",
                "ours_main_mb": round(ours.maxrss_self_kb / 1024, 1),
                "ours_helper_mb": round(ours.maxrss_children_kb / 1024, 1),
                "reference_main_mb": round(reference.maxrss_self_kb / 1024, 1),
                "reference_helper_mb": round(reference.maxrss_children_kb / 1024, 1),
            },
        )
    ]
