"""The timeline lists a screenful of rows before its first paint and the rest of its
first page right after it (wrapping a whole page of rows delayed the first paint)."""

from __future__ import annotations

from textual.widgets import OptionList

from briefing_tui.tui.screens import timeline as timeline_screen
from briefing_tui.tui.screens.timeline import TimelineScreen

from .conftest import settle
from .test_claims_screen_suggestion import seed


async def test_the_first_screenful_is_listed_at_once_and_the_page_follows(
    make_app, library, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(timeline_screen, "PAGE", 5)
    monkeypatch.setattr(timeline_screen, "FIRST", 3, raising=False)
    seed(library, tmp_path / "data")
    listed_when_shown: list[int] = []
    original = TimelineScreen._show

    def recorded(self, timeline):  # type: ignore[no-untyped-def]
        original(self, timeline)
        listed_when_shown.append(self.query_one(OptionList).option_count)

    monkeypatch.setattr(TimelineScreen, "_show", recorded)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f5")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen) and screen.timeline is not None
        rows = len(screen.timeline.groups) + screen.timeline.total
        assert rows >= 5  # a page at least
        assert listed_when_shown == [3]  # the screenful, before the first paint
        assert screen.query_one(OptionList).option_count == 5  # the page, right after
        assert screen.current() is not None  # a claim is highlighted
