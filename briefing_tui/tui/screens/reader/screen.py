"""The reader: one briefing rendered as Markdown, with its header, outline and find bar.

Rendering costs by widget count (2.5-3 ms a block), and every append re-lays out the
document. So the first screen is parsed from a bounded prefix and shown at once, the
whole is parsed off the event loop, the rest appended in bounded chunks (scrolling and
``escape`` answer between them), and a large briefing shown a section at a time
(``{`` and ``}``), with offsets that stay global for highlights.
"""

from __future__ import annotations

import asyncio
import contextvars
import math
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import MountError
from textual.widgets import Header, Input, Label

from briefing_tui.core.briefings.documents import Briefing, Skipped
from briefing_tui.core.search import joined_runs, match_spans
from briefing_tui.core.store import DocumentRecord
from briefing_tui.core.text.layout import (
    CHUNK_BLOCKS,
    DocumentLayout,
    first_screen,
    layout_document,
)
from briefing_tui.core.text.sentences import sentence_spans
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.access import AppAccess
from briefing_tui.tui.gc_hold import CollectionHold, collect_since_settled, freezes
from briefing_tui.tui.messages import ReadingWidthChanged, RecordChanged, TagsChanged
from briefing_tui.tui.screens.reader.citation import CitationMixin
from briefing_tui.tui.screens.reader.claims import ClaimsMixin
from briefing_tui.tui.screens.reader.find import FindMixin
from briefing_tui.tui.screens.reader.footer import ReaderFooter
from briefing_tui.tui.screens.reader.keys import READER_BINDINGS
from briefing_tui.tui.screens.reader.leaving import LeavingMixin
from briefing_tui.tui.screens.reader.links import LinksMixin
from briefing_tui.tui.screens.reader.outline import OutlineMixin
from briefing_tui.tui.screens.reader.paging import PagingMixin
from briefing_tui.tui.screens.reader.reading import ReadingMixin
from briefing_tui.tui.screens.reader.reload import ReloadMixin
from briefing_tui.tui.screens.reader.section_label import claimed, searched, section_label
from briefing_tui.tui.widgets.claims_panel import ClaimsPanel
from briefing_tui.tui.widgets.document import BriefingDocument, Highlight
from briefing_tui.tui.widgets.find_bar import FindBar
from briefing_tui.tui.widgets.header import BriefingHeader
from briefing_tui.tui.widgets.reader_scroll import ReaderScroll

#: The longest the parse of the whole waits for the first screen to be painted (s).
FRAME_WAIT_S = 0.25
#: Above this size, list items holding one paragraph are drawn as one widget each.
COMPACT_LISTS_CHARS = 50_000


def _read_and_cut(workspace: Workspace, record: DocumentRecord) -> tuple[Briefing | Skipped, str]:
    """The briefing (or why it can't be read) and the source of its first screen."""
    result = workspace.read(record)
    return result, first_screen(result.body) if isinstance(result, Briefing) else ""


