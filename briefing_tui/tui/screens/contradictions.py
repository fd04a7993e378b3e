"""The contradictions view: one claim, and every claim that contradicts or supports it
(or that it contradicts or supports; a repeat counts as support), side by side, each
with its briefing's title, date and source, the source's reliability and the claim's rating.

``enter`` opens the highlighted claim where it stands in its briefing; ``u``
removes that link; ``left`` / ``right`` go to the contradictions / support column
(``tab`` goes to the other one). Read in a worker, and
again after any link or rating changes (:class:`~..analysis_messages.AnalysisChanged`).
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from briefing_tui.core.analysis import Related, RelatedClaims
from briefing_tui.core.claims.model import Claim
from briefing_tui.core.store import DocumentRecord
from briefing_tui.tui.access import AppAccess
from briefing_tui.tui.analysis_messages import AnalysisChanged
from briefing_tui.tui.widgets.claims_panel import quoted
from briefing_tui.tui.widgets.footer import AppFooter

#: The relations listed, and the column of each: a repeat (the same claim from another
#: source) is support, and the credibility 1 the claims screen suggests may rest on
#: repeats alone; left out, ``x`` said "No claim contradicts or supports it yet".
COLUMN_OF = {"contradict": "contradict", "support": "support", "repeat": "support"}


def briefing_line(record: DocumentRecord | None, reliability: str | None) -> Content:
    """``2024-03-05 · Title · Source (B)``, as data."""
    if record is None:
        return Content("(briefing missing)")
    parts: list[Content | str | tuple[str, str]] = []
    if record.date:
        parts.extend([(record.date[:10], "$text-muted"), " · "])
    parts.append((record.title, "bold"))
    source = record.source or "no source"
    parts.extend([" · ", (source, "$text-accent"), f" ({reliability or 'not rated'})"])
    return Content.assemble(*parts)


def claim_card(
    claim: Claim,
    record: DocumentRecord | None,
    reliability: str | None,
    rating: str | None,
    width: int = 70,
    label: str = "",
) -> Content:
    head: list[Content | str | tuple[str, str]] = []
    if label:
        head.extend([(label, "bold $text-warning"), " "])
    head.extend([(f"[{claim.status}]", "bold"), " ", (rating or "unrated", "bold $text-primary")])
    if claim.anchor in ("fuzzy", "orphaned"):
        # As the claims screen marks it: an orphaned claim's quote is no longer in its
        # briefing (enter opens the briefing at its last place), a fuzzy one changed.
        head.extend([" ", (f"({claim.anchor})", "italic $text-warning")])
    return Content.assemble(
        *head,
        "\n",
        quoted(claim.quote, width * 3),
        "\n",
        briefing_line(record, reliability),
    )


class ContradictionsScreen(AppAccess, Screen[None]):
    """What contradicts and what supports one claim."""

    DEFAULT_CSS = """
    /* Room for the status, a three-line quote and a title and source that wrap: at
       80x24 seven lines cut the source's reliability off ("Moscow Times (not"). */
    ContradictionsScreen #related-claim {
        height: auto;
        max-height: 10;
        border: round $primary;
        padding: 0 1;
    }
    ContradictionsScreen #related-columns { height: 1fr; }
    ContradictionsScreen .related-column { width: 1fr; }
    ContradictionsScreen .related-title { text-style: bold; padding: 0 1; }
    ContradictionsScreen OptionList { height: 1fr; }
    /* The screen's width, so a long hint wraps instead of running off it at 80 columns. */
    ContradictionsScreen #related-message {
        color: $text-muted;
        padding: 0 1;
        height: auto;
        width: 1fr;
    }
    """

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="related.back"),
        Binding("u", "unlink", "Unlink", id="related.unlink"),
        # Each to its own column (both switched: right on the right column went left),
        # and tab said too: the hint, the help and the README named different keys.
        Binding("left", "column('contradict')", "Contradictions column", show=False),
        Binding("right", "column('support')", "Support column", show=False),
        Binding("tab,shift+tab", "switch", "Other column", show=False),
    ]

    def __init__(self, claim_id: str) -> None:
        super().__init__()
        self.claim_id = claim_id
        self.related: RelatedClaims | None = None
        self.columns: dict[str, list[Related]] = {"contradict": [], "support": []}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reading…", id="related-claim")
        yield Label("", id="related-message")
        with Horizontal(id="related-columns"):
            with Vertical(classes="related-column"):
                yield Label("Contradictions", classes="related-title", id="contradict-title")
                yield OptionList(id="contradict-list")
            with Vertical(classes="related-column"):
                yield Label("Support", classes="related-title", id="support-title")
                yield OptionList(id="support-list")
        yield AppFooter()

    def on_mount(self) -> None:
        self.sub_title = "Contradictions and support"
        self.query_one("#contradict-list", OptionList).focus()
        self.reload()

    @on(AnalysisChanged)
    def _on_analysis_changed(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="related-load")
    def reload(self) -> None:
        workspace = self.briefing_app.workspace
        if workspace is None:
            return
        try:
            related = workspace.analysis.related(self.claim_id, tuple(COLUMN_OF))
        except Exception as error:  # the claim was deleted meanwhile, a store error: said
            self.from_worker(self._say, f"Cannot show it: {error}")
            return
        self.from_worker(self._show, related)

    def _say(self, text: str) -> None:
        self.query_one("#related-message", Label).update(Content(text))

    def _show(self, related: RelatedClaims) -> None:
        self.related = related
        self.query_one("#related-claim", Static).update(
            claim_card(related.claim, related.record, related.reliability, related.rating)
        )
        for relation in ("contradict", "support"):
            others = [o for o in related.others if COLUMN_OF[o.link.relation] == relation]
            self.columns[relation] = others
            options = self.query_one(f"#{relation}-list", OptionList)
            at = options.highlighted
            options.clear_options()
            options.add_options(
                Option(
                    claim_card(
                        other.claim,
                        other.record,
                        other.reliability,
                        other.rating,
                        width=40,
                        label=other.link.label,
                    ),
                    id=other.claim.id,
                )
                for other in others
            )
            if others:
                options.highlighted = min(at or 0, len(others) - 1)
            else:
                options.add_option(Option(Content("none"), disabled=True))
            title = "Contradictions" if relation == "contradict" else "Support"
            self.query_one(f"#{relation}-title", Label).update(f"{title} ({len(others)})")
        if not related.others:
            self._say(
                "No claim contradicts or supports it yet: l on a claim (claims screen, "
                "claims panel) links it."
            )
        else:
            self._say("enter: open in its briefing · u: unlink · ←/→ or tab: column")

    def _current(self) -> Related | None:
        focused = self.focused
        if not isinstance(focused, OptionList) or focused.id is None:
            return None
        others = self.columns.get(focused.id.removesuffix("-list"), [])
        at = focused.highlighted
        return others[at] if at is not None and at < len(others) else None

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        other = self._current()
        if other is not None:
            self.briefing_app.open_claim(other.claim.doc_id, other.claim.id)

    def action_unlink(self) -> None:
        other = self._current()
        if other is None:
            self.notify("No link to remove here.", timeout=3)
            return
        link = other.link
        if link.outgoing:
            self.briefing_app.unlink_claims(self.claim_id, link.relation, other.claim.id)
        else:
            self.briefing_app.unlink_claims(other.claim.id, link.relation, self.claim_id)

    def action_column(self, relation: str) -> None:
        self.query_one(f"#{relation}-list", OptionList).focus()

    def action_switch(self) -> None:
        self.focus_next(OptionList)
