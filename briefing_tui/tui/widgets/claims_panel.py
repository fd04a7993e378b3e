"""The reader's claims panel: the open briefing's claims, one option each, with each
claim's rating ("B2") and its links counted by relation (read in a worker).

``l`` links the highlighted claim (the link picker) and ``x`` shows the claims that
contradict or support it; both go to the app directly, never through the screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefing_tui.core.analysis import link_summary
from briefing_tui.core.claims.model import Claim
from briefing_tui.core.claims.vocabulary import rating
from briefing_tui.core.store import DocumentRecord
from briefing_tui.core.text.marks import in_quotation_marks
from briefing_tui.tui.access import AppAccess
from briefing_tui.tui.analysis_messages import AnalysisChanged

if TYPE_CHECKING:
    from briefing_tui.core.workspace import Workspace


@dataclass(frozen=True)
class ClaimNotes:
    """What the analyst's layer adds to a claim's row: its rating, its links counted
    by relation ("1 contradicts · 2 supported by"), a credibility to suggest."""

    rating: str | None = None
    links: str = ""
    suggestion: str = ""


def claim_notes(
    workspace: Workspace,
    claims: Sequence[Claim],
    records: dict[str, DocumentRecord],
    *,
    suggest: bool = False,
) -> dict[str, ClaimNotes]:
    """Each claim's notes (a few queries: call it in a worker). ``records`` by doc id."""
    from briefing_tui.core.claims.vocabulary import source_key

    analysis = workspace.analysis
    grades = analysis.reliabilities()
    links = analysis.links_by_claim([claim.id for claim in claims])
    notes: dict[str, ClaimNotes] = {}
    for claim in claims:
        record = records.get(claim.doc_id)
        grade = grades.get(source_key(record.source)) if record is not None else None
        suggestion = ""
        if suggest and claim.credibility != 1:
            found = analysis.suggest_credibility(claim)
            suggestion = f"suggested: {found.reason}" if found is not None else ""
        notes[claim.id] = ClaimNotes(
            rating(grade, claim.credibility), link_summary(links.get(claim.id, [])), suggestion
        )
    return notes


