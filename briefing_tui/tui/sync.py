"""Opening the library and syncing it, in workers; the screens hear of it by messages.

A mixin of :class:`~briefing_tui.tui.app.BriefingApp`. At start-up the
workspace is opened, the rows are listed from summaries (painted before
anything else is read), then the full records, then a sync; then the start
is recorded as a visit (what the next start's "new" counts from). Each step is
posted to the screens (:class:`~.messages.ListingReady`,
:class:`~.messages.DetailsReady`, :class:`~.messages.SyncProgress`,
:class:`~.messages.SyncFinished`); the library screen shows them.

Syncs are asked for by ``ctrl+r`` and by the folder watch (:mod:`.watch`);
they never run two at once: asked while one runs, one more follows it, however
many times it was asked meanwhile (:meth:`LibrarySync.request_sync`).

A sync the folder watch asks for checks only the paths it reported (a stat of
a few files, not of the whole library: ~1 s at 100,000 briefings) when the
watcher has listened without a gap since a complete sync began
(:meth:`LibrarySync._watch_continuity`); otherwise, and for ``ctrl+r`` and the
start-up sync, every file is checked.
"""

from __future__ import annotations

import threading
from contextlib import suppress
from typing import TYPE_CHECKING, cast

from textual import work
from textual.worker import get_current_worker

from briefing_tui.core.read_only import cannot_write, on_read_only_disk, refused_write
from briefing_tui.core.store import StoreError
from briefing_tui.core.stream import StreamSnapshot
from briefing_tui.core.sync import SyncReport, SyncStopped
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

    from briefing_tui.core.briefings.documents import Skipped

#: How long the start-up worker waits for the first listing to be painted.
PAINT_WAIT_S = 1.0
#: Above this many reported paths the whole library is checked: a burst that
#: large could have overflowed the kernel's queue of changes, which the
#: watcher is not told of, and a full check costs little more.
MOST_PATHS_CHECKED = 2_000


