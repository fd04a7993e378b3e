"""The reader walked as a demanding newcomer (session 19): the CommonMark spec
whole, a digest of BBC articles and short briefings, at 80x24 and 120x40.

Each test fails without its fix.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label, Tree

from briefing_tui.tui.app import create_app
from briefing_tui.tui.screens.reader import ReaderScreen
from briefing_tui.tui.widgets.document import BriefingDocument

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


#: A search word in three paragraphs screens apart.
ZEBRAS = "---\ntitle: Zebras\n---\n\n" + "\n\n".join(
    f"Paragraph {i} tells of a zebra crossing." if i in (5, 30, 55) else f"Paragraph {i} is plain."
    for i in range(60)
)


def _shown(screen: ReaderScreen, offset: int) -> bool:
    """Whether the paragraph drawing ``offset`` is in the reader's view."""
    block = screen.query_one("#document", BriefingDocument).block_at(offset)
    scroll = screen._scroll()
    return block is not None and block.region.overlaps(scroll.region)


def _label(screen: ReaderScreen) -> str:
    label = screen.query_one("#section-label", Label)
    return str(label.content) if label.display else ""


async def test_n_and_n_go_through_the_search_words_when_nothing_was_found(tmp_path: Path) -> None:
    # Opened from a search, the words highlighted and the help listing n "Next
    # match": n and N did nothing at all (they went through the find bar's
    # matches only). They go from search match to search match, counted.
    library = write_library(tmp_path / "library", {"z.md": ZEBRAS})
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"zebra")
        screen = await open_top_briefing(app, pilot)
        await pilot.pause(0.2)
        starts = [screen.plain.index(f"Paragraph {i} tells") for i in (5, 30, 55)]
        assert _shown(screen, starts[0])
        await pilot.press("n")
        await pilot.pause(0.2)
        assert "Search match 2 of 3" in _label(screen), _label(screen)
        assert _shown(screen, starts[1]) and not _shown(screen, starts[0])
        await pilot.press("N", "N")
        await pilot.pause(0.2)
        assert "Search match 3 of 3" in _label(screen), _label(screen)  # round past the first
        assert _shown(screen, starts[2])
        # The find bar's own matches take over, and the search count goes.
        await pilot.press("f", *"plain")
        await pilot.pause(0.2)
        assert "Search match" not in _label(screen)


async def test_q_leaves_the_reader_and_ctrl_d_ctrl_u_move_half_a_page(tmp_path: Path) -> None:
    # q (less, man, the diff screen's own back key) and ctrl+d / ctrl+u (half a
    # page in less and vim) did nothing in the reader, without a word.
    library = write_library(tmp_path / "library", {"a.md": HEADINGS})
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_top_briefing(app, pilot)
        scroll = screen._scroll()
        half = scroll.scrollable_content_region.height // 2
        await pilot.press("ctrl+d")
        await pilot.pause(0.1)
        assert round(scroll.scroll_y) == half
        await pilot.press("ctrl+d", "ctrl+u")
        await pilot.pause(0.1)
        assert round(scroll.scroll_y) == half
        await pilot.press("o")
        await pilot.pause(0.2)
        await pilot.press("q")  # as escape: the focused outline first
        await pilot.pause(0.2)
        assert app.screen is screen and not screen.query_one("#outline").display
        await pilot.press("q")
        await settle(app, pilot)
        assert not isinstance(app.screen, ReaderScreen)


async def test_tab_in_the_text_lists_the_links_to_follow_with_enter(tmp_path: Path) -> None:
    # A newcomer without a mouse pressed tab to reach a link, as in a browser:
    # nothing happened (the text was the only thing to focus). Tab lists the
    # links, enter follows one; with the outline open tab still goes there.
    text = "---\ntitle: Linked\n---\n\n# Top\n\nSee [the other](other.md) for more.\n"
    other = "---\ntitle: The other one\n---\n\nOther text.\n"
    library = write_library(tmp_path / "library", {"a.md": text, "other.md": other})
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"linked")
        screen = await open_top_briefing(app, pilot)
        await pilot.press("o")
        await pilot.pause(0.2)
        await pilot.press("tab")  # from the outline to the text
        await pilot.pause(0.1)
        assert app.screen is screen and app.focused is screen._scroll()
        await pilot.press("o")
        await pilot.pause(0.2)
        await pilot.press("tab")
        await pilot.pause(0.2)
        assert type(app.screen).__name__ == "LinksDialog"
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.record.title == "The other one"


async def test_the_current_find_match_stays_in_view_when_the_terminal_shrinks(
    tmp_path: Path,
) -> None:
    # Found at 120x40 near the end (the view at its foot), then the terminal made 80x24: the
    # passage at the top was kept there, the bar said "1 of 1", and the match
    # was below the view's new end.
    library = write_library(tmp_path / "library", {"z.md": ZEBRAS})
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_top_briefing(app, pilot)
        await pilot.press("f", *"Paragraph 57 ")
        await pilot.pause(0.3)
        offset = screen.plain.index("Paragraph 57 ")
        assert screen.matches == [(offset, offset + len("Paragraph 57 "))]
        assert _shown(screen, offset)
        await pilot.resize_terminal(80, 24)
        await pilot.pause(0.5)
        assert _shown(screen, offset)
