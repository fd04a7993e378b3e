"""Markdown to the plain text that is indexed and that claims anchor to.

The text must equal what Textual's ``Markdown`` widget shows, block by block,
because claims store offsets into it and the reader highlights those offsets
in the rendered blocks. So the inline rules below mirror
``MarkdownBlock._token_to_content`` in Textual 8: whitespace runs in text
collapse to one space, soft breaks become spaces, hard breaks newlines, and
images show as ``🖼  (alt)alt``. Blocks are joined with a blank line.

What Textual would drop silently is shown instead, here and in the reader
(which parses with :func:`parse`): inline HTML as its text, HTML blocks as
code, and quotes or lists nested deeper than :data:`SHOWN_DEPTH` as their
Markdown source under a marker (markdown-it stops at 20 levels and drops
the rest of the document; a widget tree hundreds of levels deep would
exhaust Python's recursion limit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # markdown-it is imported when a document is first parsed
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

BLOCK_SEPARATOR = "\n\n"
_SPACES = re.compile(r"\s+")

BlockKind = Literal["heading", "paragraph", "cell", "code"]

#: Block nesting (token levels: a list level is two, list and item) shown as
#: Markdown; a top-level block nested deeper is shown as its source.
SHOWN_DEPTH = 24
#: markdown-it's own limit, above SHOWN_DEPTH so the deep block is seen whole;
#: low enough that its recursive parser stays far from Python's recursion limit.
MAX_NESTING = 64
#: The reader draws a paragraph longer than this as pieces of about this size
#: (one widget each): chunks count a long text as that many widgets.
PIECE_CHARS = 4_000
#: The reader draws a table of more cells than this as one widget (its lines
#: rendered as they come into view), not as a widget per cell.
TABLE_WIDGET_CELLS = 120
#: Block tokens that open nothing but still become a widget.
_LEAF_BLOCKS = frozenset({"fence", "code_block", "html_block", "hr"})
#: What a line continuing a top-level quote or list can start with (or blank).
_CONTAINER_STARTS = frozenset(" \t>-*+0123456789")
#: The paragraph that precedes a too-deeply nested block shown as source.
DEEP_MARKER = "[Nested too deeply to show as Markdown: its source follows]"


@dataclass(frozen=True, slots=True)
class TextBlock:
    """One rendered block: its kind, text and start offset in the plain text."""

    kind: BlockKind
    text: str
    start: int
    #: Heading level (1-6) for headings, 0 otherwise.
    level: int = 0

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The one parser of the core and the reader: ``gfm-like`` without linkify, deeper nesting.

    CommonMark (0.31.2, as markdown-it implements it) plus GFM tables and
    strikethrough. Not linkify: it takes a bare URL from the raw source, so its
    text kept entities, backslash escapes and emphasis markers (``&amp;``,
    ``a\\_b``, ``_x_``) where CommonMark decodes them, and decoded
    percent-escapes and punycode for display; and it was most of the parse.
    A bare URL is CommonMark text here; the reader makes it a link without
    changing its text (:func:`bare_links`).
    """
    from markdown_it import MarkdownIt

    return MarkdownIt("gfm-like", {"maxNesting": MAX_NESTING}).disable("linkify")


def parser_for(markdown: str) -> MarkdownIt:
    """The parser for ``markdown``: the same one whatever the document holds."""
    return parser()


def parse(
    markdown: str, markdown_parser: MarkdownIt | None = None, env: dict[str, Any] | None = None
) -> list[Token]:
    """Tokens of ``markdown`` as shown: top-level blocks nested too deeply become source.

    Both the plain text and the reader's widget parse through here, so they
    agree on what a pathological document shows. ``env`` is markdown-it's: its
    ``references`` (link reference definitions, found and used) are filled in,
    and may be given: the reader parses a part of a briefing with the whole
    briefing's definitions.
    """
    markdown_parser = markdown_parser or parser()
    env = {} if env is None else env
    tokens = markdown_parser.parse(markdown, env)
    # Each round turns at least one deep block into source; a handful is plenty
    # (a block cut short by markdown-it's limit can need a second round).
    for _ in range(8):
        if not tokens or max(token.level for token in tokens) < SHOWN_DEPTH:
            break
        markdown = _deep_blocks_as_source(markdown, tokens)
        tokens = markdown_parser.parse(markdown, env)
    return tokens


