"""What a row of the library's list shows, and the reading state it draws from.

Apart from :mod:`.briefing_list` (which imports them back) so that the list's
module stays about the drawing and the keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The marker column: unread, new since the last visit (and unread), changed since read.
UNREAD_MARK = "●"
NEW_MARK = "✦"
CHANGED_MARK = "◐"


@dataclass(frozen=True, slots=True)
class Row:
    """What one line of the list shows; texts are already free of control characters."""

    id: str
    title: str
    date: str
    source: str
    tags: str
    claims: int = 0


@dataclass(frozen=True, slots=True)
class RowMarks:
    """The reading state the list draws: ids read, read then changed, new since the
    last visit. A row not in ``read`` is unread. The sets are the screen's; it
    changes them in place on the event loop and asks the list to redraw."""

    read: set[str] = field(default_factory=set)
    changed: set[str] = field(default_factory=set)
    new: set[str] = field(default_factory=set)

    def marker(self, doc_id: str) -> str:
        """The marker column's character for ``doc_id`` (a space when read)."""
        if doc_id not in self.read:
            return NEW_MARK if doc_id in self.new else UNREAD_MARK
        return CHANGED_MARK if doc_id in self.changed else " "


__all__ = ["CHANGED_MARK", "NEW_MARK", "UNREAD_MARK", "Row", "RowMarks"]
