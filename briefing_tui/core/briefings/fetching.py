"""Fetching one web address: only ``http(s)``, bounded in size, time and redirects.

This is one of the three places the app touches the network (``import URL``,
``feeds add URL`` and ``fetch`` all come here). A response is read as a
stream and refused as soon as it passes the size cap, counted after
decompression so a gzip bomb is stopped at the cap, not in memory. Every
failure is a :class:`FetchError` whose message is one line for the user.
Intranet addresses are allowed: analysts' feeds often live there.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from briefing_tui import __version__

if TYPE_CHECKING:  # httpx is imported when something is fetched, not before
    import httpx

#: Where the User-Agent points a site's operator who wonders what is calling.
HOMEPAGE = "https://pypi.org/project/briefing-tui/"
USER_AGENT = f"briefing-tui/{__version__} (+{HOMEPAGE})"

#: The content types the importer dispatches on.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
PDF_TYPES = frozenset({"application/pdf", "application/x-pdf"})
TEXT_TYPES = frozenset({"text/plain", "text/markdown", "text/x-markdown"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        # What Python's http.server, Apache and nginx send for .rss and .atom files.
        "application/x-rss+xml",
        "application/x-atom+xml",
        "application/feed+json",
    }
)
#: Any XML: a feed only when its first elements say so (a sitemap, an error
#: document or broken XML served as XML was called a feed, then failed to follow).
XML_TYPES = frozenset({"application/xml", "text/xml"})


class FetchError(Exception):
    """A fetch that failed; ``str()`` is the reason, fit for one line."""


@dataclass(frozen=True)
class FetchLimits:
    """How much a fetch may cost. Tests shorten the timeouts."""

    max_bytes: int = 10 * 1024 * 1024
    #: Seconds to connect, and to wait for each read.
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    #: Seconds for the whole response: a server trickling a byte at a time
    #: under the read timeout is still stopped.
    total_timeout: float = 120.0
    max_redirects: int = 5


#: What a fetch uses unless told otherwise (tests replace it for fast timeouts).
DEFAULT_LIMITS = FetchLimits()


@dataclass
class Fetched:
    """A response read whole: ``url`` is the final address, after redirects."""

    url: str
    status: int
    content_type: str = ""
    charset: str | None = None
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def kind(self) -> str:
        """``html``, ``pdf``, ``text``, ``feed`` or ``""``, from the type and the first bytes."""
        head = self.body[:1024].lstrip()
        if self.content_type in PDF_TYPES or head.startswith(b"%PDF-"):
            return "pdf"
        if self.content_type in HTML_TYPES:
            # Feeds are often served as text/html by servers that know no better.
            return "feed" if _looks_like_feed(head) else "html"
        if self.content_type in FEED_TYPES:
            lowered = head[:400].lower()
            return "html" if b"<html" in lowered or b"<!doctype html" in lowered else "feed"
        if self.content_type in TEXT_TYPES:
            return "text"
        if self.content_type in XML_TYPES:
            return "feed" if _looks_like_feed(self.body[:4096].lstrip()) else ""
        if self.content_type in ("", "application/octet-stream"):
            lowered = head[:400].lower()
            if lowered.startswith((b"<!doctype html", b"<html")):
                return "html"
            if _looks_like_feed(self.body[:4096].lstrip()):
                return "feed"
        return ""

    def text(self) -> str:
        """The body as text, in the charset the server named; when it named none
        (or one the bytes do not fit), as a text file is read: UTF-8, else
        Windows-1252."""
        from briefing_tui.core.briefings.importer import decode_text

        if self.charset:
            try:
                return self.body.decode(self.charset)
            except (LookupError, UnicodeDecodeError):
                pass
        return decode_text(self.body)[0]


def _looks_like_feed(head: bytes) -> bool:
    """Whether ``head`` (a body's start) is an RSS, Atom or RDF document: markup, not an
    HTML page, with one of their root elements in it (after a byte order mark, an
    XML declaration, comments or a stylesheet's processing instruction)."""
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not lowered.startswith(b"<") or lowered.startswith((b"<!doctype html", b"<html")):
        return False
    return any(mark in lowered for mark in (b"<rss", b"<feed", b"<rdf:rdf"))


def check_url(url: str) -> None:
    """Refuse what is not an ``http(s)`` address with a host, saying what to do instead."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as error:
        raise FetchError(f"not a valid address ({error})") from error
    scheme = parts.scheme.lower()
    if scheme == "file":
        raise FetchError("file:// addresses are not fetched: give the path instead")
    if scheme not in ("http", "https"):
        raise FetchError(f"{scheme}:// addresses are not fetched: only http and https are")
    if not parts.hostname:
        raise FetchError("the address has no host")


def looks_like_url(value: str) -> bool:
    """Whether a command-line argument is meant as an address rather than a path."""
    head, sep, _ = value.partition("://")
    return bool(sep) and head.isalpha() and len(head) > 1


def new_client(limits: FetchLimits | None = None) -> httpx.Client:
    """A client for a batch of fetches (connections are reused), with the app's User-Agent."""
    import httpx

    limits = limits or DEFAULT_LIMITS
    return httpx.Client(
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        timeout=httpx.Timeout(
            limits.read_timeout, connect=limits.connect_timeout, pool=limits.connect_timeout
        ),
        follow_redirects=True,
        max_redirects=limits.max_redirects,
        trust_env=True,
    )


@contextmanager
def client_for(client: httpx.Client | None, limits: FetchLimits | None) -> Iterator[httpx.Client]:
    """``client`` as it is, or a new one closed at the end."""
    if client is not None:
        yield client
        return
    with new_client(limits) as fresh:
        yield fresh


def fetch(
    url: str,
    *,
    client: httpx.Client | None = None,
    limits: FetchLimits | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    accept: str = "*/*",
) -> Fetched:
    """GET ``url`` (conditionally when ``etag``/``last_modified`` are given).

    Returns the response read whole (a 304 has an empty body). Raises
    :class:`FetchError` for a refused address, a network failure, a timeout,
    too many redirects, an HTTP error status, or a body over the size cap.
    """
    import httpx

    check_url(url)
    limits = limits or DEFAULT_LIMITS
    headers = {"Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    started = time.monotonic()
    try:
        with (
            client_for(client, limits) as http,
            http.stream("GET", url, headers=headers) as response,
        ):
            final = str(response.url)
            check_url(final)
            if response.status_code == 304:
                return _fetched(response, final, b"")
            if not 200 <= response.status_code < 300:
                reason = response.reason_phrase or "error"
                raise FetchError(f"the server answered {response.status_code} {reason}")
            body = _read_capped(response, limits, started)
            return _fetched(response, final, body)
    except FetchError:
        raise
    except httpx.TooManyRedirects as error:
        raise FetchError(f"too many redirects (more than {limits.max_redirects})") from error
    except httpx.TimeoutException as error:
        raise FetchError(f"timed out ({_timeout_kind(error)})") from error
    except httpx.UnsupportedProtocol as error:
        raise FetchError(f"redirected to an address that is not http(s) ({error})") from error
    except httpx.HTTPError as error:
        raise FetchError(f"could not fetch it ({_http_reason(error)})") from error
    except (OSError, ValueError) as error:
        raise FetchError(f"could not fetch it ({error})") from error


def _fetched(response: httpx.Response, final: str, body: bytes) -> Fetched:
    message = Message()
    message["content-type"] = response.headers.get("content-type", "")
    content_type = message.get_content_type() if response.headers.get("content-type") else ""
    charset = message.get_param("charset")
    return Fetched(
        url=final,
        status=response.status_code,
        content_type=content_type,
        charset=charset if isinstance(charset, str) else None,
        body=body,
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
        headers=dict(response.headers),
    )


def _read_capped(response: httpx.Response, limits: FetchLimits, started: float) -> bytes:
    """The body, decompressed, refused past ``limits.max_bytes`` or ``total_timeout``."""
    cap = limits.max_bytes
    too_big = f"larger than {_megabytes(cap)}"
    declared = response.headers.get("content-length", "")
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if declared.isdigit() and encoding in ("", "identity") and int(declared) > cap:
        raise FetchError(too_big)
    decoder = _decoder(encoding)
    chunks: list[bytes] = []
    size = 0
    # No chunk size: each piece as it arrives, so a server trickling bytes is
    # still held to the total time (a buffered chunk would wait for 16 KB).
    for raw in response.iter_raw():
        if time.monotonic() - started > limits.total_timeout:
            raise FetchError(f"timed out (took more than {limits.total_timeout:g} s in all)")
        if decoder is None:
            pieces: Iterator[bytes] = iter((raw,))
        else:
            pieces = _inflate(decoder, raw, cap - size + 1)
        for piece in pieces:
            size += len(piece)
            if size > cap:
                raise FetchError(too_big)
            chunks.append(piece)
    if decoder is not None:
        tail = decoder.flush()
        size += len(tail)
        if size > cap:
            raise FetchError(too_big)
        chunks.append(tail)
    return b"".join(chunks)


def _decoder(encoding: str) -> zlib._Decompress | None:
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(zlib.MAX_WBITS | 16)
    if encoding == "deflate":
        return zlib.decompressobj(zlib.MAX_WBITS | 32)  # zlib-wrapped, as servers send it
    raise FetchError(f"the server sent an unsupported content encoding ({encoding})")


def _inflate(decoder: zlib._Decompress, data: bytes, room: int) -> Iterator[bytes]:
    """Decompress ``data`` a bounded piece at a time: never more than ``room`` bytes at once."""
    try:
        piece = decoder.decompress(data, max(room, 1))
        yield piece
        while decoder.unconsumed_tail:
            room -= len(piece)
            piece = decoder.decompress(decoder.unconsumed_tail, max(room, 1))
            yield piece
    except zlib.error as error:
        raise FetchError(f"the compressed response is damaged ({error})") from error


def _timeout_kind(error: httpx.TimeoutException) -> str:
    kind = type(error).__name__
    if kind == "ConnectTimeout":
        return "no connection"
    if kind == "ReadTimeout":
        return "the server stopped sending"
    return "the server was too slow"


def _http_reason(error: httpx.HTTPError) -> str:
    cause = error.__cause__ or error.__context__
    text = str(error) or (str(cause) if cause else "") or type(error).__name__
    return " ".join(text.split())[:200]


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"
