"""Stopping a fetch (the app's ``s`` / "Stop fetching feeds"): between feeds and between
items, what was imported kept whole and searchable, the rest left for the next fetch."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from ingest_support import Site

from briefing_tui.core.feed_fetch import add_feed, fetch_feeds
from briefing_tui.core.workspace import Workspace


def teasers(site: Site, name: str, count: int) -> str:
    """A feed of ``count`` summary-only items, each linking to a page on the site."""
    items = ""
    for n in range(count):
        link = site.put(
            f"/{name}/{n}",
            f"<html><head><title>{name} story {n}</title></head><body><article>"
            f"<h1>{name} story {n}</h1><p>{name}word{n} is the word of story {n} of the "
            f"{name} feed, told at length so the page has an article.</p></article></body></html>",
        )
        items += (
            f"<item><title>{name} story {n}</title><link>{link}</link><guid>{name}-{n}</guid>"
            f"<description>Teaser {n}.</description></item>"
        )
    body = f'<rss version="2.0"><channel><title>{name}</title>{items}</channel></rss>'
    return site.put(f"/{name}.rss", body, "application/rss+xml")


def library_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_a_fetch_stopped_between_items_keeps_what_came_and_fetches_the_rest_next_time(
    make_ws: Callable[..., Workspace], site: Site, lib_dir: Path
) -> None:
    ws = make_ws()
    ws.sync()
    add_feed(ws, teasers(site, "harbour", 3), name="harbour", full_text=True)
    # Stop once the first item's page has been fetched: before the second item.
    report = fetch_feeds(ws, cancelled=lambda: bool(site.asked("/harbour/0")))
    assert report.stopped and report.total == 1 and report.finished == 0
    assert report.stopped_line() == "Stopped after 0 of 1 feed"
    (result,) = report.feeds
    assert [o.title for o in result.new] == ["harbour story 0"]
    assert result.summary().endswith("(stopped: the rest next time)")
    assert not site.asked("/harbour/1")
    assert [hit.title for hit in ws.search("harbourword0").hits] == ["harbour story 0"]
    assert [p for p in library_files(lib_dir) if not p.endswith(".md")] == []

    again = fetch_feeds(ws)  # the feed is read again whole: the rest comes in
    assert not again.stopped
    (result,) = again.feeds
    assert sorted(o.title for o in result.new) == ["harbour story 1", "harbour story 2"]
    assert len(result.skipped) == 1


def test_a_fetch_stopped_while_a_feed_stalls_does_not_wait_for_it(
    make_ws: Callable[..., Workspace], site: Site, lib_dir: Path
) -> None:
    ws = make_ws()
    ws.sync()
    add_feed(ws, teasers(site, "quick", 2), name="quick")
    add_feed(ws, teasers(site, "stalled", 2), name="stalled")
    site.resources["/stalled.rss"].delay = 0.05  # a byte every 50 ms: minutes for the feed
    asked_at: list[float] = []

    def stop() -> bool:  # asked once the quick feed is in: the stalled one is being waited for
        if not any(p.name.startswith("quick") for p in lib_dir.rglob("*.md")):
            return False
        asked_at.append(time.monotonic())
        return len(asked_at) > 2

    report = fetch_feeds(ws, cancelled=stop)  # not waiting the minutes the stalled feed takes
    assert report.stopped and report.stopped_line() == "Stopped after 1 of 2 feeds"
    assert [result.name for result in report.feeds] == ["quick"]
    assert report.new == 2
    titles = sorted(hit.title for hit in ws.search("quick").hits)
    assert titles == ["quick story 0", "quick story 1"]
    assert not [p for p in library_files(lib_dir) if "stalled" in p or not p.endswith(".md")]
