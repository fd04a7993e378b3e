"""Markdown to the plain text that is indexed and that claims anchor to.

The text must equal what Textual's ``Markdown`` widget shows, block by block,
because claims store offsets into it and the reader highlights those offsets
in the rendered blocks. So the inline rules below mirror
``MarkdownBlock._token_to_content`` in Textual 8: whitespace runs in text
collapse to one space, soft breaks become spaces, hard breaks newlines, and
images show as ``🖼  (alt)alt``. Blocks are joined with a blank line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

BLOCK_SEPARATOR = "\n\n"
_SPACES = re.compile(r"\s+")

BlockKind = Literal["heading", "paragraph", "cell", "code"]


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
    """The parser Textual's Markdown widget uses (``gfm-like``)."""
    return MarkdownIt("gfm-like")


def inline_text(token: Token) -> str:
    """The text Textual renders for one ``inline`` token."""
    if token.children is None:
        return ""
    parts: list[str] = []
    for child in token.children:
        kind = child.type
        if kind == "text":
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


def text_blocks(markdown: str) -> list[TextBlock]:
    """The rendered blocks of ``markdown`` in document order, with offsets."""
    blocks: list[TextBlock] = []
    offset = 0
    pending: tuple[BlockKind, int] | None = None

    def add(kind: BlockKind, text: str, level: int = 0) -> None:
        nonlocal offset
        if blocks:
            offset += len(BLOCK_SEPARATOR)
        blocks.append(TextBlock(kind, text, offset, level))
        offset += len(text)

    for token in parser().parse(markdown):
        kind = token.type
        if kind == "heading_open":
            pending = ("heading", int(token.tag[1:]))
        elif kind == "paragraph_open":
            pending = ("paragraph", 0)
        elif kind in ("th_open", "td_open"):
            pending = ("cell", 0)
        elif kind == "inline" and pending is not None:
            add(pending[0], inline_text(token), pending[1])
            pending = None
        elif kind in ("fence", "code_block"):
            add("code", token.content.rstrip())
    return blocks


def plain_text(markdown: str) -> str:
    """The whole document as plain text: the blocks joined with a blank line."""
    return BLOCK_SEPARATOR.join(block.text for block in text_blocks(markdown))


def split_source(markdown: str, first_blocks: int = 30, max_blocks: int = 400) -> list[str]:
    """Split Markdown source at top-level block boundaries, for progressive rendering.

    The first chunk holds ``first_blocks`` blocks (the first screen); later
    chunks double in size up to ``max_blocks``, because every append re-lays
    out the document and many small appends cost more than a few large ones.
    Joining the chunks gives back the source exactly.
    """
    starts: list[int] = []
    for token in parser().parse(markdown):
        if token.level == 0 and token.map is not None and token.nesting >= 0:
            starts.append(token.map[0])
    if len(starts) <= first_blocks:
        return [markdown]
    lines = markdown.splitlines(keepends=True)
    cuts: list[int] = []
    index, size = first_blocks, first_blocks
    while index < len(starts):
        cuts.append(starts[index])
        size = min(size * 2, max_blocks)
        index += size
    chunks: list[str] = []
    previous = 0
    for cut in cuts:
        chunks.append("".join(lines[previous:cut]))
        previous = cut
    chunks.append("".join(lines[previous:]))
    return [chunk for chunk in chunks if chunk]
