"""The saved-searches panel: each saved search with its matches and unread matches.

A side panel for the library: ``Sanctions`` over ``312 · 12 unread``; a search
whose query no longer parses is listed with its error in place of counts (never
dropped). Names and queries come from the user and are shown as data
(:class:`~textual.content.Content`), control characters already made visible by
the store. Counting runs the saved queries on the shared searcher: it is done in
a worker (:meth:`SavedSearchesPanel.recount`), never on the event loop; the
screen holding the panel calls it after a sync or a change of reading state.

Keys: ``enter`` runs one (:class:`~..stream_messages.SavedSearchChosen` bubbles
to the screen), ``r`` renames, ``x``/``delete`` deletes after a confirmation
naming it, ``K``/``J`` (or ``shift+up``/``shift+down``) move it, ``escape``
asks the screen to close the panel. Writes go to
the app (:mod:`..saved_writes`); the panel shows a move at once and takes the
order the app reports (:class:`~..stream_messages.SavedSearchesChanged`).
"""

from __future__ import annotations

from dataclasses import replace

from textual import on, work
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefing_tui.core.stream import SavedSearch
from briefing_tui.tui import saved_writes
from briefing_tui.tui.access import AppAccess
from briefing_tui.tui.dialogs.confirm import ConfirmScreen
from briefing_tui.tui.dialogs.prompt import PromptScreen
from briefing_tui.tui.stream_messages import (
    PanelCloseAsked,
    SavedSearchChosen,
    SavedSearchesChanged,
)

#: ``K`` and ``J`` in the footer as one entry: ``K J Move``.
MOVE = Binding.Group("Move")
#: What the empty panel says (the key is the library's).
EMPTY = "No saved searches yet. ctrl+w in the library saves the query in the search box."


def counts_text(saved: SavedSearch) -> Content:
    """The line under a name: ``312 · 12 unread``, its error, or ``counting…``."""
    if saved.error is not None:
        return Content.styled(f"⚠ {saved.error}", "$text-error")
    if saved.matches is None:
        return Content.styled("counting…", "$text-muted")
    matches = f"{saved.matches:,}"
    if not saved.unread:
        return Content.styled(matches, "$text-muted")
    return Content.assemble(
        (matches, "$text-muted"), (" · ", "$text-muted"), (f"{saved.unread:,} unread", "bold")
    )


def saved_option_text(saved: SavedSearch) -> Content:
    """The name (bold), then its counts indented on the next line; all of it data."""
    return Content.assemble((saved.name, "bold"), "\n  ", counts_text(saved))


