"""The core's plain text against the spec's own rendering (CommonMark 0.31.2, all 652 examples).

The conformance test checks that the core and the reader agree; this one checks
both against an outside reference: the text a browser shows of each example's
expected HTML (tags hidden, entities decoded, an image as its alt text, the text
of ``<code>`` and ``<pre>`` kept, whitespace collapsed), compared with the plain
text of its Markdown (whitespace collapsed, the reader's image marker left out).

They differ only where the example holds raw HTML: the README's promise is that
HTML is shown, as text (an HTML block as code), never dropped, where a browser
would hide the tags. Those examples are listed in :data:`EXPECTED` with the
reason, and checked to differ by their raw HTML alone: with the HTML hidden as a
browser hides it, the text must equal the reference. A new difference, or a
listed one that goes away, fails the test, so the list stays true.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from briefing_tui.core.text.plaintext import inline_text, parse, plain_text

SPEC = Path(__file__).parent / "fixtures" / "commonmark-spec-0.31.2.json"
EXAMPLES: list[dict[str, Any]] = json.loads(SPEC.read_text(encoding="utf-8"))

HTML_BLOCK = "an HTML block, shown as code where a browser hides its tags"
INLINE_HTML = "inline HTML, shown as text where a browser hides it"

#: Example number -> why its plain text is not the text of the spec's HTML.
EXPECTED: dict[int, str] = {
    **dict.fromkeys(
        (21, 31, *range(148, 168), *range(169, 187), 188, 189, 190, 191, 308, 309),
        HTML_BLOCK,
    ),
    **dict.fromkeys(
        (
            *(168, 187, 201, 344, 475, 476, 477, 491, 494, 524, 536),
            *(613, 614, 615, 616, 617, 623, 625, 626, 627, 628, 629, 630, 631, 642, 643),
        ),
        INLINE_HTML,
    ),
}

#: A tag, comment, declaration, CDATA section or processing instruction, as a
#: browser skips it (``<!-->`` and ``<!--->`` are empty comments in HTML5; a
#: tag the document ends inside is dropped).
_MARKUP = re.compile(
    r"<!--(?:-?>|[\s\S]*?-->)"
    r"|<!\[CDATA\[[\s\S]*?\]\]>"
    r"|<![A-Za-z][^>]*>"
    r"|<\?[\s\S]*?\?>"
    r"|<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"|</?[A-Za-z][^>]*\Z"
)
_ALT = re.compile(r"\balt=\"([^\"]*)\"")
#: Elements a browser sets apart from the text around them.
_BLOCKS = frozenset(
    {"address", "blockquote", "br", "dd", "div", "dl", "dt", "h1", "h2", "h3", "h4", "h5", "h6"}
    | {"hr", "li", "ol", "p", "pre", "table", "tbody", "td", "textarea", "tfoot", "th", "thead"}
    | {"tr", "ul"}
)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def browser_text(source: str) -> str:
    """The text a browser shows of the HTML ``source``, whitespace collapsed."""

    def markup(match: re.Match[str]) -> str:
        name = (match.group(2) or "").lower()
        if name == "img":
            alt = _ALT.search(match.group(3) or "")
            return f" {alt.group(1)} " if alt else " "
        return " " if name in _BLOCKS else ""

    # Entities are decoded in the text between the markup (an alt's once, by the
    # same call: the markup is replaced before its text is unescaped).
    return _collapse(html.unescape(_MARKUP.sub(markup, source)))


def core_text(markdown: str) -> str:
    """The core's plain text of ``markdown``, as compared: without the image marker."""
    return _collapse(plain_text(markdown).replace("🖼", " "))


def core_text_html_hidden(markdown: str) -> tuple[str, str | None]:
    """The core's text with raw HTML read as a browser reads it, and which raw HTML it held."""
    parts: list[str] = []
    held: str | None = None
    for token in parse(markdown):
        if token.type == "html_block":
            parts.append(browser_text(token.content))
            held = HTML_BLOCK
        elif token.type in ("fence", "code_block"):
            parts.append(token.content)
        elif token.type == "inline":
            children = [c for c in token.children or () if c.type != "html_inline"]
            if len(children) != len(token.children or ()):
                held = held or INLINE_HTML
            parts.append(inline_text(token.copy(children=children)))
    return _collapse(" ".join(parts).replace("🖼", " ")), held


def test_the_plain_text_is_the_text_of_the_spec_html() -> None:
    differ = {
        example["example"]: core_text_html_hidden(example["markdown"])[1] or "no raw HTML"
        for example in EXAMPLES
        if browser_text(example["html"]) != core_text(example["markdown"])
    }
    new = {n: why for n, why in differ.items() if EXPECTED.get(n) != why}
    gone = sorted(set(EXPECTED) - set(differ))
    assert not new, f"differ from the spec's HTML, not as listed: {new}"
    assert not gone, f"listed as differing but now the spec's text: {gone}"


def test_the_listed_examples_differ_by_their_raw_html_alone() -> None:
    failures = []
    for example in EXAMPLES:
        if example["example"] in EXPECTED:
            hidden, _ = core_text_html_hidden(example["markdown"])
            wanted = browser_text(example["html"])
            if hidden != wanted:
                failures.append(f"example {example['example']}: {hidden!r} != {wanted!r}")
    assert not failures, "\n".join(failures)


def test_the_reference_reads_html_as_a_browser_does() -> None:
    image = '<img src="x" alt="e &quot;f&quot;" />'
    assert browser_text(f"<p>a <em>b</em>&amp;c<br />\nd {image}</p>") == 'a b&c d e "f"'
    assert browser_text("<p>foo <!--> foo --&gt;</p><pre><code>x  &lt;y&gt;\n</code></pre>") == (
        "foo foo --> x <y>"
    )
    assert browser_text('<div id="foo"\n*hi*\n') == ""
