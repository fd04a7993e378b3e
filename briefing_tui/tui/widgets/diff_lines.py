"""A long text of styled lines, wrapped as it is scrolled to: the "what changed" view.

Wrapping a whole 100 KB briefing takes tens of milliseconds (more on a busy
machine), a kept text can be far larger, and the first screen must not wait
for the last line. So lines are wrapped in order, as far as the view needs,
and the rest in the background once the first screen is drawn, a few
milliseconds at a time; until then the scroll height counts the unwrapped
lines by an estimate (their length over the width). Only the rows in view
are rendered. A view given a ``start`` opens there (the first change): its
first frame shows it, rather than the top and then, a frame or two later, it.
"""

from __future__ import annotations

import asyncio
import time
from bisect import bisect_right

from textual import work
from textual.binding import Binding
from textual.content import Content
from textual.events import Resize
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

#: How long a slice of the background wrap may hold the event loop (s): a slice of
#: 200 lines of prose took 15-30 ms on a busy machine, and delayed the first frames.
WRAP_SLICE_S = 0.004
#: Rows of context kept above a line scrolled to.
CONTEXT_ROWS = 2


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

    def __init__(
        self,
        lines: list[Content],
        *,
        width: int = 0,
        start: tuple[int, int] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._lines = lines or [Content("")]
        #: The widest line (0: the whole width of the view).
        self.max_width = width
        #: Where the first frame shows: (line, column), near the top (``None``: the top).
        self._start = start
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
        if self._start is not None:  # the first size: open at the start, with context
            (line, column), above = self._start, CONTEXT_ROWS
            self._start = None
        else:  # the line at the top stays there
            line, column, above = (self.line_at_row(int(self.scroll_y)) if self._rows else 0), 0, 0
        self._reset(width)
        row = self.row_of(line, column)
        self._wrap_rows(row + event.size.height * 2)
        self._update_size()
        # Forced: until the next layout the scrollbar (and with it the scrolling
        # allowed) is as it was before this size, none at all on the first one.
        self.scroll_to(y=max(0, row - above), animate=False, immediate=True, force=True)
        # After the frame this resize leads to: the first screen does not wait for it.
        self.call_after_refresh(self._wrap_rest)

    @work(exclusive=True, group="diff-wrap")
    async def _wrap_rest(self) -> None:
        """The lines not yet wrapped, a slice at a time, so the scroll height becomes exact."""
        while len(self._line_row) < len(self._lines):
            await asyncio.sleep(0)
            until = time.perf_counter() + WRAP_SLICE_S
            while len(self._line_row) < len(self._lines) and time.perf_counter() < until:
                self._wrap_to(len(self._line_row))
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
        self.scroll_to(y=max(0, row - CONTEXT_ROWS), animate=False, immediate=True)

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
