"""A large briefing's list items are drawn with fewer widgets (``compact``): the
item's bullet was put in front of its text, so a wrapped item's next lines began
at the margin, under the bullet, and read as a paragraph of their own (a walk over
the whole CommonMark spec as one briefing). The bullet is now drawn in the item's
left padding: the lines after it keep the item's indent, as in a small briefing,
and a click or the sentence cursor still finds the sentence drawn there."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Label
from ui.conftest import open_top_briefing, write_library  # tests/ is on sys.path
from ui.test_library_newcomer import screen_text

from briefing_tui.tui.app import create_app
from briefing_tui.tui.screens.reader import screen as reader_screen
from briefing_tui.tui.screens.reader.screen import ReaderScreen

LONG_ITEM = (
    "The first sentence of a long item runs on well past the width of the terminal. "
    "Its second sentence, Wanderlust, begins on a later line of the same item."
)
BODY = f"Before.\n\n- {LONG_ITEM}\n- short\n\n1. {LONG_ITEM}\n2. two\n\nAfter.\n"


async def _lines(tmp_path: Path, size: tuple[int, int]) -> list[str]:
    library = write_library(tmp_path / "library", {"a.md": f"---\ntitle: L\n---\n\n{BODY}"})
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=size) as pilot:
        await open_top_briefing(app, pilot)
        await pilot.pause(0.2)
        text = screen_text(app)
    return [line.rstrip() for line in text.splitlines()]


def _item(lines: list[str], first: str) -> list[str]:
    """The lines of the item whose first line starts with ``first`` (left-stripped)."""
    start = next(n for n, line in enumerate(lines) if line.lstrip().startswith(first))
    after = ("short", "2. two")  # the next item
    end = next(n for n in range(start + 1, len(lines)) if any(a in lines[n] for a in after))
    return lines[start:end]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_wrapped_compact_item_keeps_its_indent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    monkeypatch.setattr(reader_screen, "COMPACT_LISTS_CHARS", 0)
    lines = await _lines(tmp_path, size)
    for bullet in ("• The first", "1. The first"):
        item = _item(lines, bullet)
        assert len(item) >= 2, item  # it wraps
        margin = item[0].index(bullet)
        indent = margin + bullet.index("The")
        for line in item[1:]:
            assert line[:indent].strip() == "", (bullet, item)
            assert line[indent] != " ", (bullet, item)
        # Every word once, in order: none hidden under the bullet, none cut.
        words = " ".join(line[indent:] for line in item).split()
        assert words == LONG_ITEM.split(), item


async def test_a_click_on_a_wrapped_compact_line_selects_the_sentence_drawn_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader_screen, "COMPACT_LISTS_CHARS", 0)
    library = write_library(tmp_path / "library", {"a.md": f"---\ntitle: L\n---\n\n{BODY}"})
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_top_briefing(app, pilot)
        assert isinstance(screen, ReaderScreen)
        await pilot.press("c")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        row = next(n for n, line in enumerate(lines) if "Wanderlust" in line)
        column = lines[row].index("Its second")  # its first letter: a column off is the last
        assert lines[row][:column].strip() == "terminal.", lines[row]  # a wrapped line
        await pilot.click(offset=(column, row))
        await pilot.pause()
        assert screen.selection is not None
        start, end = screen.selection.span
        chosen = screen.plain[start:end]
        assert chosen.startswith("Its second sentence, Wanderlust"), chosen
        await pilot.press("enter")  # the claim dialog quotes it
        await pilot.pause()
        quote = app.screen.query_one("#claim-quote Label", Label).render()
        assert str(quote).startswith("Its second sentence, Wanderlust"), quote


async def test_the_bullet_is_drawn_through_the_apps_colour_filter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``NO_COLOR``: the item's text was drawn without colour, its bullet, drawn after
    the line's filters ran, still in the theme's blue (a review)."""
    monkeypatch.setattr(reader_screen, "COMPACT_LISTS_CHARS", 0)
    monkeypatch.setenv("NO_COLOR", "1")
    library = write_library(tmp_path / "library", {"a.md": f"---\ntitle: L\n---\n\n{BODY}"})
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_top_briefing(app, pilot)
        await pilot.pause(0.2)
        update = app.screen._compositor.render_full_update()
        segments = [s for line in update.strips for strip in line for s in strip]
        colours = {
            s.style.color.name if s.style and s.style.color else None
            for s in segments
            if s.text.strip() in ("•", "1.")
        }

    def grey(name: str | None) -> bool:  # what the monochrome filter leaves: no hue
        return name is None or (name[1:3] == name[3:5] == name[5:7])

    assert colours and all(grey(name) for name in colours), colours


async def test_a_numbered_list_drawn_in_parts_keeps_one_text_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fourteen items, the first screen holding a few: "1." to "3." had their text a
    column left of "4." on (each part sized its numbers for its own last one; a walk
    over the whole spec)."""
    monkeypatch.setattr(reader_screen, "COMPACT_LISTS_CHARS", 0)
    body = "".join(f"{n}. item {n}\n" for n in range(1, 15)) + "\nAfter.\n"
    library = write_library(tmp_path / "library", {"a.md": f"---\ntitle: L\n---\n\n{body}"})
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(80, 60)) as pilot:
        screen = await open_top_briefing(app, pilot)
        await pilot.pause(0.2)
        assert len(screen.query_one("#document").parts) > 1  # drawn in parts
        lines = screen_text(app).splitlines()
    columns = {
        line.index(f"item {n}")
        for n in range(1, 15)
        for line in lines
        if line.rstrip().endswith(f". item {n}")
    }
    assert len(columns) == 1, [line for line in lines if "item" in line]
