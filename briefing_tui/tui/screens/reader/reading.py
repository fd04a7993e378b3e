"""The reader's reading state: read after a few seconds or a page, ``u``, and ``d``.

A briefing becomes read once it has been open :attr:`ReadingMixin.READ_AFTER_S`
seconds (counted while the reader is the screen shown) or scrolled a screen
past where it opened, whichever comes first: the app marks it with the text
the reader shows (``mark_read``), and every screen hears of it
(:class:`~briefing_tui.tui.messages.ReadStateChanged`). ``u`` toggles read
and unread; made unread, it stays so for the rest of this opening.

Before anything is marked, the reader asks what changed since it was last
read (marking replaces the text kept): a briefing changed since is said once,
and ``d`` shows the word diff (:mod:`briefing_tui.tui.screens.what_changed`),
or says why there is none. A mixin of :class:`~.screen.ReaderScreen`;
handlers are named ``on_…`` (``@on`` is not collected from a plain mixin).
"""

from __future__ import annotations

import asyncio
import contextvars
import time
from typing import ClassVar

from textual import work
from textual._context import active_message_pump  # no public way to set it
from textual.binding import Binding
from textual.timer import Timer

from briefing_tui.core.store import StoreError
from briefing_tui.core.stream import NoDiff, ReadText, WhatChanged
from briefing_tui.tui.messages import ReadStateChanged
from briefing_tui.tui.screens.reader.base import ReaderBase
from briefing_tui.tui.screens.what_changed import (
    INVITATION_TITLE,
    WhatChangedScreen,
    diff_model,
    drop_invitations,
    read_on,
    summary_text,
)

READING_HELP = """\
## Reading

A briefing is marked **read** once it has been open for 3 seconds or scrolled a screen
down; `u` marks it unread again (it stays unread while it is open) or read. When a
briefing changed since you read it, the reader says so and `d` shows **what changed**:
the text now with the words inserted highlighted and those deleted struck through, and
the claims the change moved or made fuzzy marked; `n` / `N` go from change to change.

`y` copies a quote with its citation (`"…" — Title, Source, Date, URL`): the sentences
selected (`c`), else the sentence of the current find match, else the claim in view.
When a sync finds this briefing's file changed, the reader offers to reload it (`r`).
"""


#: The reader's keys of the daily stream (its BINDINGS take them in, after find).
#: The tooltip is what the help screen shows.
READING_BINDINGS = [
    Binding(
        "u",
        "toggle_read",
        "Read/unread",
        id="reader.read",
        tooltip="Mark unread (it stays so while open) or read",
    ),
    Binding(
        "d",
        "what_changed",
        "Changes",
        id="reader.changes",
        tooltip="What changed since you read it: the words inserted and deleted",
    ),
    Binding(
        "y",
        "copy_quote",
        "Copy quote",
        id="reader.copy",
        tooltip="Copy with citation: the selection, the find match's sentence or the claim in view",
    ),
    Binding(
        "r",
        "reload",
        "Reload",
        id="reader.reload",
        tooltip="Reload the briefing when a sync found its file changed",
    ),
    Binding("ctrl+r", "resync", "Re-sync the library", id="reader.resync", show=False),
]


#: ``d`` on a briefing first read in this visit.
FIRST_READ_NOW = (
    "Nothing to compare yet: you are reading it for the first time. "
    "If its file changes later, d shows what changed since now."
)


