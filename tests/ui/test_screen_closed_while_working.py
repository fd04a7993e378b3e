"""A worker's answer that finds its screen without widgets does not end the app.

The overview (f6), the timeline, the sources, the contradictions, the tag
manager and the claims screens count in a thread worker and show the answer
on the event loop. An answer that came before the screen's widgets were
mounted, or after the screen was closed and freed, queried a widget that was
not there, and the app ended with a traceback (seen once on a loaded machine:
f6, then ``s``, then ``b`` back to the library). Each now goes through
``AppAccess.from_worker``, which drops such an answer; the screen's own mount
or resume counts again.
"""

from __future__ import annotations

import threading
import time

from briefing_tui.core.claims.model import Claim
from briefing_tui.core.claims.store import ClaimStore
from briefing_tui.tui.screens.overview import OverviewScreen
from briefing_tui.tui.screens.reader.screen import ReaderScreen
from briefing_tui.tui.widgets.claims_panel import ClaimsPanel

from .conftest import settle


async def test_an_answer_for_a_screen_without_its_widgets_is_dropped(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        head = screen.query_one("#overview-head")
        assert "3 briefings" in str(head.render())
        workspace = app.workspace
        assert workspace is not None
        overview = workspace.analysis.overview()
        await head.remove()  # as when the answer comes before compose, or after a close

        def count() -> None:
            screen.from_worker(screen._show, overview)

        app.run_worker(count, thread=True)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.return_code is None  # still running: not ended by the answer
        assert app.screen is screen
        await pilot.press("escape", "f6")  # a new overview shows its answer
        await settle(app, pilot)
        assert "3 briefings" in str(app.screen.query_one("#overview-head").render())


async def test_a_reader_left_while_it_opens_ends_its_open_quietly(make_app, monkeypatch) -> None:
    """The reader's open runs on the loop, stepping out to threads (the layout, the
    sentences, the claims). Left (escape) while it was out, its widgets were taken
    down before the open was cancelled, and the open's next step, showing the
    claims in a panel no longer there, ended the app (seen once on a loaded
    machine, in the test that leaves a 400 KB briefing mid-open)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        library = app.screen
        workspace = app.workspace
        assert workspace is not None
        out, back, read = threading.Event(), threading.Event(), threading.Event()
        claims_of = ClaimStore.for_document

        def slow_claims(self: ClaimStore, doc_id: str) -> list[Claim]:
            out.set()
            back.wait(10)
            try:
                return claims_of(self, doc_id)
            finally:
                read.set()

        monkeypatch.setattr(ClaimStore, "for_document", slow_claims)
        app.open_briefing(workspace.store.list_documents()[0])
        for _ in range(500):
            if out.is_set():
                break
            await pilot.pause(0.02)
        assert out.is_set(), app.screen
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await reader.query_one(ClaimsPanel).remove()  # taken down first, as when left
        app.pop_screen()  # left: off the stack at once, taken down later
        back.set()
        # The open's next step is due before the loop takes the screen down (blocking
        # the loop here, as a busy machine's scheduler may).
        assert read.wait(5)
        time.sleep(0.05)
        for _ in range(50):  # the open was cancelled: waiting for workers would raise that
            await pilot.pause(0.02)
            if not reader.is_attached:
                break
        assert not reader.is_attached
        assert app.return_code is None  # still running: not ended by the open
        assert app.screen is library
