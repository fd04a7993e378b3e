"""What the reader's mixins may rely on: its state and the methods they share, declared once.

At run time :class:`~.claims.ClaimsMixin`, :class:`~.find.FindMixin` and
:class:`~.outline.OutlineMixin` are plain classes mixed into
:class:`~.screen.ReaderScreen`; for the type checker they extend
:class:`ReaderBase`, a ``Screen`` with the reader's attributes and the
methods one part calls on another, so those calls are checked too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widget import Widget

    from briefing_tui.core.claims.model import Claim
    from briefing_tui.core.store import DocumentRecord
    from briefing_tui.core.text.layout import DocumentLayout
    from briefing_tui.tui.access import AppAccess
    from briefing_tui.tui.screens.reader.selection import SentenceCursor
    from briefing_tui.tui.widgets.document import BriefingDocument

    class ReaderBase(AppAccess, Screen[None]):
        """The reader as its mixins see it (type checking only)."""

        #: The briefing shown.
        record: DocumentRecord
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
        matches: list[tuple[int, int]]
        current_match: int
        #: The outline is hidden and the document changed since it was built.
        _outline_stale: bool

        # ReaderScreen
        def _apply_highlights(self) -> None: ...
        def _show_section_label(self) -> None: ...
        def _scroll_to_offset(self, offset: int) -> None: ...

        # ClaimsMixin
        def _first_visible_offset(self, document: BriefingDocument) -> int: ...
        def action_toggle_claims(self) -> None: ...

        # OutlineMixin
        def _top_anchor(self) -> tuple[Widget, float] | None: ...
        def _keep_place(self, anchor: tuple[Widget, float] | None) -> None: ...

else:
    ReaderBase = object
