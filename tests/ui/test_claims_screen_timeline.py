"""The timeline (f5 from the claims screen) lists a page of rows at a time: a long
timeline is placed whole (its count says how many) and listed as the highlight goes down."""

from __future__ import annotations

from textual.widgets import OptionList

from briefing_tui.tui.screens import timeline as timeline_screen
from briefing_tui.tui.screens.timeline import TimelineScreen

from .conftest import settle
from .test_claims_screen_suggestion import seed


async def test_a_long_timeline_is_listed_a_page_at_a_time(
    make_app, library, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(timeline_screen, "PAGE", 2)
    seed(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f5")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen) and screen.timeline is not None
        assert screen.timeline.total == 3
        assert "3 claims by month" in str(screen.query_one("#timeline-count").render())
        options = screen.query_one(OptionList)
        rows = len(screen.timeline.groups) + 3  # a heading per group, a row per claim
        assert options.option_count < rows  # not every row is listed at once
        for _ in range(rows):
            await pilot.press("down")
            await settle(app, pilot)
        listed = [entry.claim.id for entry in screen.entries if entry is not None]
        assert len(listed) == 3 and options.option_count == rows
