"""Fetching one address: http(s) only, bounded in size, time and redirects; one-line reasons."""

from __future__ import annotations

import re
import time

import pytest
from ingest_support import Site

from briefing_tui.core.briefings import fetching
from briefing_tui.core.briefings.fetching import FetchError, check_url, fetch, looks_like_url


def test_fetch_follows_redirects_and_names_the_final_address(site: Site) -> None:
    site.put("/article", "<html><body><p>Hello</p></body></html>")
    fetched = fetch(site.url("/redirect-to/article"))
    assert fetched.url == site.url("/article")
    assert fetched.kind == "html" and fetched.charset == "utf-8"
    assert b"Hello" in fetched.body


def test_requests_carry_the_apps_user_agent(site: Site) -> None:
    site.put("/a", "x", "text/plain")
    fetch(site.url("/a"))
    (request,) = site.asked("/a")
    assert request.headers["User-Agent"].startswith("briefing-tui/")
    assert request.headers["User-Agent"] == fetching.USER_AGENT


def test_conditional_request_gets_not_modified(site: Site) -> None:
    site.put(
        "/feed",
        "<rss/>",
        "application/rss+xml",
        etag='"v1"',
        last_modified="Fri, 01 Mar 2024 10:00:00 GMT",
    )
    first = fetch(site.url("/feed"))
    assert first.etag == '"v1"' and first.last_modified
    again = fetch(site.url("/feed"), etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.body == b""
    assert site.asked("/feed")[-1].headers["If-None-Match"] == '"v1"'


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "file:// addresses are not fetched: give the path instead"),
        ("ftp://ftp.example.org/report.pdf", "ftp:// addresses are not fetched"),
        ("javascript:alert(1)", "javascript:// addresses are not fetched"),
        ("http:///no-host", "no host"),
    ],
)
def test_only_http_and_https_are_fetched(url: str, reason: str) -> None:
    with pytest.raises(FetchError, match=reason):
        check_url(url)


def test_what_looks_like_an_address() -> None:
    assert looks_like_url("https://example.org/a")
    assert looks_like_url("ftp://example.org/a") and looks_like_url("file:///tmp/a.html")
    assert not looks_like_url("page.html") and not looks_like_url("C://odd/path")


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "the server answered 404 Not Found"),
        ("/500", "the server answered 500 Internal Server Error"),
        ("/loop0", "too many redirects (more than 5)"),
        ("/huge", "larger than 10 MB"),
        ("/bomb", "larger than 10 MB"),
        ("/to-file", "not http"),
    ],
)
def test_bad_responses_are_one_line_reasons(site: Site, path: str, reason: str) -> None:
    with pytest.raises(FetchError, match=re.escape(reason)) as raised:
        fetch(site.url(path))
    assert "\n" not in str(raised.value)


@pytest.mark.usefixtures("fast_timeouts")
def test_a_server_that_stalls_times_out(site: Site) -> None:
    site.put("/slow", "<html><body><p>late</p></body></html>", delay=2.0)
    with pytest.raises(FetchError, match="timed out"):
        fetch(site.url("/slow"))


def test_a_server_trickling_bytes_is_held_to_the_total_time(site: Site) -> None:
    """One byte every 0.05 s never trips the read timeout; the total time stops it."""
    site.put("/trickle", "<html><body><p>" + "late " * 400 + "</p></body></html>", delay=0.05)
    limits = fetching.FetchLimits(connect_timeout=2.0, read_timeout=1.0, total_timeout=1.0)
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetch(site.url("/trickle"), limits=limits)
    assert time.monotonic() - started < 5


def test_the_size_cap_counts_decompressed_bytes(site: Site) -> None:
    """A gzip bomb is stopped at the cap: memory never holds more than about that."""
    limits = fetching.FetchLimits(max_bytes=1024 * 1024)
    with pytest.raises(FetchError, match="larger than 1 MB"):
        fetch(site.url("/bomb"), limits=limits)


def test_intranet_addresses_are_allowed(site: Site) -> None:
    site.put("/intranet", "notes", "text/plain")
    assert fetch(site.url("/intranet")).body == b"notes"  # 127.0.0.1 is not refused
