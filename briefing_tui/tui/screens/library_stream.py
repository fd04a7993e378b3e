"""The library's reading state: unread, new and changed markers in the list, the
counts on the count line, and ``u`` on the highlighted briefing.

A mixin of :class:`~.library.LibraryScreen`. The states are read in a worker
of the screen's own (one snapshot: two or three queries) after each listing,
unless the listing brought them (:attr:`.Listing.states`); from then on each
:class:`~briefing_tui.tui.messages.ReadStateChanged` the app broadcasts (the
reader, ``u`` here, a bulk mark) changes the sets in place and redraws. ``u``
asks the app (the one writer), never the store. Handlers go by name: ``@on``
is not collected from a plain mixin class.
"""

from __future__ import annotations

from textual import work
from textual.css.query import NoMatches

from briefing_tui.core.store import StoreError
from briefing_tui.core.stream import StreamCounts, StreamSnapshot
from briefing_tui.tui.listing import Listing
from briefing_tui.tui.messages import ReadStateChanged
from briefing_tui.tui.screens.help import INTAKE_HELP, STREAM_HELP
from briefing_tui.tui.screens.library_status import LibraryBase
from briefing_tui.tui.widgets.briefing_list import BriefingList, RowMarks


class LibraryStream(LibraryBase):
    """Reading state in the library list and on its count line."""

    #: The sets the list draws markers from (``None`` until first read).
    _marks: RowMarks | None = None
    #: How many :class:`ReadStateChanged` arrived: a snapshot read before the
    #: last one is stale and read again.
    _read_news = 0

    def states_for(self, listing: Listing) -> None:
        """Show the reading state of a new ``listing``: its own, or read in a worker."""
        if listing.states is not None:
            self._apply_states(listing.states, self._read_news)
        else:
            self._states_worker(self._read_news)

    @work(thread=True, exclusive=True, group="reading-states")
    def _states_worker(self, news_seen: int) -> None:
        workspace = self.briefing_app.workspace
        if workspace is None:
            return
        try:
            snapshot = workspace.stream.snapshot()
        except StoreError as error:  # the list works without markers; said once
            self.app.call_from_thread(self._show_status, f"reading state not read: {error}")
            return
        self.app.call_from_thread(self._apply_states, snapshot, news_seen)

    def _apply_states(self, snapshot: StreamSnapshot, news_seen: int) -> None:
        if news_seen != self._read_news:  # a mark landed meanwhile: this is stale
            self._states_worker(self._read_news)
            return
        marks = RowMarks(set(snapshot.read), set(snapshot.changed), set(snapshot.new))
        self._marks = marks
        try:
            listing = self.query_one(BriefingList)
        except NoMatches:
            # The app is closing (the first build's end re-read the states as it
            # quit): its widgets are gone, and the worker must not fail on that.
            return
        listing.set_marks(marks)
        total = len(self._rows_by_id)
        self._stream_counts = StreamCounts(
            total, max(0, total - len(marks.read)), len(marks.new), len(marks.changed)
        )
        self.refresh_count()

    def on_read_state_changed(self, event: ReadStateChanged) -> None:
        self._read_news += 1
        marks = self._marks
        if marks is not None:
            if event.read:  # read now, as it is now: no longer changed since read
                marks.read.update(event.doc_ids)
                marks.changed.difference_update(event.doc_ids)
            else:
                marks.read.difference_update(event.doc_ids)
                marks.changed.difference_update(event.doc_ids)
            self.query_one(BriefingList).refresh()
        counts = event.counts
        if counts is not None:
            self._stream_counts = counts
            self.refresh_count()
            if marks is not None and (
                len(marks.changed) != counts.changed
                or len(marks.read) != counts.total - counts.unread
            ):
                # Marked as it was shown, not as it is now (a reader open while its
                # file was edited keeps it changed): the sets guessed wrong, read them.
                self._states_worker(self._read_news)

    def action_toggle_read(self) -> None:
        """``u``: the highlighted briefing read if unread, else unread."""
        current = self.query_one(BriefingList).current
        if current is None:
            return
        marks = self._marks
        if marks is None:
            self.notify("One moment: the reading state is still being read.", timeout=2)
            return
        if current.id in marks.read:
            self.briefing_app.mark_unread([current.id], say="Marked unread")
        else:
            self.briefing_app.mark_read([current.id], say="Marked read")

    def action_resync(self) -> None:
        self.briefing_app.start_sync()

    def action_add(self) -> None:
        self.briefing_app.open_add_dialog()

    def help_text(self) -> str:
        """The help's section on the daily stream and on getting briefings in (see
        :class:`.help.HelpScreen`)."""
        return f"{STREAM_HELP}\n\n{INTAKE_HELP}"
