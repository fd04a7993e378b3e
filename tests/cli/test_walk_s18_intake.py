"""What a newcomer's walk through getting briefings in found (session 18).

Web pages, files and feeds were served from 127.0.0.1 and imported with
``briefing import``, ``briefing feeds`` and ``briefing fetch``; each test
asserts what the user would notice: a briefing written after "stop", a
short article buried in the page's menu and share bar, an empty file made
an "Untitled" briefing, front matter dropped without a word, a feed gone
bad reported as "nothing new", the ``feeds list`` lines out of line.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from ingest_support import Runner, Site, front_and_body, library_files

from briefing_tui.core.intake import ingest
from briefing_tui.core.workspace import Workspace

#: A news page as sites serve them: a cookie banner, a menu, a byline, a share
#: bar, related links and a footer around the article's paragraphs.
CHROME = """<!DOCTYPE html><html lang="en"><head><title>{title} - BBC News</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2024-03-19T09:30:00Z">
<meta property="og:site_name" content="BBC News">
<script>window.dataLayer=[];</script></head><body>
<div id="cookie-banner"><p>We use cookies to give you the best online experience.</p>
<button>Yes, I agree</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
<main><article><h1>{title}</h1>
<div class="byline">By Jane Reporter, Business reporter, BBC News</div>
<time datetime="2024-03-19T09:30:00Z">19 March 2024</time>
{paragraphs}
<div class="share"><a href="#">Share this with Facebook</a>
<a href="#">Share this with Twitter</a></div></article>
<aside><h2>Related Topics</h2><ul><li><a href="/x">Top Stories</a></li></ul></aside></main>
<footer><p>Copyright 2024 BBC. The BBC is not responsible for the content of external
sites.</p><ul><li>Terms of Use</li><li>Privacy Policy</li></ul></footer></body></html>"""


def news_page(title: str, *paragraphs: str) -> str:
    return CHROME.format(title=title, paragraphs="\n".join(f"<p>{p}</p>" for p in paragraphs))


def briefings(lib_dir: Path) -> list[str]:
    return [name for name in library_files(lib_dir) if name.endswith(".md")]


# -- escape while a slow address is read ---------------------------------------------------


def test_an_address_read_after_stop_was_asked_for_is_not_written(
    make_ws: Callable[..., Workspace], site: Site, lib_dir: Path
) -> None:
    """Escape in the Add dialog while a slow server thinks: the page that comes in
    afterwards was written anyway ("Add stopped", "1 imported")."""
    url = site.put(
        "/slow-news",
        news_page(
            "Levy tipped for Whitbread prize",
            "Novelist Andrea Levy is favourite to win the main Whitbread Prize book of the "
            "year award, after winning novel of the year.",
            "Her book has already won the Orange Prize for fiction, and the judges are to "
            "announce the winner next week in London.",
        ),
    )
    ws = make_ws()
    ws.sync()
    # Stop is asked for while the page is on its way (the request has been made).
    report = ingest(ws, [url], cancelled=lambda: bool(site.asked("/slow-news")))
    assert report.created == [] and report.stopped
    assert briefings(lib_dir) == []
    assert ws.search("Whitbread").hits == []


# -- a short article --------------------------------------------------------------------------


def test_a_short_news_brief_comes_in_without_the_pages_chrome(
    run: Runner, site: Site, lib_dir: Path
) -> None:
    """Under 250 characters of article, trafilatura gave the whole page as one
    paragraph: headline, byline, date, article and "Share this with Facebook"."""
    url = site.put(
        "/brief",
        news_page(
            "Oil falls as output rises",
            "Oil prices fell on Friday after the cartel agreed to raise output.",
            "Brent crude dropped 2% to $80 a barrel.",
        ),
    )
    code, _, err = run("import", url)
    assert code == 0, err
    (name,) = briefings(lib_dir)
    front, body = front_and_body(lib_dir / name)
    assert front["title"] == "Oil falls as output rises"
    assert str(front["date"]) == "2024-03-19"
    assert body.strip().split("\n\n") == [
        "Oil prices fell on Friday after the cartel agreed to raise output.",
        "Brent crude dropped 2% to $80 a barrel.",
    ]


def test_a_short_article_in_japanese_keeps_its_paragraphs(
    run: Runner, site: Site, lib_dir: Path
) -> None:
    paragraphs = [
        "日本銀行は金曜日、マイナス金利政策を解除すると発表した。これは十七年ぶりの利上げとなる。",
        "市場関係者の多くは今回の決定を予想していたが、今後の追加利上げの時期については意見が分かれている。",
        "植田総裁は記者会見で、緩和的な金融環境は当面続くとの見通しを示した。",
    ]
    page = news_page("日銀、マイナス金利を解除", *paragraphs).encode("shift_jis")
    url = site.put("/ja", page, "text/html; charset=Shift_JIS")
    code, _, err = run("import", url)
    assert code == 0, err
    (name,) = briefings(lib_dir)
    _, body = front_and_body(lib_dir / name)
    assert body.strip().split("\n\n") == paragraphs
    assert "Share this" not in body and "Jane Reporter" not in body


# -- text files: empty, or with front matter that cannot be read -------------------------


def test_an_empty_text_file_is_refused_not_made_an_untitled_briefing(
    run: Runner, tmp_path: Path, lib_dir: Path
) -> None:
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_text("\n\n   \n", encoding="utf-8")
    code, out, err = run("import", str(empty))
    assert (code, out) == (2, "")
    assert err == f"briefing: could not import {empty}: an empty file: no text to import\n"
    # the second was "already in the library as untitled.md (same text)"
    code, _, err = run("import", str(blank))
    assert code == 2 and "an empty file: no text to import" in err
    assert briefings(lib_dir) == []


def test_front_matter_that_is_not_yaml_is_said_not_dropped(
    run: Runner, tmp_path: Path, lib_dir: Path
) -> None:
    """Imported without its title, date and tags, not a word said; and once fixed, the
    file was refused as "already in the library (same text)"."""
    note = tmp_path / "note.md"
    note.write_text(
        '---\ntitle: "Grain talks\ndate: 2024-03-05\ntags: [grain]\n---\n\n'
        "The grain talks resumed in Istanbul on Tuesday.\n",
        encoding="utf-8",
    )
    code, out, err = run("import", str(note))
    assert (code, out) == (2, "")
    assert err.startswith(f"briefing: could not import {note}: front matter is not valid YAML")
    assert err.endswith(": fix it and import the file again\n") and err.count("\n") == 1
    assert briefings(lib_dir) == []
    note.write_text(note.read_text(encoding="utf-8").replace('"Grain talks', '"Grain talks"'))
    code, out, err = run("import", str(note))
    assert code == 0, err
    front, _ = front_and_body(Path(out.strip()))
    assert (front["title"], str(front["date"]), front["tags"]) == (
        "Grain talks",
        "2024-03-05",
        ["grain"],
    )


def test_front_matter_with_one_bad_key_is_imported_not_refused(
    run: Runner, tmp_path: Path, lib_dir: Path
) -> None:
    """Read whole but for one key (a date that is not a date, no title): imported as the
    library reads it, with a warning; it was refused as unreadable (a review)."""
    note = tmp_path / "note.md"
    note.write_text(
        "---\ndate: March 2024\n---\n\nThe grain talks resumed in Istanbul on Tuesday.\n",
        encoding="utf-8",
    )
    code, out, err = run("import", str(note))
    assert code == 0, err
    assert len(briefings(lib_dir)) == 1 and out.strip()


# -- feeds ------------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Scratch Wire</title><link>http://example.org/</link>
<description>d</description>
<item><title>Markets rise</title><link>http://example.org/1</link><guid>g1</guid>
<pubDate>Fri, 01 Mar 2024 10:00:00 GMT</pubDate>
<description>Markets rose on Friday after the central bank held rates.</description></item>
</channel></rss>"""


