"""Review the claims a sync could not place exactly: accept, re-attach or delete.

``fuzzy`` claims show the old quote and the passage found now; ``a`` accepts
that passage. ``r`` opens the briefing with the sentence cursor to choose the
passage by hand. ``d`` deletes (after a confirmation). Orphaned claims whose
briefing is gone can only be deleted, or left for the file to come back.
"""

from __future__ import annotations

from textual.binding import Binding

from briefing_tui.tui.dialogs.confirm import ConfirmScreen
from briefing_tui.tui.screens.claims import ClaimsScreen


class ReviewScreen(ClaimsScreen):
    BINDINGS = [
        Binding("a", "accept", "Accept candidate", id="review.accept"),
        Binding("r", "reattach", "Re-attach", id="review.reattach"),
        Binding("d,delete", "delete", "Delete", id="review.delete"),
    ]

    def __init__(self) -> None:
        super().__init__(review=True)

    def action_accept(self) -> None:
        claim = self.current()
        if claim is None:
            return
        if claim.anchor != "fuzzy" or claim.candidate is None:
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

    def action_delete(self) -> None:
        claim = self.current()
        if claim is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.briefing_app.delete_claim(claim.doc_id, claim.id)

        self.app.push_screen(ConfirmScreen("Delete this claim?", f"“{claim.quote}”"), answered)
