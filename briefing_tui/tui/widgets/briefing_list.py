"""The library list: a virtual view over the current results, drawn line by line.

Filling a ``ListView`` with 10,000 rows took 28 s and ``DataTable`` about
10 s at 100,000, so this list is a ``ScrollView`` whose ``render_line``
reads from the result array: replacing 100,000 results costs what 20 do.

Reading state is drawn from :class:`RowMarks` (sets of ids the list consults
per line drawn), not stored in the rows: marking 312 briefings read changes
three sets instead of rebuilding every row list that holds them. Passages
(snippets) are a second line per result when asked for; the list asks for the
passages of the rows it draws (:class:`BriefingList.SnippetsWanted`) and keeps
them until the query's words change.
"""

from __future__ import annotations

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

from briefing_tui.core.search import Snippet
from briefing_tui.tui.typeahead import FocusHandOver, PendingQuit, bindings_of
from briefing_tui.tui.widgets.briefing_rows import (  # re-exported: the list's row types
    CHANGED_MARK as CHANGED_MARK,
)
from briefing_tui.tui.widgets.briefing_rows import NEW_MARK as NEW_MARK
from briefing_tui.tui.widgets.briefing_rows import UNREAD_MARK as UNREAD_MARK
from briefing_tui.tui.widgets.briefing_rows import Row as Row
from briefing_tui.tui.widgets.briefing_rows import RowMarks as RowMarks
from briefing_tui.tui.widgets.list_columns import ColumnNeeds, fit

