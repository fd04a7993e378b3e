"""A set of choices where the arrow keys choose, as radio buttons do in other programs.

Textual's ``RadioSet`` moves only a highlight with the arrows and chooses with
space or enter. In the claim dialog, a newcomer pressed → on "open" to reach
"key", saw "key" highlighted, saved, and the claim was saved ``[open]``.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import RadioButton, RadioSet


class ChoiceSet(RadioSet):
    """A ``RadioSet`` whose arrow keys move the choice itself, not only the highlight.

    New actions, not overrides of ``action_next_button``: the set calls that
    itself when mounted, to highlight its first choice, and must not choose it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,right", "choose_next", "Next choice", show=False),
        Binding("up,left", "choose_previous", "Previous choice", show=False),
        Binding("home", "choose_at(0)", "First choice", show=False),
        Binding("end", "choose_at(-1)", "Last choice", show=False),
        # The arrows choose, so enter has nothing left to choose: the dialog takes it
        # (a newcomer pressed enter on the export formats and nothing happened).
        Binding("enter", "submit", "Confirm", show=False),
    ]

    class Submitted(Message):
        """Enter on the set: the dialog goes on (the next field, or it confirms)."""

    def action_submit(self) -> None:
        self.post_message(self.Submitted())

    def on_focus(self) -> None:
        self._highlight_choice()

    def _highlight_choice(self) -> None:
        """Put the highlight on the choice made (``RadioSet`` starts it on the first
        row, whatever is chosen): the arrows move from there."""
        if self.pressed_index >= 0:
            self._selected = self.pressed_index

    def action_choose_next(self) -> None:
        self._highlight_choice()
        self.action_next_button()
        self.action_toggle_button()

    def action_choose_previous(self) -> None:
        self._highlight_choice()
        self.action_previous_button()
        self.action_toggle_button()

    def action_choose_at(self, index: int) -> None:
        buttons = list(self.query(RadioButton))
        if buttons:
            self._selected = index % len(buttons)
            self.action_toggle_button()
