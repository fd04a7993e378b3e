"""The importer: scraped articles become clean briefings; nothing is overwritten."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from briefing_tui.core.briefings.documents import Briefing, read_briefing, text_fingerprint
from briefing_tui.core.briefings.frontmatter import split_front_matter
from briefing_tui.core.briefings.importer import (
    ImportOptions,
    clean_article,
    decode_text,
    import_files,
    slugify,
)

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "content" / "2021-04-06-moscow-and-new-delhi-discuss-expanding-russian-arms.md"

SCRAPED = (
    "Big News Today\n"
    "\n"
    "Big News Today\n"
    "\n"
    "First paragraph here.   \n"
    "It continues on a second line.\t\n"
    "\n\n\n\n"
    "ALSO READ: Something else entirely\n"
    "Also read: Another teaser\n"
    "Read more at the source\n"
    "\n"
    "Second paragraph.\n"
    "Related talks began on Tuesday.\n"
)


@pytest.fixture
def source_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "incoming"
    folder.mkdir()
    return folder


def put(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def run_import(files: list[Path], lib_dir: Path, known: set[str] | None = None, **options):  # type: ignore[no-untyped-def]
    return import_files(files, lib_dir, ImportOptions(**options), set() if known is None else known)


def front_and_body(path: Path) -> tuple[dict[str, object], str]:
    import yaml

    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    _, header, body = text.split("---\n", 2)
    return yaml.safe_load(header), body


def test_scraped_article_is_cleaned(source_dir: Path, lib_dir: Path) -> None:
    report = run_import([put(source_dir, "a.txt", SCRAPED)], lib_dir)
    (created,) = report.created
    front, body = front_and_body(created)
    assert front["title"] == "Big News Today"
    assert body == (  # three spaces before a line of the paragraph: a hard break, kept
        "\nFirst paragraph here.  \nIt continues on a second line.\n\n"
        "Second paragraph.\nRelated talks began on Tuesday.\n"
    )
    assert "Big News Today" not in body  # the repeated title is gone
    assert created.name == "big-news-today.md"


def test_title_from_the_first_line(lib_dir: Path, source_dir: Path) -> None:
    report = run_import([put(source_dir, "x.txt", "\n\n  A title line  \nBody text.\n")], lib_dir)
    front, body = front_and_body(report.created[0])
    assert front["title"] == "A title line"
    assert body.strip() == "Body text."


def test_markdown_heading_as_first_line_becomes_the_title(lib_dir: Path, source_dir: Path) -> None:
    report = run_import([put(source_dir, "x.md", "# Heading Title\n\nBody.\n")], lib_dir)
    front, body = front_and_body(report.created[0])
    assert front["title"] == "Heading Title"
    assert body.strip() == "Body."


def test_given_title_replaces_the_first_line_guess(lib_dir: Path, source_dir: Path) -> None:
    path = put(source_dir, "x.txt", "Given Title\n\nGiven Title\n\nBody stays.\n")
    front, body = front_and_body(run_import([path], lib_dir, title="Given Title").created[0])
    assert front["title"] == "Given Title"
    assert body.strip() == "Body stays."


@pytest.mark.parametrize(
    "line",
    ["ALSO READ: x", "Also read this", "Also Read: y", "Read more: z", "READ MORE", "Related: a"],
)
def test_teaser_lines_are_removed(line: str) -> None:
    _, body = clean_article(f"Title\n\nKeep one.\n{line}\nKeep two.\n")
    assert body == "Keep one.\nKeep two.\n"


@pytest.mark.parametrize(
    "line",
    ["Related talks began on Tuesday.", "See also the annex.", "Already read by most."],
)
def test_ordinary_sentences_starting_like_a_teaser_are_kept(line: str) -> None:
    _, body = clean_article(f"Title\n\n{line}\n")
    assert body == f"{line}\n"


def test_blank_line_runs_collapse_and_trailing_spaces_go() -> None:
    _, body = clean_article("Title\n\nOne.  \n\n\n\n\nTwo.\t\n")
    assert body == "One.\n\nTwo.\n"


def _rendered(body: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").render(body)


def test_markdown_hard_breaks_survive_the_cleaning() -> None:
    text = "Title\n\nPort of Odesa  \nClosed until Monday\\\nSaid the ministry.   \n\nEnd.  \n"
    _, body = clean_article(text)
    # What a reader sees: two line breaks inside the paragraph, as in the source.
    assert _rendered(body) == _rendered(text.split("\n", 2)[2])
    assert _rendered(body).count("<br />") == 2
    assert body == "Port of Odesa  \nClosed until Monday\\\nSaid the ministry.\n\nEnd.\n"


FENCED = "```python\na = 1   \n\n\n\nb = 2\nALSO READ: not a teaser in code\n```\n"
INDENTED = "    first()\n\n\n\n    second()  \n"
HTML = "<pre>\nline one\n\n\n\nline two\n</pre>\n"


@pytest.mark.parametrize("block", [FENCED, INDENTED, HTML], ids=["fenced", "indented", "html"])
def test_code_blocks_are_kept_byte_for_byte(block: str) -> None:
    text = f"Title\n\nBefore.   \n\n\n\n{block}\n\n\nAfter.\n"
    _, body = clean_article(text)
    assert body == f"Before.\n\n{block}\nAfter.\n"
    assert _rendered(body) == _rendered(f"Before.\n\n{block}\nAfter.\n")


def test_import_keeps_a_code_block_and_a_hard_break(lib_dir: Path, source_dir: Path) -> None:
    text = "Title\n\nLine one  \nline two\n\n```\na\n\n\n\nb\n```\n"
    _, body = front_and_body(run_import([put(source_dir, "x.md", text)], lib_dir).created[0])
    assert body == "\nLine one  \nline two\n\n```\na\n\n\n\nb\n```\n"


@pytest.mark.parametrize(
    "url",
    ["www.example.org/port strike", "example.org", "ftp://example.org/a", "https://", "http://a b"],
)
def test_a_url_that_is_not_a_web_address_is_kept_as_text_and_flagged(
    lib_dir: Path, source_dir: Path, url: str
) -> None:
    path = put(source_dir, "x.txt", "Title\n\nBody.\n")
    report = run_import([path], lib_dir, url=url)
    front, _ = front_and_body(report.created[0])
    assert front["url"] == url  # kept: what the user gave, as text
    [(flagged, message)] = report.warnings
    assert flagged == path
    assert f"url {url!r} is not an absolute http(s) address" in message


def test_a_web_address_is_not_flagged(lib_dir: Path, source_dir: Path) -> None:
    path = put(source_dir, "x.txt", "---\nurl: https://example.org/a?b=1#c\n---\nTitle\n\nBody.\n")
    report = run_import([path], lib_dir)
    assert report.warnings == []
    assert front_and_body(report.created[0])[0]["url"] == "https://example.org/a?b=1#c"


def test_front_matter_options_are_written(lib_dir: Path, source_dir: Path) -> None:
    path = put(source_dir, "x.txt", "Title\n\nBody.\n")
    report = run_import(
        [path],
        lib_dir,
        date="2021-04-06",
        source="Sputnik",
        url="https://example.org/a",
        tags=["Russia", "india", "russia"],
    )
    front, _ = front_and_body(report.created[0])
    assert str(front["date"]) == "2021-04-06"
    assert front["source"] == "Sputnik"
    assert front["url"] == "https://example.org/a"
    assert front["tags"] == ["russia", "india"]
    assert str(front["id"]).startswith("b")
    assert report.created[0].name == "2021-04-06-title.md"
    briefing = read_briefing(report.created[0], lib_dir.resolve())
    assert isinstance(briefing, Briefing)
    assert briefing.date == datetime(2021, 4, 6)
    assert briefing.problems == []


def test_bad_date_option_is_refused_before_anything_is_written(
    lib_dir: Path, source_dir: Path
) -> None:
    with pytest.raises(ValueError, match="not an ISO date"):
        run_import([put(source_dir, "x.txt", "T\n\nB\n")], lib_dir, date="yesterday")
    assert list(lib_dir.iterdir()) == []


def test_windows_1252_file_is_imported_correctly(lib_dir: Path, source_dir: Path) -> None:
    raw = b"Caf\xe9 \x93quoted\x94 title\n\nThe na\xefve \x93quotes\x94 \x96 a dash \x80 5.\n"
    report = run_import([put(source_dir, "cp.txt", raw)], lib_dir)
    front, body = front_and_body(report.created[0])
    assert front["title"] == "Café “quoted” title"
    assert body.strip() == "The naïve “quotes” – a dash € 5."


def test_latin1_file_is_imported_correctly(lib_dir: Path, source_dir: Path) -> None:
    raw = "Déjà vu\n\nÇa coûte 5 £, señor. ½ ÿ\n".encode("latin-1")
    report = run_import([put(source_dir, "latin.txt", raw)], lib_dir)
    front, body = front_and_body(report.created[0])
    assert front["title"] == "Déjà vu"
    assert body.strip() == "Ça coûte 5 £, señor. ½ ÿ"


def test_latin1_file_with_bytes_undefined_in_windows_1252(lib_dir: Path, source_dir: Path) -> None:
    # 0x81 and 0x8D have no Windows-1252 meaning, so the file is read as Latin-1,
    # and the C1 controls it then holds become visible placeholders.
    raw = "Déjà vu\n\nÇa coûte.".encode("latin-1") + b"\x81\x8d\n"
    report = run_import([put(source_dir, "latin.txt", raw)], lib_dir)
    front, body = front_and_body(report.created[0])
    assert front["title"] == "Déjà vu"
    assert body.strip() == "Ça coûte.\ufffd\ufffd"


def test_decode_text_reports_the_encoding() -> None:
    assert decode_text("é".encode()) == ("é", None)
    assert decode_text(b"\xef\xbb\xbfBOM") == ("BOM", None)
    assert decode_text("utf16".encode("utf-16")) == ("utf16", None)
    assert decode_text(b"\x93x\x94") == ("“x”", "decoded as Windows-1252")
    assert decode_text(b"\x81") == ("\x81", "decoded as Latin-1")


def test_binary_and_missing_files_do_not_abort_the_batch(
    lib_dir: Path, source_dir: Path, tmp_path: Path
) -> None:
    files = [
        put(source_dir, "bin.txt", b"\x89PNG\x00\x00\x01"),
        tmp_path / "does-not-exist.txt",
        source_dir,  # a folder
        put(source_dir, "good.txt", "Good\n\nStill imported.\n"),
    ]
    report = run_import(files, lib_dir)
    assert [p.name for p in report.created] == ["good.md"]
    reasons = {path.name: reason for path, reason in report.failed}
    assert "binary" in reasons["bin.txt"]
    assert "does-not-exist.txt" in reasons
    assert "regular file" in reasons[source_dir.name]


def test_existing_file_is_never_overwritten(lib_dir: Path, source_dir: Path) -> None:
    existing = lib_dir / "same-title.md"
    existing.write_text("precious")
    first = run_import([put(source_dir, "a.txt", "Same Title\n\nFirst text.\n")], lib_dir)
    second = run_import([put(source_dir, "b.txt", "Same Title\n\nSecond text.\n")], lib_dir)
    assert existing.read_text() == "precious"
    assert first.created == [lib_dir / "same-title-2.md"]
    assert second.created == [lib_dir / "same-title-3.md"]
    assert "First text." in first.created[0].read_text()
    assert "Second text." in second.created[0].read_text()


def test_text_already_in_the_library_is_skipped_with_a_notice(
    lib_dir: Path, source_dir: Path
) -> None:
    known = {text_fingerprint("Body already here.\n")}
    path = put(source_dir, "a.txt", "A Title\n\nBody   already\nhere.\n")
    report = run_import([path], lib_dir, known=known)
    assert report.created == []
    assert report.skipped == [(path, "already in the library")]


def test_same_text_twice_in_one_batch_is_imported_once(lib_dir: Path, source_dir: Path) -> None:
    one = put(source_dir, "one.txt", SCRAPED)
    two = put(source_dir, "two.txt", SCRAPED.replace("   \n", "\n"))
    report = run_import([one, two], lib_dir)
    assert len(report.created) == 1
    assert report.skipped == [(two, "already in the library")]


def test_imported_file_is_skipped_when_imported_again_after_a_sync(
    source_dir: Path, lib_dir: Path, make_ws
) -> None:
    path = put(source_dir, "a.txt", SCRAPED)
    ws = make_ws()
    run_import([path], lib_dir, known=ws.store.body_hashes())
    ws.sync()
    report = run_import([path], lib_dir, known=ws.store.body_hashes())
    assert report.created == [] and len(report.skipped) == 1
    assert len(list(lib_dir.iterdir())) == 1


def test_imported_briefing_reads_back_cleanly(lib_dir: Path, source_dir: Path) -> None:
    path = put(source_dir, "a.txt", "Title: with \x1b[2J colon\n\nBody \x1b]0;x\x07 text.\n")
    report = run_import([path], lib_dir, tags=["a b"])
    briefing = read_briefing(report.created[0], lib_dir.resolve())
    assert isinstance(briefing, Briefing)
    assert briefing.problems == []
    assert "\x1b" not in report.created[0].read_text()
    assert briefing.title.startswith("Title: with")
    assert briefing.tags == ["a-b"]
    assert briefing.front_id is not None


def test_existing_front_matter_is_kept(lib_dir: Path, source_dir: Path) -> None:
    text = "---\nid: keep-id\ntitle: From FM\ndate: 2020-02-02\ntags: [x]\n---\n\nBody.\n"
    report = run_import([put(source_dir, "a.md", text)], lib_dir, tags=["y"])
    front, body = front_and_body(report.created[0])
    assert front["id"] == "keep-id"
    assert front["title"] == "From FM"
    assert front["tags"] == ["x", "y"]
    assert body.strip() == "Body."


def test_slugify() -> None:
    assert slugify("Moscow and New Delhi: “Arms” talks!") == "moscow-and-new-delhi-arms-talks"
    assert slugify("日本語") == "日本語"  # letters of every script stay (s19)
    assert slugify("—!?") == "briefing"
    assert len(slugify("word " * 50)) <= 60


def test_slugify_keeps_the_marks_of_letters_kept_as_they_are() -> None:
    """Vowel signs and tone marks are no letters: हिंदी was ``ह-द`` and ข่าว (news)
    ``ขาว`` (white); a mark on a letter spelt in ASCII still goes with its accent."""
    assert slugify("हिंदी समाचार") == "हिंदी-समाचार"
    assert slugify("বাংলা খবর") == "বাংলা-খবর"
    assert slugify("ข่าว ไทย") == "ข่าว-ไทย"
    assert slugify("Crème brûlée, q\u0303!") == "creme-brulee-q"


def test_seed_briefing_is_clean_and_has_an_id() -> None:
    text = SEED.read_text(encoding="utf-8")
    split = split_front_matter(text)
    assert split.problems == []
    assert split.front.id
    assert split.front.title
    assert split.front.date == datetime(2021, 4, 6)
    assert "also read" not in text.lower()
    body_lines = [line.strip() for line in split.body.splitlines() if line.strip()]
    assert body_lines[0] != split.front.title
    assert split.front.title not in body_lines
    assert "\n\n\n" not in split.body
    assert all(line == line.rstrip() for line in split.body.splitlines())


def test_a_text_without_a_date_keeps_its_files_day_through_edits(
    source_dir: Path,
    lib_dir: Path,
    make_ws,  # type: ignore[no-untyped-def]
) -> None:
    """A note with no date of its own is dated by its file's day, written into
    the briefing: editing the briefing later does not move it to the top of
    the list (the library's inferred date is the file's time)."""
    import os
    from datetime import date

    note = put(source_dir, "note.txt", "Harbour notes\n\nThe barges queued at the lock.\n")
    day = datetime(2020, 1, 2, 15, 30).timestamp()
    os.utime(note, (day, day))
    (created,) = run_import([note], lib_dir).created
    front, _body = front_and_body(created)
    assert front["date"] == date(2020, 1, 2)
    assert created.name == "harbour-notes.md"  # no date in the name: not the text's own
    created.write_text(created.read_text(encoding="utf-8") + "\nEdited today.\n")
    ws = make_ws()
    ws.sync()
    (hit,) = ws.search("barges").hits
    assert hit.date is not None and hit.date.date() == date(2020, 1, 2)
