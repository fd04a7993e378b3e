"""The counts the overview shows: briefings per day, claims by status, anchor, source
and credibility. A few grouped queries, each one pass over a table.

The part of :class:`~.store.Store` that counts them; :mod:`..analysis.overview`
turns them into weeks, ratings and top lists.
"""

from __future__ import annotations

from .connection import Connections


class OverviewRows(Connections):
    """Overview counts (a part of :class:`~.store.Store`)."""

    def briefings_per_day(self) -> list[tuple[str, int]]:
        """(``YYYY-MM-DD``, present briefings dated that day), by day."""
        rows = self.query(
            "SELECT substr(date, 1, 10) AS day, count(*) FROM documents "
            "WHERE path IS NOT NULL GROUP BY day ORDER BY day"
        )
        return [(str(row[0] or ""), int(row[1])) for row in rows]

    def claim_counts_by(self, column: str) -> dict[str, int]:
        """Claims per ``status`` or per ``anchor``."""
        if column not in ("status", "anchor"):
            raise ValueError(f"claims are not counted by {column!r}")
        rows = self.query(f"SELECT {column}, count(*) FROM claims GROUP BY {column}")
        return {str(row[0]): int(row[1]) for row in rows}

    def claim_counts_by_source_and_credibility(self) -> list[tuple[str | None, int | None, int]]:
        """(the briefing's source as written, the claim's credibility, claims)."""
        rows = self.query(
            "SELECT d.source, c.credibility, count(*) FROM claims AS c "
            "LEFT JOIN documents AS d ON d.id = c.doc_id GROUP BY d.source, c.credibility"
        )
        return [(row[0], row[1], int(row[2])) for row in rows]
