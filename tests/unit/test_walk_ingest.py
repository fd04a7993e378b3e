"""Getting briefings in, as a newcomer walk found it: pages in their declared
charset, menus that are no article, text served without a charset, OPML
files by address and OPML lists exported again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ingest_support import Runner, Site

from briefing_tui.core.briefings.articles import SourceError
from briefing_tui.core.briefings.fetching import fetch
from briefing_tui.core.briefings.pages import read_page
from briefing_tui.core.intake import read_address

POLISH = "Zażółć gęślą jaźń. Łódź i Kraków są piękne, powiedział prezydent Polski. "
FRENCH = "Le café – “très” naïve. Ça coûte 5 € à Zürich, dit-il; c'est déjà la fête. "


def _page(text: str, head: str = "") -> str:
    return (
        f"<html><head>{head}<title>T</title></head><body><article><h1>Headline here</h1>"
        f"<p>{text * 4}</p><p>{text * 3}</p></article></body></html>"
    )


def test_a_page_is_read_in_the_charset_its_meta_tag_declares() -> None:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">'
    article = read_page(_page(POLISH, meta).encode("iso-8859-2"), origin="pl.html")
    assert "Zażółć gęślą jaźń. Łódź i Kraków" in article.body


def test_a_fetched_page_is_read_in_the_charset_the_server_names(site: Site) -> None:
    url = site.put("/fr", _page(FRENCH).encode("cp1252"), "text/html; charset=windows-1252")
    article = read_address(url)
    assert "Le café – “très” naïve. Ça coûte 5 € à Zürich" in article.body


def test_utf8_pages_stay_utf8_whatever_they_declare() -> None:
    meta = '<meta charset="iso-8859-1">'
    article = read_page(_page(FRENCH, meta).encode("utf-8"), origin="fr.html")
    assert "Le café – “très” naïve" in article.body


def test_a_page_of_only_its_menu_is_no_article() -> None:
    html = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>BBC - Homepage</title></head>'
        '<body><nav><a href="/a">News</a> <a href="/b">Sport</a> <a href="/c">Weather</a></nav>'
        '<div class="promo"><a href="/x">Watch live</a></div><footer>© BBC</footer></body></html>'
    )
    with pytest.raises(SourceError, match="no article text found"):
        read_page(html, origin="home.html")


def test_an_article_without_spaces_between_words_is_still_an_article() -> None:
    text = "東京の株式市場は今日、大幅に上昇しました。投資家は新しい経済政策に期待しています。"
    article = read_page(_page(text, '<meta charset="shift_jis">').encode("shift_jis"), origin="j")
    assert text in article.body


def test_text_served_without_a_charset_is_read_as_a_text_file_is(site: Site) -> None:
    body = "Café minutes\n\nThe café committee met – “smart” quotes.\n".encode("cp1252")
    fetched = fetch(site.put("/minutes.txt", body, "text/plain"))
    assert fetched.text() == body.decode("cp1252")
    utf8 = fetch(site.put("/u.txt", "Café\n".encode(), "text/plain"))
    assert utf8.text() == "Café\n"


def _opml(*urls: str) -> str:
    outlines = "".join(
        f'<outline type="rss" text="Feed {i}" xmlUrl="{u}"/>' for i, u in enumerate(urls)
    )
    return f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>'


def _feeds(run: Runner) -> list[str]:
    code, out, err = run("feeds", "list", "--json")
    assert code == 0, err
    return sorted(feed["url"] for feed in json.loads(out))


def test_an_opml_file_by_its_address_follows_its_feeds(run: Runner, site: Site) -> None:
    first, second = site.url("/one.xml"), site.url("/two.xml")
    url = site.put("/list.opml", _opml(first, second), "text/x-opml")
    code, _, err = run("feeds", "add", url)
    assert code == 0, err
    assert _feeds(run) == sorted([first, second])


def test_an_opml_list_exported_again_adds_only_the_new_feeds(run: Runner, tmp_path: Path) -> None:
    first, second = "https://a.example.com/feed.xml", "https://b.example.com/feed.xml"
    listing = tmp_path / "feeds.opml"
    listing.write_text(_opml(first))
    assert run("feeds", "add", str(listing))[0] == 0
    listing.write_text(_opml(first, second))
    code, _, err = run("feeds", "add", str(listing))
    assert code == 0, err
    assert _feeds(run) == [first, second]
    code, _, err = run("feeds", "add", str(listing))
    assert code == 2
    assert "every feed the OPML file lists is followed already" in err
