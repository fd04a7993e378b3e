"""Feed items without a title, and titles written as HTML, fetched by ``briefing fetch``.

An untitled item with a body was refused ("no text to import": its one line
was taken for its title) and, the feed answering 304 next time, lost for
good. An RSS title of escaped HTML holding a ``<script>`` (which feedparser
does not call HTML) was stored with its tags. Both feeds are served on
127.0.0.1 and fetched through the CLI, as a user would.
"""

from __future__ import annotations

import json
from pathlib import Path

from ingest_support import Runner, Site, front_and_body

from briefing_tui.core.briefings.articles import title_from_text

RSS = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Walk RSS</title><link>http://x.example/</link>
<item><title>Harbour reopens</title><guid>rss-1</guid><link>/a1.html</link>
<description>The harbour opened again on Monday.</description></item>
<item><guid>rss-2</guid><link>/a2.html</link>
<description>An item with no title at all, body only.</description></item>
<item><title>&lt;b&gt;Bold&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt; HTML title</title>
<guid>rss-3</guid><link>/a3.html</link><description>Body of the bold one.</description></item>
<item><title>Profits &lt; forecasts</title><guid>rss-4</guid><link>/a4.html</link>
<description>Profits fell short of what was forecast.</description></item>
</channel></rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Walk Atom</title><id>urn:walk</id>
<updated>2024-03-01T10:00:00Z</updated>
<entry><id>urn:walk:1</id><title>Rail line opens</title><updated>2024-03-01T10:00:00Z</updated>
<content type="html">&lt;p&gt;The line opened.&lt;/p&gt;</content></entry>
<entry><id>urn:walk:3</id><updated>2024-03-01T09:00:00Z</updated>
<content type="html">&lt;p&gt;Untitled atom entry content.&lt;/p&gt;</content></entry>
</feed>
"""

EMPTY = b"""<rss version="2.0"><channel><title>Thin</title>
<item><guid>thin-1</guid><link>/nothing.html</link></item>
<item><title>Fine</title><guid>thin-2</guid><description>Fine words.</description></item>
</channel></rss>"""


def _follow(run: Runner, url: str, name: str) -> None:
    code, _, err = run("feeds", "add", url, "--name", name)
    assert code == 0, err


def _fetch(run: Runner) -> dict:  # type: ignore[type-arg]
    code, out, err = run("fetch", "--json")
    assert code == 0, err
    return json.loads(out)


def _briefings(lib_dir: Path, feed: str) -> dict[str, tuple[dict[str, object], str]]:
    """Title → (front matter, body) of each briefing of ``feed``."""
    found = {}
    for path in sorted((lib_dir / "feeds" / feed).glob("*.md")):
        front, body = front_and_body(path)
        found[str(front["title"])] = (front, body)
    return found


def _serve(site: Site) -> tuple[str, str]:
    rss = site.put("/walk.rss", RSS, "application/rss+xml", etag='"rss-v1"')
    atom = site.put("/walk.atom", ATOM, "application/atom+xml", etag='"atom-v1"')
    return rss, atom


def test_untitled_items_are_imported_titled_from_their_text(
    run: Runner, site: Site, lib_dir: Path
) -> None:
    rss, atom = _serve(site)
    _follow(run, rss, "walk-rss")
    _follow(run, atom, "walk-atom")
    report = _fetch(run)
    assert [feed["failed"] for feed in report["feeds"]] == [[], []]
    assert report["new"] == 6
    items = _briefings(lib_dir, "walk-rss")
    front, body = items["An item with no title at all, body only"]
    assert body.strip() == "An item with no title at all, body only."
    assert front["url"] == site.url("/a2.html")
    front, body = _briefings(lib_dir, "walk-atom")["Untitled atom entry content"]
    assert body.strip() == "Untitled atom entry content."
    assert "Harbour reopens" in items and "Rail line opens" in _briefings(lib_dir, "walk-atom")


def test_an_rss_title_of_html_is_stored_as_its_text(run: Runner, site: Site, lib_dir: Path) -> None:
    rss, _ = _serve(site)
    _follow(run, rss, "walk-rss")
    _fetch(run)
    titles = set(_briefings(lib_dir, "walk-rss"))
    assert "Bold HTML title" in titles
    assert not any("<" in title and "Profits" not in title for title in titles)
    assert "Profits < forecasts" in titles  # plain text with a "<": as written
    code, out, _ = run("list")
    assert code == 0 and "Bold HTML title" in out and "<b>" not in out and "alert" not in out


def test_a_second_fetch_imports_nothing_twice(run: Runner, site: Site, lib_dir: Path) -> None:
    rss, atom = _serve(site)
    _follow(run, rss, "walk-rss")
    _follow(run, atom, "walk-atom")
    _fetch(run)
    files = sorted(lib_dir.rglob("*.md"))
    site.put("/walk.rss", RSS, "application/rss+xml", etag='"rss-v2"')  # read whole again
    site.put("/walk.atom", ATOM, "application/atom+xml", etag='"atom-v2"')
    report = _fetch(run)
    assert report["new"] == 0
    assert all(not feed["failed"] for feed in report["feeds"])
    assert sorted(lib_dir.rglob("*.md")) == files


def test_an_item_without_title_or_text_is_said_and_tried_again(run: Runner, site: Site) -> None:
    url = site.put("/thin.rss", EMPTY, "application/rss+xml", etag='"thin-v1"')
    _follow(run, url, "thin")
    (result,) = _fetch(run)["feeds"]
    assert result["failed"] == [{"title": site.url("/nothing.html"), "reason": "no text to import"}]
    assert len(result["new"]) == 1
    _, out, _ = run("feeds", "list", "--json")
    (feed,) = json.loads(out)
    assert feed["last_error"] == (
        f"1 item not imported: {site.url('/nothing.html')}: no text to import"
    )
    (result,) = _fetch(run)["feeds"]
    # Not asked "what changed since" (it would answer 304): read whole, the item tried again.
    last = site.asked("/thin.rss")[-1]
    assert last.status == 200 and "If-None-Match" not in last.headers
    assert len(result["failed"]) == 1 and result["new"] == []


def test_a_title_is_the_first_sentence_or_the_first_words() -> None:
    assert title_from_text("Short one. Then more.\n") == "Short one"
    long = "One two three four five six seven eight nine ten eleven twelve thirteen."
    assert (
        title_from_text(long) == "One two three four five six seven eight nine ten eleven twelve…"
    )
    assert title_from_text("A [link](https://x.example/) in it.\n") == "A link in it"
