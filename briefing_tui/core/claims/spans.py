"""Word edges and search windows: the small geometry re-anchoring works with.

Where a word starts and ends around an offset, offsets nearest a centre
first, and overlapping windows merged: :mod:`.anchoring` uses them to snap a
fuzzy match to whole words and to align each region of a text only once.
"""

from __future__ import annotations

from collections.abc import Iterator


def inside_word(text: str, at: int) -> bool:
    """Whether offset ``at`` falls between two letters or digits of one word."""
    return 0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum()


def word_start(text: str, at: int) -> int:
    """Start of the word ``at`` is inside."""
    while at > 0 and text[at - 1].isalnum():
        at -= 1
    return at


def word_end(text: str, at: int) -> int:
    """End of the word ``at`` is inside."""
    while at < len(text) and text[at].isalnum():
        at += 1
    return at


def next_word_start(text: str, at: int, limit: int) -> int:
    """Past the rest of the word at ``at`` and the whitespace after it (up to ``limit``)."""
    while at < limit and text[at].isalnum():
        at += 1
    while at < limit and text[at].isspace():
        at += 1
    return at


def previous_word_end(text: str, at: int, limit: int) -> int:
    """Back before the word ending at ``at`` and the whitespace before it (down to ``limit``)."""
    while at > limit and text[at - 1].isalnum():
        at -= 1
    while at > limit and text[at - 1].isspace():
        at -= 1
    return at


def around(
    centre: int, reach: int, low: int, high: int, include_centre: bool = False
) -> Iterator[int]:
    """``centre``, then ``centre±1``, ``±2`` ... within ``[low, high]``: nearest first.

    Nearest first so that, between equally good edges, ``max`` keeps the one
    closest to where it started.
    """
    if include_centre and low <= centre <= high:
        yield centre
    for step in range(1, reach + 1):
        for at in (centre - step, centre + step):
            if low <= at <= high:
                yield at


def merge_windows(windows: Iterator[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping windows merged, so no region is aligned twice."""
    merged: list[tuple[int, int]] = []
    for low, high in sorted(windows):
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged
