"""Following feeds: adding one, removing one, and keeping ``feeds.json`` whole.

Split from :mod:`.feed_fetch` (which re-exports these names). ``feeds.json``
is read, changed and written whole, so each change here reads it as it is at
that moment, under the library's feeds lock (:func:`editing`): a fetch saves
only what it found (:func:`save_fetched`) into the file as it is by then.
"""

from __future__ import annotations

import contextlib
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefing_tui.core.briefings.feed_discovery import discover
from briefing_tui.core.briefings.feeds import (
    ACCEPT,
    MAX_FEED_BYTES,
    Feed,
    FeedError,
    FeedRegistry,
    ParsedFeed,
    name_for,
    parse_feed,
)
from briefing_tui.core.briefings.fetching import FetchLimits, check_url, looks_like_url
from briefing_tui.core.briefings.library_lock import FEEDS_LOCK, held

if TYPE_CHECKING:
    from briefing_tui.core.workspace import Workspace


def registry(ws: Workspace) -> FeedRegistry:
    """The library's feeds (``feeds.json`` in its data folder)."""
    return FeedRegistry(ws.paths.library_data)


@contextlib.contextmanager
def editing(ws: Workspace) -> Iterator[FeedRegistry]:
    """The feeds as they are now, saved at the end, no other process changing them meanwhile.

    Read at the start of a slow command and saved at its end, ``feeds.json``
    lost what another command saved in between (a feed followed during a fetch).
    """
    with held(ws.paths.library_data / FEEDS_LOCK):
        feeds = registry(ws)
        yield feeds
        feeds.save()


#: What a fetch finds out about a feed, saved to feeds.json after it (the rest is the user's).
FETCH_STATE = ("title", "etag", "last_modified", "last_fetched", "last_new", "last_error")


def save_fetched(ws: Workspace, fetched: Sequence[Feed]) -> None:
    """Save what fetching ``fetched`` found into the feeds as they are now.

    A feed removed meanwhile stays removed, one followed meanwhile stays, and a
    feed's name, tags or folder changed by hand meanwhile are kept.
    """
    with editing(ws) as feeds:
        for feed in fetched:
            now = feeds.get(feed.name)
            if now is not None and now.url == feed.url:
                for key in FETCH_STATE:
                    setattr(now, key, getattr(feed, key))


# -- adding and removing -------------------------------------------------------------------


def add_feed(
    ws: Workspace,
    address: str,
    *,
    name: str | None = None,
    tags: Sequence[str] = (),
    full_text: bool = False,
    limits: FetchLimits | None = None,
) -> list[Feed]:
    """Follow the feed at ``address`` (fetched once to check it) or in a file.

    A web page that names its feed is followed through that feed; an OPML
    file adds every feed it lists. Nothing is imported yet: ``fetch`` does.
    Raises :class:`FeedError` (or :class:`FetchError`) with the reason.
    """
    if looks_like_url(address):
        url, checked = _check_remote(address, limits)
        if isinstance(checked, list):  # an OPML file at that address
            found, opml = _from_opml(checked, name, tags, full_text), True
        else:
            title = checked.title
            feed = Feed(name or name_for(title, url), url, list(tags), full_text, title)
            found, opml = [feed], False
    else:
        found, opml = _from_file(Path(address).expanduser(), name, tags, full_text)
    with editing(ws) as feeds:  # read once the address was checked: as it is now
        if opml:  # a list exported again, grown: the feeds followed already are passed over
            followed = {feed.url for feed in feeds.feeds}
            found = [feed for feed in found if feed.url not in followed]
            if not found:
                raise FeedError("every feed the OPML file lists is followed already")
        return [feeds.add(feed) for feed in found]


def _check_remote(
    address: str, limits: FetchLimits | None
) -> tuple[str, ParsedFeed | list[tuple[str, str]]]:
    """The final address and its feed, or the feeds it lists when it is an OPML file."""
    from briefing_tui.core.briefings.fetching import fetch, new_client

    check_url(address)
    with new_client(limits) as client:
        fetched = fetch(address, client=client, limits=limits, accept=ACCEPT)
        if fetched.kind == "html":
            linked = discover(fetched.body, fetched.url)
            if linked is None:
                raise FeedError("not a feed: it is a web page that names no feed")
            fetched = fetch(linked, client=client, limits=limits, accept=ACCEPT)
    outlines = _opml_feeds(fetched.body)
    if outlines is not None:
        return fetched.url, outlines
    return fetched.url, parse_feed(fetched.body, fetched.url, fetched.content_type)


def _from_file(
    path: Path, name: str | None, tags: Sequence[str], full: bool
) -> tuple[list[Feed], bool]:
    """The feeds of a file, and whether it is an OPML file (else a feed)."""
    data = read_file(path)
    outlines = _opml_feeds(data)
    if outlines is not None:
        return _from_opml(outlines, name, tags, full), True
    parsed = parse_feed(data, path.resolve().as_uri())
    resolved = str(path.resolve())
    return [
        Feed(name or name_for(parsed.title, resolved), resolved, list(tags), full, parsed.title)
    ], False


def _from_opml(
    outlines: list[tuple[str, str]], name: str | None, tags: Sequence[str], full: bool
) -> list[Feed]:
    if name and len(outlines) > 1:
        raise FeedError("--name applies to one feed; this OPML file lists several")
    return [Feed(name or name_for(t, url), url, list(tags), full, t) for t, url in outlines]


def read_file(path: Path) -> bytes:
    try:
        if not path.is_file():
            raise FeedError("no such file" if not path.exists() else "not a regular file")
        if path.stat().st_size > MAX_FEED_BYTES:
            raise FeedError(f"larger than {MAX_FEED_BYTES // (1024 * 1024)} MB")
        return path.read_bytes()
    except OSError as error:
        raise FeedError(error.strerror or str(error)) from error


def _opml_feeds(data: bytes) -> list[tuple[str, str]] | None:
    """(title, address) of each feed an OPML file lists; ``None`` if it is not OPML."""
    if b"<opml" not in data[:2000].lower():
        return None
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise FeedError(f"not a valid OPML file ({error})") from error
    found = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or "").strip()
        if url:
            check_url(url)
            title = outline.get("title") or outline.get("text") or ""
            found.append((" ".join(title.split()), url))  # the list's own title, not a slug
    if not found:
        raise FeedError("the OPML file lists no feed")
    return found


def remove_feed(ws: Workspace, name: str) -> Feed:
    """Stop following a feed (its briefings stay in the library)."""
    with editing(ws) as feeds:
        return feeds.remove(name)
