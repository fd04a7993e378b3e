"""Every claim in the library: filter with the query language; open one where it stands.

The filter box takes what ``briefing claims QUERY`` takes, and gives the same
claims: the query selects briefings as in search (words, ``claim:``,
``note:``, ``has:``, ``date:``, ``title:`` …) and its ``status:``, ``tag:``
and ``anchor:`` terms also filter the claims themselves (see
:func:`~briefing_tui.core.exchange.select_claims`). ``ctrl+s`` switches
between newest briefings first (the CLI's order) and briefing title. Each claim
shows its rating ("B2") and its links by relation; on the list, ``e`` edits,
``l`` links (the link picker), ``x`` shows the claims that contradict or support it.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from briefing_tui.core.claims.model import ANCHOR_STATES, STATUSES, Claim
from briefing_tui.core.exchange import Chosen, select_claims
from briefing_tui.core.search.index import IndexBusy
from briefing_tui.core.search.query import And, Node, Not, Or, Phrase, QueryError, Word, parse
from briefing_tui.core.store import DocumentRecord
from briefing_tui.tui.access import AppAccess
from briefing_tui.tui.analysis_messages import AnalysisChanged
from briefing_tui.tui.dialogs.claim import ClaimDialog, ClaimEdit
from briefing_tui.tui.messages import ClaimsChanged
from briefing_tui.tui.widgets.claims_panel import ClaimNotes, claim_notes, claim_option_text

#: The claims the review screen lists.
REVIEW_ANCHORS = ("fuzzy", "orphaned")
INDEX_BUSY = "the index is busy (another briefing process is building it); filter again in a moment"


def _terms(node: Node | None) -> list[Word | Phrase]:
    if isinstance(node, Word | Phrase):
        return [node]
    if isinstance(node, Not):
        return _terms(node.child)
    if isinstance(node, And | Or):
        return [term for child in node.children for term in _terms(child)]
    return []


def unknown_values(text: str) -> list[str]:
    """The ``status:`` and ``anchor:`` terms of ``text`` that no claim can have, each
    with the values it could be (``status:done``: open, key, verified, …)."""
    try:
        node = parse(text)
    except QueryError:
        return []
    said = []
    for term in _terms(node):
        known = {"status": STATUSES, "anchor": ANCHOR_STATES}.get(term.field or "")
        if known is None:
            continue
        value = term.text.strip().lower()
        prefix = isinstance(term, Word) and term.prefix
        if not any(k.startswith(value) if prefix else k == value for k in known):
            said.append(f"{term.field}:{term.text} is never set (it is one of {', '.join(known)})")
    return said


class ClaimsScreen(AppAccess, Screen[None]):
    """The claims of the whole library, selected by a query as you type."""

    DEFAULT_CSS = """
    ClaimsScreen #claims-message {
        height: auto;
        display: none;
        padding: 0 1;
        color: $text-warning;
    }
    """

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="claims.back"),
        Binding("ctrl+s", "cycle_sort", "Sort", id="claims.sort"),
        Binding("down,tab", "focus_list", "To the list", show=False),
        Binding("slash", "focus_filter", "Filter", id="claims.filter"),
        Binding("ctrl+e", "export", "Export", id="claims.export", priority=True),
        Binding("e", "edit", "Edit", id="claims.edit"),
        Binding("l", "link", "Link", id="claims.link"),
        Binding("x", "related", "Contradictions", id="claims.related"),
    ]

    def __init__(self, *, review: bool = False) -> None:
        super().__init__()
        self.review = review
        #: Every claim the screen covers (all, or those needing review).
        self.claims: list[Claim] = []
        self.records: dict[str, DocumentRecord] = {}
        #: What the query selects, in the CLI's order (newest briefing first).
        self.selected: Chosen = []
        self.shown: list[Claim] = []
        #: Each selected claim's rating and links (:func:`claim_notes`).
        self.notes: dict[str, ClaimNotes] = {}
        self.sort = "date"
        self._sequence = 0
        self._answered = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            placeholder='Filter: status:key tag:x note:word claim:"words" date:2024 anchor:fuzzy …',
            id="claims-filter",
        )
        yield Label("", id="claims-count")
        yield Label("", id="claims-message")
        yield OptionList(id="claims-list")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Claims to review" if self.review else "All claims"
        self.query_one(Input).focus()
        self.query_one("#claims-count", Label).update("Reading the claims…")
        self.reload()

    def on_screen_resume(self) -> None:
        # Back from the reader, where a claim may have been edited or re-attached.
        self.reload()

    @on(ClaimsChanged)
    def _on_claims_changed(self) -> None:
        # A write made here (review): list what is left. One made in a reader
        # above is seen when this screen shows again (on_screen_resume).
        if self.is_current:
            self.reload()

    @on(AnalysisChanged)
    def _on_analysis_changed(self) -> None:
        if self.is_current:  # else: read again when it shows (on_screen_resume)
            self.reload()

    def reload(self) -> None:
        """Select again with the filter as it is (after a write, or back from the reader)."""
        self._select(self.query_one(Input).value)

    @on(Input.Changed, "#claims-filter")
    def _on_filter_changed(self, event: Input.Changed) -> None:
        self._select(event.value)

    def _select(self, text: str) -> None:
        self._sequence += 1
        self._select_worker(text, self._sequence)

    @work(thread=True, exclusive=True, group="claims-select")
    def _select_worker(self, text: str, sequence: int) -> None:
        """What ``briefing claims QUERY`` lists, from the same core function."""
        workspace = self.briefing_app.workspace
        if workspace is None:
            return
        try:
            with self.briefing_app.core_lock:
                scope = workspace.claims.needing_review() if self.review else workspace.claims.all()
                chosen = select_claims(workspace, text)
            records = {c.doc_id: r for c, r in chosen if r is not None}
            notes = claim_notes(workspace, [c for c, _ in chosen], records)
        except QueryError as error:
            message = str(error)
        except IndexBusy:
            message = INDEX_BUSY
        except Exception as error:  # said on the screen, never a traceback
            message = f"the claims could not be read: {error}"
        else:
            if self.review:
                chosen = [(c, r) for c, r in chosen if c.anchor in REVIEW_ANCHORS]
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._loaded, sequence, text, scope, chosen, notes)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_error, sequence, message)

    def _loaded(
        self,
        sequence: int,
        text: str,
        scope: list[Claim],
        chosen: Chosen,
        notes: dict[str, ClaimNotes],
    ) -> None:
        if sequence < self._answered:
            return  # an earlier filter's answer, late
        self._answered = sequence
        self.claims = scope
        self.notes = notes
        self.selected = chosen
        self.records = {c.doc_id: r for c, r in chosen if r is not None}
        self._show()
        if not scope:
            self._say(
                "No claims need review."
                if self.review
                else "No claims yet: in a briefing, c starts one (a sentence cursor)."
            )
        elif chosen or not text.strip():
            self._say("")
        else:
            why = unknown_values(text)
            self._say("No claims match." + ("" if not why else " " + "; ".join(why) + "."))

    def _show_error(self, sequence: int, message: str) -> None:
        """A query that can't run: the reason, and the claims of the last one that could."""
        if sequence < self._answered:
            return
        self._answered = sequence
        if sequence == self._sequence:
            self._say(f"⚠ {message}")

    def _say(self, message: str) -> None:
        line = self.query_one("#claims-message", Label)
        line.update(Content(message))
        line.display = bool(message)

    def _show(self) -> None:
        shown = [claim for claim, _ in self.selected]
        if self.sort != "date":  # by briefing title, then in text order

            def by_title(claim: Claim) -> tuple[str, str, int]:
                record = self.records.get(claim.doc_id)
                title = record.title.casefold() if record else ""
                return (title, claim.doc_id, claim.selector.start)

            shown.sort(key=by_title)
        options = self.query_one(OptionList)
        keep = self.current()
        self.shown = shown
        options.clear_options()
        options.add_options(Option(self._option_text(claim), id=claim.id) for claim in shown)
        if shown:
            ids = [claim.id for claim in shown]
            options.highlighted = ids.index(keep.id) if keep is not None and keep.id in ids else 0
        order = "newest briefing first" if self.sort == "date" else "by briefing title"
        noun = "claim" if len(self.claims) == 1 else "claims"
        self.query_one("#claims-count", Label).update(
            f"{len(shown):,} of {len(self.claims):,} {noun} · {order} · ctrl+s to sort"
        )

    def _option_text(self, claim: Claim) -> Content:
        record = self.records.get(claim.doc_id)
        title = record.title if record else claim.doc_id
        where = f"{record.date[:10]}  " if record else ""
        missing = " (briefing missing)" if record is None or record.path is None else ""
        head = Content.assemble((f"{where}{title}{missing}", "bold"), "\n")
        body = claim_option_text(claim, width=90, notes=self.notes.get(claim.id))
        if claim.anchor == "fuzzy" and claim.candidate is not None:
            body = body + Content.assemble("\n  now: ", (f"“{claim.candidate[2][:90]}”", "italic"))
        return head + body

    def action_cycle_sort(self) -> None:
        self.sort = "title" if self.sort == "date" else "date"
        self._show()

    def action_export(self) -> None:
        """Export what the filter shows (the export selects with the same query)."""
        self.briefing_app.action_export(self.query_one(Input).value.strip())

    def action_edit(self) -> None:
        """Edit the claim in view: note, tags, status, credibility, event date."""
        claim = self.current()
        if claim is None:
            return

        def chosen(edit: ClaimEdit | None) -> None:
            if edit is not None:
                self.briefing_app.save_claim_edit(claim.doc_id, claim.id, edit, claim)

        self.app.push_screen(
            ClaimDialog(
                claim.quote,
                note=claim.note,
                tags=claim.tags,
                status=claim.status,
                known_tags=self.briefing_app.known_claim_tags(),
                title="Edit claim",
                claim=claim,
            ),
            chosen,
        )

    def action_link(self) -> None:
        claim = self.current()
        if claim is not None:
            self.briefing_app.pick_link(claim.id)

    def action_related(self) -> None:
        claim = self.current()
        if claim is not None:
            self.briefing_app.show_related(claim.id)

    def action_focus_list(self) -> None:
        self.query_one(OptionList).focus()

    def action_focus_filter(self) -> None:
        self.query_one(Input).focus()

    def current(self) -> Claim | None:
        options = self.query_one(OptionList)
        if options.highlighted is None or options.highlighted >= len(self.shown):
            return None
        return self.shown[options.highlighted]

    @on(Input.Submitted, "#claims-filter")
    @on(OptionList.OptionSelected, "#claims-list")
    def _open(self) -> None:
        claim = self.current()
        if claim is None:
            return
        record = self.records.get(claim.doc_id)
        if record is None or record.path is None:
            self.notify("Its briefing is no longer in the library.", severity="warning")
            return
        span = claim.span
        self.briefing_app.open_briefing(record, at_offset=span[0] if span else None)
