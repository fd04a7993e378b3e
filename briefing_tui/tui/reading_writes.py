"""The app's reading-state writes: mark briefings read or unread, in order, off the loop.

A mixin of :class:`~briefing_tui.tui.app.BriefingApp`, the one writer. The
reader asks (after a few seconds or a page, and on ``u``), the library may
ask for its rows; each request is one store transaction under the core lock,
then :class:`~.messages.ReadStateChanged` goes to every screen.

Requests run one after another in the order they were made: ``u`` pressed
twice quickly must end unread-then-read, and two workers racing for the core
lock could run them the other way round. So requests wait in a queue that
one worker at a time drains (a new one starts when none is running).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress

from textual import work

from briefing_tui.core.store import StoreError
from briefing_tui.core.stream import ReadText, StreamCounts
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.app_base import AppBase
from briefing_tui.tui.messages import ClaimsChanged, ReadStateChanged

#: One queued request: run under the core lock, returns the message to broadcast.
Job = Callable[[Workspace], ReadStateChanged]


class ReadingWrites(AppBase):
    """Marking read and unread for the app; uses its workspace and core lock."""

    _reading_jobs: deque[tuple[Job, str | None]]
    _reading_guard: threading.Lock
    _reading_running: bool = False

    def mark_read(
        self,
        doc_ids: Sequence[str],
        texts: Mapping[str, ReadText] | None = None,
        *,
        say: str | None = None,
    ) -> None:
        """Mark ``doc_ids`` read, keeping each one's text as ``texts`` gives it (the
        reader passes what it shows) or else as the index holds it; ``say`` is
        notified once done."""
        ids = list(doc_ids)
        given = dict(texts or {})

        def job(workspace: Workspace) -> ReadStateChanged:
            stream = workspace.stream

            def source(wanted: list[str]) -> dict[str, ReadText]:
                rest = [doc_id for doc_id in wanted if doc_id not in given]
                found = stream.current_texts(rest) if rest else {}
                found.update((d, given[d]) for d in wanted if d in given)
                return found

            stream.mark_read(ids, source)
            return ReadStateChanged(ids, True, _counts(workspace))

        self._queue_reading(job, say)

    def mark_unread(self, doc_ids: Sequence[str], *, say: str | None = None) -> None:
        """Mark ``doc_ids`` unread (their kept text goes too)."""
        ids = list(doc_ids)

        def job(workspace: Workspace) -> ReadStateChanged:
            workspace.stream.mark_unread(ids)
            return ReadStateChanged(ids, False, _counts(workspace))

        self._queue_reading(job, say)

    def _queue_reading(self, job: Job, say: str | None) -> None:
        if self.workspace is None:
            return
        if not hasattr(self, "_reading_jobs"):  # made on first use, on the event loop
            self._reading_jobs = deque()
            self._reading_guard = threading.Lock()
        with self._reading_guard:
            self._reading_jobs.append((job, say))
            if self._reading_running:
                return
            self._reading_running = True
        self._drain_reading()

    @work(thread=True, group="reading-write")
    def _drain_reading(self) -> None:
        while True:
            with self._reading_guard:
                if not self._reading_jobs:
                    self._reading_running = False
                    return
                job, say = self._reading_jobs.popleft()
            workspace = self.workspace
            if workspace is None:
                continue
            try:
                with self.core_lock:
                    news = job(workspace)
            except Exception as error:  # said, never a traceback; the mark is not half-made
                if not self.refused_as_read_only(workspace, error):
                    self.call_from_thread(
                        self.notify, f"Reading state not saved: {error}", severity="error"
                    )
                continue
            self.call_from_thread(self.broadcast, news)
            if say:
                self.call_from_thread(self.notify, say, timeout=2)

    def refresh_claims(self, doc_id: str) -> None:
        """Tell every screen the claims of ``doc_id`` as the store holds them now
        (a reader reloaded a briefing a sync re-anchored: the review list and the
        library's counts follow)."""
        self._refresh_claims(doc_id)

    @work(thread=True, group="store-read")
    def _refresh_claims(self, doc_id: str) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        try:
            with self.core_lock:
                claims = workspace.claims.for_document(doc_id)
                counts = workspace.claims.counts()
                self._claim_counts = counts
        except StoreError as error:
            self.call_from_thread(self.notify, f"Claims not read: {error}", severity="warning")
            return
        self.call_from_thread(self.broadcast, ClaimsChanged(doc_id, claims, dict(counts)))


def _counts(workspace: Workspace) -> StreamCounts | None:
    """The library's reading counts, or ``None`` when they cannot be read now."""
    with suppress(StoreError):
        return workspace.stream.counts()
    return None
