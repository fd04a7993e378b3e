"""Defects a newcomer walk finds, fixed in session 24, each test failing without its fix."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from briefing_tui.tui.widgets.briefing_list import BriefingList

from .conftest import settle


async def test_a_word_typed_into_the_list_from_q_is_searched_not_a_quit(make_app) -> None:  # type: ignore[no-untyped-def]
    """ "quokka" typed into the list (a title in the library) quit the app at its q;
    ``kilroy`` lost its k. A q alone still quits, a moment later."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down")
        assert isinstance(app.focused, BriefingList)
        for letter in "quokka":  # one read of the terminal: the keys at once
            app.post_message(events.Key(letter, letter))
        await pilot.pause(0.6)
        await settle(app, pilot)
        assert app.is_running
        assert app.screen.query_one("#search", Input).value == "quokka"
        await pilot.press("down")
        assert isinstance(app.focused, BriefingList)
        await pilot.press("q")
        assert app.is_running  # not at once: a letter may follow
        await pilot.pause(0.6)
        assert not app.is_running