class SavedSearchesPanel(AppAccess, OptionList):
    """The saved searches, in order, with their counts (read in a worker)."""

    DEFAULT_CSS = """
    SavedSearchesPanel {
        width: 30;
        height: 1fr;
        border: round $primary-darken-2;
        border-title-color: $text-primary;
        /* Room for the scroll bar kept from the start: options are measured at the
           width they are added at, and a bar appearing later cut a long name's
           counts off. */
        scrollbar-gutter: stable;
    }
    SavedSearchesPanel:focus { border: round $primary; }
    """

    #: Shown in the footer while the panel has the focus (the first key of each is shown).
    BINDINGS = [
        Binding("enter", "select", "Run", id="saved_panel.run"),
        Binding("r", "rename", "Rename", id="saved_panel.rename"),
        Binding("x,delete", "delete", "Delete", id="saved_panel.delete"),
        Binding("K,shift+up", "move(-1)", "Move up", id="saved_panel.up", group=MOVE),
        Binding("J,shift+down", "move(1)", "Move down", id="saved_panel.down", group=MOVE),
        Binding("escape", "close", "Close", id="saved_panel.close"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Saved searches"
        #: The searches listed, in the order shown.
        self.saved: list[SavedSearch] = []

    def on_mount(self) -> None:
        self._show(self.saved)
        self.recount()

    # -- counting ------------------------------------------------------------------------

    def recount(self) -> None:
        """Count every saved search's matches and unread matches again, in a worker
        (after a sync, a change of reading state, a write). The newest count wins."""
        self._count()

    @work(thread=True, exclusive=True, group="saved-counts")
    def _count(self) -> None:
        workspace = self.briefing_app.workspace
        if workspace is None:
            return
        try:
            counted = workspace.stream.saved_counts()
        except Exception as error:  # the list stays as it is; one line says why
            self.app.call_from_thread(self._say_unreadable, str(error))
            return
        self.app.call_from_thread(self._show, counted)

    def _say_unreadable(self, error: str) -> None:
        self.border_subtitle = "not counted"
        self.app.notify(f"Saved searches not counted: {error}", severity="warning")

    @on(SavedSearchesChanged)
    def _on_saved_changed(self, event: SavedSearchesChanged) -> None:
        """Show the new order at once, keeping the counts of queries unchanged, and
        count again."""
        known = {(s.name, s.query): s for s in self.saved}
        merged = []
        for saved in event.saved:
            before = known.get((saved.name, saved.query))
            if before is not None and saved.error is None:
                saved = replace(saved, matches=before.matches, unread=before.unread)
            merged.append(saved)
        self._show(merged)
        self.recount()

    # -- drawing -------------------------------------------------------------------------

    def _show(self, saved: list[SavedSearch]) -> None:
        """List ``saved``, keeping the highlighted search (by name) where it can."""
        current = self.current
        position = self.highlighted
        self.saved = list(saved)
        self.border_subtitle = f"{len(saved)}" if saved else ""
        self.refresh_bindings()  # greyed or offered again (check_action)
        self.clear_options()
        if not saved:
            self.add_option(Option(Content(EMPTY), disabled=True))
            return
        self.add_options(Option(saved_option_text(s)) for s in saved)
        names = [s.name for s in saved]
        if current is not None and current.name in names:
            self.highlighted = names.index(current.name)
        else:
            self.highlighted = 0 if position is None else min(position, len(saved) - 1)

    @property
    def current(self) -> SavedSearch | None:
        """The highlighted saved search, if any."""
        index = self.highlighted
        if index is None or not self.saved or index >= len(self.saved):
            return None
        return self.saved[index]

    # -- keys ----------------------------------------------------------------------------

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = self.current
        if chosen is not None:
            self.post_message(SavedSearchChosen(chosen.name, chosen.query))

    def action_close(self) -> None:
        self.post_message(PanelCloseAsked(self))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Run, rename, delete and move greyed while no search is saved: the empty
        panel's footer offered them all, and each did nothing."""
        if action in ("select", "rename", "delete", "move") and not self.saved:
            return None
        return True

    def action_rename(self) -> None:
        chosen = self.current
        if chosen is None:
            return

        def renamed(new: str | None) -> None:
            if new and new != chosen.name:
                saved_writes.rename_saved(self.briefing_app, chosen.name, new)

        self.app.push_screen(
            PromptScreen(f"Rename the saved search “{chosen.name}” to:", chosen.name), renamed
        )

    def action_delete(self) -> None:
        chosen = self.current
        if chosen is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                saved_writes.remove_saved(self.briefing_app, chosen.name)

        detail = f"Query: {chosen.query}" if chosen.query.strip() else "Query: (empty)"
        self.app.push_screen(
            ConfirmScreen(f"Delete the saved search “{chosen.name}”?", detail), answered
        )

    def action_move(self, step: int) -> None:
        """Move the highlighted search up (``-1``) or down (``1``): shown at once,
        written by the app in the order the keys were pressed."""
        chosen, index = self.current, self.highlighted
        if chosen is None or index is None:
            return
        target = index + step
        if not 0 <= target < len(self.saved):
            return
        order = list(self.saved)
        order.insert(target, order.pop(index))
        self._show(order)
        self.highlighted = target
        saved_writes.move_saved(self.briefing_app, chosen.name, target)
