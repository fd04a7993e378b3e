"""Opening the library and syncing it, in workers; the screens hear of it by messages.

A mixin of :class:`~briefing_tui.tui.app.BriefingApp`. At start-up the
workspace is opened and the start recorded as a visit (what "new" counts
from), the rows are listed from summaries (painted before
anything else is read), then the full records, then a sync. Each step is
posted to the screens (:class:`~.messages.ListingReady`,
:class:`~.messages.DetailsReady`, :class:`~.messages.SyncProgress`,
:class:`~.messages.SyncFinished`); the library screen shows them.
"""

from __future__ import annotations

import threading
from contextlib import suppress
from typing import TYPE_CHECKING, cast

from textual import work
from textual.worker import get_current_worker

from briefing_tui.core.store import StoreError
from briefing_tui.core.workspace import Notice, Workspace
from briefing_tui.tui.app_base import AppBase
from briefing_tui.tui.listing import Listing, listing_for, summary_listing
from briefing_tui.tui.messages import (
    DetailsReady,
    LibraryUnavailable,
    ListingReady,
    SyncFinished,
    SyncProgress,
)

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from briefing_tui.core.sync import SyncReport

#: How long the start-up worker waits for the first listing to be painted.
PAINT_WAIT_S = 1.0


class LibrarySync(AppBase):
    """Opening the workspace and syncing the library, for the app."""

    @work(thread=True, exclusive=True, group="open")
    def _open_workspace(self) -> None:
        try:
            workspace = Workspace(
                self.paths,
                max_bytes=self.max_bytes,
                store_timeout_ms=self.store_timeout_ms,
                long_lived=True,
            )
        except (StoreError, OSError) as error:
            self.call_from_thread(self._fatal, str(error))
            return
        self.workspace = workspace
        try:
            # This start is a visit: "new" counts from the one before (see core.stream).
            with self.core_lock:
                workspace.begin_visit()
        except StoreError as error:  # new counts from the last visit recorded; said once
            self.call_from_thread(self.notify, f"Visit not recorded: {error}", severity="warning")
        try:
            with self.core_lock:
                counts = workspace.claims.counts()
                self._claim_counts = counts
                self._claim_tags = list(workspace.claims.tag_counts())
                summaries = workspace.store.list_summaries()
            listing = summary_listing(summaries, counts)
            painted = threading.Event()
            shown = ListingReady(listing, claim_counts=dict(counts), painted=painted)
            self.call_from_thread(self.broadcast, shown)
            # Let the list paint first: this thread's Python work (the records, the
            # searcher, the sync's scan) would otherwise take the GIL from the paint.
            painted.wait(timeout=PAINT_WAIT_S)
            with self.core_lock:
                records = workspace.store.list_documents()
        except StoreError as error:  # locked or damaged after opening: said, not a traceback
            self.call_from_thread(self._fatal, str(error))
            return
        details = {record.id: record for record in records}
        self.call_from_thread(self.broadcast, DetailsReady(details, listing))
        # Open the searcher before the first keystroke does (it maps the index).
        with suppress(Exception):  # a damaged index shows itself when searched, handled there
            workspace.warm_up()
        self._sync_now()

    def _fatal(self, message: str) -> None:
        self.notify(message, title="Cannot open the library", severity="error", timeout=30)
        self.broadcast(LibraryUnavailable(message))

    def start_sync(self) -> None:
        self._sync_worker()

    @work(thread=True, exclusive=True, group="sync")
    def _sync_worker(self) -> None:
        self._sync_now()

    def _sync_now(self) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        worker = get_current_worker()

        def progress(done: int, total: int, _: str) -> None:
            if not worker.is_cancelled:
                self.call_from_thread(self.broadcast, SyncProgress(done, total))

        try:
            with self.core_lock:
                report = workspace.sync(progress=progress)
                records = workspace.store.list_documents() if report.changed else None
                counts = self._claim_counts
            listing = None if records is None else listing_for(records, counts)
        except Exception as error:  # shown, never a traceback on the user's screen
            self.call_from_thread(
                self.notify, f"Sync failed: {error}", title="Sync", severity="error"
            )
            self.call_from_thread(self.broadcast, SyncFinished(error=str(error)))
            return
        notices = list(workspace.notices)
        workspace.notices.clear()
        summary = (
            f"{report.indexed} indexed, {len(report.removed)} removed, "
            f"{len(report.skipped)} skipped"
        )
        self.call_from_thread(self._sync_done, summary, listing, notices, report)

    def _sync_done(
        self, summary: str, listing: Listing | None, notices: list[Notice], report: SyncReport
    ) -> None:
        self.broadcast(SyncFinished())
        self.call_after_refresh(self.settle_memory)
        for notice in notices:
            # The core's notices carry one of Textual's severity names, as a str.
            self.notify(notice.message, severity=cast("SeverityLevel", notice.severity))
        if listing is not None:
            self.broadcast(ListingReady(listing))
        if report.changed or report.skipped:
            self.notify(f"Library synced: {summary}", title="Sync", timeout=4)
        detached = report.reanchored.get("fuzzy", 0) + report.reanchored.get("orphaned", 0)
        if detached:
            noun = "claim needs" if detached == 1 else "claims need"
            self.notify(
                f"{detached} {noun} review: an edit moved or removed the passage. f3 shows them.",
                title="Claims to review",
                severity="warning",
                timeout=10,
            )
