"""The library screen: search as you type over the whole library, a list, a preview.

Its other jobs are mixins, one module each: the count line and work bar
(:mod:`.library_status`), reading state in the list (:mod:`.library_stream`),
bulk actions on the results (:mod:`.library_bulk`) and passages under the
results (:mod:`.library_passages`), rows kept current (:mod:`.library_rows`) and
the saved-searches and facets panels (:mod:`.library_panels`). Its keys, and
which of them the footer shows, are in :mod:`.library_keys`.
"""

from __future__ import annotations

import time
from contextlib import suppress

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, Label
from textual.worker import get_current_worker

from briefing_tui.core.search.compile import NOTHING_TO_SEARCH, typing_short_word
from briefing_tui.core.search.index import IndexBusy
from briefing_tui.core.search.query import QueryError
from briefing_tui.tui.access import AppAccess
from briefing_tui.tui.listing import Listing, by_title
from briefing_tui.tui.messages import (
    ClaimsChanged,
    DetailsReady,
    LibraryUnavailable,
    ListingReady,
    RecordChanged,
    SearchRequested,
    TagsChanged,
)
from briefing_tui.tui.screens.library_bulk import LibraryBulk
from briefing_tui.tui.screens.library_keys import LIBRARY_BINDINGS
from briefing_tui.tui.screens.library_panels import (
    PANEL_STANDS_ASIDE,
    PANELS_CSS,
    LibraryPanels,
    SearchBox,
)
from briefing_tui.tui.screens.library_passages import LibraryPassages
from briefing_tui.tui.screens.library_preview import INDEX_BUSY, LibraryPreview
from briefing_tui.tui.screens.library_rows import LibraryRows
from briefing_tui.tui.screens.library_status import LibraryStatus
from briefing_tui.tui.screens.library_stream import LibraryStream
from briefing_tui.tui.widgets.footer import AppFooter

from ...core.search import SORTS, SortKey
from ...core.store import DocumentRecord
from ...core.stream import StreamCounts
from ..widgets.briefing_list import BriefingList, Row
from ..widgets.facets_panel import FacetsPanel
from ..widgets.preview import Preview
from ..widgets.saved_searches import SavedSearchesPanel
from ..widgets.work_bar import WorkBar

#: Seconds after the last keystroke before a short last word ("oil", "EU") is ranked:
#: as it is typed its many completions are listed newest first (ranking them all
#: would slow every keystroke), but a pause means the word may be the whole word.
RANK_AFTER_PAUSE = 0.6


