"""Claim links: the rows of ``claim_links`` (one claim supports, contradicts, repeats or
cites another), read and written.

The part of :class:`~.store.Store` that keeps them. What a relation is and how
it reads from either end is :mod:`..claims.vocabulary`; the rules a link must
follow (never to itself, to a claim that exists, one per pair and relation)
are checked here inside the write's transaction, so two writers cannot break
them between a check and the insert. A link outlives its claims' re-anchoring
(it is keyed by claim id); deleting a claim deletes its links
(:meth:`..claims.store.ClaimStore.delete`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Literal

from .connection import Connections
from .errors import ExplainedConnection

#: What adding a link came to.
LinkOutcome = Literal["added", "exists", "missing_from", "missing_to"]


@dataclass(frozen=True, slots=True)
class LinkRow:
    """One stored link: ``from_id`` ``relation`` ``to_id`` (``a contradict b``)."""

    from_id: str
    relation: str
    to_id: str
    created: str


_ROW = "SELECT from_id, relation, to_id, created FROM claim_links"


def _rows(rows: Iterable[sqlite3.Row]) -> list[LinkRow]:
    return [LinkRow(str(a), str(r), str(b), str(c)) for a, r, b, c in rows]


class LinkRows(Connections):
    """Claim links (a part of :class:`~.store.Store`)."""

    def link_rows(self, claim_ids: Collection[str] | None = None) -> list[LinkRow]:
        """Every link, or those with an end among ``claim_ids``; by from, relation, to."""
        order = " ORDER BY from_id, relation, to_id"
        if claim_ids is None:
            return _rows(self.query(_ROW + order))
        if len(claim_ids) == 1:
            (only,) = claim_ids
            return _rows(self.query(f"{_ROW} WHERE from_id = ? OR to_id = ?{order}", (only, only)))
        wanted = json.dumps(sorted(claim_ids))
        return _rows(
            self.query(
                f"{_ROW} WHERE from_id IN (SELECT value FROM json_each(?)) "
                f"OR to_id IN (SELECT value FROM json_each(?)){order}",
                (wanted, wanted),
            )
        )

    def link_counts(self) -> dict[str, int]:
        """Links per relation."""
        rows = self.query("SELECT relation, count(*) FROM claim_links GROUP BY relation")
        return {str(row[0]): int(row[1]) for row in rows}

    def add_link(
        self, from_id: str, relation: str, to_id: str, created: str, *, either_way: bool
    ) -> LinkOutcome:
        """Add ``from_id relation to_id`` unless it is there (``either_way``: the
        relation reads the same both ways, so ``to_id relation from_id`` is it too).
        One transaction; both claims must exist in it."""
        with self.transaction() as db:
            return self.insert_link(db, from_id, relation, to_id, created, either_way=either_way)

    @staticmethod
    def insert_link(
        db: ExplainedConnection,
        from_id: str,
        relation: str,
        to_id: str,
        created: str,
        *,
        either_way: bool,
    ) -> LinkOutcome:
        """:meth:`add_link` inside a transaction the caller holds (an import's)."""

        def exists(claim_id: str) -> bool:
            return (
                db.execute("SELECT 1 FROM claims WHERE id = ?", (claim_id,)).fetchone() is not None
            )

        if not exists(from_id):
            return "missing_from"
        if not exists(to_id):
            return "missing_to"
        pairs = [(from_id, to_id), (to_id, from_id)] if either_way else [(from_id, to_id)]
        for first, second in pairs:
            found = db.execute(
                "SELECT 1 FROM claim_links WHERE from_id = ? AND relation = ? AND to_id = ?",
                (first, relation, second),
            ).fetchone()
            if found is not None:
                return "exists"
        db.execute(
            "INSERT INTO claim_links (from_id, relation, to_id, created) VALUES (?, ?, ?, ?)",
            (from_id, relation, to_id, created),
        )
        return "added"

    def remove_link(self, from_id: str, relation: str, to_id: str, *, either_way: bool) -> int:
        """Remove the link (``either_way``: in whichever direction it was made); how many went."""
        pairs = [(from_id, to_id), (to_id, from_id)] if either_way else [(from_id, to_id)]
        removed = 0
        with self.transaction() as db:
            for first, second in pairs:
                removed += db.execute(
                    "DELETE FROM claim_links WHERE from_id = ? AND relation = ? AND to_id = ?",
                    (first, relation, second),
                ).rowcount
        return removed
