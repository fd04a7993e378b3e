"""Driving the app headless with Textual's pilot, and measuring it from inside the loop.

Textual is imported only inside functions: ``python -m bench --list`` and the
core figures must not pay for it.

Two instruments, both on the app's own event loop:

* a lag meter, an interval timer (10 ms) that records the gap between its
  ticks: a tick late by 240 ms means the loop was busy for 240 ms, which is
  what a user feels as a frozen screen;
* "first drawn": the moment a layout of the screen first places a widget
  (a Markdown block, say) in its compositor map. Textual lays out and draws
  in one step (``Screen._refresh_layout`` reflows, refreshes the compositor,
  then publishes ``screen_layout_refresh_signal``), so a callback subscribed
  to that signal with ``immediate=True`` runs at the very frame that showed
  the widget. Polling from a coroutine was up to a frame or two late (the
  loop is busy while a document mounts); ``call_after_refresh`` (which the
  app uses for its keystroke latency) was later still, up to 180 ms here,
  because its message waits behind the screen's queue; and ``pilot.pause()``
  waits for the *process* to go idle (up to a second), which a reader
  parsing in a thread never is.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

#: The lag meter's interval: its gaps minus this are the stalls.
LAG_INTERVAL = 0.01
#: How often a wait polls its condition (a cheap check on the event loop).
POLL = 0.002


class LagMeter:
    """An interval timer on the app's loop recording the gaps between its ticks."""

    def __init__(self, app: App[Any], interval: float = LAG_INTERVAL) -> None:
        self.app = app
        self.interval = interval
        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self._timer: Timer | None = None

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer = self.app.set_interval(self.interval, self._tick)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def reset(self) -> None:
        """Forget the gaps so far: the next window starts now."""
        self.gaps = []
        self._last = time.perf_counter()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now

    def longest_stall(self) -> float:
        """The longest the loop went without running the timer, beyond its interval (s).

        Includes the time from the last tick until now, so a stall still going
        on when the window closes counts too.
        """
        current = time.perf_counter() - self._last
        return max(0.0, max([*self.gaps, current]) - self.interval)


async def settle(app: App[Any], pilot: Any, rounds: int = 3) -> None:
    """Wait until the app's workers (open, sync, search, preview, render) are done.

    One at a time, a cancelled one passed over: a search the next keystroke
    replaced (its worker is exclusive) is done as far as the app is, and
    Textual's ``wait_for_complete`` raised ``WorkerCancelled`` for it (the
    keystroke figure at 10,000 ended in that error once, 2026-12-06).
    """
    from textual.worker import WorkerCancelled

    for _ in range(rounds):
        for worker in list(app.workers):
            with contextlib.suppress(WorkerCancelled):
                await worker.wait()
        await pilot.pause()


async def wait_until(
    condition: Callable[[], bool], timeout: float, what: str, poll: float = POLL
) -> float:
    """Poll ``condition`` on the event loop; the ``perf_counter`` time it became true."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{what}: not done after {timeout:.0f} s")
        await asyncio.sleep(poll)
    return time.perf_counter()


async def painted(node: Any, timeout: float = 30.0) -> float:
    """The ``perf_counter`` time of the refresh after now (via ``call_after_refresh``)."""
    marks: list[float] = []
    node.call_after_refresh(lambda: marks.append(time.perf_counter()))
    await wait_until(lambda: bool(marks), timeout, "a refresh")
    return marks[0]


class FirstDrawn:
    """When a widget matching ``selector`` was first laid out and drawn on ``screen``.

    Subscribe right after pushing the screen (the app owns the subscription,
    because a screen can't subscribe before it runs); ``at`` is the
    ``perf_counter`` time, ``None`` until then. Call :meth:`close` when done.
    """

    def __init__(self, app: App[Any], screen: Any, selector: str) -> None:
        self.app = app
        self.screen = screen
        self.selector = selector
        self.at: float | None = None
        screen.screen_layout_refresh_signal.subscribe(app, self._check, immediate=True)

    def _check(self, screen: Any) -> None:
        if self.at is None and any(widget.region for widget in screen.query(self.selector)):
            self.at = time.perf_counter()

    def close(self) -> None:
        self.screen.screen_layout_refresh_signal.unsubscribe(self.app)


def full_collection() -> dict[str, float]:
    """The live objects the cyclic GC tracks, and what one full collection costs (ms).

    A full (generation 2) collection walks every tracked object with the
    event loop stopped: it is a stall, and it grows with the heap (the
    library's records and rows live in the app). Three collections, the
    median reported; the first frees whatever garbage is about.
    """
    import gc

    times = []
    for _ in range(3):
        started = time.perf_counter()
        gc.collect()
        times.append(time.perf_counter() - started)
    return {"objects": len(gc.get_objects()), "ms": sorted(times)[1] * 1000}


class GcClock:
    """Records the garbage collector's pauses (via ``gc.callbacks``) while installed."""

    def __init__(self) -> None:
        self.pauses: list[tuple[int, float]] = []
        """(generation, seconds) of each collection since the last :meth:`reset`."""
        self._started = 0.0

    def __enter__(self) -> GcClock:
        import gc

        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *_: object) -> None:
        import gc

        gc.callbacks.remove(self._callback)

    def reset(self) -> None:
        self.pauses = []

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append((info["generation"], time.perf_counter() - self._started))

    def longest(self, generation: int = 2) -> float:
        return max((s for g, s in self.pauses if g == generation), default=0.0)

    def total(self) -> float:
        return sum(s for _, s in self.pauses)
