"""A claim's head: what a row listing it shows, read without the rest of the claim.

A screen that lists every claim (the timeline, at 10,000 claims) needs per row
the quote, status, credibility and event date, and its briefing's title, date
and source; not the quote's prefix and suffix, the note, the tags, the
candidate, nor the briefing's summary and sketch. Reading only those
(:meth:`.store.ClaimStore.heads`, one query joining the briefing) is what
lets such a list be placed before the reader waits for it. Whoever opens a
claim asks for it by id (:meth:`.store.ClaimStore.get`).
"""

from __future__ import annotations

from typing import NamedTuple

from .anchoring import AnchorState
from .model import Status


class BriefingHead(NamedTuple):
    """A claim's briefing as a row shows it (one per briefing, shared by its claims).
    Named tuples: made straight from a row, ten thousand at a time."""

    title: str
    #: As the briefing's record has it (``YYYY-MM-DD``…, or ``""``).
    date: str
    source: str | None


class ClaimHead(NamedTuple):
    """A claim as a row shows it: the attributes of :class:`.model.Claim` it has are
    the claim's own, spelled the same."""

    id: str
    doc_id: str
    quote: str
    status: Status
    anchor: AnchorState
    credibility: int | None
    event_date: str | None
    #: Where the quote starts and ends in the briefing's plain text (the list's order).
    start: int
    end: int


#: A claim's head and its briefing's (``None``: the briefing is not in the store).
HeadRow = tuple[ClaimHead, BriefingHead | None]


def listing_order(rows: list[HeadRow]) -> list[HeadRow]:
    """Briefings newest first (then by title), each briefing's claims in text order:
    the order :func:`~briefing_tui.core.exchange.selection.group_claims` gives full
    claims (a claim whose briefing is missing sorts as undated and untitled). Rows
    at the same place keep their order."""
    briefings = {claim.doc_id: briefing for claim, briefing in rows}

    def by_title(doc_id: str) -> tuple[str, str]:
        briefing = briefings[doc_id]
        return (briefing.title.casefold() if briefing else "", doc_id)

    ranked = sorted(briefings, key=by_title)
    ranked.sort(
        key=lambda doc_id: briefing.date if (briefing := briefings[doc_id]) else "", reverse=True
    )
    rank = {doc_id: number for number, doc_id in enumerate(ranked)}
    return sorted(rows, key=lambda row: (rank[row[0].doc_id], row[0].start, row[0].end))
