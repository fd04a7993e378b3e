"""A dialog's scrolling fields kept clear of its docked buttons.

A dialog of fields that scroll (``height: auto; max-height: 100%``) with its
buttons docked at the bottom: capped at the dialog's height, the fields' box
went on under the buttons, and a field tabbed to there (the claim's event
date, the export's file, a feed's "full text" box) was half hidden behind
them (a walk at 120x40). Textual's CSS has no "100% less the buttons", so the
cap is set from the heights of the dialog's other parts when the screen
changes size, and when a dialog grows its buttons' row (a reason shown).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.css.scalar import Scalar
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import ModalScreen

    _Dialog = ModalScreen[Any]
else:
    _Dialog = object


class FieldsAboveDock(_Dialog):
    """Mixed into a dialog: its ``FIELDS`` (a selector) end above what is docked.

    Textual calls the ``on_mount`` and ``on_resize`` of every class of a
    screen, so the dialog's own handlers run too."""

    #: The scrolling container of the fields, a child of the dialog's frame.
    FIELDS: ClassVar[str]

    def on_mount(self) -> None:
        self.call_after_refresh(self.fit_fields)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_fields)

    def fit_fields(self) -> None:
        """Cap the fields at what the screen leaves beside the frame's border and
        padding and its other parts (title, docked buttons and status)."""
        if not self.is_attached:
            return
        fields = self.query_one(self.FIELDS)
        frame = fields.parent
        if not isinstance(frame, Widget):
            return
        used = frame.styles.gutter.height
        for child in frame.children:
            if child is not fields and child.display:
                used += child.outer_size.height + child.styles.margin.height
        room = max(3, self.size.height - used)
        if fields.styles.max_height != Scalar.from_number(room):
            fields.styles.max_height = room
            focused = self.focused
            if focused is not None:
                self.call_after_refresh(focused.scroll_visible, animate=False)
