"""Opening a briefing in the app's reader and timing it, from inside the event loop.

The reader-open, highlight and reader-hostile figures all open briefings the
way ``enter`` on a row does (``app.open_briefing(record)``) and leave them as
``escape`` does, so the instrument is one, here: :func:`open_and_measure`
times the first screen painted (:class:`bench.pilot.FirstDrawn`), the
reader's ``rendered`` flag and the longest event-loop stall (a
:class:`bench.pilot.LagMeter` the caller runs) until the reader's workers are
done and the screen has refreshed once more; :func:`close_reader` leaves and
measures the stall of leaving (the memory the reader leaves is collected
then). Textual and the app are imported inside the functions only.
"""

from __future__ import annotations

import time
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .pilot import FirstDrawn, painted, settle, wait_until

if TYPE_CHECKING:
    from briefing_tui.core.store import DocumentRecord

#: The reader's bound on an event-loop stall, opening a briefing (ms).
STALL_TARGET_MS = 250.0
#: The bound on an event-loop stall leaving a briefing (``escape``), at every size (ms).
LEAVE_STALL_TARGET_MS = 150.0
#: How long an open may take before the measurement gives up (s).
OPEN_TIMEOUT = 600.0


@dataclass
class Opening:
    """What one open of a briefing measured (seconds from the call)."""

    first_paint: float
    rendered: float
    stall: float
    extra: dict[str, Any] = field(default_factory=dict)


async def open_and_measure(
    app: Any, pilot: Any, meter: Any, record: DocumentRecord, gc_clock: Any = None
) -> tuple[Opening, Any]:
    """Open ``record`` in the reader and time it; the reader screen stays open."""
    from briefing_tui.tui.screens.reader.screen import ReaderScreen

    await settle(app, pilot)
    meter.reset()
    if gc_clock is not None:
        gc_clock.reset()
    started = time.perf_counter()
    app.open_briefing(record)
    screen = app.screen_stack[-1]
    if not isinstance(screen, ReaderScreen):
        raise RuntimeError(f"open_briefing did not push a reader (top is {screen!r})")

    def has_blocks() -> bool:
        return screen.is_mounted and len(screen.query("MarkdownBlock")) > 0

    drawn = FirstDrawn(app, screen, "MarkdownBlock")
    try:
        mounted = await wait_until(has_blocks, OPEN_TIMEOUT, f"first blocks of {record.path}")
        after_refresh = await painted(screen)
        await wait_until(lambda: drawn.at is not None, OPEN_TIMEOUT, f"drawing {record.path}")
    finally:
        drawn.close()
    assert drawn.at is not None
    first = drawn.at
    done = await wait_until(lambda: screen.rendered, OPEN_TIMEOUT, f"rendering {record.path}")
    await app.workers.wait_for_complete()
    await painted(screen)  # the stall window covers the last layout and paint too
    stall = meter.longest_stall()
    opening = Opening(
        first - started,
        done - started,
        stall,
        {"mounted": mounted - started, "after_refresh": after_refresh - started},
    )
    if gc_clock is not None:
        opening.extra["gc2_longest"] = gc_clock.longest(2)
        opening.extra["gc_total"] = gc_clock.total()
    return opening, screen


async def close_reader(app: Any, pilot: Any, meter: Any = None, gc_clock: Any = None) -> float:
    """Leave the reader as ``escape`` does; the longest stall until settled (s) with ``meter``.

    ``escape`` pops the reader and, once the library is painted, gives back
    the memory the reader leaves: its widgets' caches a slice per frame
    (``closed_widgets.release_then``), then one collection
    (``gc_hold.collect_since_settled``). Every step of it is a stall the user
    may meet right after leaving, so all are measured: the window closes only
    once the reader is removed (every widget's message loop closed), its
    memory given back (the collection done) and two more frames were
    painted. With ``gc_clock``, its pauses are the leaving's alone (reset here).
    """
    from briefing_tui.tui.closed_widgets import releasing
    from briefing_tui.tui.screens.reader.screen import ReaderScreen

    # Held weakly: a reference kept here would keep the closed reader alive
    # through the collection that frees it (and measure a walk, not a freeing).
    closing = weakref.ref(app.screen)
    if meter is not None:
        meter.reset()
    if gc_clock is not None:
        gc_clock.reset()
    screen = closing()
    if isinstance(screen, ReaderScreen):
        screen.action_back()
    else:
        app.pop_screen()
    del screen
    await settle(app, pilot)

    def removed() -> bool:
        screen = closing()
        return screen is None or bool(getattr(screen, "_closed", True))

    await wait_until(removed, OPEN_TIMEOUT, "reader removed")
    await wait_until(lambda: not releasing(app), OPEN_TIMEOUT, "reader's memory given back")
    await painted(app.screen)
    await painted(app.screen)
    return meter.longest_stall() if meter is not None else 0.0
