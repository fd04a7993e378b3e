"""Markdown blocks that can be highlighted, and lists drawn with fewer widgets.

Each highlightable block (paragraphs, headings) keeps its unhighlighted
``Content``; :class:`~.briefing_document.BriefingDocument` gives it its start
offset in the document's plain text and its spans. A markdown-it plugin is
not the way: Textual's inline renderer crashes on unknown tokens.

What the reader shows of pathological Markdown is bounded here:
it parses through :func:`~briefing_tui.core.text.plaintext.parse` (deep nesting
shown as source, never dropped) and turns what Textual would drop silently
into text (inline HTML) or code (HTML blocks), in :mod:`.markdown_parsing`; a
paragraph longer than ``PIECE_CHARS`` (core) is drawn as several widgets, so only the pieces in view
are rendered; a table of more than ``TABLE_WIDGET_CELLS`` cells is one
line-API widget (:class:`~.briefing_table.BriefingTable`) instead of a widget
per cell (2,000 rows took 1 s just to construct); code is highlighted only
below :data:`HIGHLIGHT_CHARS` and never by guessing its language (Pygments
guessed for 20 ms per block, and highlighted 120 KB of Python in 1.1 s).

The inline styles (``em``, ``strong``, ``s``, ``code_inline``) are component
classes of the whole document (:class:`~.document.BriefingDocument`), not of
each block as in Textual, nor of each part: a component class is a styled
DOM node of its own (about 60 objects), remade at every restyle, and four per
block were most of a rendered briefing's objects (160,000 at 100 KB), all
walked by the garbage collection that frees a closed reader; four per part
were still 60 nodes at 100 KB. A block's ``.em`` span finds the style on the
document, its ancestor.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import pairwise
from typing import TYPE_CHECKING, Any, cast

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content, Span
from textual.geometry import Region
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget
from textual.widgets import Label, Markdown
from textual.widgets._markdown import (
    MarkdownBlock,
    MarkdownBullet,
    MarkdownBulletList,
    MarkdownFence,
    MarkdownH1,
    MarkdownH2,
    MarkdownH3,
    MarkdownH4,
    MarkdownH5,
    MarkdownH6,
    MarkdownHorizontalRule,
    MarkdownListItem,
    MarkdownOrderedList,
    MarkdownParagraph,
)
from textual.widgets._static import Static

from briefing_tui.core.text.plaintext import PIECE_CHARS
from briefing_tui.core.text.plaintext import TABLE_WIDGET_CELLS as TABLE_WIDGET_CELLS
from briefing_tui.tui.widgets.markdown_parsing import ShownParser
from briefing_tui.tui.widgets.markdown_table import BriefingSmallTable, BriefingTable
from briefing_tui.tui.widgets.span_styles import OpaqueSpans

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

#: Code longer than this is shown without syntax highlighting.
HIGHLIGHT_CHARS = 20_000


if TYPE_CHECKING:
    # Plain mixins at run time; the type checker sees the widget they are mixed into.
    _Block = MarkdownBlock
    _Widget = Widget
else:
    _Block = _Widget = object


#: The inline styles Textual gives every block, given once per document instead.
INLINE_COMPONENTS = {"em", "strong", "s", "code_inline"}
#: Textual's inline styles (``Markdown``'s CSS), for the document's component classes.
INLINE_CSS = """
    &:dark > .code_inline { background: $warning 10%; color: $text-warning 95%; }
    &:light > .code_inline { background: $error 5%; color: $text-error 95%; }
    &:ansi > .code_inline { background: ansi_default !important; }
    & > .em { text-style: italic; }
    & > .strong { text-style: bold; }
    & > .s { text-style: strike; }
"""


class StyledByDocument:
    """Mixin for blocks: no component classes of their own (see the module docstring)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # What the ``inherit_component_classes=False`` class keyword sets, had
        # ``Widget.__init_subclass__`` passed it on to ``DOMNode``'s.
        setattr(cls, "_inherit_component_classes", False)  # noqa: B010


