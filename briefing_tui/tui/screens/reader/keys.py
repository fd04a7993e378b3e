"""The reader's keys: moving, finding, claiming, following links, leaving.

The footer shows the few a newcomer needs first; the others have
``show=False`` and are listed, with their tooltips, by the help (F1), built
from these bindings. While a claim's sentences are selected, the selection's
keys come first (the screen's ``check_action`` enables them).
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from briefing_tui.tui.screens.reader.reading import READING_BINDINGS

READER_BINDINGS: list[BindingType] = [
    # While selecting a claim these come first; check_action enables them.
    # The arrows are priority bindings: the focused scroll view would take
    # them first (and scroll) otherwise.
    *(
        Binding(keys, f"selection_{action}", description, show=False, priority=priority)
        for keys, action, description, priority in (
            ("down", "move(1)", "Next sentence", True),
            ("up", "move(-1)", "Previous sentence", True),
            ("j", "move(1)", "Next sentence", False),
            ("k", "move(-1)", "Previous sentence", False),
            ("shift+down,J", "extend(1)", "Extend the selection", True),
            ("shift+up,K", "extend(-1)", "Shrink the selection", True),
            # As they go to the top and bottom of the text (they did nothing here).
            ("home", "move(-1_000_000)", "First sentence", True),
            ("end", "move(1_000_000)", "Last sentence", True),
            ("g", "move(-1_000_000)", "First sentence", False),
            ("G", "move(1_000_000)", "Last sentence", False),
        )
    ),
    Binding(
        "enter",
        "selection_confirm",
        "Claim it",
        id="reader.select_confirm",
        tooltip="Claim the selected sentences (the claim dialog opens)",
    ),
    # The same key from review (f3 → r): the footer says what it does there.
    Binding(
        "enter",
        "selection_reattach",
        "Re-attach",
        id="reader.select_reattach",
        tooltip="Re-attach the claim (from the review, f3) to the selected sentences",
    ),
    # While selecting: the footer said "esc Back" where escape cancels the selection
    # (a walk). The same action as back's, which closes the selection first.
    Binding(
        "escape",
        "selection_cancel_back",
        "Cancel selection",
        id="reader.select_cancel",
        tooltip="Cancel the selection (the text stays where it is)",
    ),
    # One key, innermost first: the find bar, then the selection, then back.
    Binding(
        "escape",
        "back",
        "Back",
        # The help's row: in the outline or the claims panel it closes that first.
        tooltip="Back to the library; first closes the find bar, the focused outline or "
        "claims panel, or the selection",
        id="reader.back",
    ),
    # What pagers leave with (less, man, the diff's own screen): it did nothing here.
    Binding(
        "q",
        "back",
        "Back",
        show=False,
        tooltip="Back to the library; first closes the find bar, the focused outline or "
        "claims panel, or the selection",
    ),
    Binding("c", "start_claim", "Claim", id="reader.claim"),
    Binding(
        "p",
        "toggle_claims",
        "Claims panel",
        id="reader.claims_panel",
        tooltip="Open the claims panel, go to it when open elsewhere, close it when in it",
    ),
    Binding("]", "claim_jump(1)", "Next claim", id="reader.next_claim", show=False),
    Binding("[", "claim_jump(-1)", "Previous claim", id="reader.prev_claim", show=False),
    Binding(
        "o",
        "toggle_outline",
        "Outline",
        tooltip="Outline: headings; a long briefing's other parts by title (enter goes there)",
        id="reader.outline",
    ),
    Binding("t,ctrl+t", "edit_tags", "Tags", id="reader.tags"),
    Binding("f,ctrl+f", "find", "Find", id="reader.find"),
    # The app's help, here so that it comes before the reader's other keys in the footer.
    Binding("f1,question_mark", "app.help", "Help", id="reader.help"),
    *READING_BINDINGS,
    Binding(
        "n",
        "find_step(1)",
        "Next match",
        id="reader.find_next",
        show=False,
        tooltip=(
            "Next match: of the find bar (f), else of the search's words highlighted"
            " (words side by side, as a phrase, are one match)"
        ),
    ),
    Binding("N", "find_step(-1)", "Previous match", id="reader.find_previous", show=False),
    Binding("right_curly_bracket", "section(1)", "Next part", id="reader.next_section", show=False),
    Binding(
        "left_curly_bracket",
        "section(-1)",
        "Previous part",
        id="reader.prev_section",
        show=False,
    ),
    Binding("slash", "search_library", "Search library", id="reader.search", show=False),
    Binding(
        "L",
        "links",
        "Links",
        id="reader.links",
        show=False,
        tooltip="The briefing's links and its own web page, to follow one with enter",
    ),
    # Where a browser's tab goes from link to link, here the text is the only thing
    # to focus (with no panel open) and tab did nothing: it lists the links.
    Binding(
        "tab",
        "tab_links",
        "Next panel",
        show=False,
        tooltip="The next panel open; in the text with none open, the briefing's links",
    ),
    Binding("j,down", "scroll('down')", "Line down", show=False),
    Binding("k,up", "scroll('up')", "Line up", show=False),
    Binding(
        "space,pagedown",
        "scroll('page_down')",
        "Page down",
        show=False,
        tooltip="Page down; at the end of a part of a large briefing, on into the next",
    ),
    Binding(
        "b,pageup",
        "scroll('page_up')",
        "Page up",
        show=False,
        tooltip="Page up; at the top of a part of a large briefing, back into the one before",
    ),
    Binding("ctrl+d", "scroll('half_down')", "Half a page down", show=False),
    Binding("ctrl+u", "scroll('half_up')", "Half a page up", show=False),
    Binding(
        "g,home",
        "scroll('home')",
        "Top",
        show=False,
        tooltip="Top of the briefing (its first part)",
    ),
    Binding(
        "G,end",
        "scroll('end')",
        "Bottom",
        show=False,
        tooltip="End of the briefing (its last part)",
    ),
]
