"""What the folder watch costs while nothing changes: CPU seconds per idle second.

Each watcher runs alone in a fresh process on the library folder; after its
start-up (the folder walk, the inotify watches) settles, the process's CPU
time (every thread, watchfiles' own included; ``getrusage``) is read over
an idle stretch. Two rows, each next to its reference, run alternately in
the same run:

- the app's watcher as it runs (``watchfiles``), against a bare
  ``watchfiles.watch`` loop with its defaults;
- the app's periodic check (the fallback when inotify cannot be used),
  against a bare poller: an ``os.scandir`` walk with a stat of every file,
  once a second (what a naive poller does to notice in-place edits).
"""

from __future__ import annotations

import json
import subprocess

from ..context import REPO_ROOT, BenchContext
from ..registry import figure
from ..results import Result, Target

#: Seconds of idle measured per watcher (the smoke test's minimal mode: a number, quickly).
IDLE_S = 10.0
MINIMAL_IDLE_S = 0.5
#: Seconds the watcher is left to settle (its start-up) before the idle stretch.
SETTLE_S = 2.0
MINIMAL_SETTLE_S = 0.3

_SCRIPT = """
import json, os, resource, sys, threading, time
from pathlib import Path

kind, root, settle, idle = sys.argv[1], Path(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
stop = threading.Event()


def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def bare_watchfiles():
    import watchfiles
    for _ in watchfiles.watch(root, stop_event=stop, watch_filter=None):
        pass


def bare_poll():
    while not stop.wait(1.0):
        pending = [str(root)]
        while pending:
            with os.scandir(pending.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(entry.path)
                    else:
                        entry.stat()


if kind in ("watchfiles", "polling"):
    from briefing_tui.core.watching import FolderWatcher
    watcher = FolderWatcher(root, lambda news: None, use_watchfiles=kind == "watchfiles")
    run, stop = watcher.run, watcher._stop
else:
    run = bare_watchfiles if kind == "bare-watchfiles" else bare_poll
thread = threading.Thread(target=run, daemon=True)
started = cpu()
thread.start()
time.sleep(settle)
before, at = cpu(), time.monotonic()
time.sleep(idle)
after, elapsed = cpu(), time.monotonic() - at
mode = watcher.mode if kind in ("watchfiles", "polling") else kind
stop.set()
thread.join(5)
print(json.dumps({"cpu_s": after - before, "elapsed_s": elapsed, "start_cpu_s": before - started,
                  "mode": mode}))
"""


def _idle(ctx: BenchContext, kind: str, idle: float) -> dict[str, float | str]:
    settle = MINIMAL_SETTLE_S if ctx.config.minimal else SETTLE_S
    done = subprocess.run(
        [ctx.python(), "-c", _SCRIPT, kind, str(ctx.library), str(settle), str(idle)],
        cwd=REPO_ROOT,
        env=ctx.subprocess_env(),
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the {kind} idle process failed (exit {done.returncode})")
    measured: dict[str, float | str] = json.loads(done.stdout.strip().splitlines()[-1])
    share = float(measured["cpu_s"]) / float(measured["elapsed_s"]) * 100
    measured["percent"] = share
    ctx.log(
        f"  idle {kind}: {share:.3f}% CPU over {float(measured['elapsed_s']):.1f} s "
        f"(start-up {float(measured['start_cpu_s']):.2f} CPU-s)"
    )
    return measured


@figure("watch-idle", "the folder watch's CPU while nothing changes", order=141)
def watch_idle(ctx: BenchContext) -> list[Result]:
    idle = MINIMAL_IDLE_S if ctx.config.minimal else IDLE_S
    rows = []
    for ours, reference, label in (
        ("watchfiles", "bare-watchfiles", "bare watchfiles loop"),
        ("polling", "bare-poll", "bare os.scandir walk + stat, each second"),
    ):
        mine = _idle(ctx, ours, idle)
        bare = _idle(ctx, reference, idle)
        name = "folder watch" if ours == "watchfiles" else "folder watch, periodic check"
        rows.append(
            Result(
                figure="watch-idle",
                label=f"{name}: CPU when idle ({idle:g} s)",
                size=ctx.size,
                ours=float(mine["percent"]),
                unit="%",
                reference=float(bare["percent"]),
                reference_label=label,
                target=Target(max_value=1.0, text="< 1% CPU"),
                details={"ours": mine, "reference": bare},
            )
        )
    return rows