class Highlightable(OpaqueSpans, StyledByDocument, _Block):
    """Mixin for blocks: where the block starts in the plain text, and its spans."""

    doc_start: int | None = None
    _applied: tuple[Span, ...] = ()
    #: A bullet drawn in the block's left padding (compact list items), on its first
    #: line; not part of the text, so the lines after it keep the item's indent.
    _prefix: Content | None = None
    #: The bullet as last drawn, and what it was drawn for (prefix, style, filters).
    _bullet: tuple[tuple[object, ...], Strip] | None = None
    #: What :meth:`BriefingDocument.line_starts` last found, and what it found it for.
    _line_starts: tuple[Content, Content | None, tuple[object, ...], list[int]] | None = None

    def show_spans(self, spans: tuple[Span, ...]) -> None:
        if spans == self._applied:
            return
        self._applied = spans
        self._draw(layout=False)

    def set_prefix(self, prefix: str) -> None:
        """Draw ``prefix`` (a bullet, ``12.``) before the first line, the others indented
        as far: a compact item wrapped to the margin read as the next paragraph."""
        self._prefix = Content.styled(prefix, "$text-primary")
        self.styles.padding = (0, 0, 0, self._prefix.cell_length)

    def _draw(self, layout: bool) -> None:
        base = self._content
        shown = base.add_spans(self._applied) if self._applied else base
        Static.update(self, shown, layout=layout)

    def render_lines(self, crop: Region) -> list[Strip]:
        strips = super().render_lines(crop)
        prefix, top = self._prefix, self.gutter.top
        if prefix is None or not crop.y <= top < crop.bottom or crop.x >= prefix.cell_length:
            return strips
        width = prefix.cell_length
        line = strips[top - crop.y]
        # As the line's own cells were (NO_COLOR's monochrome, the dimmed screen below
        # a dialog): a bullet left out of them kept its colour.
        style, background, filters = (
            self.visual_style,
            self.background_colors[1],
            tuple(self.get_line_filters()),
        )
        key = (prefix, style, background, filters)
        if self._bullet is None or self._bullet[0] != key:  # drawn once, not at each render
            bullet = Visual.to_strips(
                self, prefix, width, 1, style, apply_selection=False, pad=True
            )[0]
            for line_filter in filters:
                bullet = bullet.apply_filter(line_filter, background)
            self._bullet = (key, bullet)
        bullet = self._bullet[1]
        # The strip starts at crop.x: the bullet's cells from there, then the line's after it.
        strips[top - crop.y] = Strip.join(
            [bullet.crop(crop.x, min(width, crop.right)), line.crop(width - crop.x)]
        )
        return strips


class BriefingParagraph(Highlightable, MarkdownParagraph):
    #: Not scoped: scoped to the paragraph (Textual's default), the rule below read
    #: "BriefingParagraph BriefingMarkdown > …" and matched nothing, so each piece of
    #: a long paragraph kept the paragraph's bottom margin (a blank line mid-sentence).
    SCOPED_CSS = False
    DEFAULT_CSS = """
    BriefingMarkdown > BriefingParagraph.-piece {
        margin: 0;
    }
    """


