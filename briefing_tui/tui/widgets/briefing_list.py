"""The library list: a virtual view over the current results, drawn line by line.

Filling a ``ListView`` with 10,000 rows took 28 s and ``DataTable`` about
10 s at 100,000, so this list is a ``ScrollView`` whose ``render_line``
reads from the result array: replacing 100,000 results costs what 20 do.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


@dataclass(frozen=True, slots=True)
class Row:
    """What one line of the list shows; texts are already free of control characters."""

    id: str
    title: str
    date: str
    source: str
    tags: str
    claims: int = 0


class BriefingList(ScrollView, can_focus=True):
    """A keyboard-driven list of briefings with a cursor."""

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
        Binding("enter", "open", "Open", id="list.open"),
    ]
    COMPONENT_CLASSES = {
        "briefing-list--cursor",
        "briefing-list--date",
        "briefing-list--source",
        "briefing-list--tags",
    }
    DEFAULT_CSS = """
    BriefingList {
        height: 1fr;
        & > .briefing-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        &:blur > .briefing-list--cursor {
            background: $block-cursor-blurred-background;
            text-style: none;
        }
        & > .briefing-list--date { color: $text-muted; }
        & > .briefing-list--source { color: $text-secondary; }
        & > .briefing-list--tags { color: $text-accent; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        """The cursor moved to another briefing."""

        def __init__(self, row: Row | None) -> None:
            super().__init__()
            self.row = row

    class Opened(Message):
        """The user asked to open the briefing under the cursor."""

        def __init__(self, row: Row) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[Row] = []
        #: The longest title and tags in the library (0: not known, a fixed share).
        self._title_need = 0
        self._tags_need = 0

    @property
    def rows(self) -> list[Row]:
        return self._rows

    @property
    def current(self) -> Row | None:
        return self._rows[self.cursor] if 0 <= self.cursor < len(self._rows) else None

    def set_rows(self, rows: list[Row], keep_id: str | None = None) -> None:
        """Replace the rows; keep the cursor on ``keep_id`` when it is still listed."""
        self._rows = rows
        self.virtual_size = Size(self.size.width, len(rows))
        index = 0
        if keep_id is not None:
            for position, row in enumerate(rows):
                if row.id == keep_id:
                    index = position
                    break
        self.cursor = index
        self.refresh()

    @property
    def title_need(self) -> int:
        return self._title_need

    @property
    def tags_need(self) -> int:
        return self._tags_need

    def set_column_needs(self, title: int, tags: int) -> None:
        """The longest title and tags text of the library: on a wide screen the tags
        column grows into the width the titles leave unused."""
        if (title, tags) != (self._title_need, self._tags_need):
            self._title_need, self._tags_need = title, tags
            self.refresh()

    def replace_row(self, row: Row) -> None:
        """Swap in a changed row (same id) without moving the cursor."""
        for index, existing in enumerate(self._rows):
            if existing.id == row.id:
                self._rows[index] = row
                self.refresh()
                return

    def watch_cursor(self, old: int, new: int) -> None:
        if self._rows:
            clamped = max(0, min(new, len(self._rows) - 1))
            if clamped != new:
                self.cursor = clamped
                return
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.size.width
        if index >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        row = self._rows[index]
        base = self.rich_style
        if index == self.cursor:
            cursor = self.get_component_rich_style("briefing-list--cursor")
            base = base + cursor
            date_style = source_style = tags_style = base
        else:
            date_style = base + self.get_component_rich_style("briefing-list--date")
            source_style = base + self.get_component_rich_style("briefing-list--source")
            tags_style = base + self.get_component_rich_style("briefing-list--tags")
        segments = self._layout(row, width, base, date_style, source_style, tags_style)
        return Strip(segments, width).crop(scroll_x, scroll_x + width)

    def _tags_width(self, width: int, source_width: int) -> int:
        """The tags column: a fifth of the width (at most 24), or more when the
        titles leave room (up to the longest tags), or less when no tags need it."""
        share = min(24, max(0, width // 5))
        if not self._tags_need:
            return share if not self._title_need else 0
        # Date (12), two gaps, and room for a claims marker after the longest title.
        spare = width - 12 - source_width - 2 - self._title_need - 5
        return max(0, min(self._tags_need, max(share, spare)))

    def _layout(
        self,
        row: Row,
        width: int,
        base: Style,
        date_style: Style,
        source_style: Style,
        tags_style: Style,
    ) -> list[Segment]:
        date = f" {row.date:<10} "
        claims = f" ◆{row.claims}" if row.claims else ""
        source_width = min(18, max(0, width // 6))
        tags_width = self._tags_width(width, source_width)
        title_width = max(8, width - cell_len(date) - source_width - tags_width - len(claims) - 2)
        if self._title_need:  # room to spare is left after the tags, not inside the titles
            title_width = min(title_width, max(8, self._title_need + 5 - len(claims)))
        segments = [
            Segment(date, date_style),
            Segment(set_cell_size(row.title, title_width), base),
            Segment(claims, tags_style),
            Segment(" ", base),
            Segment(set_cell_size(row.source, source_width), source_style),
            Segment(" ", base),
            Segment(set_cell_size(row.tags, tags_width), tags_style),
        ]
        used = sum(cell_len(segment.text) for segment in segments)
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        return segments

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self._rows))

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < len(self._rows):
            if index == self.cursor and event.chain >= 2:
                self.action_open()
            self.cursor = index

    def action_cursor_up(self) -> None:
        if self.cursor > 0:
            self.cursor -= 1

    def action_cursor_down(self) -> None:
        if self.cursor < len(self._rows) - 1:
            self.cursor += 1

    def action_page_up(self) -> None:
        self.cursor = max(0, self.cursor - max(1, self.size.height - 1))

    def action_page_down(self) -> None:
        self.cursor = min(len(self._rows) - 1, self.cursor + max(1, self.size.height - 1))

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = max(0, len(self._rows) - 1)

    def action_open(self) -> None:
        if self.current is not None:
            self.post_message(self.Opened(self.current))
