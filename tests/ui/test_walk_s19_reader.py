"""The reader walked as a demanding newcomer (session 19): the CommonMark spec
whole, a digest of BBC articles and short briefings, at 80x24 and 120x40.

Each test fails without its fix.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Tree

from briefing_tui.tui.app import create_app
from briefing_tui.tui.screens.reader import ReaderScreen

from .conftest import open_top_briefing, settle, write_library

#: Forty headings, each over a paragraph: the outline is longer than the panel.
HEADINGS = "---\ntitle: Many headings\n---\n\n" + "\n\n".join(
    f"## Heading {i}\n\nParagraph {i} says something plain about topic {i}." for i in range(40)
)


async def test_the_outline_shows_its_cursor_on_a_heading_far_down(tmp_path: Path) -> None:
    # `G` then `o` at 80x24: the cursor was put on the last heading, but the tree
    # stayed at its top, so no row of the panel looked chosen.
    library = write_library(tmp_path / "library", {"a.md": HEADINGS})
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_top_briefing(app, pilot)
        await pilot.press("G")
        await pilot.pause(0.1)
        await pilot.press("o")
        await settle(app, pilot)
        await pilot.pause(0.2)
        tree = screen.query_one("#outline").query_one(Tree)
        node = tree.cursor_node
        # The heading of the passage at the top of the view, near the end.
        assert node is not None and int(str(node.label).split()[-1]) >= 30, node
        top = round(tree.scroll_y)
        assert top <= tree.cursor_line < top + tree.scrollable_content_region.height, (
            tree.cursor_line,
            top,
        )
