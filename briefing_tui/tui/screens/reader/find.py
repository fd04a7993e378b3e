"""The reader's find bar: matches of typed text, "3 of 17", ``n`` and ``N``.

A mixin for :class:`~.screen.ReaderScreen` (which provides ``plain``, the
document and ``_scroll_to_offset``); handlers are named ``on_…`` because
``@on`` is not collected from a plain mixin class.
"""

from __future__ import annotations

import time

from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets._markdown import MarkdownFence

from briefing_tui.core.text.finding import MAX_MATCHES, find_all
from briefing_tui.tui.screens.reader.base import ReaderBase
from briefing_tui.tui.widgets.document import BriefingDocument, Highlight
from briefing_tui.tui.widgets.find_bar import FindBar

#: Seconds after ``n`` / ``N`` in which the next one goes on from the match gone to,
#: in view yet or not (see ``_step_search``).
STEP_SETTLES_S = 1.0


class FindMixin(ReaderBase):
    """Find in the briefing: the bar reports what is typed, the reader highlights."""

    #: Where the view was when find opened: the first match shown is the first
    #: one from there on, not the first of the briefing.
    _find_origin: int = 0
    #: The search match (of ``_search_highlights``) ``n`` / ``N`` are at: the one
    #: the open jumped to, then the one they went to (-1: none).
    _search_current: int = -1
    #: ``n`` or ``N`` went to a search match: the line above the text counts them.
    _search_stepped: bool = False
    #: When ``n`` / ``N`` last went to a search match (monotonic seconds).
    _search_stepped_at: float = 0.0

    def on_mount(self) -> None:
        self.watch(self._scroll(), "scroll_y", self._label_follows_view, init=False)

    def _label_follows_view(self) -> None:
        """The line above the text says the search match or claim gone to while it is
        in view: "Claim 1 of 1" stayed there after scrolling far from it (a walk).
        Once laid out: the blocks' regions are the last frame's until then."""
        if self._jumped_claim is None and not self._search_stepped:
            return  # (every scroll event: nothing was gone to, nothing to say)
        if not self.__dict__.get("_label_owed") and (
            self.search_position() or self.claim_position()
        ):
            self.__dict__["_label_owed"] = True  # one a frame, however many scroll events
            self.call_after_refresh(self._label_follows_frame)

    def _label_follows_frame(self) -> None:
        self.__dict__["_label_owed"] = False
        self._show_section_label()

    def positions_in_view(self) -> tuple[str, str]:
        """The search match and the claim gone to ("Search match 2 of 5", "Claim 1 of
        3"), each "" when it is not in the view."""
        search = self.search_position()
        if search:
            start = self._search_highlights[self._search_current].start
            search = search if self._offset_shown(start) else ""
        claim = self.claim_position()
        jumped = next((c for c in self.claims if c.id == self._jumped_claim), None)
        if claim and (
            jumped is None or jumped.span is None or not self._offset_shown(jumped.span[0])
        ):
            claim = ""
        return search, claim

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
        if self._search_stepped and self.selection is None:  # found: no search count
            self._show_section_label()
        self.refresh_bindings()

    def on_find_bar_step(self, event: FindBar.Step) -> None:
        event.stop()
        self.action_find_step(event.direction)

    def action_find_step(self, direction: int) -> None:
        if not self.matches and self._search_highlights:
            self._step_search(direction)
            return
        if self.matches:
            self.current_match = (self.current_match + direction) % len(self.matches)
            # The bar closed (escape), `n` went from match to match, round past the
            # last, without a word of which one was shown: the bar comes back with
            # its "3 of 17", the focus left in the text (escape closes it again).
            self.query_one(FindBar).display = True
            self._show_matches()

    def _step_search(self, direction: int) -> None:
        """``n`` / ``N`` with nothing found by the find bar: the library search's
        words highlighted in the text, one after another ("Search match 2 of 17"
        above the text). They were highlighted, the help listed ``n`` as
        "Next match", and ``n`` did nothing at all. From the match gone to last
        while it is in view (the one the open jumped to, at first), else from
        the top of the view, as ``]`` does for claims."""
        starts = [highlight.start for highlight in self._search_highlights]
        current = self._search_current
        # Keys at speed: the match gone to last may not be in view yet (another part
        # still being drawn); counted from the view then, n n n went back to match 1.
        # (A part or a claim gone to since ends the wait: see action_section.)
        on_its_way = time.monotonic() - self._search_stepped_at < STEP_SETTLES_S
        if 0 <= current < len(starts) and (on_its_way or self._offset_in_view(starts[current])):
            index = (current + direction) % len(starts)
        else:
            here = self._counted_from()
            if direction > 0:
                index = next((i for i, start in enumerate(starts) if start >= here), 0)
            else:
                before = [i for i, start in enumerate(starts) if start < here]
                index = before[-1] if before else len(starts) - 1
        self._search_current, self._search_stepped = index, True
        self._search_stepped_at = time.monotonic()
        self._apply_highlights()
        if self.selection is None:
            self._show_section_label()
        # Scrolled once the label line above the text is laid out.
        self.call_after_refresh(self._scroll_to_offset, starts[index])

    def _counted_from(self) -> int:
        """Where ``n`` and ``]`` count from when not from the one gone to last: the first
        offset in view; the top of the part shown (a briefing in parts) when the view is
        at its top or the part still being drawn (``}`` then ``n`` went back to the
        first part's matches: offset 0 was taken for the top of every part)."""
        top, layout = 0, self.doc_layout
        if layout is not None and layout.sectioned:
            first, _ = layout.text_range(layout.sections[self.section])
            top = layout.blocks[first].start if first < len(layout.blocks) else 0
        if self.rendered and self.query_one("#reader-scroll", VerticalScroll).scroll_y > 0:
            return self._first_visible_offset(self.query_one("#document", BriefingDocument))
        return top

    def search_position(self) -> str:
        """ "Search match 2 of 17" once ``n`` or ``N`` went to one, or ""."""
        count = len(self._search_highlights)
        if self.matches or not self._search_stepped or not 0 <= self._search_current < count:
            return ""
        return f"Search match {self._search_current + 1} of {count}"

    def _offset_in_view(self, offset: int) -> bool:
        """Whether the block drawing ``offset`` is shown in the reader's view."""
        document = self.query_one("#document", BriefingDocument)
        other = document.unhighlightable_at(offset)  # a code block's or a table's
        block = other[1] if other is not None else document.block_at(offset)
        if block is None:
            return False
        scroll = self.query_one("#reader-scroll", VerticalScroll)
        return bool(block.region.height) and block.region.overlaps(scroll.region)

    def _keep_match_shown(self) -> None:
        """After a resize kept the passage at the top in place: the current find
        match, if that left it off screen, brought back into view (120x40 to 80x24
        with the bar open: "1 of 2" said, the match below the view's new end)."""
        if not self.query_one(FindBar).display or not 0 <= self.current_match < len(self.matches):
            return
        offset = self.matches[self.current_match][0]
        if not self._offset_shown(offset):
            self._scroll_to_offset(offset)

    def _offset_shown(self, offset: int) -> bool:
        """Whether the line drawing ``offset`` is in the view (in a code block or a
        table: its block; a paragraph's block is in view far beyond one of its lines)."""
        line = self._line_y(offset)
        if line is None:
            return self._offset_in_view(offset)
        scroll = self.query_one("#reader-scroll", VerticalScroll)
        return scroll.scroll_y <= line < scroll.scroll_y + scroll.scrollable_content_region.height

    def _apply_highlights(self) -> None:
        """The find bar's matches (the current one apart), else the search's words."""
        find = [
            Highlight(s, e, "find-current" if i == self.current_match else "find-match")
            for i, (s, e) in enumerate(self.matches)
        ]
        searched = self._search_highlights
        if not find and self.search_position():  # the one `n` went to stands out
            current = searched[self._search_current]
            searched = [*searched]
            searched[self._search_current] = Highlight(current.start, current.end, "find-current")
        document = self.query_one("#document", BriefingDocument)
        document.set_highlights(self.claim_highlights() + (find or searched))

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
