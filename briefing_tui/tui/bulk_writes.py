"""The app's bulk writes: tag, untag, mark read or unread every briefing a query matches.

A mixin of :class:`~briefing_tui.tui.app.BriefingApp`, the one writer. The
library asks once the user has confirmed the count; the core does the work
(``Workspace.stream.tag_matching``, ``mark_matching``: one store transaction
each) under the core lock, and every screen hears of it:
:class:`~.messages.TagsChanged` with the library listed again after a tagging,
:class:`~.messages.ReadStateChanged` naming the briefings after a mark. Marks
go through the reading queue of :mod:`.reading_writes`, so a bulk mark and a
``u`` pressed after it land in the order asked.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from contextlib import suppress

from textual import work
from textual.css.query import NoMatches

from briefing_tui.core.store import StoreError
from briefing_tui.core.stream import StreamCounts
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.listing import listing_for
from briefing_tui.tui.messages import ReadStateChanged, TagsChanged
from briefing_tui.tui.reading_writes import ReadingWrites
from briefing_tui.tui.widgets.work_bar import WorkBar

#: The work line's jobs while bulk taggings run: one each (two may run at once).
_BULK_JOBS = itertools.count(1)


class BulkWrites(ReadingWrites):
    """Bulk actions on a query's matches, for the app."""

    def mark_matching(self, query: str, *, read: bool, say: str | None = None) -> None:
        """Mark every briefing ``query`` matches read (or unread); ``say`` once done."""

        def job(workspace: Workspace) -> ReadStateChanged:
            ids = workspace.stream.matching_ids(query)
            workspace.stream.mark_matching(query, read=read)
            return ReadStateChanged(ids, read, _library_counts(workspace))

        self._queue_reading(job, say)

    @work(thread=True, group="store-write")
    def tag_matching(
        self, query: str, add: Sequence[str], remove: Sequence[str], count: int | None = None
    ) -> None:
        """Add ``add`` and remove ``remove`` on every briefing ``query`` matches
        (``count`` of them, as the confirmation said: shown while it runs)."""
        workspace = self.workspace
        if workspace is None:
            return
        change = " ".join([*(f"+{tag}" for tag in add), *(f"-{tag}" for tag in remove)])
        # Every file is rewritten: 2,225 briefings took 13 s, and nothing on the
        # screen said so (the question closed, the old tags stayed listed).
        many = "" if count is None else f" {count:,} briefing{'' if count == 1 else 's'}"
        job = f"bulk-tags-{next(_BULK_JOBS)}"
        self.call_from_thread(self._bulk_work, job, f"Tagging{many} {change}…")
        try:
            with self.core_lock:
                result = workspace.stream.tag_matching(query, add, remove)
                records = workspace.store.list_documents()
                counts = self._claim_counts
                notices = list(workspace.notices)
                workspace.notices.clear()
        except Exception as error:  # said, never a traceback; one transaction: all or none
            self.call_from_thread(self._bulk_work, job, None)
            self.call_from_thread(self.notify, f"Tags not changed: {error}", severity="error")
            return
        listing = listing_for(records, counts)
        self.call_from_thread(self.broadcast, TagsChanged(listing))
        self.call_from_thread(self._bulk_work, job, None)
        for notice in notices:  # saved, but the index could not follow, say
            self.call_from_thread(self.notify, notice.message, severity=notice.severity)
        noun = "briefing" if result.matched == 1 else "briefings"
        said = f"{change}: {result.changed:,} of {result.matched:,} {noun} changed"
        self.call_from_thread(self.notify, said, title="Tags saved", timeout=4)

    def _bulk_work(self, job: str, text: str | None) -> None:
        """Say on the library's work line that a bulk tagging runs (``None``: it ended)."""
        with suppress(NoMatches):
            bar = self.library.query_one(WorkBar)
            if text is None:
                bar.end(job)
            else:
                bar.report(job, text)


def _library_counts(workspace: Workspace) -> StreamCounts | None:
    """The library's reading counts, or ``None`` when they cannot be read now."""
    with suppress(StoreError):
        return workspace.stream.counts()
    return None
