"""The tag rules: one spelling per tag, wherever a tag comes from.

Front matter, the tag editor, claim tags, ``tag:`` queries and imported files
all pass their tags through :func:`normalize_tag`, so ``Foreign Policy``,
``foreign-policy`` and ``FOREIGN,POLICY`` are one tag everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable

from briefing_tui.core.text.forms import composed
from briefing_tui.core.text.sanitize import clean_line

#: Tags longer than this are dropped (with a problem saying how many).
MAX_TAG_CHARS = 100


def normalize_tag(tag: str) -> str:
    """Tags compare case-insensitively, in one Unicode form (``café`` typed or copied
    from a decomposed text is one tag), and never hold spaces or commas."""
    return "-".join(composed(clean_line(tag)).lower().replace(",", " ").split())


def tag_problem(tag: str) -> str | None:
    """Why ``tag`` (normalized) should not be set: a ``tag:`` query could never name
    it (longer than a query word may be, or holding a double quote, which ends a
    quoted term); ``None`` for a tag the search can find."""
    if len(tag) > MAX_TAG_CHARS:
        return f"a tag of {len(tag)} characters is too long (limit {MAX_TAG_CHARS})"
    if '"' in tag:
        return "a tag cannot hold a double quote (tag: could never find it)"
    return None


def clean_tags(tags: Iterable[str]) -> list[str]:
    """The tags normalized, empty ones dropped, each once, in their first order."""
    cleaned: list[str] = []
    for tag in tags:
        normal = normalize_tag(tag)
        if normal and normal not in cleaned:
            cleaned.append(normal)
    return cleaned
