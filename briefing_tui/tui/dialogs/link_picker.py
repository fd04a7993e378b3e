"""The link picker: search every claim as you type (quote, note, briefing title),
choose one, then how the claim being linked relates to it.

The claims are read once, in a worker (about 90 ms at 10,000 claims), and
searched in memory on every keystroke (:class:`~briefing_tui.core.analysis.ClaimPicker`).
Everything shown of a claim is its own text, drawn literally.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from briefing_tui.core.analysis import ClaimPicker, PickerItem
from briefing_tui.core.claims.vocabulary import RELATIONS
from briefing_tui.tui.access import AppAccess
from briefing_tui.tui.widgets.claims_panel import excerpt, quoted

#: Claims listed at most for one search.
SHOWN = 50

_DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} #dialog {{
    width: 90%;
    max-width: 110;
    height: auto;
    max-height: 90%;
    border: round $accent;
    background: $surface;
    padding: 0 1;
}}
{name} #picker-list, {name} #relation-list {{ height: auto; max-height: 14; }}
{name} .hint {{ color: $text-muted; }}
/* Wrapped: at 80 columns the chosen claim's quote ran off the dialog's edge. */
{name} #relation-other, {name} #relation-this, {name} #picker-this {{ width: 1fr; }}
"""


def picker_option(item: PickerItem, width: int = 90) -> Content:
    """A claim as the picker lists it: quote, then its briefing's title and note."""
    parts: list[Content | str | tuple[str, str]] = [
        (f"[{item.status}] ", "bold"),
        quoted(item.quote, width),
        "\n  ",
        (excerpt(item.title, width), "$text-accent"),
    ]
    if item.note:
        parts.extend(["\n  ", (excerpt(item.note, width), "italic $text-muted")])
    return Content.assemble(*parts)


class LinkPicker(AppAccess, ModalScreen[PickerItem | None]):
    """Choose the claim to link to; ``enter`` picks, ``escape`` cancels."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="LinkPicker")
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="link_picker.cancel"),
        Binding("down", "to_list", "To the list", show=False),
    ]

    def __init__(self, claim_id: str) -> None:
        super().__init__()
        self.claim_id = claim_id
        self.picker: ClaimPicker | None = None
        self.found: list[PickerItem] = []
        #: The quote of the claim being linked, once read: both dialogs said only "this
        #: claim", and the list behind them was covered (which one, and which way?).
        self.this_quote = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Link this claim to… (type words of a quote, note or title)")
            yield Label("", id="picker-this", classes="hint")
            yield Input(placeholder="Search every claim", id="picker-search")
            yield Label("Reading the claims…", id="picker-count", classes="hint")
            yield OptionList(id="picker-list")
            yield Label("enter: choose · down: the list · esc: cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._load()

    @work(thread=True, exclusive=True, group="link-picker")
    def _load(self) -> None:
        workspace = self.briefing_app.workspace
        if workspace is None:
            return
        try:
            picker = workspace.analysis.picker(exclude=self.claim_id)
            this = workspace.claims.get(self.claim_id)
        except Exception as error:  # said, never a traceback
            self.app.call_from_thread(self._say, f"The claims could not be read: {error}")
            return
        self.app.call_from_thread(self._loaded, picker, this.quote if this is not None else "")

    def _loaded(self, picker: ClaimPicker, this_quote: str = "") -> None:
        self.picker = picker
        self.this_quote = this_quote
        if this_quote:
            self.query_one("#picker-this", Label).update(
                Content.assemble("this claim: ", (quoted(this_quote, 110), "italic"))
            )
        self._search(self.query_one(Input).value)

    def _say(self, text: str) -> None:
        self.query_one("#picker-count", Label).update(Content(text))

    @on(Input.Changed, "#picker-search")
    def _on_changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def _search(self, text: str) -> None:
        if self.picker is None:
            return
        self.found = self.picker.search(text, limit=SHOWN)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(picker_option(item), id=item.claim_id) for item in self.found)
        if self.found:
            options.highlighted = 0
        total = len(self.picker.items)
        if not total:
            self._say("No other claims to link to yet.")
        elif not self.found:
            self._say("No claim matches.")
        else:
            more = "the first " if len(self.found) >= SHOWN else ""
            self._say(f"{more}{len(self.found)} of {total:,} claims")

    def action_to_list(self) -> None:
        self.query_one(OptionList).focus()

    @on(Input.Submitted, "#picker-search")
    @on(OptionList.OptionSelected, "#picker-list")
    def _choose(self) -> None:
        options = self.query_one(OptionList)
        at = options.highlighted
        if at is not None and at < len(self.found):
            self.dismiss(self.found[at])

    def action_cancel(self) -> None:
        self.dismiss(None)


#: How each relation reads from the claim being linked.
RELATION_WORDS = {
    "support": "supports it",
    "contradict": "contradicts it",
    "repeat": "repeats it (the same claim, another source)",
    "cite": "cites it (quotes it)",
}


class RelationDialog(ModalScreen[tuple[str, str] | None]):
    """How the claim being linked relates to the chosen one: (relation, its id)."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="RelationDialog")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="relation.cancel")]

    def __init__(self, other: PickerItem, this_quote: str = "") -> None:
        super().__init__()
        self.other = other
        self.this_quote = this_quote

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            if self.this_quote:
                yield Label(
                    Content.assemble(
                        "This claim, ", (quoted(self.this_quote, 160), "italic"), ",…"
                    ),
                    id="relation-this",
                )
            else:
                yield Label("This claim…")
            yield OptionList(
                *(Option(Content(RELATION_WORDS[name]), id=name) for name in RELATIONS),
                id="relation-list",
            )
            yield Label(
                Content.assemble(
                    "it: ",
                    (quoted(self.other.quote, 160), "italic"),
                    "\n    ",
                    (excerpt(self.other.title, 100), "$text-accent"),
                ),
                id="relation-other",
            )
            yield Label("enter: link · esc: cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#relation-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss((event.option.id, self.other.claim_id))

    def action_cancel(self) -> None:
        self.dismiss(None)
