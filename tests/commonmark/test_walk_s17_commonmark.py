"""The CommonMark spec's constructs read, found and claimed in the reader (walk s17).

Found by walking a library of the spec's examples as briefings at 80x24 and
120x40; each test fails without its fix.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input
from ui.conftest import open_top_briefing, settle, write_library  # tests/ is on sys.path

from briefing_tui.tui.app import create_app
from briefing_tui.tui.screens.reader import ReaderScreen

ENTITIES = """---
title: Entities and emphasis
---

# Rights &amp; *wrongs*

Rights &amp; *wrongs* &copy; 2024, number &#35;7 and \\*escaped\\* words.
"""


async def _open(tmp_path: Path, text: str, size: tuple[int, int] = (80, 24)):  # type: ignore[no-untyped-def]
    library = write_library(tmp_path / "library", {"a.md": text})
    return create_app(str(library), str(tmp_path / "data")), size


async def test_the_current_find_match_is_drawn_on_yellow_not_in_the_page_colour(
    tmp_path: Path,
) -> None:
    # `f` + "wrongs": the current match was `$background` text on no background
    # (Textual's partial style blends an opaque background away): invisible.
    app, size = await _open(tmp_path, ENTITIES)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        screen = app.screen
        await pilot.press("f", *"wrongs")
        await pilot.pause(0.2)
        document = screen.query_one("#document")
        wanted = document.get_component_rich_style("find-current")
        assert len(screen.matches) == 2  # in the heading and in the paragraph
        for step in range(2):
            if step:
                await pilot.press("enter")  # the next match becomes the current one
                await pilot.pause(0.2)
            start = screen.matches[screen.current_match][0]
            block = document.block_at(start)
            assert block is not None
            segments = [seg for strip in block.render_lines(block.size.region) for seg in strip]
            found = [seg for seg in segments if seg.text == "wrongs"]
            assert found, [seg.text for seg in segments]
            style = found[0].style
            assert style is not None and style.bgcolor is not None
            assert style.bgcolor == wanted.bgcolor, (style, wanted)
            assert style.color != style.bgcolor


FAR = (
    "---\ntitle: Far table\n---\n\nFirst paragraph.\n\n"
    + "```\n"
    + "\n".join(f"code line {i}" for i in range(60))
    + "\nneedle in code\n```\n\n"
    + "| Col A | Col B |\n|---|---|\n"
    + "\n".join(f"| row {i} | cell {i} |" for i in range(60))
    + "\n| &copy; haystack | last |\n"
)


async def test_find_shows_a_match_in_a_code_block_or_a_table_not_the_paragraph_before(
    tmp_path: Path,
) -> None:
    # `f` + "©" (an entity in a table cell): "1 of 1", but the view went to the
    # paragraph before the table, 60 rows above; the same for a code block.
    app, size = await _open(tmp_path, FAR)
    async with app.run_test(size=size) as pilot:
        screen = await open_top_briefing(app, pilot)
        scroll = screen.query_one("#reader-scroll")
        document = screen.query_one("#document")
        for word in ("needle", "haystack"):
            await pilot.press("f", *word)
            await pilot.pause(0.3)
            assert len(screen.matches) == 1
            found = document.unhighlightable_at(screen.matches[0][0])
            assert found is not None
            top = int(scroll.scroll_y)
            view = scroll.scrollable_content_region.height
            region = found[1].virtual_region
            assert region.y < top + view and region.bottom > top, (word, region, top)
            if word == "needle":  # its line, the code block's last, is on screen
                assert top <= region.bottom - 2 < top + view, (region, top, view)
            await pilot.press("escape", "home")
            screen.query_one("#find", Input).value = ""
            await pilot.pause(0.2)


async def test_a_claim_in_a_code_block_is_shown_there_when_jumped_to(tmp_path: Path) -> None:
    """`]` to a claim on a code block's line (an imported one: claims land on any
    text) showed the paragraph before the block, 60 lines above: every caller of the
    reader's scroll to an offset, not only find, goes to the block that holds it."""
    from briefing_tui.core.briefings.documents import Briefing
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace

    app, size = await _open(tmp_path, FAR)
    paths = resolve_paths(tmp_path / "library", tmp_path / "data")
    with Workspace(paths) as ws:
        ws.sync()
        record = ws.store.list_documents()[0]
        briefing = ws.read(record)
        assert isinstance(briefing, Briefing)
        start = briefing.plain_text.index("needle in code")
        ws.add_claim(record, start, start + len("needle in code"))
    async with app.run_test(size=size) as pilot:
        screen = await open_top_briefing(app, pilot)
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        await pilot.pause(0.3)
        scroll = screen.query_one("#reader-scroll")
        found = screen.query_one("#document").unhighlightable_at(start)
        assert found is not None
        top, view = int(scroll.scroll_y), scroll.scrollable_content_region.height
        region = found[1].virtual_region
        assert top <= region.bottom - 2 < top + view, (region, top, view)


async def test_the_other_find_matches_are_tinted_as_their_css_says(tmp_path: Path) -> None:
    """`$warning 40%` over the page came out at about a third of its strength (#322513
    where 40% is #704D1C): Textual's partial style blends a tint in by one minus its
    alpha. The other matches are the page's background plus the tint."""
    app, size = await _open(tmp_path, ENTITIES)
    async with app.run_test(size=size) as pilot:
        screen = await open_top_briefing(app, pilot)
        await pilot.press("f", *"wrongs")
        await pilot.pause(0.2)
        document = screen.query_one("#document")
        tint = document.get_component_styles("find-match").background
        other = screen.matches[1 - screen.current_match][0]
        block = document.block_at(other)
        assert block is not None
        wanted = (block.background_colors[1] + tint).rich_color
        segments = [seg for strip in block.render_lines(block.size.region) for seg in strip]
        (found,) = [seg for seg in segments if seg.text == "wrongs"]
        assert found.style is not None and found.style.bgcolor == wanted, (found.style, wanted)