def excerpt(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def quoted(text: str, width: int) -> str:
    """The excerpt of a claim's quote in quotation marks, unless it opens with its own."""
    return in_quotation_marks(excerpt(text, width))


def claim_option_text(
    claim: Claim, width: int = 60, notes: ClaimNotes | None = None, quote: str | None = None
) -> Content:
    """Quote excerpt, status, rating, anchor when not exact, tags, note excerpt and
    links, as data. ``quote``: the excerpt to show instead of the quote's start
    (review shows where a changed passage differs)."""
    parts: list[Content | str | tuple[str, str]] = [
        (f"[{claim.status}]", _status_style(claim.status)),
        " ",
    ]
    if notes is not None and notes.rating:
        parts.extend([(notes.rating, "bold $text-primary"), " "])
    parts.append(quoted(claim.quote, width) if quote is None else in_quotation_marks(quote))
    if claim.anchor != "exact":
        parts.extend([" ", (f"({claim.anchor})", "$text-warning")])
    if claim.tags:
        parts.extend(["\n  ", (", ".join(claim.tags), "$text-accent")])
    if claim.note:
        parts.extend(["\n  ", (excerpt(claim.note, width), "italic $text-muted")])
    if notes is not None and notes.links:
        parts.extend(["\n  ", ("⇄ " + notes.links, "$text-secondary")])
    if notes is not None and notes.suggestion:
        parts.extend(["\n  ", (excerpt(notes.suggestion, width + 20), "$text-success")])
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


#: The panel's actions on the claim highlighted: greyed, and their keys stopped, with none.
_NEEDS_A_CLAIM = ("edit", "delete", "link", "related")


class ClaimsPanel(AppAccess, OptionList):
    """Lists claims; ``enter`` jumps, ``e`` edits, ``d`` deletes (the screen decides);
    ``l`` links, ``x`` shows contradictions (the app does)."""

    BINDINGS = [
        Binding("e", "edit", "Edit claim", id="claims_panel.edit"),
        Binding("d,delete", "delete", "Delete claim", id="claims_panel.delete"),
        Binding("l", "link", "Link", id="claims_panel.link"),
        Binding("x", "related", "Contradictions", id="claims_panel.related"),
        # Said as the outline says it: "esc Back" read as leaving the briefing (a walk).
        Binding("escape", "screen.back", "Close panel", id="claims_panel.close"),
    ]

    @dataclass
    class Chosen(Message):
        claim: Claim
        what: str  # "jump", "edit" or "delete"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.claims: list[Claim] = []
        self.notes: dict[str, ClaimNotes] = {}

    def _show_claims(self, claims: list[Claim]) -> None:
        """List ``claims``, keeping the highlighted claim (by id), or on a new one."""
        before = self._current()
        known = {claim.id for claim in self.claims}
        position = self.highlighted
        self.claims = claims
        self.clear_options()
        if not claims:
            self.add_option(Option(Content("No claims yet: press c to select one."), disabled=True))
            return
        self._add(claims)
        ids = [claim.id for claim in claims]
        added = [claim_id for claim_id in ids if claim_id not in known]
        if known and len(added) == 1:  # just made here: show it
            self.highlighted = ids.index(added[0])
        elif before is not None and before.id in ids:
            self.highlighted = ids.index(before.id)
        else:
            self.highlighted = 0 if position is None else min(position, len(claims) - 1)
        self._read_notes(claims)

    def _add(self, claims: list[Claim]) -> None:
        self.add_options(
            Option(claim_option_text(claim, notes=self.notes.get(claim.id)), id=claim.id)
            for claim in claims
        )

    @on(AnalysisChanged)
    def _on_analysis_changed(self) -> None:
        if self.claims:
            self._read_notes(self.claims)

    @work(thread=True, exclusive=True, group="claims-panel-notes")
    def _read_notes(self, claims: list[Claim]) -> None:
        workspace = self.briefing_app.workspace
        if workspace is None or not claims:
            return
        try:
            record = workspace.store.get(claims[0].doc_id)
            records = {record.id: record} if record is not None else {}
            notes = claim_notes(workspace, claims, records, suggest=True)
        except Exception:  # the rows stay as they are, without notes
            return
        self.app.call_from_thread(self._show_notes, claims, notes)

    def _show_notes(self, claims: list[Claim], notes: dict[str, ClaimNotes]) -> None:
        if claims is not self.claims:
            return  # the claims changed meanwhile: their own read follows
        self.notes = notes
        position = self.highlighted
        self.clear_options()
        self._add(claims)
        if position is not None:
            self.highlighted = min(position, len(claims) - 1)

    def _current(self) -> Claim | None:
        if self.highlighted is None or not self.claims:
            return None
        return self.claims[self.highlighted] if self.highlighted < len(self.claims) else None

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        claim = self._current()
        if claim is not None:
            self.post_message(self.Chosen(claim, "jump"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No claim listed: its keys greyed in the footer and help (``e`` with none did
        nothing, unsaid, a walk); the reader's keys still run."""
        if action in _NEEDS_A_CLAIM and not self.claims:
            return None
        return super().check_action(action, parameters)

    def on_key(self, event: events.Key) -> None:
        """Its greyed keys stop here: ``d`` with no claim went on to the reader's ``d``
        ("What changed"), as if the panel's key were the reader's (a walk)."""
        if not self.claims and event.key in _KEYS_NEEDING_A_CLAIM:
            event.stop()
            event.prevent_default()

    def show_claims(self, claims: list[Claim]) -> None:  # (the keys follow the claims)
        self._show_claims(claims)
        self.refresh_bindings()

    def action_edit(self) -> None:
        claim = self._current()
        if claim is not None:
            self.post_message(self.Chosen(claim, "edit"))

    def action_link(self) -> None:
        claim = self._current()
        if claim is not None:
            self.briefing_app.pick_link(claim.id)

    def action_related(self) -> None:
        claim = self._current()
        if claim is not None:
            self.briefing_app.show_related(claim.id)

    def action_delete(self) -> None:
        claim = self._current()
        if claim is not None:
            self.post_message(self.Chosen(claim, "delete"))


#: Every key bound to those actions (``d`` and ``delete`` both).
_KEYS_NEEDING_A_CLAIM = frozenset(
    key.strip()
    for binding in ClaimsPanel.BINDINGS
    if isinstance(binding, Binding) and binding.action in _NEEDS_A_CLAIM
    for key in binding.key.split(",")
)
