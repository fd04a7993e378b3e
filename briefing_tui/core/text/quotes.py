"""Finding a quote typed by the user in the plain text.

:func:`find_quote` locates a passage quoted on a command line or pasted from a
terminal in the core's plain text
(:func:`briefing_tui.core.text.plaintext.plain_text`), forgiving differences of
whitespace and of Unicode normalisation (NFC against NFD).
"""

from __future__ import annotations

import re
import unicodedata

from .forms import composed_view

__all__ = ["find_quote"]

_WHITESPACE = re.compile(r"\s+")


def find_quote(text: str, quote: str) -> list[tuple[int, int]]:
    """Every ``(start, end)`` where ``quote`` occurs in ``text``, whitespace-insensitively.

    A quote typed on a command line or copied from a terminal rarely keeps the
    document's line breaks and spacing, so any run of whitespace in the quote
    matches any run in the text (and the other way round); leading and trailing
    whitespace of the quote is ignored. Overlapping occurrences are all
    reported, so "found more than once" is never under-counted.
    """
    spans = _find_words(text, quote)
    if spans or (quote.isascii() and text.isascii()):
        return spans
    # An accent typed precomposed (NFC) against a decomposed text (NFD), or the
    # other way round: match both in NFC, report offsets into the text as it is.
    composed, starts = composed_view(text)
    return [
        (starts[start], starts[end])
        for start, end in _find_words(composed, unicodedata.normalize("NFC", quote))
    ]


def _find_words(text: str, quote: str) -> list[tuple[int, int]]:
    words = _WHITESPACE.split(quote.strip())
    if not words or words == [""]:
        return []
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    spans: list[tuple[int, int]] = []
    at = 0
    while (match := pattern.search(text, at)) is not None:
        spans.append(match.span())
        at = match.start() + 1
    return spans
