"""``/`` goes back to the library's search box from the screens with no box of their
own (the overview, the source manager, the tag manager): it did nothing there, while
the library and the reader took it to the box (and the help said so)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from briefing_tui.tui.screens.help import HelpScreen
from briefing_tui.tui.screens.library import LibraryScreen
from briefing_tui.tui.screens.overview import OverviewScreen
from briefing_tui.tui.screens.sources import SourcesScreen
from briefing_tui.tui.screens.tag_manager import TagManagerScreen

from .conftest import settle


@pytest.mark.parametrize(
    ("keys", "screen"),
    [(["f6"], OverviewScreen), (["f6", "s"], SourcesScreen), (["f4"], TagManagerScreen)],
    ids=["overview", "sources", "tag manager"],
)
async def test_slash_goes_back_to_the_search_box(make_app, keys, screen) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"oil", "down")  # a query typed, then the list focused
        await settle(app, pilot)
        for key in keys:
            await pilot.press(key)
            await settle(app, pilot)
        assert isinstance(app.screen, screen)
        await pilot.press("f1")  # the help lists it
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "Back to the library's search box" in app.screen._text
        await pilot.press("escape", "slash")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        box = app.screen.query_one("#search", Input)
        assert app.focused is box
        assert box.value == "oil"  # the query kept, as after escape
