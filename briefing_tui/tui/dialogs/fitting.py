"""A dialog's scrolling fields kept clear of its docked buttons.

A dialog of fields that scroll (``height: auto; max-height: 100%``) with its
buttons docked at the bottom: capped at the dialog's height, the fields' box
went on under the buttons, and a field tabbed to there (the claim's event
date, the export's file) was half hidden behind them (a walk at 120x40).
Textual's CSS has no "100% less the buttons", so the cap is set from the
heights of the dialog's other parts whenever they or the screen change.
"""

from __future__ import annotations

from typing import Any

from textual.css.scalar import Scalar
from textual.screen import Screen
from textual.widget import Widget


def fit_fields(screen: Screen[Any], dialog: Widget, fields: Widget) -> None:
    """Cap ``fields`` (a child of ``dialog``) at what the screen leaves beside the
    dialog's border, padding and other children (title, docked buttons)."""
    if not screen.is_attached:
        return
    used = dialog.styles.gutter.height
    for child in dialog.children:
        if child is not fields and child.display:
            used += child.outer_size.height + child.styles.margin.height
    room = max(3, screen.size.height - used)
    if fields.styles.max_height != Scalar.from_number(room):
        fields.styles.max_height = room
        focused = screen.focused
        if focused is not None:
            screen.call_after_refresh(focused.scroll_visible, animate=False)
