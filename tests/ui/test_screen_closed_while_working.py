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

from briefing_tui.tui.screens.overview import OverviewScreen

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
