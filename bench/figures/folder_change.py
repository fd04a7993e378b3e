"""A file change visible in the list: from writing a file to the row shown, no ctrl+r.

The app is driven headless over the library (as the TUI figures drive it),
with its folder watch on, as a user runs it. Each round writes a new
briefing into the library folder and waits until the library list holds one
row more and has been refreshed; then removes it and waits until the row is
gone. What is timed is the whole way: the watcher's quiet time and report,
the sync (a stat pass over the library, the new file read and indexed), the
records listed again and the list painted. The watcher's own share (write to
report) is in the details.

The reference is a bare ``watchfiles`` loop on the same folder (its
defaults, no filtering, no grouping beyond watchfiles' own), run on a
thread of the same process in the same rounds: the time until it yields the
change. The library is as it was afterwards (each file removed, and synced).
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

from ..context import BenchContext
from ..registry import figure
from ..results import Result, Target
from ..stats import median, p95, summary

#: How long the app may take to list the library before the figure gives up (s).
STARTUP_TIMEOUT = 600.0
#: How long one change may take to show before the figure gives up (s).
CHANGE_TIMEOUT = 60.0
PROBE = "zz-folder-change-probe-{number}.md"


class BareWatch:
    """A bare ``watchfiles.watch`` loop on a thread: when it saw each path."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.seen: dict[str, float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import watchfiles

        for changes in watchfiles.watch(self.root, stop_event=self.stop, watch_filter=None):
            now = time.perf_counter()
            for _, path in changes:
                self.seen.setdefault(path, now)

    def start(self) -> None:
        self.thread.start()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)


async def _session(ctx: BenchContext, rounds: int) -> dict[str, Any]:
    from briefing_tui.tui.app import create_app
    from briefing_tui.tui.widgets.briefing_list import BriefingList

    from ..pilot import painted, settle, wait_until

    expected = len(ctx.workspace().store.list_documents())
    app = create_app(str(ctx.library), str(ctx.data_root))
    reported: list[float] = []
    out: dict[str, Any] = {"added": [], "removed": [], "watch": [], "bare": []}
    bare = BareWatch(ctx.library)
    async with app.run_test(size=(120, 40)) as pilot:
        listing = app.library.query_one(BriefingList)
        await wait_until(lambda: len(listing.rows) >= expected, STARTUP_TIMEOUT, "start-up list")
        await settle(app, pilot)
        await wait_until(lambda: app.watcher is not None, 60, "the folder watch")
        watcher = app.watcher
        assert watcher is not None
        report = watcher._report

        def timed_report(news: Any) -> None:
            reported.append(time.perf_counter())
            report(news)

        watcher._report = timed_report
        await asyncio.sleep(2.0)  # the watch set up (its folder walk, the inotify watches)
        out["mode"] = watcher.mode
        bare.start()
        await asyncio.sleep(1.0)  # its watches set (a recursive inotify watch of every folder)
        for number in range(rounds):
            path = ctx.library / PROBE.format(number=number)
            text = f"---\ntitle: Folder change probe {number}\n---\n\nA probe.\n"
            for kind, change, rows in (
                ("added", lambda p=path, t=text: p.write_text(t, encoding="utf-8"), expected + 1),
                ("removed", lambda p=path: p.unlink(), expected),
            ):
                reported.clear()
                started = time.perf_counter()
                change()
                await wait_until(lambda r=rows: len(listing.rows) == r, CHANGE_TIMEOUT, kind)
                shown = await painted(listing)
                out[kind].append(shown - started)
                if reported:
                    out["watch"].append(reported[0] - started)
                seen = bare.seen.pop(str(path), None)
                if seen is not None:
                    out["bare"].append(seen - started)
                await settle(app, pilot)
                await asyncio.sleep(0.5)  # the next change is a burst of its own
    bare.close()
    return out


@figure("folder-change", "a file change visible in the list (watch + sync + paint)", order=140)
def folder_change(ctx: BenchContext) -> list[Result]:
    rounds = 1 if ctx.config.minimal else max(2, ctx.samples.reindex)
    ctx.log(f"  folder change: {rounds} files added and removed behind the running app")
    out = asyncio.run(_session(ctx, rounds))
    shown = out["added"] + out["removed"]
    bare = out["bare"]
    ctx.log(
        f"  visible: p95 {p95(shown):.2f} s (watcher {out['mode']}: report p50 "
        f"{median(out['watch']):.2f} s); bare watchfiles p50 {median(bare):.3f} s"
    )
    return [
        Result(
            figure="folder-change",
            label=f"file change visible in the list (p95 of {len(shown)})",
            size=ctx.size,
            ours=p95(shown),
            unit="s",
            reference=p95(bare) if bare else None,
            reference_label="bare watchfiles loop: change seen",
            target=Target(max_value=2.0, text="< 2 s"),
            details={
                "mode": out["mode"],
                "added": summary(out["added"]),
                "removed": summary(out["removed"]),
                "watcher_report": summary(out["watch"]),
                "bare_watchfiles": summary(bare) if bare else {},
            },
        )
    ]
