"""Leaving the reader: what it holds is given back without one long stop of the app.

A closed reader is freed by one full garbage collection (``gc_hold``), a stop
of the whole app as long as the objects it walks and frees: about 100,000 for
a 100 KB briefing shown whole. Before it, the caches of every widget the
reader had (box models, rendered lines) are emptied a slice of widgets per
frame (``closed_widgets``): freed by reference counting as they go, they are
not part of the collection, which frees about 40% fewer objects (56,000 at
100 KB), and stops the app that much less.

The widgets are listed when the reader is suspended (another screen shows,
its own removal among them): once it is removed, Textual has detached them
and its tree is empty. A reader that comes back drops the list.
A mixin of :class:`~.screen.ReaderScreen`.
"""

from __future__ import annotations

from functools import partial

from textual.widget import Widget

from briefing_tui.tui.closed_widgets import release_then
from briefing_tui.tui.gc_hold import collect_since_settled
from briefing_tui.tui.screens.reader.base import ReaderBase


class LeavingMixin(ReaderBase):
    """Lets go of the reader's memory when it closes."""

    #: The reader and its widgets as they were when another screen showed.
    _widgets_when_suspended: list[Widget] = []

    def on_screen_suspend(self) -> None:
        self._widgets_when_suspended = [self, *self.walk_children(Widget, with_self=False)]

    def on_screen_resume(self) -> None:
        self._widgets_when_suspended = []

    def on_unmount(self) -> None:
        for hold in self._collection_holds:
            hold.release()
        self._collection_holds.clear()
        # What the reader read and worked out is plain data, without cycles:
        # dropped now, reference counting frees it at once, and the collection
        # below does not walk it (a 5 MB briefing's layout and sentences).
        self.briefing = None
        self.doc_layout = None
        self.plain = ""
        self.sentences = []
        self.matches = []
        self._search_highlights = []
        # Every widget of the reader has closed (Textual unmounts a screen after
        # its children): empty their caches, then collect, once the library is
        # painted (release_then asks the app, so the reader is not kept alive
        # as the sender of a callback, found alive by the collection and frozen).
        widgets = [*self._widgets_when_suspended]
        self._widgets_when_suspended = []
        app = self.app
        collect = partial(collect_since_settled, app, self._freezes_at_open)
        release_then(app, widgets, collect)
