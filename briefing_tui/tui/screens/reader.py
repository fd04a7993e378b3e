"""The reader: one briefing rendered as Markdown, with its header and an outline.

Rendering costs by widget count, not bytes (about 2.5-3 ms per block), so a
large briefing is shown progressively: the first blocks at once, the rest
appended in chunks that double in size, yielding to the event loop between
chunks so scrolling and ``escape`` respond while it renders.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Markdown
from textual.widgets.markdown import MarkdownBlock, MarkdownTableOfContents

from ...core.documents import Briefing, Skipped
from ...core.links import classify_link
from ...core.plaintext import TextBlock, split_source, text_blocks
from ...core.search import match_spans
from ...core.store import DocumentRecord
from ..widgets.briefing_header import BriefingHeader
from ..widgets.briefing_markdown import BriefingMarkdown, Highlight
from .confirm import ConfirmScreen

MAX_MATCHES = 10_000


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """Case-insensitive matches of ``needle`` in ``text`` (at most ``MAX_MATCHES``)."""
    if not needle:
        return []
    haystack, wanted = text.casefold(), needle.casefold()
    if len(haystack) != len(text):  # casefold changed lengths (ß → ss): fall back to lower()
        haystack, wanted = text.lower(), needle.lower()
    found: list[tuple[int, int]] = []
    start = haystack.find(wanted)
    while start >= 0 and len(found) < MAX_MATCHES:
        found.append((start, start + len(wanted)))
        start = haystack.find(wanted, start + max(1, len(wanted)))
    return found


class ReaderScreen(Screen[None]):
    """Shows one briefing; ``escape`` goes back with the library as it was."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="reader.back"),
        Binding("o", "toggle_outline", "Outline", id="reader.outline"),
        Binding("f,ctrl+f", "find", "Find", id="reader.find"),
        Binding("n", "find_next", "Next match", id="reader.find_next"),
        Binding("N", "find_previous", "Previous match", id="reader.find_previous"),
        Binding("slash", "search_library", "Search", id="reader.search", show=False),
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
        Binding("space,pagedown", "page_down", "Page down", show=False),
        Binding("b,pageup", "page_up", "Page up", show=False),
        Binding("g,home", "top", "Top", show=False),
        Binding("G,end", "bottom", "Bottom", show=False),
    ]

    def __init__(self, record: DocumentRecord, terms: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.record = record
        self.terms = terms
        self.briefing: Briefing | None = None
        self.rendered = False
        self.plain = ""
        self.blocks: list[TextBlock] = []
        #: (start, end) of each match of the find bar's text, and the current one.
        self.matches: list[tuple[int, int]] = []
        self.current_match = -1

    def compose(self) -> ComposeResult:
        yield Header()
        yield BriefingHeader(id="briefing-header")
        markdown = BriefingMarkdown(id="document")
        with Horizontal(id="reader-body"):
            yield MarkdownTableOfContents(markdown, id="outline")
            with VerticalScroll(id="reader-scroll"):
                yield markdown
        with Horizontal(id="find-bar"):
            yield Input(
                placeholder="Find in this briefing (enter: next, shift+enter: previous)", id="find"
            )
            yield Label("", id="find-count")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#outline").display = False
        self.query_one("#find-bar").display = False
        self.query_one("#reader-scroll").focus()
        self._load()

    @work(thread=True, exclusive=True, group="reader-load")
    def _load(self) -> None:
        workspace = self.app.workspace  # type: ignore[attr-defined]
        result = workspace.read(self.record)
        if isinstance(result, Skipped):
            self.app.call_from_thread(self._show_unreadable, result)
            return
        chunks = split_source(result.body)
        blocks = text_blocks(result.body)
        position = workspace.store.reading_position(self.record.id)
        self.app.call_from_thread(self._show_briefing, result, chunks, blocks, position)

    def _show_unreadable(self, skipped: Skipped) -> None:
        self.notify(f"Cannot open {skipped.path}: {skipped.reason}", severity="error")
        self.app.pop_screen()

    def _show_briefing(
        self,
        briefing: Briefing,
        chunks: list[str],
        blocks: list[TextBlock],
        position: float | None,
    ) -> None:
        self.briefing = briefing
        self.blocks = blocks
        self.plain = "\n\n".join(block.text for block in blocks)
        self.query_one(BriefingHeader).show(briefing, self.record.tags)
        self.sub_title = briefing.title
        self._render_chunks(chunks, position)

    @work(exclusive=True, group="reader-render")
    async def _render_chunks(self, chunks: list[str], position: float | None) -> None:
        markdown = self.query_one("#document", BriefingMarkdown)
        if self.terms:
            found = match_spans(self.plain, self.terms)
            markdown.set_highlights(Highlight(s, e, "search-match") for s, e in found)
        await markdown.update(chunks[0])
        markdown.index_blocks(self.blocks)
        for chunk in chunks[1:]:
            await asyncio.sleep(0)
            await markdown.append(chunk)
            markdown.index_blocks(self.blocks)
        self.rendered = True
        scroll = self._scroll()
        first = match_spans(self.plain, self.terms, limit=1) if self.terms else []
        if first:
            self.call_after_refresh(self._scroll_to_offset, first[0][0])
        elif position:
            self.call_after_refresh(
                lambda: scroll.scroll_to(y=position * scroll.max_scroll_y, animate=False)
            )

    def _scroll_to_offset(self, offset: int) -> None:
        block = self.query_one("#document", BriefingMarkdown).block_at(offset)
        if block is not None:
            self._scroll().scroll_to_center(block, animate=False)

    # -- find ----------------------------------------------------------------------

    def action_find(self) -> None:
        self.query_one("#find-bar").display = True
        self.query_one("#find", Input).focus()

    @on(Input.Changed, "#find")
    def _on_find_changed(self, event: Input.Changed) -> None:
        self.matches = find_all(self.plain, event.value)
        self.current_match = 0 if self.matches else -1
        self._show_matches()

    def _show_matches(self) -> None:
        markdown = self.query_one("#document", BriefingMarkdown)
        markdown.set_highlights(
            Highlight(s, e, "find-current" if i == self.current_match else "find-match")
            for i, (s, e) in enumerate(self.matches)
        )
        count = self.query_one("#find-count", Label)
        if not self.query_one("#find", Input).value:
            count.update("")
        elif not self.matches:
            count.update("no matches")
        else:
            more = "+" if len(self.matches) >= MAX_MATCHES else ""
            count.update(f"{self.current_match + 1} of {len(self.matches)}{more}")
            self._scroll_to_offset(self.matches[self.current_match][0])

    @on(Input.Submitted, "#find")
    def _on_find_submitted(self) -> None:
        self.action_find_next()

    def action_find_next(self) -> None:
        if self.matches:
            self.current_match = (self.current_match + 1) % len(self.matches)
            self._show_matches()

    def action_find_previous(self) -> None:
        if self.matches:
            self.current_match = (self.current_match - 1) % len(self.matches)
            self._show_matches()

    def _close_find(self) -> bool:
        bar = self.query_one("#find-bar")
        if not bar.display:
            return False
        bar.display = False
        self._scroll().focus()
        return True

    def on_key(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key == "shift+enter" and self.query_one("#find", Input).has_focus:
            self.action_find_previous()
            event.stop()

    # -- links ---------------------------------------------------------------------

    @on(Markdown.LinkClicked)
    def _on_link(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        workspace = self.app.workspace  # type: ignore[attr-defined]
        root: Path = workspace.root
        target = classify_link(event.href, self.record.path, root)
        if target.kind == "anchor":
            self.query_one("#document", Markdown).goto_anchor(target.target)
        elif target.kind == "briefing":
            record = workspace.store.by_path(target.target)
            if record is None:
                self.notify(f"No briefing at {target.target} in the library.", severity="warning")
            else:
                self.app.open_briefing(record)  # type: ignore[attr-defined]
        elif target.kind == "web":

            def answered(yes: bool | None) -> None:
                if yes:
                    self.app.open_url(target.target)

            self.app.push_screen(
                ConfirmScreen("Open this link in your browser?", target.target), answered
            )
        else:
            self.notify(f"Not opened: {target.reason}.\n{target.target}", severity="warning")

    # -- outline -------------------------------------------------------------------

    def action_toggle_outline(self) -> None:
        outline = self.query_one("#outline")
        outline.display = not outline.display
        if outline.display:
            outline.focus()
        else:
            self.query_one("#reader-scroll").focus()

    @on(Markdown.TableOfContentsUpdated)
    def _on_outline_updated(self, event: Markdown.TableOfContentsUpdated) -> None:
        event.stop()
        outline = self.query_one("#outline", MarkdownTableOfContents)
        outline.table_of_contents = event.table_of_contents

    @on(Markdown.TableOfContentsSelected)
    def _on_outline_selected(self, event: Markdown.TableOfContentsSelected) -> None:
        event.stop()
        block = self.query_one(f"#{event.block_id}", MarkdownBlock)
        self.query_one("#reader-scroll", VerticalScroll).scroll_to_widget(block, top=True)

    # -- moving --------------------------------------------------------------------

    def _scroll(self) -> VerticalScroll:
        return self.query_one("#reader-scroll", VerticalScroll)

    def action_scroll_down(self) -> None:
        self._scroll().scroll_down()

    def action_scroll_up(self) -> None:
        self._scroll().scroll_up()

    def action_page_down(self) -> None:
        self._scroll().scroll_page_down()

    def action_page_up(self) -> None:
        self._scroll().scroll_page_up()

    def action_top(self) -> None:
        self._scroll().scroll_home()

    def action_bottom(self) -> None:
        self._scroll().scroll_end()

    def _save_position(self) -> None:
        scroll = self._scroll()
        if not self.rendered or scroll.max_scroll_y <= 0:
            return
        fraction = scroll.scroll_y / scroll.max_scroll_y
        self.app.save_reading_position(self.record.id, fraction)  # type: ignore[attr-defined]

    def action_back(self) -> None:
        if self._close_find():
            return
        self._save_position()
        self.app.pop_screen()

    def action_search_library(self) -> None:
        self._save_position()
        self.app.return_to_search()  # type: ignore[attr-defined]
