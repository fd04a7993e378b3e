"""What facets are counted from: each present briefing's tags, source and month, and
which claim statuses each briefing has.

The part of :class:`~.store.Store` that reads them, whole, for the counts kept in
memory (:mod:`..stream.kept_facets`): counting a result set there costs a few
milliseconds at 100,000 briefings, where grouped queries over its ids cost
600-900 ms (the JSON list of ids alone is most of that).
"""

from __future__ import annotations

from .connection import Connections

#: The facets counted, in the order shown.
FACET_NAMES = ("tag", "source", "month", "status")


class FacetRows(Connections):
    """The rows facets are counted from (a part of :class:`~.store.Store`)."""

    def facet_rows(self) -> list[tuple[str, str, str | None, str]]:
        """(id, tags as stored (a JSON list), source, month ``YYYY-MM``) of every
        present briefing, in one read."""
        rows = self.query(
            "SELECT id, tags, source, substr(date, 1, 7) FROM documents WHERE path IS NOT NULL"
        )
        return [(str(r[0]), str(r[1]), r[2], str(r[3] or "")) for r in rows]

    def claim_statuses(self) -> list[tuple[str, str]]:
        """(briefing id, status) for each status a briefing's claims have, once each."""
        rows = self.query("SELECT DISTINCT doc_id, status FROM claims")
        return [(str(row[0]), str(row[1])) for row in rows]
