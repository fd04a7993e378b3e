"""Two versions of a passage, each cut to a width around where they first differ.

A claim whose passage was edited is shown for review as it was and as it is
now. Cut at the same width from their starts, a change near the end of a
long passage fell outside both excerpts, and the reviewer was asked to
accept a change they could not see; cut here, both excerpts show it.
"""

from __future__ import annotations

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
