"""The line above the reader's text, fitted to its width: the part shown of a
large briefing, the search match or claim gone to last, and their keys.

Put together whole, at 80 columns the part's title and its keys ("Part 1 of 8
Chapter 0 …  } next part · { previous") left no room for what ``n`` had just
done: the line ended "Searc…", the count and the keys to go on cut off. Here
the part's keys and the count are said shorter first, then the part's title
(which the outline also gives) is shortened, then left out, then the part's
keys (F1 lists them), so that the keys of what was just done stay whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.cells import cell_len
from textual.content import Content

#: Fewer columns than this left for the part's title, and it is left out.
MIN_TITLE = 8


@dataclass(frozen=True)
class Said:
    """One thing the line says ("Search match 2 of 17", or "Match 2 of 17" short)
    and its keys."""

    what: str
    short_what: str
    keys: str


def searched(position: str) -> Said:
    """``position``: "Search match 2 of 17"."""
    short = position.removeprefix("Search match").strip()
    return Said(position, f"Match {short}", "n next · N previous")


def claimed(position: str) -> Said:
    """``position``: "Claim 2 of 5"."""
    return Said(position, position, "] next · [ previous")


def _assemble(
    part: tuple[str, str] | None,
    said: list[Said],
    *,
    short: bool,
    title: str | None,
    part_keys: bool = True,
) -> list[str | tuple[str, str]]:
    parts: list[str | tuple[str, str]] = []
    if part is not None:
        position, _ = part
        parts += [(position, "bold")]
        if part_keys:
            parts += ["  " if not title else f"  {title}  "]
            parts.append((_part_keys(position, short), "dim"))
        elif title:
            parts.append(f"  {title}")
    for each in said:
        parts += ["  " if parts else "", (each.short_what if short else each.what, "bold")]
        parts.append((f"  {each.keys}", "dim"))
    return parts


def _part_keys(position: str, short: bool) -> str:
    """The keys that move from this part: no "} next part" on the last (it offered one,
    and ``}`` then said "This is the last part"), no "{ previous" on the first."""
    found = re.search(r"(\d[\d,]*) of (\d[\d,]*)", position)
    number, count = (found.group(1), found.group(2)) if found else ("", "")
    keys = [("} next", "} next part")] if number != count else []
    keys += [("{ prev", "{ previous")] if number != "1" else []
    return " · ".join(short_form if short else long_form for short_form, long_form in keys)


def _width(parts: list[str | tuple[str, str]]) -> int:
    return sum(cell_len(each if isinstance(each, str) else each[0]) for each in parts)


def section_label(width: int, part: tuple[str, str] | None, said: list[Said]) -> Content | None:
    """The line for ``width`` columns, or ``None`` when there is nothing to say.

    ``part``: the part's position ("Part 1 of 8") and title ("" when it has none)."""
    if part is None and not said:
        return None
    title = part[1] if part is not None else ""
    for short in (False, True):
        parts = _assemble(part, said, short=short, title=title)
        if _width(parts) <= width:
            return Content.assemble(*parts)
    room = width - _width(_assemble(part, said, short=True, title=None)) - 2
    if title and room >= MIN_TITLE:
        cut = title
        while cell_len(cut) > room - 1:
            cut = cut[:-1]
        return Content.assemble(*_assemble(part, said, short=True, title=f"{cut.rstrip()}…"))
    parts = _assemble(part, said, short=True, title=None)
    if _width(parts) > width:
        parts = _assemble(part, said, short=True, title=None, part_keys=False)
    # Still too long (very narrow): the label cuts the end ("…").
    return Content.assemble(*parts)
