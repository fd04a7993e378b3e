"""The plain text equals what the reader's Markdown widget renders, block by block.

Claims store offsets into the plain text and the reader highlights them in
the rendered blocks, so the two must agree exactly. The widget is the
reader's :class:`BriefingMarkdown` (Textual's, plus what it shows that
Textual would drop: HTML, deep nesting; long paragraphs drawn in pieces and
big tables drawn as one widget). This test imports Textual (the core never
does).
"""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets._markdown import MarkdownBlock, MarkdownFence

from briefing_tui.core.text.plaintext import DEEP_MARKER, plain_text, text_blocks
from briefing_tui.tui.widgets.markdown_blocks import BriefingMarkdown
from briefing_tui.tui.widgets.markdown_table import BriefingTable

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
    # A bare URL is CommonMark text in both, whatever else the document holds
    # (#14 item 2: the reader showed the raw source, the core the text).
    "bare URLs as CommonMark text": (
        "See https://example.com/?a=1&amp;b=2 and https://example.com/a\\_b\\_c.\n\n"
        "Then https://example.com/_private_ page, https://example.com/~~x~~ and "
        "https://example.com/*foo* too.\n\n"
        "Also www.example.com and mail a@b.org.\n"
    ),
    "bare URLs, percent and punycode": (
        "100% of http://xn--caf-dma.example/a%20b and https://example.com/a\\_b?c=1&amp;d.\n"
    ),
    "unicode and placeholders": (
        "Café “quoted” — naïve ␛]0;title␇ and \ufffd replacement.\n\n日本語の段落。\n"
    ),
    "html": (
        "<div class='x'>\n<p>block <b>html</b></p>\n</div>\n\n"
        "Inline <span title='a  b'>span</span>, <br> and <!-- note --> here.\n\n"
        "<!--\na comment block\n-->\n\n- item <i>x</i>\n\n> <em>quoted</em>\n"
    ),
    "deep nesting": (
        "".join(f"{'  ' * i}- level {i}\n" for i in range(30))
        + "\n"
        + "".join(f"{'>' * (i + 1)} quote {i}\n" for i in range(40))
        + "\nAfter the deep parts.\n"
    ),
    "long paragraph": (
        " ".join(f"word{i} *em {i}* [link](https://example.org/{i})" for i in range(800))
        + "\n\nNext paragraph.\n"
    ),
    "big table": (
        "| Name | Value | Link | Note |\n|---|--:|---|---|\n"
        + "".join(
            f"| *row {i}* | {i} | [l{i}](https://example.org/{i}) | " + "long " * (i % 30) + "|\n"
            for i in range(60)
        )
        + "\nAfter the table.\n"
    ),
}


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield BriefingMarkdown()


def _shown(blocks: list[MarkdownBlock]) -> list[str]:
    """The text of each block that shows inline text or code, in order.

    The pieces of a long paragraph are joined back (each but the last has the
    class ``-piece``); a big table gives its cells.
    """
    texts: list[str] = []
    joining = False
    for block in blocks:
        if isinstance(block, MarkdownFence):
            texts.append(block._highlighted_code.plain)
        elif isinstance(block, BriefingTable):
            texts.extend(block.model.cells)
        elif block._inline_token is not None:
            text = block._content.plain
            if joining:
                texts[-1] += text
            else:
                texts.append(text)
            joining = block.has_class("-piece")
            continue
        joining = False
    return texts


def _rendered_blocks(markdown: BriefingMarkdown, source: str) -> list[str]:
    """What the widget builds from ``source``, before mounting."""
    flat: list[MarkdownBlock] = []

    def walk(blocks: list[MarkdownBlock]) -> None:
        for block in blocks:
            flat.append(block)
            walk(block._blocks)

    walk(list(markdown._build_from_source(source)))
    return _shown(flat)


@pytest.mark.parametrize("name", list(DOCUMENTS))
async def test_plain_text_blocks_equal_textual_markdown_blocks(name: str) -> None:
    source = DOCUMENTS[name]
    app = _Host()
    async with app.run_test():
        rendered = _rendered_blocks(app.query_one(BriefingMarkdown), source)
    assert [block.text for block in text_blocks(source)] == rendered
    assert plain_text(source) == "\n\n".join(rendered)


def test_the_cases_that_need_handling_are_handled() -> None:
    """The documents above really reach the pathological paths they are there for."""
    assert DEEP_MARKER in plain_text(DOCUMENTS["deep nesting"])
    assert "<span title='a b'>" in plain_text(DOCUMENTS["html"])
    assert len(plain_text(DOCUMENTS["long paragraph"]).split("\n\n")[0]) > 4_000 * 2


async def test_mounted_markdown_shows_the_same_blocks() -> None:
    source = DOCUMENTS["prose"] + "\n" + DOCUMENTS["lists and quotes"]
    app = _Host()
    async with app.run_test() as pilot:
        markdown = app.query_one(BriefingMarkdown)
        await markdown.update(source)
        await pilot.pause()
        shown = _shown(list(markdown.query(MarkdownBlock)))
    assert shown == [block.text for block in text_blocks(source)]


@pytest.mark.parametrize("name", ["html", "long paragraph", "big table", "deep nesting"])
async def test_mounted_pathological_markdown_shows_the_same_blocks(name: str) -> None:
    source = DOCUMENTS[name]
    app = _Host()
    async with app.run_test() as pilot:
        markdown = app.query_one(BriefingMarkdown)
        await markdown.update(source)
        await pilot.pause()
        shown = _shown(list(markdown.query(MarkdownBlock)))
    assert shown == [block.text for block in text_blocks(source)]


async def test_bare_urls_are_links_in_the_reader_over_the_text_shown() -> None:
    """Bare URLs stay clickable: the reader links them without changing their text."""
    source = (
        DOCUMENTS["bare URLs as CommonMark text"] + DOCUMENTS["bare URLs, percent and punycode"]
    )
    app = _Host()
    async with app.run_test() as pilot:
        markdown = app.query_one(BriefingMarkdown)
        await markdown.update(source)
        await pilot.pause()
        links: list[tuple[str, str]] = []
        for block in markdown.query(MarkdownBlock):
            content = getattr(block, "_content", None)
            for span in content.spans if content is not None else ():
                meta = getattr(span.style, "meta", None) or {}
                if "@click" in meta:
                    links.append((content.plain[span.start : span.end], meta["@click"]))
    assert ("https://example.com/?a=1&b=2", "link('https://example.com/?a=1&b=2')") in links
    assert ("https://example.com/a_b_c", "link('https://example.com/a_b_c')") in links
    assert ("www.example.com", "link('http://www.example.com')") in links
    assert ("a@b.org", "link('mailto:a@b.org')") in links
    assert ("http://xn--caf-dma.example/a%20b", "link('http://xn--caf-dma.example/a%20b')") in links
