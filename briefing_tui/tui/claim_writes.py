"""The app's claim writes: add, edit, delete, re-attach, each one transaction in a worker.

A mixin of :class:`~briefing_tui.tui.app.BriefingApp`, the one writer:
screens ask (through :attr:`~.access.AppAccess.briefing_app`, saying which
briefing and claim, never passing themselves), the app writes under its core
lock and posts :class:`~.messages.ClaimsChanged` to every screen.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import work

from briefing_tui.core.claims.model import Claim
from briefing_tui.core.store import DocumentRecord
from briefing_tui.core.tags import clean_tags
from briefing_tui.tui.app_base import AppBase
from briefing_tui.tui.dialogs.claim import ClaimEdit
from briefing_tui.tui.dialogs.confirm import claim_delete_question
from briefing_tui.tui.messages import ClaimsChanged, ClaimsChangedAcross
from briefing_tui.tui.worker_threads import held_saying_so

from ..core.workspace import Workspace

#: One claim write, run in a worker under the core lock.
Write = Callable[[Workspace], object]


class ClaimWrites(AppBase):
    """Claim writes for the app; uses its workspace, core lock and library."""

    def known_claim_tags(self) -> list[str]:
        """Tags offered for completion in the claim dialog: claim and document tags."""
        tags = dict.fromkeys(self._claim_tags)
        tags.update(dict.fromkeys(tag for tag, _ in self.library.tag_counts()))
        return list(tags)

    def save_new_claim(self, record: DocumentRecord, start: int, end: int, edit: ClaimEdit) -> None:
        """Claim [start, end) of ``record``'s plain text, with the dialog's fields."""

        def write(workspace: Workspace) -> None:
            workspace.add_claim(
                record,
                start,
                end,
                note=edit.note,
                tags=edit.tags,
                status=edit.status,
                credibility=edit.credibility,
                event_date=edit.event_date,
            )

        self._claim_write(record.id, write, "Claim saved", typed=edit.note)

    def save_claim_edit(
        self, doc_id: str, claim_id: str, edit: ClaimEdit, shown: Claim | None
    ) -> None:
        """Save the fields the dialog changed, and only those.

        The dialog was filled from the claim as the reader loaded it (``shown``,
        as the reader shows it now); writing every field back would undo an
        edit made meanwhile elsewhere (another window, ``briefing claim-edit``)
        to a field the user did not touch.
        """
        changes = _changed_fields(shown, edit)
        if not changes:
            self.notify("Nothing changed.", timeout=2)
            return

        def write(workspace: Workspace) -> None:
            workspace.update_claim(claim_id, **changes)

        self._claim_write(doc_id, write, "Claim updated", typed=edit.note)

    def delete_claim(self, doc_id: str, claim_id: str) -> None:
        """Delete the claim; the notice says how many links went with it (as
        ``briefing claim-delete`` does: "Claim deleted" alone left the analyst unsure
        whether the links the question warned of were gone)."""
        self._claim_write(doc_id, lambda workspace: workspace.delete_claim(claim_id), _deleted)

    @work(thread=True, group="store-write")
    def retag_claims(self, old: str, new: str | None, done: str) -> None:
        """Rename a claims' tag on every claim (merging into ``new``), or delete it."""
        workspace = self.workspace
        if workspace is None:
            return
        try:
            with held_saying_so(self, self.core_lock, "Saving the tags"):
                changed = workspace.retag_claims(old, new)
                counts = workspace.claims.tag_counts()
                self._claim_tags = list(counts)
        except Exception as error:  # shown, never a traceback; nothing half-written
            self.call_from_thread(self.notify, f"Tags not changed: {error}", severity="error")
            return
        self.call_from_thread(self.broadcast, ClaimsChangedAcross(counts))
        noun = "claim" if changed == 1 else "claims"
        self.call_from_thread(self.notify, f"{done} ({changed} {noun})", timeout=3)

    def open_claims_import(self) -> None:
        """The palette's "Import claims": a file asked for (the newest export offered),
        then imported as ``briefing import-annotations`` does. The app could export
        claims and not take them back (a walk looked for "import" in vain)."""
        from briefing_tui.tui.dialogs.prompt import PromptScreen

        def given(path: str | None) -> None:
            if path and path.strip():
                self._import_claims(path.strip())

        question = (
            "Import claims from (a json or W3C .jsonld export of briefing-tui or another tool):"
        )
        offered = _newest_export(self.paths.data_root)
        self.push_screen(PromptScreen(question, offered, check=_not_a_file), given)

    @work(thread=True, group="store-write")
    def _import_claims(self, path: str) -> None:
        from briefing_tui.core.exchange import ExchangeError, import_annotations, load_annotations

        workspace = self.workspace
        if workspace is None:
            return
        try:
            incoming = load_annotations(Path(path).expanduser())  # checked whole first
            with held_saying_so(self, self.core_lock, "Importing the claims"):
                report = import_annotations(workspace, incoming)
        except ExchangeError as error:
            self.call_from_thread(self.notify, f"Not imported: {error}", severity="error")
            return
        except Exception as error:  # the store, the disk: said, never a traceback
            self.call_from_thread(self.notify, f"Not imported: {error}", severity="error")
            return
        self.call_from_thread(self.notify, report.summary(), title="Import claims", timeout=10)
        with contextlib.suppress(Exception):  # the counts are a nicety; the sync recounts
            counts = workspace.claims.tag_counts()
            self._claim_tags = list(counts)
            self.call_from_thread(self.broadcast, ClaimsChangedAcross(counts))
        # Counted and listed again; the claims and review screens select again.
        self.call_from_thread(self.request_sync, asked=False)

    def ask_to_delete_claim(self, claim: Claim) -> None:
        """Delete ``claim`` once the user says yes to a question that says its links go too
        (the reader's claims panel, the claims screen, the review)."""

        def answered(yes: bool | None) -> None:
            if yes:
                self.delete_claim(claim.doc_id, claim.id)

        links: int | None = None
        workspace = self.workspace
        if workspace is not None:
            with contextlib.suppress(Exception):  # a store that cannot answer: asked without
                links = len(workspace.analysis.links_of(claim.id))
        self.push_screen(claim_delete_question(claim.quote, links), answered)

    def reattach_claim(
        self, doc_id: str, claim_id: str, start: int, end: int, done: str = "Claim re-attached"
    ) -> None:
        """Anchor the claim on [start, end) (chosen by hand, or review's candidate)."""

        def write(workspace: Workspace) -> None:
            workspace.reattach_claim(claim_id, start, end)

        self._claim_write(doc_id, write, done)

    @work(thread=True, group="store-write")
    def _claim_write(
        self, doc_id: str, write: Write, done: str | Callable[[object], str], typed: str = ""
    ) -> None:
        """Run one claim write (one transaction), then tell the screens. ``typed``: the
        note the user wrote, copied to the clipboard when the write fails (the
        dialog is gone by then: a claim begun on a briefing deleted meanwhile lost
        its note, a newcomer walk)."""
        workspace = self.workspace
        if workspace is None:
            return
        try:
            with held_saying_so(self, self.core_lock, "Saving the claim"):
                result = write(workspace)
                claims = workspace.claims.for_document(doc_id)
                counts = workspace.claims.counts()
                self._claim_counts = counts
                self._claim_tags = list(workspace.claims.tag_counts())
                notices = list(workspace.notices)
                workspace.notices.clear()
        except Exception as error:  # shown, never a traceback; nothing half-written
            kept = ""
            if typed.strip():
                self.call_from_thread(self.copy_to_clipboard, typed)
                kept = " Your note is on the clipboard."
            said = str(error).rstrip(".")
            self.call_from_thread(self.notify, f"Not saved: {said}.{kept}", severity="error")
            return
        for notice in notices:  # saved, but the index could not follow, say
            self.call_from_thread(self.notify, notice.message, severity=notice.severity)
        # A save can finish after its reader was closed: the claim is saved,
        # and only the screens still open hear of it.
        self.call_from_thread(self.broadcast, ClaimsChanged(doc_id, claims, dict(counts)))
        said = done(result) if callable(done) else done
        self.call_from_thread(self.notify, said, timeout=2)


