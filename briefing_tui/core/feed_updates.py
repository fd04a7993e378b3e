"""Feed items updated upstream: a story the library holds, changed by its publisher.

A feed re-publishes a corrected or developing story under the same id (RSS
``guid``, Atom ``id``) with a later ``updated`` (Atom, RFC 4287), or in RSS
with changed content. Skipping it as "already in the library" left the old
text there and the analyst never knew. Each feed item's briefing records
what it was written from (``feed_updated``, ``feed_digest``) and the digest of
the file as written (``file_digest``, see :func:`.importer.as_written`), so a
fetch can tell:

- the item has not changed (same digest, or an ``updated`` no later than the
  one written): nothing happens, however often it is fetched;
- it changed, and the briefing is as it was written: the file is rewritten in
  place (same name, same id, whole or not at all), so the next sync sees an
  edit (claims re-anchor, the reader's ``d`` shows what changed);
- it changed, and the user edited the briefing: it is left alone, and the
  fetch says so ("updated in the feed since …; your edited copy kept").

A briefing written before these keys existed carries no digest: it is
skipped as before (nothing tells an edited copy from an untouched one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from briefing_tui.core.briefings.articles import (
    Article,
    Known,
    Outcome,
    id_for_key,
    prepare,
)
from briefing_tui.core.briefings.feeds import Item
from briefing_tui.core.briefings.frontmatter import FrontMatter, split_front_matter
from briefing_tui.core.briefings.importer import as_written
from briefing_tui.core.files import atomic_write

#: The item digest a briefing was written from, as the importer writes it (one line).
_DIGEST = re.compile(r"^feed_digest: '?([0-9a-f]{16})'?[ \t]*$", re.MULTILINE)
#: What a kept copy's line ends with.
KEPT = "your edited copy kept"
#: The reason of a briefing rewritten from its item's new version.
UPDATED = "updated in the feed"


@dataclass
class Held:
    """The briefing that holds a feed item the feed has changed since it was written."""

    #: Library-relative, ``/`` separators (as :class:`Outcome` paths are).
    path: str
    file: Path
    front: FrontMatter
    #: The file is as it was written: the update may replace it.
    intact: bool
    #: The ``updated`` it was written from, if the feed gave one.
    written_updated: datetime | None


def changed_item(item: Item, known: Known, root: Path) -> Held | None:
    """The briefing holding ``item`` if the feed has changed the item since it was
    written, else ``None`` (a new item, an unchanged one, or one written without a digest)."""
    if not item.key:
        return None
    path = known.by_id.get(id_for_key(item.key))
    if path is None:
        return None
    file = root / path
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):  # not written yet (queued in a batch), or unreadable
        return None
    written_digest = _DIGEST.search(text)
    if written_digest is None or written_digest.group(1) == item.digest:
        return None  # the common case, found without reading the YAML: unchanged
    front = split_front_matter(text).front
    digest = front.extra.get("feed_digest")
    if not isinstance(digest, str) or digest == item.digest:
        return None
    written = _instant(front.extra.get("feed_updated"))
    if item.updated is not None and written is not None and item.updated <= written:
        return None  # an older or the same revision: what the library holds stands
    return Held(path, file, front, as_written(text) is True, written)


def _instant(value: object) -> datetime | None:
    """A ``feed_updated`` value (ISO text, or a date YAML read as one) as naive UTC."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, datetime.min.time())
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def _since(held: Held) -> str:
    """When the copy the library holds was the feed's: its ``updated``, else its date."""
    when = held.written_updated or held.front.date
    if when is None:
        return "it was fetched"
    midnight = when == datetime(when.year, when.month, when.day)
    return f"{when:%Y-%m-%d}" if midnight else f"{when:%Y-%m-%d %H:%M}"


def kept(held: Held, source: str) -> Outcome:
    """The outcome of an update not written: the user's edited copy stays."""
    reason = f"updated in the feed since {_since(held)}; {KEPT}"
    return Outcome(source, "skipped", path=held.path, reason=reason, title=held.front.title or "")


def rewrite(
    held: Held, article: Article, item: Item, source: str, max_bytes: int | None
) -> Outcome:
    """Write the item's new text over its untouched briefing: same file, same id.

    The date stays the briefing's when the item has none of its own (an Atom
    entry dated only by ``updated``, an undated item): an update does not move
    the story in the list. The outcome's status is ``created`` (the file was
    written); :class:`.feed_fetch.FeedResult` keeps it apart, as updated.
    """
    own_date = item.date is not None and item.date != item.updated
    if not own_date and held.front.date is not None:
        article.date = held.front.date
    prepared = prepare(article, Known())  # an empty Known: the holder is this very file
    if isinstance(prepared, Outcome):  # no text left (the feed emptied the item)
        prepared.path = held.path
        return prepared
    if max_bytes is not None and len(prepared.data) > max_bytes:
        reason = f"updated in the feed, too large for the library ({max_bytes / 2**20:.1f} MB)"
        return Outcome(source, "failed", path=None, reason=reason, title=prepared.outcome.title)
    try:
        atomic_write(held.file, prepared.data)
    except OSError as error:
        reason = f"updated in the feed, cannot write {held.path}: {error.strerror or error}"
        return Outcome(source, "failed", reason=reason, title=prepared.outcome.title)
    title = prepared.outcome.title
    return Outcome(
        source,
        "created",
        path=held.path,
        reason=UPDATED,
        title=title,
        warnings=list(article.warnings),
    )
