"""The library screen's keys, and which of them its footer shows.

At 80 columns Textual's footer holds about eight keys before it cuts the rest
off, so it shows those a newcomer needs first: open, search, add, tags,
read/unread, the two panels and help, in that order (compact below 100
columns, as every screen's: see :mod:`..widgets.footer`). The others
(sort, re-sync, passages, the bulk actions, save search, clear) have
``show=False``: the help (F1), built from these bindings, lists every one with
its tooltip. While a side panel has the focus, its own keys come first and
the keys on the list's row stand aside (:data:`.library_panels.PANEL_STANDS_ASIDE`).
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from briefing_tui.tui.screens.library_panels import PANEL_BINDINGS

LIBRARY_BINDINGS: list[BindingType] = [
    # Shown in the footer, in this order.
    Binding(
        "a,ctrl+n",
        "add",
        "Add",
        tooltip="Add briefings: a web address, a saved page, a PDF, a text file or a folder",
        id="library.add",
    ),
    Binding(
        "slash",
        "focus_search",
        "Search",
        id="library.search",
        tooltip="Go to the search box (the query language is below)",
    ),
    Binding(
        "t,ctrl+t",
        "edit_tags",
        "Tags",
        id="library.tags",
        tooltip="Edit the highlighted briefing's tags",
    ),
    Binding(
        "u",
        "toggle_read",
        "Read/unread",
        id="library.toggle_read",
        tooltip="Mark the highlighted briefing read, or unread if it is read",
    ),
    *PANEL_BINDINGS,
    # The app's help, here so that it comes before the app's other keys in the footer.
    Binding("f1,question_mark", "app.help", "Help", id="library.help"),
    # In the help only.
    Binding(
        "ctrl+s",
        "cycle_sort",
        "Sort",
        id="library.sort",
        show=False,
        tooltip="Sort the results by relevance, newest first or title (said on the count line)",
    ),
    Binding(
        "ctrl+r",
        "resync",
        "Re-sync",
        id="library.resync",
        show=False,
        tooltip=(
            "Re-sync the library: read its folder again now (also followed as the app runs),"
            " and count the claims other processes wrote"
        ),
    ),
    Binding(
        "v",
        "toggle_passages",
        "Passages",
        id="library.passages",
        show=False,
        tooltip="Show or hide each result's best passage, the query's words highlighted",
    ),
    Binding(
        "T",
        "bulk_tag",
        "Tag all",
        id="library.bulk_tag",
        show=False,
        tooltip="Tag or untag every listed briefing (asks, then names the count)",
    ),
    Binding(
        "M",
        "bulk_mark(True)",
        "All read",
        id="library.bulk_read",
        show=False,
        tooltip="Mark every listed briefing read (names the count first)",
    ),
    Binding(
        "U",
        "bulk_mark(False)",
        "All unread",
        id="library.bulk_unread",
        show=False,
        tooltip="Mark every listed briefing unread (names the count first)",
    ),
    Binding(
        "escape",
        "clear_search",
        "Clear",
        id="library.clear",
        show=False,
        tooltip="Clear the search box and go to it (in a side panel: close it)",
    ),
]
