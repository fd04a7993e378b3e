"""Claims in every kind of Markdown block, and the reader's keys over them (walk s17).

Found by walking the CommonMark spec's sections and two mixed briefings (block
quotes, nested lists, tables, code) at 80x24 and 120x40; each test fails
without its fix.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label

from briefing_tui.tui.app import create_app
from briefing_tui.tui.screens.reader import ReaderScreen

from .conftest import open_top_briefing, settle, write_library

#: Enough text before the table and the code that they are drawn in a later part
#: of the document and start screens below the top.
MIXED = (
    "---\ntitle: Mixed blocks\n---\n\n# Mixed\n\n"
    + "\n\n".join(f"Paragraph number {i} says something plain." for i in range(40))
    + "\n\n| Col A | Col B |\n|-------|-------|\n| table *amber* | `cell code` |\n"
    + "| &copy; cell | [tlink](https://example.com/t) |\n\n"
    + "```python\ndef fenced_code():\n"
    + "".join(f"    x{i} = {i}\n" for i in range(30))
    + '    return "inside code block"\n```\n'
)


async def _reader(tmp_path: Path, size: tuple[int, int] = (80, 24)):  # type: ignore[no-untyped-def]
    library = write_library(tmp_path / "library", {"a.md": MIXED})
    return create_app(str(library), str(tmp_path / "data")), size


def _label(screen: ReaderScreen) -> str:
    return str(screen.query_one("#section-label", Label).content)


def _shown(screen: ReaderScreen, widget) -> bool:  # type: ignore[no-untyped-def]
    scroll = screen._scroll()
    return bool(widget.region.height) and widget.region.overlaps(scroll.region)


async def test_the_cursor_in_a_table_or_code_is_shown_and_said(tmp_path: Path) -> None:
    # `c`, then down into the table: the cursor was invisible (no highlight in a
    # table or code), the view stayed on the paragraph before and the line above
    # the text said "Selecting 1 sentence" alone; enter claimed "© cell" unseen.
    app, size = await _reader(tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await open_top_briefing(app, pilot)
        document = screen.query_one("#document")
        cell = screen.plain.index("© cell")
        paragraph = screen.plain.index("Paragraph number 39")
        screen._scroll_to_offset(paragraph)
        await pilot.pause(0.1)
        await pilot.press("c")
        await pilot.pause(0.1)
        while screen.selection is not None and screen.selection.cursor_span[0] < cell:
            await pilot.press("down")
            await pilot.pause(0.05)
        assert screen.selection is not None and screen.selection.cursor_span[0] == cell
        table = document.unhighlightable_at(cell)
        assert table is not None
        assert _shown(screen, table[1])
        assert "in a table: “© cell”" in _label(screen), _label(screen)
        code = screen.plain.index("def fenced_code")
        await pilot.press("down", "down")
        await pilot.pause(0.1)
        assert screen.selection.cursor_span[0] == code
        fence = document.unhighlightable_at(code)
        assert fence is not None and _shown(screen, fence[1])
        assert "in a code block: “def fenced_code()…”" in _label(screen), _label(screen)


async def test_find_and_jumps_reach_a_table_in_a_later_part(tmp_path: Path) -> None:
    # The table is in the document's second part: find, `]` and the claims panel
    # scrolled to its line within the part (47) as if in the first (84): the view
    # showed "Setext heading papa", screens above. And `]` stayed on "Claim 7 of 9",
    # the claim in the table, for ever: the claim's "block" (the paragraph
    # before the table) was out of view, so the next jump started from the view.
    app, size = await _reader(tmp_path, (120, 40))
    async with app.run_test(size=size) as pilot:
        screen = await open_top_briefing(app, pilot)
        document = screen.query_one("#document")
        cell = screen.plain.index("© cell")
        table = document.unhighlightable_at(cell)
        assert table is not None
        assert table[1].parent is not document.parts[0], "the table must be in a later part"
        await pilot.press("f", *"© cell")
        await pilot.pause(0.2)
        assert _shown(screen, table[1])
        await pilot.press("escape", "g")
        await pilot.pause(0.1)
        for quote in ("Paragraph number 3 ", "© cell", "def fenced_code"):
            start = screen.plain.index(quote)
            screen.briefing_app.save_new_claim(screen.record, start, start + 6, _edit())
            await settle(app, pilot)
        positions = []
        for _ in range(4):
            await pilot.press("]")
            await pilot.pause(0.2)
            positions.append(screen.claim_position())
        assert positions == ["Claim 1 of 3", "Claim 2 of 3", "Claim 3 of 3", "Claim 1 of 3"]
        await pilot.press("]")
        await pilot.pause(0.2)
        assert _shown(screen, table[1])


async def test_c_with_only_a_table_and_code_in_view_starts_there(tmp_path: Path) -> None:
    # `G` then `c` at 80x24 (only code in view): the cursor
    # went to the briefing's first sentence and the view back to its top.
    app, size = await _reader(tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await open_top_briefing(app, pilot)
        await pilot.press("G")
        await pilot.pause(0.2)
        await pilot.press("c")
        await pilot.pause(0.2)
        assert screen.selection is not None
        assert screen.selection.cursor_span[0] >= screen.plain.index("def fenced_code")
        assert screen._scroll().scroll_y > 0


def _edit():  # type: ignore[no-untyped-def]
    from briefing_tui.tui.dialogs.claim import ClaimEdit

    return ClaimEdit(note="", tags=[], status="open")


async def test_y_shows_what_it_copied(tmp_path: Path) -> None:
    # `f` "[foo]", escape, `y`: the notification said "Copied with citation"
    # alone: which sentence went to the clipboard was not said anywhere.
    app, size = await _reader(tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("f", *"number 7 ", "escape", "y")
        await pilot.pause(0.1)
        copied = '"Paragraph number 7 says something plain." — Mixed blocks'
        assert app.clipboard == copied
        toast = [n for n in app._notifications if n.message == "Copied with citation"]
        assert toast and toast[-1].title == copied, [(n.title, n.message) for n in toast]
