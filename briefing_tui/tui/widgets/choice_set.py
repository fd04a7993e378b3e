"""A set of choices where the arrow keys choose, as radio buttons do in other programs.

Textual's ``RadioSet`` moves only a highlight with the arrows and chooses with
space or enter. In the claim dialog, a newcomer pressed → on "open" to reach
"key", saw "key" highlighted, saved, and the claim was saved ``[open]``.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import RadioSet


class ChoiceSet(RadioSet):
    """A ``RadioSet`` whose arrow keys move the choice itself, not only the highlight.

    New actions, not overrides of ``action_next_button``: the set calls that
    itself when mounted, to highlight its first choice, and must not choose it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,right", "choose_next", "Next choice", show=False),
        Binding("up,left", "choose_previous", "Previous choice", show=False),
    ]

    def action_choose_next(self) -> None:
        self.action_next_button()
        self.action_toggle_button()

    def action_choose_previous(self) -> None:
        self.action_previous_button()
        self.action_toggle_button()
