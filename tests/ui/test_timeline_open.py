"""Opening the timeline (f5) puts the focus on its list straight away: the query box
never takes it on the way (each focus move rebuilds the footer's keys, a restyle per
key, and made the timeline slower to appear)."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Input, OptionList

from briefing_tui.tui.screens.timeline import TimelineScreen

from .conftest import settle
from .test_claims_screen_suggestion import seed


async def test_f5_focuses_the_list_without_passing_through_the_query_box(
    make_app, library, tmp_path, monkeypatch
) -> None:
    seed(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        focused: list[str] = []
        original = Screen.set_focus

        def recorded(self, widget, *args, **kwargs):  # type: ignore[no-untyped-def]
            if isinstance(self, TimelineScreen) and widget is not None:
                focused.append(type(widget).__name__)
            return original(self, widget, *args, **kwargs)

        monkeypatch.setattr(Screen, "set_focus", recorded)
        await pilot.press("f5")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen) and screen.timeline is not None
        assert screen.focused is screen.query_one(OptionList)
        assert focused == ["OptionList"]  # never the query box on the way
        assert not screen.query_one(Input).has_focus
