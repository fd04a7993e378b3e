"""A briefing's text: the plain text the reader shows, its layout, sentences and find.

``plaintext`` renders Markdown to the exact plain text that claims address
(equal to what Textual's Markdown widget shows); ``layout`` cuts it into the
blocks the reader paints first; ``sentences`` splits it for keyboard selection;
``finding`` and ``quotes`` locate words and pasted quotes in it; ``sanitize``
makes any outside text safe to show in a terminal.
"""

from __future__ import annotations

from .finding import find_all
from .layout import DocumentLayout, layout_document
from .plaintext import parse, plain_text, text_blocks
from .quotes import find_quote
from .sanitize import clean_line, clean_text, has_unsafe
from .sentences import sentence_spans

__all__ = [
    "DocumentLayout",
    "clean_line",
    "clean_text",
    "find_all",
    "find_quote",
    "has_unsafe",
    "layout_document",
    "parse",
    "plain_text",
    "sentence_spans",
    "text_blocks",
]
