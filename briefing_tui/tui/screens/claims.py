"""Every claim in the library: filter with the query language; open one where it stands.

The filter box takes what ``briefing claims QUERY`` takes, and gives the same
claims: the query selects briefings as in search (words, ``claim:``,
``note:``, ``has:``, ``date:``, ``title:`` …) and its ``status:``, ``tag:``
and ``anchor:`` terms also filter the claims themselves (see
:func:`~briefing_tui.core.exchange.select_claims`). ``ctrl+s`` switches
between newest briefings first (the CLI's order) and briefing title. Each claim
shows its rating ("B2"), its links by relation and, when a claim of another source
repeats or supports it, the credibility 1 to suggest (never set by itself); on the
list, ``e`` edits, ``l`` links (the link picker), ``x`` shows the claims that
contradict or support it.

Every claim is read once (:class:`~briefing_tui.core.exchange.selection.ClaimScope`)
and again after a change; a keystroke filters what was read in an exclusive worker
(a later keystroke cancels it) and only the first :data:`PAGE` rows are listed
with their notes, the next as the highlight nears the end (``end``: all of them): at
10,000 claims a keystroke costs the query, not a read of every claim nor 10,000 rows.
"""

from __future__ import annotations

import time

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Input, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from briefing_tui.core.claims.model import Claim
from briefing_tui.core.exchange.selection import Chosen, ClaimScope
from briefing_tui.core.search.index import IndexBusy
from briefing_tui.core.search.query import QueryError, value_being_typed
from briefing_tui.core.store import DocumentRecord
from briefing_tui.tui.access import AppAccess
from briefing_tui.tui.analysis_messages import AnalysisChanged
from briefing_tui.tui.dialogs.claim import ClaimDialog, ClaimEdit
from briefing_tui.tui.messages import ClaimsChanged, ClaimsChangedAcross, SyncFinished
from briefing_tui.tui.screens.claims_listing import listed_notes, option_text, ordered
from briefing_tui.tui.widgets.claims_panel import ClaimNotes
from briefing_tui.tui.widgets.footer import AppFooter

#: Claims listed at a time; the next are listed as the highlight nears the end.
PAGE = 30
INDEX_BUSY = "the index is busy (another briefing process is building it); filter again in a moment"


