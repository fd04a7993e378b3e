"""The reader's column gaining or losing the focus restyles the column, not the briefing.

The find bar, the outline and the claims panel take the focus from the
reading column and give it back. Textual restyles a widget and everything
in it when its focus changes; in the reader that was the whole document
(hundreds of blocks in a long briefing) each time, while only the column's
own style follows its focus. A rule that styles the document by the
column's focus still gets the whole document restyled.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.dom import DOMNode

from briefing_tui.tui.screens.reader.screen import ReaderScreen
from briefing_tui.tui.widgets.markdown_blocks import BriefingParagraph
from briefing_tui.tui.widgets.reader_scroll import ReaderScroll

from .conftest import settle, write_library

LONG = "---\nid: long\ntitle: Long read\ndate: 2030-01-01\n---\n\n" + "\n\n".join(
    f"Paragraph {i} about ports and grain quotas." for i in range(80)
)


async def _open_long(make_app, tmp_path: Path):  # type: ignore[no-untyped-def]
    content = write_library(tmp_path / "long", {"long.md": LONG})
    return make_app(content)


async def _restyled_paragraphs(app, pilot, during) -> int:  # type: ignore[no-untyped-def]
    """How many of the document's paragraphs ``during()`` restyled, and what followed it."""
    stylesheet = app.stylesheet
    update_nodes = stylesheet.update_nodes
    restyled: list[DOMNode] = []

    def recording(nodes: Iterable[DOMNode], animate: bool = False) -> None:
        nodes = list(nodes)
        restyled.extend(nodes)
        update_nodes(nodes, animate=animate)

    stylesheet.update_nodes = recording
    try:
        during()
        await pilot.pause()
    finally:
        del stylesheet.update_nodes
    return sum(isinstance(node, BriefingParagraph) for node in restyled)


async def _reading(app, pilot) -> ReaderScreen:  # type: ignore[no-untyped-def]
    """The long briefing open in the reader, from the library's first row."""
    await settle(app, pilot)
    await pilot.press("tab", "enter")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, ReaderScreen) and screen.rendered
    return screen


async def test_focus_leaving_and_coming_back_restyles_no_paragraph(make_app, tmp_path) -> None:
    app = await _open_long(make_app, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _reading(app, pilot)
        scroll = screen.query_one(ReaderScroll)
        assert app.focused is scroll
        assert len(screen.query(BriefingParagraph)) >= 20
        assert await _restyled_paragraphs(app, pilot, lambda: screen.set_focus(None)) == 0
        assert app.focused is None and not scroll.has_focus
        assert await _restyled_paragraphs(app, pilot, scroll.focus) == 0
        assert app.focused is scroll and scroll.has_pseudo_class("focus")


async def test_a_rule_styling_the_document_by_the_columns_focus_is_followed(
    make_app, tmp_path
) -> None:
    app = await _open_long(make_app, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _reading(app, pilot)
        app.stylesheet.add_source(
            "ReaderScroll:focus BriefingParagraph { text-style: bold; }", read_from=("test", "")
        )
        app.refresh_css(animate=False)
        await pilot.pause()
        scroll = screen.query_one(ReaderScroll)
        paragraph = screen.query(BriefingParagraph).first()
        assert app.focused is scroll and paragraph.styles.text_style.bold
        screen.set_focus(None)
        await pilot.pause()
        assert not paragraph.styles.text_style.bold, "blurred: the rule no longer applies"
        scroll.focus()
        await pilot.pause()
        assert paragraph.styles.text_style.bold, "focused again: the rule applies"
