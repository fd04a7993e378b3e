"""Finding a string in a document's plain text (the reader's find bar)."""

from __future__ import annotations

import unicodedata

from .forms import composed, composed_view

MAX_MATCHES = 10_000


def find_all(text: str, needle: str, limit: int = MAX_MATCHES) -> list[tuple[int, int]]:
    """Case-insensitive (start, end) matches of ``needle`` in ``text``, at most ``limit``.

    An accented letter matches however either side wrote it (see :mod:`.forms`):
    ``café`` typed finds a decomposed *café* (copied from macOS, a PDF), the
    offsets those of the text as it is.
    """
    if not needle:
        return []
    if not (text.isascii() and needle.isascii()):
        needle = composed(needle)
        if not (text.isascii() or unicodedata.is_normalized("NFC", text)):
            whole, starts = composed_view(text)
            return [(starts[start], starts[end]) for start, end in _find(whole, needle, limit)]
    return _find(text, needle, limit)


def _find(text: str, needle: str, limit: int) -> list[tuple[int, int]]:
    haystack, wanted = text.casefold(), needle.casefold()
    if len(haystack) != len(text):  # casefold changed lengths (ß → ss): offsets would drift
        haystack, wanted = text.lower(), needle.lower()
        if len(haystack) != len(text):
            haystack, wanted = text, needle
    found: list[tuple[int, int]] = []
    start = haystack.find(wanted)
    while start >= 0 and len(found) < limit:
        found.append((start, start + len(wanted)))
        start = haystack.find(wanted, start + max(1, len(wanted)))
    return found
