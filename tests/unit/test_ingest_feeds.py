"""Feeds: RSS 0.91, 1.0, 2.0 and Atom read into items; the feeds list kept in feeds.json."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from ingest_support import FIXTURES

from briefing_tui.core.briefings.feeds import (
    MAX_ITEMS,
    Feed,
    FeedError,
    FeedRegistry,
    item_article,
    parse_feed,
)


def parsed(name: str):  # type: ignore[no-untyped-def]
    return parse_feed((FIXTURES / name).read_bytes(), f"https://feeds.example/{name}")


def test_rss_091() -> None:
    feed = parsed("rss091.xml")
    assert feed.title == "Harbour Wire" and feed.language == "en-gb"
    assert [item.title for item in feed.items] == [
        "Pilots strike at Eastport",
        "Dredging resumes in the canal",
    ]
    first = feed.items[0]
    assert first.key == "https://harbour.example.net/pilots-strike"  # no guid: the link
    assert first.date is None and not first.has_content
    assert "citing fatigue rules" in first.summary


def test_rss_10_rdf() -> None:
    feed = parsed("rss10.rdf")
    (item,) = feed.items
    assert feed.title == "Farm Almanac"
    assert item.title == "Sorghum yields beat forecasts"
    assert item.date == datetime(2024, 2, 11, 9, 0)
    assert item.author == "Ada Farmer" and item.categories == ["Crops"]


def test_rss_20_with_full_content() -> None:
    feed = parsed("rss20.xml")
    copper, tin = feed.items  # newest first
    assert copper.key == "ledger-20240301-copper"
    assert copper.date == datetime(2024, 3, 1, 10, 0)
    assert copper.categories == ["Mining", "Floods"] and copper.has_content
    article = item_article(copper, Feed("ledger", "https://x", tags=["world"]), feed)
    assert "restarted its furnaces on Thursday" in article.body
    assert "alert" not in article.body  # the item's script is gone
    assert article.summary == "The smelter is working again."
    assert article.source == "The Daily Ledger - World"
    assert article.tags == ["world", "Mining", "Floods"]
    assert article.extra["feed"] == "ledger"  # and what the update check reads (feed_updates)
    assert tin.key == "https://ledger.example.com/world/tin-prices"


def test_atom_with_html_title_and_content() -> None:
    feed = parsed("atom.xml")
    (item,) = feed.items
    assert feed.title == "Rail Freight Notes" and feed.language == "de"
    assert item.title == "Night trains return to the valley line"  # markup taken out
    assert item.date == datetime(2024, 1, 19, 7, 0)
    article = item_article(item, Feed("rail", "https://x"), feed)
    assert "> We waited ten years for this." in article.body
    assert article.author == "Jonas Weber" and article.language == "de"


def test_an_atom_entry_without_a_link_has_no_web_address() -> None:
    """Its id (``urn:uuid:…``) became the briefing's ``url``: shown as its address,
    and cited by ``y``. An entry's ``http(s)`` link is kept."""
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Energy</title><id>urn:uuid:energy</id>
<updated>2024-03-09T07:00:00Z</updated>
<entry><title>Gas storage</title><id>urn:uuid:energy-2</id>
<updated>2024-03-09T07:00:00Z</updated><summary>Storage is full.</summary></entry>
<entry><title>Grid</title><id>https://energy.example/grid</id><link href="/grid"/>
<updated>2024-03-08T07:00:00Z</updated><summary>The grid held.</summary></entry>
</feed>"""
    feed = parse_feed(atom, "https://energy.example/atom.xml")
    unlinked, linked = feed.items
    assert unlinked.link is None and unlinked.key == "urn:uuid:energy-2"
    assert item_article(unlinked, Feed("energy", "https://x"), feed).url is None
    assert linked.link == "https://energy.example/grid"


def test_titles_with_terminal_escapes_and_markup_are_made_harmless() -> None:
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>Alert \x1b[31mred\x1b[0m [bold]now[/bold]</title><guid>g1</guid>"
        b"<description>Body text of the item.</description></item></channel></rss>"
    )
    (item,) = parse_feed(rss, "https://x/feed").items
    assert "\x1b" not in item.title
    assert "[bold]now[/bold]" in item.title  # kept as text: the app never reads it as markup


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"this is { not xml", r"not a feed \(not XML"),
        (b"<!DOCTYPE html><html><body><p>hi</p></body></html>", "not a feed: it is a web page"),
        (b'<?xml version="1.0"?><inventory><part/></inventory>', "no RSS or Atom"),
    ],
)
def test_what_is_not_a_feed_is_refused(data: bytes, reason: str) -> None:
    with pytest.raises(FeedError, match=reason):
        parse_feed(data, "https://x/feed")


def test_a_feed_of_ten_thousand_items_is_cut_to_the_first_thousand() -> None:
    start = datetime(2020, 1, 1)
    items = "".join(
        f"<item><title>Item {n}</title><guid>id-{n}</guid>"
        f"<pubDate>{start - timedelta(minutes=n):%a, %d %b %Y %H:%M:%S} GMT</pubDate>"
        f"<description>Text {n}</description></item>"
        for n in range(10_000)
    )
    channel = f"<channel><title>Big</title>{items}</channel>"
    feed = parse_feed(f'<rss version="2.0">{channel}</rss>'.encode(), "https://x/big")
    assert feed.listed == 10_000
    assert len(feed.items) == MAX_ITEMS
    assert feed.items[0].title == "Item 0" and feed.items[-1].title == f"Item {MAX_ITEMS - 1}"


def test_registry_round_trip(tmp_path: Path) -> None:
    registry = FeedRegistry(tmp_path)
    assert registry.feeds == []
    registry.add(Feed("Ledger World", "https://ledger.example.com/rss", tags=["World", "news"]))
    second = registry.add(Feed("Ledger World", "https://ledger.example.com/other"))
    assert second.name == "Ledger World-2"
    with pytest.raises(FeedError, match="followed already, as 'Ledger World'"):
        registry.add(Feed("again", "https://ledger.example.com/rss"))
    registry.save()
    data = json.loads((tmp_path / "feeds.json").read_text())
    assert data["version"] == 1
    assert data["feeds"][0]["folder"] == "feeds/ledger-world"
    again = FeedRegistry(tmp_path)
    assert [f.name for f in again.feeds] == ["Ledger World", "Ledger World-2"]
    assert again.find("ledger world").tags == ["world", "news"]  # names match in any case
    again.remove("Ledger World-2")
    with pytest.raises(FeedError, match="no feed named 'gone'"):
        again.find("gone")


def test_a_damaged_feeds_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "feeds.json").write_text("{not json")
    with pytest.raises(FeedError, match="is not a valid feeds file"):
        FeedRegistry(tmp_path)
