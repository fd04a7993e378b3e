"""A sync when nothing changed, against a bare walk and stat of the same files.

What every start and every ``briefing`` command pays before it can answer:
the library is scanned and nothing is re-indexed. CPU seconds are in the
details (the machine is shared: wall time waits for the cores).

Two more rows time the sync the app runs on its folder watcher's report
(``Workspace.sync(only=...)``, trusted while the watcher listened without a
gap): a reported file that did not change (an editor touching attributes, a
save of the same text), against the full no-change sync; and a new briefing
reported, read and indexed, then removed (reported only: it pays the
identity check over every record, which any change does).
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..context import BenchContext
from ..reference import library_files
from ..registry import figure
from ..results import Result, Target, sized
from ..stats import p95, summary, timed

#: The briefing the watched-sync row adds and removes (removed again afterwards).
PROBE = "zz-no-change-probe.md"


def _stat_pass(root: Path) -> int:
    return sum(1 for path in library_files(root) if path.stat().st_size >= 0)


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _timed_cpu(call: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds of this process, result) of one call."""
    cpu, started = _cpu_s(), time.perf_counter()
    result = call()
    return time.perf_counter() - started, _cpu_s() - cpu, result


@figure("no-change", "no-change sync vs a bare stat pass", order=30)
def no_change(ctx: BenchContext) -> list[Result]:
    ws = ctx.workspace()
    ours: list[float] = []
    reference: list[float] = []
    cpu: list[float] = []
    for _ in range(ctx.samples.no_change):
        seconds, spent, report = _timed_cpu(ws.sync)
        if report.changed:
            raise RuntimeError(f"nothing changed, but the sync says: {report.summary()}")
        ours.append(seconds)
        cpu.append(spent)
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
            target=sized(
                ctx.size,
                Target(max_value=0.2, text="< 0.2 s"),
                Target(max_value=0.3, text="< 0.3 s"),
            ),
            details={
                "ours": summary(ours),
                "reference": summary(reference),
                "ours_cpu_s": summary(cpu),
            },
        ),
        *_watched(ctx, p95(ours)),
    ]


def _watched(ctx: BenchContext, full_sync_s: float) -> list[Result]:
    """The app's sync of its folder watcher's report: one path checked."""
    ws = ctx.workspace()
    existing = next(iter(library_files(ctx.library)))
    reported = existing.relative_to(ctx.library).as_posix()
    unchanged: list[float] = []
    unchanged_cpu: list[float] = []
    for _ in range(ctx.samples.no_change):
        seconds, spent, report = _timed_cpu(lambda: ws.sync(only=[reported]))
        if report.changed:
            raise RuntimeError(f"nothing changed, but the sync says: {report.summary()}")
        unchanged.append(seconds)
        unchanged_cpu.append(spent)
    probe = ctx.library / PROBE
    added: list[float] = []
    added_cpu: list[float] = []
    try:
        for number in range(min(5, ctx.samples.no_change)):
            probe.write_text(f"# Probe {number}\n\nA briefing the watcher reported.\n")
            seconds, spent, report = _timed_cpu(lambda: ws.sync(only=[PROBE]))
            if report.added != [PROBE]:
                raise RuntimeError(f"the probe was not added: {report.summary()}")
            added.append(seconds)
            added_cpu.append(spent)
            probe.unlink()
            ws.sync(only=[PROBE])
    finally:
        if probe.exists():
            os.unlink(probe)
            ws.sync(only=[PROBE])
    return [
        Result(
            figure="no-change",
            label=f"watched sync, reported file unchanged (p95 of {len(unchanged)})",
            size=ctx.size,
            ours=p95(unchanged) * 1000,
            unit="ms",
            reference=full_sync_s * 1000,
            reference_label="full no-change sync",
            # Issue #19's no-change target, for the sync the app runs while watching.
            target=Target(max_value=300, text="< 300 ms", up_to=None),
            details={"ours_ms": summary(unchanged, 1000), "cpu_ms": summary(unchanged_cpu, 1000)},
        ),
        Result(
            figure="no-change",
            label=f"watched sync, a briefing added (p95 of {len(added)})",
            size=ctx.size,
            ours=p95(added) * 1000,
            unit="ms",
            reference=full_sync_s * 1000,
            reference_label="full no-change sync",
            details={"ours_ms": summary(added, 1000), "cpu_ms": summary(added_cpu, 1000)},
        ),
    ]
