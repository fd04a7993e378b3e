"""Save this query as…: a name for the query in the search box, checked before it goes.

The dialog shows the query it saves and refuses, with a line saying why, an
empty name, a name too long, and a query that does not parse. A name already
in use (ignoring case) is not refused outright: the dialog names the search
that holds it and its query, and ``enter`` again (or the Replace button)
gives that search this query instead, keeping its place in the list.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from briefing_tui.core.search.query import QueryError
from briefing_tui.core.store import SavedSearchError
from briefing_tui.core.store.saved_searches import clean_name
from briefing_tui.core.stream import SavedSearch, check_saved_query


@dataclass(frozen=True)
class SaveChoice:
    """Save ``query`` as ``name``; ``replace``: the name is in use and its search
    gets this query."""

    name: str
    query: str
    replace: bool = False


def excerpt(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


class SaveSearchDialog(ModalScreen[SaveChoice | None]):
    """Ask for a name for ``query``; ``saved`` are the searches saved now."""

    DEFAULT_CSS = """
    SaveSearchDialog { align: center middle; }
    SaveSearchDialog #dialog {
        width: 72;
        max-width: 95%;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $panel;
        padding: 0 1;
    }
    SaveSearchDialog #save-title { text-style: bold; }
    SaveSearchDialog Label { width: 100%; }
    SaveSearchDialog #save-query { color: $text-muted; margin-bottom: 1; }
    SaveSearchDialog #save-problem { color: $text-error; height: auto; }
    SaveSearchDialog #save-problem.-offer { color: $text-warning; }
    SaveSearchDialog #buttons {
        height: auto;
        align: right middle;
        & Button { margin-left: 1; }
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="save_search.cancel")]

    def __init__(self, query: str, saved: list[SavedSearch]) -> None:
        super().__init__()
        self.search_query = query
        self.saved = saved
        #: The name whose replacement was offered: saving it again replaces.
        self._offered: str | None = None

    def compose(self) -> ComposeResult:
        shown = self.search_query.strip()
        with Vertical(id="dialog"):
            yield Label(Content("Save this search as…"), id="save-title")
            what = f"Query: {excerpt(shown, 200)}" if shown else "Query: (empty: every briefing)"
            yield Label(Content(what), id="save-query")
            yield Input(placeholder="A name, e.g. Sanctions", id="save-name")
            yield Label(Content(""), id="save-problem")
            with Horizontal(id="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#save-name", Input).focus()
        self._check_query()

    def _check_query(self) -> bool:
        try:
            check_saved_query(self.search_query)  # parses, and runs no other saved search
        except QueryError as error:
            self._say(f"This query cannot be saved: {error}. Fix it in the search box first.")
            self.query_one("#save", Button).disabled = True
            return False
        return True

    def _say(self, problem: str, *, offer: bool = False) -> None:
        label = self.query_one("#save-problem", Label)
        label.update(Content(problem))
        label.set_class(offer, "-offer")

    def _holder(self, name: str) -> SavedSearch | None:
        folded = name.casefold()
        return next((s for s in self.saved if s.name.casefold() == folded), None)

    @on(Input.Changed, "#save-name")
    def _on_name_changed(self) -> None:
        if self._offered is not None:
            self._offered = None
            self.query_one("#save", Button).label = "Save"
            self._say("")

    @on(Input.Submitted, "#save-name")
    @on(Button.Pressed, "#save")
    def _on_save(self) -> None:
        if not self._check_query():
            return
        typed = self.query_one("#save-name", Input).value
        try:
            name = clean_name(typed)
        except SavedSearchError as error:
            self._say(f"Not saved: {error}.")
            return
        holder = self._holder(name)
        if holder is None:
            self.dismiss(SaveChoice(name, self.search_query))
        elif self._offered == holder.name:
            self.dismiss(SaveChoice(holder.name, self.search_query, replace=True))
        else:
            self._offered = holder.name
            self.query_one("#save", Button).label = "Replace"
            self._say(
                f"“{holder.name}” is already saved (query: {excerpt(holder.query, 80)}). "
                "Press enter again to give it this query, or choose another name.",
                offer=True,
            )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