class ReadingMixin(ReaderBase):
    """Marking read, ``u`` and ``d`` for the reader."""

    #: Seconds open before a briefing is marked read (tests shorten it).
    READ_AFTER_S: ClassVar[float] = 3.0

    #: Read in the store, as last known (``None``: not known yet).
    _read_state: bool | None = None
    #: ``u`` made it unread in this opening: it is not marked read again by itself.
    _keep_unread = False
    #: Marked read (by time or scrolling) in this opening of this text.
    _marked = False
    #: Time or scrolling asked for the mark before what changed was known.
    _mark_waiting = False
    #: What changed since it was read, asked before the mark (``None``: not known).
    _changes: WhatChanged | NoDiff | None = None
    _checked = False
    _read_timer: Timer | None = None
    _read_left = 0.0
    _read_started = 0.0
    #: Where the view was when the open settled: (part, scroll y).
    _scroll_base: tuple[int, float] | None = None

    def help_text(self) -> str:
        return READING_HELP

    def on_mount(self) -> None:
        self.watch(self._scroll(), "scroll_y", self._scrolled, init=False)

    # -- the opening ---------------------------------------------------------------------

    def _opened(self) -> None:
        """The briefing (or a reload of it) is on screen: follow its reading from now."""
        self._checked = False
        self._changes = None
        self._marked = False
        self._mark_waiting = False
        self._scroll_base = None
        self._check_reading()
        # Started from the screen's own message loop, not from the open's worker: a
        # timer started inside a worker carries the worker (and this screen) in its
        # context, and its cancelled handle would keep a closed reader alive until due.
        self.call_later(self._start_read_timer, self.READ_AFTER_S)
        # After the open's own scrolls (a restored position, a search match) are made.
        self.call_after_refresh(self.call_after_refresh, self._settle_scroll_base)

    def _settle_scroll_base(self) -> None:
        self._scroll_base = (self.section, self._scroll().scroll_y)

    @work(exclusive=True, group="reader-state")
    async def _check_reading(self) -> None:
        workspace = self.briefing_app.workspace
        briefing = self.briefing
        if workspace is None or briefing is None:
            return
        doc_id = self.record.id
        shown = ReadText(briefing.content_hash, self.plain)
        try:
            # One read mark's query (and the diff when it changed), not the library's states.
            changes = await asyncio.to_thread(workspace.stream.what_changed, doc_id, shown)
        except (StoreError, OSError) as error:
            self.notify(f"Reading state not known: {error}", severity="warning")
            changes = None
        if changes is not None:
            self._read_state = not (isinstance(changes, NoDiff) and changes.reason == "never_read")
        self._changes = changes
        self._checked = True
        if isinstance(changes, WhatChanged) and not changes.unchanged:
            drop_invitations(self.app)  # the briefing read before's: two alike stacked
            self.notify(
                f"Changed since you read it on {read_on(changes.read_at)}: d shows what changed",
                title=INVITATION_TITLE,
                timeout=8,
            )
        if self._mark_waiting:
            self._read_due()

    # -- marking read by time and by scrolling -------------------------------------------

    def _start_read_timer(self, seconds: float) -> None:
        if self._read_timer is not None:
            self._read_timer.stop()
        self._read_left = seconds
        self._read_started = time.monotonic()
        # The timer's sleep is an event-loop handle that outlives a cancel until it is
        # due, and it holds the context it was made in. Made in a copy whose current
        # message pump is the app, a closed reader is not kept alive for those seconds.
        context = contextvars.copy_context()
        context.run(active_message_pump.set, self.app)
        self._read_timer = context.run(self.set_timer, seconds, self._read_due, name="read-after")

    def on_screen_suspend(self) -> None:
        """Another screen shows: the seconds stop counting (a link followed at once)."""
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
            self._read_left -= time.monotonic() - self._read_started

    def on_unmount(self) -> None:
        # Back in the library, "d shows what changed" no longer holds.
        drop_invitations(self.app)

    def on_screen_resume(self) -> None:
        if self._read_timer is None and not self._marked and self._read_left > 0:
            self._start_read_timer(self._read_left)

    def _scrolled(self, y: float) -> None:
        base = self._scroll_base
        if base is None or self._marked:
            return
        page = self._scroll().scrollable_content_region.height
        if self.section != base[0] or (page > 0 and abs(y - base[1]) >= page):
            self._read_due()

    def _read_due(self) -> None:
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        self._read_left = 0.0
        if self._marked or self._keep_unread or self.briefing is None:
            return
        if not self._checked:
            self._mark_waiting = True
            return
        self._mark_read()

    def _mark_read(self, say: str | None = None) -> None:
        briefing = self.briefing
        if briefing is None:
            return
        self._marked = True
        self._read_state = True
        shown = {self.record.id: ReadText(briefing.content_hash, self.plain)}
        self.briefing_app.mark_read([self.record.id], shown, say=say)

    def on_read_state_changed(self, event: ReadStateChanged) -> None:
        if self.record.id in event.doc_ids:
            self._read_state = event.read

    # -- keys ----------------------------------------------------------------------------

    def action_toggle_read(self) -> None:
        """``u``: unread if read (and it stays unread while open), else read."""
        if not self._checked:
            self.notify("One moment: the briefing is still opening.", timeout=2)
            return
        if self._read_state:
            self._read_state = False
            self._keep_unread = True
            self.briefing_app.mark_unread([self.record.id], say="Marked unread")
        else:
            self._keep_unread = False
            self._mark_read(say="Marked read")

    def action_what_changed(self) -> None:
        """``d``: the word diff since it was read, or why there is none."""
        changes = self._changes
        if self.reload_offered:
            # The file changed since it was shown: what changed is in the file, not in
            # the text on screen ("Nothing changed since you read it" under a line
            # saying "changed on disk"; a newcomer walk).
            self._changes_on_disk()
            return
        self._say_changes(changes)

    @work(exclusive=True, group="reader-changes-on-disk")
    async def _changes_on_disk(self) -> None:
        workspace = self.briefing_app.workspace
        if workspace is None:
            return
        try:
            changes = await asyncio.to_thread(workspace.stream.what_changed, self.record.id)
        except (StoreError, OSError) as error:
            self.notify(f"What changed cannot be read now: {error}", severity="warning")
            return
        self._say_changes(changes)

    def _say_changes(self, changes: WhatChanged | NoDiff | None) -> None:
        if not self._checked:
            self.notify("One moment: the briefing is still opening.", timeout=2)
        elif changes is None:
            self.notify("What changed cannot be read now.", severity="warning")
        elif isinstance(changes, NoDiff) and changes.reason == "never_read" and self._read_state:
            # Read for the first time in this visit (by time, scrolling or ``u``): "it
            # has not been read yet" contradicted the list's mark, just gone.
            self.notify(FIRST_READ_NOW, title="What changed", timeout=6)
        elif isinstance(changes, NoDiff):
            self.notify(changes.message, title="What changed", timeout=6)
        elif changes.unchanged:
            self.notify(f"{summary_text(changes)}.", title="What changed", timeout=4)
        else:
            self._show_changes(changes)

    @work(exclusive=True, group="reader-changes")
    async def _show_changes(self, changes: WhatChanged) -> None:
        model = await asyncio.to_thread(diff_model, changes)
        if self not in self.app.screen_stack:  # left meanwhile: not over the library
            return
        title = self.briefing.title if self.briefing is not None else self.record.title
        self.app.push_screen(WhatChangedScreen(title, changes, model))
        if not self.reload_offered:
            # Reading what changed is reading it: the list's "changed" mark stayed
            # (the seconds stop counting while the diff shows) until it was opened again.
            self._read_due()
