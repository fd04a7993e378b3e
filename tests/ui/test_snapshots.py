"""How the library screen and the reader look at 120x40 on the bundled content."""

from __future__ import annotations

import shutil
from pathlib import Path

from briefing_tui.tui.app import create_app

CONTENT = Path(__file__).resolve().parents[2] / "content"


def _app(tmp_path: Path):  # type: ignore[no-untyped-def]
    library = tmp_path / "content"
    shutil.copytree(CONTENT, library)
    return create_app(str(library), str(tmp_path / "data"))


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    pilot.app.sub_title = "content"  # the library's path differs per machine
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def test_library_screen_snapshot(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(_app(tmp_path), terminal_size=(120, 40), run_before=_settle)


def test_reader_snapshot(snap_compare, tmp_path: Path) -> None:
    async def open_seed(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press(*"lavrov")
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        await pilot.pause(0.2)

    assert snap_compare(_app(tmp_path), terminal_size=(120, 40), run_before=open_seed)
