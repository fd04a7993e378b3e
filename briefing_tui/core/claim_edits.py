"""Claims on a library's briefings: made, changed, deleted, re-attached.

A mixin of :class:`~.workspace.Workspace`: each write is one store transaction,
and the briefing's claims document in the claims index is rewritten after it
(see :meth:`.Workspace.pending_reindex` and :mod:`.search.claim_index`), so
``claim:``, ``note:`` and the claim filters find it at once, and the save costs
the same for a 4 MB briefing as for a short one (the briefing is not re-indexed).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from .briefings import Briefing, Skipped
from .briefings.documents import storable_ns
from .claims.anchoring import make_selector
from .claims.model import Claim, ClaimChanges, NewClaimFields
from .claims.store import ClaimStore
from .resolving import DocumentNotFound, QuoteNotFound, place_quote
from .store import DocumentRecord, Store, StoreError

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["ClaimEdits", "QuoteNotFound"]


class ClaimEdits:
    """The claim writes of a :class:`~.workspace.Workspace`."""

    store: Store
    #: The text the last claim was made in: (doc id, content hash, size, mtime, text).
    #: An analyst claims passage after passage of one report, and each save read its
    #: text from the index again (a 4 MB briefing: 12 ms of decompressing).
    _claimed_last: tuple[str, str, int, int, str] | None = None

    @property
    def root(self) -> Path:
        raise NotImplementedError

    def read(self, record: DocumentRecord) -> Briefing | Skipped:
        raise NotImplementedError

    def indexed_text(self, doc_id: str) -> str | None:
        raise NotImplementedError

    def pending_reindex(
        self, doc_ids: Sequence[str], *, claims_only: bool = False
    ) -> AbstractContextManager[list[str]]:
        raise NotImplementedError

    @property
    def claims(self) -> ClaimStore:
        return ClaimStore(self.store)

    def add_claim(
        self, record: DocumentRecord, start: int, end: int, **fields: Unpack[NewClaimFields]
    ) -> Claim:
        """Save a claim on [start, end) of the document's plain text (with a note, tags, a
        status, a credibility, an event date); one transaction."""
        text, content_hash = self._claimed_text(record)
        selector = make_selector(text, start, end)
        with self.pending_reindex([record.id], claims_only=True):
            claim = self.claims.add(record.id, selector, content_hash, **fields)
        return claim

    def _claimed_text(self, record: DocumentRecord) -> tuple[str, str]:
        """The plain text a new claim addresses, and the hash of the file it is of.

        While the file is as the last sync saw it (same size and time), the text
        is the one the index holds: turning a 4 MB briefing's Markdown into text
        again took 3 s, and a save is to cost the same for every size. Otherwise
        the file is read. A file changed unseen since is caught by the hash: the
        next sync re-anchors the claim on the text as it is then.
        """
        if record.path is not None and record.content_hash:
            try:
                info = (self.root / record.path).stat()
            except OSError:
                info = None
            same = info is not None and info.st_size == record.size
            if same and info is not None and storable_ns(info.st_mtime_ns) == record.mtime_ns:
                stamp = (record.id, record.content_hash, record.size, record.mtime_ns)
                last = self._claimed_last
                if last is not None and last[:4] == stamp:
                    return last[4], record.content_hash
                indexed = self.indexed_text(record.id)
                if indexed is not None:
                    self._claimed_last = (*stamp, indexed)
                    return indexed, record.content_hash
        briefing = self.read(record)
        if not isinstance(briefing, Briefing):
            raise DocumentNotFound(f"{briefing.path}: {briefing.reason}")
        return briefing.plain_text, briefing.content_hash

    def annotate(
        self,
        record: DocumentRecord,
        quote: str,
        *,
        occurrence: int | None = None,
        **fields: Unpack[NewClaimFields],
    ) -> Claim:
        """Claim the passage matching ``quote`` (whitespace-insensitive).

        Raises :class:`QuoteNotFound` when it is absent, or present several
        times without ``occurrence`` (1-based) saying which. A claim there already
        saying just this (note, tags, status, ratings) is returned, not made twice:
        a script run again piled up copies of each of its claims (a walk).
        """
        text, content_hash = self._claimed_text(record)
        start, end = place_quote(text, quote, occurrence, where=record.path or record.id)
        said = (
            fields.get("note", ""),
            sorted(fields.get("tags", [])),
            fields.get("status", "open"),
            fields.get("credibility"),
            fields.get("event_date"),
        )
        for mine in self.claims.for_document(record.id):
            there = (mine.selector.start, mine.selector.end) == (start, end)
            mine_said = (mine.note, sorted(mine.tags), mine.status, mine.credibility)
            if there and (*mine_said, mine.event_date) == said:
                return mine
        selector = make_selector(text, start, end)
        with self.pending_reindex([record.id], claims_only=True):
            return self.claims.add(record.id, selector, content_hash, **fields)

    def update_claim(self, claim_id: str, **changes: Unpack[ClaimChanges]) -> Claim:
        """Change the fields given; a credibility of 0 and an event date of "" clear them."""
        before = self.claims.get(claim_id)
        with self.pending_reindex(
            [before.doc_id] if before is not None else [], claims_only=True
        ) as pending:
            claim = self.claims.update(claim_id, **changes)
            pending[:] = [claim.doc_id]
        return claim

    def delete_claim(self, claim_id: str) -> int:
        """Delete a claim (and its links); returns how many links went with it."""
        claim = self.claims.get(claim_id)
        if claim is None:
            return 0
        with self.pending_reindex([claim.doc_id], claims_only=True):
            return self.claims.delete(claim_id)

    def retag_claims(self, old: str, new: str | None) -> int:
        """Rename a claims' tag (merging into ``new`` if claims have it), or delete it
        (``None``), on every claim holding it; the claims index follows. How many claims."""
        with self.pending_reindex(self.claims.tagged_documents(old), claims_only=True):
            return self.claims.retag(old, new)

    def reattach_claim(self, claim_id: str, start: int, end: int) -> Claim:
        """Point a claim at [start, end) of its briefing's current text (review)."""
        claim = self.claims.get(claim_id)
        if claim is None:
            raise StoreError(f"no claim with id {claim_id}")
        record = self.store.get(claim.doc_id)
        briefing = self.read(record) if record is not None else None
        if not isinstance(briefing, Briefing):
            raise DocumentNotFound("the claim's briefing is not in the library")
        selector = make_selector(briefing.plain_text, start, end)
        with self.pending_reindex([claim.doc_id], claims_only=True):
            updated = self.claims.reattach(claim_id, selector, briefing.content_hash)
        return updated
