"""Getting briefings in against the standards, as a newcomer walk found it: the
RSS 2.0 specification's sample feed (items whose permalinks are one page's
anchors), feed items without a link, OPML titles, an empty feed address."""

from __future__ import annotations

import json
from pathlib import Path

from ingest_support import FIXTURES, Runner, Site, front_and_body

SAMPLE = (FIXTURES / "rss2-spec-sample.xml").read_text(encoding="utf-8")


def _rss(items: str, title: str = "Day Book") -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://day.example/</link><description>d</description>"
        f"{items}</channel></rss>"
    )


def _follow_and_fetch(run: Runner, url: str) -> dict[str, object]:
    code, _, err = run("feeds", "add", url)
    assert code == 0, err
    code, out, err = run("fetch", "--json")
    assert code == 0, err
    (result,) = [feed for feed in json.loads(out)["feeds"] if feed["url"] == url]
    return result  # type: ignore[no-any-return]


def test_the_rss2_spec_sample_comes_in_whole(run: Runner, site: Site, lib_dir: Path) -> None:
    result = _follow_and_fetch(run, site.put("/sample.xml", SAMPLE, "application/rss+xml"))
    assert len(result["new"]) == 4, result  # type: ignore[arg-type]
    untitled = lib_dir / "feeds/liftoff-news"
    (eclipse,) = untitled.glob("2003-05-30-*.md")
    front, body = front_and_body(eclipse)
    # A guid without isPermaLink is a permalink (RSS 2.0): the item's address.
    assert front["url"] == "http://liftoff.msfc.nasa.gov/2003/05/30.html#item572"
    assert "[partial eclipse of the Sun](http://science.nasa.gov/" in body


def test_entries_of_one_page_are_told_apart_by_their_anchor(
    run: Runner, site: Site, lib_dir: Path
) -> None:
    # The RSS 2.0 samples' permalinks are a day's page and an anchor on it; a
    # weblog posting twice a day gives two items on one page, each its own.
    items = "".join(
        f"<item><description>{text}</description>"
        f"<guid>http://day.example/2003/06/03.html#item{n}</guid></item>"
        for n, text in (
            (573, "The crew of the station trained at Star City in June."),
            (574, "A second rocket engine test was moved to the autumn."),
        )
    )
    result = _follow_and_fetch(run, site.put("/day.xml", _rss(items)))
    assert len(result["new"]) == 2, result  # type: ignore[arg-type]
    _, out, _ = run("fetch", "--json")  # again: both known by their guid
    assert json.loads(out)["new"] == 0
    # The same entry from another feed is still the same address.
    again = _rss(
        "<item><title>Crew</title><guid isPermaLink='false'>other-1</guid>"
        "<link>http://day.example/2003/06/03.html#item573</link>"
        "<description>Copied text about the crew, written again.</description></item>",
        "Other",
    )
    result = _follow_and_fetch(run, site.put("/other.xml", again))
    (skipped,) = result["skipped"]  # type: ignore[misc]
    assert "(same address)" in skipped["reason"]


def test_a_page_given_twice_with_an_anchor_is_still_one_briefing(run: Runner, site: Site) -> None:
    page = (
        "<html><head><title>Harbour</title></head><body><article><h1>Harbour news</h1>"
        + "<p>The harbour master closed the port to small craft until Thursday.</p>" * 4
        + "</article></body></html>"
    )
    url = site.put("/page.html", page)
    assert run("import", url)[0] == 0
    code, _, err = run("import", url + "#comments")
    assert code == 0 and "(same address)" in err


def test_an_item_without_a_link_names_no_file_it_came_from(
    run: Runner, site: Site, lib_dir: Path
) -> None:
    items = (
        "<item><title>Council approves budget</title><guid isPermaLink='false'>c-1</guid>"
        "<description>The council approved the budget by 21 votes to 14.</description></item>"
    )
    result = _follow_and_fetch(run, site.put("/council.xml", _rss(items)))
    (path,) = result["new"]  # type: ignore[misc]
    front, _ = front_and_body(lib_dir / path)
    assert "imported_from" not in front  # it held the item's title
    assert front["title"] == "Council approves budget" and front["feed"] == "day-book"


