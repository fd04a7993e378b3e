"""The reader's find bar: a text box and "3 of 17". It reports, the screen decides."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from briefing_tui.tui.typeahead import FocusHandOver


class FindInput(Input):
    """The find bar's text box: its keys step through the matches, and say so in
    the help (F1 listed ↓ and ↑ as the reader's "Line down" and "Line up", and
    enter as nothing, while they stepped through the matches)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Next match", show=False),
        Binding("down", "step(1)", "Next match", show=False),
        # shift+enter is not sent by many terminals (tmux among them): ↑ and ↓ are.
        Binding("up,shift+enter", "step(-1)", "Previous match", show=False),
        # The reader's escape, said as what it does here: the footer said "esc Back"
        # while the find bar was open, and escape only closes the bar (a newcomer walk).
        Binding("escape", "screen.back", "Close find", tooltip="Close the find bar"),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._hand_over = FocusHandOver(self)

    def on_key(self, event: events.Key) -> None:
        """The keys typed at speed after ``escape`` (which closes the bar, the focus
        back in the text) are the reader's: ``escape`` then ``/`` typed ``/`` into
        the hidden box ("oil/": no matches next time) instead of going to the
        library's search (see :class:`~briefing_tui.tui.typeahead.FocusHandOver`)."""
        if self._hand_over.hold(event):
            return
        if event.key == "escape":
            self._hand_over.leaving()

    def on_blur(self) -> None:
        self._hand_over.give_back()

    def action_step(self, direction: int) -> None:
        self.post_message(FindBar.Step(direction))


class FindBar(Horizontal):
    """Docked at the bottom of the reader; hidden until ``f``."""

    @dataclass
    class Changed(Message):
        text: str

    @dataclass
    class Step(Message):
        """Move to the next (+1) or previous (-1) match."""

        direction: int

    def compose(self) -> ComposeResult:
        yield FindInput(
            placeholder="Find (enter or ↓: next, ↑: previous, escape: close)", id="find"
        )
        yield Label("", id="find-count")

    def open(self) -> None:
        self.display = True
        self.query_one(Input).focus()

    @property
    def text(self) -> str:
        return self.query_one(Input).value

    def show_count(self, current: int, total: int, capped: bool) -> None:
        label = self.query_one("#find-count", Label)
        if not self.text:
            label.update("")
        elif not total:
            label.update("no matches")
        else:
            label.update(f"{current + 1} of {total}{'+' if capped else ''}")

    @on(Input.Changed)
    def _on_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted)
    def _on_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Step(+1))
