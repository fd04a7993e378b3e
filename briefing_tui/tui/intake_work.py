"""Getting briefings in from the app: the Add dialog's work, fetching feeds, following feeds.

A mixin of :class:`~briefing_tui.tui.app.BriefingApp`. Each job is a thread
worker calling the core (:func:`briefing_tui.core.intake.ingest`,
:mod:`briefing_tui.core.feed_fetch`), which is imported when first used, so
starting the app never loads httpx, trafilatura or feedparser. The core lock
is held only where the core takes it (reading what the library holds, the
final sync); the screens hear of progress and results by messages
(:class:`~.messages.AddProgress`, :class:`~.messages.FetchProgress`,
:class:`~.messages.FeedsChanged`, and :class:`~.messages.ListingReady` for
the new briefings). What came of it is one notification, a line per input
or feed, as plain text.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import SystemCommand
from textual.worker import WorkerState, get_current_worker

from briefing_tui.core.text.sanitize import clean_line
from briefing_tui.tui.app_base import AppBase
from briefing_tui.tui.listing import Listing, listing_for
from briefing_tui.tui.messages import (
    AddFinished,
    AddProgress,
    FeedFollowed,
    FeedsChanged,
    FetchFinished,
    FetchProgress,
    ListingReady,
)

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from briefing_tui.core.briefings.articles import Outcome
    from briefing_tui.core.briefings.feeds import Feed
    from briefing_tui.core.feed_fetch import FetchReport
    from briefing_tui.core.intake import IngestReport
    from briefing_tui.core.workspace import Workspace

#: Lines of a notification listing inputs or feeds; the rest are counted. Below
#: :data:`ROOMY_ROWS` rows, :data:`SHORT_LINES`: at 80x24 eight long lines wrapped
#: past the screen's top, and the notification's title and counts were cut off.
MAX_LINES = 8
ROOMY_ROWS = 30
SHORT_LINES = 2
NOT_OPEN = "the library is not open"


def notice_lines(rows: int) -> int:
    """How many lines a notification lists on a screen of ``rows`` rows."""
    return MAX_LINES if rows >= ROOMY_ROWS else SHORT_LINES


def _lines(lines: list[str], most: int | None = MAX_LINES) -> list[str]:
    """At most ``most`` lines (``None``: all), each one line of safe text, then how many
    more (and where to read them: the notice is kept whole, see :mod:`.notice_log`)."""
    shown = [clean_line(line) for line in lines[:most]]
    if most is not None and len(lines) > most:
        shown.append(f"… and {len(lines) - most} more (ctrl+p Messages)")
    return shown


def add_summary(
    report: IngestReport, given: str, stopped: bool, most: int | None = MAX_LINES
) -> tuple[str, SeverityLevel]:
    """The notification of an add: the counts, then failures, skips and briefings added."""
    if not report.outcomes:
        if stopped or report.stopped:
            nothing = "stopped before anything was written"
        elif Path(given).expanduser().is_dir():
            nothing = "the folder holds no page, PDF, text or Markdown file"
        else:
            nothing = "nothing was read"
        return f"Nothing added: {nothing}.", "warning"
    lines = [f"Not added {o.source}: {o.reason}" for o in report.failed]
    lines += [f"Skipped {o.source}: {o.reason}" for o in report.skipped]
    lines += [f"Added: {_named(o)}" for o in report.created]
    lines += [f"{o.source}: {warning}" for o in report.created for warning in o.warnings]
    head = report.summary() + (" (stopped)" if stopped else "")
    severity: SeverityLevel = "information"
    if report.failed:
        severity = "warning" if report.created or report.skipped else "error"
    return "\n".join([head, *_lines(lines, most)]), severity


def _named(outcome: Outcome) -> str:
    # A file by its name (the folder was given): its whole path wrapped over three lines.
    source = outcome.source
    title = outcome.title or (source if "://" in source else Path(source).name or source)
    return f"{title} ({outcome.path})" if outcome.path else title


def fetch_summary(
    report: FetchReport, stopped: bool, most: int | None = MAX_LINES
) -> tuple[str, SeverityLevel]:
    """The notification of a fetch: one line per feed (new, skipped, failed or why not)."""
    feeds = len(report.feeds)
    noun = "feed" if feeds == 1 else "feeds"
    updated = f", {report.updated} updated" if report.updated else ""
    head = f"{report.new} new{updated} from {feeds} {noun}"
    if stopped or report.stopped:
        head = f"{report.stopped_line()}: {report.new} new, kept"
    lines = [result.summary() for result in report.feeds]
    for result in report.feeds:
        lines += [f"{result.name}: {warning}" for warning in result.warnings]
        lines += [f"{result.name}: {o.source}: {o.reason}" for o in result.failed]
        # Which briefing kept the user's edits ("1 edited copy kept" named none).
        lines += [f"{result.name}: kept {o.path}: {o.reason}" for o in result.kept]
    severity: SeverityLevel = "information"
    if report.failed_feeds or any(result.failed for result in report.feeds):
        severity = "error" if len(report.failed_feeds) == feeds else "warning"
    return "\n".join([head, *_lines(lines, most)]), severity


class IntakeWork(AppBase):
    """Adding briefings, fetching feeds, following and dropping feeds, for the app."""

    # -- the Add dialog --------------------------------------------------------------------

    def open_add_dialog(self) -> None:
        """The Add dialog (``a`` on the library, "Add briefings" in the palette)."""
        from briefing_tui.tui.dialogs.add import AddDialog

        if not isinstance(self.screen, AddDialog):
            # An empty library of files it does not read (.txt articles): their folder,
            # filled in, is what adds them (the empty list says so).
            given = str(self.paths.content) if self.library.strays_to_add else ""
            self.push_screen(AddDialog(given=given))

    @work(thread=True, exclusive=True, group="add")
    def add_briefings(self, given: str) -> None:
        """Import ``given`` (an address, a file or a folder); the new briefings are listed."""
        workspace = self.workspace
        if workspace is None:
            self.call_from_thread(self._add_failed, NOT_OPEN)
            return
        from briefing_tui.core.intake import ingest

        worker = get_current_worker()

        def progress(done: int, total: int, what: str) -> None:
            if not worker.is_cancelled:
                self.call_from_thread(self.broadcast, AddProgress(done, total, clean_line(what)))

        try:
            report = ingest(
                workspace,
                [given],
                progress=progress,
                cancelled=lambda: worker.is_cancelled,
                lock=self.core_lock,
                sync=True,
                waiting=lambda: self._intake_waits("Add"),
            )
            listing = self._relisted(workspace) if report.created else None
        except Exception as error:  # said in a notification, never a traceback
            self.call_from_thread(self._add_failed, str(error))
            return
        self.call_from_thread(self._added, given, report, listing, worker.is_cancelled)

    def follow_from_add(self, address: str) -> None:
        """A feed given to the Add dialog: the feeds screen, its Follow dialog filled in."""
        from briefing_tui.tui.screens.feeds import FeedsScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, FeedsScreen):
                self._go_to(FeedsScreen, FeedsScreen)
                screen.action_follow(address)
                return
        self.push_screen(FeedsScreen(follow=address))

    def cancel_add(self) -> None:
        """Stop the add under way after the input being read (escape in the dialog)."""
        self.workers.cancel_group(self, "add")

    def _add_failed(self, reason: str) -> None:
        if not self._add_dialog_waiting():
            self.notify(f"Not added: {reason}", title="Add", severity="error", timeout=10)
        self.broadcast(AddFinished(problem=clean_line(reason)))

    def _add_dialog_waiting(self) -> bool:
        """Whether the Add dialog is open on this add: it says what went wrong itself,
        under its field (a notice saying it too covered that line at 80x24)."""
        from briefing_tui.tui.dialogs.add import AddDialog

        return isinstance(self.screen, AddDialog) and self.screen.working

    def _added(
        self, given: str, report: IngestReport, listing: Listing | None, stopped: bool
    ) -> None:
        feeds = [o.feed for o in report.failed if o.feed]
        if feeds and len(report.outcomes) == 1:  # the dialog offers to follow it instead
            self.broadcast(AddFinished(problem="it is a feed, not a page", feed=feeds[0]))
            return
        if listing is not None:
            paths = {record.path: doc_id for doc_id, record in listing.records.items()}
            added = next((paths[o.path] for o in report.created if o.path in paths), None)
            self.broadcast(ListingReady(listing, select=added))
        text, severity = add_summary(report, given, stopped, notice_lines(self.size.height))
        whole, _ = add_summary(report, given, stopped, None)
        title = "Add stopped" if stopped else "Add"
        timeout = 6 if severity == "information" else 12
        first = report.failed[0].reason if report.failed else text.splitlines()[0]
        came = report.created or report.skipped
        problem = None if came else clean_line(first)
        if problem is None or len(report.outcomes) > 1 or not self._add_dialog_waiting():
            self.notify(text, title=title, severity=severity, timeout=timeout, whole=whole)
        self.broadcast(AddFinished(len(report.created), len(report.skipped), problem))

    def _intake_waits(self, title: str) -> None:
        """Said from a worker when another import or fetch into the library (another
        shell's ``briefing import``, cron's ``briefing fetch``) has to end first."""
        text = "Waiting for another import or fetch into this library to end…"
        self.call_from_thread(self.notify, text, title=title, timeout=6)

    def _relisted(self, workspace: Workspace) -> Listing:
        """The library listed again after a sync added briefings (as the sync's own)."""
        with self.core_lock:
            records = workspace.store.list_documents()
            counts = self._claim_counts
        return listing_for(records, counts)

    # -- fetching feeds --------------------------------------------------------------------

    @property
    def fetching(self) -> bool:
        """Whether a feed fetch is under way: started, and its end not yet said.

        Not the worker's state alone: the end is said (``FetchFinished``) from
        inside the worker, still running then, and the screens' keys checked on
        it kept "s Stop fetch" in the footer after the fetch was done."""
        return bool(self.__dict__.get("_fetch_under_way")) and any(
            worker.group == "fetch" and worker.state in (WorkerState.PENDING, WorkerState.RUNNING)
            for worker in self.workers
        )

    def start_fetch(self, names: Sequence[str] = ()) -> None:
        """Fetch the named feeds (every one when none is named): "Fetch feeds", ``f``."""
        if self.fetching:
            self.notify("Feeds are being fetched already.", title="Fetch feeds", timeout=4)
            return
        self.__dict__["_fetch_under_way"] = True
        self.broadcast(FetchProgress(0, None))
        self._fetch_worker(tuple(names))

    @work(thread=True, group="fetch")
    def _fetch_worker(self, names: tuple[str, ...]) -> None:
        workspace = self.workspace
        if workspace is None:
            self.call_from_thread(self._fetch_failed, NOT_OPEN, None)
            return
        from briefing_tui.core.feed_fetch import fetch_feeds

        worker = get_current_worker()

        def progress(done: int, total: int, what: str) -> None:
            if not worker.is_cancelled:
                update = FetchProgress(done, total, clean_line(what))
                self.call_from_thread(self.broadcast, update)

        try:
            with self.feeds_lock:
                report = fetch_feeds(
                    workspace,
                    names,
                    progress=progress,
                    cancelled=lambda: worker.is_cancelled,
                    lock=self.core_lock,
                    waiting=lambda: self._intake_waits("Fetch feeds"),
                )
            # An item updated upstream rewrote its briefing: the list marks it changed and
            # an open reader offers r (they kept the old text until ctrl+r).
            listing = self._relisted(workspace) if report.new or report.updated else None
        except Exception as error:  # a damaged feeds.json, a name gone, the store
            self.call_from_thread(self._fetch_failed, str(error), self._feeds_now(workspace))
            return
        feeds = self._feeds_now(workspace)
        self.call_from_thread(self._fetched, report, listing, feeds, worker.is_cancelled)

    def stop_fetch(self) -> None:
        """Stop the fetch under way after the feed or item being read; what came is kept."""
        if not self.fetching:
            return
        self.workers.cancel_group(self, "fetch")
        self.notify(
            "Stopping after the feed or item being read; what was fetched is kept.",
            title="Fetch feeds",
            timeout=4,
        )
        self.refresh_bindings()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.fetching:
            yield SystemCommand(
                "Stop fetching feeds",
                "After the feed or item being read; what was fetched stays in the library",
                self.stop_fetch,
            )

    def _fetch_failed(self, reason: str, feeds: FeedsChanged | None) -> None:
        self.__dict__["_fetch_under_way"] = False
        self.broadcast(FetchFinished())
        self.notify(f"Feeds not fetched: {reason}", title="Fetch feeds", severity="error")
        if feeds is not None:
            self.broadcast(feeds)

    def _fetched(
        self, report: FetchReport, listing: Listing | None, feeds: FeedsChanged, stopped: bool
    ) -> None:
        self.__dict__["_fetch_under_way"] = False
        if listing is not None:
            self.broadcast(ListingReady(listing))
        self.broadcast(FetchFinished())
        self.broadcast(feeds)
        if not report.feeds and not (stopped or report.stopped):
            self.notify(
                "No feeds yet: ctrl+p Feeds, then a, follows one.",
                title="Fetch feeds",
                severity="warning",
            )
            return
        text, severity = fetch_summary(report, stopped, notice_lines(self.size.height))
        whole, _ = fetch_summary(report, stopped, None)
        title = "Fetch stopped" if stopped else "Fetch feeds"
        timeout = 8 if severity == "information" else 15
        self.notify(text, title=title, severity=severity, timeout=timeout, whole=whole)

    # -- following feeds -------------------------------------------------------------------

    def _feeds_now(self, workspace: Workspace) -> FeedsChanged:
        """The feeds as ``feeds.json`` holds them (or why it cannot be read)."""
        from briefing_tui.core.feed_fetch import registry

        try:
            return FeedsChanged(list(registry(workspace).feeds))
        except Exception as error:  # FeedError: a damaged file, said on the feeds screen
            return FeedsChanged([], error=clean_line(str(error)))

    @work(thread=True, group="feeds-read")
    def list_feeds(self) -> None:
        """Tell the screens the followed feeds (the feeds screen asks when it opens)."""
        workspace = self.workspace
        if workspace is None:
            self.call_from_thread(self.broadcast, FeedsChanged([], error=NOT_OPEN))
            return
        self.call_from_thread(self.broadcast, self._feeds_now(workspace))

    @work(thread=True, group="feeds-edit")
    def follow_feed(
        self, address: str, name: str | None, tags: Sequence[str], full_text: bool
    ) -> None:
        """Follow the feed at ``address`` (checked by fetching it once); nothing imported yet."""
        workspace = self.workspace
        if workspace is None:
            self.call_from_thread(self._feed_edit_failed, f"Not following {address}", NOT_OPEN)
            self.call_from_thread(self.broadcast, FeedFollowed(address, NOT_OPEN))
            return
        from briefing_tui.core.feed_fetch import add_feed

        try:
            with self._feeds_held("Following the feed once the fetch under way ends."):
                added = add_feed(workspace, address, name=name, tags=tags, full_text=full_text)
        except Exception as error:  # FeedError, FetchError, OSError: the reason, one line
            self.call_from_thread(self.broadcast, self._feeds_now(workspace))
            self.call_from_thread(self._follow_failed, address, str(error))
            return
        self.call_from_thread(self.broadcast, self._feeds_now(workspace))
        names = [feed.name for feed in added]
        self.call_from_thread(self.broadcast, FeedFollowed(address, added=names))
        self.call_from_thread(self._followed, added)

    def _follow_failed(self, address: str, reason: str) -> None:
        """Said in the Follow dialog when it waits for this follow (it stays open,
        what was typed kept), else in a notification: the dialog was closed meanwhile."""
        from briefing_tui.tui.dialogs.add import FeedDialog

        dialog = self.screen
        if not (isinstance(dialog, FeedDialog) and dialog.awaits_follow(address)):
            self._feed_edit_failed(f"Not following {address}", reason)
        self.broadcast(FeedFollowed(address, reason))

    def _followed(self, added: list[Feed]) -> None:
        if len(added) == 1:
            feed = added[0]
            text = f"Following {feed.name}: {feed.url}\nf on the feeds screen fetches its items."
        else:
            names = ", ".join(feed.name for feed in added)
            text = f"Following {len(added)} feeds: {names}\nF on the feeds screen fetches them all."
        self.notify(clean_line_each(text), title="Feeds", timeout=8)

    @work(thread=True, group="feeds-edit")
    def drop_feed(self, name: str) -> None:
        """Stop following the feed ``name``; its briefings stay in the library."""
        workspace = self.workspace
        if workspace is None:
            self.call_from_thread(self._feed_edit_failed, f"Not removed: {name}", NOT_OPEN)
            return
        from briefing_tui.core.feed_fetch import remove_feed

        try:
            with self._feeds_held("Removing the feed once the fetch under way ends."):
                feed = remove_feed(workspace, name)
        except Exception as error:
            self.call_from_thread(self._feed_edit_failed, f"Not removed: {name}", str(error))
            return
        self.call_from_thread(self.broadcast, self._feeds_now(workspace))
        text = f"No longer following {feed.name}; its briefings stay in {feed.folder}."
        self.call_from_thread(self.notify, clean_line(text), title="Feeds", timeout=6)

    def _feeds_held(self, waiting: str) -> threading.Lock:
        """The feeds lock, saying ``waiting`` first when a fetch holds it."""
        lock = self.feeds_lock
        if lock.locked():
            self.call_from_thread(self.notify, waiting, title="Feeds", timeout=4)
        return lock

    def _feed_edit_failed(self, what: str, reason: str) -> None:
        self.notify(clean_line(f"{what}: {reason}"), title="Feeds", severity="error", timeout=12)


def clean_line_each(text: str) -> str:
    """Each line of ``text`` made safe (control characters shown), the line breaks kept."""
    return "\n".join(clean_line(line) for line in text.splitlines())
