"""A briefing drawn as a column of Markdown parts, highlightable by document offset.

Appending to one ``Markdown`` widget restyles and re-lays out the whole
document every time (0.2 s growing to 0.8 s per chunk at a few hundred list
items), while mounting a new part costs the same at any length (about 80 ms
per chunk). So the document is a column of :class:`BriefingMarkdown` parts.

Highlights address the document's plain text (the core's text blocks, which
mirror what Textual renders): each paragraph and heading learns its start
offset here, and gets spans with named styles, component classes of this
widget so the theme colours them. Only blocks whose spans change are redrawn,
with ``layout=False``. Code blocks and table cells take spans too (their
texts are the core's ``code`` and ``cell`` blocks), but are not line-mapped.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from textual.containers import Vertical
from textual.content import Span
from textual.geometry import Offset
from textual.selection import Selection
from textual.widget import Widget
from textual.widgets._markdown import (
    MarkdownBlock,
    MarkdownFence,
    MarkdownHeader,
    MarkdownList,
    MarkdownParagraph,
    MarkdownTable,
)

from briefing_tui.core.text.plaintext import TextBlock
from briefing_tui.tui.widgets.markdown_blocks import (
    INLINE_COMPONENTS,
    INLINE_CSS,
    BriefingFence,
    BriefingMarkdown,
    Highlightable,
)
from briefing_tui.tui.widgets.markdown_table import BriefingTable, CellSpans

#: A source that opens with a list item (a long list cut between its items).
_LIST_ITEM = re.compile(r" {0,3}(?:([-+*])|\d{1,9}([.)]))(?:[ \t]|$)")


@dataclass(frozen=True, slots=True)
class Highlight:
    """A range of the document's plain text and the component class that styles it."""

    start: int
    end: int
    style: str