class ClaimsScreen(AppAccess, Screen[None]):
    """The claims of the whole library, selected by a query as you type."""

    #: The list fills what the lines above leave (Textual's sizes it to its options, up
    #: to the screen's height): sized to the options, every keystroke laid out the whole
    #: screen again, whose scrollbar came and went as the list grew past it, and each
    #: time the footer, one column narrower or wider, rebuilt its keys.
    DEFAULT_CSS = """
    ClaimsScreen #claims-message {
        width: 1fr;  /* wraps: at 80 columns a warning's tail was cut off */
        height: auto;
        display: none;
        padding: 0 1;
        color: $text-warning;
    }
    ClaimsScreen #claims-list { height: 1fr; }
    """

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="claims.back"),
        # Sort and export are in the help (F1) and the palette, not the footer: with
        # the list focused at 80 columns they pushed Delete and Help off its edge.
        Binding("ctrl+s", "cycle_sort", "Sort", id="claims.sort", show=False),
        # Shown while the filter has the focus (the list's own down shadows it there):
        # e typed into the filter instead of editing, and the footer said only
        # "esc Back f1 Help" at 80 columns (a walk).
        Binding(
            "down,tab",
            "focus_list",
            "List",
            tooltip="To the list (tab in the list: back to the filter)",
            id="claims.to_list",
        ),
        Binding("tab", "focus_filter", "Back to the filter", show=False),
        Binding("slash", "focus_filter", "Filter", id="claims.filter"),
        Binding("ctrl+e", "export", "Export", id="claims.export", priority=True, show=False),
        Binding("e", "edit", "Edit", id="claims.edit"),
        Binding("l", "link", "Link", id="claims.link"),
        Binding("x", "related", "Contradictions", id="claims.related"),
        Binding("d,delete", "delete", "Delete", id="claims.delete"),
        Binding(
            "ctrl+r",
            "resync",
            "Re-sync",
            id="claims.resync",
            show=False,
            tooltip="Re-sync: the library folder read again, and the claims other processes"
            " wrote (briefing annotate, import-annotations) listed",
        ),
    ]

    def __init__(self, *, review: bool = False) -> None:
        super().__init__()
        self.review = review
        #: How many claims the screen covers (all, or those needing review).
        self.total = 0
        self.records: dict[str, DocumentRecord] = {}
        #: What the query selects, in the CLI's order (newest briefing first).
        self.selected: Chosen = []
        #: The claims selected, in the order shown; the list holds the first of them.
        self.shown: list[Claim] = []
        #: Each listed claim's rating, links and credibility suggestion (:class:`ClaimNotes`).
        self.notes: dict[str, ClaimNotes] = {}
        self.sort = "date"
        #: Keystroke → list painted, in seconds, measured here (the benchmark reads it).
        self.latencies: list[float] = []
        self._asked: dict[int, float] = {}
        self._sequence = 0
        self._answered = 0
        #: enter came before the filter typed was answered: open its first claim then.
        self._open_when_answered: int | None = None
        #: Every claim with its record, read once (:class:`ClaimScope`) and again after
        #: a change: a keystroke filters it, never reads 10,000 claims.
        self._scope: ClaimScope | None = None
        #: Bumped by every change; the scope is read again when it moved on.
        self._scope_generation = 0
        self._scope_generation_read = -1
        #: The scope the list shows (its claims are :attr:`claims`).
        self._shown_scope: ClaimScope | None = None
        #: How many rows a worker is listing (``0``: none is).
        self._paging = 0
        #: The rows the list holds (id and text), when it holds one page; else ``None``.
        self._listed: list[tuple[str, Content]] | None = None
        #: The message line's text (``""``: hidden).
        self._said = ""

    @property
    def scope(self) -> ClaimScope | None:
        """The claims the list was selected from, when nothing changed since they were
        read (the timeline places them without reading them again); else ``None``."""
        fresh = self._scope_generation_read == self._scope_generation
        return self._shown_scope if fresh and self._scope is self._shown_scope else None

    @property
    def claims(self) -> list[Claim]:
        """Every claim the screen covers (all, or those needing review)."""
        scope = self._shown_scope
        return [claim for claim, _ in scope.chosen] if scope is not None else []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            placeholder='Filter: status:key tag:x source:"Reuters" anchor:fuzzy claim:"words" …',
            id="claims-filter",
        )
        yield Label("", id="claims-count")
        yield Label("", id="claims-message")
        yield OptionList(id="claims-list")
        yield AppFooter()

    def on_mount(self) -> None:
        self.sub_title = "Claims to review" if self.review else "All claims"
        self.query_one(Input).focus()
        self.query_one("#claims-count", Label).update("Reading the claims…")
        self.reload()

    def on_screen_resume(self) -> None:
        # Back from the reader, where a claim may have been edited or re-attached.
        self.reload()

    def on_screen_suspend(self) -> None:
        self._open_when_answered = None  # an answer coming late opens nothing over another

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

    @on(SyncFinished)
    @on(ClaimsChangedAcross)
    def _on_sync_finished(self) -> None:
        # Briefings' titles, dates and sources may have changed, and claims re-anchored.
        self._scope_generation += 1
        if self.is_current:
            self.reload()

    def action_resync(self) -> None:
        """``ctrl+r``: as in the library; the claims are read again once it is done."""
        self.briefing_app.start_sync()

    def reload(self) -> None:
        """Read the claims again and select with the filter as it is (after a write,
        or back from the reader)."""
        self._scope_generation += 1
        self._select(self.query_one(Input).value)

    @on(Input.Changed, "#claims-filter")
    def _on_filter_changed(self, event: Input.Changed) -> None:
        self._select(event.value)

    def _select(self, text: str) -> None:
        self._sequence += 1
        self._asked[self._sequence] = time.perf_counter()
        self._select_worker(text, self.sort, self._sequence, self._scope_generation)

    @work(thread=True, exclusive=True, group="claims-select")
    def _select_worker(self, text: str, sort: str, sequence: int, generation: int) -> None:
        """What ``briefing claims QUERY`` lists, from the same core selection, and the
        notes of the first :data:`PAGE` (exclusive: a later keystroke cancels this one,
        and its answer is dropped if it comes anyway)."""
        workspace = self.briefing_app.workspace
        if workspace is None:
            return
        worker = get_current_worker()
        try:
            with self.briefing_app.core_lock:
                scope = self._scope
                if scope is None or generation != self._scope_generation_read:
                    if worker.is_cancelled:
                        return
                    claims = workspace.claims.needing_review() if self.review else None
                    scope = ClaimScope.load(workspace, claims)
                    scope.prepare()
                    self._scope, self._scope_generation_read = scope, generation
                if worker.is_cancelled:
                    return
                going = value_being_typed(text)  # status:ver, on its way to status:verified
                chosen = [] if going else scope.select(workspace, text)
            shown = ordered(chosen, sort)
            notes = listed_notes(workspace, shown[:PAGE])
        except QueryError as error:
            message = str(error)
        except IndexBusy:
            message = INDEX_BUSY
        except Exception as error:  # said on the screen, never a traceback
            message = f"the claims could not be read: {error}"
        else:
            if not worker.is_cancelled:
                self.from_worker(self._loaded, sequence, text, scope, chosen, shown, notes)
            return
        if not worker.is_cancelled:
            self.from_worker(self._show_error, sequence, message)

    def _loaded(
        self,
        sequence: int,
        text: str,
        scope: ClaimScope,
        chosen: Chosen,
        shown: list[Claim],
        notes: dict[str, ClaimNotes],
    ) -> None:
        if sequence < self._answered:
            return  # an earlier filter's answer, late
        self._answered = sequence
        self._shown_scope = scope
        self.total = len(scope)
        self.notes = notes
        self.selected = chosen
        self.records = {c.doc_id: r for c, r in chosen if r is not None}
        self._show(shown)
        if not self.total:
            self._say(
                "No claims need review."
                if self.review
                else "No claims yet: in a briefing, c starts one (a sentence cursor)."
            )
        elif chosen or not text.strip():
            self._say("")
        elif going := value_being_typed(text):
            self._say("Keep typing: " + " or ".join(going))
        else:  # (a value no claim can have, status:done, is refused by the query)
            self._say("No claims match.")
        if self._open_when_answered is not None and sequence >= self._open_when_answered:
            self._open_when_answered = None
            self._open()
        asked = self._asked.pop(sequence, None)
        if asked is not None:
            self.call_after_refresh(self._record_latency, asked)
        for stale in [s for s in self._asked if s < sequence]:
            del self._asked[stale]

    def _record_latency(self, asked: float) -> None:
        self.latencies.append(time.perf_counter() - asked)

    def _show_error(self, sequence: int, message: str) -> None:
        """A query that can't run: the reason, and the claims of the last one that could."""
        if sequence < self._answered:
            return
        self._answered = sequence
        self._asked.pop(sequence, None)
        wanted = self._open_when_answered
        if wanted is not None and sequence >= wanted:
            self._open_when_answered = None  # nothing to open: the reason says why
        if sequence == self._sequence:
            self._say(f"⚠ {message}")

    def _say(self, message: str) -> None:
        if message == self._said:
            return  # unchanged: an update would lay the screen out again
        self._said = message
        line = self.query_one("#claims-message", Label)
        line.update(Content(message))
        line.display = bool(message)

    def _show(self, shown: list[Claim]) -> None:
        """List the first :data:`PAGE` of ``shown``; the rest are listed as the
        highlight nears the end (:meth:`_more`). A page the list already shows, row
        for row, is left as it is (typing on, ``status:ke`` → ``status:key``, often
        selects the same claims): rebuilt, every row was wrapped and drawn again."""
        options = self.query_one(OptionList)
        keep = self.current()
        self.shown = shown
        self._paging = 0
        page = [(claim.id, self._option_text(claim)) for claim in shown[:PAGE]]
        if page != self._listed:
            self._listed = page
            options.clear_options()
            options.add_options(Option(text, id=claim_id) for claim_id, text in page)
            if shown:
                ids = [claim_id for claim_id, _ in page]
                at = ids.index(keep.id) if keep is not None and keep.id in ids else 0
                options.highlighted = at
        self._show_count()

    def _show_count(self) -> None:
        order = "newest briefing first" if self.sort == "date" else "by briefing title"
        noun = "claim" if self.total == 1 else "claims"
        self.query_one("#claims-count", Label).update(
            f"{len(self.shown):,} of {self.total:,} {noun} · {order} · ctrl+s to sort"
        )

    @on(OptionList.OptionHighlighted, "#claims-list")
    def _on_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        listed = self.query_one(OptionList).option_count
        near_end = event.option_index >= listed - max(1, PAGE // 4)
        if near_end and listed < len(self.shown) and not self._paging:
            self._paging = listed + PAGE
            self._page_worker(self.shown, listed, listed + PAGE)

    def on_key(self, event: events.Key) -> None:
        """``end`` on the list: every claim listed, then the last highlighted (the list's
        own ``end`` went to the last listed: row 30 of 127, each ``end`` 30 more)."""
        options = self.query_one(OptionList)
        listed, wanted = options.option_count, len(self.shown)
        if event.key == "end" and options.has_focus and max(listed, self._paging) < wanted:
            self._paging = wanted
            self._page_worker(self.shown, listed, wanted, last=True)

    @work(thread=True, exclusive=True, group="claims-page")
    def _page_worker(self, shown: list[Claim], start: int, end: int, last: bool = False) -> None:
        """The notes of the claims ``start`` to ``end``, then list them."""
        workspace = self.briefing_app.workspace
        if workspace is None:
            return
        try:
            notes = listed_notes(workspace, shown[start:end])
        except Exception:  # listed without notes rather than not at all
            notes = {}
        if not get_current_worker().is_cancelled:
            self.from_worker(self._more, shown, end, notes, last)

    def _more(self, shown: list[Claim], end: int, notes: dict[str, ClaimNotes], last: bool) -> None:
        if shown is not self.shown:
            return  # another query's list is shown meanwhile
        self._paging = 0 if end >= self._paging else self._paging
        self.notes.update(notes)
        self._listed = None  # more than a page listed: the next list is made afresh
        options = self.query_one(OptionList)
        options.add_options(
            Option(self._option_text(c), id=c.id) for c in shown[options.option_count : end]
        )
        if last:
            options.action_last()

    def _option_text(self, claim: Claim) -> Content:
        return option_text(claim, self.records.get(claim.doc_id), self.notes.get(claim.id))

    def action_cycle_sort(self) -> None:
        self.sort = "title" if self.sort == "date" else "date"
        self._select(self.query_one(Input).value)

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
            ClaimDialog.editing(claim, self.briefing_app.known_claim_tags()), chosen
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
        listing = self.query_one(OptionList)
        if listing.has_focus:  # tab in the list (down moves in it): back to the filter
            self.query_one(Input).focus()
        else:
            listing.focus()

    def help_text(self) -> str:
        """The help's words on what the keys do not say (see :class:`.help.HelpScreen`)."""
        # The list's keys, said whatever has focus: from the filter box (where the
        # screen opens) the help listed neither e nor d (a newcomer walk on f3).
        return (
            "`enter` on a claim opens its briefing at the passage. In the list (`down` or "
            "`tab` from the filter): `e` edits the claim, `d` deletes it (asked first), "
            "`l` links it to another, `x` shows what contradicts or supports it; `tab` "
            "goes back to the filter."
        )

    def action_delete(self) -> None:
        """``d``: delete the highlighted claim, after a confirmation."""
        claim = self.current()
        if claim is not None:
            self.briefing_app.ask_to_delete_claim(claim)

    def action_focus_filter(self) -> None:
        self.query_one(Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``/`` leaves the footer while the filter box has the focus: there it types a slash."""
        if action == "focus_filter" and self.query_one(Input).has_focus:
            return False
        if action == "focus_list" and self.query_one(OptionList).has_focus:
            return False  # "List" not said in the list; its tab goes back to the filter
        return super().check_action(action, parameters)

    def current(self) -> Claim | None:
        options = self.query_one(OptionList)
        at = options.highlighted
        if at is None or at >= len(self.shown) or at >= options.option_count:
            return None
        return self.shown[at]

    @on(Input.Submitted, "#claims-filter")
    def _filter_entered(self) -> None:
        """enter in the filter: its first claim, once what was typed is answered (typed
        and entered in one burst, the claim listed for the filter before was opened).
        Nothing for a filter refused: the claims listed are the last good filter's, and
        enter opened one of them (a walk)."""
        if self._answered < self._sequence:
            self._open_when_answered = self._sequence
        elif not self._said.startswith("⚠"):  # refused: its reason shows; the list is stale
            self._open()

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
