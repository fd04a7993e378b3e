"""Following feeds: adding one, removing one, and fetching them into the library.

:func:`fetch_feeds` asks each feed for what changed since the last fetch
(ETag / Last-Modified, so an unchanged feed costs one small request, and a
feed file is not read again while its size and time stay the same), turns
each new item into a briefing in the feed's folder, and syncs the library
once at the end. One failing feed is reported in its :class:`FeedResult` and
the others go on. Feeds are downloaded side by side; items are read one at
a time, on the calling thread, and written a batch at a time (one wait for
the disk per batch: :class:`.articles.ArticleBatch`).

Like :func:`.intake.ingest` it is made for a thread worker: ``progress``,
``cancelled`` and ``lock`` work the same way.
"""

from __future__ import annotations

import contextlib
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from briefing_tui.core.briefings.articles import (
    MAX_SUMMARY,
    Article,
    ArticleBatch,
    Known,
    Outcome,
    SourceError,
    id_for_key,
    short_text,
)
from briefing_tui.core.briefings.feeds import (
    ACCEPT,
    MAX_FEED_BYTES,
    Feed,
    FeedError,
    FeedRegistry,
    Item,
    ParsedFeed,
    discover,
    item_article,
    name_for,
    now_iso,
    parse_feed,
)
from briefing_tui.core.briefings.fetching import (
    Fetched,
    FetchError,
    FetchLimits,
    check_url,
    looks_like_url,
)
from briefing_tui.core.files import fsync_folder
from briefing_tui.core.intake import Progress, known_briefings
from briefing_tui.core.paths import resolved

if TYPE_CHECKING:
    import httpx

    from briefing_tui.core.sync import SyncReport
    from briefing_tui.core.workspace import Workspace

#: Feeds downloaded at once.
WORKERS = 4


@dataclass
class FeedResult:
    """What fetching one feed came to: an outcome per item read, or the feed's error."""

    name: str
    url: str
    outcomes: list[Outcome] = field(default_factory=list)
    #: Why the feed itself could not be read (then there are no outcomes).
    error: str | None = None
    #: The feed had not changed since the last fetch (a 304, or the same file).
    unchanged: bool = False
    warnings: list[str] = field(default_factory=list)
    #: The fetch was stopped before this feed's last item (the rest come next time).
    stopped: bool = False

    def _with(self, status: str) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.status == status]

    @property
    def new(self) -> list[Outcome]:
        return self._with("created")

    @property
    def skipped(self) -> list[Outcome]:
        return self._with("skipped")

    @property
    def failed(self) -> list[Outcome]:
        return self._with("failed")

    def summary(self) -> str:
        """One line: ``name: 3 new, 12 skipped, 0 failed`` (or nothing new, or the error)."""
        if self.error:
            return f"{self.name}: failed: {self.error}"
        if self.unchanged or not (self.new or self.failed):
            seen = f" ({len(self.skipped)} already in the library)" if self.skipped else ""
            return f"{self.name}: nothing new{seen}"
        return (
            f"{self.name}: {len(self.new)} new, {len(self.skipped)} skipped, "
            f"{len(self.failed)} failed"
            + (" (stopped: the rest next time)" if self.stopped else "")
        )


@dataclass
class FetchReport:
    feeds: list[FeedResult] = field(default_factory=list)
    sync: SyncReport | None = None
    #: Feeds asked for (``feeds`` holds those reached before a stop).
    total: int = 0
    #: ``cancelled()`` said stop: feeds or items were left for the next fetch.
    stopped: bool = False

    @property
    def finished(self) -> int:
        """Feeds read to their last item (or found unchanged, or failed)."""
        return sum(not result.stopped for result in self.feeds)

    def stopped_line(self) -> str:
        """``Stopped after 2 of 5 feeds``: what a stopped fetch says first."""
        noun = "feed" if self.total == 1 else "feeds"
        return f"Stopped after {self.finished} of {self.total} {noun}"

    @property
    def new(self) -> int:
        return sum(len(result.new) for result in self.feeds)

    @property
    def failed_feeds(self) -> list[FeedResult]:
        return [result for result in self.feeds if result.error]


