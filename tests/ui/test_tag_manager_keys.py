"""The tag manager (f4) from the keyboard, as its own line tells the user to use it."""

from __future__ import annotations

from textual.widgets import Input, Label

from briefing_tui.tui.screens.library import LibraryScreen
from briefing_tui.tui.screens.tag_manager import TagManagerScreen
from briefing_tui.tui.widgets.briefing_list import BriefingList

from .conftest import settle


async def test_enter_in_the_tag_manager_searches_for_the_highlighted_tag(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TagManagerScreen)
        assert "enter: search" in str(screen.query_one("#tag-count", Label).render())
        tags = [tag for tag, _ in screen.counts]
        for _ in range(tags.index("india")):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one("#search", Input).value == "tag:india"
        rows = app.screen.query_one(BriefingList).rows
        assert [row.title for row in rows] == ["S-400 sanctions threat"]


async def test_the_tag_managers_lines_say_one_tag_and_one_briefing(make_app, tmp_path) -> None:
    from briefing_tui.tui.dialogs.prompt import PromptScreen

    from .conftest import write_library

    one = write_library(
        tmp_path / "one",
        {"a.md": "---\nid: a\ntitle: Alone\ndate: 2024-01-01\ntags: [solo]\n---\n\nText.\n"},
    )
    app = make_app(one)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        screen = app.screen
        assert str(screen.query_one("#tag-count", Label).render()).startswith("1 tag ·")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        assert "“solo” (1 briefing) to" in str(app.screen.query_one(Label).render())