def piece_cuts(text: str, size: int = PIECE_CHARS) -> list[int]:
    """Offsets cutting ``text`` into pieces of at most ``size`` characters.

    Each cut is just after a space when there is one in the second half of
    the piece (so the break looks like a wrapped line), else exactly at
    ``size`` (a long unbroken word, folded anyway).
    """
    cuts = [0]
    while len(text) - cuts[-1] > size:
        start = cuts[-1]
        space = text.rfind(" ", start + size // 2, start + size)
        cuts.append(space + 1 if space >= 0 else start + size)
    cuts.append(len(text))
    return cuts


def _split_paragraph(paragraph: BriefingParagraph) -> list[MarkdownBlock]:
    """A long paragraph as several paragraph widgets whose texts join to its text."""
    content = paragraph._content
    if len(content.plain) <= PIECE_CHARS:
        return [paragraph]
    cuts = piece_cuts(content.plain)
    pieces: list[MarkdownBlock] = []
    for number, (start, end) in enumerate(pairwise(cuts)):
        piece = BriefingParagraph(paragraph._markdown, paragraph._token)
        piece._inline_token = paragraph._inline_token
        piece.set_content(content[start:end])
        if number < len(cuts) - 2:
            piece.add_class("-piece")
        pieces.append(piece)
    return pieces


def _split_long_paragraphs(blocks: list[MarkdownBlock]) -> list[MarkdownBlock]:
    """``blocks`` (and their children, recursively) with long paragraphs in pieces."""
    out: list[MarkdownBlock] = []
    for block in blocks:
        if isinstance(block, BriefingParagraph):
            out.extend(_split_paragraph(block))
            continue
        if block._blocks:
            block._blocks[:] = _split_long_paragraphs(block._blocks)
        out.append(block)
    return out


class BriefingFence(StyledByDocument, MarkdownFence):
    """A code block highlighted only when it names its language and is not huge.

    Every code block wraps instead of scrolling sideways: nothing in the reader
    can scroll a block sideways from the keyboard, so a long line was cut off
    with no way to read its end (and a scroll container per block made
    layouts of HTML-heavy briefings twice as slow).
    """

    DEFAULT_CSS = """
    BriefingFence {
        overflow: hidden hidden;
        & > Label { width: 1fr; }
    }
    """

    #: Where its code starts in the plain text (set when the core's text block of
    #: the code is the code shown, see ``BriefingDocument.index_blocks``).
    doc_start: int | None = None
    _applied: tuple[Span, ...] = ()

    def __init__(self, markdown: Markdown, token: Token, code: str) -> None:
        super().__init__(markdown, token, code)
        if token.info == "html":
            self.add_class("-html")  # HTML shown as text

    @classmethod
    def highlight(cls, code: str, language: str, ansi: bool = False, dark: bool = False) -> Content:
        if not language or len(code) > HIGHLIGHT_CHARS:
            language = "text"
        return super().highlight(code, language, ansi, dark)

    def compose(self) -> ComposeResult:
        yield _CodeLabel(self._shown(), id="code-content", expand=True)

    def show_spans(self, spans: tuple[Span, ...]) -> None:
        """Draw the highlights (claims, find and search matches, the sentence cursor)
        over the code, offsets in its text: a claim on code was drawn nowhere."""
        if spans == self._applied:
            return
        self._applied = spans
        self.set_content(self._highlighted_code)

    def set_content(self, content: Content) -> None:
        # The code as highlighted (again, at a theme change), with the spans on top.
        self._highlighted_code = content
        super().set_content(self._shown())

    def _shown(self) -> Content:
        code = self._highlighted_code
        return code.add_spans(self._applied) if self._applied else code


class _CodeLabel(OpaqueSpans, Label):
    """A code block's text, its highlight spans styled as a paragraph's are."""


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


def _item_rows(
    items: list[MarkdownListItem], bullets: list[str], compact: bool
) -> Iterable[Widget]:
    """A list's items, each with its bullet or number.

    Textual draws each item as four widgets (row, bullet, column, blocks); at
    thousands of items layout dominates, so a large briefing's list (``compact``)
    draws an item of one paragraph as that paragraph, its bullet in its left padding
    (:meth:`Highlightable.render_lines`). A loose
    list (blank lines between its items: the spec's ``<li><p>``) keeps a blank
    line between items and between an item's paragraphs, as a browser spaces
    them; drawn tight, ``- a`` ``- b`` (blank) ``- c`` read as ``- a - b - c``.
    """
    loose = any(
        isinstance(child, MarkdownParagraph) and not child._token.hidden
        for item in items
        for child in item._blocks
    )
    last = len(items) - 1
    for number, (block, bullet) in enumerate(zip(items, bullets, strict=False)):
        children = _item_children(block)
        row: Widget
        if compact and len(children) == 1 and isinstance(children[0], BriefingParagraph):
            row = children[0]
            row.set_prefix(bullet)
        else:
            marker = MarkdownBullet()
            marker.symbol = bullet  # (stripped, "1.one": the number ran into the item)
            column = Vertical(*children, classes="-loose" if loose else "")
            row = Horizontal(marker, column)
        if loose and number < last:
            row.add_class("-loose-item")
        yield row


class _EmptyItem(Static):
    """What an empty list item holds (``2.`` alone): its bullet and one blank line. With
    nothing in it, its row had no height: ``1. foo`` then ``3. bar``, the ``2.`` gone
    (the CommonMark spec's examples 280-284, a walk)."""

    DEFAULT_CSS = "_EmptyItem { height: 1; }"


def _item_children(item: MarkdownListItem) -> list[Widget]:
    """What a list item shows: its blocks, or for an empty one a blank line."""
    return [*item._blocks] or [_EmptyItem()]


def _compact(list_block: MarkdownBlock) -> bool:
    return bool(getattr(list_block._markdown, "compact_lists", False))


class BriefingBulletList(StyledByDocument, MarkdownBulletList):
    def compose(self) -> ComposeResult:
        items = [b for b in self._blocks if isinstance(b, MarkdownListItem)]
        # Textual's bullets end in a space ("• "): one more drew "•  a" in a large briefing.
        yield from _item_rows(items, [item.bullet for item in items], _compact(self))
        self._blocks.clear()


class BriefingOrderedList(StyledByDocument, MarkdownOrderedList):
    """Numbered as the source numbers it: from its first number, with its own
    delimiter (``10)`` stays ``10)``; Textual wrote every list with ``.``)."""

    def compose(self) -> ComposeResult:
        items = [b for b in self._blocks if isinstance(b, MarkdownListItem)]
        start = 1
        if items:
            try:
                start = int(items[0].bullet)
            except ValueError:
                start = 1
        delimiter = ")" if self._token.markup == ")" else "."
        numbers = range(start, start + len(items))
        if _compact(self):
            # At least two digits' width: a long list is drawn a part at a time, each part
            # sizing its own numbers, and "3." then "4." of the next part stood a column
            # apart (items 1-3 of 14, a walk over the spec). Lists under 100 items align.
            width = max(len(f"{start + len(items)}{delimiter} "), len(f"10{delimiter} "))
        else:  # Textual's own layout: one space more than the widest number
            width = len(f"{numbers[-1] if items else start}{delimiter} ") + 1
        bullets = [f"{n}{delimiter} ".rjust(width) for n in numbers]
        yield from _item_rows(items, bullets, _compact(self))
        self._blocks.clear()


class BriefingMarkdown(Markdown):
    """One part of a briefing: Markdown with highlightable blocks and compact lists."""

    # The inline styles are the document's component classes (see the module docstring).

    BLOCKS = {
        **Markdown.BLOCKS,
        "fence": BriefingFence,
        "code_block": BriefingFence,
        "paragraph_open": BriefingParagraph,
        "h1": BriefingH1,
        "h2": BriefingH2,
        "h3": BriefingH3,
        "h4": BriefingH4,
        "h5": BriefingH5,
        "h6": BriefingH6,
        "bullet_list_open": BriefingBulletList,
        "table_open": BriefingSmallTable,
        "ordered_list_open": BriefingOrderedList,
    }

    def __init__(
        self, *, compact_lists: bool = False, references: dict[str, Any] | None = None
    ) -> None:
        super().__init__(open_links=False, parser_factory=self._shown_parser)
        #: Draw single-paragraph list items as one widget (set for large briefings).
        self.compact_lists = compact_lists
        #: The whole briefing's link reference definitions (this is one part of it).
        self.references = references or {}

    def _shown_parser(self) -> MarkdownIt:
        # Textual types the factory as returning MarkdownIt; it only calls ``parse``.
        return cast("MarkdownIt", ShownParser(self.references))

    def _parse_markdown(self, tokens: Iterable[Token]) -> Iterator[MarkdownBlock]:
        for block in super()._parse_markdown(tokens):
            yield from _split_long_paragraphs([block])

    def unhandled_token(self, token: Token) -> MarkdownBlock | None:
        if token.type == "briefing_table":
            return BriefingTable(self, token, token.meta["cells"])
        if token.type == "briefing_hr":  # a rule inside a list item or a quote, in place
            return MarkdownHorizontalRule(self, token)
        return None
