"""Finding a quote typed by the user in the plain text.

:func:`find_quote` locates a passage quoted on a command line or pasted from a
terminal in the core's plain text
(:func:`briefing_tui.core.text.plaintext.plain_text`), forgiving differences of
whitespace and of Unicode normalisation (NFC against NFD).
"""

from __future__ import annotations

import re
import unicodedata

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
    composed, starts = _composed_view(text)
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


def _composed_view(text: str) -> tuple[str, list[int]]:
    """``text`` in NFC, and for each of its offsets (and its end) the offset in ``text``.

    Normalised a cluster at a time (a character and the combining marks or
    Hangul vowel and final jamo after it), so every cluster boundary maps back.
    """
    pieces: list[str] = []
    starts: list[int] = []
    at = 0
    while at < len(text):
        end = at + 1
        while end < len(text) and (
            unicodedata.combining(text[end]) or "\u1160" <= text[end] <= "\u11ff"
        ):
            end += 1
        cluster = unicodedata.normalize("NFC", text[at:end])
        pieces.append(cluster)
        starts.extend([at] * len(cluster))
        at = end
    starts.append(len(text))
    return "".join(pieces), starts
