"""Two versions of a passage, each cut to a width around where they first differ.

A claim whose passage was edited is shown for review as it was and as it is
now. Cut at the same width from their starts, a change near the end of a
long passage fell outside both excerpts, and the reviewer was asked to
accept a change they could not see; cut here, both excerpts show it.
"""

from __future__ import annotations

from briefing_tui.core.text.plaintext import BLOCK_SEPARATOR

ELLIPSIS = "…"


def first_difference(was: str, now: str) -> int:
    """Where the two texts first differ (the shorter one's length if one starts the other)."""
    for index, (old, new) in enumerate(zip(was, now, strict=False)):
        if old != new:
            return index
    return min(len(was), len(now))


def windows_at_change(was: str, now: str, width: int) -> tuple[str, str]:
    """``was`` and ``now`` (flattened to one line each) cut to at most ``width``
    characters, both starting at the same place: their start when the first
    difference fits in the first two thirds, else a third of the width before it."""
    was, now = " ".join(was.split()), " ".join(now.split())
    at = first_difference(was, now)
    start = 0 if at < width * 2 // 3 else at - width // 3
    start = min(start, max(0, max(len(was), len(now)) - width + 1))  # no room left unused
    space = was.find(" ", start, at)  # begin on a word, when one begins before the change
    if start > 0 and space != -1 and space - start < 15:
        start = space + 1
    shared_end = _common_suffix(was, now)
    if max(len(was), len(now)) - shared_end > start + width - 1:
        # They differ at their ends too, past the window: each ends with its own last
        # words (a candidate cut to "…Sunday show." showed as "…Su…", and whether it
        # kept its end could not be seen before accepting it).
        tail = TAIL_CHARS
        room = width - tail - len(f" {ELLIPSIS} ")
        if room >= width // 2:  # narrow widths: the window alone
            return _with_tail(was, start, room, tail), _with_tail(now, start, room, tail)
    return _cut(was, start, width), _cut(now, start, width)


#: How many of its last characters each version ends with when its end differs too.
TAIL_CHARS = 24


def _common_suffix(was: str, now: str) -> int:
    """How many characters the two texts end with alike."""
    count = 0
    for old, new in zip(reversed(was), reversed(now), strict=False):
        if old != new:
            break
        count += 1
    return count


def _with_tail(text: str, start: int, room: int, tail: int) -> str:
    """``text`` cut to ``room`` from ``start``, then its last ``tail`` characters."""
    if len(text) - start <= room + tail:
        return _cut(text, start, room + tail)
    end = text[-tail:]
    space = end.find(" ")  # begin the tail on a word
    if 0 <= space < tail // 2:
        end = end[space + 1 :]
    head = ELLIPSIS if start > 0 else ""
    body = text[start : start + room - len(head)].rstrip()
    return f"{head}{body} {ELLIPSIS} {end}"


def _cut(text: str, start: int, width: int) -> str:
    head = ELLIPSIS if start > 0 else ""
    rest = text[start:]
    room = width - len(head)
    if len(rest) <= room:
        return head + rest
    return head + rest[: room - 1].rstrip() + ELLIPSIS


#: Said of a candidate that is the quote word for word: only its place changed, and
#: nothing around it is what was around the quote (:mod:`briefing_tui.core.claims.moorings`).
ELSEWHERE = "the same words elsewhere; what was around them is gone"


def same_words(was: str, now: str) -> bool:
    """Whether a candidate is the quote character for character: then only its place
    changed, and the review must say where the words stood, since how they changed
    shows nothing. (A candidate whose spacing alone changed is not: it is where the
    quote was, and its context still agrees.)"""
    return was == now


def surroundings(prefix: str, suffix: str, width: int, context: int = 32) -> str:
    """Where a quote stood, by the words before and after it, in about ``width``
    characters: what tells two copies of the same words apart (whose letter they
    were in). A side as long as ``context`` (the selector's) was cut from more text,
    so it starts (ends) on a whole word after an ellipsis; a paragraph break is
    shown as ``¶``, since words across one are another paragraph's."""
    room = max(12, (width - len("after “”, before “”")) // 2)
    before, after = (
        " ".join(side.replace(BLOCK_SEPARATOR, " ¶ ").split()) for side in (prefix, suffix)
    )
    if len(prefix) >= context and " " in before:
        before = ELLIPSIS + before[before.index(" ") + 1 :]
    if len(before) > room:
        before = ELLIPSIS + before[len(before) - room + 1 :]
    if len(suffix) >= context and " " in after:
        after = after[: after.rindex(" ")] + ELLIPSIS
    parts = [f"after “{before}”"] if before else []
    if after:
        parts.append(f"before “{_cut(after, 0, room)}”")
    return ", ".join(parts) or "the whole text"
