"""The messages of the saved-searches and facets panels.

Two kinds, as everywhere in the app (see :mod:`.messages`): what a panel
reports the user did (:class:`SavedSearchChosen`, :class:`FacetChosen`,
:class:`PanelCloseAsked`),
which bubble up to the screen holding the panel, and what the app tells
after a write (:class:`SavedSearchesChanged`), posted to every screen on
the stack and to every saved-searches panel by
:func:`~.saved_writes.tell_saved_changed`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message
from textual.widget import Widget

from briefing_tui.core.stream import SavedSearch


@dataclass
class SavedSearchChosen(Message):
    """``enter`` on a saved search: the screen runs ``query`` (the query as saved,
    which may no longer parse: the search box then says why)."""

    name: str
    query: str


@dataclass
class FacetChosen(Message):
    """``enter`` on a facet value: ``term`` (``tag:x``) and the query it narrows
    to, which the screen puts in its search box."""

    term: str
    narrowed_query: str


@dataclass
class PanelCloseAsked(Message):
    """``escape`` in a side panel: the screen holding ``panel`` hides it and puts
    the focus where it belongs (the panel does not know the screen's widgets)."""

    panel: Widget


@dataclass
class SavedSearchesChanged(Message, bubble=False):
    """The saved searches after a write (added, renamed, changed, removed,
    moved, or a write refused: then as they still are), in order, without
    counts (a panel counts them again in a worker)."""

    saved: list[SavedSearch] = field(default_factory=list)
