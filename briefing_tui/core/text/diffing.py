"""What changed between two versions of a briefing's text, word by word.

The reader's "what changed" view shows the text as it is now, with inserted
words highlighted and deleted words shown struck through where they stood.
Diffing a 100 KB briefing word by word in one go is slow (``difflib`` is
quadratic in the worst case), so the diff runs in two passes: paragraphs first
(most of a briefing is unchanged, and equal paragraphs are matched as whole
lines), then words, only inside the paragraphs that differ.

Offsets are plain-text offsets: ``new`` ranges index the current text (what
claims and the reader address), ``old`` ranges the text as last read.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

ChangeKind = Literal["equal", "insert", "delete", "replace"]

#: A token is a word with the spaces after it, so a diff never splits a word and
#: a changed run keeps its own spacing.
_TOKEN = re.compile(r"\S+\s*|\s+")
#: Paragraphs: runs of text separated by blank lines (the plain text's block separator).
_PARAGRAPH = re.compile(r".+?(?:\n\s*\n|\Z)", re.S)
#: Texts kept for diffing are bounded: a briefing larger than this (compressed)
#: is not kept, and its reader says the earlier text was too large to keep.
MAX_KEPT_BYTES = 2_000_000
#: Changed paragraph runs longer than this many words on either side are shown
#: as one replaced block: a word diff inside them would cost seconds and say little.
MAX_WORDS_PER_RUN = 20_000


@dataclass(frozen=True, slots=True)
class Change:
    """One run of the diff: ``old`` and ``new`` are half-open offset ranges."""

    kind: ChangeKind
    old: tuple[int, int]
    new: tuple[int, int]


@dataclass(frozen=True, slots=True)
class DiffSummary:
    """Counts a user reads before the diff itself: "12 words added, 3 removed"."""

    inserted_words: int
    deleted_words: int

    @property
    def unchanged(self) -> bool:
        return self.inserted_words == 0 and self.deleted_words == 0


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [match.span() for match in pattern.finditer(text) if match.end() > match.start()]


def word_diff(old: str, new: str) -> list[Change]:
    """The changes from ``old`` to ``new``, in order, covering both texts whole.

    Adjacent runs of the same kind are merged, so a caller can render each run
    once.
    """
    old_paras = _spans(_PARAGRAPH, old)
    new_paras = _spans(_PARAGRAPH, new)
    matcher = SequenceMatcher(
        None,
        [old[a:b] for a, b in old_paras],
        [new[a:b] for a, b in new_paras],
        autojunk=False,
    )
    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_range = _cover(old_paras, i1, i2, len(old))
        new_range = _cover(new_paras, j1, j2, len(new))
        if tag == "equal":
            _append(changes, Change("equal", old_range, new_range))
        else:
            for change in _words(old, new, old_range, new_range):
                _append(changes, change)
    return changes


def _cover(spans: list[tuple[int, int]], first: int, last: int, length: int) -> tuple[int, int]:
    """The offset range of paragraphs ``first`` to ``last`` (an empty range in place)."""
    if first < last:
        return spans[first][0], spans[last - 1][1]
    at = spans[first][0] if first < len(spans) else length
    return at, at


def _words(
    old: str, new: str, old_range: tuple[int, int], new_range: tuple[int, int]
) -> list[Change]:
    """The word-level diff of one changed paragraph run."""
    old_tokens = [
        (a + old_range[0], b + old_range[0]) for a, b in _spans(_TOKEN, old[slice(*old_range)])
    ]
    new_tokens = [
        (a + new_range[0], b + new_range[0]) for a, b in _spans(_TOKEN, new[slice(*new_range)])
    ]
    if not old_tokens and not new_tokens:
        return []
    if not old_tokens:
        return [Change("insert", old_range, new_range)]
    if not new_tokens:
        return [Change("delete", old_range, new_range)]
    if max(len(old_tokens), len(new_tokens)) > MAX_WORDS_PER_RUN:
        return [Change("replace", old_range, new_range)]
    matcher = SequenceMatcher(
        None,
        [old[a:b].rstrip() for a, b in old_tokens],
        [new[a:b].rstrip() for a, b in new_tokens],
        autojunk=False,
    )
    found: list[Change] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        kind: ChangeKind = tag
        found.append(
            Change(
                kind,
                _cover(old_tokens, i1, i2, old_range[1]),
                _cover(new_tokens, j1, j2, new_range[1]),
            )
        )
    return found


def _append(changes: list[Change], change: Change) -> None:
    if changes and changes[-1].kind == change.kind:
        last = changes[-1]
        changes[-1] = Change(
            change.kind, (last.old[0], change.old[1]), (last.new[0], change.new[1])
        )
    else:
        changes.append(change)


def summarize(old: str, new: str, changes: list[Change]) -> DiffSummary:
    """How many words were added and removed."""
    inserted = deleted = 0
    for change in changes:
        if change.kind in ("insert", "replace"):
            inserted += len(new[slice(*change.new)].split())
        if change.kind in ("delete", "replace"):
            deleted += len(old[slice(*change.old)].split())
    return DiffSummary(inserted, deleted)


def pack_text(text: str) -> bytes | None:
    """The text compressed for keeping as "last read", or None when too large to keep."""
    packed = zlib.compress(text.encode("utf-8"), 6)
    return packed if len(packed) <= MAX_KEPT_BYTES else None


def unpack_text(packed: bytes) -> str:
    """The text kept by :func:`pack_text`."""
    return zlib.decompress(packed).decode("utf-8")
