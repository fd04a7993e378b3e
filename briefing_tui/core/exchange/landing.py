"""Landing an import: the file's claims, app tags and reading states in the store.

Claims are re-anchored on the current text with the rules of sync; a claim
whose briefing is not in the library is kept, orphaned, on a document record
without a file; a claim whose id is that of a claim here on another briefing
or quote is a conflict, reported and never applied; a claim edited later
here than in the file is left as it is. Everything is written in one
transaction. Importing the same file twice adds nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from briefing_tui.core.briefings.documents import Briefing
from briefing_tui.core.claims.anchoring import Selector, make_selector, reanchor_all
from briefing_tui.core.claims.model import Claim

from ..store import effective_tags
from ..workspace import Workspace
from .import_report import ImportReport
from .incoming import Incoming, IncomingClaim
from .matching import DocumentMatcher
from .times import is_newer


@dataclass
class _Landing:
    """Where an incoming claim ends up in this store."""

    selector: Selector
    content_hash: str
    anchor: str
    candidate: tuple[int, int, str] | None


def import_annotations(ws: Workspace, incoming: Incoming, *, dry_run: bool = False) -> ImportReport:
    """Bring a checked file's claims, app tags and reading states into the store.

    Call after a sync (claims are re-anchored on the files as they are now).
    Everything is written in one transaction, then the briefings touched are
    re-indexed so search sees their claims and tags.
    """
    report = ImportReport(incoming.format, dry_run=dry_run)
    plan = _Plan(ws, incoming, report)
    plan.match_documents()
    plan.plan_claims()
    plan.plan_tags_and_reading()
    if not dry_run:
        plan.write()
    return report


class _Plan(DocumentMatcher):
    """The claims to insert and update, the app tags and reading states to restore."""

    def __init__(self, ws: Workspace, incoming: Incoming, report: ImportReport) -> None:
        super().__init__(ws, incoming, report)
        self.inserts: list[tuple[IncomingClaim, str, _Landing]] = []
        self.updates: list[IncomingClaim] = []
        self.tag_rows: dict[str, dict[str, int]] = {}
        self.readings: dict[str, tuple[float, str]] = {}
        self.touched: set[str] = set()

    def _has_file(self, target: str) -> bool:
        row = self.known.get(self._store_id(target))
        return row is not None and row["path"] is not None

    # -- claims -----------------------------------------------------------------------

    def plan_claims(self) -> None:
        landings = self._land_all()
        existing = self.ws.claims.all()
        renamed = {old: new for old, new in self.renames}
        by_id = {claim.id: claim for claim in existing}
        by_key = {}
        for claim in existing:
            doc = renamed.get(claim.doc_id, claim.doc_id)
            by_key.setdefault((doc, claim.quote, claim.selector.start, claim.selector.end), claim)
        for claim in self.incoming.claims:
            target = self.target[claim.doc_id]
            landing = landings[claim.id]
            found = (
                by_id.get(claim.id)
                or by_key.get(
                    (target, claim.selector.exact, claim.selector.start, claim.selector.end)
                )
                or by_key.get(
                    (target, landing.selector.exact, landing.selector.start, landing.selector.end)
                )
            )
            if found is not None and self._conflict(found, claim, target, landing):
                self.report.conflicts.append(claim.id)  # never applied
                continue
            if not self._has_file(target):
                self.report.missing.append(claim.id)
            if found is None:
                self.inserts.append((claim, target, landing))
                self.report.added.append(claim.id)
                if landing.anchor != "exact":
                    self.report.reanchored[landing.anchor] += 1
                self.touched.add(target)
                continue
            same = (found.note, sorted(found.tags), found.status) == (
                claim.note,
                sorted(claim.tags),
                claim.status,
            )
            if same:
                self.report.unchanged.append(found.id)
            elif is_newer(claim.updated, found.updated):
                self.updates.append(replace_id(claim, found.id))
                self.report.updated.append(found.id)
                self.touched.add(renamed.get(found.doc_id, found.doc_id))
            else:
                self.report.newer_here.append(found.id)

    def _conflict(self, found: Claim, claim: IncomingClaim, target: str, landing: _Landing) -> bool:
        """The file's claim has the id of a claim here on another briefing or quote."""
        if found.id != claim.id:
            return False  # found by its briefing and quote: the same passage
        doc = dict(self.renames).get(found.doc_id, found.doc_id)
        return doc != target or found.quote not in (claim.selector.exact, landing.selector.exact)

    def _land_all(self) -> dict[str, _Landing]:
        """Each incoming claim re-anchored on its briefing's current text (sync's rules)."""
        landings: dict[str, _Landing] = {}
        stale: dict[str, list[IncomingClaim]] = {}
        texts: dict[str, Briefing | None] = {}
        for claim in self.incoming.claims:
            target = self.target[claim.doc_id]
            if target not in texts:
                texts[target] = self._briefing(target)
            briefing = texts[target]
            if briefing is None:
                # The briefing is not in the library: kept, orphaned, as sync leaves it.
                landings[claim.id] = _Landing(claim.selector, claim.content_hash, "orphaned", None)
            elif claim.content_hash == briefing.content_hash and claim.anchor in ("exact", "moved"):
                # Made on this very text: nothing to re-anchor.
                landings[claim.id] = _Landing(
                    claim.selector, claim.content_hash, claim.anchor, None
                )
            else:
                stale.setdefault(target, []).append(claim)
        for target, claims in stale.items():
            briefing = texts[target]
            assert briefing is not None
            text = briefing.plain_text
            anchors = reanchor_all([claim.selector for claim in claims], text)
            for claim, anchor in zip(claims, anchors, strict=True):
                if anchor.state in ("exact", "moved") and anchor.start is not None:
                    assert anchor.end is not None
                    selector = make_selector(text, anchor.start, anchor.end)
                    landings[claim.id] = _Landing(
                        selector, briefing.content_hash, anchor.state, None
                    )
                elif anchor.state == "fuzzy" and anchor.start is not None:
                    assert anchor.end is not None
                    landings[claim.id] = _Landing(
                        claim.selector,
                        claim.content_hash,
                        "fuzzy",
                        (anchor.start, anchor.end, anchor.text),
                    )
                else:
                    landings[claim.id] = _Landing(
                        claim.selector, claim.content_hash, "orphaned", None
                    )
        return landings

    # -- app tags and reading state ---------------------------------------------------------

    def plan_tags_and_reading(self) -> None:
        current_tags: dict[str, dict[str, int]] = {}
        for row in self.ws.store.query("SELECT doc_id, tag, removed FROM user_tags"):
            current_tags.setdefault(row[0], {})[row[1]] = int(row[2])
        current_reading = {
            row[0]: row[1]
            for row in self.ws.store.query("SELECT doc_id, opened_at FROM reading_state")
        }
        for doc in sorted(self.incoming.documents.values(), key=lambda doc: doc.id):
            target = self.target[doc.id]
            here = self._store_id(target)
            wanted = {tag: 0 for tag in doc.added} | {tag: 1 for tag in doc.removed}
            have = current_tags.get(here, {})
            changed = {tag: flag for tag, flag in wanted.items() if have.get(tag) != flag}
            if changed:
                self.tag_rows[target] = changed
                self.report.tags_restored += 1
                self.touched.add(target)
            self.report.reading_dropped += doc.bad_reading
            if doc.reading is not None:
                opened = current_reading.get(here)
                if opened is None or is_newer(doc.reading[1], opened):
                    self.readings[target] = (self._clamp(target, doc.reading[0]), doc.reading[1])
                    self.report.reading_restored += 1

    def _clamp(self, target: str, position: float) -> float:
        """A position (part + fraction) within the briefing's parts, as the reader makes it."""
        briefing = self._briefing(target) if position >= 1 else None
        if briefing is None:
            return position
        from briefing_tui.core.text.layout import layout_document

        return min(position, len(layout_document(briefing.body).sections) - 1 + 0.999)

    # -- writing -----------------------------------------------------------------------------

    def write(self) -> None:
        now = datetime.now().isoformat(timespec="seconds")
        # Every briefing this import touches is re-indexed once the transaction
        # is in; recorded first, so a crash before that is caught up by the next sync.
        renamed = {name for pair in self.renames for name in pair}
        with (
            self.ws.pending_reindex(sorted(self.touched | renamed)),
            self.ws.store.transaction() as db,
        ):
            for old, new in self.renames:
                db.execute("UPDATE documents SET id = ? WHERE id = ?", (new, old))
            for doc in self.placeholders:
                db.execute(
                    "INSERT INTO documents (id, path, title, date, content_hash, source, url, "
                    "front_tags, tags, first_seen, missing_since) "
                    "VALUES (?, NULL, ?, ?, ?, ?, ?, ?, '[]', ?, ?)",
                    (
                        doc.id,
                        doc.title,
                        doc.date,
                        doc.content_hash,
                        doc.source,
                        doc.url,
                        json.dumps(doc.front_tags),
                        now,
                        now,
                    ),
                )
            for target, rows in self.tag_rows.items():
                db.executemany(
                    "INSERT OR REPLACE INTO user_tags(doc_id, tag, removed) VALUES (?, ?, ?)",
                    [(target, tag, flag) for tag, flag in rows.items()],
                )
            for target in {*self.tag_rows, *(doc.id for doc in self.placeholders)}:
                self._retag(db, target)
            for target, (position, opened_at) in self.readings.items():
                db.execute(
                    "INSERT OR REPLACE INTO reading_state(doc_id, position, opened_at) "
                    "VALUES (?, ?, ?)",
                    (target, position, opened_at),
                )
            for claim, target, landing in self.inserts:
                selector, candidate = landing.selector, landing.candidate
                db.execute(
                    "INSERT INTO claims (id, doc_id, exact, prefix, suffix, start, end, "
                    "content_hash, note, status, anchor, candidate_start, candidate_end, "
                    "candidate_text, created, updated) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        claim.id,
                        target,
                        selector.exact,
                        selector.prefix,
                        selector.suffix,
                        selector.start,
                        selector.end,
                        landing.content_hash,
                        claim.note,
                        claim.status,
                        landing.anchor,
                        candidate[0] if candidate else None,
                        candidate[1] if candidate else None,
                        candidate[2] if candidate else None,
                        claim.created,
                        claim.updated,
                    ),
                )
                db.executemany(
                    "INSERT INTO claim_tags (claim_id, tag) VALUES (?, ?)",
                    [(claim.id, tag) for tag in claim.tags],
                )
            for claim in self.updates:
                db.execute(
                    "UPDATE claims SET note = ?, status = ?, updated = ? WHERE id = ?",
                    (claim.note, claim.status, claim.updated, claim.id),
                )
                db.execute("DELETE FROM claim_tags WHERE claim_id = ?", (claim.id,))
                db.executemany(
                    "INSERT INTO claim_tags (claim_id, tag) VALUES (?, ?)",
                    [(claim.id, tag) for tag in claim.tags],
                )

    @staticmethod
    def _retag(db: Any, doc_id: str) -> None:
        row = db.execute("SELECT front_tags FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return
        added: set[str] = set()
        removed: set[str] = set()
        for tag, gone in db.execute(
            "SELECT tag, removed FROM user_tags WHERE doc_id = ?", (doc_id,)
        ):
            (removed if gone else added).add(tag)
        tags = effective_tags(json.loads(row[0]), (added, removed))
        db.execute("UPDATE documents SET tags = ? WHERE id = ?", (json.dumps(tags), doc_id))


def replace_id(claim: IncomingClaim, claim_id: str) -> IncomingClaim:
    """The incoming claim, addressed to the store's claim it matched."""
    from dataclasses import replace

    return replace(claim, id=claim_id)