def registry(ws: Workspace) -> FeedRegistry:
    """The library's feeds (``feeds.json`` in its data folder)."""
    return FeedRegistry(ws.paths.library_data)


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
    feeds = registry(ws)
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
    if opml:  # a list exported again, grown: the feeds followed already are passed over
        followed = {feed.url for feed in feeds.feeds}
        found = [feed for feed in found if feed.url not in followed]
        if not found:
            raise FeedError("every feed the OPML file lists is followed already")
    added = [feeds.add(feed) for feed in found]
    feeds.save()
    return added


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
    data = _read_file(path)
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


def _read_file(path: Path) -> bytes:
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
    feeds = registry(ws)
    removed = feeds.remove(name)
    feeds.save()
    return removed


# -- fetching ------------------------------------------------------------------------------


@dataclass
class _Download:
    fetched: Fetched | None = None
    error: str | None = None
    unchanged: bool = False


def fetch_feeds(
    ws: Workspace,
    names: Sequence[str] = (),
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    lock: AbstractContextManager[object] | None = None,
    limits: FetchLimits | None = None,
    sync: bool = True,
) -> FetchReport:
    """Fetch the named feeds (all when none is named) and import their new items.

    Raises :class:`FeedError` for a name that is not a followed feed, before
    anything is fetched.
    """
    from briefing_tui.core.briefings.fetching import new_client

    feeds = registry(ws)
    chosen = [feeds.find(name) for name in names] if names else list(feeds.feeds)
    guard = lock or contextlib.nullcontext()
    with guard:
        known = known_briefings(ws)
    report = FetchReport(total=len(chosen))
    stop = cancelled or (lambda: False)
    with new_client(limits) as client:
        pool = ThreadPoolExecutor(max_workers=WORKERS)
        downloads: list[Future[_Download]] = [
            pool.submit(_download, feed, client, limits) for feed in chosen
        ]
        try:
            for done, (feed, download) in enumerate(zip(chosen, downloads, strict=True)):
                got = _downloaded(download, stop)
                if got is None:
                    report.stopped = True
                    break
                result = _take(ws, feed, got, known, client, limits, stop)
                report.feeds.append(result)
                report.stopped = result.stopped
                if progress is not None:
                    progress(done + 1, len(chosen), feed.name)
                if result.stopped:
                    break
        finally:
            # Stopped: downloads under way are not waited for (closing the client ends them).
            pool.shutdown(wait=not report.stopped, cancel_futures=True)
            feeds.save()
    if sync and report.new:
        with guard:
            report.sync = ws.sync()
    return report


def _downloaded(download: Future[_Download], stop: Callable[[], bool]) -> _Download | None:
    """The download once done, or ``None`` as soon as ``stop()`` says so (asked every 0.1 s)."""
    while not stop():
        try:
            return download.result(timeout=0.1)
        except TimeoutError:
            continue
    return None


def _download(feed: Feed, client: httpx.Client, limits: FetchLimits | None) -> _Download:
    """The feed's document, unless it has not changed since the last fetch."""
    from briefing_tui.core.briefings.fetching import fetch

    if feed.is_file:
        path = Path(feed.url)
        try:
            info = path.stat()
        except OSError as error:
            return _Download(error=f"cannot read {path}: {error.strerror or error}")
        signature = f"{info.st_size}-{info.st_mtime_ns}"
        if feed.etag == signature:
            return _Download(unchanged=True)
        try:
            data = _read_file(path)
        except FeedError as error:
            return _Download(error=str(error))
        fetched = Fetched(url=path.as_uri(), status=200, body=data, etag=signature)
        return _Download(fetched)
    try:
        fetched = fetch(
            feed.url,
            client=client,
            limits=limits,
            etag=feed.etag,
            last_modified=feed.last_modified,
            accept=ACCEPT,
        )
    except FetchError as error:
        return _Download(error=str(error))
    return _Download(fetched, unchanged=fetched.not_modified)


