"""Finding a string in a document's plain text (the reader's find bar)."""

from __future__ import annotations

MAX_MATCHES = 10_000


def find_all(text: str, needle: str, limit: int = MAX_MATCHES) -> list[tuple[int, int]]:
    """Case-insensitive (start, end) matches of ``needle`` in ``text``, at most ``limit``."""
    if not needle:
        return []
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