def _deleted(links: object) -> str:
    """The notice of a claim deleted with ``links`` links (what ``delete_claim`` returns)."""
    count = links if isinstance(links, int) else 0
    if not count:
        return "Claim deleted"
    return f"Claim deleted, with its {count} link{'' if count == 1 else 's'}"


def _changed_fields(shown: Claim | None, edit: ClaimEdit) -> dict[str, Any]:
    """The fields of ``edit`` that differ from the claim the dialog showed."""
    if shown is None:  # not known here: write what the dialog holds
        return {"note": edit.note, "tags": edit.tags, "status": edit.status} | _analyst_changes(
            edit
        )
    changes: dict[str, Any] = {}
    if edit.note != shown.note.strip():
        changes["note"] = edit.note
    if clean_tags(edit.tags) != clean_tags(shown.tags):
        changes["tags"] = edit.tags
    if edit.status != shown.status:
        changes["status"] = edit.status
    return changes | _analyst_changes(edit)


def _analyst_changes(edit: ClaimEdit) -> dict[str, Any]:
    """Credibility and event date, when the dialog's differ from what it opened with
    (a credibility of 0 and an event date of "" clear them)."""
    changes: dict[str, Any] = {}
    if edit.credibility != edit.credibility_before:
        changes["credibility"] = edit.credibility or 0
    if edit.event_date != edit.event_date_before:
        changes["event_date"] = edit.event_date or ""
    return changes


def _not_a_file(path: str) -> str | None:
    """Why ``path`` cannot be imported from, said in the dialog (it closed on it)."""
    try:
        found = Path(path).expanduser()
        if found.is_file():
            return None
        return f"{'A folder' if found.is_dir() else 'No such file'}: {found}"
    except (OSError, RuntimeError, ValueError) as error:  # ~nobody/x, a name too long
        return f"Cannot read {path}: {getattr(error, 'strerror', None) or error}"


def _newest_export(data_root: Path) -> str:
    """The newest json or W3C export in the data folder's ``exports/`` (where the
    export dialog saves), to offer; else that folder, to go on typing in."""
    folder = data_root / "exports"
    with contextlib.suppress(OSError):
        found = [p for p in folder.iterdir() if p.suffix in (".json", ".jsonld") and p.is_file()]
        if found:
            return str(max(found, key=lambda p: p.stat().st_mtime))
    return f"{folder}/"
