"""The sentence cursor on text the reader does not map line by line: a code block's or a table's.

Tables and code blocks draw highlights without the paragraphs' line mapping (see
:mod:`~briefing_tui.tui.widgets.document`), yet their text has sentences the cursor
moves through and a claim can quote. The cursor there was invisible and the view stayed
on the paragraph before (the fenced code at a briefing's end was claimed from a screen
showing the "Raw HTML" heading, a newcomer walk): the view goes to the block, and the
line above the text names it and quotes the cursor's sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets._markdown import MarkdownFence

from briefing_tui.tui.widgets.document import BriefingDocument

if TYPE_CHECKING:
    from briefing_tui.tui.screens.reader.base import ReaderBase
    from briefing_tui.tui.screens.reader.selection import SentenceCursor

#: The longest quote of the cursor's sentence the label shows (80 columns).
QUOTE_CHARS = 18


def selecting_label(screen: ReaderBase, cursor: SentenceCursor, hint: str) -> str:
    """The line above the text while selecting; in a code block or a table it says
    so and quotes the cursor's sentence."""
    count = cursor.count
    sentences = f"{count} sentence{'s' if count > 1 else ''}"
    start, end = cursor.cursor_span
    other = screen.query_one("#document", BriefingDocument).unhighlightable_at(start)
    if other is None:
        return f"Selecting {sentences} · ↑↓ move · shift+↑↓ more · {hint} · esc cancel"
    kind = "code block" if isinstance(other[1], MarkdownFence) else "table"
    text = " ".join(screen.plain[start:end].split())
    if len(text) > QUOTE_CHARS:
        text = text[: QUOTE_CHARS - 1] + "…"
    return f"{sentences} · in a {kind}: “{text}” · {hint} · esc cancel"


def reveal_unshown(screen: ReaderBase, offset: int) -> bool:
    """Bring the code block or table holding ``offset`` into view (False: none holds
    it). Left where it is while the cursor's line (a table: the table) is shown."""
    other = screen.query_one("#document", BriefingDocument).unhighlightable_at(offset)
    if other is None:
        return False
    start, widget = other
    scroll = screen._scroll()
    top, height = scroll.scroll_y, scroll.scrollable_content_region.height
    first = screen._virtual_top(widget, scroll)
    if isinstance(widget, MarkdownFence):
        label = widget.query("Label")
        padding = label.first().styles.padding.top if label else 0
        first += padding + screen.plain.count("\n", start, offset)
        last = first
    else:
        last = first + widget.outer_size.height - 1
    if last < top or first >= top + height:
        screen._scroll_to_other(offset, start, widget)
    return True


def unshown_in_view(screen: ReaderBase, document: BriefingDocument, top: int) -> int:
    """Where the first code block or table not wholly above line ``top`` of the
    scrolled column starts (``len(plain)`` if none): ``c`` with only a table and
    code in view put the cursor on the briefing's first sentence, at its top."""
    scroll = screen._scroll()
    for start, widget in document.unhighlightable_blocks():
        if screen._virtual_top(widget, scroll) + widget.outer_size.height > top:
            return start
    return len(screen.plain)
