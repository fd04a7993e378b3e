"""GFM tables: each column placed as its delimiter row says (``:-:`` center, ``-:``
right), in the small tables (Textual's grid of cells) and the big ones (drawn by
lines). Every column was drawn left (a walk over a CommonMark/GFM briefing)."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from briefing_tui.tui.widgets.markdown_blocks import TABLE_WIDGET_CELLS, BriefingMarkdown
from briefing_tui.tui.widgets.markdown_table import BriefingSmallTable, BriefingTable

from .test_library_newcomer import screen_text

HEAD = "| Left | Centre | Right |\n|:-----|:------:|------:|\n"


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield BriefingMarkdown()


def _row(shown: str, first: str) -> str:
    return next(line for line in shown.splitlines() if first in line)


@pytest.mark.parametrize("rows", [2, TABLE_WIDGET_CELLS])
async def test_columns_are_placed_as_the_delimiter_row_says(rows: int) -> None:
    body = "| a longer cell | a long centre | 1000000 |\n"
    body += "".join(f"| r{n} | c{n} | {n} |\n" for n in range(rows))
    app = _Host()
    async with app.run_test(size=(80, 24)) as pilot:
        markdown = app.query_one(BriefingMarkdown)
        await markdown.update(HEAD + body)
        await pilot.pause()
        kind = BriefingSmallTable if rows == 2 else BriefingTable
        assert list(markdown.query(kind))
        shown = screen_text(app)
    row = _row(shown, "r1 ")
    wide = _row(shown, "a longer cell")
    # left: where the longer cell starts; right: where the longer cell ends
    assert row.index("r1") == wide.index("a longer cell")
    edge = " │▁▂▃▄▅▆▇█"  # the table's border, the scroll bar's thumb
    assert len(row.rstrip(edge)) == len(wide.rstrip(edge))
    # centre: as far from both sides of the column as can be (a cell of 2 in 13)
    centre = wide.index("a long centre")
    assert row.index("c1") in (centre + 5, centre + 6)
