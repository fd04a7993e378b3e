"""The app on a folder of plain-text articles says why it lists nothing, and what adds
them (it said only "The library is empty": a newcomer's .txt files were not named)."""

from __future__ import annotations

from .conftest import settle
from .test_library_newcomer import screen_text, words


async def test_an_empty_library_of_text_files_names_them(make_app, tmp_path) -> None:
    folder = tmp_path / "bbc"
    (folder / "business").mkdir(parents=True)
    for number in range(1, 4):
        (folder / "business" / f"00{number}.txt").write_text(f"Story {number}\n\nText.\n")
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        shown = words(screen_text(app))
        assert "The library is empty: 3 .txt files here are not briefings" in shown
        assert "ctrl+n, then this folder's path, adds them as briefings." in shown
        await pilot.press("ctrl+n")  # what it says: the add dialog
        await settle(app, pilot)
        assert type(app.screen).__name__ == "AddDialog"
