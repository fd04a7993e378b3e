"""Defects found walking an analyst's morning on the BBC corpus (2,225 briefings)
in a real terminal, at 80x24 and 120x40: the list, its markers and its panels."""

from __future__ import annotations

from pathlib import Path

from briefing_tui.core.stream import WhatChanged
from briefing_tui.core.text.diffing import DiffSummary
from briefing_tui.tui.screens.what_changed import WhatChangedScreen, summary_text
from briefing_tui.tui.widgets.briefing_list import BriefingList

from .conftest import settle, write_library
from .test_reading_state_ui import (  # noqa: F401  (fixtures)
    _open,
    _read_then_edit,
    _said,
    _wait_marked,
    content,
    quick,
)


def _many(count: int) -> dict[str, str]:
    return {
        f"b{number:03}.md": (
            f"---\nid: b{number:03}\ntitle: Oil briefing {number}\n"
            f"date: 2024-01-{1 + number % 28:02}\n---\n\nOil prices moved.\n"
        )
        for number in range(count)
    }


async def test_the_list_has_nothing_to_scroll_sideways(make_app, tmp_path: Path) -> None:
    """With more results than the list holds (its vertical bar shown), the list was
    two cells wider than where it draws: a horizontal bar took its last row (a blank
    row with "▏"), and `right` slid every row two cells left, so the unread, new and
    changed markers were out of sight."""
    library = write_library(tmp_path / "many", _many(60))
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab")
        await settle(app, pilot)
        listing = app.screen.query_one(BriefingList)
        assert listing.has_focus
        assert listing.max_scroll_y > 0  # the vertical bar is there
        assert not listing.show_horizontal_scrollbar
        await pilot.press("right", "right")
        await settle(app, pilot)
        assert listing.scroll_x == 0
        first = "".join(segment.text for segment in listing.render_line(0))
        assert first.startswith("● 2024-01-")


async def _open_changed_since_read(app, pilot, library: Path) -> None:  # type: ignore[no-untyped-def]
    """Read a briefing, edit it, open it again: the reader says it changed since read."""
    await _open(app, pilot, "opec")
    await _wait_marked(app, pilot)
    await _read_then_edit(
        app, pilot, library, "oil", "Analysts expect prices", "Most traders now expect prices"
    )
    await _open(app, pilot, "opec")
    assert any(said.startswith("Changed since you read it on") for said in _said(app))


async def test_d_drops_the_notice_that_invited_it(make_app, content, quick) -> None:  # noqa: F811
    """The reader's "Changed since you read it on …: d shows what changed" stayed
    its 8 s over the diff `d` opened, on the bottom right of the text at 80x24:
    where a paragraph added at the end is drawn."""
    app = make_app(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_changed_since_read(app, pilot, content)
        app.notify("Some other news")
        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, WhatChangedScreen)
        assert not any(said.startswith("Changed since you read it on") for said in _said(app))
        assert "Some other news" in _said(app)


def test_a_large_rewrite_counts_both_sides_alike() -> None:
    """ "1,204 words added, 1187 removed": the removed count had no thousands comma."""
    what = WhatChanged(
        doc_id="x",
        read_at="2026-12-01T09:30:00",
        old_text="",
        new_text="",
        changes=[],
        summary=DiffSummary(inserted_words=1204, deleted_words=1187),
        claims=[],
        file_changed=True,
    )
    assert summary_text(what).startswith("1,204 words added, 1,187 removed since")


async def test_leaving_the_reader_drops_its_what_changed_notice(make_app, content, quick) -> None:  # noqa: F811
    """Back in the library, "d shows what changed" stayed its 8 s (d does something
    else there), and the next changed briefing opened stacked a second one alike."""
    app = make_app(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_changed_since_read(app, pilot, content)
        await pilot.press("escape")
        await settle(app, pilot)
        assert not any(said.startswith("Changed since you read it on") for said in _said(app))
