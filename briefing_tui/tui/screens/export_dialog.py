"""Export claims from the app: choose a format and a file; the app writes it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from ...core.exchange import FORMATS, default_export_name

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


class ExportDialog(ModalScreen[ExportChoice | None]):
    """Format, file path (a sensible default in the current folder) and the selection."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]

    def __init__(self, query: str = "", folder: Path | None = None) -> None:
        super().__init__()
        self._query = query
        self._folder = folder or Path.cwd()
        self._format = "md"
        self._edited = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Content("Export claims"), id="export-title")
            scope = f"the claims selected by: {self._query}" if self._query else "every claim"
            yield Label(Content(f"Exports {scope}"), id="export-scope")
            with RadioSet(id="export-format"):
                for fmt in FORMATS:
                    yield RadioButton(
                        f"{fmt}: {DESCRIPTIONS.get(fmt, fmt)}", value=fmt == "md", name=fmt
                    )
            yield Label("File", classes="field-label")
            yield Input(self._default_path(), id="export-path")
            with Horizontal(id="buttons"):
                yield Button("Export", id="export", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def _default_path(self) -> str:
        return str(self._folder / default_export_name(self._format))

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    @on(RadioSet.Changed)
    def _format_changed(self, event: RadioSet.Changed) -> None:
        self._format = event.pressed.name or "md"
        if not self._edited:
            self.query_one("#export-path", Input).value = self._default_path()

    @on(Input.Changed, "#export-path")
    def _path_edited(self, event: Input.Changed) -> None:
        self._edited = event.value != self._default_path()

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self.notify("Give a file to write.", severity="warning")
            return
        self.dismiss(ExportChoice(self._format, Path(text).expanduser(), self._query))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
