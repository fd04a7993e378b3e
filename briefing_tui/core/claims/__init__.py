"""Claims: what one is (``model``), the table that keeps them (``store``), what a row
listing one shows (``heads``) and how they stay attached to their passage through edits
(``anchoring``, with ``spans``' word edges).
"""

from __future__ import annotations

from .anchoring import Anchor, AnchorState, Selector, make_selector, reanchor, reanchor_all
from .heads import BriefingHead, ClaimHead
from .model import ANCHOR_STATES, STATUSES, Claim, Status, check_status
from .store import ClaimStore, anchor_updates

__all__ = [
    "ANCHOR_STATES",
    "STATUSES",
    "Anchor",
    "AnchorState",
    "BriefingHead",
    "Claim",
    "ClaimHead",
    "ClaimStore",
    "Selector",
    "Status",
    "anchor_updates",
    "check_status",
    "make_selector",
    "reanchor",
    "reanchor_all",
]
