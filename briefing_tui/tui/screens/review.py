"""Review the claims a sync could not place exactly: accept, re-attach or delete.

``fuzzy`` claims show the old quote and the passage found now; ``a`` accepts
that passage. ``r`` opens the briefing with the sentence cursor to choose the
passage by hand. ``d`` deletes (after a confirmation), as on the claims
screen. Orphaned claims whose briefing is gone can only be deleted, or left
for the file to come back.
"""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.widgets import OptionList

from briefing_tui.core.claims.model import Claim
from briefing_tui.tui.screens.claims import ClaimsScreen


class ReviewScreen(ClaimsScreen):
    #: The review's own keys come first in the footer: the claims screen's sort,
    #: export, link and contradictions (still keys, in the help) leave it room at
    #: 80 columns, where ``a`` and ``r`` were cut off and found only in the help.
    BINDINGS = [
        Binding("ctrl+s", "cycle_sort", "Sort", show=False),
        Binding("ctrl+e", "export", "Export", show=False, priority=True),
        Binding("l", "link", "Link", show=False),
        Binding("x", "related", "Contradictions", show=False),
        Binding(
            "a",
            "accept",
            "Accept",
            id="review.accept",
            tooltip="Accept the passage found now (a fuzzy claim's candidate)",
        ),
        Binding("r", "reattach", "Re-attach", id="review.reattach"),
    ]

    def __init__(self) -> None:
        super().__init__(review=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``a`` greyed on a claim with no candidate (an orphaned one), ``r`` on one whose
        briefing is gone: both stayed live and only said so when pressed."""
        claim = self.current() if action in ("accept", "reattach") else None
        if claim is not None and action == "accept" and not _acceptable(claim):
            return None
        if claim is not None and action == "reattach":
            record = self.records.get(claim.doc_id)
            if record is None or record.path is None:
                return None
        return super().check_action(action, parameters)

    @on(OptionList.OptionHighlighted, "#claims-list")
    def _keys_follow_the_claim(self) -> None:
        self.refresh_bindings()

    def action_accept(self) -> None:
        claim = self.current()
        if claim is None:
            return
        if not _acceptable(claim) or claim.candidate is None:  # (the second: for mypy)
            self.notify("Only a fuzzy claim has a candidate to accept.", severity="warning")
            return
        start, end, _ = claim.candidate
        self.briefing_app.reattach_claim(claim.doc_id, claim.id, start, end, "Claim accepted")

    def action_reattach(self) -> None:
        claim = self.current()
        if claim is None:
            return
        record = self.records.get(claim.doc_id)
        if record is None or record.path is None:
            self.notify("Its briefing is no longer in the library.", severity="warning")
            return
        span = claim.span
        self.briefing_app.open_briefing(
            record, at_offset=span[0] if span else None, reattach_id=claim.id
        )


def _acceptable(claim: Claim) -> bool:
    """A fuzzy claim with a passage found now: what ``a`` accepts."""
    return claim.anchor == "fuzzy" and claim.candidate is not None
