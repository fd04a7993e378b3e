"""The reader's claims panel: the open briefing's claims, one option each."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefing_tui.core.claims.model import Claim


def excerpt(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def claim_option_text(claim: Claim, width: int = 60) -> Content:
    """Quote excerpt, status, anchor when not exact, tags and note excerpt, as data."""
    parts: list[Content | str | tuple[str, str]] = [
        (f"[{claim.status}]", _status_style(claim.status)),
        " ",
        f"“{excerpt(claim.quote, width)}”",
    ]
    if claim.anchor != "exact":
        parts.extend([" ", (f"({claim.anchor})", "$text-warning")])
    if claim.tags:
        parts.extend(["\n  ", (", ".join(claim.tags), "$text-accent")])
    if claim.note:
        parts.extend(["\n  ", (excerpt(claim.note, width), "italic $text-muted")])
    return Content.assemble(*parts)


def _status_style(status: str) -> str:
    """The status label's style: the colour and text style the reader draws it with."""
    look = {"false": "strike", "disputed": "bold italic", "key": "bold underline"}
    return f"{look.get(status, 'bold')} $text-{_status_colour(status)}"


def _status_colour(status: str) -> str:
    return {
        "key": "primary",
        "verified": "success",
        "disputed": "warning",
        "false": "error",
    }.get(status, "secondary")


class ClaimsPanel(OptionList):
    """Lists claims; ``enter`` jumps, ``e`` edits, ``d`` deletes (the screen decides)."""

    BINDINGS = [
        Binding("e", "edit", "Edit claim", id="claims_panel.edit"),
        Binding("d,delete", "delete", "Delete claim", id="claims_panel.delete"),
    ]

    @dataclass
    class Chosen(Message):
        claim: Claim
        what: str  # "jump", "edit" or "delete"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.claims: list[Claim] = []

    def show_claims(self, claims: list[Claim]) -> None:
        """List ``claims``, keeping the highlighted claim (by id), or on a new one."""
        before = self._current()
        known = {claim.id for claim in self.claims}
        position = self.highlighted
        self.claims = claims
        self.clear_options()
        if not claims:
            self.add_option(Option(Content("No claims yet: press c to select one."), disabled=True))
            return
        self.add_options(Option(claim_option_text(claim), id=claim.id) for claim in claims)
        ids = [claim.id for claim in claims]
        added = [claim_id for claim_id in ids if claim_id not in known]
        if known and len(added) == 1:  # just made here: show it
            self.highlighted = ids.index(added[0])
        elif before is not None and before.id in ids:
            self.highlighted = ids.index(before.id)
        else:
            self.highlighted = 0 if position is None else min(position, len(claims) - 1)

    def _current(self) -> Claim | None:
        if self.highlighted is None or not self.claims:
            return None
        return self.claims[self.highlighted] if self.highlighted < len(self.claims) else None

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        claim = self._current()
        if claim is not None:
            self.post_message(self.Chosen(claim, "jump"))

    def action_edit(self) -> None:
        claim = self._current()
        if claim is not None:
            self.post_message(self.Chosen(claim, "edit"))

    def action_delete(self) -> None:
        claim = self._current()
        if claim is not None:
            self.post_message(self.Chosen(claim, "delete"))
