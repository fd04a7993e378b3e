"""Quotation marks around a claim's quote as shown, never doubled.

A passage often opens with its own mark (a quoted speaker: “Among …”); marked
again it read ““Among …”. The TUI's panels and the CLI's listings show quotes
the same way through :func:`in_quotation_marks`.
"""

from __future__ import annotations

__all__ = ["OPENING_MARKS", "in_quotation_marks"]

#: Marks a passage may open with: a quote of it is not marked again.
OPENING_MARKS = frozenset('“"‘«„')


def in_quotation_marks(shown: str) -> str:
    """``shown`` (a quote, perhaps cut) in quotation marks, unless it opens with its own."""
    return shown if shown[:1] in OPENING_MARKS else f"“{shown}”"
