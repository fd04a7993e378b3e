"""List items the reader lost or misplaced (the CommonMark spec's examples 61 and
280-284, found by a walk over the spec at 80x24 and 120x40); each test fails
without its fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ui.conftest import open_top_briefing, write_library  # tests/ is on sys.path
from ui.test_library_newcomer import screen_text

from briefing_tui.tui.app import create_app
from briefing_tui.tui.screens.reader import screen as reader_screen

SPEC = Path(__file__).parent / "fixtures" / "commonmark-spec-0.31.2.json"


def _example(number: int) -> str:
    examples = json.loads(SPEC.read_text(encoding="utf-8"))
    return next(e["markdown"] for e in examples if e["example"] == number)


async def _shown(
    tmp_path: Path, body: str, size: tuple[int, int], *, blank: bool = False
) -> list[str]:
    """The reader's lines of ``body`` (stripped; blank ones left out unless ``blank``)."""
    text = f"---\ntitle: Lists\n---\n\n{body}"
    library = write_library(tmp_path / "library", {"a.md": text})
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=size) as pilot:
        await open_top_briefing(app, pilot)
        await pilot.pause(0.2)
        lines = screen_text(app).splitlines()
    return [line.strip() for line in lines if blank or line.strip()]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_an_empty_item_keeps_its_number_and_its_bullet(tmp_path: Path, size) -> None:  # type: ignore[no-untyped-def]
    """Example 283: ``1. foo / 2. / 3. bar`` showed "1. foo" then "3. bar"; its
    bulleted twin lost the middle bullet."""
    lines = await _shown(tmp_path, _example(283) + "\n- foo\n-\n- bar\n", size)
    start = lines.index("1. foo")
    assert lines[start : start + 6] == ["1. foo", "2.", "3. bar", "• foo", "•", "• bar"], lines


async def test_a_rule_in_a_list_item_is_drawn_in_it_not_above_the_list(tmp_path: Path) -> None:
    """Example 61 (``- Foo / - * * *``): the rule was drawn above the list, before
    "• Foo", and its item's bullet was lost."""
    lines = await _shown(tmp_path, "Before.\n\n" + _example(61) + "\nAfter.\n", (80, 24))
    start = lines.index("Before.")
    foo = lines.index("• Foo")
    rule = next(n for n, line in enumerate(lines) if set(line) == {"─"} and n > start)
    assert start < foo < rule < lines.index("After."), lines
    assert lines[foo + 1] == "•", lines  # the rule's item, its bullet kept


LOOSE = "- a\n- b\n\n- c\n\nTight:\n\n- x\n- y\n\n1. one\n\n   more\n2. two\n\nEnd.\n"


@pytest.mark.parametrize("compact", [False, True])
async def test_a_loose_list_is_spaced_and_a_tight_one_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compact: bool
) -> None:
    """``- a / - b / (blank) / - c`` is loose (the spec's ``<li><p>``): it showed as
    tight as ``- x / - y``, and an item's two paragraphs ran together (a walk).
    ``compact``: a large briefing's list shape."""
    if compact:
        monkeypatch.setattr(reader_screen, "COMPACT_LISTS_CHARS", 0)
    text = f"---\ntitle: Lists\n---\n\n{LOOSE}"
    library = write_library(tmp_path / "library", {"a.md": text})
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(80, 40)) as pilot:
        await open_top_briefing(app, pilot)
        await pilot.pause(0.2)
        lines = [line.strip() for line in screen_text(app).splitlines()]
    assert "• a" in lines, lines
    start = lines.index("• a")
    end = lines.index("End.")
    assert lines[start:end] == [
        "• a", "", "• b", "", "• c", "", "Tight:", "", "• x", "• y", "",
        "1. one", "", "more", "", "2. two", "",
    ], lines[start:end]  # fmt: skip


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_tight_list_cut_between_parts_has_no_blank_line_inside(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """Example 310 (seven items, no blank line between them) showed a blank line
    between "• f" and "• g": a long list is mounted a few items at a time, and the
    list before each cut kept its blank line below (a walk over the spec)."""
    lines = await _shown(tmp_path, _example(310) + "\nAfter.\n", size, blank=True)
    start = lines.index("• a")
    assert lines[start : start + 9] == [
        "• a", "• b", "• c", "• d", "• e", "• f", "• g", "", "After."
    ], lines  # fmt: skip


@pytest.mark.parametrize("compact", [False, True])
async def test_a_loose_item_ending_in_code_has_one_blank_line_before_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compact: bool
) -> None:
    """``- a`` (blank) four-space code (blank) ``- b``: the code block's own margin and
    its item's blank line made three blank lines before "• b", against one before
    the code (a walk, session 25). Now the space above and below the code match."""
    if compact:
        monkeypatch.setattr(reader_screen, "COMPACT_LISTS_CHARS", 0)
    body = "Before.\n\n- a\n\n      code here\n\n- b\n\n  > quoted\n\n- c\n\nAfter.\n"
    lines = await _shown(tmp_path, body, (80, 40), blank=True)
    a, code, b = lines.index("• a"), lines.index("code here"), lines.index("• b")
    assert b - code == code - a, lines[a : b + 1]
    quoted, c = lines.index("▌ quoted"), lines.index("• c")
    assert quoted - b == c - quoted == 2, lines[b : c + 1]  # one blank line each side
