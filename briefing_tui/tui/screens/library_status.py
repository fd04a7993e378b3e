"""The library's status: the count line (and the order), a search's error under
it, what an empty list means, and the work bar.

The count line says how many briefings are listed of how many, then the
library's reading counts (``312 unread · 12 new · 3 changed``) once they
are read (see :mod:`.library_stream`).

A mixin of :class:`~.library.LibraryScreen`: the progress of syncs (the
first one builds the index) and of feed fetches, shown in the
:class:`~briefing_tui.tui.widgets.work_bar.WorkBar` at the foot of the
screen. Handlers go by name (``on_sync_progress``): ``@on`` is not
collected from a plain mixin class.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import work
from textual.content import Content
from textual.widgets import Input, Label
from textual.worker import get_current_worker

from briefing_tui.core.briefings.strays import described, importable_files
from briefing_tui.core.search.compile import typing_short_word
from briefing_tui.core.search.query import value_being_typed
from briefing_tui.core.search.tag_hints import unknown_tag_note
from briefing_tui.core.store import StoreError
from briefing_tui.core.stream import StreamCounts
from briefing_tui.tui.messages import FetchFinished, FetchProgress, SyncFinished, SyncProgress
from briefing_tui.tui.widgets.briefing_list import BriefingList
from briefing_tui.tui.widgets.preview import Preview
from briefing_tui.tui.widgets.work_bar import WorkBar

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.screen import Screen

    from briefing_tui.core.search import SortKey
    from briefing_tui.core.store import DocumentRecord
    from briefing_tui.tui.app import BriefingApp
    from briefing_tui.tui.widgets.briefing_list import Row

    class LibraryBase(Screen[None]):
        """The library as its mixins see it (type checking only)."""

        _rows_by_id: dict[str, Row]
        #: The rows of the whole library, in each order asked for (``date``, ``title``).
        _all_rows: dict[str, list[Row]]
        #: Claims per briefing, as the rows show them.
        _claim_counts: dict[str, int]
        #: Every briefing's full record, by id (empty until read at start-up).
        records: dict[str, DocumentRecord]
        #: Whether a sync finished since start: until then an empty list is
        #: still being indexed, not an empty library.
        _synced: bool
        #: The query whose results are listed (``None``: none listed yet).
        _shown_query: str | None
        #: The order of the results (ctrl+s), and the one the shown results are in.
        _sort: SortKey
        _listed_by: SortKey
        #: The words the listed results matched (what passages highlight).
        _terms: frozenset[str]
        #: Those of the body (not ``title:`` or ``source:`` words): what the reader marks.
        _body_terms: frozenset[str]
        #: The records (each briefing's tags, summary …) are read, not only the rows.
        _details_loaded: bool
        #: The library's reading counts (``None``: not read yet).
        _stream_counts: StreamCounts | None
        #: What the count line last said: listed, and whether ranking stopped early.
        _count_shown: tuple[int, bool] | None
        #: During a first build in stages: (searchable, to index); else ``None``.
        _building: tuple[int, int, bool] | None
        #: Keystroke-to-painted lags, as the app measured them (see _record_latency).
        latencies: list[float]
        #: The last search asked for (each keystroke's is one more).
        _sequence: int

        @property
        def briefing_app(self) -> BriefingApp: ...

        def from_worker(
            self, show: Callable[..., object], *args: object, **kwargs: object
        ) -> None: ...

        def _show_status(self, message: str) -> None: ...

        def refresh_count(self) -> None: ...

        def _run_search(self, text: str) -> None: ...

        def _show_preview(self, doc_id: str) -> None: ...

        def tag_counts(self) -> list[tuple[str, int]]: ...

else:
    LibraryBase = object


#: Seconds without a keystroke before a query that found nothing is respelt.
SPELL_AFTER_PAUSE = 0.3

#: Columns between the count and the order on the status line (the gap's min-width).
STATUS_GAP = 3


#: Each order as the count line says it (the part in parentheses dropped when short).
SORT_LABELS = {"relevance": "relevance (newest when empty)", "date": "newest", "title": "title"}


class LibraryStatus(LibraryBase):
    """The count line and the work bar of the library screen."""

    def _record_latency(self, asked: float) -> None:
        """Keystroke to results painted, measured by the app itself (the benchmark reads it)."""
        self.latencies.append(time.perf_counter() - asked)

    #: What an empty library holds that an import would read ("3 .txt files"; see
    #: :mod:`briefing_tui.core.briefings.strays`), once looked for after a sync.
    _strays: str = ""

    def on_sync_progress(self, event: SyncProgress) -> None:
        done, total = event.done, event.total
        # (searchable, files, all read): once every file is read, the build's last
        # stage is being written, and the count line says so (the bar is at 100%).
        building = None if event.searchable is None else (event.searchable, total, done >= total)
        indexing = not self._rows_by_id or building is not None
        verb = "Indexing" if indexing else "Syncing"
        if total:
            self.query_one(WorkBar).report("sync", f"{verb} {done:,}/{total:,}", done, total)
        else:  # a first build counting the library's files (the bar pulses)
            self.query_one(WorkBar).report("sync", f"{verb}: counting the files…", 0, None)
        if building != self._building:
            started, self._building = self._building is None, building
            self.refresh_count()
            query = self.query_one("#search", Input).value
            if started and query.strip():  # refused until the build began: answered now
                self._run_search(query)
        if not self._rows_by_id:  # the first build: nothing to list yet, and the list says why
            self.query_one("#count", Label).update(
                indexing_text(building) or "Indexing the library…"
            )
            files = f"{done:,} of {total:,} files" if total else "counting its files"
            self.query_one(Preview).clear(f"Indexing the library… {files}")

    def on_sync_finished(self, event: SyncFinished) -> None:
        self._spelling = ("", None)  # the library's words may be others now
        if event.error is None:
            self.hide_sync_progress()
        else:
            self.sync_failed(event.error)

    def hide_sync_progress(self) -> None:
        self.query_one(WorkBar).end("sync")
        if self._building is not None:
            self._building = None
            self.refresh_count()
        self._synced = True
        if not self._rows_by_id:  # a sync finished with nothing to list
            self._look_for_strays()
            self._show_count(0, False)
            self.query_one(Preview).clear(self._empty_message())

    @property
    def strays_to_add(self) -> bool:
        """The library lists nothing and its folder holds files an import would read."""
        return bool(self._strays) and not self._rows_by_id

    def _look_for_strays(self) -> None:
        """In a thread (a walk of the folder): the files of an empty library that are
        not briefings, named in the preview once found."""
        root = self.briefing_app.paths.content

        def look() -> None:
            if found := described(importable_files(root)):
                self.from_worker(self._show_strays, found)

        self.run_worker(look, thread=True, group="strays", exclusive=True, exit_on_error=False)

    def _show_strays(self, found: str) -> None:
        self._strays = found
        if not self._rows_by_id:
            self.query_one(Preview).clear(self._empty_message())

    def sync_failed(self, message: str) -> None:
        """A sync that raised (:class:`SyncFinished` with an error, not :meth:`hide_sync_progress`):
        an empty list then says the sync failed, not that the library is empty."""
        self.query_one(WorkBar).end("sync")
        if self._building is not None:
            self._building = None
            self.refresh_count()
        if not self._rows_by_id:
            self.query_one("#count", Label).update("The library could not be synced.")
            self.query_one(Preview).clear(f"Sync failed: {message}")

    def on_fetch_progress(self, event: FetchProgress) -> None:
        self.query_one(WorkBar).report("fetch", fetch_text(event), event.done, event.total)

    def on_fetch_finished(self, _: FetchFinished) -> None:
        self.query_one(WorkBar).end("fetch")

    def _empty_message(self, hint: bool = True) -> str:
        """What the preview says with no briefing listed (``hint``: a value being
        typed in the listed query is named, ``status:ver`` → ``status:verified``)."""
        if self._rows_by_id:
            building = indexing_text(self._building)
            going = value_being_typed(self._shown_query or "") if hint else ()
            if going:  # status:ver, as typed
                return "No briefings match yet. Keep typing: " + " or ".join(going)
            said = f"No briefings match ({building})." if building else "No briefings match."
            return said + (self._tags_like() + self._spelt_like() if hint else "")
        if not self._synced:
            return "Indexing the library…"
        # What to do, not only what is: a newcomer's first start on a new folder.
        if self._strays:  # a folder of .txt articles, saved pages or PDFs
            return (
                f"The library is empty: {self._strays} here are not briefings (a "
                "briefing is a .md or .markdown file). ctrl+n then enter adds them "
                "as briefings (the Add dialog starts with this folder)."
            )
        return (
            "The library is empty. ctrl+n adds briefings (a web address, a PDF, a "
            "file or a folder), or put Markdown files in the library folder."
        )

    #: The query a spelling was looked for, and the spelling found (``None``: none).
    _spelling: tuple[str, str | None] = ("", None)

    def look_for_spelling(self, sequence: int) -> None:
        """A search found nothing: once the typing pauses, its words as the library
        spells them ("goverment" said "No briefings match" and no more, a walk)."""
        query = (self._shown_query or "").strip()
        # Not while a first build is indexing: a word not indexed yet is no typo.
        if query and self._spelling[0] != query and self._building is None:
            # A timer, not a thread asleep per keystroke: typed on, the search runs again.
            self.set_timer(SPELL_AFTER_PAUSE, lambda: self._spell_if_still(sequence, query))

    def _spell_if_still(self, sequence: int, query: str) -> None:
        if sequence == self._sequence:  # typed on: the next search's own, if it finds nothing
            self._spelling_worker(sequence, query)

    @work(thread=True, exclusive=True, group="spelling")
    def _spelling_worker(self, sequence: int, query: str) -> None:
        workspace = self.briefing_app.workspace
        if workspace is None:
            return
        try:
            fixed = workspace.did_you_mean(query, lambda: sequence == self._sequence)
        except Exception:  # a nicety: an index being rebuilt, say, offers nothing
            return
        if not get_current_worker().is_cancelled:
            self.from_worker(self._show_spelling, sequence, query, fixed)

    def _show_spelling(self, sequence: int, query: str, fixed: str | None) -> None:
        self._spelling = (query, fixed)
        if fixed and sequence == self._sequence and not self.query_one(BriefingList).rows:
            self.query_one(Preview).clear(self._empty_message())

    def _spelt_like(self) -> str:
        query, fixed = self._spelling
        if fixed is None or query != (self._shown_query or "").strip():
            return ""
        return f" Did you mean “{fixed}”?"

    def _tags_like(self) -> str:
        """A ``tag:`` of the query no briefing carries, and the tags like it."""
        query = self._shown_query or ""
        if "tag:" not in query.lower() or not self._details_loaded:
            return ""  # (the records, which hold the tags, are still being read)
        return unknown_tag_note(query, self._tag_names())

    def _tag_names(self) -> frozenset[str]:
        """Every tag of the library, kept while the records are the same (a record
        changed in place drops it: see ``update_record``)."""
        kept: tuple[object, frozenset[str]] | None = self.__dict__.get("_tag_names_of")
        if kept is not None and kept[0] is self.records:
            return kept[1]
        names = frozenset(tag for record in self.records.values() for tag in record.tags)
        self.__dict__["_tag_names_of"] = (self.records, names)
        return names

    def _show_count(self, total: int, partial: bool) -> None:
        library = len(self._rows_by_id)
        if not library and not self._synced:
            said = indexing_text(self._building) or "Indexing the library…"
            self.query_one("#count", Label).update(said)
            return
        self._count_shown = (total, partial)
        noun = "briefing" if library == 1 else "briefings"
        building = indexing_text(self._building)
        text = (
            f"{total:,} of {library:,} {noun}"
            # While the first build goes on, search finds what is indexed so far.
            + (
                f" · {building}"
                if building
                else reading_text(self._stream_counts, new=self._new_counted())
            )
            + (_partial_note(self.app.size.width) if partial else "")
        )
        # The status line's width (the screen's, less its padding), known at a resize
        # before the line is laid out again.
        text = fit_count(text, self.app.size.width - 2)
        count = self.query_one("#count", Label)
        # A count as wide as the one shown changes no layout: without one, only the
        # label is drawn again (typing at 100,000, a layout a keystroke arranged the screen anew).
        count.update(text, layout=cell_len(text) != count.content_size.width)
        self._show_sort()  # an empty search is listed newest first: said below 100 columns

    def _new_counted(self) -> bool:
        """Whether "new" counts anything: not on a first start, whose briefings all
        arrived in it while "new" counts from the start before (there is none), so the
        count line said "0 new". Asked once (a start recorded later does not change it)."""
        counted = self.__dict__.get("_new_counted_once")
        if counted is None:
            workspace = self.briefing_app.workspace
            if workspace is None:
                return True
            try:
                counted = workspace.stream.since is not None
            except StoreError:  # said as before: "new" counts from the last visit recorded
                return True
            self.__dict__["_new_counted_once"] = counted
        return bool(counted)

    def _show_status(self, message: str) -> None:
        """A line under the count saying why a search (or a passage, a preview) failed."""
        line = self.query_one("#query-error", Label)
        line.update(Content(f"⚠ {message}"))
        line.display = True

    def _clear_error(self) -> None:
        line = self.query_one("#query-error", Label)
        if line.display:  # after every search: nothing to do, and no layout, when hidden
            line.update("")
            line.display = False

    def _say_sort_if_hidden(self) -> None:
        """``ctrl+s`` with no room for the order on the count line: said in a notice."""
        if not self.query_one("#sort", Label).display:
            brief = SORT_LABELS[self._sort].split(" (")[0]
            self.notify(f"Sorted by {'newest first' if brief == 'newest' else brief}", timeout=2)

    def _show_sort(self) -> None:
        """The order on the status line (shortened below 100 columns)."""
        text = SORT_LABELS[self._sort]
        query = self.query_one("#search", Input).value
        if self._sort == "relevance" and query.strip() and self._listed_by == "date":
            # Listed newest first all the same: the last word is still short (its
            # completions are not ranked) or nothing in the query ranks (is:unread).
            # Said of the query listed, which the box may already be ahead of.
            short = typing_short_word(self._shown_query or query)
            text = "newest (ranked when you pause)" if short else "newest (nothing to rank)"
        if self.app.size.width < 100:  # room for the reading counts on the line
            empty = not query.strip()
            text = "newest" if empty and self._sort == "relevance" else text.split(" (")[0]
        # Shown only beside a count it leaves whole: a long count (a build's progress at
        # 120 columns, "ranking stopped early") cut the order to "sorted by re". Said
        # shorter before not at all: at 80 columns a morning's count ("· 20 new · 5
        # changed") left no room for the whole, and ctrl+s changed the order unsaid.
        count = self.query_one("#count", Label)
        line = self.query_one("#status-line").content_size.width
        room = line if line > 0 else self.app.size.width - 2  # before the first layout
        room -= cell_len(str(count.render())) + STATUS_GAP
        brief = text.split(" (")[0]
        terse = "newest first" if brief == "newest" else f"by {brief}"
        choices = [f"sorted by {text} · ctrl+s", f"{terse} · ctrl+s", terse]
        said = next((choice for choice in choices if cell_len(choice) <= room), choices[0])
        sort = self.query_one("#sort", Label)
        if self.__dict__.get("_sort_said") != said:  # _show_count asks after every search
            self.__dict__["_sort_said"] = said
            sort.update(said)
        # Below 100 columns the build's progress takes the order's place until it ends.
        building = indexing_text(self._building) and self.app.size.width < 100
        shown = not building and cell_len(said) <= room
        if sort.display != shown:
            sort.display = shown

    def refresh_count(self) -> None:
        """Say the count again (the reading counts changed, not the results)."""
        if self._count_shown is not None:
            self._show_count(*self._count_shown)


def fit_count(text: str, room: int) -> str:
    """The count line in ``room`` columns: its last `` · `` parts left out until it
    fits, the count itself kept. At 40 columns it was cut mid-word, "2,225 of 2,225
    briefings · 2,224 unr"."""
    parts = text.split(" · ")
    while len(parts) > 1 and cell_len(" · ".join(parts)) > room:
        parts.pop()
    return " · ".join(parts)


