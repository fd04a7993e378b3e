"""What the reader's Markdown widget parses: the core's parse, with the tokens Textual
would drop made ones it shows (see :class:`ShownParser`).

Apart from the blocks (:mod:`.markdown_blocks`): it runs in Textual's parsing thread,
and makes tokens, never widgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefing_tui.core.text.plaintext import TABLE_WIDGET_CELLS, bare_links, parse, parser
from briefing_tui.tui.widgets.markdown_table import table_cells

if TYPE_CHECKING:
    from markdown_it.token import Token


class ShownParser:
    """What Textual's ``Markdown.update`` calls ``parse`` on (in a thread): the core's parse.

    Bare URLs are made links (their text unchanged: the core's text). Tokens
    Textual would drop are turned into ones it shows (inline HTML into
    text, an HTML block into an ``html`` code block), and a big table into one
    ``briefing_table`` token carrying its cells, so no widget per cell is made.
    The core's plain text treats them the same way.
    """

    def __init__(self, references: dict[str, Any] | None = None) -> None:
        #: The whole briefing's link reference definitions: a part is parsed with them.
        self.references = references or {}

    def parse(self, src: str, env: Any = None) -> list[Token]:
        if env is None:
            env = {"references": dict(self.references)} if self.references else {}
        tokens = parse(src, parser(), env)
        bare_links(tokens)
        for token in tokens:
            if token.type == "hr" and token.level > 0:
                # In a list item or a quote: Textual drew every rule at the top level,
                # before the list that held it (``- * * *``, the spec's example 61).
                token.type = "briefing_hr"
        if "<" in src:
            _html_as_text(tokens)
        if "|" in src:
            tokens = _collapse_big_tables(tokens)
        return tokens


def _html_as_text(tokens: list[Token]) -> None:
    for token in tokens:
        if token.type == "html_block":
            token.type = "code_block"
            token.info = "html"
        elif token.type == "inline" and token.children:
            for child in token.children:
                if child.type == "html_inline":
                    child.type = "text"


def _collapse_big_tables(tokens: list[Token]) -> list[Token]:
    """Each table of more than TABLE_WIDGET_CELLS cells as one ``briefing_table`` token."""
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type != "table_open":
            out.append(token)
            index += 1
            continue
        end = index
        cells = 0
        while tokens[end].type != "table_close" or tokens[end].level != token.level:
            cells += tokens[end].type in ("th_open", "td_open")
            end += 1
        if cells <= TABLE_WIDGET_CELLS:
            out.extend(tokens[index : end + 1])
        else:
            table = token.copy()
            table.type = "briefing_table"
            table.nesting = 0
            table.meta = {"cells": table_cells(tokens[index : end + 1])}
            out.append(table)
        index = end + 1
    return out
