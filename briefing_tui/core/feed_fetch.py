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
    OutcomeLists,
    SourceError,
    id_for_key,
    short_text,
)
from briefing_tui.core.briefings.feeds import (
    ACCEPT,
    Feed,
    FeedError,
    Item,
    ParsedFeed,
    item_article,
    now_iso,
    parse_feed,
)
from briefing_tui.core.briefings.fetching import (
    Fetched,
    FetchError,
    FetchLimits,
)
from briefing_tui.core.briefings.library_lock import (
    INTAKE_LOCK,
    LockCancelled,
    held,
)
from briefing_tui.core.feed_follow import add_feed as add_feed
from briefing_tui.core.feed_follow import read_file, save_fetched
from briefing_tui.core.feed_follow import registry as registry
from briefing_tui.core.feed_follow import remove_feed as remove_feed
from briefing_tui.core.feed_updates import KEPT, UPDATED, changed_item, kept, rewrite
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
class FeedResult(OutcomeLists):
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
    #: Items the library held that the feed has changed since: their briefing rewritten
    #: (kept apart from ``outcomes``: not new, not skipped; see :mod:`.feed_updates`).
    updated: list[Outcome] = field(default_factory=list)
    #: Items changed in the feed whose briefing the user had edited: left alone (they
    #: are among the skipped too, saying so).
    kept: list[Outcome] = field(default_factory=list)

    @property
    def new(self) -> list[Outcome]:
        """The items that became briefings (a feed's word for ``created``)."""
        return self.created

    def summary(self) -> str:
        """One line: ``name: 3 new, 12 skipped, 0 failed`` (or nothing new, or the error);
        ``, 1 updated`` added when the feed changed items the library holds."""
        if self.error:
            return f"{self.name}: failed: {self.error}"
        if self.unchanged or not (self.new or self.failed or self.updated or self.kept):
            seen = f" ({len(self.skipped)} already in the library)" if self.skipped else ""
            return f"{self.name}: nothing new{seen}"
        line = f"{self.name}: {len(self.new)} new, {len(self.skipped)} skipped, "
        line += f"{len(self.failed)} failed"
        if self.updated or self.kept:
            line += f", {len(self.updated)} updated"
        if self.kept:
            copies = "copy" if len(self.kept) == 1 else "copies"
            line += f" ({len(self.kept)} edited {copies} kept)"
        return line + (" (stopped: the rest next time)" if self.stopped else "")


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
    def updated(self) -> int:
        """Briefings rewritten because their item changed in the feed."""
        return sum(len(result.updated) for result in self.feeds)

    @property
    def kept(self) -> int:
        """Items changed in the feed whose edited briefing was kept."""
        return sum(len(result.kept) for result in self.feeds)

    @property
    def failed_feeds(self) -> list[FeedResult]:
        return [result for result in self.feeds if result.error]


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
    waiting: Callable[[], None] | None = None,
) -> FetchReport:
    """Fetch the named feeds (all when none is named) and import their new items.

    Raises :class:`FeedError` for a name that is not a followed feed, before
    anything is fetched. ``waiting()`` is called when another import or fetch
    into the library has to end first.
    """
    intake = held(ws.paths.library_data / INTAKE_LOCK, waiting=waiting, cancelled=cancelled)
    try:
        with intake:  # one import or fetch into the library at a time (see library_lock)
            return _fetch(ws, names, progress, cancelled, lock, limits, sync)
    except LockCancelled:
        return FetchReport(total=len(names), stopped=True)


def _fetch(
    ws: Workspace,
    names: Sequence[str],
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
    lock: AbstractContextManager[object] | None,
    limits: FetchLimits | None,
    sync: bool,
) -> FetchReport:
    """:func:`fetch_feeds` once no other import or fetch runs."""
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
                if progress is not None:  # the feed waited for now (a slow one is named)
                    progress(done, len(chosen), feed.name)
                got = _downloaded(download, stop)
                if got is None:
                    report.stopped = True
                    break
                result = _take(ws, feed, got, known, client, limits, stop)
                report.feeds.append(result)
                report.stopped = result.stopped
                if progress is not None and done + 1 == len(chosen):
                    progress(done + 1, len(chosen), feed.name)
                if result.stopped:
                    break
        finally:
            # Stopped: downloads under way are not waited for (closing the client ends them).
            pool.shutdown(wait=not report.stopped, cancel_futures=True)
            save_fetched(ws, chosen)
    if sync and (report.new or report.updated):
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
            data = read_file(path)
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
            if outcome.status == "created" and outcome.reason == UPDATED:
                result.updated.append(outcome)
                continue
            if outcome.status == "skipped" and outcome.reason.endswith(KEPT):
                result.kept.append(outcome)
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
    source = item.title or item.link or "an untitled item"
    held = changed_item(item, known, batch.root)
    if held is not None and not held.intact:
        return kept(held, source)
    if feed.full_text and not item.has_content and item.link and (held or not _seen(item, known)):
        _full_text(article, item.link, client, limits)
    if held is not None:
        return rewrite(held, article, item, source, batch.max_bytes)
    if article.date is None:  # the day it came in, written down: the file's time moves
        article.date = datetime.combine(date.today(), datetime.min.time())
        article.date_in_name = False
    outcome = batch.add(article, folder)
    outcome.source = source
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
