"""What a search that found nothing says of a ``tag:`` no briefing carries.

``tag:sport`` over a library tagged ``sports`` said "No briefings match" and no
more: a tag is matched whole, and nothing told the user that theirs was not
one. The app's preview and ``briefing search`` both add the tags like it.
"""

from __future__ import annotations

from collections.abc import Iterable

from briefing_tui.core.search.query import QueryError, tokenize
from briefing_tui.core.tags import normalize_tag

#: The most tags named as like the one asked for.
MOST_LIKE = 3


def tags_asked(text: str) -> tuple[str, ...]:
    """The tags ``tag:`` names in ``text`` (as stored: ``tag:Sport`` → ``sport``), not
    those ending in ``*`` nor those excluded; ``()`` for a query that does not parse."""
    try:
        tokens = tokenize(text, lenient=True)
    except QueryError:
        return ()
    negated = {
        index + 1
        for index, token in enumerate(tokens)
        if token.kind == "minus" or (token.kind == "op" and token.text.upper() == "NOT")
    }
    asked = (
        normalize_tag(token.text)
        for index, token in enumerate(tokens)
        if token.kind in ("field", "field_phrase")
        and token.field == "tag"
        and not token.text.endswith("*")
        and index not in negated  # -tag:x excludes nothing, and is no reason
    )
    return tuple(tag for tag in asked if tag)


def unknown_tag_note(text: str, known: Iterable[str]) -> str:
    """ " No briefing is tagged “sport”; tags like it: sports." for the first tag of
    ``text`` not among ``known`` (the tags that contain it), else ""."""
    asked = tags_asked(text)
    if not asked:
        return ""
    names = frozenset(known)
    for tag in asked:
        if tag not in names:
            like = sorted(name for name in names if tag in name)[:MOST_LIKE]
            also = f"; tags like it: {', '.join(like)}" if like else ""
            return f" No briefing is tagged “{tag}”{also}."
    return ""