def _take(
    ws: Workspace,
    feed: Feed,
    download: _Download,
    known: Known,
    client: httpx.Client,
    limits: FetchLimits | None,
    stop: Callable[[], bool],
) -> FeedResult:
    """Import a downloaded feed's new items, and note on ``feed`` how it went."""
    result = FeedResult(feed.name, feed.url)
    feed.last_fetched = now_iso()
    feed.last_new = 0
    folder = resolved(ws.root / feed.folder)
    if download.error is None and not folder.is_relative_to(ws.root):
        download = _Download(error=f"its folder {feed.folder!r} is outside the library")
    if download.error is not None:
        result.error = feed.last_error = download.error
        return result
    if download.unchanged or download.fetched is None:
        result.unchanged = True
        feed.last_error = None
        return result
    fetched = download.fetched
    try:
        parsed = parse_feed(fetched.body, fetched.url, fetched.content_type)
    except FeedError as error:
        result.error = feed.last_error = str(error)
        return result
    if parsed.listed > len(parsed.items):
        result.warnings.append(
            f"the feed lists {parsed.listed} items: only the first {len(parsed.items)} were read"
        )
    feed.title = parsed.title or feed.title
    batch = ArticleBatch(ws.root, known, max_bytes=ws.max_bytes)
    try:
        for item in parsed.items:
            if stop():
                result.stopped = True
                break
            outcome = _take_item(item, feed, parsed, folder, known, client, limits, batch)
            result.outcomes.append(outcome)
        else:  # every item was looked at: the next fetch may ask for changes only
            feed.etag, feed.last_modified = fetched.etag, fetched.last_modified
    finally:
        batch.flush()
    feed.last_error = _items_failed(result.failed)
    if result.failed:  # read whole next time, so the failed items are tried again
        feed.etag = feed.last_modified = None
    feed.last_new = len(result.new)
    if result.new:  # the new names last through a crash from here on
        fsync_folder(folder)
        fsync_folder(folder.parent)
    return result


def _items_failed(failed: list[Outcome]) -> str | None:
    """What the feed's ``last_error`` says of items that could not be imported.

    The fetch's report lists them once; the feed keeps saying so (``feeds
    list``, the Feeds screen) until a fetch imports them or they leave the
    feed. Their feed is then not asked "what changed since" (a 304 would
    hide them for good): the next fetch reads it whole and tries them again,
    the items already imported being skipped by their guid.
    """
    if not failed:
        return None
    first = failed[0]
    noun = "item" if len(failed) == 1 else "items"
    more = f" (and {len(failed) - 1} more)" if len(failed) > 1 else ""
    return f"{len(failed)} {noun} not imported: {first.source}: {first.reason}{more}"


def _take_item(
    item: Item,
    feed: Feed,
    parsed: ParsedFeed,
    folder: Path,
    known: Known,
    client: httpx.Client,
    limits: FetchLimits | None,
    batch: ArticleBatch,
) -> Outcome:
    article = item_article(item, feed, parsed)
    if feed.full_text and not item.has_content and item.link and not _seen(item, known):
        _full_text(article, item.link, client, limits)
    if article.date is None:  # the day it came in, written down: the file's time moves
        article.date = datetime.combine(date.today(), datetime.min.time())
        article.date_in_name = False
    outcome = batch.add(article, folder)
    outcome.source = item.title or item.link or "an untitled item"
    return outcome


def _seen(item: Item, known: Known) -> bool:
    """Whether the library holds (or held) this item: its page need not be fetched."""
    if item.key and (id_for_key(item.key) in known.by_id or id_for_key(item.key) in known.gone):
        return True
    return bool(item.link) and known.holder("", item.link, "", by_key=True) is not None


def _full_text(
    article: Article, link: str, client: httpx.Client, limits: FetchLimits | None
) -> None:
    """The item's page as its body; the feed's summary becomes the summary."""
    from briefing_tui.core.intake import read_address

    try:
        page = read_address(link, client=client, limits=limits)
    except (FetchError, SourceError) as error:
        article.warnings.append(f"full text not fetched ({error}): kept the feed's summary")
        return
    if article.body.strip():
        article.summary = article.summary or short_text(article.body, MAX_SUMMARY)
    article.body = page.body
    article.title = article.title or page.title  # an untitled item: the page's own
    article.url = page.url or article.url
    article.author = article.author or page.author
    article.date = article.date or page.date
    article.language = article.language or page.language
    article.summary = article.summary or page.summary
