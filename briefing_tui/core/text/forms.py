"""Unicode forms: the same word typed precomposed (NFC) or decomposed (NFD).

``café`` can be four code points (``é`` as one) or five (``e`` and a combining
acute accent): text copied from macOS, some PDFs and web pages comes
decomposed, what a user types comes composed. They look the same and must
compare the same. Words are compared in NFC (:func:`composed`); where offsets
into the text as it is are needed (a quote, a highlight), the text is composed
with a map back (:func:`composed_view`).
"""

from __future__ import annotations

import unicodedata

__all__ = ["composed", "composed_view"]


def composed(text: str) -> str:
    """``text`` in NFC; the same string, at C speed, when it already is (all ASCII text is)."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def composed_view(text: str) -> tuple[str, list[int]]:
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