class SyncTurns:
    """Whether a sync runs and whether another was asked for meanwhile (any thread)."""

    def __init__(self) -> None:
        self.guard = threading.Lock()
        self.running = False
        self.again = False
        #: Whether the one asked for meanwhile was asked by the user (its summary is said).
        self.again_asked = False
        #: What the next sync checks: the library paths the folder watch reported,
        #: or everything (ctrl+r, the start, a folder back, any doubt).
        self.reported: set[str] = set()
        self.everything = False

    def want(self, paths: frozenset[str] | None) -> None:
        """The next sync checks ``paths`` too (``None``: every file)."""
        with self.guard:
            if paths is None:
                self.everything = True
            else:
                self.reported |= paths

    def take_scope(self) -> frozenset[str] | None:
        """For the sync starting now: the paths it checks, or ``None`` for every file."""
        with self.guard:
            scope = None if self.everything or not self.reported else frozenset(self.reported)
            self.reported, self.everything = set(), False
            return scope

    def claim(self, *, asked: bool) -> bool:
        """True: the caller runs the sync now. False: the running one is followed by another."""
        with self.guard:
            if self.running:
                self.again = True
                self.again_asked |= asked
                return False
            self.running = True
            return True

    def next_round(self) -> bool | None:
        """After a sync: ``None`` when done (no longer running), else whether the next was asked."""
        with self.guard:
            if not self.again:
                self.running = False
                return None
            asked, self.again, self.again_asked = self.again_asked, False, False
            return asked

    def release(self) -> None:
        """A sync ended by an error: none runs now, and none is owed."""
        with self.guard:
            self.running = self.again = self.again_asked = False


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
            with self.core_lock:
                counts = workspace.claims.counts()
                self._claim_counts = counts
                self._claim_tags = list(workspace.claims.tag_counts())
                summaries = workspace.store.list_summaries()
                listed = workspace.store.written_elsewhere()
            listing = summary_listing(summaries, counts, _start_states(workspace))
            painted = threading.Event()
            shown = ListingReady(listing, claim_counts=dict(counts), painted=painted)
            self.call_from_thread(self.broadcast, shown)
            # Let the list paint first: this thread's Python work (the records, the
            # searcher, the sync's scan) would otherwise take the GIL from the paint.
            painted.wait(timeout=PAINT_WAIT_S)
            with self.core_lock:
                records = workspace.store.list_documents()
            self.__dict__["_listed_signature"] = listed
        except StoreError as error:  # locked or damaged after opening: said, not a traceback
            self.call_from_thread(self._fatal, str(error))
            return
        details = {record.id: record for record in records}
        self.call_from_thread(self.broadcast, DetailsReady(details, listing))
        # Open the searcher before the first keystroke does (it maps the index).
        with suppress(Exception):  # a damaged index shows itself when searched, handled there
            workspace.warm_up()
        self.__dict__["_visit_owed"] = True  # recorded by the first sync that completes
        self.call_from_thread(self._library_opened)
        self._sync_turns.want(None)
        if self._sync_turns.claim(asked=True):
            self._sync_rounds(asked=True)

    def refused_as_read_only(self, workspace: Workspace, error: BaseException) -> bool:
        """From a worker thread: a write the read-only data folder refused (a visit, a
        page read) is said once, as the read-only notice, not once per write;
        ``False`` for any other error, which the caller says."""
        if not refused_write(error):
            return False
        if not self.__dict__.get("_read_only_said"):
            self.__dict__["_read_only_said"] = True
            self.call_from_thread(
                self.notify,
                read_only_said(workspace, error),
                title="Read-only",
                severity="warning",
                timeout=10,
            )
        return True

    def _record_visit(self, workspace: Workspace) -> None:
        """This start is a visit: "new" counts from the one before (see core.stream).

        Recorded once the start-up sync is done (or the folder watch's, when a
        change at start-up started that one first), so what that sync found is
        this start's: recorded before it, a briefing first seen by it was "new"
        at this start and again at the next. Until then "new" counts from the
        last visit.
        """
        try:
            with self.core_lock:
                workspace.begin_visit()
        except StoreError as error:  # new counts from the last visit recorded; said once
            if not self.refused_as_read_only(workspace, error):
                self.call_from_thread(
                    self.notify, f"Visit not recorded: {error}", severity="warning"
                )

    def _library_opened(self) -> None:
        """Called on the event loop once the library is listed, before its first sync
        (the folder watch starts here, so nothing changed during that sync is missed)."""

    def _watch_continuity(self) -> int | None:
        """A token that stays the same while the folder watch listens without a gap;
        ``None`` when it does not (see :attr:`.watching.FolderWatcher.continuity`)."""
        return None

    @property
    def _sync_turns(self) -> SyncTurns:
        turns = self.__dict__.get("_sync_turns_made")
        if turns is None:  # made on first use (the start-up worker, before any other)
            turns = self.__dict__.setdefault("_sync_turns_made", SyncTurns())
        return cast("SyncTurns", turns)

    def _fatal(self, message: str) -> None:
        self.notify(message, title="Cannot open the library", severity="error", timeout=30)
        self.broadcast(LibraryUnavailable(message))

    def start_sync(self) -> None:
        """``ctrl+r``: sync now, or once more after the sync running; a sync that finds
        nothing changed says so (the start-up's and the folder watch's say nothing)."""
        self.__dict__["_resync_pressed"] = True
        self.__dict__["_relist_owed"] = True
        self.request_sync(asked=True)

    def request_sync(self, *, asked: bool) -> None:
        """Sync (on the event loop): ``asked`` by the user, its summary is said, and every
        file is checked; by the folder watch, only what changed is said, and only the
        paths it reported beforehand (:meth:`SyncTurns.want`) are checked, if it may."""
        if self.workspace is None:
            return  # the start-up sync is still to come, and will see it
        if asked:
            self._sync_turns.want(None)
        if self._sync_turns.claim(asked=asked):
            self._sync_worker(asked)

    def build_if_idle(self) -> None:
        """A search found the index cleared for a full build that no sync is making
        (a search's own open may clear it: a dead build's marker, a damaged index):
        sync now, which builds it, so "being built" comes true. While a sync runs,
        nothing: that one builds it."""
        if not self._sync_turns.running:
            self.request_sync(asked=False)

    @work(thread=True, group="sync")
    def _sync_worker(self, asked: bool) -> None:
        self._sync_rounds(asked=asked)

    def _sync_rounds(self, *, asked: bool) -> None:
        """Sync, then again while more syncs were asked for during it (one at a time)."""
        turns = self._sync_turns
        try:
            while True:
                self._sync_now(asked=asked, scope=turns.take_scope())
                again = turns.next_round()
                if again is None:
                    return
                asked = again
        except BaseException:  # the app closing under the worker: the next sync may run
            turns.release()
            raise

    def _sync_now(self, *, asked: bool = True, scope: frozenset[str] | None = None) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        relist = self.__dict__.pop("_relist_owed", False)  # ctrl+r's, this sync's alone
        worker = get_current_worker()
        # The reported paths alone, only while the watch has listened without a gap
        # since a complete sync began: then nothing else can have changed.
        token = self._watch_continuity()
        only = (
            scope
            if scope is not None
            and len(scope) <= MOST_PATHS_CHECKED
            and token is not None
            and token == self.__dict__.get("_complete_sync_token")
            else None
        )
        if only is None:
            self.__dict__["_complete_sync_token"] = None  # set again once this one completes

        seen = [0]

        def progress(done: int, total: int, _: str) -> None:
            # The app closing (its unmount waits for the core lock this sync holds):
            # stop; a build stays marked unfinished and the next start builds it.
            if worker.is_cancelled or not self.is_running:
                raise SyncStopped
            seen[0] = done
            building = workspace.building
            searchable = None if building is None else building[0]
            # Posted, not called: this thread never waits for the event loop.
            self.post_message(SyncProgress(done, total, searchable))

        def committed(searchable: int, total: int) -> None:
            """A stage of a first build landed (the searcher already sees it): the
            app lists what is stored (see :meth:`on_sync_progress`)."""
            self.post_message(SyncProgress(seen[0], total, searchable))

        # A data folder that cannot be written: the library as last synced, said once
        # (a sync failed on the index's lock with a bare "Permission denied").
        read_only = cannot_write(workspace)
        try:
            with self.core_lock:
                if read_only:
                    report = SyncReport()
                else:
                    report = workspace.sync(progress=progress, only=only, committed=committed)
                # Claims another process wrote (``briefing annotate``, an import):
                # counted again, and the list's markers redrawn when they differ.
                counts = workspace.claims.counts()
                recounted = counts != self._claim_counts
                if recounted:
                    self._claim_counts = counts
                    self._claim_tags = list(workspace.claims.tag_counts())
                # Briefings another process stored (``briefing import`` or ``fetch``
                # while the app runs): this sync found their files stored already.
                listed = workspace.store.written_elsewhere()
                elsewhere = listed != self.__dict__.get("_listed_signature")
                changed = report.changed or recounted or elsewhere
                records = workspace.store.list_documents() if changed else None
            if records is None and relist:
                # ctrl+r lists again whatever the files say: tags another process set
                # (`briefing tag`) change the store alone, and stayed unseen in the rows.
                # Read on the store's read connections, out of the core lock (1.4 s at
                # 100,000 briefings, which a save would have waited for).
                records = workspace.store.list_documents()
            if records is not None:
                self.__dict__["_listed_signature"] = listed
            listing = None if records is None else listing_for(records, counts)
        except SyncStopped:
            return  # the app is closing: nothing to say
        except Exception as error:  # shown, never a traceback on the user's screen
            self.__dict__["_complete_sync_token"] = None  # the next one checks every file
            said = read_only_said(workspace, error) if refused_write(error) else None
            message = said or f"Sync failed: {error}"
            self.call_from_thread(self.notify, message, title="Sync", severity="error")
            self.call_from_thread(self.broadcast, SyncFinished(error=said or str(error)))
            return
        if read_only and (asked or not self.__dict__.get("_read_only_said")):
            self.__dict__["_read_only_said"] = True
            self.call_from_thread(
                self.notify,
                read_only_said(workspace),
                title="Read-only",
                severity="warning",
                timeout=10,
            )
            asked = False  # said instead of "up to date"
        if only is None and not read_only:  # skipped: what changed meanwhile is unread
            self.__dict__["_complete_sync_token"] = token
        if self.__dict__.pop("_visit_owed", False):
            self._record_visit(workspace)
        notices = list(workspace.notices)
        workspace.notices.clear()
        summary = (
            f"{report.indexed} indexed, {len(report.removed)} removed, "
            f"{len(report.skipped)} skipped"
        )
        recount = dict(counts) if recounted else None
        outside = recounted or elsewhere  # another process wrote: listed, though no file
        self.call_from_thread(
            self._sync_done, summary, listing, notices, report, asked, recount, outside
        )

    def on_sync_progress(self, message: SyncProgress) -> None:
        """A sync's progress, posted by its thread: to the screens; a first build's
        new stage is listed too (off the event loop)."""
        if message.searchable and message.searchable != self.__dict__.get("_stage_listed"):
            self.__dict__["_stage_listed"] = message.searchable
            self._staged_listing()
        self.broadcast(message)

    @work(thread=True, exclusive=True, group="staged-listing")
    def _staged_listing(self) -> None:
        """The library as stored so far, listed while its first build goes on.

        Read on the store's read connections, not under the core lock the
        build holds; the build's own thread never waits for it.
        """
        workspace = self.workspace
        if workspace is None:
            return
        try:
            records = workspace.store.list_documents()
        except StoreError:
            return  # the next stage, or the build's end, lists it again
        listing = listing_for(records, self._claim_counts)
        if not get_current_worker().is_cancelled and self.is_running:
            self.call_from_thread(self.broadcast, ListingReady(listing))

    def _sync_done(
        self,
        summary: str,
        listing: Listing | None,
        notices: list[Notice],
        report: SyncReport,
        asked: bool = True,
        claim_counts: dict[str, int] | None = None,
        outside: bool = False,
    ) -> None:
        # A listing of a build's stage still being read is older than this sync's.
        self.workers.cancel_group(self, "staged-listing")
        self.__dict__.pop("_stage_listed", None)
        self.broadcast(SyncFinished())
        self.call_after_refresh(self.settle_memory)
        for notice in notices:
            # The core's notices carry one of Textual's severity names, as a str.
            self.notify(notice.message, severity=cast("SeverityLevel", notice.severity))
        if listing is not None:
            self.broadcast(ListingReady(listing, claim_counts=claim_counts))
        said = self.__dict__.setdefault("_skips_said", set())
        new_skips = [skip for skip in report.skipped if skip.path not in said]
        said.clear()
        said.update(skip.path for skip in report.skipped)
        pressed = asked and self.__dict__.pop("_resync_pressed", False)
        if asked and (report.changed or report.skipped):
            self.notify(f"Library synced: {summary}", title="Sync", timeout=4)
        elif pressed and outside:
            # ctrl+r after `briefing annotate`: "up to date" beside the claim it listed.
            said = "No file changed; what other programs wrote is listed."
            self.notify(said, title="Sync", timeout=4)
        elif pressed:
            self.notify("The library is up to date: no file changed.", title="Sync", timeout=4)
        elif report.changed or new_skips:  # the folder watch's: what changed, new skips only
            parts = [changes_said(report)] if report.changed else []
            parts += [skips_said(new_skips)] if new_skips else []
            self.notify(f"The library folder changed: {'. '.join(parts)}", timeout=6)
        detached = report.reanchored.get("fuzzy", 0) + report.reanchored.get("orphaned", 0)
        if detached:
            self.notify(
                review_said(detached, report.orphaned_with_file),
                title="Claims to review",
                severity="warning",
                timeout=10,
            )


