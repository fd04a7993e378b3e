"""The preview under the list: the selected briefing's summary or matching snippet."""

from __future__ import annotations

from textual.content import Content, Span
from textual.widgets import Static

from ...core.search import Snippet


class Preview(Static):
    """Shows a snippet as data (``Content``), with the matched words highlighted."""

    COMPONENT_CLASSES = {"preview--match", "preview--title"}
    DEFAULT_CSS = """
    Preview {
        height: auto;
        max-height: 8;
        padding: 0 1;
        border-top: solid $primary 40%;
        & > .preview--match { color: $text-warning; text-style: bold; }
        & > .preview--title { text-style: bold; }
    }
    """

    def show(self, title: str, meta: str, snippet: Snippet | None, summary: str | None) -> None:
        """Render title, a meta line and the snippet (or summary) without any markup parsing."""
        head = Content.assemble((title, ".preview--title"), "\n", (meta, "dim"), "\n")
        if snippet is not None and snippet.matches:
            spans = [Span(start, end, ".preview--match") for start, end in snippet.matches]
            body = Content(snippet.text, spans=spans)
        elif summary:
            body = Content(summary)
        elif snippet is not None:
            body = Content(snippet.text)
        else:
            body = Content("")
        self.update(head + body)

    def clear(self, message: str = "") -> None:
        self.update(Content(message))
