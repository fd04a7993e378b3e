"""A heading that opens a list item or a block quote, as CommonMark allows
(``- # Foo``, spec example 300; ``> # Foo``, example 228), is drawn on the
bullet's or the bar's line. Textual keeps two blank lines above every heading
and centres an H1, so the bullet stood alone on a line with the heading two
lines below it, in the middle of the screen."""

from __future__ import annotations

import pytest
from textual.widgets._markdown import MarkdownBullet, MarkdownHeader

from .conftest import settle, write_library

LISTS = """---
title: Headings in lists
date: 2024-01-01
---

- # Foo
- Bar
  ---
  baz

1. ## Second level
2. plain item

> # Quoted heading
> text
"""


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_heading_that_opens_a_list_item_is_on_its_bullets_line(
    make_app, tmp_path, size: tuple[int, int]
) -> None:
    library = write_library(tmp_path / "lists", {"lists.md": LISTS})
    app = make_app(library)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        document = app.screen.query_one("#document")
        headings = {h._content.plain: h for h in document.query(MarkdownHeader)}
        assert set(headings) >= {"Foo", "Bar", "Second level", "Quoted heading"}
        bullets = [b for b in document.query(MarkdownBullet) if b.region.height]
        rows = {b.region.y for b in bullets}
        for text in ("Foo", "Bar", "Second level"):
            heading = headings[text]
            assert heading.content_region.y in rows, (text, heading.content_region, rows)
            # Drawn from the left, next to its bullet, not centred in the column.
            first = heading.render_line(heading.content_region.y - heading.region.y).text
            assert first.strip() == text
            assert len(first) - len(first.lstrip()) <= 1, (text, first)
            bullet_x = max(b.region.right for b in bullets if b.region.y == heading.region.y)
            assert heading.content_region.x - bullet_x <= 2, (text, heading.content_region)
        quote = headings["Quoted heading"]
        assert quote.region.y == quote.parent.region.y  # on the quote's first line
