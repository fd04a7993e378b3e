"""Claims, find matches and the sentence cursor are drawn over code blocks too.

A claim quoting a code block's text (an example of the CommonMark spec, a command in
an analyst's note) was listed but drawn nowhere: only paragraphs and headings took
highlights. Each test reads the screen as drawn: the quoted characters stand on
another background than the rest of their line.
"""

from __future__ import annotations

from pathlib import Path

from textual.color import Color

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace

from .conftest import open_top_briefing, write_library

CODE = (
    "---\nid: code\ntitle: Code\ndate: 2024-03-05\n---\n\n# Code\n\nBefore the code.\n\n"
    "```python\nvalue = compute(1)\nprint(value)  # shown to the user\n```\n\n"
    "    indented = True\n\nAfter the code.\n"
)


def _backgrounds(app, text: str) -> tuple[set[Color], set[Color]]:  # type: ignore[no-untyped-def]
    """The backgrounds under ``text`` on the row drawing it, and under the rest of
    that row's code (its other non-blank characters)."""
    update = app.screen._compositor.render_full_update()
    for chops in update.strips:
        strip = [segment for chop in chops for segment in chop]
        row = "".join(segment.text for segment in strip)
        at = row.find(text)
        if at < 0:
            continue
        inside: set[Color] = set()
        outside: set[Color] = set()
        column = 0
        for segment in strip:
            for char in segment.text:
                if char.strip() and segment.style is not None and segment.style.bgcolor:
                    color = Color.from_rich_color(segment.style.bgcolor)
                    (inside if at <= column < at + len(text) else outside).add(color)
                column += 1
        return inside, outside
    raise AssertionError(f"{text!r} is not on the screen")


def _claim(library: Path, data: Path, quote: str) -> None:
    with Workspace(resolve_paths(str(library), str(data))) as ws:
        ws.sync()
        ws.annotate(ws.resolve("code"), quote)


async def test_a_claim_on_code_is_drawn_over_the_code(make_app, tmp_path: Path) -> None:
    library = write_library(tmp_path / "library", {"code.md": CODE})
    _claim(library, tmp_path / "data", "print(value)")
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_top_briefing(app, pilot)
        inside, outside = _backgrounds(app, "print(value)")
        assert inside and outside and not inside & outside, (inside, outside)
        # Code without a claim keeps one background.
        inside, outside = _backgrounds(app, "indented")
        assert len(inside | outside) == 1, (inside, outside)


async def test_find_marks_its_match_inside_code(make_app, tmp_path: Path) -> None:
    library = write_library(tmp_path / "library", {"code.md": CODE})
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_top_briefing(app, pilot)
        before, _ = _backgrounds(app, "compute")
        await pilot.press("f")  # the find bar ("/" searches the library)
        await pilot.press(*"compute", "enter")
        await pilot.pause(0.2)
        inside, outside = _backgrounds(app, "compute")
        assert inside != before and not inside & outside, (before, inside, outside)