def _deep_blocks_as_source(markdown: str, tokens: list[Token]) -> str:
    """``markdown`` with each top-level block nested SHOWN_DEPTH deep as a fenced source block."""
    regions: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    deep = False
    for token in tokens:
        if token.level == 0 and token.nesting >= 0 and token.map is not None:
            if current is not None and deep:
                regions.append(current)
            current, deep = (token.map[0], token.map[1]), False
        if token.level >= SHOWN_DEPTH:
            deep = True
    if current is not None and deep:
        regions.append(current)
    # Lines as markdown-it counts them (only "\n" ends a line).
    lines = markdown.split("\n")
    for first, last in reversed(regions):
        last = min(last, _container_end(lines, first))
        source = "\n".join(lines[first:last]).rstrip("\n")
        fence = "`" * max(3, _longest_run(source, "`") + 1)
        lines[first:last] = [f"{DEEP_MARKER}\n\n{fence}text\n{source}\n{fence}\n"]
    return "\n".join(lines)


def _container_end(lines: list[str], first: int) -> int:
    """Where the quote or list starting at line ``first`` ends at the latest.

    When markdown-it reaches its nesting limit it skips the rest of the
    document, so the block's own end is unknown; no quote or list goes on
    past a blank line followed by a line starting at the margin with
    something other than a quote or list marker.
    """
    for number in range(first + 1, len(lines)):
        line = lines[number]
        if line and line[0] not in _CONTAINER_STARTS and not lines[number - 1].strip():
            return number
    return len(lines)


def _longest_run(text: str, char: str) -> int:
    runs = re.findall(f"{re.escape(char)}+", text)
    return max(map(len, runs), default=0)


def inline_text(token: Token) -> str:
    """The text Textual renders for one ``inline`` token."""
    if token.children is None:
        return ""
    parts: list[str] = []
    for child in token.children:
        kind = child.type
        if kind == "text" or kind == "html_inline":
            # Inline HTML is shown as its text (the reader turns it into text tokens).
            parts.append(_SPACES.sub(" ", child.content))
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "code_inline":
            parts.append(child.content)
        elif kind == "image":
            parts.append("🖼  ")
            alt = child.attrs.get("alt", "")
            if alt:
                parts.append(f"({alt})")
            for grandchild in child.children or ():
                parts.append(grandchild.content)
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class TopBlock:
    """A top-level block of the source: where it starts and what it holds."""

    #: First source line (0-based) of the block.
    line: int
    #: Index in the text blocks of the first text block at or after this one.
    text_index: int
    #: Heading level, 0 when the block is not a heading.
    heading: int = 0
    title: str = ""
    #: Rough count of widgets it becomes (a list item is four), for chunk budgets.
    weight: int = 1
    #: For an item of a top-level list (each is a cut point): the index in the tops of
    #: its list's first item (-1: no item), its number in an ordered list (None: bullets),
    #: and whether the list is loose. A part beginning mid-list is parsed alone, so
    #: it takes these from here (numbered on, spaced as the whole list).
    list_at: int = -1
    number: int | None = None
    loose: bool = False