class BriefingDocument(Vertical):
    """The reader's body: Markdown parts, offsets, highlights, the outline's entries."""

    COMPONENT_CLASSES = INLINE_COMPONENTS | {
        "find-match",
        "find-current",
        "search-match",
        "claim-open",
        "claim-key",
        "claim-verified",
        "claim-disputed",
        "claim-false",
        "selection",
        "sentence-cursor",
    }
    DEFAULT_CSS = """
    BriefingDocument {
        height: auto;
        /* Claims are underlined (false: struck through), search words bold on a
           tint, find matches on yellow: told apart by style as well as colour,
           since tints collapse into the background in 256 colours. Claims with
           a verdict colour their text rather than tint the background. */
        & > .claim-open { background: $secondary 25%; text-style: underline; }
        & > .claim-key { background: $primary 45%; text-style: bold underline; }
        & > .claim-verified { color: $text-success; text-style: underline; }
        & > .claim-disputed { color: $text-warning; text-style: italic underline; }
        & > .claim-false { color: $text-error; text-style: strike; }
        & > .selection { background: $accent 30%; }
        & > .sentence-cursor { background: $accent 60%; text-style: underline; }
        & > .find-match { background: $warning 40%; }
        & > .find-current { background: $warning; color: $background; text-style: bold; }
        & > .search-match { background: $accent 35%; text-style: bold; }
        & > BriefingMarkdown { margin: 0; }
        /* A heading that opens a list item or a quote (`- # Foo`, `> # Foo`) starts on
           the bullet's or the bar's line, from the left: Textual's two blank lines
           above a heading, and its centred H1, left the bullet alone on a line. */
        & MarkdownBulletList Vertical > MarkdownHeader:first-child,
        & MarkdownOrderedList Vertical > MarkdownHeader:first-child,
        & MarkdownBlockQuote > MarkdownHeader:first-child {
            margin-top: 0;
            content-align: left top;
        }
        /* So do a code block and a quote (examples 7, 273, 292): the bullet stood alone
           on a line, a blank line under it, and read as an empty item. */
        & MarkdownBulletList Vertical > MarkdownFence:first-child,
        & MarkdownOrderedList Vertical > MarkdownFence:first-child,
        & MarkdownBulletList Vertical > MarkdownBlockQuote:first-child,
        & MarkdownOrderedList Vertical > MarkdownBlockQuote:first-child {
            margin-top: 0;
        }
        & MarkdownBulletList Vertical > MarkdownFence:first-child > Label,
        & MarkdownOrderedList Vertical > MarkdownFence:first-child > Label {
            padding-top: 0;  /* its first line on the bullet's, as a browser draws it */
        }
        /* Paragraphs in a quote are paragraphs (example 244: `> foo / > / > bar`): drawn
           as one, they read as a hard line break. */
        & MarkdownBlockQuote > MarkdownParagraph { margin-bottom: 1; }
        & MarkdownBlockQuote > MarkdownParagraph:last-child { margin-bottom: 0; }
        /* The pieces of one long paragraph (markdown_blocks.piece_cuts) are one
           paragraph: no blank line between them, in a quote or a loose item either. */
        & MarkdownBlockQuote > MarkdownParagraph.-piece,
        & .-loose > MarkdownParagraph.-piece { margin-bottom: 0; }
        /* A list cut between parts (see add_part): no blank line where it was cut. */
        & BriefingMarkdown.-list-goes-on > MarkdownList:last-child { margin-bottom: 0; }
        /* A loose list (blank lines between its items): spaced as a browser spaces
           its <li><p> (see markdown_blocks._item_rows). */
        & .-loose-item { margin-bottom: 1; }
        & .-loose > MarkdownParagraph { margin-bottom: 1; }
        /* Its item's own blank line follows: a last block's margin (a code block's)
           made it three blank lines before the next bullet. */
        & .-loose > *:last-child { margin-bottom: 0; }
    }
    """
    # The inline styles of every block (em, strong, s, code_inline): see markdown_blocks.
    DEFAULT_CSS += "BriefingDocument {" + INLINE_CSS + "}"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.compact_lists = False
        #: The briefing's link reference definitions, for every part (all parse with them).
        self.references: dict[str, Any] = {}
        self._indexed: list[Highlightable] = []
        self._starts: list[int] = []
        self._others: list[tuple[int, MarkdownBlock]] = []
        #: The code blocks whose text is the core's: they draw highlights too.
        self._fences: list[BriefingFence] = []
        #: The tables, with where each cell's text starts and its length.
        self._tables: list[tuple[CellSpans, list[tuple[int, int]]]] = []
        self._highlights: list[Highlight] = []

    @property
    def parts(self) -> list[BriefingMarkdown]:
        return list(self.query_children(BriefingMarkdown))

    async def clear(self) -> None:
        await self.remove_children()
        self._indexed = []
        self._starts = []
        self._others = []  # removed widgets, never drawn on again
        self._fences = []
        self._tables = []

    async def add_part(self, source: str) -> BriefingMarkdown:
        """Mount one more part holding ``source`` (whole top-level blocks).

        A long list is cut between its items into parts (see ``DocumentLayout.chunks``);
        the part before such a cut loses its list's blank line below, which was drawn
        inside the list ("• f", a blank line, "• g": the spec's example 310, a walk),
        unless the list is loose (its items a blank line apart, the cut's too)."""
        parts = self.parts
        item = _LIST_ITEM.match(source)
        if parts and item is not None and not getattr(source, "loose_list_goes_on", False):
            last = parts[-1].children[-1] if parts[-1].children else None
            # The same list goes on only with its own marker (``-``, ``1)``...):
            # another marker starts another list, a blank line apart.
            if isinstance(last, MarkdownList) and last._token.markup == (item[1] or item[2]):
                parts[-1].add_class("-list-goes-on")
        part = BriefingMarkdown(compact_lists=self.compact_lists, references=self.references)
        await self.mount(part)
        await part.update(source)
        return part

    def table_of_contents(self) -> list[tuple[int, str, str | None]]:
        """The headings of every part, in order, for the outline."""
        # Built from the mounted headings, not ``Markdown.table_of_contents``,
        # which caches whatever it saw, even mid-update.
        return [
            (block.LEVEL, block._content.plain, block.id)
            for part in self.parts
            for block in part.children
            if isinstance(block, MarkdownHeader)
        ]

    def goto_anchor(self, anchor: str) -> bool:
        return any(part.goto_anchor(anchor) for part in self.parts)

    def index_blocks(self, text_blocks: Sequence[TextBlock]) -> None:
        """Give each mounted paragraph and heading its offset in the plain text.

        The widget's blocks and the core's text blocks are walked side by side;
        tables (whose cells aren't block widgets) and code are skipped. A block
        whose text does not match stays unhighlightable rather than wrong.
        """
        wanted = [b for b in text_blocks if b.kind in ("paragraph", "heading", "code", "cell")]
        indexed: list[Highlightable] = []
        fences: list[BriefingFence] = []
        #: Each table, and where each of its cells' text starts (-1: not the core's).
        tables: list[tuple[CellSpans, list[tuple[int, int]]]] = []
        #: Code blocks and tables (not line-mapped) by where their text starts.
        others: list[tuple[int, MarkdownBlock]] = []
        position = 0
        #: Characters of ``wanted[position]`` matched so far by the pieces of a
        #: long paragraph (drawn as several widgets whose texts join to its text).
        consumed = 0
        for block in self.query(MarkdownBlock):
            if not isinstance(block, Highlightable):
                kind = "code" if isinstance(block, MarkdownFence) else "cell"
                if kind == "code" or isinstance(block, (MarkdownTable, BriefingTable)):
                    position, consumed = _skip_to(wanted, position, kind), 0
                    if position < len(wanted):
                        others.append((wanted[position].start, block))
                        if isinstance(block, BriefingFence) and (
                            wanted[position].text == block._highlighted_code.plain
                        ):
                            block.doc_start = wanted[position].start
                            fences.append(block)
                    first = position
                    position += 1
                    while kind == "cell" and position < len(wanted):
                        if wanted[position].kind != "cell":
                            break
                        position += 1
                    if isinstance(block, CellSpans) and first < len(wanted):
                        position = first + _table_cells(block, wanted, first, tables)
                continue
            kind = "paragraph" if isinstance(block, MarkdownParagraph) else "heading"
            if not consumed:
                position = _skip_to(wanted, position, kind)
            if position >= len(wanted):
                break
            source = wanted[position]
            text = block._content.plain
            if not consumed and source.text == text:
                block.doc_start = source.start
                indexed.append(block)
                position += 1
            elif text and source.text.startswith(text, consumed):
                block.doc_start = source.start + consumed
                indexed.append(block)
                consumed += len(text)
                if consumed >= len(source.text):
                    position, consumed = position + 1, 0
            else:
                position, consumed = position + 1, 0
        self._indexed = indexed
        self._starts = [block.doc_start or 0 for block in indexed]
        self._others = others
        self._fences = fences
        self._tables = tables
        self._apply()

    def highlightable_blocks(self) -> list[Highlightable]:
        """The paragraphs and headings that know their offset, in document order."""
        return list(self._indexed)

    def unhighlightable_blocks(self) -> list[tuple[int, MarkdownBlock]]:
        """The code blocks and tables, each with where its text starts, in order."""
        return list(self._others)

    def mouse_selection(self, selections: Mapping[Widget, Selection]) -> tuple[int, int] | None:
        """The plain-text span of Textual's mouse selection over this document.

        Textual gives each selected widget a (line, column) start and end in
        its own text; a block's text is its slice of the plain text (a compact list
        item's bullet is drawn in its padding, outside it), so the mapping is exact.
        """
        starts: list[int] = []
        ends: list[int] = []
        for block in self._indexed:
            selection = selections.get(block)
            if selection is None or block.doc_start is None:
                continue
            text = block._content.plain
            first = _flat_offset(text, selection.start, 0)
            last = _flat_offset(text, selection.end, len(text))
            first, last = max(0, first), min(len(text), last)
            if last > first:
                starts.append(block.doc_start + first)
                ends.append(block.doc_start + last)
        if not starts:
            return None
        return min(starts), max(ends)

    def offset_at(self, widget: Widget | None, where: Offset | None) -> int | None:
        """The plain-text offset of a (line, column) in one of this document's blocks."""
        if not isinstance(widget, Highlightable) or widget not in self._indexed or where is None:
            return None
        block = widget
        if block.doc_start is None:
            return None
        text = block._content.plain
        column = _flat_offset(text, where, 0)
        return block.doc_start + max(0, min(len(text), column))

    def block_at(self, offset: int) -> Highlightable | None:
        """The highlightable block holding ``offset`` (or the nearest before it)."""
        index = bisect_left(self._starts, offset + 1) - 1
        if 0 <= index < len(self._indexed):
            return self._indexed[index]
        return None

    def unhighlightable_at(self, offset: int) -> tuple[int, MarkdownBlock] | None:
        """The code block or table whose text holds ``offset``, and where its text
        starts (or None): find
        scrolls there, where the nearest paragraph before it could be screens away."""
        block = self.block_at(offset)
        start = block.doc_start if block is not None else None
        if block is not None and start is not None and offset < start + len(block._content.plain):
            return None
        index = bisect_right([start for start, _ in self._others], offset) - 1
        if index < 0:
            return None
        start, widget = self._others[index]
        if block is not None and (block.doc_start or 0) > start:
            return None
        return start, widget

    def line_starts(self, block: Highlightable) -> list[int]:
        """Where each line of ``block`` starts, as drawn at its width, as offsets into
        the plain text: a long paragraph's piece is taller than the view, and the
        sentence cursor and the top of the view are lines of it, not its first one.

        Kept on the block until its text, bullet, place or wrapping changes: the
        sentence cursor asks twice a key (where its sentence starts and ends), and
        wrapping a long paragraph's piece again each time was ~12 ms a key press."""
        styles = block.styles
        width = max(1, block.size.width)
        wrapping = (styles.text_overflow, styles.text_wrap, styles.line_pad)
        kept = block._line_starts
        if (
            kept is not None
            and kept[0] is block._content
            and kept[1] is block._prefix
            and kept[2] == (block.doc_start, width, wrapping)
        ):
            return kept[3]
        starts = self._wrapped_line_starts(block, width)
        block._line_starts = (
            block._content,
            block._prefix,
            (block.doc_start, width, wrapping),
            starts,
        )
        return starts

    @staticmethod
    def _wrapped_line_starts(block: Highlightable, width: int) -> list[int]:
        begin = block.doc_start or 0
        shown = block._content  # a compact item's bullet is drawn in its padding
        styles = block.styles
        lines = shown._wrap_and_format(
            width,
            overflow=styles.text_overflow,
            no_wrap=styles.text_wrap == "nowrap",
            line_pad=styles.line_pad,
        )
        # Where each of the text's own lines ("\n") starts in ``shown``.
        sources = [0]
        for line in shown.plain.split("\n")[:-1]:
            sources.append(sources[-1] + len(line) + 1)
        length = len(block._content.plain)
        return [
            begin + max(0, min(length, sources[line.y] + line.x))
            for line in lines
            if line.y < len(sources)
        ] or [begin]

    def line_of(self, offset: int) -> tuple[Highlightable, int] | None:
        """The block drawing ``offset`` and its line there (0 its first), or None
        when no block holds it (a table's or code's text)."""
        block = self.block_at(offset)
        if block is None or block.doc_start is None:
            return None
        if offset > block.doc_start + len(block._content.plain):
            return None
        return block, max(0, bisect_right(self.line_starts(block), offset) - 1)

    def set_highlights(self, highlights: Iterable[Highlight]) -> None:
        self._highlights = sorted(highlights, key=lambda h: (h.start, h.end))
        self._apply()

    def _apply(self) -> None:
        highlights = self._highlights
        starts = [h.start for h in highlights]
        for block in self._indexed:
            begin = block.doc_start or 0
            block.show_spans(_spans(highlights, starts, begin, len(block._content.plain)))
        for fence in self._fences:
            begin = fence.doc_start or 0
            fence.show_spans(_spans(highlights, starts, begin, len(fence._highlighted_code.plain)))
        for table, cells in self._tables:
            shown = {
                index: spans
                for index, (begin, length) in enumerate(cells)
                if begin >= 0 and (spans := _spans(highlights, starts, begin, length))
            }
            table.show_cell_spans(shown)


