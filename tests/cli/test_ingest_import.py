"""``briefing import``: saved pages, PDFs, folders and addresses become searchable briefings.

What a user notices: the body's words are found and the navigation's are not,
the front matter holds the page's metadata, a duplicate names the briefing
that holds it, and every bad input is one line (exit 2) with nothing
half-imported left in the library.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from ingest_support import (
    FIXTURES,
    Runner,
    Site,
    front_and_body,
    library_files,
    make_pdf,
    report_pages,
)

from .helpers import one_line_error

INFO = {
    "Title": "Grain Markets in Spring",
    "Author": "R. Analyst",
    "CreationDate": "D:20240305083000Z",
}


def found(run: Runner, *query: str) -> list[str]:
    code, out, err = run("search", *query, "--json")
    assert code in (0, 1), err
    return [hit["path"] for hit in json.loads(out)]


def test_saved_page_is_searchable_by_its_body_and_not_its_clutter(
    run: Runner, lib_dir: Path
) -> None:
    code, out, err = run("import", str(FIXTURES / "article.html"))
    assert code == 0, err
    created = Path(out.strip())
    assert created == lib_dir / "2024-03-05-port-strike-halts-grain-exports.md"
    assert "1 imported, 0 skipped, 0 failed" in err
    assert found(run, "dockworkers") == [created.name]
    assert found(run, "mediterranean", "wheat") == [created.name]
    for clutter in ("cookies", "sportsdesk", "xylophonist99", "quokka", "footerword"):
        assert found(run, clutter) == [], clutter


def test_saved_page_front_matter(run: Runner, lib_dir: Path) -> None:
    _, out, _ = run("import", str(FIXTURES / "article.html"), "--tag", "ports")
    front, body = front_and_body(Path(out.strip()))
    assert front["title"] == "Port strike halts grain exports"
    assert front["author"] == "Maria Okonkwo"
    assert str(front["date"]) == "2024-03-05"
    assert front["source"] == "The Daily Ledger"
    assert front["url"] == "https://ledger.example.com/world/port-strike"
    assert front["summary"] == "Dockworkers walked out over pay, stranding grain shipments."
    assert front["language"] == "en"
    assert front["tags"] == ["ports"]
    assert str(front["id"]).startswith("b")
    assert not body.lstrip().startswith("# Port strike")  # the title is not repeated


def test_live_blog_and_table_pages(run: Runner) -> None:
    code, _, err = run("import", str(FIXTURES / "liveblog.html"), str(FIXTURES / "table.html"))
    assert code == 0, err
    assert found(run, "sandbags") and found(run, "camp", "beds")
    assert found(run, "revalorisations")
    for clutter in (
        "consentword",
        "cricketeers",
        "hydrangea_fan",
        "kaleidoscopix",
        "zeppelinarium",
    ):
        assert found(run, clutter) == [], clutter


def test_a_folder_of_pages_goes_on_past_a_bad_one(
    run: Runner, lib_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    for name in ("article.html", "liveblog.html", "table.html"):
        shutil.copy(FIXTURES / name, folder / name)
    (folder / "scripts.htm").write_text("<html><body><script>track()</script></body></html>")
    (folder / ".hidden.html").write_text("<html><body><p>secret</p></body></html>")
    (folder / "report.pdf").write_bytes(make_pdf(report_pages(), INFO))
    code, out, err = run("import", str(folder))
    assert code == 1  # the batch went on; one failed
    assert len(out.splitlines()) == 4
    assert f"briefing: could not import {folder / 'scripts.htm'}: no article text found" in err
    assert "4 imported, 0 skipped, 1 failed" in err
    assert "Traceback" not in err
    assert found(run, "freight") and found(run, "sandbags")


def test_importing_the_same_page_again_names_the_briefing_that_holds_it(run: Runner) -> None:
    run("import", str(FIXTURES / "article.html"))
    code, out, err = run("import", str(FIXTURES / "article.html"))
    assert code == 0 and out == ""
    assert (
        f"skipped {FIXTURES / 'article.html'}: already in the library as "
        "2024-03-05-port-strike-halts-grain-exports.md (same address)"
    ) in err


def test_pdf_becomes_paragraphs_searchable_without_its_running_header(
    run: Runner, tmp_path: Path
) -> None:
    source = tmp_path / "report.pdf"
    source.write_bytes(make_pdf(report_pages(), INFO))
    code, out, err = run("import", str(source))
    assert code == 0, err
    front, body = front_and_body(Path(out.strip()))
    assert front["title"] == "Grain Markets in Spring" and front["author"] == "R. Analyst"
    assert found(run, "information")  # "infor-" / "mation" made whole
    assert found(run, "monitor") == []  # the running header
    assert "took on extra cargo from the idle" in body


def test_url_is_fetched_and_url_is_the_final_address(run: Runner, site: Site) -> None:
    site.put("/world/port-strike", (FIXTURES / "article.html").read_bytes())
    code, out, err = run("import", site.url("/redirect-to/world/port-strike"))
    assert code == 0, err
    front, _ = front_and_body(Path(out.strip()))
    assert front["url"] == site.url("/world/port-strike")
    assert site.asked("/world/port-strike")[0].headers["User-Agent"].startswith("briefing-tui/")
    assert found(run, "dockworkers")


def test_url_of_a_pdf_and_of_text(run: Runner, site: Site) -> None:
    site.put("/report", make_pdf(report_pages(), INFO), "application/pdf")
    site.put("/notes.txt", "Barge notes\n\nThe barges queued at the lock gates.\n", "text/plain")
    code, out, err = run("import", site.url("/report"), site.url("/notes.txt"))
    assert code == 0, err
    assert found(run, "freight") and found(run, "barges")
    front, _ = front_and_body(Path(out.splitlines()[1]))
    assert front["title"] == "Barge notes" and front["url"] == site.url("/notes.txt")


@pytest.mark.parametrize(
    "content_type",
    # The x- forms are what Python's http.server, Apache and nginx send for .rss
    # files: "not a page, a PDF or text (application/x-rss+xml)" was said.
    ["application/rss+xml", "application/x-rss+xml", "application/xml", "text/xml"],
)
def test_a_feed_address_given_to_import_says_to_follow_it(
    run: Runner, site: Site, content_type: str
) -> None:
    url = site.put("/rss", (FIXTURES / "rss20.xml").read_bytes(), content_type)
    code, _, err = run("import", url)
    assert code == 2
    assert "it is a feed: follow it with `briefing feeds add URL`" in one_line_error(err)


def test_a_feed_after_a_byte_order_mark_and_a_comment_is_still_a_feed(
    run: Runner, site: Site
) -> None:
    feed = (FIXTURES / "rss20.xml").read_bytes()
    if feed.startswith(b"<?xml"):
        feed = feed[feed.index(b"?>") + 2 :]
    body = b"\xef\xbb\xbf<?xml version='1.0'?>\n<!-- made by a generator -->\n" + feed
    url = site.put("/bom.xml", body, "text/xml")
    code, _, err = run("import", url)
    assert code == 2
    assert "it is a feed: follow it with `briefing feeds add URL`" in one_line_error(err)


@pytest.mark.parametrize("content_type", ["application/xml", "text/xml", ""])
def test_xml_that_is_no_feed_is_not_called_one(run: Runner, site: Site, content_type: str) -> None:
    """Broken XML (or a sitemap) served as XML was "a feed: follow it", and
    following it then failed: it is neither a page nor a feed."""
    for path, body in [
        ("/broken.xml", b"<?xml version='1.0'?><root><item>unclosed</root>"),
        ("/sitemap.xml", b"<?xml version='1.0'?><urlset><url><loc>x</loc></url></urlset>"),
    ]:
        url = site.put(path, body, content_type)
        code, _, err = run("import", url)
        assert code == 2
        line = one_line_error(err)
        assert "not a page, a PDF or text" in line and "feed" not in line


def test_text_and_markdown_import_as_before(run: Runner, lib_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "article.txt"
    source.write_text("Zebra Article\n\nZebra Article\n\nA zebra crossed.\nALSO READ: x\n")
    code, out, err = run("import", str(source), "--date", "2024-02-02")
    assert code == 0, err
    assert Path(out.strip()) == lib_dir / "2024-02-02-zebra-article.md"
    code, out, err = run("import", str(source))
    assert "already in the library as 2024-02-02-zebra-article.md (same text)" in err


# -- bad input: one line, exit 2, nothing half-imported ---------------------------------------


def _refused(run: Runner, lib_dir: Path, target: str, reason: str) -> None:
    before = library_files(lib_dir)
    code, out, err = run("import", target)
    assert code == 2, err
    line = one_line_error(err)
    assert target in line and reason in line, line
    assert out == ""
    assert library_files(lib_dir) == before  # no briefing, no temporary file


def _bad_file(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    if name == "big.html":
        with path.open("r+b") as handle:  # 50 MB without holding them in memory
            handle.truncate(50 * 1024 * 1024)
    return str(path)


def encrypted_pdf() -> bytes:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(report_pages()))))
    writer.encrypt("secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        (
            "scripts.html",
            b"<html><body><script>a()</script><script>b()</script></body></html>",
            "no article text found",
        ),
        ("binary.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", "not an HTML page"),
        ("big.html", b"<html><body><p>50 MB of page follow", "larger than 10 MB"),
        ("scan.pdf", make_pdf(report_pages(), text=False), "no text layer"),
        ("locked.pdf", encrypted_pdf(), "encrypted: it needs a password"),
        ("corrupt.pdf", make_pdf(report_pages())[:400], "not a readable PDF"),
    ],
    ids=["only-scripts", "not-html", "50-MB-page", "scanned-pdf", "encrypted-pdf", "corrupt-pdf"],
)
def test_bad_files_are_one_line_and_leave_nothing(
    run: Runner, lib_dir: Path, tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    _refused(run, lib_dir, _bad_file(tmp_path, name, data), reason)


def test_malformed_html_with_an_article_is_imported(run: Runner, tmp_path: Path) -> None:
    page = _bad_file(
        tmp_path,
        "broken.html",
        b"<html><body><div><p>Unclosed <b>tags and the cheese fair drew crowds from three "
        b"valleys <p>Stalls sold out by noon<table><tr><td>stray",
    )
    code, _, err = run("import", page)
    assert code == 0, err
    assert found(run, "cheese")


def test_missing_file(run: Runner, lib_dir: Path, tmp_path: Path) -> None:
    _refused(run, lib_dir, str(tmp_path / "nowhere.html"), "no such file")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/hosts", "file:// addresses are not fetched: give the path instead"),
        ("ftp://ftp.example.org/report.pdf", "ftp:// addresses are not fetched"),
    ],
)
def test_file_and_ftp_addresses_are_refused(
    run: Runner, lib_dir: Path, url: str, reason: str
) -> None:
    _refused(run, lib_dir, url, reason)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "the server answered 404 Not Found"),
        ("/500", "the server answered 500 Internal Server Error"),
        ("/loop0", "too many redirects"),
        ("/huge", "larger than 10 MB"),
        ("/bomb", "larger than 10 MB"),
        ("/to-file", "not http(s)"),
    ],
    ids=["404", "500", "redirect-loop", "huge", "gzip-bomb", "redirect-to-file"],
)
def test_bad_addresses_are_one_line_and_leave_nothing(
    run: Runner, lib_dir: Path, site: Site, path: str, reason: str
) -> None:
    _refused(run, lib_dir, site.url(path), reason)


@pytest.mark.usefixtures("fast_timeouts")
def test_a_server_that_stalls_is_a_timeout(run: Runner, lib_dir: Path, site: Site) -> None:
    site.put("/slow", (FIXTURES / "article.html").read_bytes(), delay=2.0)
    _refused(run, lib_dir, site.url("/slow"), "timed out")


def test_a_page_of_only_scripts_by_address(run: Runner, lib_dir: Path, site: Site) -> None:
    url = site.put("/scripts", "<html><body><script>x()</script></body></html>")
    _refused(run, lib_dir, url, "no article text found")


def test_reading_and_searching_never_load_the_network_code(lib_dir: Path, data_dir: Path) -> None:
    import subprocess
    import sys

    (lib_dir / "a.md").write_text("# Oil\n\nOil prices rose.\n")
    code = (
        "import sys, contextlib, io\n"
        "from briefing_tui.cli import main\n"
        f"args = ['--content', {str(lib_dir)!r}, '--data', {str(data_dir)!r}]\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    for command in (['search', 'oil'], ['list'], ['show', 'a.md'], ['feeds', 'list']):\n"
        "        main([*command, *args])\n"
        "network = ('httpx', 'feedparser', 'trafilatura', 'pypdf')\n"
        "print(sorted(m for m in network if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_headlines_alone_are_told_apart_by_their_titles(
    run: Runner, tmp_path: Path, lib_dir: Path
) -> None:
    """A text file of one line is a headline with no body: every such file after the
    first was skipped as "already in the library (same text)", by the empty body they
    share (a bad-input hunt). Each is imported; the same headline again is not."""
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("Ceasefire agreed in Gaza\n")
    second.write_text("Earthquake hits Japan\n")
    code, _, err = run("import", str(first), str(second))
    assert code == 0, err
    assert "2 imported, 0 skipped" in err
    titles = {
        path.read_text().split("title: ", 1)[1].split("\n", 1)[0] for path in lib_dir.glob("*.md")
    }
    assert {"Ceasefire agreed in Gaza", "Earthquake hits Japan"} <= titles
    code, _, err = run("import", str(first))
    assert "already in the library as ceasefire-agreed-in-gaza.md (same text)" in err
    assert "0 imported, 1 skipped" in err
