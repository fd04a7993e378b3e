"""Ask for one line of text in a modal; the answer comes back through ``dismiss``."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label


class PromptScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, question: str, value: str = "", suggestions: list[str] | None = None):
        super().__init__()
        self._question = question
        self._value = value
        self._suggestions = suggestions or []

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            # A long question wraps and scrolls; the input and the help stay docked below it.
            with VerticalScroll(id="prompt-question-box"):
                yield Label(Content(self._question), id="prompt-question")
            with Vertical(id="prompt-foot"):
                yield Input(
                    self._value,
                    id="prompt-input",
                    suggester=SuggestFromList(self._suggestions, case_sensitive=False),
                )
                yield Label(Content("enter: OK · escape: cancel"), id="prompt-help")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """An answer closes the question; ``enter`` on nothing says so and stays: it
        closed the dialog unsaid, as escape does ("Import claims" with its offered
        file cleared: nothing imported, nothing told, a walk)."""
        answer = event.value.strip()
        if answer:
            self.dismiss(answer)
            return
        self.query_one("#prompt-help", Label).update(
            Content("Nothing typed: type an answer (enter: OK) or escape to cancel.")
        )
        self.query_one("#prompt-help", Label).add_class("-empty")

    def action_cancel(self) -> None:
        self.dismiss(None)
