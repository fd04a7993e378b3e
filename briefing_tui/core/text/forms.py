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


#: Characters that are no combining mark yet compose with the one before them (the
#: second half of a two-part vowel sign: Bengali ``ে`` and ``া`` are ``ো``; Oriya,
#: Tamil, Kannada, Malayalam, Sinhala, Myanmar, Balinese, Tibetan and others), besides
#: the Hangul vowels and final consonants. ``test_unicode_forms`` derives them anew.
SECOND_HALVES = frozenset(
    "\u09be\u09d7\u0b3e\u0b56\u0b57\u0bbe\u0bd7\u0cc2\u0cd5\u0cd6\u0d3e\u0d57\u0dcf"
    "\u0ddf\u0fb5\u0fb7\u102e\u1b35\U00011127\U0001133e\U00011357\U000114b0"
    "\U000114ba\U000114bd\U000115af\U00011930"
)


def composed_view(text: str) -> tuple[str, list[int]]:
    """``text`` in NFC, and for each of its offsets (and its end) the offset in ``text``.

    Normalised a cluster at a time (a character and the combining marks, Hangul
    vowel and final jamo or second half of a vowel sign after it), so every
    cluster boundary maps back and the whole is in NFC.
    """
    pieces: list[str] = []
    starts: list[int] = []
    at = 0
    while at < len(text):
        end = at + 1
        while end < len(text) and (
            unicodedata.combining(text[end])
            or "\u1160" <= text[end] <= "\u11ff"
            or text[end] in SECOND_HALVES
        ):
            end += 1
        cluster = unicodedata.normalize("NFC", text[at:end])
        pieces.append(cluster)
        starts.extend([at] * len(cluster))
        at = end
    starts.append(len(text))
    return "".join(pieces), starts
