"""What the reader's mixins may rely on: its state and the methods they share, declared once.

At run time :class:`~.claims.ClaimsMixin`, :class:`~.find.FindMixin`,
:class:`~.outline.OutlineMixin`, :class:`~.reading.ReadingMixin`,
:class:`~.citation.CitationMixin`, :class:`~.reload.ReloadMixin`,
:class:`~.paging.PagingMixin` and
:class:`~.leaving.LeavingMixin` are plain
classes mixed into
:class:`~.screen.ReaderScreen`; for the type checker they extend
:class:`ReaderBase`, a ``Screen`` with the reader's attributes and the
methods one part calls on another, so those calls are checked too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import asyncio

    from textual.containers import VerticalScroll
    from textual.screen import Screen
    from textual.widget import Widget

    from briefing_tui.core.briefings.documents import Briefing, Skipped
    from briefing_tui.core.claims.model import Claim
    from briefing_tui.core.store import DocumentRecord
    from briefing_tui.core.text.layout import DocumentLayout
    from briefing_tui.tui.access import AppAccess
    from briefing_tui.tui.gc_hold import CollectionHold
    from briefing_tui.tui.screens.reader.selection import SentenceCursor
    from briefing_tui.tui.widgets.document import BriefingDocument, Highlight

    class ReaderBase(AppAccess, Screen[None]):
        """The reader as its mixins see it (type checking only)."""

        #: The briefing shown: its record, and as read from its file (once read).
        record: DocumentRecord
        briefing: Briefing | None
        #: The part of a large briefing shown (0 for the others).
        section: int
        #: Its plain text: every offset (claims, sentences, matches) is into it.
        plain: str
        doc_layout: DocumentLayout | None
        #: True once the current section is fully on screen.
        rendered: bool
        claims: list[Claim]
        sentences: list[tuple[int, int]]
        selection: SentenceCursor | None
        #: When set, the selection re-attaches this claim (from the review screen).
        reattach_id: str | None
        #: Open scrolled to this plain-text offset (a claim chosen elsewhere).
        at_offset: int | None
        #: The file being read in a thread since the screen was made.
        _reading: asyncio.Future[tuple[Briefing | Skipped, str]] | None
        #: The claim ``]`` and ``[`` last went to.
        _jumped_claim: str | None
        #: Where the view was when the open settled (ReadingMixin): (part, scroll y).
        _scroll_base: tuple[int, float] | None
        matches: list[tuple[int, int]]
        current_match: int
        #: The outline is hidden and the document changed since it was built.
        _outline_stale: bool
        #: The file changed on disk since it was shown, and ``r`` is offered (ReloadMixin).
        reload_offered: bool
        #: The holds on full collections of the renders going on (released on unmount).
        _collection_holds: list[CollectionHold]
        #: gc_hold's freeze count when this reader was made (see collect_since_settled).
        _freezes_at_open: int
        _search_highlights: list[Highlight]
        #: The search match ``n`` / ``N`` are at (FindMixin), and whether they moved.
        _search_current: int
        _search_stepped: bool
        _search_stepped_at: float

        # ReaderScreen
        def _scroll(self) -> VerticalScroll: ...
        def _hold(self) -> CollectionHold: ...
        async def _open_briefing(self) -> None: ...
        def update_record(self, record: DocumentRecord) -> None: ...
        def action_back(self) -> None: ...
        def _show_section_label(self) -> None: ...
        def _scroll_to_offset(self, offset: int) -> None: ...
        def _goto_section(
            self,
            index: int,
            offset: int | None = None,
            *,
            at_end: bool = False,
            at_top: bool = False,
        ) -> object: ...

        # FindMixin
        def search_position(self) -> str: ...
        def positions_in_view(self) -> tuple[str, str]: ...
        def _label_follows_view(self) -> None: ...
        def _counted_from(self) -> int: ...
        def _offset_in_view(self, offset: int) -> bool: ...
        def _offset_shown(self, offset: int) -> bool: ...
        def _apply_highlights(self) -> None: ...
        def _keep_match_shown(self) -> None: ...
        def _scroll_to_other(self, offset: int, start: int, block: Widget) -> None: ...

        # ClaimsMixin
        def claim_highlights(self) -> list[Highlight]: ...
        def show_claims(self, claims: list[Claim]) -> None: ...
        def _first_visible_offset(self, document: BriefingDocument) -> int: ...
        def _virtual_top(self, widget: Widget, scroll: Widget | None = None) -> int: ...
        def _line_y(self, offset: int) -> int | None: ...
        def action_toggle_claims(self) -> None: ...
        def _claims_in_order(self) -> list[Claim]: ...
        def _in_view(self, claim: Claim) -> bool: ...
        def action_selection_cancel(self) -> None: ...
        def claim_position(self) -> str: ...

        # ReadingMixin
        def _opened(self) -> None: ...

        # OutlineMixin
        def _make_room_for(self, opened: Widget) -> None: ...
        def _top_anchor(self) -> tuple[Widget, float] | None: ...
        def _keep_place(self, anchor: tuple[Widget, float] | None) -> None: ...

else:
    ReaderBase = object