#: Where a passage line starts: under the title (marker, gap, date, gap).
PASSAGE_INDENT = 13


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
        # As in less or htop: q in the list (in the search box it is text); at 80 columns
        # the footer has no ctrl+q. Listed here; the key itself goes by on_key, where a
        # word typed from it is a word (see .typeahead.PendingQuit).
        Binding("q", "app.quit", "Quit", show=False, tooltip="Quit the app (as ctrl+q)"),
    ]
    COMPONENT_CLASSES = {
        "briefing-list--cursor",
        "briefing-list--date",
        "briefing-list--source",
        "briefing-list--tags",
        "briefing-list--unread",
        "briefing-list--new",
        "briefing-list--changed",
        "briefing-list--passage",
        "briefing-list--match",
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
        & > .briefing-list--unread { color: $text-primary; text-style: bold; }
        & > .briefing-list--new { color: $text-success; text-style: bold; }
        & > .briefing-list--changed { color: $text-warning; text-style: bold; }
        & > .briefing-list--passage { color: $text-muted; }
        & > .briefing-list--match { color: $text-warning; text-style: bold underline; }
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

    class LeftAtTop(Message):
        """Up (or ``k``) on the first row: the screen moves to what is above the list
        (the library's search box), as a newcomer presses up to get back to it."""

    class TypedAway(Message):
        """A letter that is no key of the list's (nor the screen's): it, and what is
        typed after it, go to the search box above (a newcomer typed "lavrov" into
        the list: the ``a`` opened the Add dialog, which took "vrov")."""

    class SnippetsWanted(Message):
        """Rows drawn with a passage line have no passage yet: the screen finds them
        (for ``terms``) and hands them back with :meth:`BriefingList.add_snippets`."""

        def __init__(self, ids: list[str], terms: frozenset[str]) -> None:
            super().__init__()
            self.ids = ids
            self.terms = terms

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[Row] = []
        #: The library's longest title, tags and source: the columns' widths.
        self._needs = ColumnNeeds()
        #: Reading state (``None``: not read yet; no marker is drawn).
        self._marks: RowMarks | None = None
        #: The words passages are found for; ``None``: one line per row, no passages.
        self._passage_terms: frozenset[str] | None = None
        #: Passages found for those words, by id (an empty one: the row has none).
        self._passages: dict[str, Snippet] = {}
        #: Ids drawn without a passage yet, asked for once the drawing is done.
        self._wanted: dict[str, None] = {}
        self._asked: set[str] = set()
        self._hand_over = FocusHandOver(self)
        self._quit = PendingQuit(self)
        #: When the last letter sent to the search box was typed (a key given back keeps it).
        self._typed_away_at: float | None = None

    @property
    def rows(self) -> list[Row]:
        return self._rows

    @property
    def current(self) -> Row | None:
        return self._rows[self.cursor] if 0 <= self.cursor < len(self._rows) else None

    @property
    def lines_per_row(self) -> int:
        """2 when each row has its passage line under it, else 1."""
        return 1 if self._passage_terms is None else 2

    @property
    def marks(self) -> RowMarks | None:
        return self._marks

    def set_marks(self, marks: RowMarks | None) -> None:
        """Draw reading state from ``marks`` (the screen keeps them current)."""
        self._marks = marks
        self.refresh()

    @property
    def passage_terms(self) -> frozenset[str] | None:
        return self._passage_terms

    def show_passages(self, terms: frozenset[str] | None) -> None:
        """A passage line under each row, found for ``terms`` (``None``: none). Other
        words than before forget the passages found so far."""
        if terms == self._passage_terms:
            return
        self._passages, self._wanted, self._asked = {}, {}, set()
        self._passage_terms = terms
        self._resize_virtual()
        self._scroll_to_cursor()
        self.refresh()

    def add_snippets(self, terms: frozenset[str], found: dict[str, Snippet]) -> None:
        """Passages found for ``terms`` (those for other words than shown are dropped)."""
        if terms != self._passage_terms:
            return
        self._passages.update(found)
        self.refresh()

    def passage(self, doc_id: str) -> Snippet | None:
        """The passage shown under ``doc_id``'s row, once found."""
        return self._passages.get(doc_id)

    def _resize_virtual(self) -> None:
        # No width: the rows are drawn to the width left of the scroll bar, so there
        # is nothing to scroll sideways. The widget's own width made a horizontal bar
        # (a blank row with "▏") once the vertical bar came, and `right` slid the
        # rows two cells left, hiding the reading markers.
        self.virtual_size = Size(0, len(self._rows) * self.lines_per_row)

    def _scroll_to_cursor(self) -> None:
        lines = self.lines_per_row
        region = Region(0, self.cursor * lines, 1, lines)
        self.scroll_to_region(region, animate=False, immediate=True)

    def set_rows(self, rows: list[Row], keep_id: str | None = None) -> None:
        """Replace the rows; keep the cursor on ``keep_id`` when it is still listed."""
        emptied = bool(self._rows) != bool(rows)
        self._rows = rows
        if emptied:
            self.refresh_bindings()  # enter greyed or offered again (check_action)
        self._resize_virtual()
        index = 0
        if keep_id is not None:
            for position, row in enumerate(rows):
                if row.id == keep_id:
                    index = position
                    break
        self.cursor = index
        self.refresh()

    @property
    def column_needs(self) -> ColumnNeeds:
        return self._needs

    def set_column_needs(self, needs: ColumnNeeds) -> None:
        """The longest title, tags and source text of the library: on a wide screen the
        tags column grows into the width the titles (and sources) leave unused."""
        if needs != self._needs:
            self._needs = needs
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
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index, part = divmod(scroll_y + y, self.lines_per_row)
        # Without the scrollbar's columns: drawn over the last two cells, it cut
        # "business" to "busine" at 80 columns, with no "…" to say so.
        width = self.scrollable_content_region.width
        if index >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        row = self._rows[index]
        base = self.rich_style
        on_cursor = index == self.cursor
        if on_cursor:
            base = base + self.get_component_rich_style("briefing-list--cursor")
        if part:
            segments = self._passage_line(row, width, base, on_cursor)
            return Strip(segments, width).crop(scroll_x, scroll_x + width)
        if on_cursor:
            date_style = source_style = tags_style = base
        else:
            date_style = base + self.get_component_rich_style("briefing-list--date")
            source_style = base + self.get_component_rich_style("briefing-list--source")
            tags_style = base + self.get_component_rich_style("briefing-list--tags")
        segments = self._layout(row, width, base, date_style, source_style, tags_style)
        return Strip(segments, width).crop(scroll_x, scroll_x + width)

    def _mark_segment(self, row: Row, base: Style) -> tuple[Segment, bool]:
        """The marker column of ``row``, and whether its title is bold (unread)."""
        marks = self._marks
        if marks is None:
            return Segment("  ", base), False
        mark = marks.marker(row.id)
        if mark == " ":
            return Segment("  ", base), False
        kind = {UNREAD_MARK: "unread", NEW_MARK: "new", CHANGED_MARK: "changed"}[mark]
        style = base + self.get_component_rich_style(f"briefing-list--{kind}")
        return Segment(f"{mark} ", style), mark != CHANGED_MARK

    def _passage_line(self, row: Row, width: int, base: Style, on_cursor: bool) -> list[Segment]:
        """The second line of a row: its passage, the query's words highlighted."""
        indent = Segment(" " * min(PASSAGE_INDENT, width), base)
        room = max(0, width - PASSAGE_INDENT - 1)
        snippet = self._passages.get(row.id)
        text_style = (
            base if on_cursor else base + self.get_component_rich_style("briefing-list--passage")
        )
        if snippet is None:
            self._want(row.id)
            segments = [indent, Segment(set_cell_size("…", room), text_style)]
        else:
            segments = [indent, *self._passage_segments(snippet, room, base, text_style)]
        used = sum(cell_len(segment.text) for segment in segments)
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        return segments

    def _passage_segments(
        self, snippet: Snippet, room: int, base: Style, text_style: Style
    ) -> list[Segment]:
        match_style = base + self.get_component_rich_style("briefing-list--match")
        segments: list[Segment] = []
        text, at, left = snippet.text, 0, room
        matches = list(snippet.matches)
        if matches and cell_len(text[: matches[0][1]]) > room:
            # The line is narrower than the passage: start a little before its first match.
            at = max(0, matches[0][0] - room // 4)
            segments.append(Segment("…", text_style))
            left -= 1
        # Cut short, the line ends in "…" as the row's other cells do (see _fit): it
        # ended mid-word ("…won the s") at 80 and 120 columns.
        cut = cell_len(text[at:]) > left > 0
        if cut:
            left -= 1
        for start, end in [*matches, (len(text), len(text))]:
            if end <= at:
                continue
            for part, style in ((text[at:start], text_style), (text[start:end], match_style)):
                if not part or left <= 0:
                    continue
                cells = cell_len(part)
                if cells > left:
                    part = set_cell_size(part, left)
                    cells = left
                segments.append(Segment(part, style))
                left -= cells
            at = max(at, end)
        if cut:
            segments.append(Segment("…", text_style))
        return segments

    def _want(self, doc_id: str) -> None:
        """Ask for ``doc_id``'s passage once this drawing is done (one message for all)."""
        if doc_id in self._asked:
            return
        if not self._wanted:
            self.call_later(self._ask_passages)
        self._wanted[doc_id] = None

    def _ask_passages(self) -> None:
        terms = self._passage_terms
        wanted, self._wanted = list(self._wanted), {}
        if terms is None or not wanted:
            return
        self._asked.update(wanted)
        self.post_message(self.SnippetsWanted(wanted, terms))

    def forget_asked(self, ids: list[str]) -> None:
        """Passages asked for but never found (the search was replaced): ask again
        when drawn."""
        self._asked.difference_update(ids)

    def _layout(
        self,
        row: Row,
        width: int,
        base: Style,
        date_style: Style,
        source_style: Style,
        tags_style: Style,
    ) -> list[Segment]:
        mark, bold = self._mark_segment(row, base)
        title_style = base + Style(bold=True) if bold else base
        date = f"{row.date:<10} "
        claims = f" ◆{row.claims}" if row.claims else ""
        title_width, source_width, tags_width = self._needs.widths(width, len(claims))
        segments = [
            mark,
            Segment(date, date_style),
            Segment(fit(row.title, title_width), title_style),
            Segment(claims, tags_style),
        ]
        if source_width or tags_width:  # else beside a panel: the titles whole
            segments += [
                Segment(" ", base),
                Segment(fit(row.source, source_width), source_style),
                Segment(" ", base),
                Segment(fit(row.tags, tags_width), tags_style),
            ]
        used = sum(cell_len(segment.text) for segment in segments)
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        return segments

    def on_resize(self, event: events.Resize) -> None:
        self._resize_virtual()
        # Made shorter (the preview below took a line more for a briefing's tags, the
        # terminal shrank), the list kept its scroll and the highlighted row fell
        # below its bottom edge, out of sight.
        if self._rows:
            self.call_after_refresh(self._keep_cursor_in_sight)

    def _keep_cursor_in_sight(self) -> None:
        """Scroll only if the cursor's row is out of sight (a view scrolled away with
        the mouse stays where it is)."""
        top, lines = self.scroll_offset.y, self.lines_per_row
        row = self.cursor * lines
        if not (top <= row and row + lines <= top + self.size.height):
            self._scroll_to_cursor()

    def visible_ids(self) -> list[str]:
        """The ids of the rows on screen now."""
        lines = self.lines_per_row
        first = self.scroll_offset.y // lines
        last = first + self.size.height // lines + 1
        return [row.id for row in self._rows[first:last]]

    def on_click(self, event: events.Click) -> None:
        index = (self.scroll_offset.y + event.y) // self.lines_per_row
        if 0 <= index < len(self._rows):
            if index == self.cursor and event.chain >= 2:
                self.action_open()
            self.cursor = index

    def on_key(self, event: events.Key) -> None:
        """The keys typed at speed after one that leaves the list (``escape``, ``up``
        on the first row: back to the search box) go where the focus goes (see
        :class:`.typeahead.FocusHandOver`); they ran the list's keys."""
        if self._hand_over.hold(event):
            return
        if event.key == "q" or (event.key == "escape" and self._quit.cancel()):
            # q here, not by its binding: that runs after the keys typed next.
            event.stop()
            event.prevent_default()
            return self._quit.start(event) if event.key == "q" else None
        first = self._quit.begins_word(event)
        if first is not None:  # "quokka": the q and this letter go to the search box
            self._typed_away_at = event.time
            self._hand_over.leaving()
            self._hand_over.hold(first)
            self._hand_over.hold(event)
            self.post_message(self.TypedAway())
            return
        if event.key in ("escape", "slash") or (event.key in ("up", "k") and self.cursor == 0):
            self._hand_over.leaving()  # (slash: "/quota" typed fast, its q quit the app)
            return
        typed = event.character
        if (
            typed
            and event.is_printable
            and not typed.isspace()
            and not bindings_of(self.app, event.key)  # a key of no one's, enabled or not
            and self.screen.check_action("focus_search", ())  # where / goes, when / may
            and event.time != self._typed_away_at  # given back: the focus stayed, let it be
        ):
            self._typed_away_at = event.time
            self._hand_over.leaving()
            self._hand_over.hold(event)  # given to the search box once it has the focus
            self.post_message(self.TypedAway())

    def on_blur(self) -> None:
        self._hand_over.give_back()
        self._quit.cancel()  # q, then a click elsewhere: no quit

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``enter`` greyed while nothing is listed: the footer offered "⏎ Open"."""
        return None if action == "open" and not self._rows else True

    def action_cursor_up(self) -> None:
        if self.cursor > 0:
            self.cursor -= 1
        else:
            self.post_message(self.LeftAtTop())

    def action_cursor_down(self) -> None:
        if self.cursor < len(self._rows) - 1:
            self.cursor += 1

    def _page(self) -> int:
        return max(1, self.size.height // self.lines_per_row - 1)

    def action_page_up(self) -> None:
        self.cursor = max(0, self.cursor - self._page())

    def action_page_down(self) -> None:
        self.cursor = min(len(self._rows) - 1, self.cursor + self._page())

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = max(0, len(self._rows) - 1)

    def action_open(self) -> None:
        if self.current is not None:
            # The reader opens once the screen has the message: keys typed at speed
            # are held for it (``t`` ran the list's tag editor, the reader over it).
            getattr(self.app, "expect_dialog", lambda: None)()
            self.post_message(self.Opened(self.current))
