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
from typing import Literal, cast

ChangeKind = Literal["equal", "insert", "delete", "replace"]

#: A token is a word with the spaces after it, so a diff never splits a word and
#: a changed run keeps its own spacing.
_TOKEN = re.compile(r"\S+\s*|\s+")
#: Paragraphs: runs of text separated by blank lines (the plain text's block separator).
_PARAGRAPH = re.compile(r".+?(?:\n\s*\n|\Z)", re.S)
#: Texts kept for diffing are bounded: a briefing larger than this (compressed)
#: is not kept, and its reader says the earlier text was too large to keep.
MAX_KEPT_BYTES = 2_000_000
#: A changed stretch longer than this many words on either side (once the words
#: it starts and ends with in both texts are set aside) is shown as one replaced
#: block: ``difflib`` is quadratic on repetitive text (15,000 words of a small
#: vocabulary took minutes), and a word diff so large would say little.
MAX_WORDS_PER_RUN = 2_000
#: A changed run of several paragraphs on both sides larger than this (characters,
#: both sides together) is diffed paragraph by paragraph, in order: an edit made
#: everywhere (a name replaced throughout) changes every paragraph, and the
#: paragraphs are what keeps each word diff small.
MAX_RUN_CHARS = 20_000


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
            continue
        for old_part, new_part in _pairs(old_paras[i1:i2], new_paras[j1:j2], old_range, new_range):
            for change in _words(old, new, old_part, new_part):
                _append(changes, change)
    return changes


def _pairs(
    old_paras: list[tuple[int, int]],
    new_paras: list[tuple[int, int]],
    old_range: tuple[int, int],
    new_range: tuple[int, int],
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The parts of a changed run to diff word by word: the run whole, or when it is
    large and has several paragraphs on both sides, paragraph with paragraph in
    order (the paragraphs one side has more of last, as one part)."""
    size = old_range[1] - old_range[0] + new_range[1] - new_range[0]
    if size <= MAX_RUN_CHARS or len(old_paras) < 2 or len(new_paras) < 2:
        return [(old_range, new_range)]
    common = min(len(old_paras), len(new_paras))
    pairs = list(zip(old_paras[:common], new_paras[:common], strict=True))
    old_rest = (old_paras[common - 1][1], old_range[1])
    new_rest = (new_paras[common - 1][1], new_range[1])
    if old_rest[0] < old_rest[1] or new_rest[0] < new_rest[1]:
        pairs.append((old_rest, new_rest))
    return pairs


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
    old_words = [old[a:b].rstrip() for a, b in old_tokens]
    new_words = [new[a:b].rstrip() for a, b in new_tokens]
    # The words both sides start and end with are equal as they stand: difflib
    # gets only the stretch between them (most edits are a few words in a run).
    head, tail = _common_ends(old_words, new_words)
    old_end, new_end = len(old_words) - tail, len(new_words) - tail
    opcodes: list[tuple[str, int, int, int, int]] = [("equal", 0, head, 0, head)] if head else []
    if max(old_end - head, new_end - head) > MAX_WORDS_PER_RUN:
        opcodes.append(("replace", head, old_end, head, new_end))
    else:
        matcher = SequenceMatcher(
            None, old_words[head:old_end], new_words[head:new_end], autojunk=False
        )
        opcodes += [
            (tag, i1 + head, i2 + head, j1 + head, j2 + head)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        ]
    if tail:
        opcodes.append(("equal", old_end, len(old_words), new_end, len(new_words)))
    found: list[Change] = []
    for tag, i1, i2, j1, j2 in opcodes:
        kind = cast(ChangeKind, tag)
        if kind == "replace" and i1 == i2:
            kind = "insert"
        elif kind == "replace" and j1 == j2:
            kind = "delete"
        found.append(
            Change(
                kind,
                _cover(old_tokens, i1, i2, old_range[1]),
                _cover(new_tokens, j1, j2, new_range[1]),
            )
        )
    return found


def _common_ends(old: list[str], new: list[str]) -> tuple[int, int]:
    """How many words ``old`` and ``new`` start with in common, and end with after those."""
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return head, tail


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