class LibraryScreen(
    LibraryPanels,
    LibraryRows,
    LibraryStream,
    LibraryBulk,
    LibraryPassages,
    LibraryPreview,
    LibraryStatus,
    AppAccess,
    Screen[None],
):
    """Starts with the search box focused and the whole library listed, newest first."""

    DEFAULT_CSS = (
        """
    LibraryScreen #query-error {
        height: auto;
        display: none;
    }
    LibraryScreen #status-gap {
        width: 1fr;
        min-width: 3;  /* the count and the order never run together */
    }
    /* Under 20 rows the preview is shorter: at 60x15 it took all but one row,
       which showed no briefing at all. */
    LibraryScreen.-short Preview { max-height: 4; }
    """
        + PANELS_CSS
    )

    BINDINGS = LIBRARY_BINDINGS
    #: The pending ranking of a short word once the typing pauses (see RANK_AFTER_PAUSE).
    _rank_timer: Timer | None = None
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]

    def __init__(self) -> None:
        super().__init__()
        self.records: dict[str, DocumentRecord] = {}
        self._rows_by_id: dict[str, Row] = {}
        self._all_rows: dict[str, list[Row]] = {"date": [], "title": []}
        self._sort: SortKey = "relevance"
        #: The order the shown results are listed in (newest first while a short word is typed).
        self._listed_by: SortKey = "relevance"
        self._sequence = 0
        self._shown_sequence = 0
        self._terms: frozenset[str] = frozenset()
        #: The terms matched in the body: what the reader highlights and jumps to.
        self._body_terms: frozenset[str] = frozenset()
        #: When each search was asked for (by sequence), and keystroke-to-painted lags.
        self._asked: dict[int, float] = {}
        self._claim_counts: dict[str, int] = {}
        self.latencies: list[float] = []
        #: A briefing asked for before the records were read (see _on_details_ready).
        self._pending_open: str | None = None
        self._details_loaded = True
        #: The listing shown: full records read for another one are stale.
        self._listing: Listing | None = None
        #: The query whose results are listed: a new one puts the cursor on the top
        #: result; the same one again (a sync, a retag, a sort) keeps the cursor's row.
        self._shown_query: str | None = None
        #: The last search answered, with results or a message (by sequence).
        self._answered = 0
        #: Enter pressed before the search for what was typed answered: open its top
        #: result when it does (by sequence), not the row of the query before.
        self._open_when_answered: int | None = None
        #: Whether a sync finished since start: until then an empty list is still
        #: being indexed, not an empty library.
        self._synced = False
        #: A briefing to select when the results come (one just added).
        self._select_id: str | None = None
        #: The library's reading counts (see :mod:`.library_stream`).
        self._stream_counts: StreamCounts | None = None
        self._count_shown: tuple[int, bool] | None = None
        #: A first build in stages under way: (searchable, to index); see library_status.
        self._building: tuple[int, int, bool] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="search-bar"):
            yield SearchBox(
                placeholder='Search: words, "phrases", title: tag: source: date:2024 …  (F1 help)',
                id="search",
            )
            with Horizontal(id="status-line"):
                yield Label("", id="count")
                yield Label("", id="status-gap")
                yield Label("", id="sort")
            # A line of its own under the count, wrapped: the whole reason shows at 80 columns.
            yield Label("", id="query-error")
        with Horizontal(id="library-body"):
            yield SavedSearchesPanel(id="saved-panel")
            yield BriefingList(id="results")
            yield FacetsPanel(id="facets-panel")
        yield Preview(id="preview")
        yield WorkBar(id="sync-bar")
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#search", Input).focus()
        self._show_sort()

    # -- news from the app (see messages.py) ---------------------------------------

    @on(ListingReady)
    def _on_listing_ready(self, event: ListingReady) -> None:
        if event.claim_counts is not None:  # the rows already show them
            self.set_claim_counts(event.claim_counts, redraw=False)
        self._select_id = event.select
        self.set_listing(event.listing)
        self.states_for(event.listing)
        if event.painted is not None:
            self.app.call_after_refresh(event.painted.set)

    @on(TagsChanged)
    def _on_tags_changed(self, event: TagsChanged) -> None:
        self.set_listing(event.listing)

    @on(RecordChanged)
    def _on_record_changed(self, event: RecordChanged) -> None:
        self.update_record(event.record)

    @on(ClaimsChanged)
    def _on_claims_changed(self, event: ClaimsChanged) -> None:
        self.set_claim_counts(event.counts)

    @on(LibraryUnavailable)
    def _on_library_unavailable(self) -> None:
        self.query_one("#count", Label).update("The library could not be opened.")

    @on(SearchRequested)
    def _on_search_requested(self, event: SearchRequested) -> None:
        self.action_focus_search()
        if event.query is not None:  # the cursor after it (it stayed where it was: tag:bbQc)
            box = self.query_one("#search", Input)
            box.value, box.cursor_position = event.query, len(event.query)

    # -- data in -------------------------------------------------------------------

    def set_listing(self, listing: Listing) -> None:
        """Take a listing made off the event loop (see :func:`listing_for`)."""
        self._listing = listing
        self._details_loaded = bool(listing.records) or not listing.rows
        self.records = listing.records
        self._rows_by_id = listing.rows_by_id
        # The title order is sorted when first asked for (ctrl+s), not at every start.
        self._all_rows = {"date": listing.rows}
        self.query_one(BriefingList).set_column_needs(listing.needs)
        self._run_search(self.query_one("#search", Input).value)

    @on(DetailsReady)
    def _on_details_ready(self, event: DetailsReady) -> None:
        """The full records, read after the list was shown from its rows alone:
        show the preview that waited for them, and open what was asked for."""
        if event.listing is not self._listing:
            return  # a sync or a retag listed the library again meanwhile, with records
        self.records = event.records
        self._details_loaded = True
        current = self.query_one(BriefingList).current
        if current is not None:
            self._show_preview(current.id)
        pending, self._pending_open = self._pending_open, None
        if pending is not None:
            self._open(pending)

    # -- searching -----------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _on_search_changed(self, event: Input.Changed) -> None:
        self._run_search(event.value)

    def _run_search(self, text: str) -> None:
        self._sequence += 1
        self._asked[self._sequence] = time.perf_counter()
        if not text.strip():
            key = "title" if self._sort == "title" else "date"
            if key not in self._all_rows:
                self._all_rows[key] = by_title(self._all_rows["date"])
            self._apply_results(
                self._sequence, self._all_rows[key], len(self._rows_by_id), False, query=text
            )
            self._clear_error()
            return
        self._search_worker(text, self._sort, self._sequence)

    def _rank_when_paused(self, sequence: int) -> bool:
        """The typing paused on a short word listed newest first ("oil"): rank it now."""
        query = self.query_one("#search", Input).value
        started = sequence == self._sequence and query == self._shown_query and bool(query.strip())
        if started:
            self._search_worker(query, self._sort, sequence, paused=True)
        return started

    def _enter_ranks(self, sequence: int) -> bool:
        """Enter on a short word listed newest first: ranked now, its best opened once
        answered ("oil" and enter at once opened the newest, with "oiled" in it)."""
        query = self.query_one("#search", Input).value
        if self._listed_by != "date" or self._sort != "relevance" or not typing_short_word(query):
            return False
        if self.__dict__.get("_ranked_for_enter") == sequence:
            return False
        self.__dict__["_ranked_for_enter"] = sequence
        return self._rank_when_paused(sequence)  # False: no search started, none awaited

    @work(thread=True, exclusive=True, group="search")
    def _search_worker(self, text: str, sort: SortKey, sequence: int, paused: bool = False) -> None:
        workspace = self.briefing_app.workspace
        if workspace is None:
            return
        try:
            if workspace.needs_full_build and workspace.building is None:
                # A build not yet started, or not in stages (the CLI's): nothing to search.
                self.app.call_from_thread(
                    self._show_error, sequence, "the index is being built; search in a moment"
                )
                self.app.call_from_thread(self.briefing_app.build_if_idle)
                return
            typed = workspace.stream.expand_typed(text)  # @NAME's query matched whole
            results = workspace.search_as_you_type(typed, sort, paused=paused)
        except QueryError as error:
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._show_error, sequence, str(error))
            return
        except IndexBusy:  # another process builds the index: said, never the app's end
            self.app.call_from_thread(self._show_error, sequence, INDEX_BUSY)
            return
        except Exception as error:  # a search that fails says so; the app goes on
            self.app.call_from_thread(self._show_error, sequence, f"search failed: {error}")
            return
        if get_current_worker().is_cancelled:
            return
        if results.nothing_indexed:  # "!!!" said "No briefings match", not why
            self.app.call_from_thread(self._show_error, sequence, NOTHING_TO_SEARCH)
            return
        by_id = self._rows_by_id  # one dict: set_listing may swap it meanwhile
        try:  # every id listed, as nearly always: in C (100,000 ids: 8 ms, not 13)
            rows = list(map(by_id.__getitem__, results.ids))
        except KeyError:  # one indexed since the listing was made
            rows = [by_id[i] for i in results.ids if i in by_id]
        self.app.call_from_thread(
            self._apply_results,
            sequence,
            rows,
            len(rows),
            results.partial,
            results.terms,
            query=text,
            body_terms=results.body_terms,
            listed_by=results.listed_by,
        )

    def _apply_results(
        self,
        sequence: int,
        rows: list[Row],
        total: int,
        partial: bool,
        terms: frozenset[str] = frozenset(),
        *,
        query: str | None = None,
        body_terms: frozenset[str] = frozenset(),
        listed_by: SortKey | None = None,
    ) -> None:
        """Show a search's results. ``query`` is its text (``None``: the same as shown);
        ``listed_by`` the order they are in (``None``: the order asked for)."""
        # A slower, earlier search never replaces the results of a later keystroke.
        if sequence < self._shown_sequence:
            return
        self._shown_sequence = sequence
        self._listed_by = listed_by or self._sort
        self._answered = max(self._answered, sequence)
        self._terms = terms
        self._body_terms = body_terms
        try:
            results = self.query_one(BriefingList)
        except NoMatches:
            # The app is closing (a first build's last stage re-ran the query as the
            # user quit): its widgets are gone, and a worker must not fail on that.
            return
        # After a new query the top result is selected (what enter opens); the same
        # query listed again (a sync, a retag, another sort) keeps the row selected,
        # if one was chosen: untouched, the top stays selected (a first build's stages
        # list the query again as they land, and enter opens the top result).
        same = query is None or query == self._shown_query
        if query is not None:
            self._shown_query = query
        chosen = results.cursor > 0 or results.has_focus
        keep = results.current.id if results.current and same and chosen else None
        if keep is not None:
            keep = self.kept_row(results, keep, rows)
        if self._select_id is not None:  # a briefing just added, when it is listed
            keep, self._select_id = self._select_id, None
        results.set_rows(rows, keep_id=keep)
        self.sync_passages()
        self.show_facets()
        self._show_count(total, partial)
        if sequence == self._sequence:
            self._clear_error()
            if listed_by == "date" and self._sort == "relevance" and typing_short_word(query or ""):
                # Ranked once the typing pauses: "oil" was never ranked, whatever ctrl+s said.
                if self._rank_timer is not None:  # one pending: the last keystroke's
                    self._rank_timer.stop()
                self._rank_timer = self.set_timer(
                    RANK_AFTER_PAUSE, lambda: self._rank_when_paused(sequence)
                )
        if not rows:
            self.query_one(Preview).clear(self._empty_message())
            self.look_for_spelling(sequence)
        wanted = self._open_when_answered
        if wanted is not None and sequence >= wanted and not self._enter_ranks(sequence):
            self._open_when_answered = None
            if results.current is not None and self.app.screen is self:
                self._open(results.current.id)
            else:  # enter's reader will not come: the keys held for it go on
                self.briefing_app.expect_dialog(coming=False)
        asked = self._asked.pop(sequence, None)
        if asked is not None:
            self.call_after_refresh(self._record_latency, asked)
        for stale in [s for s in self._asked if s < sequence]:
            del self._asked[stale]

    def _show_error(self, sequence: int, message: str) -> None:
        self._answered = max(self._answered, sequence)
        wanted = self._open_when_answered
        if wanted is not None and sequence >= wanted:
            # enter waited for this search, which has no results to open: the message says why.
            self._open_when_answered = None
            self.briefing_app.expect_dialog(coming=False)
        if sequence == self._sequence:
            with suppress(NoMatches):  # the app is closing: nothing to say it on
                self._show_status(message)
                if not self.query_one(BriefingList).rows:
                    # Its word on the last text listed ("keep typing…") is not this one's.
                    self.query_one(Preview).clear(self._empty_message(hint=False))

    # -- actions -------------------------------------------------------------------

    @on(Input.Submitted, "#search")
    def _on_submitted(self) -> None:
        if self._answered >= self._sequence and self.query_one("#query-error").display:
            # Refused, said why: what is listed is the last good query's (as F2, F5).
            return self.briefing_app.expect_dialog(coming=False)  # keys go on in the box
        if self._answered >= self._sequence and self._enter_ranks(self._sequence):
            self._open_when_answered = self._sequence
            return
        if self._answered < self._sequence and self.briefing_app.workspace is not None:
            # Typed, then enter before the results came: open the top result of
            # what was typed when it comes, not the row listed for the query before.
            self._open_when_answered = self._sequence
            return
        current = self.query_one(BriefingList).current
        if current is not None:
            self._open(current.id)
        else:  # nothing to open: keys typed after enter go on into the box at once
            self.briefing_app.expect_dialog(coming=False)

    @on(BriefingList.LeftAtTop)
    def _on_left_at_top(self) -> None:
        box = self.query_one("#search", SearchBox)
        box.continue_typing = True  # the cursor after the query, not the query selected
        box.focus()

    @on(BriefingList.TypedAway)
    def _on_typed_away(self) -> None:
        """A word typed in the list is a new query: the box's query selected, so the
        letters replace it ("oil", then "lavrov" in the list, searched "oillavrov")."""
        self.query_one("#search", SearchBox).focus()

    @on(BriefingList.Opened)
    def _on_opened(self, event: BriefingList.Opened) -> None:
        self._open(event.row.id)

    def _open(self, doc_id: str) -> None:
        record = self.records.get(doc_id)
        if record is not None:
            self.briefing_app.open_briefing(record, self._body_terms)
        elif not self._details_loaded and doc_id in self._rows_by_id:
            self._pending_open = doc_id  # opened as soon as the records are read
        else:
            self.notify("That briefing is no longer in the library; ctrl+r re-syncs.")

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_focus_list(self) -> None:
        """``down`` or ``tab`` in the search box (taken by the box; here for the help)."""
        self.query_one(BriefingList).focus()

    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""
        search.focus()

    def action_cycle_sort(self) -> None:
        self._sort = SORTS[(SORTS.index(self._sort) + 1) % len(SORTS)]
        self._show_sort()
        self._run_search(self.query_one("#search", Input).value)
        self._say_sort_if_hidden()

    def on_resize(self) -> None:
        self.refresh_count()  # fitted to the width (see library_status.fit_count)
        self._show_sort()
        self.fit_panels()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The list's actions are greyed out while nothing is listed, and wait while a
        bulk action's question is being counted (a key typed meanwhile was typed
        before the question: see :class:`.library_bulk.LibraryBulk`)."""
        if self.bulk_counting:
            return False
        if action == "focus_search" and self.query_one("#search", Input).has_focus:
            return False  # ``/`` types a slash there: not offered in the footer
        if action in PANEL_STANDS_ASIDE and self.panel_focused():
            return False  # the footer shows the panel's keys instead
        if action in ("toggle_read", "edit_tags", "bulk_tag", "bulk_mark", "toggle_passages"):
            return True if self.query_one(BriefingList).rows else None
        return True

    def palette_commands(self) -> list[SystemCommand]:
        """Entries of the command palette while the library is shown (the app adds them)."""
        passages = SystemCommand(
            "Passages in the list",
            "Show or hide each result's best passage, its words highlighted (v in the list)",
            self.action_toggle_passages,
        )
        return [*self.bulk_commands(), passages]

    def action_edit_tags(self) -> None:
        current = self.query_one(BriefingList).current
        record = self.records.get(current.id) if current else None
        if record is not None:
            self.briefing_app.edit_tags(record)
