"""Saved web pages become Markdown articles: the main text only, and the page's metadata."""

from __future__ import annotations

from datetime import datetime

import pytest
from ingest_support import FIXTURES

from briefing_tui.core.briefings.articles import SourceError
from briefing_tui.core.briefings.pages import html_to_markdown, read_page


def page(name: str):  # type: ignore[no-untyped-def]
    return read_page((FIXTURES / name).read_bytes(), origin=name)


def test_news_article_keeps_its_text_and_drops_the_clutter() -> None:
    article = page("article.html")
    body = article.body
    assert "Dockworkers at the northern terminal walked out" in body
    assert "## Shipments stranded" in body
    assert '> "We will stay out until the offer is serious,"' in body  # a block quote
    assert "- Wheat futures up 3%" in body
    assert "[ministry statement](https://ledger.example.com/ministry)" in body
    for clutter in (
        "cookies",
        "Worldnews",
        "Sportsdesk",
        "Share on Facebook",
        "Zebrafish",
        "Quokka",
        "Xylophonist99",
        "Footerword",
        "By Maria",
    ):
        assert clutter not in body, clutter


def test_news_article_metadata() -> None:
    article = page("article.html")
    assert article.title == "Port strike halts grain exports"
    assert article.author == "Maria Okonkwo"
    assert article.date == datetime(2024, 3, 5)
    assert article.source == "The Daily Ledger"
    assert article.url == "https://ledger.example.com/world/port-strike"
    assert article.summary == "Dockworkers walked out over pay, stranding grain shipments."
    assert article.language == "en"


def test_javascript_and_file_links_are_kept_as_text_never_as_links() -> None:
    body = page("article.html").body
    assert "Click here and local file." in body
    assert "javascript:" not in body and "file:" not in body


def test_live_blog_keeps_every_entry_and_none_of_the_page_around_it() -> None:
    article = page("liveblog.html")
    for entry in (
        "temporary barrier at the old mill",
        "pumping stations on the lower meadows",
        "opened as an evacuation centre",
    ):
        assert entry in article.body
    for clutter in (
        "Consentword",
        "Newsdesk",
        "Cricketeers",
        "Pelicans",
        "Briefcaster",
        "Hydrangea_fan",
        "Footnotary",
        "Gnomonics",
    ):
        assert clutter not in article.body, clutter
    assert article.date == datetime(2024, 2, 12)
    assert article.language == "en-GB"
    assert article.url == "https://courier.example.co.uk/live/flood-defences"


def test_table_comes_out_as_a_markdown_table_with_its_caption_before_it() -> None:
    article = page("table.html")
    lines = article.body.splitlines()
    assert "Crédits par ministère (milliards d'euros)" in lines
    header = lines.index(next(line for line in lines if line.startswith("| Ministère")))
    assert lines[header + 1] == "|---|---|---|---|"
    assert lines[header + 2].startswith("| Santé | 120 | 131 |")
    assert sum(1 for line in lines if line.startswith("|---")) == 1
    assert "Kaleidoscopix" not in article.body and "Zeppelinarium" not in article.body
    assert "dans la fenêtre" in article.body and "javascript" not in article.body
    assert article.language == "fr"
    assert article.author == "Claire Dubois"


def test_a_year_in_a_headline_is_not_taken_for_the_date() -> None:
    html = (
        "<html><body><article><h1>Budget 2024 in numbers</h1>"
        "<p>The ministry published the figures on Tuesday, and analysts "
        "compared them with last year's at length in their notes.</p></article></body></html>"
    )
    assert read_page(html, origin="x.html").date is None


def test_page_of_only_scripts_is_refused_with_the_reason() -> None:
    html = "<html><head><script>var a = 1;</script></head><body><script>go()</script></body></html>"
    with pytest.raises(SourceError, match="no article text"):
        read_page(html, origin="scripts.html")


def test_binary_data_is_not_a_page() -> None:
    with pytest.raises(SourceError, match="not an HTML page"):
        read_page(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", origin="image.html")


def test_malformed_html_still_gives_its_text() -> None:
    html = (
        "<html><body><div><p>Unclosed <b>tags and a paragraph about cheese <p>"
        "The cheese fair drew crowds from three valleys <table><tr><td>stray cell"
    )
    article = read_page(html, origin="broken.html")
    assert "cheese fair drew crowds" in article.body


def test_feed_fragment_becomes_markdown_with_links_made_absolute() -> None:
    markdown = html_to_markdown(
        '<p>Output will reach <a href="/copper">full capacity</a> by <b>April</b>.</p>'
        '<p><a href="javascript:x()">run</a></p>',
        "https://ledger.example.com/world/item",
    )
    assert "[full capacity](https://ledger.example.com/copper)" in markdown
    assert "**April**" in markdown
    assert "javascript" not in markdown
    assert html_to_markdown("plain words, no tags") == "plain words, no tags"