def read_only_said(workspace: Workspace, error: BaseException | None = None) -> str:
    """Why nothing is synced or saved: the data folder (or its disk) is read-only."""
    where = "on a read-only disk" if error and on_read_only_disk(error) else "read-only"
    return (
        f"The data folder {workspace.paths.library_data} is {where}: the library as "
        "last synced (files changed since are not seen); tags, claims and what you "
        "read are not saved."
    )


def review_said(detached: int, with_file: int) -> str:
    """The claims a sync left to review, and why: an edit, or their file left.

    Said of this sync's: "2 claims need review" beside a review list of 3 read
    as a miscount (a newcomer walk). A claim whose file was deleted was said
    to be moved "by an edit", though nothing was edited and the file coming
    back (a ``git checkout``, an undo) places it again (a library-under-change walk).
    """
    noun = "claim now needs" if detached == 1 else "claims now need"
    edited = detached - with_file
    if not with_file:
        why = "an edit moved or removed the passage"
    elif not edited:
        whose = "its briefing's file" if detached == 1 else "their briefings' files"
        why = f"{whose} left the library (placed again if the file comes back)"
    else:
        why = (
            f"{with_file} whose briefing's file left the library, "
            f"{edited} whose passage an edit moved or removed"
        )
    return f"{detached} {noun} review: {why}. f3 shows them."


def skips_said(skips: list[Skipped]) -> str:
    """Files a sync could not read, the first by name ("a.md not read: binary file")."""
    first = f"{skips[0].path} not read: {skips[0].reason}"
    return first if len(skips) == 1 else f"{first} (and {len(skips) - 1} more)"


def changes_said(report: SyncReport) -> str:
    """What a sync changed, in a few words ("1 added, 2 changed")."""
    counts = (
        (len(report.added), "added"),
        (len(report.updated), "changed"),
        (len(report.renamed), "renamed"),
        (len(report.removed), "removed"),
    )
    return ", ".join(f"{count} {what}" for count, what in counts if count)


def _start_states(workspace: Workspace) -> StreamSnapshot | None:
    """The reading state for the first listing, read with it.

    Read here, the markers are painted with the list; read by the library's
    own worker once the list was shown, they waited for the GIL behind this
    thread's next step, loading every full record (at 100,000 briefings the
    markers came about 340 ms after the list). ``None`` on a store error: the
    library's worker reads it again and says what failed.
    """
    try:
        return workspace.stream.snapshot()
    except StoreError:
        return None
