"""A yes/no question as a modal screen; the answer comes back through ``dismiss``."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual import _time, events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label


@runtime_checkable
class HoldsTyping(Protocol):
    """A screen whose fields may hold what was typed and not saved (the claim dialog)."""

    def unsaved_typing(self) -> str | None:
        """What would be lost ("this new claim"), or None when nothing would."""


class ConfirmScreen(ModalScreen[bool]):
    """Ask before doing something that cannot be taken back, or that leaves the app.

    A key typed before the question was asked never answers it, nor does one
    typed in the same run of typing (less than :data:`BURST_GAP` after the key
    before it). Typing a word into the list (``Mystery``, the search box not
    focused) pressed ``M``, which asks "Mark 161 briefings read?", and the
    ``y`` typed a moment later said yes: 160 briefings marked read, with no
    undo. At a person's typing speed the question is up before the ``y``
    comes, so its time alone does not tell; the gap does: an answer comes
    after reading the question, not 100-250 ms after the key before it.
    """

    #: A key typed less than this many seconds after the one before it is still
    #: the typing that was going on, not an answer (see the class).
    BURST_GAP = 0.3

    #: ``y`` is answered by :meth:`on_key`, not a binding: a binding answers whatever
    #: screen the key was typed on, and :meth:`on_key` sees only the keys typed on
    #: this one, with their time (and stops them). Its binding is there for the
    #: footer and F1, which said only "esc No": a newcomer could not see how to say
    #: yes. The only ``y`` it gets was typed on the screen below, and answers nothing.
    BINDINGS = [
        Binding("y", "typed_before", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self._question = question
        self._detail = detail
        #: When the question was asked, on the clock Textual stamps each key with.
        self._asked_at = _time.get_time()

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            # The question and detail wrap in full (a link's whole address, a claim's
            # whole quote) and scroll when long; the buttons stay docked below.
            with VerticalScroll(id="confirm-body"):
                yield Label(Content(self._question), id="question")
                if self._detail:
                    yield Label(Content(self._detail), id="detail")
            with Horizontal(id="buttons"):
                yield Button("Yes (y)", id="yes", variant="primary")
                yield Button("No (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_key(self, event: events.Key) -> None:
        """``y`` answers yes; a key typed before the question was asked, nothing (see
        the class)."""
        previous: float | None = getattr(event, "previous_key_time", None)
        typing = previous is not None and event.time - previous < self.BURST_GAP
        if event.time < self._asked_at or (typing and event.key == "y"):
            event.stop()
            event.prevent_default()
        elif event.key == "y":
            event.stop()
            self.dismiss(True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def action_typed_before(self) -> None:
        """A ``y`` typed on the screen below, before the question: no answer (see
        :attr:`BINDINGS`); one typed here, or clicked in the footer, is :meth:`on_key`'s."""


def claim_delete_question(quote: str, links: int | None = None) -> ConfirmScreen:
    """The question before a claim is deleted (the reader, the claims and review screens).

    ``links``: how many links it has (``None``: not known), so the question says what
    goes with it; "its links are deleted" of a claim without any left the analyst
    looking for links that were not there."""
    if links is None:
        said = "Its links to other claims are deleted with it."
    elif links == 1:
        said = "Its link to another claim goes with it."  # "Its 1 link … go", a walk
    elif links:
        said = f"Its {links} links to other claims go with it."
    else:
        said = "It has no links to other claims."
    return ConfirmScreen("Delete this claim?", f"“{quote}”\n\n{said}")
