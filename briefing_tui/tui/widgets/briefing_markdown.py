"""A Markdown widget whose paragraphs and headings can be highlighted by document offset.

Each highlightable block keeps its unhighlighted ``Content`` and its start
offset in the document's plain text (the core's :func:`text_blocks`, which
mirrors what Textual renders). Highlights are spans with named styles
(component classes of this widget, so the theme colours them); only blocks
whose spans changed are redrawn, with ``layout=False``. A markdown-it plugin
is not the way: Textual's inline renderer crashes on unknown tokens. Code
blocks and tables stay unhighlightable.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from textual.content import Content, Span
from textual.widgets import Markdown
from textual.widgets._markdown import (
    MarkdownBlock,
    MarkdownFence,
    MarkdownH1,
    MarkdownH2,
    MarkdownH3,
    MarkdownH4,
    MarkdownH5,
    MarkdownH6,
    MarkdownParagraph,
)
from textual.widgets._static import Static

from ...core.plaintext import TextBlock


@dataclass(frozen=True, slots=True)
class Highlight:
    """A range of the document's plain text and the component class that styles it."""

    start: int
    end: int
    style: str


class _Highlightable:
    """Mixin for blocks: where the block starts in the plain text, and its spans."""

    doc_start: int | None = None
    _applied: tuple[Span, ...] = ()

    def show_spans(self, spans: tuple[Span, ...]) -> None:
        if spans == self._applied:
            return
        self._applied = spans
        base: Content = self._content  # type: ignore[attr-defined]
        Static.update(self, base.add_spans(spans) if spans else base, layout=False)  # type: ignore[arg-type]


class BriefingParagraph(_Highlightable, MarkdownParagraph):
    pass


class BriefingH1(_Highlightable, MarkdownH1):
    pass


class BriefingH2(_Highlightable, MarkdownH2):
    pass


class BriefingH3(_Highlightable, MarkdownH3):
    pass


class BriefingH4(_Highlightable, MarkdownH4):
    pass


class BriefingH5(_Highlightable, MarkdownH5):
    pass


class BriefingH6(_Highlightable, MarkdownH6):
    pass


class BriefingMarkdown(Markdown):
    """Markdown with offset-addressed highlights (find matches, search terms, claims)."""

    BLOCKS = {
        **Markdown.BLOCKS,
        "paragraph_open": BriefingParagraph,
        "h1": BriefingH1,
        "h2": BriefingH2,
        "h3": BriefingH3,
        "h4": BriefingH4,
        "h5": BriefingH5,
        "h6": BriefingH6,
    }
    COMPONENT_CLASSES = {"find-match", "find-current", "search-match"}
    DEFAULT_CSS = """
    BriefingMarkdown {
        & > .find-match { background: $warning 40%; }
        & > .find-current { background: $warning; color: $background; text-style: bold; }
        & > .search-match { background: $accent 35%; text-style: bold; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(open_links=False, id=id)
        self._indexed: list[_Highlightable] = []
        self._starts: list[int] = []
        self._highlights: list[Highlight] = []

    def index_blocks(self, text_blocks: Sequence[TextBlock]) -> None:
        """Give each mounted paragraph and heading its offset in the plain text.

        The widget's blocks and the core's text blocks are walked side by side;
        tables (whose cells aren't block widgets) and code are skipped. A block
        whose text does not match stays unhighlightable rather than wrong.
        """
        wanted = [b for b in text_blocks if b.kind in ("paragraph", "heading", "code")]
        indexed: list[_Highlightable] = []
        position = 0
        for block in self.query(MarkdownBlock):
            if not isinstance(block, _Highlightable):
                if isinstance(block, MarkdownFence):
                    position = _skip_to(wanted, position, "code") + 1
                continue
            kind = "heading" if not isinstance(block, MarkdownParagraph) else "paragraph"
            position = _skip_to(wanted, position, kind)
            if position >= len(wanted):
                break
            source = wanted[position]
            text = block._content.plain  # type: ignore[attr-defined]
            if source.text == text:
                block.doc_start = source.start
                indexed.append(block)
            position += 1
        self._indexed = indexed
        self._starts = [b.doc_start or 0 for b in indexed]
        self._apply(self._highlights)

    def block_at(self, offset: int) -> MarkdownBlock | None:
        """The highlightable block holding ``offset`` (or the nearest before it)."""
        index = bisect_left(self._starts, offset + 1) - 1
        if 0 <= index < len(self._indexed):
            return self._indexed[index]  # type: ignore[return-value]
        return None

    def set_highlights(self, highlights: Iterable[Highlight]) -> None:
        self._highlights = sorted(highlights, key=lambda h: (h.start, h.end))
        self._apply(self._highlights)

    def _apply(self, highlights: list[Highlight]) -> None:
        starts = [h.start for h in highlights]
        for block in self._indexed:
            begin = block.doc_start or 0
            length = len(block._content.plain)  # type: ignore[attr-defined]
            end = begin + length
            first = max(0, bisect_left(starts, begin) - 64)
            spans: list[Span] = []
            for highlight in highlights[first:]:
                if highlight.start >= end:
                    break
                if highlight.end <= begin:
                    continue
                spans.append(
                    Span(
                        max(0, highlight.start - begin),
                        min(length, highlight.end - begin),
                        f".{highlight.style}",
                    )
                )
            block.show_spans(tuple(spans))


def _skip_to(blocks: Sequence[TextBlock], position: int, kind: str) -> int:
    while position < len(blocks) and blocks[position].kind != kind:
        position += 1
    return position
