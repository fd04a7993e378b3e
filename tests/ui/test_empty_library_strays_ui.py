"""The app on a folder of plain-text articles says why it lists nothing, and what adds
them (it said only "The library is empty": a newcomer's .txt files were not named);
ctrl+n starts with that folder, so enter brings them in."""

from __future__ import annotations

from textual.widgets import Input

from briefing_tui.tui.widgets.briefing_list import BriefingList

from .conftest import settle
from .test_library_newcomer import screen_text, words


async def test_an_empty_library_of_text_files_names_them_and_adds_them(make_app, tmp_path) -> None:
    folder = tmp_path / "bbc"
    (folder / "business").mkdir(parents=True)
    for number in range(1, 4):
        text = f"Story number {number} of the day\n\nPort workers went on strike {number}.\n"
        (folder / "business" / f"00{number}.txt").write_text(text)
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        shown = words(screen_text(app))
        assert "The library is empty: 3 .txt files here are not briefings" in shown
        assert "ctrl+n then enter adds them as briefings" in shown
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "AddDialog"
        assert app.screen.query_one("#add-input", Input).value == str(folder)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.pause(0.3)
        await settle(app, pilot)
        titles = {row.title for row in app.library.query_one(BriefingList).rows}
        assert titles == {f"Story number {n} of the day" for n in range(1, 4)}
