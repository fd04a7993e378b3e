"""The reader's claim features: highlights per status, the sentence cursor, the panel.

Kept apart from :mod:`.screen` (rendering, find, links) so each module has
one job; :class:`ClaimsMixin` expects the reader's attributes (``plain``,
``record``, the document widget: see :class:`~.base.ReaderBase`) and is mixed
into ``ReaderScreen``. Claim writes are asked of the app by briefing and claim
id; their result comes back as :class:`~briefing_tui.tui.messages.ClaimsChanged`.
"""

from __future__ import annotations

from dataclasses import replace

from textual import events
from textual.content import Content
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Label

from briefing_tui.core.claims.anchoring import reanchor
from briefing_tui.core.claims.model import STATUSES, Claim
from briefing_tui.tui.dialogs.claim import ClaimDialog, ClaimEdit
from briefing_tui.tui.messages import ClaimsChanged
from briefing_tui.tui.screens.reader.base import ReaderBase
from briefing_tui.tui.screens.reader.selection import SentenceCursor
from briefing_tui.tui.screens.reader.unshown import (
    reveal_unshown,
    selecting_label,
    unshown_in_view,
)
from briefing_tui.tui.widgets.claims_panel import ClaimsPanel
from briefing_tui.tui.widgets.document import BriefingDocument, Highlight


