"""Small builders shared by the unit tests."""

from __future__ import annotations

import itertools
from collections.abc import Sequence


def briefing(
    body: str,
    *,
    title: str | None = None,
    date: str | None = None,
    tags: Sequence[str] = (),
    source: str | None = None,
    doc_id: str | None = None,
) -> str:
    """The text of a briefing file with the given front matter (none if no field is given)."""
    lines = []
    if doc_id is not None:
        lines.append(f"id: {doc_id}")
    if title is not None:
        lines.append(f"title: {title}")
    if date is not None:
        lines.append(f"date: {date}")
    if tags:
        lines.append(f"tags: [{', '.join(tags)}]")
    if source is not None:
        lines.append(f"source: {source}")
    if not lines:
        return body
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


def words(count: int, seed: int = 0) -> str:
    """A deterministic run of distinct-looking prose, for rename/edit detection."""
    vocabulary = [
        *("minister", "budget", "railway", "harbour", "treaty", "senate", "grain"),
        *("export", "tariff", "coalition", "reactor", "pipeline", "drought", "vaccine"),
        *("border", "summit", "ferry", "census", "quarry", "lantern"),
    ]
    out = []
    state = seed * 7919 + 17
    for index in range(count):
        state = (state * 1103515245 + 12345) % (2**31)
        out.append(f"{vocabulary[state % len(vocabulary)]}{index % 13}")
    return " ".join(out)


def billion_laughs(levels: int = 9) -> str:
    """YAML whose aliases expand to 9**levels strings: an alias bomb."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnop"[: levels + 1]
    for previous, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines)
