"""The claims table: reading, adding, editing and deleting claims, one transaction each.

Each user action is one transaction; nothing here deletes a claim except an
explicit :meth:`ClaimStore.delete`. Sync re-anchors claims when their briefing
changes and records the result with :func:`anchor_updates` inside its own
transaction; an import writes its claims with the methods taking ``db``, inside
the transaction it holds open. Reads go through :meth:`.Store.query`, so any
thread may read (see :mod:`..store.connection`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Sequence
from datetime import datetime

from briefing_tui.core.claims.anchoring import Anchor, Selector
from briefing_tui.core.claims.heads import BriefingHead, ClaimHead, HeadRow
from briefing_tui.core.claims.model import Claim, check_status
from briefing_tui.core.claims.vocabulary import check_credibility, check_event_date
from briefing_tui.core.store import Store, StoreError
from briefing_tui.core.store.errors import ExplainedConnection
from briefing_tui.core.tags import clean_tags
from briefing_tui.core.text.sanitize import clean_text

_COLUMNS = (
    "id, doc_id, exact, prefix, suffix, start, end, content_hash, note, status, anchor, "
    "candidate_start, candidate_end, candidate_text, created, updated, credibility, event_date"
)


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _claim(row: sqlite3.Row, tags: list[str]) -> Claim:
    """A claim from a row of :data:`_COLUMNS` (read by position: by name costs a third
    of a full load's time at 10,000 claims)."""
    (
        claim_id,
        doc_id,
        exact,
        prefix,
        suffix,
        start,
        end,
        content_hash,
        note,
        status,
        anchor,
        candidate_start,
        candidate_end,
        candidate_text,
        created,
        updated,
        credibility,
        event_date,
    ) = row
    candidate = None
    if candidate_start is not None and candidate_end is not None:
        candidate = (candidate_start, candidate_end, candidate_text or "")
    return Claim(
        id=claim_id,
        doc_id=doc_id,
        selector=Selector(exact, prefix, suffix, start, end),
        content_hash=content_hash,
        note=note,
        tags=tags,
        status=status,
        anchor=anchor,
        candidate=candidate,
        created=created,
        updated=updated,
        credibility=credibility,
        event_date=event_date,
    )


def _credibility(value: int | None) -> int | None:
    """A credibility to store: 1 to 6, or ``None`` (``0`` or ``None`` clears it)."""
    return None if not value else check_credibility(value)


def _event_date(value: str | None) -> str | None:
    """An event date to store: ``YYYY-MM-DD``, or ``None`` (``""`` or ``None`` clears it)."""
    return None if not value or not value.strip() else check_event_date(value)


class ClaimStore:
    """The claims table of one library's store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- reading -------------------------------------------------------------------

    def _load(self, where: str = "", params: tuple[object, ...] = ()) -> list[Claim]:
        rows = self.store.query(f"SELECT {_COLUMNS} FROM claims {where}", params)
        if not rows:
            return []
        tags: dict[str, list[str]] = {}
        ids = [row[0] for row in rows]
        if not where or where.startswith("ORDER BY"):  # every claim: every tag, one query
            for claim_id, tag in self.store.query(
                "SELECT claim_id, tag FROM claim_tags ORDER BY claim_id, tag"
            ):
                tags.setdefault(claim_id, []).append(tag)
            ids = []
        for start in range(0, len(ids), 500):
            batch = ids[start : start + 500]
            marks = ",".join("?" * len(batch))
            for row in self.store.query(
                f"SELECT claim_id, tag FROM claim_tags WHERE claim_id IN ({marks}) ORDER BY tag",
                tuple(batch),
            ):
                tags.setdefault(row["claim_id"], []).append(row["tag"])
        return [_claim(row, tags.get(row[0], [])) for row in rows]

    def get(self, claim_id: str) -> Claim | None:
        found = self._load("WHERE id = ?", (claim_id,))
        return found[0] if found else None

    def for_document(self, doc_id: str) -> list[Claim]:
        return self._load("WHERE doc_id = ? ORDER BY start, end", (doc_id,))

    def all(self) -> list[Claim]:
        return self._load("ORDER BY doc_id, start")

    def by_document(self) -> dict[str, list[Claim]]:
        grouped: dict[str, list[Claim]] = {}
        for claim in self.all():
            grouped.setdefault(claim.doc_id, []).append(claim)
        return grouped

    def ids_with_prefix(self, prefix: str, limit: int = 2) -> list[str]:
        """Ids of claims starting with ``prefix`` (taken as it is: no wildcards)."""
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self.store.query(
            "SELECT id FROM claims WHERE id LIKE ? ESCAPE '\\' LIMIT ?", (pattern, limit)
        )
        return [row[0] for row in rows]

    def counts(self) -> dict[str, int]:
        """Claims per document id (the library list shows them)."""
        rows = self.store.query("SELECT doc_id, count(*) FROM claims GROUP BY doc_id")
        return {row[0]: row[1] for row in rows}

    def anchors(self, claim_ids: Collection[str]) -> dict[str, str]:
        """The anchor state of each of ``claim_ids`` that exists."""
        if not claim_ids:
            return {}
        rows = self.store.query(
            "SELECT id, anchor FROM claims WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(claim_ids)),),
        )
        return {row[0]: row[1] for row in rows}

    def doc_ids_of(self, claim_ids: Collection[str]) -> dict[str, str]:
        """The briefing of each of ``claim_ids`` that exists."""
        if not claim_ids:
            return {}
        rows = self.store.query(
            "SELECT id, doc_id FROM claims WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(claim_ids)),),
        )
        return {row[0]: row[1] for row in rows}

    def picker_rows(self) -> list[tuple[str, str, str, str, str, str, str]]:
        """(id, doc_id, quote, note, briefing title, anchor, status) of every claim, by
        briefing and position: what the link picker searches."""
        rows = self.store.query(
            "SELECT c.id, c.doc_id, c.exact, c.note, coalesce(d.title, ''), c.anchor, c.status "
            "FROM claims AS c LEFT JOIN documents AS d ON d.id = c.doc_id "
            "ORDER BY c.doc_id, c.start"
        )
        return [(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows]

    def heads(self) -> list[HeadRow]:
        """Every claim's head with its briefing's (``None`` when the briefing is not in
        the store), in :meth:`all`'s order: two queries reading only what a row shows
        (the timeline's 10,000 rows; the full claims and records took most of its
        first paint). Briefings apart: joining them to each claim cost more."""
        briefings = {
            row[0]: BriefingHead(row[1], row[2], row[3])
            for row in self.store.query(
                "SELECT id, title, date, source FROM documents "
                "WHERE id IN (SELECT doc_id FROM claims)"
            )
        }
        rows = self.store.query(
            "SELECT id, doc_id, exact, status, anchor, credibility, event_date, start, end "
            "FROM claims ORDER BY doc_id, start"  # as :meth:`all`: the same ties
        )
        return [(ClaimHead(*row), briefings.get(row[1])) for row in rows]

    def needing_review(self) -> list[Claim]:
        return self._load("WHERE anchor IN ('fuzzy', 'orphaned') ORDER BY doc_id, start")

    def tag_counts(self) -> dict[str, int]:
        rows = self.store.query("SELECT tag, count(*) FROM claim_tags GROUP BY tag")
        return {row[0]: row[1] for row in rows}

    # -- writing (one transaction each) --------------------------------------------

    def add(
        self,
        doc_id: str,
        selector: Selector,
        content_hash: str,
        *,
        note: str = "",
        tags: Sequence[str] = (),
        status: str = "open",
        credibility: int | None = None,
        event_date: str | None = None,
    ) -> Claim:
        import secrets  # only when a claim is made: it is slow to import

        claim_id = "c" + secrets.token_hex(6)
        now = _now()
        check_status(status)
        rated, dated = _credibility(credibility), _event_date(event_date)
        with self.store.transaction() as db:
            if db.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is None:
                raise StoreError(f"no document with id {doc_id}")
            db.execute(
                "INSERT INTO claims (id, doc_id, exact, prefix, suffix, start, end, content_hash, "
                "note, status, anchor, created, updated, credibility, event_date) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'exact', ?, ?, ?, ?)",
                (
                    claim_id,
                    doc_id,
                    selector.exact,
                    selector.prefix,
                    selector.suffix,
                    selector.start,
                    selector.end,
                    content_hash,
                    clean_text(note),
                    status,
                    now,
                    now,
                    rated,
                    dated,
                ),
            )
            db.executemany(
                "INSERT INTO claim_tags (claim_id, tag) VALUES (?, ?)",
                [(claim_id, tag) for tag in clean_tags(tags)],
            )
        found = self.get(claim_id)
        assert found is not None
        return found

    def update(
        self,
        claim_id: str,
        *,
        note: str | None = None,
        tags: Sequence[str] | None = None,
        status: str | None = None,
        credibility: int | None = None,
        event_date: str | None = None,
    ) -> Claim:
        """Change the fields given (``None``: left as it is). A credibility of ``0`` and
        an event date of ``""`` clear them."""
        rated = _credibility(credibility) if credibility is not None else None
        dated = _event_date(event_date) if event_date is not None else None
        with self.store.transaction() as db:
            if db.execute("SELECT 1 FROM claims WHERE id = ?", (claim_id,)).fetchone() is None:
                raise StoreError(f"no claim with id {claim_id}")
            if note is not None:
                db.execute("UPDATE claims SET note = ? WHERE id = ?", (clean_text(note), claim_id))
            if status is not None:
                db.execute(
                    "UPDATE claims SET status = ? WHERE id = ?", (check_status(status), claim_id)
                )
            if tags is not None:
                db.execute("DELETE FROM claim_tags WHERE claim_id = ?", (claim_id,))
                db.executemany(
                    "INSERT INTO claim_tags (claim_id, tag) VALUES (?, ?)",
                    [(claim_id, tag) for tag in clean_tags(tags)],
                )
            if credibility is not None:
                db.execute("UPDATE claims SET credibility = ? WHERE id = ?", (rated, claim_id))
            if event_date is not None:
                db.execute("UPDATE claims SET event_date = ? WHERE id = ?", (dated, claim_id))
            db.execute("UPDATE claims SET updated = ? WHERE id = ?", (_now(), claim_id))
        found = self.get(claim_id)
        assert found is not None
        return found

    def delete(self, claim_id: str) -> int:
        """Delete a claim with its tags and links; returns how many links went with it."""
        with self.store.transaction() as db:
            links = db.execute(
                "DELETE FROM claim_links WHERE from_id = ? OR to_id = ?", (claim_id, claim_id)
            ).rowcount
            db.execute("DELETE FROM claim_tags WHERE claim_id = ?", (claim_id,))
            db.execute("DELETE FROM claims WHERE id = ?", (claim_id,))
        return int(links)

    def tagged_documents(self, tag: str) -> list[str]:
        """The briefings holding a claim tagged ``tag``."""
        rows = self.store.query(
            "SELECT DISTINCT c.doc_id FROM claims c JOIN claim_tags t ON t.claim_id = c.id"
            " WHERE t.tag = ?",
            (tag,),
        )
        return [row[0] for row in rows]

    def retag(self, old: str, new: str | None) -> int:
        """Rename the claim tag ``old`` to ``new`` on every claim holding it (merged where a
        claim holds both), or take it off them (``None``); how many claims changed."""
        with self.store.transaction() as db:
            ids = [
                row[0]
                for row in db.execute("SELECT claim_id FROM claim_tags WHERE tag = ?", (old,))
            ]
            if new is not None and new != old:
                db.execute(
                    "INSERT OR IGNORE INTO claim_tags (claim_id, tag)"
                    " SELECT claim_id, ? FROM claim_tags WHERE tag = ?",
                    (new, old),
                )
            if new != old:
                db.execute("DELETE FROM claim_tags WHERE tag = ?", (old,))
                db.executemany(
                    "UPDATE claims SET updated = ? WHERE id = ?", [(_now(), i) for i in ids]
                )
        return len(ids) if new != old else 0

    def reattach(self, claim_id: str, selector: Selector, content_hash: str) -> Claim:
        """Point a claim at a new passage (review: accept a candidate, or re-attach)."""
        with self.store.transaction() as db:
            db.execute(
                "UPDATE claims SET exact = ?, prefix = ?, suffix = ?, start = ?, end = ?, "
                "content_hash = ?, anchor = 'exact', candidate_start = NULL, candidate_end = NULL, "
                "candidate_text = NULL, updated = ? WHERE id = ?",
                (
                    selector.exact,
                    selector.prefix,
                    selector.suffix,
                    selector.start,
                    selector.end,
                    content_hash,
                    _now(),
                    claim_id,
                ),
            )
        found = self.get(claim_id)
        if found is None:
            raise StoreError(f"no claim with id {claim_id}")
        return found

    # -- an import's writes (inside the transaction the import holds open) ---------

    @staticmethod
    def insert(db: ExplainedConnection, claim: Claim) -> None:
        """Write a whole claim as it is (its id, times, anchor and candidate kept)."""
        selector, candidate = claim.selector, claim.candidate
        db.execute(
            "INSERT INTO claims (id, doc_id, exact, prefix, suffix, start, end, "
            "content_hash, note, status, anchor, candidate_start, candidate_end, "
            "candidate_text, created, updated, credibility, event_date) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                claim.id,
                claim.doc_id,
                selector.exact,
                selector.prefix,
                selector.suffix,
                selector.start,
                selector.end,
                claim.content_hash,
                claim.note,
                claim.status,
                claim.anchor,
                candidate[0] if candidate else None,
                candidate[1] if candidate else None,
                candidate[2] if candidate else None,
                claim.created,
                claim.updated,
                claim.credibility,
                claim.event_date,
            ),
        )
        db.executemany(
            "INSERT INTO claim_tags (claim_id, tag) VALUES (?, ?)",
            [(claim.id, tag) for tag in claim.tags],
        )

    @staticmethod
    def take_edits(
        db: ExplainedConnection,
        claim_id: str,
        *,
        note: str,
        status: str,
        tags: Sequence[str],
        updated: str,
        credibility: int | None = None,
        event_date: str | None = None,
    ) -> None:
        """Give a claim the note, status, tags, credibility and event date of a later edit
        made elsewhere, and its time."""
        db.execute(
            "UPDATE claims SET note = ?, status = ?, updated = ?, credibility = ?, "
            "event_date = ? WHERE id = ?",
            (note, status, updated, credibility, event_date, claim_id),
        )
        db.execute("DELETE FROM claim_tags WHERE claim_id = ?", (claim_id,))
        db.executemany(
            "INSERT INTO claim_tags (claim_id, tag) VALUES (?, ?)",
            [(claim_id, tag) for tag in tags],
        )


#: Meta keys set (one per briefing) with every re-anchoring a sync records: the
#: claims index (:mod:`..search.claim_index`) catches up with those briefings.
CLAIMS_REANCHORED = "claims_reanchored:"


def anchor_updates(
    claims: Sequence[Claim], anchors: Sequence[Anchor], text: str, content_hash: str
) -> list[tuple[str, tuple[object, ...]]]:
    """The SQL that records re-anchoring results (run inside the sync's transaction).

    ``exact``/``moved`` move the selectors to where the quote is now; ``fuzzy``
    keeps the user's quote and records the candidate for review; ``orphaned``
    keeps everything as it was.
    """
    from briefing_tui.core.claims.anchoring import make_selector

    statements: list[tuple[str, tuple[object, ...]]] = []
    for claim, anchor in zip(claims, anchors, strict=True):
        if (
            anchor.state in ("exact", "moved")
            and anchor.start is not None
            and anchor.end is not None
        ):
            selector = make_selector(text, anchor.start, anchor.end)
            statements.append(
                (
                    "UPDATE claims SET prefix = ?, suffix = ?, start = ?, end = ?, "
                    "content_hash = ?, anchor = ?, candidate_start = NULL, candidate_end = NULL, "
                    "candidate_text = NULL WHERE id = ?",
                    (
                        selector.prefix,
                        selector.suffix,
                        selector.start,
                        selector.end,
                        content_hash,
                        anchor.state,
                        claim.id,
                    ),
                )
            )
        elif anchor.state == "fuzzy" and anchor.start is not None and anchor.end is not None:
            statements.append(
                (
                    "UPDATE claims SET anchor = 'fuzzy', candidate_start = ?, candidate_end = ?, "
                    "candidate_text = ? WHERE id = ?",
                    (anchor.start, anchor.end, anchor.text, claim.id),
                )
            )
        else:
            statements.append(
                (
                    "UPDATE claims SET anchor = 'orphaned', candidate_start = NULL, "
                    "candidate_end = NULL, candidate_text = NULL WHERE id = ?",
                    (claim.id,),
                )
            )
    for doc_id in sorted({claim.doc_id for claim in claims}):
        # In the same transaction: the claims index catches up with these briefings
        # from this mark (see Workspace._sync), even in the next process if this one dies.
        statements.append(
            (
                "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                (f"{CLAIMS_REANCHORED}{doc_id}", doc_id),
            )
        )
    return statements
