"""What the exports carry of the analyst's layer: each claim's links, the links among the
exported claims, and the grades of the sources (for each claim's rating).

Read once per export (:func:`gather`). A link goes into a ``json`` or ``w3c``
file when both its claims do (an import can only restore a link between claims
it has); the ``csv`` and ``md`` exports list every link of a claim, as seen
from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefing_tui.core.claims.model import Claim
from briefing_tui.core.claims.vocabulary import rating, source_key

from ..analysis import ClaimLink
from ..store import DocumentRecord, LinkRow, SourceRow
from ..workspace import Workspace
from .selection import Chosen


@dataclass
class Extras:
    """The analyst's data of one export's claims."""

    #: Each claim's links as seen from it (to any claim).
    links: dict[str, list[ClaimLink]] = field(default_factory=dict)
    #: The links whose two claims are both in the export, as stored.
    rows: list[LinkRow] = field(default_factory=list)
    #: Rated sources' grades by key, and the rows of those the export names.
    grades: dict[str, str] = field(default_factory=dict)
    sources: list[SourceRow] = field(default_factory=list)

    def reliability(self, record: DocumentRecord | None) -> str | None:
        return self.grades.get(source_key(record.source)) if record is not None else None

    def rating(self, claim: Claim, record: DocumentRecord | None) -> str | None:
        return rating(self.reliability(record), claim.credibility)


def gather(ws: Workspace, chosen: Chosen, *, everything: bool = False) -> Extras:
    """The links of ``chosen`` and the ratings of their sources (``everything``: every
    rated source, for a whole export)."""
    ids = {claim.id for claim, _ in chosen}
    ratings = ws.store.source_ratings()
    named = {source_key(record.source) for _, record in chosen if record is not None}
    sources = [row for key, row in sorted(ratings.items()) if everything or key in named]
    grades = {key: row.reliability for key, row in ratings.items() if row.reliability}
    if not ids:
        return Extras(grades=grades, sources=sources)
    links = ws.analysis.links_by_claim(ids)
    rows = [row for row in ws.store.link_rows(ids) if row.from_id in ids and row.to_id in ids]
    return Extras(links, rows, grades, sources)