def test_feeds_followed_from_an_opml_file_keep_its_titles(run: Runner, tmp_path: Path) -> None:
    listing = tmp_path / "subs.opml"
    listing.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>'
        '<outline text="Harbour &amp; Rail  Desk" xmlUrl="https://h.example/feed.xml"/>'
        '<outline text="x" title="Liftoff News" xmlUrl="https://l.example/rss.xml"/>'
        "</body></opml>"
    )
    code, out, err = run("feeds", "add", str(listing))
    assert code == 0, err
    assert "Following harbour-rail-desk (Harbour & Rail Desk): https://h.example" in out
    code, out, _ = run("feeds", "list", "--json")
    titles = {feed["name"]: feed["title"] for feed in json.loads(out)}
    assert titles == {"harbour-rail-desk": "Harbour & Rail Desk", "liftoff-news": "Liftoff News"}


def test_an_empty_feed_address_is_refused_saying_so(run: Runner) -> None:
    for given in ("", "   "):
        code, _, err = run("feeds", "add", given)
        assert code == 2
        assert "an empty address" in err and "not a regular file" not in err


def test_the_atom_rfc_sample_entry(run: Runner, site: Site, lib_dir: Path) -> None:
    atom = (FIXTURES / "atom-rfc4287-extensive.xml").read_text(encoding="utf-8")
    result = _follow_and_fetch(run, site.put("/atom.xml", atom, "application/atom+xml"))
    (path,) = result["new"]  # type: ignore[misc]
    front, body = front_and_body(lib_dir / path)
    assert front["title"] == "Atom draft-07 snapshot" and front["source"] == "dive into mark"
    assert str(front["date"]) == "2003-12-13 12:29:29"  # published, -04:00 taken to UTC
    assert front["url"] == "http://example.org/2005/04/02/atom"
    assert "Update: The Atom draft is finished." in body


def test_an_item_too_large_for_the_library_fails_instead_of_vanishing(
    run: Runner, site: Site, lib_dir: Path
) -> None:
    big = "".join(f"<p>Paragraph {n} of the harbour report, on cranes.</p>" for n in range(400))
    items = (
        f"<item><title>Giant report</title><guid>g-1</guid><description><![CDATA[{big}]]>"
        "</description></item><item><title>Short note</title><guid>g-2</guid>"
        "<description>A short note on the harbour.</description></item>"
    )
    url = site.put("/giant.xml", _rss(items))
    assert run("feeds", "add", url)[0] == 0
    code, out, err = run("fetch", "--json", "--max-size", "0.01")  # 10 KB
    assert code == 0, err
    (result,) = json.loads(out)["feeds"]
    assert result["new"] == ["feeds/day-book/short-note.md"]  # written, and indexed
    (failed,) = result["failed"]
    assert failed["title"] == "Giant report" and "too large" in failed["reason"]
    assert not (lib_dir / "feeds/day-book/giant-report.md").exists()


def test_a_page_too_large_for_the_library_is_refused_not_written(
    run: Runner, site: Site, lib_dir: Path
) -> None:
    """`briefing import` (and the Add dialog, through the same intake) wrote a page
    over the library's size limit: "imported", then never indexed nor listed."""
    big = "".join(f"<p>Paragraph {n} of the harbour report, on cranes.</p>" for n in range(400))
    url = site.put(
        "/giant.html", f"<html><head><title>Giant</title></head><body>{big}</body></html>"
    )
    code, _, err = run("import", url, "--max-size", "0.01")  # 10 KB
    assert code != 0
    assert "too large" in err, err
    assert not list(lib_dir.rglob("giant*.md"))
