"""The reader notices its own file changed and offers to reload it (``r``).

A sync that changed the library posts :class:`~briefing_tui.tui.messages.ListingReady`
with every record as it is now. When this briefing's content hash is not the
one of the text shown, a line above the text says so ("This briefing changed
on disk — r reloads") until ``r`` reloads it: the same part and place in it,
the claims as the sync re-anchored them, and every screen told of them (the
review list and the library's counts follow). A renamed file is followed
silently; a file gone from the library is said, with nothing to reload.
``ctrl+r`` syncs from the reader, as it does in the library.
A mixin of :class:`~.screen.ReaderScreen`.
"""

from __future__ import annotations

import asyncio

from textual import work
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Label

from briefing_tui.core.briefings.documents import Briefing, Skipped
from briefing_tui.core.text.layout import first_screen
from briefing_tui.tui.messages import ClaimsChangedAcross, ListingReady
from briefing_tui.tui.screens.reader.base import ReaderBase
from briefing_tui.tui.widgets.document import BriefingDocument
from briefing_tui.tui.widgets.find_bar import FindBar

CHANGED_ON_DISK = "This briefing changed on disk — r reloads"
GONE = "This briefing's file is no longer in the library (what is shown is as it was)"
#: ``r`` while the file is gone: the reader stays, as it was.
NOTHING_TO_RELOAD = (
    "Nothing to reload: this briefing's file is no longer in the library. "
    "r reloads it once a sync finds it again."
)


class ReloadMixin(ReaderBase):
    """The changed-on-disk line and ``r``."""

    #: A sync found the file changed: ``r`` reloads.
    reload_offered = False
    #: The place to open at on a reload: part + fraction into it (as positions are saved).
    _reopen_at: float | None = None

    def on_listing_ready(self, event: ListingReady) -> None:
        records = event.listing.records
        briefing = self.briefing
        if not records or briefing is None:  # the rows-only listing of start-up
            return
        record = records.get(self.record.id)
        if record is None or record.path is None:
            # Its claims read once per disappearance: the line saying so is mounted
            # later, so two listings in a row both found it missing and the second
            # read cancelled the first, under a test waiting for both.
            if not self.__dict__.get("_gone_read"):
                self.__dict__["_gone_read"] = True
                self._claims_again()
            self._say_on_disk(GONE)
            return
        was_gone = self.__dict__.pop("_gone_read", False)
        self.update_record(record)  # a new path, tags: the header follows
        if was_gone and self.reload_offered:
            # Back after a change was offered: the line said gone, it offers r again.
            self._say_on_disk(CHANGED_ON_DISK)
        if not record.content_hash or record.content_hash == briefing.content_hash:
            if not self.reload_offered:
                self._say_on_disk(None)  # back as it was shown
            if was_gone:
                # The sync placed its claims again on the text shown: the panel had
                # them all orphaned (and no highlights) until a reopen (a newcomer walk).
                self._claims_again()
        elif not self.reload_offered:
            self.reload_offered = True
            self._say_on_disk(CHANGED_ON_DISK)
            self.notify(CHANGED_ON_DISK, timeout=6)
            self.refresh_bindings()

    def on_claims_changed_across(self, _: ClaimsChangedAcross) -> None:
        """Claims changed across the library (a tag renamed, claims imported): the panel,
        the highlights and ``]`` show them anew (an import left the panel as it was)."""
        self._claims_again()

    @work(thread=True, group="reader-claims-again")
    def _claims_again(self) -> None:
        """The file is gone, or back: its claims, as the sync left them (orphaned, or
        placed again), in the panel, which went on showing them as they were ("fuzzy"
        while the claims screen and ``briefing claims`` said orphaned; a newcomer walk)."""
        workspace = self.briefing_app.workspace
        if workspace is None:
            return
        try:
            claims = workspace.claims.for_document(self.record.id)
        except Exception:  # the panel keeps what it shows; the next sync tries again
            return
        self.from_worker(self.show_claims, claims)

    def _say_on_disk(self, text: str | None) -> None:
        """Show (or with ``None`` hide) the line above the text about the file."""
        found = self.query("#on-disk")
        if text is None:
            found.remove()
            return
        if found:
            found.first(Label).update(Content(text))
        else:
            self.mount(Label(Content(text), id="on-disk"), before="#reader-body")

    def action_resync(self) -> None:
        """``ctrl+r``, as in the library: a sync, which finds this file changed if it is."""
        self.briefing_app.start_sync()

    def action_reload(self) -> None:
        if not self.reload_offered:
            return
        if self.__dict__.get("_gone_read"):
            # Offered, then the file went: the reload read nothing, closed the reader
            # ("Cannot open …") and still said "Reloaded" (a library-under-change walk).
            self.notify(NOTHING_TO_RELOAD, severity="warning", timeout=6)
            return
        scroll = self.query_one("#reader-scroll", VerticalScroll)
        fraction = scroll.scroll_y / scroll.max_scroll_y if scroll.max_scroll_y > 0 else 0.0
        self._reopen_at = self.section + min(fraction, 0.999)
        self._reload()

    @work(exclusive=True, group="reader-render")
    async def _reload(self) -> None:
        workspace = self.briefing_app.workspace
        if workspace is None:
            return
        # Read before the text shown is cleared: a file renamed or deleted since the
        # sync that offered the reload (not yet synced again) keeps the reader as it
        # was, with the offer, instead of an empty reader closed under the user.
        result = await asyncio.to_thread(workspace.read, self.record)
        if isinstance(result, Skipped):
            self._reopen_at = None
            self.notify(
                f"Could not reload {result.path}: {result.reason}. The text shown is as "
                "it was; r tries again once a sync finds the file.",
                severity="warning",
                timeout=8,
            )
            return
        head = await asyncio.to_thread(first_screen, result.body)
        read: asyncio.Future[tuple[Briefing | Skipped, str]]
        read = asyncio.get_running_loop().create_future()
        read.set_result((result, head))
        # The view empties and fills again: not the reader scrolling (see ReadingMixin).
        self._scroll_base = None
        self.reload_offered = False
        self._say_on_disk(None)
        self.refresh_bindings()
        with self._hold():
            # What was found, selected and claimed holds offsets into the text that goes.
            self.matches, self.current_match = [], -1
            self.selection = None
            self.at_offset = None
            self.reattach_id = None
            self._reading = read
            bar = self.query_one(FindBar)
            if bar.display:
                bar.display = False
                self.query_one("#reader-scroll", VerticalScroll).focus()
            await self.query_one("#document", BriefingDocument).clear()
            await self._open_briefing()
        self._reading = None
        self._reopen_at = None
        self.briefing_app.refresh_claims(self.record.id)
        self.notify("Reloaded", timeout=2)