def analyse(
    markdown: str, env: dict[str, Any] | None = None
) -> tuple[list[TextBlock], list[TopBlock]]:
    """One parse giving the rendered text blocks and the top-level block starts.

    ``env`` is given to markdown-it (see :func:`parse`): its ``references``
    come back filled in.
    """
    blocks: list[TextBlock] = []
    tops: list[TopBlock] = []
    #: Widgets inside each top-level block beyond its own (paragraphs in a quote,
    #: cells of a table), so the reader's chunks are bounded by what they mount.
    inner: list[int] = []
    offset = 0
    pending: tuple[BlockKind, int] | None = None
    top_heading: TopBlock | None = None
    table_cells = 0
    #: The top-level list being read: its first number (None: bullets), its items' tops,
    #: and whether a paragraph in it is shown (markdown-it hides a tight list's).
    list_start: int | None = None
    list_items: list[int] = []
    list_loose = False

    def add(kind: BlockKind, text: str, level: int = 0) -> None:
        nonlocal offset
        if blocks:
            offset += len(BLOCK_SEPARATOR)
        blocks.append(TextBlock(kind, text, offset, level))
        offset += len(text)

    for token in parse(markdown, env=env):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open") and token.level == 0:
            start = token.attrGet("start")  # markdown-it sets it only when not 1
            ordered = kind == "ordered_list_open"
            list_start = (1 if start is None else int(start)) if ordered else None
            list_items, list_loose = [], False
        if token.level == 0 and token.nesting >= 0 and token.map is not None:
            level = int(token.tag[1:]) if kind == "heading_open" else 0
            tops.append(TopBlock(token.map[0], len(blocks), level))
            # A code block is two widgets (the block and its label); an HTML block,
            # shown as wrapped code, costs the layout about twice that (bench,
            # reader-hostile: 30 of them in one chunk stalled the loop 120 ms).
            inner.append(
                3 if kind == "html_block" else 1 if kind in _LEAF_BLOCKS and kind != "hr" else 0
            )
            top_heading = tops[-1] if level else None
        elif kind == "list_item_open" and token.level == 1 and token.map is not None:
            # Items of a top-level list are cut points too: one list can be thousands
            # of widgets, and the reader must be able to append it a few items at a time.
            if not (tops and tops[-1].line == token.map[0]):
                tops.append(TopBlock(token.map[0], len(blocks)))
                inner.append(0)
            first = list_items[0] if list_items else len(tops) - 1
            number = None if list_start is None else list_start + len(list_items)
            tops[-1] = TopBlock(tops[-1].line, tops[-1].text_index, 0, "", 4, first, number)
            list_items.append(len(tops) - 1)
        elif kind == "paragraph_open" and token.level == 2 and list_items and not token.hidden:
            list_loose = True
        elif kind in ("bullet_list_close", "ordered_list_close") and token.level == 0:
            for index in list_items if list_loose else ():
                tops[index] = replace(tops[index], loose=True)
            list_items = []
        elif kind == "table_open":
            table_cells = 0
        elif kind in ("th_open", "td_open"):
            table_cells += 1
        elif kind == "table_close" and inner:
            inner[-1] += table_weight(table_cells) - (token.level == 0)
        elif (
            inner
            and (token.nesting == 1 or kind in _LEAF_BLOCKS)
            and token.level > 0
            and not kind.startswith(("thead", "tbody", "tr_"))
        ):
            inner[-1] += 1
        if kind == "heading_open":
            pending = ("heading", int(token.tag[1:]))
        elif kind == "paragraph_open":
            pending = ("paragraph", 0)
        elif kind in ("th_open", "td_open"):
            pending = ("cell", 0)
        elif kind == "inline" and pending is not None:
            text = inline_text(token)
            if pending[0] == "heading" and top_heading is not None and token.level == 1:
                tops[-1] = TopBlock(
                    top_heading.line, top_heading.text_index, top_heading.heading, text
                )
                top_heading = None
            add(pending[0], text, pending[1])
            pending = None
            if len(text) > PIECE_CHARS and inner:
                inner[-1] += len(text) // PIECE_CHARS
        elif kind in ("fence", "code_block", "html_block"):
            # An HTML block is shown as code (the reader turns it into a code block).
            add("code", token.content.rstrip())
            if inner:
                inner[-1] += len(token.content) // (PIECE_CHARS * 4)
    if any(inner):
        tops = [
            replace(top, weight=top.weight + extra) if extra else top
            for top, extra in zip(tops, inner, strict=True)
        ]
    return blocks, tops


def table_weight(cells: int) -> int:
    """The widgets a table of ``cells`` cells becomes in the reader (roughly)."""
    if cells <= TABLE_WIDGET_CELLS:
        return cells + 2
    return 2 + cells // 1_000


def text_blocks(markdown: str) -> list[TextBlock]:
    """The rendered blocks of ``markdown`` in document order, with offsets."""
    return analyse(markdown)[0]


def plain_text(markdown: str) -> str:
    """The whole document as plain text: the blocks joined with a blank line."""
    return BLOCK_SEPARATOR.join(block.text for block in text_blocks(markdown))


def bare_links(tokens: list[Token]) -> None:
    """Make the bare URLs, ``www.`` addresses and e-mails in ``tokens`` links, in place.

    Only text outside links is looked at, and a link wraps exactly the text it
    was found in: the text shown is unchanged (it is the core's plain text),
    only the link's target is added. Found as markdown-it's linkify finds them
    (linkify-it, its defaults).
    """
    from markdown_it.token import Token

    md = parser()
    finder = md.linkify
    if finder is None:
        return
    for token in tokens:
        children = token.children
        if token.type != "inline" or not children or not finder.pretest(token.content):
            continue
        out: list[Token] = []
        depth = 0
        for child in children:
            if child.type == "link_open":
                depth += 1
            elif child.type == "link_close":
                depth -= 1
            if child.type != "text" or depth > 0 or not finder.test(child.content):
                out.append(child)
                continue
            text = child.content
            last = 0
            for found in finder.match(text) or ():
                href = md.normalizeLink(found.url)
                if not md.validateLink(href):
                    continue
                if found.index > last:
                    out.append(_text(child, text[last : found.index]))
                link = Token("link_open", "a", 1, level=child.level, markup="linkify", info="auto")
                link.attrs = {"href": href}
                out.append(link)
                out.append(_text(child, text[found.index : found.last_index], child.level + 1))
                out.append(
                    Token("link_close", "a", -1, level=child.level, markup="linkify", info="auto")
                )
                last = found.last_index
            if last == 0:
                out.append(child)
            elif last < len(text):
                out.append(_text(child, text[last:]))
        token.children = out


def _text(like: Token, content: str, level: int | None = None) -> Token:
    from markdown_it.token import Token

    return Token("text", "", 0, level=like.level if level is None else level, content=content)