def test_feeds_list_indents_every_line_under_its_feed(run: Runner, tmp_path: Path) -> None:
    """The "fetched" and tags lines stood at the margin (the indent went through
    clean_line, which strips it), so a feed's tag read as a feed's name."""
    feed = tmp_path / "wire.rss"
    feed.write_text(RSS, encoding="utf-8")
    code, _, err = run("feeds", "add", str(feed), "--name", "wire", "--tag", "desk")
    assert code == 0, err
    code, out, err = run("feeds", "list")
    assert code == 0, err
    assert out.splitlines() == [
        "wire  Scratch Wire",
        f"  {feed.resolve()}",
        "  fetched never (0 new) → feeds/wire",
        "  desk",
    ]


def test_a_feed_that_turns_into_broken_xml_is_a_failed_fetch_not_nothing_new(
    run: Runner, site: Site
) -> None:
    """The feed's server began sending a document cut short: every fetch said
    "wire: nothing new", exit 0, and the feed was never marked as failing."""
    url = site.put("/wire.rss", RSS, "application/rss+xml")
    assert run("feeds", "add", url, "--name", "wire")[0] == 0
    assert run("fetch")[0] == 0
    site.put("/wire.rss", RSS[:120], "application/rss+xml")
    code, out, err = run("fetch")
    assert (code, out) == (2, "")
    assert err.startswith("briefing: could not fetch wire: not a feed (not XML: ")
    assert err.count("\n") == 1
    code, out, _ = run("feeds", "list", "--json")
    assert json.loads(out)[0]["last_error"].startswith("not a feed (not XML: ")


