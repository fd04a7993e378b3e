"""Every notice of the session, whole, in the "Messages" screen (ctrl+p Messages).

An add of a folder at 80x24 said "… and 10 more" of what it added or refused, and
a notice missed while reading was gone for good: nowhere in the app held them.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from briefing_tui.tui.screens.messages import MessagesScreen

from .conftest import settle
from .test_library_newcomer import screen_text


async def test_an_add_cut_short_in_its_notice_is_whole_in_messages(
    make_app, tmp_path: Path
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for number in range(12):
        (folder / f"page-{number:02d}.txt").write_text(
            f"Saved page {number}\n\nIts text, with a sentence or two in it, number {number}.\n"
        )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.add_briefings(str(folder))
        await settle(app, pilot)
        [notice] = [n for n in app._notifications if n.title.startswith("Add")]
        assert notice.message.splitlines()[-1] == "… and 10 more (ctrl+p Messages)"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Messages", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MessagesScreen)
        shown = screen_text(app)
        assert "notices this session, newest first" in shown
        options = app.screen.query_one("#messages-list", OptionList)
        first = str(options.get_option_at_index(0).prompt)  # the newest: the add
        assert first.count("Added: page-") == 12, first  # every file, not 2 and "10 more"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, MessagesScreen)


async def test_messages_with_none_yet_says_so(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.kept_notices.clear()  # a start's own notices (a sync's summary) forgotten
        app.action_messages()
        await settle(app, pilot)
        assert "No notices yet this session." in screen_text(app)
