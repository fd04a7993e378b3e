"""Ask for one line of text in a modal; the answer comes back through ``dismiss``."""

from __future__ import annotations

from collections.abc import Callable

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

    def __init__(
        self,
        question: str,
        value: str = "",
        suggestions: list[str] | None = None,
        check: Callable[[str], str | None] | None = None,
    ):
        """``check``: what is wrong with an answer (``None``: nothing), said in the
        dialog, which stays open for another: "abc" as a reading width closed it
        with a notice, the width to be asked for again from the palette (a walk)."""
        super().__init__()
        self._question = question
        self._value = value
        self._suggestions = suggestions or []
        self._check = check

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
        try:
            wrong = (self._check(answer) if self._check else None) if answer else "Nothing typed"
        except Exception as error:  # a check's own trouble: said here, never the app's end
            wrong = f"Not taken ({error})"
        if wrong is None:
            self.dismiss(answer)
            return
        help_line = self.query_one("#prompt-help", Label)
        help_line.update(Content(f"{wrong}: type another (enter: OK) or escape to cancel."))
        help_line.add_class("-empty")

    def action_cancel(self) -> None:
        self.dismiss(None)