def _partial_note(width: int) -> str:
    """What the count line adds when ranking stopped early (shorter below 100 columns,
    where the whole sentence was cut off)."""
    if width < 100:
        return " (top ranked, rest newest)"
    return " (ranking stopped early; the rest newest first)"


def indexing_text(building: tuple[int, int, bool] | None) -> str:
    """``indexing 41% — 41,000 of 100,000 searchable`` (a first build in stages);
    ``finishing the index — …`` once every file is read (the work bar at 100% while
    the last stage is written: "indexing 40%" beside it looked stuck); empty when no
    build is under way."""
    if building is None:
        return ""
    searchable, total, all_read = building
    if not total:  # its files not counted yet
        return "indexing the library — counting its files"
    if all_read and searchable < total:
        return f"finishing the index — {searchable:,} of {total:,} searchable"
    return f"indexing {searchable * 100 // total}% — {searchable:,} of {total:,} searchable"


def reading_text(counts: StreamCounts | None, *, new: bool = True) -> str:
    """`` · 312 unread · 12 new`` (and `` · 3 changed`` when some are); empty when
    the counts are not known. ``new`` false: nothing about new (a first start: no
    start before it for "new" to count from)."""
    if counts is None:
        return ""
    text = f" · {counts.unread:,} unread" + (f" · {counts.new:,} new" if new else "")
    return text + (f" · {counts.changed:,} changed" if counts.changed else "")


def fetch_text(event: FetchProgress) -> str:
    """``Fetching feeds 2/5: Harbour news``: two done, Harbour news being read (a feed
    that hangs is named, not the one done before it)."""
    if event.total is None:
        return "Fetching feeds…"
    done = f"Fetching feeds {event.done:,}/{event.total:,}"
    return f"{done}: {event.what}" if event.what else done
