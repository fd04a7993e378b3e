"""Sources: the reliability rating of each source (``sources``), and the counts of the
briefings and claims each source has.

The part of :class:`~.store.Store` that keeps them. A source is rated by its
key, the front matter's ``source`` folded (:func:`..claims.vocabulary.source_key`),
so every spelling of it shares one rating; the name kept is the one it was
rated as. A rating outlives the briefings of its source (an import may bring
them back).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .connection import Connections
from .errors import ExplainedConnection


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A rated source: its key, the name it was rated as, its grade (A to F) and note."""

    key: str
    name: str
    reliability: str | None
    note: str
    updated: str


class SourceRows(Connections):
    """Source ratings and counts (a part of :class:`~.store.Store`)."""

    def source_ratings(self) -> dict[str, SourceRow]:
        """Every rated source, by key."""
        rows = self.query("SELECT key, name, reliability, note, updated FROM sources")
        return {str(row[0]): SourceRow(*row) for row in rows}

    def set_source_rating(
        self, key: str, name: str, reliability: str | None, note: str, updated: str
    ) -> None:
        """Rate a source (one transaction); no grade and no note forgets it."""
        with self.transaction() as db:
            self.put_source_rating(db, SourceRow(key, name, reliability, note, updated))

    @staticmethod
    def put_source_rating(db: ExplainedConnection, row: SourceRow) -> None:
        """:meth:`set_source_rating` inside a transaction the caller holds (an import's)."""
        if row.reliability is None and not row.note:
            db.execute("DELETE FROM sources WHERE key = ?", (row.key,))
            return
        db.execute(
            "INSERT OR REPLACE INTO sources (key, name, reliability, note, updated) "
            "VALUES (?, ?, ?, ?, ?)",
            (row.key, row.name, row.reliability, row.note, row.updated),
        )

    def source_counts(self) -> list[tuple[str, int, int]]:
        """(source as written, present briefings, claims) of every source a briefing names."""
        briefings = self.query(
            "SELECT source, count(*) FROM documents WHERE path IS NOT NULL AND source IS NOT NULL "
            "AND source != '' GROUP BY source"
        )
        claims = self.query(
            "SELECT d.source, count(*) FROM claims AS c JOIN documents AS d ON d.id = c.doc_id "
            "WHERE d.source IS NOT NULL AND d.source != '' GROUP BY d.source"
        )
        counted: dict[str, list[int]] = {str(row[0]): [int(row[1]), 0] for row in briefings}
        for row in claims:
            counted.setdefault(str(row[0]), [0, 0])[1] = int(row[1])
        return [(source, pair[0], pair[1]) for source, pair in counted.items()]

    def distinct_sources(self) -> list[str]:
        """Every source a briefing (present or not) names, as written."""
        rows = self.query(
            "SELECT DISTINCT source FROM documents WHERE source IS NOT NULL AND source != ''"
        )
        return [str(row[0]) for row in rows]

    def ids_with_sources(self, sources: list[str]) -> set[str]:
        """The briefings (present or not) whose source is one of ``sources``, as written."""
        rows = self.query(
            "SELECT id FROM documents WHERE source IN (SELECT value FROM json_each(?))",
            (json.dumps(sources),),
        )
        return {str(row[0]) for row in rows}

    def claim_ids_with_credibility(self, grades: list[int]) -> list[tuple[str, str]]:
        """(claim id, briefing id) of the claims rated one of ``grades``."""
        rows = self.query(
            "SELECT id, doc_id FROM claims WHERE credibility IN (SELECT value FROM json_each(?))",
            (json.dumps(grades),),
        )
        return [(str(row[0]), str(row[1])) for row in rows]
