"""A document's tags: those of its front matter, less and plus the changes made in the app.

Tags set in the app live in the store's ``user_tags`` table as changes
(added, or removed) on top of the file's own tags, so a file edited outside
the app keeps the user's changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .store import Store

#: Tags added and removed in the app for one document: (added, removed).
TagChange = tuple[set[str], set[str]]


def user_tag_changes(store: Store) -> dict[str, TagChange]:
    """Tags added and removed in the app, per document: (added, removed)."""
    return store.user_tag_changes()


def effective_tags(front_tags: list[str], change: TagChange | None) -> list[str]:
    """Front-matter tags less those removed in the app, plus those added in it."""
    if change is None:
        return list(front_tags)
    added, removed = change
    tags = [tag for tag in front_tags if tag not in removed]
    tags.extend(sorted(tag for tag in added if tag not in tags))
    return tags
