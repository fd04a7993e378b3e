"""How the library screen and the reader look at 120x40 and 80x24 on the bundled content.

Each snapshot first checks that the screen shows what the test says it shows
(the reader on the Lavrov briefing, not whichever row was selected before),
and transient notices are cleared so they are not part of the picture.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input

from briefing_tui.tui.app import create_app
from briefing_tui.tui.screens.library import LibraryScreen
from briefing_tui.tui.screens.reader.screen import ReaderScreen

CONTENT = Path(__file__).resolve().parents[2] / "content"
SIZES = [(120, 40), (80, 24)]


def _app(tmp_path: Path):  # type: ignore[no-untyped-def]
    library = tmp_path / "content"
    shutil.copytree(CONTENT, library)
    return create_app(str(library), str(tmp_path / "data"))


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    pilot.app.sub_title = "content"  # the library's path differs per machine
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    pilot.app.clear_notifications()  # "Library synced" comes and goes
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_library_screen_snapshot(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    async def listed(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, LibraryScreen)
        assert len(screen.query_one("#results").rows) == 3
        # The search box's cursor blinks: a picture taken on the off beat differs.
        search = screen.query_one(Input)
        search.cursor_blink = False
        await pilot.pause()

    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=listed)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_reader_snapshot(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    async def open_lavrov(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press(*"lavrov")
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        await pilot.pause(0.2)
        screen = pilot.app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.record.title.startswith("Moscow and New Delhi")

    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=open_lavrov)