def test_a_feed_with_a_bare_ampersand_is_still_read(run: Runner, site: Site, lib_dir: Path) -> None:
    url = site.put("/amp.rss", RSS.replace("held rates.", "held rates, AT&T said."))
    assert run("feeds", "add", url, "--name", "amp")[0] == 0
    code, out, err = run("fetch")
    assert code == 0, err
    assert "amp: 1 new, 0 skipped, 0 failed" in out


def test_a_folder_with_nothing_to_import_says_so(run: Runner, tmp_path: Path) -> None:
    """ "0 imported, 0 skipped, 0 failed" and exit 0: a folder of .docx files (or the
    wrong folder) looked like a success."""
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "report.docx").write_bytes(b"PK\x03\x04")
    code, out, err = run("import", str(folder))
    assert (code, out) == (1, "")
    assert err == (
        "briefing: nothing to import: no page (.html, .htm), PDF, text or Markdown file "
        f"(.md, .txt) in {folder}\n"
    )


def test_an_undated_feed_item_is_dated_the_day_it_came_in(
    run: Runner, site: Site, lib_dir: Path
) -> None:
    """Without a date written, the item was dated by its file's time ("date
    inferred"): touching the file (an edit, a copy of the library) moved it."""
    undated = RSS.replace("<pubDate>Fri, 01 Mar 2024 10:00:00 GMT</pubDate>", "")
    url = site.put("/undated.rss", undated, "application/rss+xml")
    assert run("feeds", "add", url, "--name", "wire")[0] == 0
    code, out, err = run("fetch")
    assert code == 0, err
    (name,) = briefings(lib_dir)
    front, _ = front_and_body(lib_dir / name)
    assert str(front["date"]) == date.today().isoformat()
    later = (datetime.now() + timedelta(days=400)).timestamp()
    os.utime(lib_dir / name, (later, later))
    run("index")
    code, out, _ = run("list", "--json")
    assert [item["date"][:10] for item in json.loads(out)] == [date.today().isoformat()]


def test_a_broken_feed_is_said_at_its_own_line(run: Runner, site: Site) -> None:
    """feedparser puts an XML declaration above a document without one, and the
    line of the error was one too many: a one-line document broke "at line 2"."""
    url = site.put("/oneline.rss", "<rss><channel><title>Cut</ti", "application/rss+xml")
    code, _, err = run("feeds", "add", url)
    assert code == 2
    assert err.endswith(": not a feed (not XML: unclosed token at line 1)\n")
    declared = '<?xml version="1.0"?>\n<rss>\n<channel><title>Cut</ti'
    url = site.put("/declared.rss", declared, "application/rss+xml")
    code, _, err = run("feeds", "add", url)
    assert code == 2 and err.endswith(": not a feed (not XML: unclosed token at line 3)\n")
