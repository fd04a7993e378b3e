"""What the claims screen lists: the claims in their order, and each row's notes.

Apart from the screen (:mod:`.claims`), which runs them in its workers: the
order of a selection (newest briefing first, or by title) and the notes read
for a page of rows in a few queries (rating, links, credibility suggestion).
"""

from __future__ import annotations

from briefing_tui.core.analysis import CredibilitySuggestion, link_summary
from briefing_tui.core.claims.model import Claim
from briefing_tui.core.claims.vocabulary import rating, source_key
from briefing_tui.core.exchange.selection import Chosen
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.widgets.claims_panel import ClaimNotes


def ordered(chosen: Chosen, sort: str) -> list[Claim]:
    """The selected claims as listed: the selection's order (newest briefing first), or
    by briefing title, then in text order."""
    shown = [claim for claim, _ in chosen]
    if sort != "date":
        titles = {c.doc_id: r.title.casefold() for c, r in chosen if r is not None}
        shown.sort(key=lambda c: (titles.get(c.doc_id, ""), c.doc_id, c.selector.start))
    return shown


def listed_notes(workspace: Workspace, claims: list[Claim]) -> dict[str, ClaimNotes]:
    """Each listed claim's rating ("B2"), links by relation and credibility suggestion,
    in a few queries for the lot (never one per row)."""
    if not claims:
        return {}
    analysis = workspace.analysis
    grades = analysis.reliabilities()
    links = analysis.links_by_claim([claim.id for claim in claims])
    suggestions = analysis.suggestions(claims)
    records = workspace.store.get_many({claim.doc_id for claim in claims})
    notes: dict[str, ClaimNotes] = {}
    for claim in claims:
        record = records.get(claim.doc_id)
        grade = grades.get(source_key(record.source)) if record is not None else None
        found = suggestions.get(claim.id)
        notes[claim.id] = ClaimNotes(
            rating(grade, claim.credibility),
            link_summary(links.get(claim.id, [])),
            _suggestion(found) if found is not None else "",
        )
    return notes


def _suggestion(found: CredibilitySuggestion) -> str:
    """A row's suggestion, short enough for one line at 80 columns (the reader's panel
    and the contradictions view (``x``) give the whole reason)."""
    return f"suggested: credibility {found.credibility}, confirmed by {', '.join(found.sources)}"
