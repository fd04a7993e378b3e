"""``briefing feeds add|list|remove`` and ``briefing fetch``, against a local web site.

What a user notices: new items become briefings with the feed's metadata, a
second fetch of an unchanged feed says nothing new (and was a conditional
request answered 304), a duplicate names the briefing that holds it, one
failing feed does not stop the others, and bad feeds are one line.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from ingest_support import FIXTURES, Runner, Site, front_and_body, library_files

from .helpers import one_line_error

LEDGER = (FIXTURES / "rss20.xml").read_bytes()
ETAG = '"ledger-v1"'
MODIFIED = "Fri, 01 Mar 2024 10:00:00 GMT"


def serve_ledger(site: Site, body: bytes = LEDGER, etag: str = ETAG) -> str:
    return site.put("/world.rss", body, "application/rss+xml", etag=etag, last_modified=MODIFIED)


def follow(run: Runner, url: str, *options: str) -> str:
    code, out, err = run("feeds", "add", url, *options)
    assert code == 0, err
    return out


def fetch_json(run: Runner, *names: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code, out, err = run("fetch", *names, "--json")
    assert "Traceback" not in err
    return code, json.loads(out)


def test_the_hint_after_following_quotes_a_name_with_a_space(run: Runner, site: Site) -> None:
    """`briefing fetch CLI Wire` was printed: pasted, it fetched two feeds, neither that one."""
    code, _, err = run("feeds", "add", serve_ledger(site), "--name", "CLI Wire")
    assert code == 0, err
    assert "`briefing fetch 'CLI Wire'` imports its items" in err


def test_add_list_and_fetch_a_feed(run: Runner, site: Site, lib_dir: Path) -> None:
    out = follow(run, serve_ledger(site), "--name", "ledger", "--tag", "World")
    assert out.startswith("Following ledger (The Daily Ledger - World): http://127.0.0.1")
    code, out, _ = run("feeds", "list", "--json")
    (feed,) = json.loads(out)
    assert feed["name"] == "ledger" and feed["tags"] == ["world"] and not feed["full_text"]
    assert feed["last_fetched"] is None and feed["folder"] == "feeds/ledger"
    code, out, err = run("fetch")
    assert code == 0, err
    assert out.startswith("ledger: 2 new, 0 skipped, 0 failed")
    copper = lib_dir / "feeds/ledger/2024-03-01-copper-smelter-reopens-after-flood.md"
    assert copper.exists()
    front, body = front_and_body(copper)
    assert front["title"] == "Copper smelter reopens after flood"
    assert str(front["date"]) == "2024-03-01 10:00:00"
    assert front["author"] == "Ines Lopez"
    assert front["source"] == "The Daily Ledger - World"
    assert front["url"] == "https://ledger.example.com/world/copper-smelter"
    assert front["summary"] == "The smelter is working again."
    assert front["tags"] == ["world", "mining", "floods"]
    assert front["feed"] == "ledger" and front["language"] == "en"
    assert "restarted its furnaces" in body
    code, out, _ = run("search", "furnaces", "--json")
    assert [hit["path"] for hit in json.loads(out)] == [
        "feeds/ledger/2024-03-01-copper-smelter-reopens-after-flood.md"
    ]
    code, out, _ = run("feeds", "list")
    assert "(2 new) → feeds/ledger" in out


def test_second_fetch_is_a_conditional_request_with_nothing_new(
    run: Runner, site: Site, lib_dir: Path
) -> None:
    follow(run, serve_ledger(site), "--name", "ledger")
    run("fetch")
    before = library_files(lib_dir)
    code, out, err = run("fetch")
    assert code == 0, err
    assert out.strip() == "ledger: nothing new"
    last = site.asked("/world.rss")[-1]
    assert last.headers["If-None-Match"] == ETAG
    assert last.headers["If-Modified-Since"] == MODIFIED
    assert last.status == 304
    assert library_files(lib_dir) == before


def test_a_changed_feed_brings_only_its_new_item(run: Runner, site: Site) -> None:
    follow(run, serve_ledger(site), "--name", "ledger")
    run("fetch")
    newer = LEDGER.replace(
        b"<item>",
        b"<item><title>Zinc mine strike ends</title><guid>ledger-zinc</guid>"
        b"<pubDate>Sat, 02 Mar 2024 09:00:00 GMT</pubDate>"
        b"<description>Miners at the zinc pit voted to return.</description></item><item>",
        1,
    )
    serve_ledger(site, newer, etag='"ledger-v2"')
    code, data = fetch_json(run)
    assert code == 0
    (result,) = data["feeds"]
    assert result["new"] == ["feeds/ledger/2024-03-02-zinc-mine-strike-ends.md"]
    assert len(result["skipped"]) == 2
    assert all("(same guid)" in s["reason"] for s in result["skipped"])


@pytest.mark.parametrize(
    ("fixture", "words", "title"),
    [
        ("rss091.xml", "fatigue", "Pilots strike at Eastport"),
        ("rss10.rdf", "sorghum", "Sorghum yields beat forecasts"),
        ("rss20.xml", "furnaces", "Copper smelter reopens after flood"),
        ("atom.xml", "sleeper", "Night trains return to the valley line"),
    ],
    ids=["rss-0.91", "rss-1.0", "rss-2.0", "atom"],
)
def test_every_feed_format(run: Runner, site: Site, fixture: str, words: str, title: str) -> None:
    url = site.put(f"/{fixture}", (FIXTURES / fixture).read_bytes(), "application/xml")
    follow(run, url, "--name", "f")
    code, _, err = run("fetch", "f")
    assert code == 0, err
    code, out, _ = run("search", words, "--json")
    assert [hit["title"] for hit in json.loads(out)] == [title]


def summary_feed(links: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Story {n}</title><link>{link}</link>"
        f"<description>Teaser {n} only.</description></item>"
        for n, link in enumerate(links)
    )
    return f'<rss version="2.0"><channel><title>Teasers</title>{items}</channel></rss>'.encode()


def test_full_text_fetches_the_page_of_a_summary_only_item(run: Runner, site: Site) -> None:
    site.put("/story", (FIXTURES / "article.html").read_bytes())
    links = [site.url("/story"), site.url("/gone")]
    url = site.put("/teasers.rss", summary_feed(links), "application/rss+xml")
    follow(run, url, "--name", "teasers", "--full-text")
    code, data = fetch_json(run, "teasers")
    assert code == 0
    (result,) = data["feeds"]
    story, gone = result["new"]
    notes = " ".join(result["warnings"])
    assert (
        "full text not fetched (the server answered 404 Not Found): kept the feed's summary"
        in notes
    )
    code, out, _ = run("search", "dockworkers", "--json")
    assert [hit["path"] for hit in json.loads(out)] == [story]
    code, out, _ = run("show", story)
    assert "Title:   Story 0" in out and "Sportsdesk" not in out
    code, out, _ = run("show", gone)
    assert "Teaser 1 only." in out


def test_an_item_already_imported_as_a_page_names_that_briefing(run: Runner, site: Site) -> None:
    run("import", str(FIXTURES / "article.html"))
    links = ["https://ledger.example.com/world/port-strike"]
    url = site.put("/teasers.rss", summary_feed(links), "text/html")  # as some servers do
    follow(run, url, "--name", "teasers")
    code, out, err = run("fetch")
    assert code == 0, err
    assert "teasers: nothing new" in out
    assert (
        "skipped  Story 0: already in the library as "
        "2024-03-05-port-strike-halts-grain-exports.md (same address)"
    ) in out


def test_one_failing_feed_does_not_stop_the_others(run: Runner, site: Site) -> None:
    follow(run, serve_ledger(site), "--name", "ledger")
    broken = site.put("/broken.rss", LEDGER, "application/rss+xml")
    follow(run, broken, "--name", "broken")
    del site.resources["/broken.rss"]
    code, out, _ = run("fetch")
    assert code == 1
    assert "ledger: 2 new, 0 skipped, 0 failed" in out
    assert "broken: failed: the server answered 404 Not Found" in out
    code, out, _ = run("feeds", "list", "--json")
    errors = {feed["name"]: feed["last_error"] for feed in json.loads(out)}
    assert errors == {"ledger": None, "broken": "the server answered 404 Not Found"}


def test_fetching_one_bad_feed_is_one_line_exit_2(run: Runner, site: Site, lib_dir: Path) -> None:
    url = serve_ledger(site)
    follow(run, url, "--name", "ledger")
    site.put("/world.rss", b"this is { not xml", "application/rss+xml")
    code, out, err = run("fetch", "ledger")
    assert code == 2 and out == ""
    assert re.fullmatch(
        r"briefing: could not fetch ledger: not a feed \(not XML: syntax error at line \d+\)",
        one_line_error(err),
    )
    assert library_files(lib_dir) == []


@pytest.mark.parametrize(
    ("path", "body", "reason"),
    [
        ("/notxml", b"<<<>>> nope", "not a feed (not XML"),
        ("/page", b"<html><body><p>No feed here</p></body></html>", "names no feed"),
        ("/500", b"", "the server answered 500"),
    ],
)
def test_adding_what_is_not_a_feed_is_one_line(
    run: Runner, site: Site, data_dir: Path, path: str, body: bytes, reason: str
) -> None:
    if body:
        site.put(path, body, "application/xml" if path == "/notxml" else "text/html")
    code, out, err = run("feeds", "add", site.url(path))
    assert code == 2 and out == ""
    line = one_line_error(err)
    assert site.url(path) in line and reason in line
    code, out, _ = run("feeds", "list", "--json")
    assert json.loads(out) == []


def test_file_and_ftp_feeds_are_refused(run: Runner) -> None:
    code, _, err = run("feeds", "add", "ftp://example.org/feed.xml")
    assert code == 2 and "ftp:// addresses are not fetched" in one_line_error(err)


def test_a_web_page_that_names_its_feed_is_followed_through_it(run: Runner, site: Site) -> None:
    serve_ledger(site)
    page = site.put(
        "/front",
        '<html><head><link rel="alternate" type="application/rss+xml" href="/world.rss">'
        "</head><body><p>Front page</p></body></html>",
    )
    out = follow(run, page)
    assert out.startswith("Following the-daily-ledger-world")
    assert site.url("/world.rss") in out


def test_a_feed_file_is_read_again_only_when_it_changes(
    run: Runner, tmp_path: Path, lib_dir: Path
) -> None:
    feed_file = tmp_path / "almanac.rdf"
    feed_file.write_bytes((FIXTURES / "rss10.rdf").read_bytes())
    follow(run, str(feed_file), "--tag", "farm")
    code, out, err = run("fetch")
    assert code == 0, err
    assert out.startswith("farm-almanac: 1 new")
    code, out, _ = run("fetch")
    assert out.strip() == "farm-almanac: nothing new"


def test_an_opml_file_adds_every_feed_it_lists(run: Runner, tmp_path: Path, site: Site) -> None:
    opml = tmp_path / "subscriptions.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        f'<outline text="Ledger" xmlUrl="{site.url("/a.rss")}"/>'
        f'<outline text="Almanac" title="Farm Almanac" xmlUrl="{site.url("/b.rdf")}"/>'
        "</body></opml>"
    )
    follow(run, str(opml))
    _, out, _ = run("feeds", "list", "--json")
    assert [feed["name"] for feed in json.loads(out)] == ["ledger", "farm-almanac"]


def test_remove_a_feed_its_briefings_stay(run: Runner, site: Site, lib_dir: Path) -> None:
    follow(run, serve_ledger(site), "--name", "ledger")
    run("fetch")
    code, out, _ = run("feeds", "remove", "ledger")
    assert code == 0 and "its briefings stay in feeds/ledger" in out
    assert len(list((lib_dir / "feeds/ledger").glob("*.md"))) == 2
    code, out, err = run("feeds", "remove", "ledger")
    assert code == 2 and "no feed named 'ledger'" in one_line_error(err)
    code, _, err = run("fetch", "nosuch")
    assert code == 1 and "No feeds yet" in err


def test_fetch_of_an_unknown_name_is_one_line(run: Runner, site: Site) -> None:
    follow(run, serve_ledger(site), "--name", "ledger")
    code, _, err = run("fetch", "ledgr")
    assert code == 2
    assert "no feed named 'ledgr' (feeds: ledger)" in one_line_error(err)


def test_a_feed_of_ten_thousand_items_is_bounded(
    run: Runner, site: Site, monkeypatch: pytest.MonkeyPatch, lib_dir: Path
) -> None:
    from briefing_tui.core.briefings import feeds

    monkeypatch.setattr(feeds, "MAX_ITEMS", 20)  # the real bound is 1,000: fewer files to write
    start = datetime(2024, 1, 1)
    items = "".join(
        f"<item><title>Bulletin {n}</title><guid>bulletin-{n}</guid>"
        f"<pubDate>{start - timedelta(hours=n):%a, %d %b %Y %H:%M:%S} GMT</pubDate>"
        f"<description>Bulletin number {n} text.</description></item>"
        for n in range(10_000)
    )
    body = f'<rss version="2.0"><channel><title>Bulletins</title>{items}</channel></rss>'
    follow(run, site.put("/big.rss", body, "application/rss+xml"), "--name", "big")
    code, out, err = run("fetch")
    assert code == 0, err
    assert out.startswith("big: 20 new, 0 skipped, 0 failed")
    assert "note     the feed lists 10000 items: only the first 20 were read" in out
    assert len(list((lib_dir / "feeds/big").glob("*.md"))) == 20


def test_titles_with_escapes_and_markup_arrive_harmless(run: Runner, site: Site) -> None:
    body = (
        b'<rss version="2.0"><channel><title>Odd \x1b]0;owned\x07 wire</title>'
        b"<item><title>Alarm \x1b[31mred\x1b[0m [bold]now[/bold]</title><guid>odd-1</guid>"
        b"<description>Plain words about the alarm.</description></item></channel></rss>"
    )
    follow(run, site.put("/odd.rss", body, "application/rss+xml"), "--name", "odd")
    code, out, err = run("fetch")
    assert code == 0, err
    assert "\x1b" not in out + err
    code, out, _ = run("list")
    assert "\x1b" not in out and "[bold]now[/bold]" in out


def test_a_deleted_item_is_not_brought_back(run: Runner, site: Site, lib_dir: Path) -> None:
    follow(run, serve_ledger(site), "--name", "ledger")
    run("fetch")
    copper = lib_dir / "feeds/ledger/2024-03-01-copper-smelter-reopens-after-flood.md"
    copper.unlink()
    run("list")  # a sync notices the file is gone
    serve_ledger(site, etag='"ledger-v2"')  # the feed changed: it is read again
    _, data = fetch_json(run)
    (result,) = data["feeds"]
    assert result["new"] == []
    reasons = [s["reason"] for s in result["skipped"]]
    assert "imported before as 'Copper smelter reopens after flood', since removed" in reasons[0]
    assert not copper.exists()


def test_an_item_without_text_is_reported(run: Runner, site: Site) -> None:
    body = (
        b'<rss version="2.0"><channel><title>Thin</title>'
        b"<item><title>Empty one</title><guid>e1</guid></item></channel></rss>"
    )
    follow(run, site.put("/thin.rss", body, "application/rss+xml"), "--name", "thin")
    code, out, _ = run("fetch")
    assert code == 0
    assert "thin: 0 new, 0 skipped, 1 failed" in out
    assert "failed   Empty one: no text to import" in out
