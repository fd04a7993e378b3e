"""The reader's find bar: matches of typed text, "3 of 17", ``n`` and ``N``.

A mixin for :class:`~.screen.ReaderScreen` (which provides ``plain``, the
document and ``_scroll_to_offset``); handlers are named ``on_…`` because
``@on`` is not collected from a plain mixin class.
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets._markdown import MarkdownFence

from briefing_tui.core.text.finding import MAX_MATCHES, find_all
from briefing_tui.tui.screens.reader.base import ReaderBase
from briefing_tui.tui.widgets.document import BriefingDocument
from briefing_tui.tui.widgets.find_bar import FindBar


class FindMixin(ReaderBase):
    """Find in the briefing: the bar reports what is typed, the reader highlights."""

    #: Where the view was when find opened: the first match shown is the first
    #: one from there on, not the first of the briefing.
    _find_origin: int = 0

    def action_find(self) -> None:
        document = self.query_one("#document", BriefingDocument)
        self._find_origin = self._first_visible_offset(document)
        self.query_one(FindBar).open()

    def on_find_bar_changed(self, event: FindBar.Changed) -> None:
        event.stop()
        self.matches = find_all(self.plain, event.text)
        following = (i for i, (start, _) in enumerate(self.matches) if start >= self._find_origin)
        self.current_match = next(following, 0) if self.matches else -1
        self._show_matches()
        self.refresh_bindings()

    def on_find_bar_step(self, event: FindBar.Step) -> None:
        event.stop()
        self.action_find_step(event.direction)

    def action_find_step(self, direction: int) -> None:
        if self.matches:
            self.current_match = (self.current_match + direction) % len(self.matches)
            # The bar closed (escape), `n` went from match to match, round past the
            # last, without a word of which one was shown: the bar comes back with
            # its "3 of 17", the focus left in the text (escape closes it again).
            self.query_one(FindBar).display = True
            self._show_matches()

    def _show_matches(self) -> None:
        self._apply_highlights()
        bar = self.query_one(FindBar)
        bar.show_count(self.current_match, len(self.matches), len(self.matches) >= MAX_MATCHES)
        if self.matches:
            self._scroll_to_offset(self.matches[self.current_match][0])

    def _scroll_to_other(self, offset: int, start: int, block: Widget) -> None:
        """For ``_scroll_to_offset``, an offset in a code block or a table (no
        highlights there yet): shown there, not at the paragraph before it, which
        could be screens above. A code block's line of ``offset`` centred (its
        padding above); a table's top."""
        scroll = self.query_one("#reader-scroll", VerticalScroll)
        # Its line in the scrolled column: ``virtual_region`` is within its part of
        # the document (a table in the second part was scrolled to as if in the first).
        top, region = self._virtual_top(block, scroll), block.virtual_region
        if not isinstance(block, MarkdownFence):
            scroll.scroll_to(y=top, animate=False, immediate=True)
            return
        line = self.plain.count("\n", start, offset) + block.styles.padding.top
        height = scroll.scrollable_content_region.height
        y = top + min(line, max(0, region.height - 1)) - height // 2
        scroll.scroll_to(y=max(0, y), animate=False, immediate=True)

    def _close_find(self) -> bool:
        """Close the find bar if it is open; False if it was not."""
        bar = self.query_one(FindBar)
        if not bar.display:
            return False
        bar.display = False
        self.query_one("#reader-scroll", VerticalScroll).focus()
        return True
