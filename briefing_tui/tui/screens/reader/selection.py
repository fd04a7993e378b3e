"""The sentence cursor used to select a claim from the keyboard (pure state).

The reader owns one while the user is selecting: a cursor sentence and an
anchor sentence; the selection is every sentence between them. Offsets are
the document's plain-text offsets, so what is selected is exactly what a
claim will quote.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass
class SentenceCursor:
    sentences: list[tuple[int, int]]
    cursor: int = 0
    anchor: int = 0

    @classmethod
    def at_offset(cls, sentences: list[tuple[int, int]], offset: int) -> SentenceCursor | None:
        """A cursor on the first sentence starting at or after ``offset``."""
        if not sentences:
            return None
        starts = [start for start, _ in sentences]
        index = min(bisect_right(starts, offset - 1), len(sentences) - 1)
        # Prefer the sentence that holds the offset when there is one.
        if index > 0 and sentences[index - 1][1] > offset:
            index -= 1
        return cls(sentences, index, index)

    @classmethod
    def nearest(cls, sentences: list[tuple[int, int]], offset: int) -> SentenceCursor | None:
        """A cursor on the sentence holding ``offset``, else the one nearest to it
        (an offset between two paragraphs, or past the last sentence)."""
        cursor = cls.at_offset(sentences, offset)
        if cursor is None or cursor.cursor == 0:
            return cursor
        index = cursor.cursor
        start, before_end = sentences[index][0], sentences[index - 1][1]
        if start > offset and offset - before_end < start - offset:  # in a gap
            index -= 1
        return cls(sentences, index, index)

    def move(self, step: int) -> None:
        """Move the cursor alone (the selection collapses onto it)."""
        self.cursor = max(0, min(len(self.sentences) - 1, self.cursor + step))
        self.anchor = self.cursor

    def extend(self, step: int) -> None:
        """Move the cursor keeping the anchor: the selection grows or shrinks."""
        self.cursor = max(0, min(len(self.sentences) - 1, self.cursor + step))

    @property
    def span(self) -> tuple[int, int]:
        """(start, end) of the whole selection in the plain text."""
        first, last = sorted((self.anchor, self.cursor))
        return self.sentences[first][0], self.sentences[last][1]

    @property
    def cursor_span(self) -> tuple[int, int]:
        return self.sentences[self.cursor]

    @property
    def count(self) -> int:
        return abs(self.cursor - self.anchor) + 1
