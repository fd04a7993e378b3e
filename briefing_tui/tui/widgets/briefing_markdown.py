"""Markdown blocks that can be highlighted, and lists drawn with fewer widgets.

Each highlightable block (paragraphs, headings) keeps its unhighlighted
``Content``; :class:`~.briefing_document.BriefingDocument` gives it its start
offset in the document's plain text and its spans. A markdown-it plugin is
not the way: Textual's inline renderer crashes on unknown tokens.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content, Span
from textual.widget import Widget
from textual.widgets import Markdown
from textual.widgets._markdown import (
    MarkdownBlock,
    MarkdownBullet,
    MarkdownBulletList,
    MarkdownH1,
    MarkdownH2,
    MarkdownH3,
    MarkdownH4,
    MarkdownH5,
    MarkdownH6,
    MarkdownListItem,
    MarkdownOrderedList,
    MarkdownParagraph,
)
from textual.widgets._static import Static


class Highlightable:
    """Mixin for blocks: where the block starts in the plain text, and its spans."""

    doc_start: int | None = None
    _applied: tuple[Span, ...] = ()
    #: A bullet drawn inside the block (compact list items); not part of the text.
    _prefix: Content | None = None

    def show_spans(self, spans: tuple[Span, ...]) -> None:
        if spans == self._applied:
            return
        self._applied = spans
        self._draw(layout=False)

    def set_prefix(self, prefix: str) -> None:
        self._prefix = Content.styled(prefix, "$text-primary")
        self._draw(layout=True)

    def _draw(self, layout: bool) -> None:
        base: Content = self._content  # type: ignore[attr-defined]
        shown = base.add_spans(self._applied) if self._applied else base
        if self._prefix is not None:
            shown = self._prefix + shown
        Static.update(self, shown, layout=layout)  # type: ignore[arg-type]


class BriefingParagraph(Highlightable, MarkdownParagraph):
    pass


class BriefingH1(Highlightable, MarkdownH1):
    pass


class BriefingH2(Highlightable, MarkdownH2):
    pass


class BriefingH3(Highlightable, MarkdownH3):
    pass


class BriefingH4(Highlightable, MarkdownH4):
    pass


class BriefingH5(Highlightable, MarkdownH5):
    pass


class BriefingH6(Highlightable, MarkdownH6):
    pass


def _compact_items(blocks: list[MarkdownBlock], bullets: list[str]) -> Iterable[Widget]:
    """One widget per list item that holds a single paragraph (the bullet drawn inline).

    Textual draws each list item as four widgets (row, bullet, column, paragraph);
    at thousands of items layout dominates, so large briefings use this shape.
    Items holding more than one paragraph keep Textual's shape.
    """
    for block, bullet in zip(blocks, bullets, strict=False):
        if not isinstance(block, MarkdownListItem):
            continue
        children = block._blocks
        if len(children) == 1 and isinstance(children[0], BriefingParagraph):
            paragraph = children[0]
            paragraph.set_prefix(bullet)
            yield paragraph
        else:
            marker = MarkdownBullet()
            marker.symbol = bullet.rstrip()
            yield Horizontal(marker, Vertical(*children))


class BriefingBulletList(MarkdownBulletList):
    def compose(self) -> ComposeResult:
        if not getattr(self._markdown, "compact_lists", False):
            yield from super().compose()
            return
        items = [b for b in self._blocks if isinstance(b, MarkdownListItem)]
        yield from _compact_items(items, [f"{item.bullet} " for item in items])
        self._blocks.clear()


class BriefingOrderedList(MarkdownOrderedList):
    def compose(self) -> ComposeResult:
        if not getattr(self._markdown, "compact_lists", False):
            yield from super().compose()
            return
        items = [b for b in self._blocks if isinstance(b, MarkdownListItem)]
        start = 1
        if items:
            try:
                start = int(items[0].bullet)
            except ValueError:
                start = 1
        width = len(f"{start + len(items)}. ")
        bullets = [f"{number}. ".rjust(width) for number in range(start, start + len(items))]
        yield from _compact_items(items, bullets)
        self._blocks.clear()


class BriefingMarkdown(Markdown):
    """One part of a briefing: Markdown with highlightable blocks and compact lists."""

    BLOCKS = {
        **Markdown.BLOCKS,
        "paragraph_open": BriefingParagraph,
        "h1": BriefingH1,
        "h2": BriefingH2,
        "h3": BriefingH3,
        "h4": BriefingH4,
        "h5": BriefingH5,
        "h6": BriefingH6,
        "bullet_list_open": BriefingBulletList,
        "ordered_list_open": BriefingOrderedList,
    }

    def __init__(self, *, compact_lists: bool = False) -> None:
        super().__init__(open_links=False)
        #: Draw single-paragraph list items as one widget (set for large briefings).
        self.compact_lists = compact_lists
