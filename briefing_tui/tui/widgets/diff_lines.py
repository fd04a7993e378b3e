"""A long text of styled lines, wrapped as it is scrolled to: the "what changed" view.

Wrapping a whole 100 KB briefing is cheap (tens of milliseconds), but a kept
text can be far larger, and the first screen must not wait for the last
line. So lines are wrapped in order, as far as the view needs, and the rest
in the background a slice at a time; until then the scroll height counts the
unwrapped lines by an estimate (their length over the width). Only the rows
in view are rendered.
"""

from __future__ import annotations

import asyncio
from bisect import bisect_right

from textual import work
from textual.binding import Binding
from textual.content import Content
from textual.events import Resize
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

#: Lines wrapped per slice of the background wrap, between yields to the loop.
WRAP_SLICE = 200


class DiffLines(ScrollView, can_focus=True):
    """``lines`` (one per line of the text, styled), wrapped at ``width`` columns at most."""

    DEFAULT_CSS = """
    DiffLines {
        height: 1fr;
        padding: 0 1 0 2;
        scrollbar-gutter: stable;
        overflow-x: hidden;
    }
    """

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("space", "page_down", "Page down", show=False),
        Binding("b", "page_up", "Page up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
    ]

    def __init__(self, lines: list[Content], *, width: int = 0, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines = lines or [Content("")]
        #: The widest line (0: the whole width of the view).
        self.max_width = width
        self._wrap_width = 0
        self._rows: list[Content] = []
        #: The first row of each line wrapped so far.
        self._line_row: list[int] = []
        self._estimates: list[int] = []
        self._rest = 0

    # -- wrapping ----------------------------------------------------------------------

    def _width_for(self, view: int) -> int:
        return max(10, min(view, self.max_width) if self.max_width else view)

    def _reset(self, width: int) -> None:
        self._wrap_width = width
        self._rows = []
        self._line_row = []
        self._estimates = [max(1, -(-line.cell_length // width)) for line in self._lines]
        self._rest = sum(self._estimates)

    @property
    def wrapped_lines(self) -> int:
        return len(self._line_row)

    def _wrap_to(self, line: int) -> bool:
        """Wrap every line up to ``line`` (inclusive); True if any was wrapped."""
        last = min(line, len(self._lines) - 1)
        if len(self._line_row) > last or not self._wrap_width:
            return False
        width = self._wrap_width
        while len(self._line_row) <= last:
            index = len(self._line_row)
            self._line_row.append(len(self._rows))
            self._rows.extend(self._lines[index].wrap(width) or [Content("")])
            self._rest -= self._estimates[index]
        return True

    def _wrap_rows(self, rows: int) -> bool:
        """Wrap lines until there are ``rows`` rows (or every line is wrapped)."""
        grew = False
        while (
            self._wrap_width and len(self._rows) < rows and len(self._line_row) < len(self._lines)
        ):
            target = len(self._line_row) + max(1, (rows - len(self._rows)) // 2)
            grew = self._wrap_to(target) or grew
        return grew

    def _update_size(self) -> None:
        self.virtual_size = Size(self._wrap_width, len(self._rows) + self._rest)

    def on_resize(self, event: Resize) -> None:
        width = self._width_for(self.scrollable_content_region.width)
        if width == self._wrap_width:
            return
        top_line = self.line_at_row(int(self.scroll_y)) if self._rows else 0
        self._reset(width)
        self._wrap_to(top_line)
        self._wrap_rows(len(self._rows) + event.size.height * 2)
        self._update_size()
        self.scroll_to(y=self._line_row[top_line], animate=False, immediate=True)
        self._wrap_rest()

    @work(exclusive=True, group="diff-wrap")
    async def _wrap_rest(self) -> None:
        """The lines not yet wrapped, a slice at a time, so the scroll height becomes exact."""
        while len(self._line_row) < len(self._lines):
            await asyncio.sleep(0)
            self._wrap_to(len(self._line_row) + WRAP_SLICE)
            self._update_size()

    # -- positions -----------------------------------------------------------------------

    def line_at_row(self, row: int) -> int:
        """The line that row ``row`` (wrapped so far) belongs to."""
        return max(0, bisect_right(self._line_row, row) - 1)

    def row_of(self, line: int, column: int = 0) -> int:
        """The row showing ``column`` of ``line`` (wrapping up to it first)."""
        if self._wrap_to(line):
            self._update_size()
        line = min(line, len(self._line_row) - 1)
        first = self._line_row[line]
        end = self._line_row[line + 1] if line + 1 < len(self._line_row) else len(self._rows)
        seen = 0
        for row in range(first, end):
            seen += len(self._rows[row].plain)
            if seen > column:
                return row
        return max(first, end - 1)

    def show_line(self, line: int, column: int = 0) -> None:
        """Scroll so that ``column`` of ``line`` is near the top (two rows of context)."""
        row = self.row_of(line, column)
        self.scroll_to(y=max(0, row - 2), animate=False, immediate=True)

    def top_line(self) -> int:
        return self.line_at_row(int(self.scroll_y))

    # -- moving: every move is immediate, as in the reader (see ReaderScroll) ------------

    def action_scroll_home(self) -> None:
        self.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        if self._wrap_to(len(self._lines) - 1):  # the estimate gives way to the real height
            self._update_size()
        self.scroll_end(animate=False, immediate=True)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_scroll_down(self) -> None:
        self.scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.scroll_up(animate=False)

    # -- drawing -------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        style = self.visual_style
        row = int(self.scroll_y) + y
        if row >= len(self._rows) and self._wrap_rows(row + self.size.height + 1):
            self.call_after_refresh(self._update_size)
        if row >= len(self._rows):
            return Strip.blank(width, style.rich_style)
        line = self._rows[row]
        strips = Visual.to_strips(self, line, self._wrap_width, 1, style, pad=True)
        strip = strips[0] if strips else Strip.blank(self._wrap_width, style.rich_style)
        left = max(0, (width - self._wrap_width) // 2)
        if left:
            strip = Strip.join([Strip.blank(left, style.rich_style), strip])
        return strip.extend_cell_length(width, style.rich_style).crop(0, width)