class ReaderScreen(
    PagingMixin,
    ReadingMixin,
    CitationMixin,
    ReloadMixin,
    ClaimsMixin,
    FindMixin,
    OutlineMixin,
    LinksMixin,
    LeavingMixin,
    AppAccess,
    Screen[None],
):
    """Shows one briefing; ``escape`` goes back with the library as it was."""

    BINDINGS = READER_BINDINGS

    def __init__(
        self,
        record: DocumentRecord,
        terms: frozenset[str] = frozenset(),
        *,
        at_offset: int | None = None,
        reattach_id: str | None = None,
    ) -> None:
        super().__init__()
        self.record = record
        #: The search's words matched in the body, to highlight and jump to
        #: (``SearchResults.body_terms``; not the title's or the source's).
        self.terms = terms
        #: Open scrolled to this plain-text offset (a claim chosen elsewhere).
        self.at_offset = at_offset
        self.reattach_id = reattach_id
        self.claims = []
        self.sentences = []
        self.selection = None
        self.briefing: Briefing | None = None
        self.doc_layout: DocumentLayout | None = None
        self.section = 0
        #: True once the current section is fully on screen.
        self.rendered = False
        self.plain = ""
        self.matches: list[tuple[int, int]] = []
        self.current_match = -1
        self._search_highlights: list[Highlight] = []
        #: The outline is hidden and the document changed since it was built.
        self._outline_stale = True
        self._reading: asyncio.Future[tuple[Briefing | Skipped, str]] | None = None
        self._collection_holds: list[CollectionHold] = []
        #: gc_hold's freeze count when this reader was made (see collect_since_settled).
        self._freezes_at_open = freezes()
        self._start_reading()

    def compose(self) -> ComposeResult:
        yield Header()
        yield BriefingHeader(id="briefing-header")
        yield Label("", id="section-label")
        document = BriefingDocument(id="document")
        with Horizontal(id="reader-body"):
            with ReaderScroll(id="reader-scroll"):
                yield document
            yield ClaimsPanel(id="claims-panel")
        yield FindBar(id="find-bar")
        yield ReaderFooter()

    def on_mount(self) -> None:
        self.query_one("#find-bar").display = False
        self.query_one("#section-label").display = False
        self.query_one("#claims-panel").display = False
        self._scroll().focus()
        self.apply_reading_width(self.briefing_app.settings.reading_width)
        self._load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            # A key typed with the one that opened the reader (ctrl+u, down, enter in
            # one burst) reached its bindings before its widgets were there: the
            # scroll it asked for ended the app (NoMatches, a walk).
            return False
        if action.startswith("selection_"):
            # Not while typing in the find bar: its arrows step through matches.
            selecting = self.selection is not None and not isinstance(self.focused, Input)
            if action in ("selection_confirm", "selection_reattach"):
                return selecting and (self.reattach_id is None) == (action == "selection_confirm")
            return selecting
        if action == "start_claim":  # with no text at all, c says so (see start_claim)
            loaded = self.doc_layout is not None
            text = bool(self.sentences) or (loaded and not self.plain.strip())
            return text and self.selection is None
        if action == "section":
            return self.doc_layout is not None and self.doc_layout.sectioned
        if action == "find_step":
            return bool(self.matches or self._search_highlights) or None
        if action == "reload":
            return self.reload_offered
        return True

    # -- loading and rendering -----------------------------------------------------

    @work(exclusive=True, group="reader-render")
    async def _load(self) -> None:
        # Full garbage collections were the longest stalls of an open: see collections_held.
        with self._hold(), self._unless_left():
            await self._open_briefing()

    @contextmanager
    def _unless_left(self) -> Iterator[None]:
        """The rest of a render dropped once the reader was left while it was out
        in a thread: Textual takes the widgets down before it cancels the screen's
        workers, and a step that queried one in between ended the app."""
        try:
            yield
        except NoMatches:
            if self in self.app.screen_stack:
                raise

    def _hold(self) -> CollectionHold:
        """A hold on garbage collection for one render, released at the latest on unmount."""
        hold = CollectionHold()
        self._collection_holds = [*(h for h in self._collection_holds if h.held), hold]
        return hold

    def _start_reading(self) -> None:
        """Read the file and cut its first screen in a thread, starting now.

        Called when the screen is made, so the read overlaps the screen's own
        mounting and first (empty) frame, which kept the loop busy for 30-60 ms
        while the read's result waited behind it.
        """
        with suppress(Exception):  # no app or loop yet: _open_briefing reads itself
            workspace = self.briefing_app.workspace
            if workspace is None:
                return
            self._reading = asyncio.get_running_loop().run_in_executor(
                None, _read_and_cut, workspace, self.record
            )

    async def _open_briefing(self) -> None:
        workspace = self.briefing_app.workspace
        assert workspace is not None  # readers are opened only once the library is
        if self._reading is not None:
            result, head = await self._reading
        else:
            result, head = await asyncio.to_thread(_read_and_cut, workspace, self.record)
        if isinstance(result, Skipped):
            self.notify(f"Cannot open {result.path}: {result.reason}", severity="error")
            self.app.pop_screen()
            return
        self.briefing = result
        self.query_one(BriefingHeader).show(result, self.record.tags)
        self.sub_title = result.title
        document = self.query_one("#document", BriefingDocument)
        document.compact_lists = len(result.body) > COMPACT_LISTS_CHARS
        await document.add_part(head)
        # Let the first screen paint before the whole-document parse starts: the
        # parse holds the interpreter lock and would delay the paint by 100-250 ms.
        await self._next_frame()
        position = self._reopen_at  # a reload: where it was
        if position is None:
            position = await asyncio.to_thread(workspace.store.reading_position, self.record.id)
        layout = await asyncio.to_thread(layout_document, result.body)
        self.doc_layout = layout
        self.plain = layout.plain_text
        self.sentences = await asyncio.to_thread(sentence_spans, self.plain)
        claims = await asyncio.to_thread(workspace.claims.for_document, self.record.id)
        self.show_claims(claims)
        if self.terms:
            # The search's body terms (the library passes ``SearchResults.body_terms``):
            # a title: or source: word neither highlights nor moves the view.
            found = await asyncio.to_thread(match_spans, self.plain, self.terms)
            found = joined_runs(self.plain, found)  # "prime minister": one match
            self._search_highlights = [Highlight(s, e, "search-match") for s, e in found]
        target_offset = self._search_highlights[0].start if self._search_highlights else None
        target_offset = None if self._reopen_at is not None else target_offset
        # The first search match is the one shown, and said ("Search match 1 of 5": the
        # first `n` said "2 of 5", and a newcomer never saw the first counted).
        self._search_current = 0 if target_offset is not None else -1
        self._search_stepped = target_offset is not None and self.at_offset is None
        if self.at_offset is not None:
            target_offset = self.at_offset
        section = 0
        fraction = 0.0
        if target_offset is not None:
            section = layout.section_of_offset(target_offset)
        elif position and math.isfinite(position) and position > 0:
            # An imported position can be anything: Infinity, NaN, negative.
            section = min(int(position), len(layout.sections) - 1)
            fraction = position - int(position)
        # Link reference definitions are document-wide: every part is parsed with
        # them, and a first screen that used one defined further down is redone.
        document.references = layout.references
        redo_head = section == 0 and await asyncio.to_thread(layout.head_differs, head)
        if section == 0 and not redo_head:
            await self._render_section(0, layout.top_after(head))
        else:
            await self._render_section(section, None)
        if target_offset is not None:
            self.call_after_refresh(self._scroll_to_offset, target_offset)
            self.call_after_refresh(self._label_follows_view)  # "Search match 1 of 5"
        if fraction:
            scroll = self._scroll()
            self.call_after_refresh(
                lambda: scroll.scroll_to(
                    y=fraction * scroll.max_scroll_y, animate=False, immediate=True
                )
            )
        if self.reattach_id is not None:  # once the view is where it opens
            later = self.call_after_refresh
            later(later, self._start_reattach, target_offset, bool(fraction))
        self._opened()

    async def _next_frame(self) -> None:
        painted = asyncio.Event()
        self.call_after_refresh(painted.set)
        # Not asyncio.wait_for: its timeout is an event-loop handle that keeps the
        # context it was made in (this worker's, and through it the reader) until
        # it is due, cancelled or not: a reader left within 0.25 s of opening
        # outlived the collection that should have freed it. Made in an empty one.
        loop = asyncio.get_running_loop()
        timeout = loop.call_later(FRAME_WAIT_S, painted.set, context=contextvars.Context())
        try:
            await painted.wait()
        finally:
            timeout.cancel()

    async def _render_section(self, index: int, continue_from: int | None) -> None:
        """Show section ``index``; ``continue_from`` appends to what is already shown."""
        layout = self.doc_layout
        assert layout is not None
        self.rendered = False
        self.section = index
        section = layout.sections[index]
        document = self.query_one("#document", BriefingDocument)
        start, end = layout.text_range(section)
        blocks = layout.blocks[start:end]
        self._show_section_label()
        self._apply_highlights()
        if continue_from is None:
            await document.clear()
            chunks = layout.chunks(section.top_start, section.top_end)
        else:
            chunks = layout.chunks(continue_from, section.top_end, first=CHUNK_BLOCKS)
        document.index_blocks(blocks)
        for chunk in chunks:
            await asyncio.sleep(0)
            try:
                await document.add_part(chunk)
            except MountError:  # the reader or the app closed while this part was added
                return
            document.index_blocks(blocks)
        self._update_outline()
        self.rendered = True

    def _show_section_label(self) -> None:
        """The line above the text: the part of a large briefing, the search match
        or claim jumped to, fitted to the width (see :mod:`.section_label`). Not while
        selecting: that line says "Selecting …" (``G`` turning to the last part put
        "Part 15 of 15" there, the selection's keys gone)."""
        if self.selection is not None:
            return
        label = self.query_one("#section-label", Label)
        layout = self.doc_layout
        part = None
        if layout is not None and layout.sectioned:
            number, title = self.section + 1, layout.sections[self.section].title
            # A part without a heading is titled "Part N": said once, not twice.
            title = "" if title == f"Part {number}" else title
            part = (f"Part {number} of {len(layout.sections)}", title)
        search, claim = self.positions_in_view()
        said = ([searched(search)] if search else []) + ([claimed(claim)] if claim else [])
        # The label's padding: one column each side.
        line = section_label(self.size.width - 2, part, said)
        label.display = line is not None
        if line is not None:
            label.update(line)

    @work(exclusive=True, group="reader-render")
    async def _goto_section(
        self, index: int, offset: int | None = None, *, at_end: bool = False, at_top: bool = False
    ) -> None:
        with self._hold(), self._unless_left():
            await self._render_section(index, None)
        if self not in self.app.screen_stack:
            return
        # No automatic full collection frees the part left (see gc_hold): collect
        # once the new part is painted (the screen's map lets go of the old
        # widgets then), or every part visited would stay until the reader closed.
        self.call_after_refresh(self._collect_part_left)
        if offset is not None and at_top:  # (a heading: its block at the top, not centred)
            block = self.query_one("#document", BriefingDocument).block_at(offset)
            if block is not None:
                self.call_after_refresh(self._scroll().scroll_to_widget, block, top=True)
        elif offset is not None:
            self.call_after_refresh(self._scroll_to_offset, offset)
        elif at_end:  # paged back into it: where it ends
            self.call_after_refresh(lambda: self._scroll().scroll_end(animate=False))
        else:
            self._scroll().scroll_home(animate=False)

    def go_back_to(self, at_offset: int | None) -> None:
        """Gone back to from a screen above (see ``BriefingApp.open_briefing``): at
        ``at_offset``, as a new reader would open, so opening a claim of a briefing
        already open needs no second reader."""
        if self.doc_layout is None:  # still opening: _open_briefing reads it
            self.at_offset = self.at_offset if at_offset is None else at_offset
        elif at_offset is not None:
            self.call_after_refresh(self._scroll_to_offset, at_offset)
            self.call_after_refresh(self._label_follows_view)

    def _scroll_to_offset(self, offset: int) -> None:
        """Bring the block holding ``offset`` into view, switching section if needed."""
        layout = self.doc_layout
        if layout is not None and layout.sectioned:
            wanted = layout.section_of_offset(offset)
            if wanted != self.section:
                self._goto_section(wanted, offset)
                return
        document = self.query_one("#document", BriefingDocument)
        other = document.unhighlightable_at(offset)  # a code block or a table holds it
        if other is not None:
            self._scroll_to_other(offset, *other)
            return
        block = document.block_at(offset)
        if block is None:
            return
        scroll = self._scroll()
        # Centred, unless taller than the view (a long paragraph's piece): then its
        # first line at the top, or the line of ``offset`` centred when further in.
        # (Centred by hand: Textual rounds a half line up or down by direction.)
        height = scroll.scrollable_content_region.height
        above = (height - block.outer_size.height) // 2
        top = self._virtual_top(block)
        line = self._line_y(offset) if above < 0 else None
        if line is not None:
            top = max(top, line - height // 2)
        scroll.scroll_to(y=max(0, top - max(0, above)), animate=False, immediate=True)

    def action_edit_tags(self) -> None:
        self.briefing_app.edit_tags(self.record)

    @on(RecordChanged)
    def _on_record_changed(self, event: RecordChanged) -> None:
        if event.record.id == self.record.id:
            self.update_record(event.record)

    @on(TagsChanged)
    def _on_tags_changed(self, event: TagsChanged) -> None:
        """Readers open under the tag manager show the tags as they are now."""
        record = event.listing.records.get(self.record.id)
        if record is not None:
            self.update_record(record)

    @on(ReadingWidthChanged)
    def _on_reading_width_changed(self, event: ReadingWidthChanged) -> None:
        self.apply_reading_width(event.width)

    def on_resize(self, _event: events.Resize) -> None:
        """The terminal resized: the text re-wraps, and the passage at the top of
        the view stays there (the line offset was kept, and the view moved two
        paragraphs on when the terminal went from 80 to 120 columns)."""
        if self.rendered and self.selection is None:
            self._show_section_label()  # fitted to the new width
        panel = self.query_one("#claims-panel")
        if panel.display:  # narrowed below room for both side panels: the outline goes
            self._make_room_for(panel)
        # Said twice per resize: first while the blocks are still where they
        # were (the passage is found then), again once laid out anew (too late).
        if self.rendered and self.size != self.__dict__.get("_placed_at_size"):
            self.__dict__["_placed_at_size"] = self.size
            self._keep_place(self._top_anchor())
            self.call_after_refresh(self.call_after_refresh, self._keep_match_shown)

    def update_record(self, record: DocumentRecord) -> None:
        """The document's record changed (tags saved): show it in the header."""
        self.record = record
        if self.briefing is not None:
            self.query_one(BriefingHeader).show(self.briefing, record.tags, record.path)

    # -- moving and leaving --------------------------------------------------------

    def _scroll(self) -> VerticalScroll:
        return self.query_one("#reader-scroll", VerticalScroll)

    def save_position(self) -> None:
        """Remember the part and how far into it the reader was (part + fraction)."""
        scroll = self._scroll()
        if not self.rendered:
            return
        fraction = scroll.scroll_y / scroll.max_scroll_y if scroll.max_scroll_y > 0 else 0.0
        position = self.section + min(fraction, 0.999)
        self.briefing_app.save_reading_position(self.record.id, position)

    def action_selection_cancel_back(self) -> None:
        """``escape`` while selecting (its own footer line): as ``back``, innermost first."""
        self.action_back()

    def action_back(self) -> None:
        """``escape``: close the innermost thing only (find bar, selection, the
        focused outline or claims panel), else go back."""
        if self._close_find() or self._close_focused_panel():
            return
        if self.selection is not None:
            self.action_selection_cancel()
            return
        self.save_position()
        self.app.pop_screen()  # its memory is given back once it is gone (LeavingMixin)

    def _collect_part_left(self) -> None:
        collect_since_settled(self.app, self._freezes_at_open, freeze=False)

    def action_search_library(self) -> None:
        self.save_position()
        self.briefing_app.action_return_to_search()
