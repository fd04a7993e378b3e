"""``briefing search`` as a process, against a bare Whoosh script process.

This is what a script or a shell user pays per query: interpreter start,
imports, a no-change sync (the index is already built) and the search. The
two commands run alternately and the median of the wall times is compared.

Both run as installed programs do, with their modules' bytecode cached: in
a folder of the run's own (``PYTHONPYCACHEPREFIX``), written by the warm-up
runs. With ``PYTHONDONTWRITEBYTECODE`` set (as in this project's shells),
each of our modules whose cache was missing or stale was compiled again in
every run (all 92 in a fresh checkout: a third of the process's CPU under
cProfile), while the bare script's Whoosh came compiled from its install.
"""

from __future__ import annotations

import subprocess

from ..context import REPO_ROOT, BenchContext
from ..registry import figure
from ..results import Result, Target
from ..stats import median, summary, timed

QUERY, LIMIT = "government", 10
BARE_SCRIPT = REPO_ROOT / "bench" / "bare_search.py"


def _env(ctx: BenchContext) -> dict[str, str]:
    """The environment of both processes: bytecode cached in the run's folder."""
    env = ctx.subprocess_env()
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(ctx.work / "bytecode")
    return env


def _run(ctx: BenchContext, command: list[str]) -> tuple[float, int]:
    """(wall seconds, number of output lines) of one run; exit 1 (no hits) is fine."""
    seconds, done = timed(
        lambda: subprocess.run(
            command,
            cwd=REPO_ROOT,
            env=_env(ctx),
            capture_output=True,
            text=True,
            check=False,
        )
    )
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-500:]}")
    return seconds, len(done.stdout.splitlines())


def commands(ctx: BenchContext) -> tuple[list[str], list[str]]:
    """Our CLI and the bare script, searching the same index for the same word."""
    ours = [ctx.python(), "-m", "briefing_tui", "--content", str(ctx.library)]
    ours += ["--data", str(ctx.data_root), "search", QUERY, "--limit", str(LIMIT)]
    bare = [ctx.python(), str(BARE_SCRIPT), str(ctx.paths.index_dir), QUERY, str(LIMIT)]
    return ours, bare


@figure("cli", "`briefing search` process vs a bare Whoosh script process (median)", order=60)
def cli_search(ctx: BenchContext) -> list[Result]:
    ctx.workspace()  # built and settled: the CLI's own sync has nothing to do
    ours_command, bare_command = commands(ctx)
    for _ in range(max(1, ctx.samples.warmup)):  # at least once: writes the bytecode
        _run(ctx, ours_command)
        _run(ctx, bare_command)
    ours: list[float] = []
    reference: list[float] = []
    lines = bare_lines = 0
    for _ in range(ctx.samples.cli_runs):
        seconds, lines = _run(ctx, ours_command)
        ours.append(seconds)
        seconds, bare_lines = _run(ctx, bare_command)
        reference.append(seconds)
    return [
        Result(
            figure="cli",
            label=f"CLI `search {QUERY}` process (median of {len(ours)})",
            size=ctx.size,
            ours=median(ours),
            unit="s",
            reference=median(reference),
            reference_label="bare Whoosh script",
            # ≤ 1.3x at 10,000 and at 100,000 (issue #19).
            target=Target(max_ratio=1.3, text="≤ 1.3x ref", up_to=None),
            details={
                "command": " ".join(["python", *ours_command[1:]]),
                "bytecode": "cached in the run's folder (PYTHONPYCACHEPREFIX), as installed",
                "output_lines": lines,
                "reference_output_lines": bare_lines,
                "ours": summary(ours),
                "reference": summary(reference),
            },
        )
    ]
