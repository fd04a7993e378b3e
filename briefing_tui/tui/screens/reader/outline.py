"""The reader's side panels and width: the outline, keeping the reader's place
when a panel re-wraps the text, and the reading width.

A mixin for :class:`~.screen.ReaderScreen`; handlers are named ``on_…``
because ``@on`` is not collected from a plain mixin class.
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Markdown, Tree
from textual.widgets.markdown import MarkdownBlock, MarkdownTableOfContents

from briefing_tui.tui.screens.reader.base import ReaderBase
from briefing_tui.tui.widgets.document import BriefingDocument
from briefing_tui.tui.widgets.outline import Outline

#: The outline's id for a heading of a part not on screen, before its offset in the text.
_ELSEWHERE = "outline-at-"
#: Chapters begun inside other parts listed in the outline, at most (past it: a part each).
MAX_CHAPTERS = 500
#: The narrowest screen showing the outline and the claims panel together: their
#: widths (40 and 50 columns, app.tcss) and 60 for the text. Below it, opening one
#: closes the other.
BOTH_PANELS_FROM = 150


class OutlineMixin(ReaderBase):
    """The outline (``o``), place keeping around panels, the reading width."""

    # -- keeping the place ---------------------------------------------------------

    def _top_anchor(self) -> tuple[Widget, float] | None:
        """The first block at the top of the view and how far into it (0-1) the view starts."""
        scroll = self.query_one("#reader-scroll", VerticalScroll)
        if scroll.scroll_y <= 0:
            return None
        document = self.query_one("#document", BriefingDocument)
        top = scroll.region.y
        for block in document.highlightable_blocks():
            region = block.region
            if region.height and region.bottom > top:
                into = max(0, top - region.y) / region.height
                return block, into
        return None

    def _keep_place(self, anchor: tuple[Widget, float] | None) -> None:
        """After a re-layout, put the block that was at the top back at the top."""
        if anchor is None:
            return
        block, into = anchor

        def restore() -> None:
            if not block.is_attached:
                return
            scroll = self.query_one("#reader-scroll", VerticalScroll)
            scroll.scroll_to_widget(block, top=True, animate=False, immediate=True)
            lines = round(into * block.size.height)
            if lines:
                scroll.scroll_relative(y=lines, animate=False, immediate=True)

        self.call_after_refresh(restore)

    def _make_room_for(self, opened: Widget) -> None:
        """Close the other side panel (outline, claims panel) when both would leave the
        text too narrow to read: at 80 columns the two left it none (a walk)."""
        if self.app.size.width >= BOTH_PANELS_FROM:
            return
        outline = self._outline()
        for other in (outline, self.query_one("#claims-panel")):
            if other is not None and other is not opened and other.display:
                other.display = False

    def _close_focused_panel(self) -> bool:
        """Close the outline or the claims panel if the focus is in it."""
        focused = self.focused
        if focused is None:
            return False
        inside = [focused, *focused.ancestors]
        outline = self._outline()
        if outline is not None and outline.display and outline in inside:
            self.run_worker(self.action_toggle_outline())
            return True
        panel = self.query_one("#claims-panel")
        if panel.display and panel in inside:
            self.action_toggle_claims()
            return True
        return False

    # -- reading width -------------------------------------------------------------

    def apply_reading_width(self, width: int) -> None:
        """Cap the text at ``width`` columns, centred (0: the full width)."""
        anchor = self._top_anchor()
        document = self.query_one("#document", BriefingDocument)
        document.styles.max_width = width if width > 0 else None
        scroll = self.query_one("#reader-scroll", VerticalScroll)
        scroll.styles.align_horizontal = "center"
        self._keep_place(anchor)

    # -- outline -------------------------------------------------------------------

    async def action_close_outline(self) -> None:
        """``escape`` in the outline: close it; an escape that reaches it closed (typed
        right after the one that closed it, both sent to the tree before the focus
        moved) is the reader's, back to the library. It toggled: ``escape escape``
        opened the outline again, and the reader stood still (a walk)."""
        outline = self._outline()
        if outline is not None and outline.display:
            await self.action_toggle_outline()
        else:
            self.action_back()

    async def action_toggle_outline(self) -> None:
        outline = self._outline()
        if (outline is None or not outline.display) and not self._has_headings():
            self.notify("This briefing has no headings.", timeout=3)
            return
        anchor = self._top_anchor()
        scroll = self.query_one("#reader-scroll", VerticalScroll)
        if outline is None:
            # Made on first use: its tree is a dozen styled nodes the first screen
            # of every briefing would otherwise wait for.
            outline = Outline(Markdown(), id="outline")
            await self.query_one("#reader-body").mount(outline, before=scroll)
        else:
            outline.display = not outline.display
        if outline.display:
            self._make_room_for(outline)
            if self._outline_stale:
                self._update_outline()
            tree = outline.query_one(Tree)
            tree.focus()
        else:
            scroll.focus()
        self._keep_place(anchor)
        if outline.display:  # once the place is kept
            self.call_after_refresh(self._outline_cursor, tree)

    def _outline_cursor(self, tree: Tree[object]) -> None:
        """Put the outline's cursor on the heading of the passage at the top of the view."""
        scroll = self.query_one("#reader-scroll", VerticalScroll)
        chosen = None
        for line in range(tree.last_line + 1):
            node = tree.get_node_at_line(line)
            data = node.data if node is not None else None
            block_id = data.get("block_id") if isinstance(data, dict) else None
            found = self.query(f"#{block_id}") if block_id else None
            if not found:
                continue
            top, widget = 0, found.first()
            while widget is not scroll and isinstance(widget.parent, Widget):
                top += widget.virtual_region.y
                widget = widget.parent
            if chosen is not None and top > scroll.scroll_y:
                break
            chosen = line
        if chosen is not None:
            tree.cursor_line = chosen
            # Setting the line does not scroll the tree: a heading far down a
            # long outline (Example 28 of the spec's second part, at 80x24) had
            # its cursor below the panel's last row, and no row looked chosen.
            tree.scroll_to_line(chosen, animate=False)

    def _has_headings(self) -> bool:
        layout = self.doc_layout
        if layout is not None:
            return any(block.kind == "heading" for block in layout.blocks)
        document = self.query_one("#document", BriefingDocument)
        return bool(document.table_of_contents())

    def _outline(self) -> MarkdownTableOfContents | None:
        found = self.query("#outline")
        return found.first(MarkdownTableOfContents) if found else None

    def on_markdown_table_of_contents_updated(self, event: Markdown.TableOfContentsUpdated) -> None:
        # Every part posts this as it is mounted; rebuilding the outline's tree from
        # every part each time grew with the part count. It is rebuilt once a section
        # has rendered, and only when it is shown.
        event.stop()
        if self.rendered:
            self._update_outline()

    def _update_outline(self) -> None:
        outline = self._outline()
        if outline is None or not outline.display:
            self._outline_stale = True
            return
        self._outline_stale = False
        outline.table_of_contents = self._whole_outline(
            self.query_one("#document", BriefingDocument).table_of_contents()
        )
        # The tree is made anew (another part's headings): its cursor kept its line
        # number and so sat on another heading than the one shown (a newcomer walk).
        self.call_after_refresh(self._outline_cursor, outline.query_one(Tree))

    def _whole_outline(
        self, shown: list[tuple[int, str, str | None]]
    ) -> list[tuple[int, str, str | None]]:
        """The outline of the whole briefing: ``shown`` (the headings of the part on
        screen, by their widgets' ids) and, for a briefing shown a part at a time,
        one entry for each other part (its title: its first heading, else "Chapter
        (continued)" at the chapter's level, else "Part N"),
        by where it starts in the text; choosing one goes to that part. The outline
        listed the part on screen only, so a long report's other chapters could
        not be found from it; one entry a part, and its chapters up to
        :data:`MAX_CHAPTERS`, keep it small (a briefing of 4,000 headings is not a
        tree of 4,000 nodes)."""
        layout = self.doc_layout
        if layout is None or not layout.sectioned:
            return shown
        blocks = layout.blocks

        def at(index: int) -> str:
            text_index = layout.tops[index].text_index
            return f"{_ELSEWHERE}{blocks[text_index].start if text_index < len(blocks) else 0}"

        # A chapter (h1/h2) begun inside another part is listed too, up to a bound:
        # "Links", inside the part cut in "Emphasis", could not be found from the outline.
        inner = [
            [(top.heading, top.title, at(i)) for i in range(part.top_start + 1, part.top_end)
             if 0 < (top := layout.tops[i]).heading <= 2]
            for part in layout.sections
        ]  # fmt: skip
        if sum(map(len, inner)) > MAX_CHAPTERS:
            inner = [[] for _ in layout.sections]
        entries: list[tuple[int, str, str | None]] = []
        for index, section in enumerate(layout.sections):
            if index == self.section:
                entries.extend(shown)
                continue
            entries.append((section.level, section.title, at(section.top_start)))
            entries.extend(inner[index])
        return entries

    def on_markdown_table_of_contents_selected(
        self, event: Markdown.TableOfContentsSelected
    ) -> None:
        event.stop()
        if event.block_id.startswith(_ELSEWHERE):  # a heading of another part
            offset = int(event.block_id.removeprefix(_ELSEWHERE))
            layout = self.doc_layout
            if layout is None or layout.section_of_offset(offset) == self.section:
                self._scroll_to_offset(offset)
            else:  # at the top once its part is drawn, as a heading of the part shown goes
                self._goto_section(layout.section_of_offset(offset), offset, at_top=True)
            return
        block = self.query_one(f"#{event.block_id}", MarkdownBlock)
        scroll = self.query_one("#reader-scroll", VerticalScroll)
        scroll.scroll_to_widget(block, top=True)
