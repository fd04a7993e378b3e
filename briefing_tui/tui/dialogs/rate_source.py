"""Rate a source: its reliability, A to F (the Admiralty code) or not rated, and a
note. On the grades a letter picks its grade (``b``: B), ``-`` not rated, the arrows
move; ``ctrl+s`` saves, ``escape`` cancels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from briefing_tui.core.analysis import SourceInfo
from briefing_tui.core.claims.vocabulary import MAX_SOURCE_NOTE, RELIABILITY_MEANINGS
from briefing_tui.tui.widgets.choice_set import ChoiceSet


class GradeSet(ChoiceSet):
    """The grades, picked by their letters too (the note's own field takes letters as
    text): ``b`` on the list did nothing, though each grade is shown by its letter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *[
            Binding(key, f"pick('{key.upper()}')", f"Grade {key.upper()}", show=False)
            for key in "abcdef"
        ],
        Binding("minus", "pick('none')", "Not rated", show=False),
    ]

    def action_pick(self, name: str) -> None:
        names = [button.name for button in self.query(RadioButton)]
        if name in names:
            self.action_choose_at(names.index(name))


def _count(number: int, noun: str) -> str:
    """``1 briefing``, ``2,223 briefings`` (the title said "1 briefings")."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


@dataclass(frozen=True)
class SourceRating:
    """A grade (``""``: not rated) and a note (``""``: none)."""

    reliability: str
    note: str


class RateSourceDialog(ModalScreen[SourceRating | None]):
    DEFAULT_CSS = """
    RateSourceDialog { align: center middle; }
    RateSourceDialog #dialog {
        width: 80;
        max-width: 95%;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $panel;
    }
    RateSourceDialog #rate-body { height: auto; max-height: 100%; padding: 0 2; }
    RateSourceDialog #rate-title { text-style: bold; padding: 0 2; }
    RateSourceDialog #rate-grade { width: 100%; }
    RateSourceDialog #buttons {
        dock: bottom;
        height: auto;
        align: right middle;
        padding: 0 2;
        & Button { margin-left: 2; }
    }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="rate.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="rate.cancel"),
    ]

    def __init__(self, info: SourceInfo) -> None:
        super().__init__()
        self.info = info

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            counts = (
                f" ({_count(self.info.briefings, 'briefing')}, {_count(self.info.claims, 'claim')})"
            )
            yield Label(Content(f"Rate {self.info.name}{counts}"), id="rate-title")
            with VerticalScroll(id="rate-body"):
                yield Label("Reliability (a letter picks its grade, - not rated)")
                with GradeSet(id="rate-grade"):
                    for grade, meaning in RELIABILITY_MEANINGS.items():
                        yield RadioButton(
                            f"{grade}  {meaning}",
                            value=grade == self.info.reliability,
                            name=grade,
                        )
                    yield RadioButton(
                        "-  not rated", value=self.info.reliability is None, name="none"
                    )
                yield Label("Note")
                yield Input(self.info.note, id="rate-note", max_length=MAX_SOURCE_NOTE)
            with Horizontal(id="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    # Enter did nothing: on the grades it goes on to the note, in the note it saves.
    @on(ChoiceSet.Submitted)
    def _to_note(self) -> None:
        self.query_one("#rate-note", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        pressed = self.query_one(RadioSet).pressed_button
        grade = pressed.name if pressed is not None and pressed.name != "none" else ""
        note = self.query_one("#rate-note", Input).value.strip()
        self.dismiss(SourceRating(grade or "", note))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
