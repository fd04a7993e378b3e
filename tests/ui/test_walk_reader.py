"""Found walking the library and the reader as a newcomer (80x24 and 120x40)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input

from briefing_tui.tui.widgets.briefing_list import BriefingList

from .conftest import settle, write_library
from .test_first_build_stages import COUNT, HeldStage, _until


def _newest_last(root: Path) -> Path:
    """Briefings whose newest are read last, so later stages list above the first."""
    start = dt.date(2023, 1, 1)
    return write_library(
        root,
        {
            f"doc{n:04d}.md": f"---\nid: doc{n:04d}\ntitle: Briefing {n}\n"
            f"date: {start + dt.timedelta(days=n)}\n---\n\nharbour {n}.\n"
            for n in range(COUNT)
        },
    )


async def test_untouched_the_top_row_stays_selected_as_the_first_build_lands(
    make_app, tmp_path, monkeypatch
) -> None:
    """On a first start the highlight stayed on the first stage's top row while later
    stages listed newer briefings above it: enter in the search box opened the 8th
    row (CommonMark sections, 80x24), or a query's 11th result (BBC, "gold")."""
    hold = HeldStage(monkeypatch)
    app = make_app(_newest_last(tmp_path / "big"))
    async with app.run_test(size=(80, 24)) as pilot:
        listing = app.screen.query_one(BriefingList)
        try:
            await _until(pilot, hold.reached.is_set)
            await _until(pilot, lambda: bool(listing.rows))
            assert listing.current is not None and listing.current.id == "doc0019"
        finally:
            hold.release.set()
        await settle(app, pilot)
        await _until(pilot, lambda: len(listing.rows) == COUNT)
        assert app.screen.query_one("#search", Input).has_focus
        assert listing.cursor == 0
        assert listing.current is not None and listing.current.id == f"doc{COUNT - 1:04d}"


async def test_a_row_is_laid_out_beside_the_scrollbar_not_under_it(make_app, tmp_path) -> None:
    """At 80 columns a list long enough to scroll drew its rows 80 cells wide and the
    scrollbar covered the last two: the tag "entertainment" read "entertainme"."""
    library = write_library(
        tmp_path / "bbc",
        {
            f"e{n:02d}.md": f"---\ntitle: Label withdraws McFadden's video {n}\n"
            f"date: 2005-12-{1 + n:02d}\nsource: BBC News\ntags: [entertainment]\n---\n\nText.\n"
            for n in range(30)
        },
    )
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        listing = app.screen.query_one(BriefingList)
        assert len(listing.rows) == 30 and listing.scrollbars_enabled[0]
        shown = listing.scrollable_content_region.width
        line = listing.render_line(0)
        assert line.cell_length <= shown
        assert line.text.rstrip().endswith("entertainment")
