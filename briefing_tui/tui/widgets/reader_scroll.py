"""The reader's scrolling column: every move is immediate; leaving restyles nothing.

Textual animates ``home``, ``end`` and page moves. In the reader, keys
pressed while such a jump was still under way (``G`` then ``c``, ``G`` then
``g``) acted on a position the view was only passing through: the sentence
cursor started above the screen, ``g`` stopped short of the top.

The column holds the focus while a briefing is read, so when ``escape``
removes the reader Textual blurs it, and losing focus restyles the widget
and everything in it: the whole document, 400 blocks at 100 KB, 300-800 ms
of the event loop spent on widgets about to be thrown away.
"""

from __future__ import annotations

from textual.containers import VerticalScroll


class ReaderScroll(VerticalScroll):
    """A ``VerticalScroll`` whose keyboard moves jump instead of animating."""

    def watch_has_focus(self, has_focus: bool) -> None:
        # ``_pruning`` is set on every widget being removed before the blur arrives.
        if self._pruning or self._closing or self._closed:
            return
        super().watch_has_focus(has_focus)

    def action_scroll_home(self) -> None:
        self.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.scroll_end(animate=False)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_scroll_down(self) -> None:
        self.scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.scroll_up(animate=False)
