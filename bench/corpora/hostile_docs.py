"""Pathological Markdown: the briefings an attacker or a broken export would write.

What a reader must open without freezing: a 100,000-character line (as a
paragraph and inside a code block), 4,000 headings, a 2,000-row table, lists
and quotes nested 200 levels deep, and HTML blocks and inline HTML. Each body
ends with a sentence of its own (``last_words``), so a test can check that
the whole document is reachable (scrolled to the end, shown and searchable),
not only its start.

Used by the ``reader-hostile`` figure (how long the reader stalls opening
each) and by ``tests/adversarial/test_pathological_markdown.py`` (what the
reader mounts in one go, and that nothing is lost). Pure functions of their
arguments, so the test and the benchmark open the same documents.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: Full scale, as the reader's bounds are stated.
LONG_LINE_CHARS = 100_000
HEADINGS = 4_000
TABLE_ROWS = 2_000
NESTING = 200

_WORDS = [
    "minister",
    "sanctions",
    "pipeline",
    "embassy",
    "grain",
    "export",
    "tariff",
    "ceasefire",
    "delegation",
    "treaty",
    "parliament",
    "budget",
    "missile",
    "frontier",
    "refinery",
    "convoy",
    "harvest",
    "summit",
]


def words(count: int, seed: int = 0) -> str:
    """``count`` words from a small news vocabulary, deterministic."""
    return " ".join(_WORDS[(seed + i * 7) % len(_WORDS)] for i in range(count))


def text_of(chars: int, seed: int = 0) -> str:
    """About ``chars`` characters of words separated by single spaces (never more)."""
    out = words(chars // 6 + 1, seed)
    return out[:chars].rstrip()


def last_words(key: str) -> str:
    """The sentence that ends document ``key``: proof the end was reached."""
    return f"Final sentence of the {key} briefing, zebracrossing{key.replace('-', '')}."


def long_paragraph(chars: int = LONG_LINE_CHARS) -> str:
    """One paragraph on one source line of ``chars`` characters."""
    return f"Opening line.\n\n{text_of(chars)}\n\n"


def long_code_line(chars: int = LONG_LINE_CHARS) -> str:
    """A fenced code block whose second line is ``chars`` characters long."""
    line = "x = '" + "ab" * (chars // 2) + "'"
    return f"Opening line.\n\n```python\nprint('start')\n{line[:chars]}\nprint('end')\n```\n\n"


def long_unbroken_word(chars: int = LONG_LINE_CHARS) -> str:
    """One paragraph that is a single 'word' (base64-like, no spaces) of ``chars``."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    blob = "".join(alphabet[(i * 31) % len(alphabet)] for i in range(chars))
    return f"Opening line.\n\n{blob}\n\n"


def many_headings(count: int = HEADINGS) -> str:
    """``count`` headings of every level, each with one short sentence under it."""
    parts = []
    for number in range(count):
        level = 1 + number % 6
        parts.append(f"{'#' * level} Heading {number} {words(3, number)}\n\n{words(8, number)}.\n")
    return "\n".join(parts) + "\n"


def big_table(rows: int = TABLE_ROWS, columns: int = 4) -> str:
    """One table of ``rows`` rows and ``columns`` columns."""
    header = "| " + " | ".join(f"Column {c}" for c in range(columns)) + " |\n"
    rule = "|" + "|".join("---" for _ in range(columns)) + "|\n"
    body = "".join(
        "| " + " | ".join(f"r{r}c{c} {words(2, r + c)}" for c in range(columns)) + " |\n"
        for r in range(rows)
    )
    return f"Opening line.\n\n{header}{rule}{body}\n"


def nested_lists(depth: int = NESTING) -> str:
    """A bullet list nested ``depth`` levels, then an ordered one as deep."""
    bullets = "".join(f"{'  ' * i}- bullet level {i}\n" for i in range(depth))
    ordered = "".join(f"{'   ' * i}1. ordered level {i}\n" for i in range(depth))
    return f"Opening line.\n\n{bullets}\n{ordered}\n"


def nested_quotes(depth: int = NESTING) -> str:
    """Block quotes nested ``depth`` levels, one line per level, then quotes holding lists."""
    quotes = "".join(f"{'>' * (i + 1)} quote level {i}\n{'>' * (i + 1)}\n" for i in range(depth))
    mixed = "".join(f"{'> ' * i}- mixed level {i}\n" for i in range(depth // 2))
    return f"Opening line.\n\n{quotes}\n{mixed}\n"


def html(count: int = 200) -> str:
    """HTML blocks (divs, comments, scripts, a table) and inline HTML, ``count`` times over."""
    parts = ["Opening line.\n"]
    for number in range(count):
        parts.append(
            f'<div class="ad" id="n{number}">\n<p>Block html {number} {words(4, number)}</p>\n'
            "</div>\n\n"
            f"Paragraph with <b>bold {number}</b>, <span style='x'>a span</span>, "
            f"<!-- a comment --> and <script>alert({number})</script> inline.\n\n"
            "<!--\nA comment block\nover lines\n-->\n\n"
            f"<table><tr><td>cell {number}</td></tr></table>\n\n"
        )
    return "\n".join(parts)


@dataclass(frozen=True)
class HostileDoc:
    """One pathological briefing: its key (file name), label, and body builder."""

    key: str
    label: str
    build: Callable[[], str]

    def body(self) -> str:
        """The Markdown body, ending with :func:`last_words`."""
        return self.build() + last_words(self.key) + "\n"

    def document(self) -> str:
        """The whole file, with front matter."""
        return (
            "---\n"
            f"id: hostile-{self.key}\n"
            f'title: "Pathological Markdown: {self.label}"\n'
            "date: 2024-02-01\n"
            "source: Bench\n"
            "---\n\n" + self.body()
        )


def hostile_docs(scale: float = 1.0) -> list[HostileDoc]:
    """Every pathological briefing, at ``scale`` of the full sizes (1.0: as stated).

    The benchmark and the tests use 1.0; the smoke test's minimal mode a small
    share, where only getting a number matters (each size keeps a floor, so a
    document still has several of what makes it hostile).
    """

    def scaled(value: int, least: int) -> int:
        return max(least, int(value * scale))

    chars = scaled(LONG_LINE_CHARS, 1_000)
    headings = scaled(HEADINGS, 20)
    rows = scaled(TABLE_ROWS, 20)
    nesting = scaled(NESTING, 10)
    return [
        HostileDoc(
            "long-line", f"a {chars:,}-character paragraph line", lambda: long_paragraph(chars)
        ),
        HostileDoc("long-code", f"a {chars:,}-character code line", lambda: long_code_line(chars)),
        HostileDoc("long-word", f"a {chars:,}-character word", lambda: long_unbroken_word(chars)),
        HostileDoc("headings", f"{headings:,} headings", lambda: many_headings(headings)),
        HostileDoc("table", f"a {rows:,}-row table", lambda: big_table(rows)),
        HostileDoc("nested-lists", f"lists nested {nesting} levels", lambda: nested_lists(nesting)),
        HostileDoc(
            "nested-quotes", f"quotes nested {nesting} levels", lambda: nested_quotes(nesting)
        ),
        HostileDoc("html", "HTML blocks and inline HTML", lambda: html(scaled(200, 2))),
    ]
