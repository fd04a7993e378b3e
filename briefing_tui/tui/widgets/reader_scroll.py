"""The reader's scrolling column: every move is immediate.

Textual animates ``home``, ``end`` and page moves. In the reader, keys
pressed while such a jump was still under way (``G`` then ``c``, ``G`` then
``g``) acted on a position the view was only passing through: the sentence
cursor started above the screen, ``g`` stopped short of the top.
"""

from __future__ import annotations

from textual.containers import VerticalScroll


class ReaderScroll(VerticalScroll):
    """A ``VerticalScroll`` whose keyboard moves jump instead of animating."""

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
