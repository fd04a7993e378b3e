"""The what-changed view (``d`` in the reader) opens at the first change.

A briefing's first change is often screens down: the view's first frame
shows it, rather than the top of the briefing and then, a frame or two
later, the change (a flash of the wrong place, and a slower first screen).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.strip import Strip

from briefing_tui.core.stream import WhatChanged
from briefing_tui.core.text.diffing import summarize, word_diff
from briefing_tui.tui.app import create_app
from briefing_tui.tui.screens.what_changed import WhatChangedScreen, diff_model
from briefing_tui.tui.widgets.diff_lines import DiffLines

OLD = "\n\n".join(
    f"Paragraph {n} of the report says something long enough to wrap a line "
    f"on a narrow screen, and then a little more about item {n}."
    for n in range(120)
)
NEW = OLD.replace("Paragraph 90 of the report says", "Paragraph 90 of the report now says")


def _what_changed() -> WhatChanged:
    changes = word_diff(OLD, NEW)
    return WhatChanged(
        "report", "2026-12-01T09:30:00", OLD, NEW, changes, summarize(OLD, NEW, changes), []
    )


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every row the view draws, in order."""
    rows: list[str] = []
    original = DiffLines.render_line

    def render_line(view: DiffLines, y: int) -> Strip:
        strip = original(view, y)
        rows.append(strip.text)
        return strip

    monkeypatch.setattr(DiffLines, "render_line", render_line)
    return rows


async def test_the_first_frame_shows_the_first_change_not_the_top(
    tmp_path: Path, drawn: list[str]
) -> None:
    library = tmp_path / "library"
    library.mkdir()
    app = create_app(str(library), str(tmp_path / "data"))
    what = _what_changed()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.push_screen(WhatChangedScreen("Report", what, diff_model(what)))
        for _ in range(100):
            if any("now says" in row for row in drawn):
                break
            await asyncio.sleep(0.01)
        view = app.screen.query_one(DiffLines)
        shown = [row for row in drawn if row.strip()]
        assert shown, "the view drew no text"
        assert not any("Paragraph 0 " in row for row in shown), "the top was drawn first"
        assert any("now says" in row for row in shown)
        assert 88 <= view.top_line() // 2 <= 90  # paragraph 89 or 90 at the top (blank lines)
        await pilot.press("n")  # one change only: n stays on it
        assert 88 <= view.top_line() // 2 <= 90