def _spans(
    highlights: Sequence[Highlight], starts: Sequence[int], begin: int, length: int
) -> tuple[Span, ...]:
    """The highlights over [begin, begin + length) of the plain text, as spans of a
    block's own text (offsets from its start)."""
    end = begin + length
    # Highlights are short (matches, sentences); look back a little for
    # one that starts before this block and runs into it.
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
    return tuple(spans)


def _flat_offset(text: str, where: Offset | None, default: int) -> int:
    """(column, line) in ``text`` split into lines → offset in ``text``."""
    if where is None:
        return default
    line, column = where.y, where.x
    lines = text.split("\n")
    if line >= len(lines):
        return len(text)
    return sum(len(previous) + 1 for previous in lines[:line]) + min(column, len(lines[line]))


def _table_cells(
    table: CellSpans,
    wanted: Sequence[TextBlock],
    first: int,
    tables: list[tuple[CellSpans, list[tuple[int, int]]]],
) -> int:
    """Match ``table``'s cells with the core's ``cell`` blocks from ``wanted[first]``
    (each cell's start and length, or -1 for one whose text differs), add the table
    to ``tables``, and say how many blocks it took: its own cells, not the next
    table's too when two follow each other."""
    texts = table.cell_texts()
    cells: list[tuple[int, int]] = []
    for index, text in enumerate(texts):
        block = wanted[first + index] if first + index < len(wanted) else None
        if block is None or block.kind != "cell":
            break
        cells.append((block.start, len(text)) if block.text == text else (-1, 0))
    tables.append((table, cells))
    return max(1, len(cells))


def _skip_to(blocks: Sequence[TextBlock], position: int, kind: str) -> int:
    while position < len(blocks) and blocks[position].kind != kind:
        position += 1
    return position
