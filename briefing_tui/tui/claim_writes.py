"""The app's claim writes: add, edit, delete, re-attach, each one transaction in a worker.

A mixin of :class:`~briefing_tui.tui.app.BriefingApp`, the one writer: screens
ask, the app writes under its core lock and refreshes what shows claims.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from textual import work

from briefing_tui.core.claims.model import Claim
from briefing_tui.core.tags import clean_tags
from briefing_tui.tui.dialogs.claim import ClaimEdit

from ..core.workspace import Workspace

if TYPE_CHECKING:
    from briefing_tui.tui.screens.claims import ClaimsScreen
    from briefing_tui.tui.screens.reader.screen import ReaderScreen

    from .screens.library import LibraryScreen


class ClaimWrites:
    """Claim writes for the app; expects its workspace, core lock and library."""

    workspace: Workspace | None
    core_lock: threading.RLock
    library: LibraryScreen
    _claim_tags: list[str]

    def review_write(self, screen: ClaimsScreen, write, done: str) -> None:  # type: ignore[no-untyped-def]
        """A write from the review screen, which then lists what is left."""
        self._claim_write(None, write, done, screen)

    def known_claim_tags(self) -> list[str]:
        """Tags offered for completion in the claim dialog: claim and document tags."""
        tags = dict.fromkeys(self._claim_tags)
        tags.update(dict.fromkeys(tag for tag, _ in self.library.tag_counts()))
        return list(tags)

    def save_new_claim(self, reader: ReaderScreen, start: int, end: int, edit: ClaimEdit) -> None:
        def write(workspace: Workspace) -> None:
            workspace.add_claim(
                reader.record, start, end, note=edit.note, tags=edit.tags, status=edit.status
            )

        self._claim_write(reader, write, "Claim saved")

    def save_claim_edit(self, reader: ReaderScreen, claim_id: str, edit: ClaimEdit) -> None:
        """Save the fields the dialog changed, and only those.

        The dialog was filled from the claim as the reader loaded it; writing
        every field back would undo an edit made meanwhile elsewhere (another
        window, ``briefing claim-edit``) to a field the user did not touch.
        """
        shown = next((claim for claim in reader.claims if claim.id == claim_id), None)
        changes = _changed_fields(shown, edit)
        if not changes:
            self.notify("Nothing changed.", timeout=2)  # type: ignore[attr-defined]
            return

        def write(workspace: Workspace) -> None:
            workspace.update_claim(claim_id, **changes)

        self._claim_write(reader, write, "Claim updated")

    def delete_claim(self, reader: ReaderScreen, claim_id: str) -> None:
        self._claim_write(
            reader, lambda workspace: workspace.delete_claim(claim_id), "Claim deleted"
        )

    def reattach_claim(self, reader: ReaderScreen, claim_id: str, start: int, end: int) -> None:
        def write(workspace: Workspace) -> None:
            workspace.reattach_claim(claim_id, start, end)

        self._claim_write(reader, write, "Claim re-attached")

    @work(thread=True, group="store-write")
    def _claim_write(  # type: ignore[no-untyped-def]
        self,
        reader: ReaderScreen | None,
        write,
        done: str,
        listing: ClaimsScreen | None = None,
    ) -> None:
        """Run one claim write (one transaction), then refresh what shows claims."""
        workspace = self.workspace
        if workspace is None:
            return
        try:
            with self.core_lock:
                write(workspace)
                claims = workspace.claims.for_document(reader.record.id) if reader else []
                counts = workspace.claims.counts()
                self._claim_tags = list(workspace.claims.tag_counts())
                notices = list(workspace.notices)
                workspace.notices.clear()
        except Exception as error:  # shown, never a traceback; nothing half-written
            self.call_from_thread(self.notify, f"Not saved: {error}", severity="error")
            return
        for notice in notices:  # saved, but the index could not follow, say
            self.call_from_thread(self.notify, notice.message, severity=notice.severity)
        if reader is not None:
            self.call_from_thread(self._show_reader_claims, reader, claims)
        if listing is not None:
            self.call_from_thread(listing.reload)
        self.call_from_thread(self.library.set_claim_counts, counts)
        self.call_from_thread(self.notify, done, timeout=2)

    def _show_reader_claims(self, reader: ReaderScreen, claims: list[Claim]) -> None:
        # A save can finish after its reader was closed: the claim is saved,
        # there is just no panel left to show it in.
        if reader.is_attached:
            reader.show_claims(claims)


def _changed_fields(shown: Claim | None, edit: ClaimEdit) -> dict[str, Any]:
    """The fields of ``edit`` that differ from the claim the dialog showed."""
    if shown is None:  # not known here: write what the dialog holds
        return {"note": edit.note, "tags": edit.tags, "status": edit.status}
    changes: dict[str, Any] = {}
    if edit.note != shown.note.strip():
        changes["note"] = edit.note
    if clean_tags(edit.tags) != clean_tags(shown.tags):
        changes["tags"] = edit.tags
    if edit.status != shown.status:
        changes["status"] = edit.status
    return changes
