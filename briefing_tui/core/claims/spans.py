"""Word edges and search windows: the small geometry re-anchoring works with.

Where a word starts and ends around an offset, offsets nearest a centre
first, and overlapping windows merged: :mod:`.anchoring` uses them to snap a
fuzzy match to whole words and to align each region of a text only once.
"""

from __future__ import annotations

from collections.abc import Iterator

#: Marks that end a sentence or a clause after a word: a quote ending in one
#: ends on a whole word, and so does its candidate (with the mark, if it is there).
ENDING_MARKS = frozenset(".!?,;:")


def starts_on_word(exact: str, prefix: str) -> bool:
    """Whether a quote begins a word (not cut mid-word: its prefix ends in no letter)."""
    return exact[:1].isalnum() and not prefix[-1:].isalnum()


def ends_on_word(exact: str, suffix: str) -> bool:
    """Whether a quote ends a word, or a word and a mark ending a sentence or a
    clause ("…civil liberties."), and was not cut mid-word (its suffix starts
    with no letter). At the end of a briefing, with no suffix to pull the edge,
    the candidate of "…civil liberties." in "…civil freedoms." ended "civil
    fre" before such a quote snapped too."""
    last = exact[-1:]
    marked = last in ENDING_MARKS and exact[-2:-1].isalnum()
    return (last.isalnum() or marked) and not suffix[:1].isalnum()


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


def can_reach(quote: int, text: int, threshold: float) -> bool:
    """Whether any span of a text this long could be similar enough (``threshold``)
    to a quote this long.

    The best a span of length ``n <= text`` can score is ``2n / (n + quote)``;
    a quote far longer than the whole text cannot anchor, and we skip the work.
    """
    best = min(quote, text)
    return 2 * best / (best + quote) >= threshold
