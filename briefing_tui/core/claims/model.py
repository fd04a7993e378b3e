"""What a claim is: a passage of a briefing with a note, tags, a status and its anchor,
and the analyst's credibility rating and event date (see :mod:`.vocabulary`).

A claim is addressed the W3C Web Annotation way (see :mod:`.anchoring`): a
quote with its prefix and suffix, and a position, over the briefing's plain
text, plus the content hash it was made on. The claims table that keeps them is
:mod:`.store`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, TypedDict

from briefing_tui.core.claims.anchoring import AnchorState, Selector

Status = Literal["open", "key", "verified", "disputed", "false"]
STATUSES: tuple[Status, ...] = ("open", "key", "verified", "disputed", "false")
ANCHOR_STATES: tuple[AnchorState, ...] = ("exact", "moved", "fuzzy", "orphaned")


@dataclass
class Claim:
    id: str
    doc_id: str
    selector: Selector
    content_hash: str
    note: str = ""
    tags: list[str] = field(default_factory=list)
    status: Status = "open"
    anchor: AnchorState = "exact"
    #: Where a ``fuzzy`` anchor found the passage now, waiting for review.
    candidate: tuple[int, int, str] | None = None
    created: str = ""
    updated: str = ""
    #: The Admiralty code's credibility of what it says, 1 to 6 (``None``: not rated).
    credibility: int | None = None
    #: When the reported thing happened, ``YYYY-MM-DD`` (``None``: not said).
    event_date: str | None = None

    @property
    def quote(self) -> str:
        return self.selector.exact

    @property
    def span(self) -> tuple[int, int] | None:
        """Where to highlight it now: the candidate when fuzzy, none when orphaned."""
        if self.anchor == "orphaned":
            return None
        if self.anchor == "fuzzy" and self.candidate is not None:
            return self.candidate[0], self.candidate[1]
        return self.selector.start, self.selector.end


class NewClaimFields(TypedDict, total=False):
    """What a new claim may be given (each left out takes its default: no note, no
    tags, ``open``, not rated, no event date)."""

    note: str
    tags: Sequence[str]
    status: str
    credibility: int | None
    event_date: str | None


class ClaimChanges(TypedDict, total=False):
    """What an edit may change: only the fields given (and not ``None``) change; a
    credibility of ``0`` and an event date of ``""`` clear them."""

    note: str | None
    tags: Sequence[str] | None
    status: str | None
    credibility: int | None
    event_date: str | None


def check_anchor(anchor: str) -> AnchorState:
    if anchor not in ANCHOR_STATES:
        raise ValueError(f"anchor must be one of {', '.join(ANCHOR_STATES)}, not {anchor!r}")
    return anchor


def check_status(status: str) -> Status:
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    return status
