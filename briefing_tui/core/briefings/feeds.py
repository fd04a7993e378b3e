"""Feeds: the list of feeds a library follows, and a feed's items as articles.

The list lives in the library's data folder as ``feeds.json`` (written whole
or not at all), one entry per feed: its name, address (``http(s)``, or the
path of a feed file), tags, whether to fetch each item's full text, where
its items go, and what the last fetch found (ETag / Last-Modified for the
next conditional request, when, how many new items, the error if any).

RSS 0.9x, 1.0 (RDF) and 2.0 and Atom are read by feedparser, from bytes the
caller fetched: feedparser itself never touches the network here.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.sax import SAXParseException

from briefing_tui.core.briefings.articles import Article, short_text
from briefing_tui.core.briefings.importer import FILE_DIGEST, UNSEALED, slugify
from briefing_tui.core.files import atomic_write
from briefing_tui.core.store.carried import FEEDS_FILE  # the one name, also what a backup carries
from briefing_tui.core.tags import normalize_tag
from briefing_tui.core.text.sanitize import clean_line

#: The form of ``feeds.json`` this program reads and writes.
VERSION = 1
#: Items read from one fetch of one feed, newest first: a 10,000-item feed is cut.
MAX_ITEMS = 1000
#: What a feed's answer may weigh.
MAX_FEED_BYTES = 10 * 1024 * 1024
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)
#: A tag (``<b>``, ``</b>``, ``<br/>``) or a comment; a ``<`` before a space or a
#: digit ("Profits < forecasts") is text.
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>]*>", re.DOTALL)
#: Tags that separate words when the markup is taken away (others are inline).
_BREAK = re.compile(r"</?(?:br|p|div|li|h[1-6]|tr|td|th|blockquote|hr)\b[^<>]*>", re.I)
#: Elements whose content is no text of the page, taken away with it (an
#: unclosed one runs to the end, as a browser would read it).
_HIDDEN = re.compile(
    r"<(script|style|template|noscript|iframe|object|applet)\b.*?(?:</\1\s*>|\Z)",
    re.I | re.DOTALL,
)
#: A tag of an HTML element: a title feedparser calls plain text that holds one
#: (``<b>`` … ``</b>``, ``<script>``) was written as HTML.
_ELEMENT = re.compile(
    r"</?(?:a|abbr|acronym|b|big|blockquote|br|cite|code|del|dfn|div|em|font|h[1-6]|hr|i|img"
    r"|ins|kbd|li|mark|ol|p|q|s|samp|small|span|strike|strong|sub|sup|tt|u|ul|var|applet"
    r"|embed|iframe|noscript|object|script|style|svg|template)(?:\s[^<>]*)?/?>",
    re.I,
)
#: Where an RSS item or an Atom entry starts (``<items>`` of RSS 1.0 is not one).
_ITEM_START = re.compile(rb"<(?:[A-Za-z][\w.-]*:)?(?:item|entry)[\s>/]")


class FeedError(Exception):
    """A feed that cannot be added, found or read; ``str()`` is the reason."""


@dataclass
class Feed:
    """One followed feed, as ``feeds.json`` holds it."""

    name: str
    url: str
    tags: list[str] = field(default_factory=list)
    full_text: bool = False
    #: The feed's own title: its items' ``source``.
    title: str = ""
    #: Where its items go, relative to the library folder.
    folder: str = ""
    added: str = ""
    etag: str | None = None
    last_modified: str | None = None
    last_fetched: str | None = None
    last_new: int = 0
    last_error: str | None = None

    @property
    def is_file(self) -> bool:
        return not self.url.lower().startswith(("http://", "https://"))


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _text(value: object) -> bool:
    return isinstance(value, str)


def _text_or_null(value: object) -> bool:
    return value is None or isinstance(value, str)


def _name(value: object) -> bool:
    return isinstance(value, str) and bool(clean_line(value).strip())


def _address(value: object) -> bool:
    """An ``http(s)`` address with a host, or a path: what :attr:`Feed.is_file` tells apart.

    Another scheme (``ftp://x``) would otherwise be read as the path ``ftp:/x``.
    """
    if not isinstance(value, str) or not value.strip():
        return False
    if value.lower().startswith(("http://", "https://")):
        try:
            return bool(urlsplit(value).hostname)
        except ValueError:
            return False
    return "://" not in value


def _words(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(tag, str) for tag in value)


def _yes_no(value: object) -> bool:
    return isinstance(value, bool)


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


#: What each field of a ``feeds.json`` entry must hold, and how a message says so.
_RULES: dict[str, tuple[Callable[[object], bool], str]] = {
    "name": (_name, "must be a non-empty string"),
    "url": (_address, "must be an http(s) address or the path of a feed file"),
    "tags": (_words, "must be a list of words (strings)"),
    "full_text": (_yes_no, "must be true or false"),
    "title": (_text, "must be a string"),
    "folder": (_text, "must be a string (a folder inside the library)"),
    "added": (_text, "must be a string"),
    "etag": (_text_or_null, "must be a string or null"),
    "last_modified": (_text_or_null, "must be a string or null"),
    "last_fetched": (_text_or_null, "must be a string or null"),
    "last_new": (_count, "must be a whole number, 0 or more"),
    "last_error": (_text_or_null, "must be a string or null"),
}
#: The fields without a default: an entry lacking one is refused.
_REQUIRED = ("name", "url")


class FeedRegistry:
    """The feeds of one library, read from and saved to ``feeds.json`` in its data folder."""

    def __init__(self, data_folder: Path) -> None:
        self.path = data_folder / FEEDS_FILE
        self.feeds: list[Feed] = self._load()

    def _load(self) -> list[Feed]:
        """The feeds the file holds, every entry checked, or :class:`FeedError` saying
        which entry and field is wrong.

        The file may be edited by hand: a field of the wrong type would otherwise
        surface as a traceback much later (a fetch), or quietly do harm (a string
        of tags read letter by letter). Nothing is dropped or guessed: an entry
        skipped here would be gone from the file at the next save, so a file with
        anything this program cannot read is refused whole and left as it is.
        """
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except OSError as error:
            raise FeedError(f"cannot read {self.path}: {error.strerror or error}") from error
        except UnicodeDecodeError as error:
            raise FeedError(f"{self.path} is not a valid feeds file (not UTF-8 text)") from error
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError) as error:
            raise FeedError(f"{self.path} is not a valid feeds file ({error})") from error
        if not isinstance(data, dict) or not isinstance(data.get("feeds"), list):
            raise FeedError(f"{self.path} is not a valid feeds file (no list of feeds)")
        self._check_version(data)
        feeds = [self._feed(entry, number) for number, entry in enumerate(data["feeds"], 1)]
        seen: dict[str, int] = {}
        for number, feed in enumerate(feeds, 1):
            first = seen.setdefault(feed.name.casefold(), number)
            if first != number:
                raise FeedError(
                    f"{self._where(number, feed.name)}: name is feed {first}'s too "
                    "(each feed needs its own name)"
                )
        return feeds

    def _check_version(self, data: dict[str, Any]) -> None:
        """Refuse a file this program does not know, rather than rewrite it as version 1.

        A newer program's file may mean more than this one reads: saving it
        here would quietly drop what it added.
        """
        unknown = sorted(set(data) - {"version", "feeds"})
        if unknown:
            raise FeedError(f"{self.path}: unknown field {clean_line(unknown[0])!r}")
        version = data.get("version", VERSION)
        if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
            raise FeedError(
                f"{self.path} was written by a newer briefing-tui (version {version}; "
                f"this one reads version {VERSION}): left as it is"
            )
        if version != VERSION or isinstance(version, bool):
            raise FeedError(f"{self.path}: version must be {VERSION}")

    def _feed(self, entry: object, number: int) -> Feed:
        """Entry ``number`` (from 1) of the file as a :class:`Feed`, each field checked."""
        if not isinstance(entry, dict):
            raise FeedError(f"{self._where(number)} is not an object of fields")
        name = entry.get("name")
        where = self._where(number, name)
        for key, value in entry.items():
            rule = _RULES.get(key)
            if rule is None:
                raise FeedError(f"{where}: unknown field {clean_line(str(key))!r}")
            if not rule[0](value):
                raise FeedError(f"{where}: {key} {rule[1]}")
        for key in _REQUIRED:
            if key not in entry:
                raise FeedError(f"{where}: {key} is missing")
        return Feed(**entry)

    def _where(self, number: int, name: object = None) -> str:
        """``…/feeds.json: feed 2 ('ledger')``: where a message points to, on one line."""
        label = ""
        if isinstance(name, str) and clean_line(name).strip():
            label = f" ({clean_line(name).strip()[:40]!r})"
        return f"{self.path}: feed {number}{label}"

    def save(self) -> None:
        data = {"version": VERSION, "feeds": [asdict(feed) for feed in self.feeds]}
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, text.encode("utf-8"))

    def get(self, name: str) -> Feed | None:
        wanted = name.casefold()
        return next((feed for feed in self.feeds if feed.name.casefold() == wanted), None)

    def find(self, name: str) -> Feed:
        feed = self.get(name)
        if feed is None:
            known = ", ".join(f.name for f in self.feeds) or "none yet"
            raise FeedError(f"no feed named {name!r} (feeds: {known})")
        return feed

    def add(self, feed: Feed) -> Feed:
        """Add ``feed`` (its name made unique if taken); refused if its address is there."""
        for other in self.feeds:
            if other.url == feed.url:
                raise FeedError(f"{feed.url} is followed already, as {other.name!r}")
        feed.name = self.free_name(feed.name)
        feed.folder = feed.folder or f"feeds/{slugify(feed.name, 40)}"
        feed.added = feed.added or now_iso()
        feed.tags = [t for t in (normalize_tag(t) for t in feed.tags) if t]
        self.feeds.append(feed)
        return feed

    def remove(self, name: str) -> Feed:
        feed = self.find(name)
        self.feeds.remove(feed)
        return feed

    def free_name(self, wanted: str) -> str:
        base = clean_line(wanted).strip() or "feed"
        name, counter = base, 2
        while self.get(name) is not None:
            name = f"{base}-{counter}"
            counter += 1
        return name


def name_for(title: str, url: str) -> str:
    """A short name for a feed from its title, else its host (or file name)."""
    if title.strip():
        return slugify(title, 30)
    host = urlsplit(url).hostname if "://" in url else Path(url).stem
    return slugify(host or "feed", 30)


# -- reading a feed ------------------------------------------------------------------------


@dataclass
class Item:
    """One entry of a feed, as read (HTML still HTML)."""

    key: str | None
    title: str
    link: str | None
    date: datetime | None
    author: str | None
    categories: list[str]
    content: str
    content_is_html: bool
    summary: str
    summary_is_html: bool
    #: Atom's ``updated`` (RSS: an ``atom:updated`` if any): when the publisher last
    #: changed the entry. A later one than the briefing's means a changed story.
    updated: datetime | None = None

    @property
    def digest(self) -> str:
        """What the feed says of the item, as a fingerprint: it differs when any of it changed."""
        when = self.date.isoformat() if self.date else ""
        parts = [self.title, self.link or "", when, self.author or "", *self.categories]
        parts += [self.content, self.summary]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]

    @property
    def has_content(self) -> bool:
        """Whether the feed carries the item's text, not only a summary of it."""
        return bool(self.content.strip())


@dataclass
class ParsedFeed:
    title: str
    language: str | None
    items: list[Item]
    #: How many items the feed listed (more than ``items`` when it was cut).
    listed: int


def parse_feed(data: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """The items of a feed document, newest first (at most :data:`MAX_ITEMS`).

    Raises :class:`FeedError` when ``data`` is not a feed: not XML, or XML of
    another kind (a web page, say).
    """
    import feedparser

    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    data, listed = _first_items(data)
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    except Exception as error:  # feedparser's parsers fail in many ways on bad input
        raise FeedError(f"not a feed ({type(error).__name__})") from error
    problem = parsed.get("bozo_exception")
    entries = list(parsed.get("entries", []))
    # Broken XML with no item (a feed cut short) was "nothing new" at each fetch, unseen.
    if not parsed.get("version") or (not entries and isinstance(problem, SAXParseException)):
        head = data[:500].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
            raise FeedError("not a feed: it is a web page")
        raise FeedError(_not_xml(problem, data))
    channel = parsed.get("feed", {})
    rss = not str(parsed.get("version", "")).startswith("atom")
    items = [_item(entry, rss) for entry in entries]
    if any(item.date for item in items):
        items.sort(key=lambda item: item.date or datetime.min, reverse=True)
    language = channel.get("language")
    return ParsedFeed(
        title=_title(channel, rss),
        language=language if isinstance(language, str) else None,
        items=items[:MAX_ITEMS],
        listed=max(listed, len(items)),
    )


def _not_xml(problem: object, data: bytes) -> str:
    """Why it is not XML, at its line (feedparser adds a declaration line to a feed without)."""
    if not isinstance(problem, SAXParseException):
        return "not a feed (no RSS or Atom in it)"
    detail = " ".join(str(problem.getMessage()).split())[:80]
    added = not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml")
    line = (problem.getLineNumber() or 1) - added
    return f"not a feed (not XML: {detail} at line {max(line, 1)})"


def _first_items(data: bytes) -> tuple[bytes, int]:
    """The document cut before its item number ``MAX_ITEMS + 1``, and how many it lists.

    feedparser takes about a millisecond an item: a 10,000-item feed would hold a fetch
    for seconds to throw most of it away. Feeds list their newest items first, and
    feedparser reads a document cut short."""
    starts = [match.start() for match in _ITEM_START.finditer(data)]
    if len(starts) <= MAX_ITEMS:
        return data, len(starts)
    return data[: starts[MAX_ITEMS]], len(starts)


def _item(entry: Any, rss: bool) -> Item:
    content_html = True
    content = ""
    for part in entry.get("content", []) or []:
        value = part.get("value", "")
        if isinstance(value, str) and value.strip():
            content = value
            content_html = "html" in str(part.get("type", "text/html"))
            break
    summary_detail = entry.get("summary_detail", {}) or {}
    summary = entry.get("summary", "")
    summary = summary if isinstance(summary, str) else ""
    link = entry.get("link")  # a web address only: an Atom entry without one had its id
    link = link if urlsplit(str(link or "")).scheme in ("http", "https") else None
    guid = entry.get("id") or entry.get("guid")
    categories = [
        term
        for tag in entry.get("tags", []) or []
        if isinstance(term := tag.get("term"), str) and term.strip()
    ]
    author = entry.get("author")
    return Item(
        key=str(guid) if guid else (str(link) if link else None),
        title=_title(entry, rss),
        link=str(link) if link else None,
        date=_struct_date(entry.get("published_parsed") or entry.get("updated_parsed")),
        author=author if isinstance(author, str) else None,
        categories=categories,
        content=content,
        content_is_html=content_html,
        summary=summary,
        summary_is_html="html" in str(summary_detail.get("type", "text/html")),
        # dict.get: feedparser's own get gives the published date for a missing ``updated``.
        updated=_struct_date(dict.get(entry, "updated_parsed")),
    )


def _struct_date(value: Any) -> datetime | None:
    try:
        return datetime(*value[:6]) if value else None
    except (TypeError, ValueError):
        return None


def _plain(text: object) -> str:
    """Text of a bit of HTML (a title, a summary), on one line: scripts and styles
    dropped with their content, tags taken away, entities decoded, spaces collapsed."""
    if not isinstance(text, str):
        return ""
    text = _BREAK.sub(" ", _HIDDEN.sub(" ", text))
    return clean_line(html.unescape(_TAG.sub("", text)))


def _title(entry: Any, rss: bool) -> str:
    """The title of an item (or of the feed), as plain text on one line.

    feedparser marks an HTML title ``text/html`` (Atom's ``type="html"``, and an
    RSS title it recognises as HTML). It leaves an RSS title ``text/plain`` when
    it holds a tag it would not allow (``<script>``): RSS titles carry escaped
    HTML by custom, so one holding an HTML element is read as HTML too, or the
    tags would be stored and shown as they are. A title holding only a ``<``
    ("Profits < forecasts"), and any Atom ``type="text"`` title, stay as written.
    """
    title = entry.get("title", "")
    if not isinstance(title, str):
        return ""
    kind = str((entry.get("title_detail", {}) or {}).get("type", ""))
    markup = rss and _ELEMENT.search(title) is not None
    return _plain(title) if "html" in kind or markup else clean_line(title)


def item_article(item: Item, feed: Feed, parsed: ParsedFeed) -> Article:
    """The article of a feed item from what the feed carries (its content, else summary)."""
    from briefing_tui.core.briefings.pages import html_to_markdown

    if item.has_content:
        text, is_html = item.content, item.content_is_html
    else:
        text, is_html = item.summary, item.summary_is_html
    body = html_to_markdown(text, item.link) if is_html else text.strip()
    summary = _plain(item.summary) if item.has_content and item.summary else None
    return Article(
        title=item.title or None,
        title_in_text=False,  # an item's text has no headline line: it is all body
        body=body + "\n" if body else "",
        origin=item.link or "",  # a file or address: an item without a link has none
        author=item.author,
        date=item.date,
        source=parsed.title or feed.title or feed.name,
        url=item.link,
        summary=short_text(summary, 1000) if summary else None,
        language=parsed.language,
        tags=[*feed.tags, *item.categories],
        key=item.key,
        extra=feed_keys(item, feed),
    )


def feed_keys(item: Item, feed: Feed) -> dict[str, str]:
    """The front matter that ties a briefing to its feed item: the feed's name, the
    entry's ``updated`` and digest, and the file's own digest (filled in when written)."""
    keys = {"feed": feed.name}
    if item.updated is not None:
        keys["feed_updated"] = item.updated.isoformat() + "Z"
    return {**keys, "feed_digest": item.digest, FILE_DIGEST: UNSEALED}
