"""The claim dialog: the quote, a multi-line note, tags with completion, a status."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, TextArea

from briefing_tui.core.claims.model import STATUSES
from briefing_tui.tui.dialogs.tags import parse_tag_input


@dataclass(frozen=True)
class ClaimEdit:
    """What the dialog hands back: the note, the claim's tags and its status."""

    note: str
    tags: list[str] = field(default_factory=list)
    status: str = "open"


class ClaimDialog(ModalScreen[ClaimEdit | None]):
    """Create or edit a claim; ``ctrl+s`` saves, ``escape`` cancels."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="claim.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="claim.cancel"),
    ]
    # A short terminal gets a smaller quote box and note (see app.tcss).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (72, "-wide")]

    def __init__(
        self,
        quote: str,
        *,
        note: str = "",
        tags: list[str] | None = None,
        status: str = "open",
        known_tags: list[str] | None = None,
        title: str = "New claim",
    ) -> None:
        super().__init__()
        self._quote = quote
        self._note = note
        self._tags = tags or []
        self._status = status if status in STATUSES else "open"
        self._known = known_tags or []
        self._title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Content(self._title), id="claim-title")
            # The fields scroll (focus scrolls to them); Save and Cancel stay docked below.
            with VerticalScroll(id="claim-body"):
                with VerticalScroll(id="claim-quote"):
                    yield Label(Content(f"“{self._quote}”"))
                yield Label("Note", classes="field-label")
                yield TextArea(self._note, id="claim-note", soft_wrap=True, tab_behavior="focus")
                yield Label("Tags (space separated)", classes="field-label")
                yield Input(
                    " ".join(self._tags),
                    id="claim-tags",
                    suggester=SuggestFromList(self._known, case_sensitive=False),
                )
                yield Label("Status", classes="field-label")
                with RadioSet(id="claim-status"):
                    for status in STATUSES:
                        yield RadioButton(status, value=status == self._status, name=status)
            with Horizontal(id="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#claim-note", TextArea).focus()

    def _result(self) -> ClaimEdit:
        note = self.query_one("#claim-note", TextArea).text.strip()
        tags = parse_tag_input(self.query_one("#claim-tags", Input).value).add
        pressed = self.query_one("#claim-status", RadioSet).pressed_button
        status = pressed.name if pressed is not None and pressed.name else "open"
        return ClaimEdit(note, tags, status)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        self.dismiss(self._result())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
