"""What the claims screen lists: the claims in their order, each row's notes and text.

Apart from the screen (:mod:`.claims`), which runs them in its workers: the
order of a selection (newest briefing first, or by title), the notes read
for a page of rows in a few queries (rating, links, credibility suggestion),
and a row's text (a fuzzy claim with what it was and what is there now).
"""

from __future__ import annotations

from textual.content import Content

from briefing_tui.core.analysis import CredibilitySuggestion, link_summary
from briefing_tui.core.claims.model import Claim
from briefing_tui.core.claims.vocabulary import rating, source_key
from briefing_tui.core.exchange.selection import Chosen
from briefing_tui.core.store import DocumentRecord
from briefing_tui.core.text.change_window import (
    ELSEWHERE,
    same_words,
    surroundings,
    windows_at_change,
)
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.widgets.claims_panel import ClaimNotes, claim_option_text


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


def option_text(claim: Claim, record: DocumentRecord | None, notes: ClaimNotes | None) -> Content:
    """A claim's row: its briefing (date, title, source), then the claim; a fuzzy one
    with where it stood (a copy of its words) or what its passage now says."""
    title = record.title if record else claim.doc_id
    where = f"{record.date[:10]}  " if record else ""
    missing = " (briefing missing)" if record is None or record.path is None else ""
    said = f" · {record.source}" if record and record.source else ""  # who said it
    head = Content.assemble((f"{where}{title}{missing}", "bold"), (said, "$text-accent"), "\n")
    if claim.anchor != "fuzzy" or claim.candidate is None:
        return head + claim_option_text(claim, width=90, notes=notes)
    if same_words(claim.quote, claim.candidate[2]):  # a copy: where it stood tells
        where = surroundings(claim.selector.prefix, claim.selector.suffix, 90)
        body = claim_option_text(claim, width=90, notes=notes)
        return head + body + Content.assemble(f"\n  was {where}\n  now: ", (ELSEWHERE, "italic"))
    # Both cut around where they differ: a change near the end of a long
    # passage was cut off both, and accepting it meant accepting unseen.
    was, now = windows_at_change(claim.quote, claim.candidate[2], 90)
    body = claim_option_text(claim, width=90, notes=notes, quote=was)
    return head + body + Content.assemble("\n  now: ", (f"“{now}”", "italic"))
