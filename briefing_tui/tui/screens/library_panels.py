"""The library's side panels: saved searches (``w``, left) and facets (``F``, right).

A mixin of :class:`~.library.LibraryScreen`. The panels are widgets of their
own (:class:`~..widgets.saved_searches.SavedSearchesPanel`,
:class:`~..widgets.facets_panel.FacetsPanel`) that count in workers and report
what the user chose by message; this mixin shows and hides them, keeps their
counts current (facets after each set of results, saved searches after a sync
or a change of reading state) and puts a chosen query in the search box.

Each panel is 30 columns wide. Below :data:`BOTH_PANELS_WIDTH` columns, two
panels would leave the list about 20 columns (80 - 2 × 30): too narrow for a
date and a title, so opening one closes the other (as a narrow window shows
one sidebar at a time). Handlers go by name (``on_facet_chosen``): ``@on`` is
not collected from a plain mixin class.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Input

from briefing_tui.tui import saved_writes
from briefing_tui.tui.access import AppAccess
from briefing_tui.tui.messages import ReadStateChanged, SyncFinished
from briefing_tui.tui.screens.library_status import LibraryBase
from briefing_tui.tui.stream_messages import FacetChosen, PanelCloseAsked, SavedSearchChosen
from briefing_tui.tui.typeahead import key_again, redirect_if_focus_moved
from briefing_tui.tui.widgets.briefing_list import BriefingList
from briefing_tui.tui.widgets.facets_panel import FacetsPanel
from briefing_tui.tui.widgets.saved_searches import SavedSearchesPanel

#: From this width both panels may be open at once (the list keeps 60 columns).
BOTH_PANELS_WIDTH = 120

#: The panels' keys, on the library screen (a mixin's own ``BINDINGS`` are not read).
PANEL_BINDINGS: list[BindingType] = [
    Binding(
        "w",
        "toggle_saved",
        "Saved",
        id="library.saved",
        tooltip="Saved searches with their matches and unread (w or escape closes the panel)",
    ),
    Binding(
        "F",
        "toggle_facets",
        "Facets",
        id="library.facets",
        tooltip="Counts by tag, source, month and claim status of the results; "
        "enter on one narrows the search (F or escape closes the panel)",
    ),
    # Shown in the footer by the search box (:class:`SearchBox`), where it is wanted.
    Binding(
        "ctrl+w",
        "save_search",
        "Save search",
        id="library.save_search",
        show=False,
        tooltip="Save the query in the search box under a name (listed with w)",
    ),
]

#: The screen's actions on the list's row, and those with a place in the list's
#: footer only: while a panel has the focus they stand aside (keys and footer),
#: so that the footer has room for the panel's own keys at 80 columns.
PANEL_STANDS_ASIDE = ("toggle_read", "edit_tags", "add", "focus_search")


class SearchBox(AppAccess, Input):
    """The library's search box: ``ctrl+w`` saves the query typed (an Input deletes
    a word with it), shown in the footer while typing. Elsewhere on the screen the
    screen's own ``ctrl+w`` does the same, out of the footer."""

    #: A priority binding: run before the keys typed after it reach the box, which
    #: would take a name typed at once as more query (the dialog holds them, see
    #: :mod:`briefing_tui.tui.typeahead`).
    BINDINGS = [
        Binding(
            "ctrl+w",
            "screen.save_search",
            "Save search",
            id="library.save_typed",
            priority=True,
            tooltip="Save the query in the search box under a name (listed with w)",
        ),
        # For the help (F1) with the box focused, which listed neither: Input's enter
        # (the same action) and the keys :meth:`on_key` takes before any binding.
        # A priority binding too (see :meth:`action_submit`).
        Binding(
            "enter",
            "submit",
            "Open",
            show=False,
            priority=True,
            tooltip="Open the highlighted briefing (after typing: the top result)",
        ),
        Binding(
            "down,tab",
            "screen.focus_list",
            "To the list",
            show=False,
            tooltip="Into the list of results (up on its first row comes back here)",
        ),
    ]

    async def action_submit(self) -> None:
        """``enter``, run as it is read: the reader it opens gets the keys typed at
        speed after it (held until it is up). As the box's own key, it ran once the
        box had taken them: ``oil`` enter ``turgent`` searched for "oilturgent" and
        opened nothing.

        Its ``Submitted`` is posted once the box has taken the keys typed before it:
        those came in the same burst ("manchester" enter sent by tmux in one write,
        or typed by a macro) wait in the box's queue, and their changes
        reached the screen after an at-once ``Submitted``, which opened the row
        listed for the query before (a walk: a claim then went on that briefing)."""
        getattr(self.app, "expect_dialog", lambda: None)()
        self.call_later(super().action_submit)

    def on_key(self, event: events.Key) -> None:
        """``down`` and ``tab`` go into the list (see :class:`BriefingList`), focused at
        once: ``focus()`` waits its turn, behind the keys already queued for the box.
        Those keys (``down down down`` typed fast, or a held key, or ``down`` then
        ``u``) still come here, after the focus moved on, and go to the list: they
        were spent moving the focus again (the cursor stayed on the top row), and a
        letter was typed into the query (see :func:`.typeahead.redirect_if_focus_moved`)."""
        if redirect_if_focus_moved(self, event):
            return
        if self.screen is self.app.screen:
            self._help_at = float("inf")  # the help closed: its keys were given to it
        elif event.time > self._help_at:
            # Typed after the ? that opened the help, already on its way here: the
            # help's ("?abc" typed fast left "abc" in the box behind it, a walk).
            event.stop()
            event.prevent_default()
            self.app.post_message(key_again(event))
            return
        if event.key == "question_mark" and not self.value:
            # The help, as ? is everywhere else (a query never starts with ?): typed
            # into the empty box it said "'?': * may only end a word", a newcomer walk.
            # Opened now, not later: the keys queued behind the ? see it open.
            event.stop()
            event.prevent_default()
            self._help_at = event.time
            self.briefing_app.action_help()
            return
        if event.key not in ("down", "tab"):
            return
        event.stop()
        event.prevent_default()
        # The screen's focus, not ``has_focus``: that follows the Blur still queued.
        self.screen.set_focus(self.screen.query_one(BriefingList))

    def _on_paste(self, event: events.Paste) -> None:
        """A query pasted over several lines is searched whole, its lines joined by
        spaces (an Input keeps the first line only: the rest was dropped unsaid)."""
        lines = event.text.splitlines()
        if len(lines) > 1:
            joined = " ".join(line.strip() for line in lines if line.strip())
            event.stop()
            event.prevent_default()
            selection = self.selection
            if selection.is_empty:
                self.insert_text_at_cursor(joined)
            else:
                self.replace(joined, *selection)

    #: When the ``?`` that last opened the help from the box was typed (the keys
    #: after it are the help's).
    _help_at = float("inf")

    #: The next focus puts the cursor after the query instead of selecting it whole
    #: (``up`` from the list's first row: back to go on typing, and the next key
    #: replaced the query).
    continue_typing = False

    def _on_focus(self, _event: events.Focus) -> None:
        # Textual calls this before Input's own, which selects the whole query when
        # ``select_on_focus``: off for this one focus, on again after it.
        if self.continue_typing:
            self.continue_typing = False
            selecting, self.select_on_focus = self.select_on_focus, False

            def after() -> None:
                self.select_on_focus = selecting
                self.action_end()

            self.call_later(after)


