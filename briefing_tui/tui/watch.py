"""The library follows its folder while the app runs: a change there is a sync.

A mixin of :class:`~briefing_tui.tui.app.BriefingApp`, over
:class:`~.sync.LibrarySync`. Once the library is listed, a
:class:`~briefing_tui.core.watching.FolderWatcher` runs on a thread of its own
and reports bursts of changes; each report asks for the usual sync
(:meth:`~.sync.LibrarySync.request_sync`, one at a time, one more after the
one running) of the paths it names (every file, when the watcher may have
missed something: see :meth:`FolderWatch._watch_continuity`), whose
:class:`~.messages.ListingReady` updates the list and tells an open reader its
file changed. A folder that disappears is said once
(nothing is synced, so nothing is removed); when it is back, it is synced.

The watcher's thread is a plain daemon thread, not a Textual worker: it
runs as long as the app, and ``workers.wait_for_complete()`` would wait for
it forever. It reports by posting a message (thread-safe, and never blocking
the watcher on a busy or closing app), and stops when the app unmounts.
``follow_folder = False`` (``briefing --no-watch``) leaves it off.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

from textual.message import Message

from briefing_tui.core.watching import FolderNews, FolderWatcher
from briefing_tui.tui.sync import LibrarySync

#: How long closing the app waits for the watcher's thread to end.
STOP_WAIT_S = 1.0


@dataclass
class FolderReport(Message, bubble=False):
    """The watcher's report, brought to the app's event loop."""

    news: FolderNews


class FolderWatch(LibrarySync):
    """Starting and stopping the folder watch; its reports become syncs."""

    #: Whether the library follows its folder (``--no-watch`` turns it off).
    follow_folder: bool = True
    #: The running watcher, if any (how it listens: ``watcher.mode``).
    watcher: FolderWatcher | None = None
    _watch_thread: threading.Thread | None = None
    #: The thread of a watcher asked to stop, until :meth:`wait_for_watch_end`.
    _stopping_thread: threading.Thread | None = None

    def _library_opened(self) -> None:
        super()._library_opened()
        if self.follow_folder:
            self.start_watching()

    def start_watching(self) -> None:
        """Start following the library folder (once; a second call does nothing)."""
        if self.watcher is not None:
            return
        paths = self.paths
        inside = [paths.data_root] if paths.data_root.is_relative_to(paths.content) else []
        watcher = FolderWatcher(paths.content, self._report_from_watcher, skip=inside)
        thread = threading.Thread(target=watcher.run, name="briefing-folder-watch", daemon=True)
        self.watcher, self._watch_thread = watcher, thread
        thread.start()

    def stop_watching(self) -> None:
        """Ask the watcher to stop; its thread ends within the watcher's quiet time.

        Not waited for here: the app's shutdown would sit through that
        quiet time (0.3 s) on every quit. :meth:`wait_for_watch_end` waits,
        after the terminal is given back, before the process exits.
        """
        watcher, thread = self.watcher, self._watch_thread
        self.watcher = self._watch_thread = None
        if watcher is not None:
            watcher.stop()
        if thread is not None:
            self._stopping_thread = thread

    def wait_for_watch_end(self) -> None:
        """Wait (briefly) for a stopped watcher's thread: not left inside
        ``watchfiles`` while the interpreter shuts down."""
        thread, self._stopping_thread = self._stopping_thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(STOP_WAIT_S)

    def _report_from_watcher(self, news: FolderNews) -> None:
        """On the watcher's thread: hand the report to the event loop."""
        self.post_message(FolderReport(news))

    def _watch_continuity(self) -> int | None:
        """The watcher's token: the same while the kernel's notifications ran without a
        gap; ``None`` when polling (whose sweep finds edits late), stopped or not
        yet listening. A sync of the reported paths alone is trusted only then."""
        watcher = self.watcher
        return None if watcher is None else watcher.continuity

    def _on_folder_report(self, message: FolderReport) -> None:
        news = message.news
        if news.kind == "unavailable":
            self.notify(news.message, title="Library folder", severity="warning", timeout=15)
            return
        if news.kind == "back":
            self.notify("The library folder is back: syncing it", title="Library folder")
            self._sync_turns.want(None)  # what changed while it was away was not heard
            self.request_sync(asked=False)
            return
        watcher = self.watcher
        if watcher is None or not news.paths:  # a folder replaced: read it all
            self._sync_turns.want(None)
        else:
            self._sync_turns.want(
                frozenset(os.path.relpath(path, watcher.root) for path in news.paths)
            )
        self.request_sync(asked=False)

    def on_unmount(self) -> None:
        self.stop_watching()
