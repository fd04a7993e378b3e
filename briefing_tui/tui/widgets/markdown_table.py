"""A big Markdown table drawn with Textual's line API: one widget, whatever its size.

Textual's ``MarkdownTable`` makes a widget per cell and lays them out in a
grid: a 2,000-row table took about 1 s only to construct its cell widgets,
and many seconds to mount and lay out. Here the table is a model (column
widths and display lines, built with the tokens in the parse thread) and a
:class:`TableLines` widget that renders only the lines in view, cropped to
the columns in view. Cells keep Textual's inline rendering (emphasis, links),
their text is the same as the core's ``cell`` blocks, and a cell wider than
:data:`MAX_COLUMN` is folded over several lines, so every character stays
visible (the table scrolls sideways when it is wider than the screen).

Both it and Textual's table (drawn for small tables, a widget per cell) take
the document's highlights over their cells (:class:`CellSpans`): find's
matches, the search words and claims were drawn nowhere in a table, so ``f``
then a word in a table's cell found it and showed no match.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.content import Content, Span
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual
from textual.widgets import Markdown
from textual.widgets._markdown import (
    MarkdownBlock,
    MarkdownTable,
    MarkdownTableCellContents,
    MarkdownTableContent,
    MarkdownTH,
)

from briefing_tui.tui.widgets.span_styles import OpaqueSpans

if TYPE_CHECKING:
    from markdown_it.token import Token

#: The widest a column is drawn; longer cells fold onto more lines.
MAX_COLUMN = 60
SEPARATOR = " │ "


def column_alignments(tokens: Sequence[Token]) -> list[str]:
    """Each column's alignment from the table's header cells, as GFM's delimiter row
    gives it (``:-:`` center, ``-:`` right; markdown-it says it in each cell's
    ``style``): "left", "center" or "right". The columns were all drawn left."""
    aligns: list[str] = []
    for token in tokens:
        if token.type == "th_open":
            style = str(token.attrGet("style") or "")
            aligns.append(style.removeprefix("text-align:") if "text-align:" in style else "left")
        elif token.type == "thead_close":
            break
    return aligns


def _aligned(cell: Content, width: int, align: str) -> Content:
    """``cell`` padded to ``width`` cells, placed as its column's alignment says."""
    room = width - cell.cell_length
    if room <= 0 or align == "left":
        return cell.pad_right(room)
    if align == "right":
        return cell.pad_left(room)
    return cell.pad_left(room // 2).pad_right(room - room // 2)


def _inline_content(token: Token) -> Content:
    # Textual's own inline renderer (emphasis, code, links), so cells look and read
    # the same as in its tables. It uses nothing of its block, so it runs here, in
    # the parse thread, without making a widget per cell.
    return MarkdownBlock._token_to_content(None, token)  # type: ignore[arg-type]  # self unused


@dataclass
class TableModel:
    """A table ready to draw: column widths, and each display line's cell pieces."""

    widths: list[int]
    #: Display lines; each holds one piece per column (the header's lines first).
    lines: list[list[Content]]
    #: How many of ``lines`` are the header (a rule is drawn under them).
    header_lines: int
    #: First display line of each data row, for finding a row from a line.
    row_starts: list[int]
    #: The text of every cell, header first, row by row: the core's ``cell`` blocks.
    cells: list[str]
    #: For each display line, each column's piece: its cell (an index into
    #: ``cells``, -1 for none) and where in the cell's text the piece starts.
    pieces: list[list[tuple[int, int]]]
    #: Each column's alignment ("left", "center", "right"), from GFM's delimiter row.
    aligns: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return sum(self.widths) + len(SEPARATOR) * max(0, len(self.widths) - 1) + 2

    @property
    def height(self) -> int:
        return len(self.lines) + 1


def table_cells(tokens: Sequence[Token]) -> TableModel:
    """The model of the table ``tokens`` (``table_open`` to ``table_close``)."""
    headers: list[Content] = []
    rows: list[list[Content]] = []
    in_head = False
    for token in tokens:
        kind = token.type
        if kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open" and not in_head:
            rows.append([])
        elif kind == "inline":
            (headers if in_head else rows[-1]).append(_inline_content(token))
    columns = max([len(headers), *(len(row) for row in rows)], default=0)
    widths = [1] * columns
    for row in (headers, *rows):
        for column, cell in enumerate(row):
            widths[column] = max(widths[column], min(MAX_COLUMN, cell.cell_length))
    lines: list[list[Content]] = []
    at: list[list[tuple[int, int]]] = []
    row_starts: list[int] = []
    first = 0  # the index of the row's first cell
    for number, row in enumerate((headers, *rows)):
        if number:
            row_starts.append(len(lines))
        pieces = [
            cell.fold(widths[column]) if cell.cell_length > widths[column] else [cell]
            for column, cell in enumerate(row)
        ]
        height = max((len(p) for p in pieces), default=1)
        for y in range(height):
            lines.append([p[y] if y < len(p) else Content("") for p in pieces])
            at.append(
                [
                    (first + column, sum(len(piece.plain) for piece in p[:y]))
                    if y < len(p)
                    else (-1, 0)
                    for column, p in enumerate(pieces)
                ]
            )
        first += len(row)
    header_lines = row_starts[0] if row_starts else len(lines)
    cells = [cell.plain for row in (headers, *rows) for cell in row]
    return TableModel(widths, lines, header_lines, row_starts, cells, at, column_alignments(tokens))


def _shifted(spans: tuple[Span, ...], start: int, length: int) -> list[Span]:
    """The parts of ``spans`` (offsets in a cell's text) over the piece of it
    from ``start``, ``length`` long, as offsets in the piece."""
    return [
        Span(max(0, span.start - start), min(length, span.end - start), span.style)
        for span in spans
        if span.start < start + length and span.end > start
    ]


class CellSpans:
    """What a table offers the document: its cells' texts, in the core's order
    (header first, row by row), and a way to draw highlight spans over them."""

    def cell_texts(self) -> list[str]:
        raise NotImplementedError

    def show_cell_spans(self, spans: dict[int, tuple[Span, ...]]) -> None:
        """Draw ``spans`` (offsets in each cell's text) over the cells, by index."""
        raise NotImplementedError


class TableLines(OpaqueSpans, ScrollView, can_focus=False):
    """The lines of a :class:`TableModel`, rendered as they come into view."""

    DEFAULT_CSS = """
    TableLines {
        height: auto;
        overflow-x: auto;
        overflow-y: hidden;
        scrollbar-size-horizontal: 1;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    def __init__(self, model: TableModel) -> None:
        super().__init__()
        self.model = model
        self.virtual_size = Size(model.width, model.height)
        offsets = [1]
        for width in model.widths:
            offsets.append(offsets[-1] + width + len(SEPARATOR))
        #: Where each column starts on a line (after a one-cell margin).
        self._offsets = offsets
        #: The highlights over each cell, by cell index (see :class:`CellSpans`).
        self.spans: dict[int, tuple[Span, ...]] = {}

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = y + scroll_y
        width = self.scrollable_content_region.width
        model = self.model
        style = self.visual_style
        if index >= model.height:
            return Strip.blank(width, style.rich_style)
        if index == model.header_lines:
            line, start = self._rule(), 0
        else:
            line_number = index if index < model.header_lines else index - 1
            line, start = self._line(line_number, scroll_x, width)
            if line_number < model.header_lines:
                line = line.stylize("bold $text-primary")
        strips = Visual.to_strips(self, line, max(1, line.cell_length), 1, style)
        strip = strips[0] if strips else Strip.blank(0)
        return strip.crop(scroll_x - start, scroll_x - start + width).extend_cell_length(
            width, style.rich_style
        )

    def _line(self, number: int, scroll_x: int, width: int) -> tuple[Content, int]:
        """The columns of line ``number`` that are in view, and where on the line
        they start, the highlights over them drawn.

        Only those columns are assembled and rendered, so a line of a table
        far wider than the screen costs what the screen shows.
        """
        offsets, widths, aligns = self._offsets, self.model.widths, self.model.aligns
        cells = self.model.lines[number]
        if self.spans:
            cells = list(cells)
            for column, (index, start) in enumerate(self.model.pieces[number]):
                spans = self.spans.get(index)
                if spans and column < len(cells):
                    piece = cells[column]
                    cells[column] = piece.add_spans(_shifted(spans, start, len(piece.plain)))
        column = max(0, bisect_right(offsets, scroll_x) - 1)
        start = offsets[column] if column else 0
        parts: list[Content | str] = [] if column else [" "]
        while column < len(widths) and offsets[column] < scroll_x + width:
            cell = cells[column] if column < len(cells) else Content("")
            align = aligns[column] if column < len(aligns) else "left"
            parts.append(_aligned(cell, widths[column], align))
            if column < len(widths) - 1:
                parts.append(Content.styled(SEPARATOR, "$foreground 30%"))
            column += 1
        return Content.assemble(*parts), start

    def _rule(self) -> Content:
        pieces = ["─" * (width + 2) for width in self.model.widths]
        return Content.styled("─" + "┼".join(pieces)[1:], "$foreground 30%")

    async def action_link(self, href: str) -> None:
        """A link clicked in a cell: the reader decides what to do with it."""
        self.post_message(Markdown.LinkClicked(self.query_ancestor(Markdown), href))


class BriefingTable(CellSpans, MarkdownBlock):
    """A table too big for Textual's widget-per-cell table (see the module docstring)."""

    DEFAULT_CSS = """
    BriefingTable {
        width: 1fr;
        height: auto;
        margin-bottom: 1;
    }
    """

    def __init__(self, markdown: Markdown, token: Token, model: TableModel, **kwargs: Any) -> None:
        super().__init__(markdown, token, **kwargs)
        self.model = model

    def compose(self) -> ComposeResult:
        yield TableLines(self.model)

    def cell_texts(self) -> list[str]:
        return self.model.cells

    def show_cell_spans(self, spans: dict[int, tuple[Span, ...]]) -> None:
        lines = self.query_one(TableLines)
        if spans != lines.spans:
            lines.spans = spans
            lines.refresh()


class _Cell(OpaqueSpans, MarkdownTableCellContents):
    """A small table's cell, its highlight spans styled as a paragraph's."""

    def __init__(self, content: Content, **kwargs: Any) -> None:
        super().__init__(content, **kwargs)
        self.base = content
        self.applied: tuple[Span, ...] = ()


class _SmallTableContent(MarkdownTableContent):
    """Textual's grid of cells, each a :class:`_Cell` (as Textual's ``compose``), each
    column placed as GFM's delimiter row says (Textual drew them all left)."""

    DEFAULT_CSS = """
    _SmallTableContent > .-center { text-align: center; content-align-horizontal: center; }
    _SmallTableContent > .-right { text-align: right; content-align-horizontal: right; }
    """

    def __init__(
        self, headers: list[Content], rows: list[list[Content]], aligns: list[str]
    ) -> None:
        super().__init__(headers, rows)
        self.aligns = aligns

    def _placed(self, column: int) -> str:
        align = self.aligns[column] if column < len(self.aligns) else "left"
        return "" if align == "left" else f" -{align}"

    def compose(self) -> ComposeResult:
        for column, header in enumerate(self.headers):
            yield _Cell(header, classes="header" + self._placed(column)).with_tooltip(header)
        for row_index, row in enumerate(self.rows, 1):
            for cell_index, cell in enumerate(row, 1):
                yield _Cell(
                    cell,
                    classes=f"row{row_index} cell" + self._placed(cell_index - 1),
                    name=f"cell{row_index}.{cell_index}",
                ).with_tooltip(cell.plain)
            self.last_row = row_index


class BriefingSmallTable(CellSpans, MarkdownTable):
    """A table of a few cells: Textual's, a widget per cell, taking highlights."""

    def compose(self) -> ComposeResult:
        headers, rows = self._get_headers_and_rows()
        self._headers, self._rows = headers, rows
        yield _SmallTableContent(headers, rows, self._alignments())

    def _alignments(self) -> list[str]:
        """Each column's alignment, from the tokens of its header cells."""
        found: list[Token] = []
        blocks = list(self._blocks)
        while blocks:
            block = blocks.pop(0)
            if isinstance(block, MarkdownTH):
                found.append(block._token)
            blocks[:0] = block._blocks
        return column_alignments([*found])

    def cell_texts(self) -> list[str]:
        headers, rows = (
            (self._headers, self._rows) if self._headers else self._get_headers_and_rows()
        )
        return [cell.plain for cell in (*headers, *(c for row in rows for c in row))]

    def show_cell_spans(self, spans: dict[int, tuple[Span, ...]]) -> None:
        for index, cell in enumerate(self.query(_Cell)):
            shown = spans.get(index, ())
            if shown != cell.applied:
                cell.applied = shown
                cell.update(cell.base.add_spans(shown) if shown else cell.base, layout=False)
