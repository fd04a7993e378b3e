"""Export claims from the app: choose a format and a file; the app writes it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from briefing_tui.core.exchange import FORMATS, default_export_name
from briefing_tui.tui.dialogs.fitting import FieldsAboveDock
from briefing_tui.tui.widgets.choice_set import ChoiceSet

DESCRIPTIONS = {
    "md": "cited report (Markdown)",
    "json": "lossless (briefing-tui JSON)",
    "csv": "spreadsheet (CSV)",
    "w3c": "W3C Web Annotation (JSON-LD)",
}


@dataclass(frozen=True)
class ExportChoice:
    format: str
    path: Path
    query: str


class ExportDialog(FieldsAboveDock, ModalScreen[ExportChoice | None]):
    """Format, file path and the selection.

    The file goes by default into the data folder's ``exports/`` (made when
    the export is confirmed), not wherever the app happened to be started.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        # As in the claim and rating dialogs: ctrl+s there saved, here did nothing.
        Binding("ctrl+s", "export", "Export", id="export.export", priority=True),
    ]
    # A short terminal: no blank lines (see app.tcss), so the file's field shows.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]
    FIELDS = "#export-body"

    def __init__(self, query: str = "", folder: Path | None = None) -> None:
        super().__init__()
        self._query = query
        self._given_folder = folder
        self._folder = folder or Path.cwd()
        self._format = "md"
        self._edited = False
        #: The path this dialog last proposed: the field is the user's once it differs.
        self._proposed = ""

    def default_folder(self) -> Path:
        """The folder offered: the one given, else ``<data folder>/exports``."""
        if self._given_folder is not None:
            return self._given_folder
        paths = getattr(self.app, "paths", None)
        if paths is not None:
            return Path(paths.data_root) / "exports"
        return Path.cwd()

    def compose(self) -> ComposeResult:
        self._folder = self.default_folder()
        with Vertical(id="dialog"):
            yield Label(Content("Export claims"), id="export-title")
            with VerticalScroll(id="export-body"):
                scope = f"the claims selected by: {self._query}" if self._query else "every claim"
                yield Label(Content(f"Exports {scope}"), id="export-scope")
                with ChoiceSet(id="export-format"):
                    for fmt in FORMATS:
                        yield RadioButton(
                            f"{fmt}: {DESCRIPTIONS.get(fmt, fmt)}", value=fmt == "md", name=fmt
                        )
                yield Label("File", classes="field-label")
                yield Input(self._default_path(), id="export-path")
                yield Label(
                    Content(f"Saved to {self._folder} (made if needed); edit the path to change."),
                    id="export-folder",
                )
            with Horizontal(id="buttons"):
                yield Button("Export (ctrl+s)", id="export", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def _default_path(self) -> str:
        """A new proposal for the format chosen (its name carries the time, to the
        second: compared with a later one, the field looked edited and stopped
        following the format)."""
        self._proposed = str(self._folder / default_export_name(self._format))
        return self._proposed

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()
        self.call_after_refresh(self._show_file_name)

    def _show_file_name(self) -> None:
        """Scroll the path to its end: a long data folder (``/home/…/.local/share/…``)
        filled the field at 80 columns, and the file's name and format were out of sight."""
        path = self.query_one("#export-path", Input)
        path.cursor_position = 0  # a move, so that the field scrolls to where it ends
        path.cursor_position = len(path.value)

    @on(RadioSet.Changed)
    def _format_changed(self, event: RadioSet.Changed) -> None:
        self._format = event.pressed.name or "md"
        if not self._edited:
            self.query_one("#export-path", Input).value = self._default_path()
            self._show_file_name()

    @on(Input.Changed, "#export-path")
    def _path_edited(self, event: Input.Changed) -> None:
        self._edited = event.value != self._proposed

    @on(Input.Submitted, "#export-path")
    @on(ChoiceSet.Submitted)
    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self.notify("Give a file to write.", severity="warning")
            return
        path = Path(text).expanduser()
        if path.parent == self._folder and not self._folder.is_dir():
            # Only the folder this dialog proposed is made; a typed one must exist.
            try:
                self._folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                self.notify(
                    f"Cannot make the folder {self._folder}: {error}", severity="error", timeout=8
                )
                return
        self.dismiss(ExportChoice(self._format, path, self._query))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
