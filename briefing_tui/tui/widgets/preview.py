"""The preview under the list: the selected briefing's summary or matching snippet."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.content import Content, Span
from textual.widgets import Static

from briefing_tui.tui.widgets.header import META_SEPARATOR, meta_lines, meta_one_line

from ...core.search import Snippet

if TYPE_CHECKING:
    from textual.css.styles import RulesMap


class Preview(Static):
    """Shows a snippet as data (``Content``), with the matched words highlighted."""

    COMPONENT_CLASSES = {"preview--match", "preview--title"}
    #: Lines the preview takes at most, its top border included (``max-height`` below).
    MAX_HEIGHT = 8
    DEFAULT_CSS = f"""
    Preview {{
        height: auto;
        max-height: {MAX_HEIGHT};
        padding: 0 1;
        border-top: solid $primary 40%;
        & > .preview--match {{ color: $text-warning; text-style: bold; }}
        & > .preview--title {{ text-style: bold; }}
    }}
    """

    def show(
        self,
        title: str,
        meta: str,
        snippet: Snippet | None,
        summary: str | None,
        *,
        interim: bool = False,
    ) -> None:
        """Render title, a meta line and the snippet (or summary) without any markup parsing.

        ``interim``: the passage follows at once (found in a worker), so the preview
        keeps its height until then (see :meth:`fit`): the list under a search box
        being typed in does not jump twice a keystroke.
        """
        # Wrapped a part at a time: wrapped at its spaces, a long path left the line
        # ending "2021-04-06  ·" with nothing after the dot (as the reader's header did).
        width = self.content_size.width
        parts = tuple(meta.split(META_SEPARATOR))
        meta = meta_lines(parts, width)
        if snippet is not None and snippet.matches:
            spans = [Span(start, end, ".preview--match") for start, end in snippet.matches]
            body = Content(snippet.text, spans=spans)
        elif summary:
            body = Content(summary)
        elif snippet is not None:
            body = Content(snippet.text)
        else:
            body = Content("")
        head = Content.assemble((title, ".preview--title"), "\n", (meta, "dim"), "\n")
        if body.plain and width and "\n" in meta:
            # The meta's lines (no source, a long file name wrapped on lines of its
            # own, many tags) took every line of the preview and showed no text
            # (80x24, a walk): one line then, if that leaves two for the text.
            rules = cast("RulesMap", self.styles)  # as in _show: measured as painted
            if head.get_height(rules, width) + 1 > self._lines_at_most():
                meta = meta_one_line(parts, width)
                head = Content.assemble((title, ".preview--title"), "\n", (meta, "dim"), "\n")
        self._show(head + body, keep_height=interim)

    def _lines_at_most(self) -> int:
        """The lines of text the preview may take (its cap, less its top border)."""
        cap = self.styles.max_height  # MAX_HEIGHT, or less on a short screen
        most = int(cap.value) if cap is not None and cap.is_cells else self.MAX_HEIGHT
        return most - 1

    def clear(self, message: str = "") -> None:
        self._show(Content(message))

    def fit(self) -> None:
        """Take the height of what is shown (an interim content that no passage replaced)."""
        self.refresh(layout=True)

    def _show(self, content: Content, *, keep_height: bool = False) -> None:
        """Show ``content``; lay the screen out again only if the preview's height changes.

        The preview changes twice a keystroke while typing (the top result's summary,
        then its snippet), and a layout arranges every widget of the screen again and
        moves the list under it: at 100,000 briefings that work shared the
        interpreter with the next keystroke's search.
        A snippet or summary that fills the preview, as most do, keeps its height.
        """
        width, height = self.content_size
        if keep_height and height:
            self.update(content, layout=False)
        elif width and height:
            # The styles as the rules Textual measures with (its Widget.get_content_height
            # passes them so too; RenderStyles is not declared a RulesMap).
            rules = cast("RulesMap", self.styles)
            lines = min(content.get_height(rules, width), self._lines_at_most())
            self.update(content, layout=lines != height)
        else:
            self.update(content)
