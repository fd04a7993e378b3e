"""News feeds served from 127.0.0.1: what ``briefing fetch`` reads in the feed figures.

:func:`feed_xml` writes an RSS 2.0 document whose items carry their text
(``content:encoded``, a few HTML paragraphs from the synthetic corpus's
words, a summary, a date, a guid and categories), as most news feeds do.
Item ``(feed, n)`` is the same in every run; every item's text holds a word
no other item holds (:func:`item_word`), so a search can show it made it in.

:class:`FeedSite` serves them from a threaded ``http.server`` on 127.0.0.1,
as a news site does: each feed with an ``ETag`` (a hash of its bytes) and a
``Last-Modified``, answering ``304 Not Modified`` to a conditional request
that names the current one. It counts the answers by status, so a figure
can check an unchanged fetch was answered by 304s only.
"""

from __future__ import annotations

import hashlib
import html
import http.server
import random
import shutil
import string
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from .synthetic import Writer
from .words import SOURCES, TOPICS

if TYPE_CHECKING:
    from briefing_tui.core.workspace import Workspace

LATEST = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def item_word(feed: int, number: int) -> str:
    """A word only item ``number`` of feed ``feed`` holds (letters only)."""
    letters = []
    value = feed * 100_000 + number
    for _ in range(6):
        value, rest = divmod(value, 26)
        letters.append(string.ascii_lowercase[rest])
    return "zindrel" + "".join(reversed(letters))


def _item(feed: int, number: int, host: str) -> str:
    rng = random.Random(f"briefing-bench-feed:{feed}:{number}")
    topic = rng.choice(sorted(TOPICS))
    writer = Writer(rng, topic)
    title = writer.title()
    when = LATEST - timedelta(minutes=37 * number + feed)
    link = f"https://{host}/news/{feed}/{number}-{'-'.join(title.lower().split()[:5])}"
    paragraphs = [writer.paragraph() for _ in range(rng.randint(3, 7))]
    paragraphs.insert(1, f"{writer.sentence()} {item_word(feed, number)}.")
    content = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    categories = "".join(f"<category>{c}</category>" for c in (topic, rng.choice(["uk", "world"])))
    return (
        f"<item><title>{html.escape(title)}</title><link>{link}</link>"
        f'<guid isPermaLink="false">{host}:{feed}:{number}</guid>'
        f"<pubDate>{format_datetime(when)}</pubDate>"
        f"<description>{html.escape(writer.sentence())}</description>"
        f"<content:encoded>{html.escape(content)}</content:encoded>{categories}</item>"
    )


def feed_xml(feed: int, numbers: range) -> bytes:
    """Feed ``feed`` listing items ``numbers`` (newest first, as feeds list them)."""
    site = SOURCES[feed % len(SOURCES)]
    host = f"feed{feed}.{''.join(c for c in site.lower() if c.isalnum())}.example"
    items = "\n".join(_item(feed, number, host) for number in numbers)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">\n'
        f"<channel><title>{html.escape(site)} feed {feed}</title>"
        f"<link>https://{host}/</link><language>en-gb</language>\n{items}\n</channel></rss>\n"
    ).encode()


class FeedSite:
    """Feeds served on 127.0.0.1 with ETag and Last-Modified; a context manager."""

    def __init__(self) -> None:
        self.feeds: dict[str, tuple[bytes, str, str]] = {}
        self.answers: Counter[int] = Counter()
        self._lock = threading.Lock()
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def put(self, path: str, body: bytes, modified: datetime = LATEST) -> str:
        """Serve ``body`` at ``path``; its address."""
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        self.feeds[path] = (body, etag, format_datetime(modified, usegmt=True))
        return self.base + path

    def _handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_: object) -> None:
                pass

            def do_GET(self) -> None:
                found = site.feeds.get(self.path)
                if found is None:
                    self._answer(404, {"Content-Type": "text/plain"}, b"not found")
                    return
                body, etag, modified = found
                headers = {"ETag": etag, "Last-Modified": modified}
                if "If-None-Match" in self.headers:  # decides alone (RFC 9110, 13.2.2)
                    unchanged = etag in [
                        t.strip() for t in self.headers["If-None-Match"].split(",")
                    ]
                else:
                    unchanged = self.headers.get("If-Modified-Since") == modified
                if unchanged:
                    self._answer(304, headers)
                    return
                self._answer(200, {**headers, "Content-Type": "application/rss+xml"}, body)

            def _answer(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
                with site._lock:
                    site.answers[status] += 1
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)

        return Handler

    def __enter__(self) -> FeedSite:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()


#: Every feed a figure follows is named so: what :func:`remove_bench_feeds` removes.
BENCH_PREFIX = "bench-feed-"


def remove_bench_feeds(ws: Workspace, library: Path) -> None:
    """Unfollow the figures' feeds and delete their briefings' folders (a run that was
    interrupted left them too); the caller syncs the library."""
    from briefing_tui.core.feed_fetch import registry, remove_feed

    for feed in list(registry(ws).feeds):
        if feed.name.startswith(BENCH_PREFIX):
            remove_feed(ws, feed.name)
    folder = library / "feeds"
    for leftover in folder.glob(f"{BENCH_PREFIX}*"):
        shutil.rmtree(leftover)
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