class ClaimsMixin(ReaderBase):
    """Claim selection, highlighting and the claims panel for the reader."""

    #: The claim ``]`` and ``[`` last went to (by id): the next jump goes on from it.
    _jumped_claim: str | None = None
    _claim_scrolling = False

    # -- highlights ----------------------------------------------------------------

    def claim_highlights(self) -> list[Highlight]:
        found: list[Highlight] = []
        for claim in self.claims:
            span = claim.span
            if span is not None:
                found.append(Highlight(span[0], span[1], f"claim-{claim.status}"))
        if self.selection is not None:
            start, end = self.selection.span
            found.append(Highlight(start, end, "selection"))
            cursor = self.selection.cursor_span
            found.append(Highlight(cursor[0], cursor[1], "sentence-cursor"))
        return found

    def help_legend(self) -> Content:
        """The claim status styles as the text shows them, for the help screen."""
        document = self.query_one("#document", BriefingDocument)

        def look(name: str) -> Style:
            return Style.from_rich_style(document.get_component_rich_style(name, partial=True))

        parts: list[str | tuple[str, str | Style]] = [("Claims in the text:", "bold")]
        for status in STATUSES:
            parts += ["  ", (status, look(f"claim-{status}"))]
        parts += [
            "\nNot claims:  ",
            ("search words", look("search-match")),
            "  ",
            ("find matches", look("find-match")),
            "  ",
            ("current match", look("find-current")),
        ]
        return Content.assemble(*parts)

    def on_claims_changed(self, event: ClaimsChanged) -> None:
        """A claim write finished (see :mod:`~briefing_tui.tui.claim_writes`).

        A handler by name: ``@on`` is not collected from a plain mixin class.
        """
        if event.doc_id == self.record.id:
            self.show_claims(event.claims)

    def show_claims(self, claims: list[Claim]) -> None:
        self.claims = [self._as_shown(claim) for claim in claims]
        # The panel jumps to where a claim is shown, not to offsets an edit made stale.
        self.query_one(ClaimsPanel).show_claims(self.claims)
        self._apply_highlights()
        self.refresh_bindings()

    def _as_shown(self, claim: Claim) -> Claim:
        """``claim`` with offsets that hold its quote in the text shown, for display only.

        A claim's offsets are into the plain text of when it was last anchored;
        if the rules that make the plain text change (HTML became text, say),
        an unchanged file is not re-anchored by a sync and the offsets would
        highlight the wrong words. Then the quote is found again here, as sync
        would find it (the store is left as it is).
        """
        plain = self.plain
        selector = claim.selector
        if plain and claim.anchor == "fuzzy" and claim.candidate is not None:
            return self._fuzzy_as_shown(claim)
        if not plain or claim.anchor not in ("exact", "moved"):
            return claim
        if plain[selector.start : selector.end] == selector.exact:
            return claim
        anchor = reanchor(selector, plain)
        if anchor.start is None or anchor.end is None:
            return replace(claim, anchor="orphaned")
        if anchor.state == "fuzzy":  # changed, or a copy of its words: shown as for review
            return replace(claim, anchor="fuzzy", candidate=(anchor.start, anchor.end, anchor.text))
        moved = replace(selector, start=anchor.start, end=anchor.end)
        return replace(claim, selector=moved)

    def _fuzzy_as_shown(self, claim: Claim) -> Claim:
        """A fuzzy claim's candidate is into the text the sync read: while the reader
        shows the text before it (a reload offered, not taken) a claim edited then
        highlighted other words (a newcomer walk). Found again in the text shown."""
        assert claim.candidate is not None
        start, end, text = claim.candidate
        if self.plain[start:end] == text:
            return claim
        anchor = reanchor(claim.selector, self.plain)
        if anchor.start is None or anchor.end is None:
            return replace(claim, anchor="orphaned", candidate=None)
        return replace(claim, candidate=(anchor.start, anchor.end, anchor.text))

    # -- selecting -----------------------------------------------------------------

    #: Said when a claim would be made on text the file no longer holds.
    STALE_TEXT = "This briefing changed on disk: r reloads it, then claim the passage"

    def _text_is_stale(self) -> bool:
        """Whether the file's text (as the last sync read it) is not the text shown.

        A claim's offsets are into the text shown, but it is saved on the file's
        text: a claim made before ``r`` quoted other words than those selected
        ("g by a good many characters. Russian oil expor", a newcomer walk).
        """
        briefing, now = self.briefing, self.record.content_hash
        return briefing is not None and bool(now) and now != briefing.content_hash

    def action_start_claim(self) -> None:
        if not self.sentences:  # a briefing of front matter only: c did nothing at all
            self.notify("Nothing to claim: this briefing has no text.", timeout=4)
            return
        if self._text_is_stale():
            self.notify(self.STALE_TEXT, severity="warning")
            return
        document = self.query_one("#document", BriefingDocument)
        selected = document.mouse_selection(self.selections)
        if selected is not None:
            # Text selected with the mouse: claim exactly that.
            self.selections = {}
            start, end = selected
            quote = self.plain[start:end]
            start += len(quote) - len(quote.lstrip())
            end -= len(quote) - len(quote.rstrip())
            if end > start:
                self._claim_span(start, end)
            return
        self.selection = self._cursor_at_top(document)
        if self.selection is None:
            self.notify("No sentences to select here.", severity="warning")
            return
        # The text takes the keys while selecting: from the claims panel or the
        # outline, enter would otherwise choose in the panel, not claim. Started
        # from the panel, the panel has them back once the claim is saved or dropped.
        self.__dict__["_claim_from_panel"] = self.query_one(ClaimsPanel).has_focus
        self.query_one("#reader-scroll").focus()
        self._selection_changed()

    def _first_visible_offset(self, document: BriefingDocument, whole_blocks: bool = True) -> int:
        """Where the passage at the top of the view starts: the block there, or in
        a block taller than the view (a long paragraph's piece) its top line;
        ``whole_blocks=False``: the top line of any block partly scrolled off (``c``
        at a briefing's end put the cursor above the view, which jumped back to it).

        Worked out from the layout and ``scroll_y``, not the screen's regions,
        which lag a scroll until the next frame.
        """
        scroll = self._scroll()
        top, height = round(scroll.scroll_y), scroll.scrollable_content_region.height
        other = unshown_in_view(self, document, top)  # a code block or a table
        for block in document.highlightable_blocks():
            size = block.virtual_region.height
            start = self._virtual_top(block, scroll)
            if not size or start + size <= top:
                continue
            line = top - start - block.styles.gutter.top
            if (whole_blocks and size <= height) or line <= 0:
                return min(block.doc_start or 0, other)
            starts = document.line_starts(block)
            return min(starts[min(line, len(starts) - 1)], other)
        return other if other < len(self.plain) else 0

    def _cursor_at_top(self, document: BriefingDocument) -> SentenceCursor | None:
        """The cursor ``c`` starts: on the first sentence at the top of the view.

        Inside a long paragraph, the first sentence that starts on screen rather
        than the one running in from above (the view stays where it is).
        """
        offset = self._first_visible_offset(document, whole_blocks=False)
        cursor = SentenceCursor.at_offset(self.sentences, offset)
        if cursor is None or cursor.cursor_span[0] >= offset:
            return cursor
        if cursor.cursor + 1 < len(self.sentences):
            scroll = self._scroll()
            bottom = scroll.scroll_y + scroll.scrollable_content_region.height
            line = self._line_y(self.sentences[cursor.cursor + 1][0])
            if line is not None and line < bottom:
                cursor.move(1)
        return cursor

    def _virtual_top(self, widget: Widget, scroll: Widget | None = None) -> int:
        """The line of the reader's scrolled column where ``widget`` starts."""
        scroll = scroll or self._scroll()
        top = 0
        while widget is not scroll and isinstance(widget.parent, Widget):
            top += widget.virtual_region.y
            widget = widget.parent
        return top

    def _line_y(self, offset: int) -> int | None:
        """The line of the scrolled column that draws ``offset`` (None: no block
        draws it, or it is in another part of a large briefing)."""
        found = self.query_one("#document", BriefingDocument).line_of(offset)
        if found is None:
            return None
        block, line = found
        return self._virtual_top(block) + block.styles.gutter.top + line

    def on_click(self, event: events.Click) -> None:
        """While selecting, a click on a sentence puts the cursor there."""
        if self.selection is None:
            return
        widget, where = self.get_widget_and_offset_at(event.screen_x, event.screen_y)
        document = self.query_one("#document", BriefingDocument)
        offset = document.offset_at(widget, where)
        if offset is None:
            return
        cursor = SentenceCursor.at_offset(self.sentences, offset)
        if cursor is not None:
            self.selection = cursor
            self._selection_changed()

    def action_selection_move(self, step: int) -> None:
        if self.selection is not None:
            self.selection.move(step)
            self._selection_changed()

    def action_selection_extend(self, step: int) -> None:
        if self.selection is not None:
            self.selection.extend(step)
            self._selection_changed()

    def action_selection_cancel(self) -> None:
        self.selection = None
        self.reattach_id = None
        self._selection_changed()
        panel = self.query_one(ClaimsPanel)
        if self.__dict__.pop("_claim_from_panel", False) and panel.display:
            panel.focus()  # where the claim was started (its l, e, d keys)

    def _start_reattach(
        self, offset: int | None, scrolled: bool = False, tries: int = 40, last_y: float = -1.0
    ) -> None:
        """From review: the cursor starts where the claim was, else at the view's top.

        A view restored to the reading position moves once the document is laid
        out, perhaps in more than one step: until it has moved and then stayed
        put for 50 ms (up to 2 s, checked every 50 ms; a few refreshes were not
        always enough on a busy machine) the cursor waits, or it started at the
        top, or where the view passed on its way.
        """
        from briefing_tui.tui.screens.reader.selection import SentenceCursor

        now = self._scroll().scroll_y
        if offset is None and scrolled and tries and (now == 0 or now != last_y):
            self.set_timer(0.05, lambda: self._start_reattach(offset, scrolled, tries - 1, now))
            return
        if offset is None:  # an orphaned claim: where it was, else the top of the view
            offset = self._old_offset()
        if offset is None:
            self.selection = self._cursor_at_top(self.query_one("#document", BriefingDocument))
        else:
            self.selection = SentenceCursor.nearest(self.sentences, offset)
        if self.selection is not None:
            self._selection_changed()

    def _old_offset(self) -> int | None:
        """Where the claim being re-attached was when last placed (the text around
        an orphaned claim is often intact): its stored start, within the text."""
        claim = next((c for c in self.claims if c.id == self.reattach_id), None)
        if claim is None or not self.plain:
            return None
        return max(0, min(claim.selector.start, len(self.plain) - 1))

    def _selection_changed(self) -> None:
        self._apply_highlights()
        self.refresh_bindings()
        if self.selection is not None:
            self._reveal_cursor()
            hint = "enter claim" if self.reattach_id is None else "enter re-attach"
            if not self.query_one("#section-label").display:
                # The line it takes above the text is one less of the view, at its foot.
                self.call_after_refresh(self._reveal_cursor)
            self.query_one("#section-label").display = True
            # Short enough for 80 columns: "escape" was cut off there.
            label = selecting_label(self, self.selection, hint)
            self.query_one("#section-label", Label).update(label)
        else:
            self._show_section_label()

    def _reveal(self, start: int, end: int) -> None:
        """Bring the cursor's sentence (``start`` to ``end``) into view: its whole
        paragraph when that fits, else (a long paragraph's piece, taller than the
        view) the sentence's own lines, by as little as it takes. Far from the view
        (re-attaching where a claim was) or in another part of a large briefing
        (the cursor went past the part shown), centred as a match found is."""
        layout = self.doc_layout
        scroll = self._scroll()
        top, height = scroll.scroll_y, scroll.scrollable_content_region.height
        first = self._line_y(start)
        far = first is not None and not top - height <= first < top + 2 * height
        part = layout.section_of_offset(start) if layout and layout.sectioned else self.section
        if far or part != self.section:
            self._scroll_to_offset(start)
            return
        if reveal_unshown(self, start):  # in a code block or a table
            return
        block = self.query_one("#document", BriefingDocument).block_at(start)
        if block is None:
            return
        if block.outer_size.height <= height or first is None:
            scroll.scroll_to_widget(block, animate=False, immediate=True)
            return
        last = self._line_y(max(start, end - 1))
        last = first if last is None else last
        if first < top:
            scroll.scroll_to(y=first, animate=False, immediate=True)
        elif last >= top + height:
            scroll.scroll_to(y=min(first, last - height + 1), animate=False, immediate=True)

    def _reveal_cursor(self) -> None:
        if self.selection is not None:
            self._reveal(*self.selection.cursor_span)

    def action_selection_reattach(self) -> None:
        """``enter`` from review: the selection is where the claim goes."""
        self.action_selection_confirm()

    def action_selection_confirm(self) -> None:
        if self.selection is None:
            return
        if self._text_is_stale():
            self.notify(self.STALE_TEXT, severity="warning")
            return
        start, end = self.selection.span
        if self.reattach_id is not None:
            claim_id = self.reattach_id
            self.action_selection_cancel()
            self.briefing_app.reattach_claim(self.record.id, claim_id, start, end)
            return
        self._claim_span(start, end)

    def _claim_span(self, start: int, end: int) -> None:
        """Open the claim dialog for [start, end) of the plain text."""
        quote = self.plain[start:end]

        def chosen(edit: ClaimEdit | None) -> None:
            if edit is None:
                return
            if self._text_is_stale():  # changed while the dialog was open
                kept = ""
                if edit.note.strip():
                    self.app.copy_to_clipboard(edit.note)
                    kept = " Your note is on the clipboard."
                self.notify(f"Not saved. {self.STALE_TEXT}.{kept}", severity="error")
                return
            self.briefing_app.save_new_claim(self.record, start, end, edit)
            self.action_selection_cancel()

        self.app.push_screen(
            ClaimDialog(quote, known_tags=self.briefing_app.known_claim_tags()),
            chosen,
        )

    # -- jumping and the panel -----------------------------------------------------

    def _claims_in_order(self) -> list[Claim]:
        """The claims shown in the text, in document order."""
        shown = [claim for claim in self.claims if claim.span is not None]
        return sorted(shown, key=lambda claim: claim.span or (0, 0))

    def claim_position(self) -> str:
        """ "Claim 2 of 5" for the claim last jumped to, or ""."""
        order = [claim.id for claim in self._claims_in_order()]
        if self._jumped_claim not in order:
            return ""
        return f"Claim {order.index(self._jumped_claim) + 1} of {len(order)}"

    def action_claim_jump(self, step: int) -> None:
        """``]`` / ``[``: every claim in document order, from the one jumped to
        last while it is in view, else from the top of the view."""
        order = self._claims_in_order()
        if not order:
            # The key said nothing: a newcomer pressing it could not tell why.
            # Said once while shown: pressed again, it stacked copies over the text.
            orphaned = len(self.claims)
            message = (
                f"No claim in the text to jump to: {orphaned} orphaned (their passages "
                "are gone; see the claims panel)."
                if orphaned
                else "No claims in this briefing yet: c starts one."
            )
            if all(n.message != message for n in self.app._notifications):  # (no public way)
                self.notify(message, severity="information")
            return
        ids = [claim.id for claim in order]
        current = self._jumped_claim
        if current in ids and (self._claim_scrolling or self._in_view(order[ids.index(current)])):
            index = (ids.index(current) + step) % len(order)
        else:
            here = self._counted_from()
            starts = [claim.span[0] for claim in order if claim.span is not None]
            if step > 0:
                index = next((i for i, start in enumerate(starts) if start >= here), 0)
            else:
                before = [i for i, start in enumerate(starts) if start < here]
                index = before[-1] if before else len(order) - 1
        self._go_to_claim(order[index])

    def _go_to_claim(self, claim: Claim) -> None:
        assert claim.span is not None
        self._jumped_claim, self._search_stepped_at = claim.id, 0.0  # (see find.py)
        if self.selection is None:
            self._show_section_label()
        # Scrolled once the label line above the text is laid out.
        self._claim_scrolling = True
        offset = claim.span[0]

        def scroll() -> None:
            self._claim_scrolling = False
            self._scroll_to_offset(offset)

        self.call_after_refresh(scroll)

    def _in_view(self, claim: Claim) -> bool:
        """Whether the start of ``claim`` is shown in the reader's view (its line, as
        the line above the text counts it: not its paragraph's block)."""
        return claim.span is not None and self._offset_shown(claim.span[0])

    def action_toggle_claims(self) -> None:
        # The text re-wraps around the panel: keep the passage at the top in place.
        anchor = self._top_anchor()
        panel = self.query_one(ClaimsPanel)
        if panel.display and not panel.has_focus:
            panel.focus()  # open but not focused (the text took the keys): go to it
            return
        panel.display = not panel.display
        if panel.display:
            self._make_room_for(panel)
            panel.focus()
        else:
            self.query_one("#reader-scroll").focus()
        self._keep_place(anchor)

    def on_claims_panel_chosen(self, event: ClaimsPanel.Chosen) -> None:
        # A handler by name: ``@on`` is not collected from a plain mixin class.
        claim = event.claim
        if event.what == "jump":
            if claim.span is None:
                self.notify("This claim is orphaned: its passage is gone.", severity="warning")
            else:
                self._go_to_claim(claim)
        elif event.what == "edit":
            self.edit_claim(claim)
        else:
            self.briefing_app.ask_to_delete_claim(claim)

    def edit_claim(self, claim: Claim) -> None:
        def chosen(edit: ClaimEdit | None) -> None:
            if edit is not None:
                shown = next((c for c in self.claims if c.id == claim.id), None)
                self.briefing_app.save_claim_edit(self.record.id, claim.id, edit, shown)

        self.app.push_screen(
            ClaimDialog.editing(claim, self.briefing_app.known_claim_tags()), chosen
        )
