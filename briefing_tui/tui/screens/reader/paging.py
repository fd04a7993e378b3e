"""Moving through the reader by screens and by parts: the scroll keys, ``{`` and ``}``.

A large briefing is shown a part at a time; the keys a pager has go on across
parts as they would through one text: ``pagedown`` at a part's end turns to the
next, ``end`` goes to the briefing's end, not the part's (it stopped at the end
of part 30 of 32, the footer still saying "Bottom"). A mixin of
:class:`~.screen.ReaderScreen`.
"""

from __future__ import annotations

from briefing_tui.tui.screens.reader.base import ReaderBase


class PagingMixin(ReaderBase):
    """The reader's scroll and part keys."""

    def action_scroll(self, how: str) -> None:
        scroll = self._scroll()
        layout = self.doc_layout
        if (
            how == "page_down"
            and layout is not None
            and layout.sectioned
            and scroll.scroll_y >= scroll.max_scroll_y
            and self.section + 1 < len(layout.sections)
        ):
            # Paging on at the end of a part goes on into the next, as a pager
            # does: it stopped there, silent, as if the briefing had ended.
            self._goto_section(self.section + 1)
            return
        if (
            how == "page_up"
            and layout is not None
            and layout.sectioned
            and scroll.scroll_y <= 0
            and self.section > 0
        ):  # and back, at the top of a part: into the end of the one before
            self._goto_section(self.section - 1, at_end=True)
            return
        if how in ("home", "end") and layout is not None and layout.sectioned:
            last = len(layout.sections) - 1
            target = 0 if how == "home" else last
            if self.section != target:  # the briefing's first or last part
                self._goto_section(target, at_end=how == "end")
                return
        if how in ("half_down", "half_up"):  # ctrl+d / ctrl+u, as in less and vim
            half = max(1, scroll.scrollable_content_region.height // 2)
            scroll.scroll_relative(y=half if how == "half_down" else -half, animate=False)
            return
        {
            "down": scroll.scroll_down,
            "up": scroll.scroll_up,
            "page_down": scroll.scroll_page_down,
            "page_up": scroll.scroll_page_up,
            "home": scroll.scroll_home,
            "end": scroll.scroll_end,
        }[how](animate=False)  # see ReaderScroll: keys that follow act on where it lands

    def action_section(self, step: int) -> None:
        self._search_stepped_at = 0.0  # n / N count from the part gone to (see find.py)
        layout = self.doc_layout
        if layout is None or not layout.sectioned:
            return
        target = self.section + step
        if 0 <= target < len(layout.sections):
            if self.selection is not None:
                # The cursor's sentence stays in the part left: enter then claimed text
                # no longer on screen ("BBC omnibus", part 1's heading, from part 2).
                self.action_selection_cancel()
            self._goto_section(target)
        else:  # said, not silence: a reader at the end took the key for broken
            count = len(layout.sections)
            where = "last" if step > 0 else "first"
            self.notify(f"This is the {where} part ({self.section + 1} of {count}).", timeout=2)
