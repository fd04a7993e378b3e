"""The reader's find bar: a text box and "3 of 17". It reports, the screen decides."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label


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
        yield Input(placeholder="Find (enter or ↓: next, ↑: previous, escape: close)", id="find")
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

    def on_key(self, event: events.Key) -> None:
        # shift+enter is not sent by many terminals (tmux among them): ↑ and ↓ are.
        step = {"shift+enter": -1, "up": -1, "down": +1}.get(event.key)
        if step is not None:
            event.stop()
            event.prevent_default()
            self.post_message(self.Step(step))
