"""The links of the open briefing, to follow one from the keyboard.

The reader's links were followed by a click only: a reader without a mouse
(or one who prefers the keys) had no way to a linked briefing or page.
The choice comes back through ``dismiss`` and is followed as a click is.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from briefing_tui.core.briefings.links import LinkInText
from briefing_tui.core.text.sanitize import clean_line
from briefing_tui.tui.widgets.claims_panel import excerpt

#: A link's address is shown up to this many characters.
SHOWN_HREF = 70


class LinksDialog(ModalScreen[LinkInText | None]):
    """Every link of a briefing, in reading order; ``enter`` follows one."""

    # The frame is the prompt's (app.tcss); the list leaves room for the hint.
    DEFAULT_CSS = """
    LinksDialog #links-list {
        height: auto;
        max-height: 60vh;  /* the hint below stays in sight at 80x24 */
        margin: 1 0;
    }
    LinksDialog #links-help {
        color: $text-muted;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="links.cancel")]

    def __init__(self, links: list[LinkInText], start: int = 0) -> None:
        super().__init__()
        self.links = links
        #: The link the cursor starts on (the reader's: the first in view).
        self.start = max(0, min(start, len(links) - 1))

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            noun = "link" if len(self.links) == 1 else "links"
            yield Label(Content(f"{len(self.links)} {noun} in this briefing"), id="links-title")
            yield OptionList(
                *(Option(self._text(link), id=str(i)) for i, link in enumerate(self.links)),
                id="links-list",
            )
            yield Label(Content("enter: follow · escape: cancel"), id="links-help")

    @staticmethod
    def _text(link: LinkInText) -> Content:
        return Content.assemble(
            link.text, "\n  ", (excerpt(clean_line(link.href), SHOWN_HREF), "dim")
        )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        options.highlighted = self.start
        # At the top of the list, the links after it (those in view in the text) below.
        self.call_after_refresh(options.scroll_to_highlight, top=True)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.links[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        self.dismiss(None)
