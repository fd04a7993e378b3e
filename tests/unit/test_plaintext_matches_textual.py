"""The plain text equals what Textual's Markdown widget renders, block by block.

Claims store offsets into the plain text and the reader highlights them in
the rendered blocks, so the two must agree exactly. This test imports
Textual (the core never does).
"""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Markdown
from textual.widgets._markdown import MarkdownBlock, MarkdownFence

from briefing_tui.core.plaintext import plain_text, text_blocks

DOCUMENTS = {
    "prose": (
        "# Oil prices *climb*  after `OPEC`\n\n"
        "Prices   rose\nas the **government**\tminister spoke.  \n"
        "A hard break above, and\\\nanother one.\n\n"
        "## Outlook\n\nAnalysts expect [prices](https://example.org) to stay ~~low~~ high.\n"
    ),
    "lists and quotes": (
        "- first item\n- second **item**\n  1. nested *one*\n  2. nested two\n\n"
        "> a quote with a <https://auto.link> and\n> a soft break\n\n"
        "Setext heading\n==============\n\nTrailing paragraph.\n"
    ),
    "code, tables, images": (
        "Intro with ![a chart](c.png) and ![](bare.png).\n\n"
        "```python\ndef f():\n\treturn 1\n```\n\n    indented code\n\n"
        "| Name | Value |\n|------|------:|\n| *a*  | 1     |\n| b    | `2`   |\n\n"
        "---\n\n<div>html block</div>\n\nLast words.\n"
    ),
    "bare links (linkify)": (
        "See www.example.com, https://example.org/a_b?q=1 and mail a@b.org today.\n\n"
        "Escaped https://example.org/a%20b and http://xn--caf-dma.example/ too.\n"
    ),
    "unicode and placeholders": (
        "Café “quoted” — naïve ␛]0;title␇ and \ufffd replacement.\n\n日本語の段落。\n"
    ),
}


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield Markdown()


def _rendered_blocks(markdown: Markdown, source: str) -> list[str]:
    """The text of every block Textual builds that shows inline text or code, in order."""
    texts: list[str] = []

    def walk(blocks: list[MarkdownBlock]) -> None:
        for block in blocks:
            if isinstance(block, MarkdownFence):
                texts.append(block._highlighted_code.plain)
            elif block._inline_token is not None:
                texts.append(block._content.plain)
            walk(block._blocks)

    walk(list(markdown._build_from_source(source)))
    return texts


@pytest.mark.parametrize("name", list(DOCUMENTS))
async def test_plain_text_blocks_equal_textual_markdown_blocks(name: str) -> None:
    source = DOCUMENTS[name]
    app = _Host()
    async with app.run_test():
        rendered = _rendered_blocks(app.query_one(Markdown), source)
    assert [block.text for block in text_blocks(source)] == rendered
    assert plain_text(source) == "\n\n".join(rendered)


async def test_mounted_markdown_shows_the_same_blocks() -> None:
    source = DOCUMENTS["prose"] + "\n" + DOCUMENTS["lists and quotes"]
    app = _Host()
    async with app.run_test() as pilot:
        markdown = app.query_one(Markdown)
        await markdown.update(source)
        await pilot.pause()
        shown = [
            block._content.plain
            for block in markdown.query(MarkdownBlock)
            if block._inline_token is not None or isinstance(block, MarkdownFence)
        ]
    assert shown == [block.text for block in text_blocks(source)]