#: The panels' CSS (the screen adds it to its own).
PANELS_CSS = """
LibraryScreen #library-body { height: 1fr; }
LibraryScreen #results { width: 1fr; }
LibraryScreen #saved-panel, LibraryScreen #facets-panel { display: none; }
"""


class LibraryPanels(LibraryBase):
    """Showing, hiding and following the saved-searches and facets panels."""

    @property
    def saved_panel(self) -> SavedSearchesPanel:
        return self.query_one(SavedSearchesPanel)

    @property
    def facets_panel(self) -> FacetsPanel:
        return self.query_one(FacetsPanel)

    def panel_focused(self) -> bool:
        """Whether the focus is in a panel (the keys on the list's row, and adding,
        then stand aside: the footer has room for the panel's own keys)."""
        focused = self.focused
        return isinstance(focused, SavedSearchesPanel | FacetsPanel)

    @property
    def focus_chain(self) -> list[Widget]:
        """``tab`` goes search box, list, facets, saved searches (the open ones), and
        ``shift+tab`` back the same way. The saved searches come before the list on
        the screen, but the box's ``tab`` goes to the list (README): in screen order
        ``tab`` never reached them (box, list, facets, box…) and ``shift+tab`` took
        another round. They come last, after the facets."""
        chain = super().focus_chain
        saved = next((w for w in chain if isinstance(w, SavedSearchesPanel)), None)
        if saved is None:
            return chain
        chain.remove(saved)
        last = [i for i, w in enumerate(chain) if isinstance(w, FacetsPanel | BriefingList)]
        chain.insert(last[-1] + 1 if last else len(chain), saved)
        return chain

    # -- showing and hiding ------------------------------------------------------------

    def action_toggle_saved(self) -> None:
        """``w``: open the saved searches (counted afresh), go to them, or close them."""
        if self._toggle(self.saved_panel, self.facets_panel):
            self.saved_panel.recount()

    def action_toggle_facets(self) -> None:
        """``F``: open the facets of the results listed, go to them, or close them."""
        if self._toggle(self.facets_panel, self.saved_panel):
            self.show_facets()

    def _toggle(self, panel: Widget, other: Widget) -> bool:
        """Open ``panel`` and focus it (closing ``other`` when narrow); focus it when
        open elsewhere; close it when focused. True when it was just opened."""
        if panel.display and panel.has_focus:
            self.close_panel(panel)
            return False
        opened = not panel.display
        if opened and self.app.size.width < BOTH_PANELS_WIDTH:
            other.display = False
        panel.display = True
        panel.focus()
        return opened

    def close_panel(self, panel: Widget) -> None:
        """Hide ``panel``; the focus goes back to the list."""
        panel.display = False
        self.query_one(BriefingList).focus()

    def on_panel_close_asked(self, event: PanelCloseAsked) -> None:
        """``escape`` in a panel closes it."""
        event.stop()
        self.close_panel(event.panel)

    def fit_panels(self) -> None:
        """After a resize: below :data:`BOTH_PANELS_WIDTH`, one panel (the focused
        one, else the saved searches) stays open."""
        saved, facets = self.saved_panel, self.facets_panel
        if self.app.size.width < BOTH_PANELS_WIDTH and saved.display and facets.display:
            (saved if facets.has_focus else facets).display = False

    # -- keeping the counts current ----------------------------------------------------

    def show_facets(self) -> None:
        """Count the facets of the results listed (the whole library for an empty
        query), when the panel is open: called after each set of results."""
        panel = self.facets_panel
        if not panel.display:
            return
        query = self._shown_query or ""
        ids = [row.id for row in self.query_one(BriefingList).rows] if query.strip() else None
        panel.show(query, ids)

    def _recount_saved(self) -> None:
        if self.saved_panel.display:
            self.saved_panel.recount()

    def on_sync_finished(self, _: SyncFinished) -> None:
        self._recount_saved()

    def on_read_state_changed(self, _: ReadStateChanged) -> None:
        self._recount_saved()

    # -- what the panels report ------------------------------------------------------

    def action_save_search(self) -> None:
        """``ctrl+w``: save the query in the search box under a name (a dialog)."""
        saved_writes.ask_to_save(self.briefing_app, self.query_one("#search", Input).value)

    def on_saved_search_chosen(self, event: SavedSearchChosen) -> None:
        self._set_query(event.query)

    def on_facet_chosen(self, event: FacetChosen) -> None:
        self._set_query(event.narrowed_query)

    def _set_query(self, text: str) -> None:
        """Put a chosen query in the search box (its change runs it), with a space
        after it so its last word is matched whole, as the saved counts and the
        facets were counted, not as a prefix still being typed. The focus stays in
        the panel: another value narrows further, another search runs next."""
        search = self.query_one("#search", Input)
        search.value = text if not text.strip() or text.endswith(" ") else text + " "
        search.cursor_position = len(search.value)
