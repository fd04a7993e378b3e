"""PDFs become paragraphs: lines and pages rejoined, hyphens undone, running lines dropped."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from ingest_support import make_pdf, report_pages

from briefing_tui.core.briefings.articles import SourceError
from briefing_tui.core.briefings.pdfs import read_pdf

INFO = {
    "Title": "Grain Markets in Spring",
    "Author": "R. Analyst",
    "CreationDate": "D:20240305083000Z",
}


def encrypted(user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(report_pages()))))
    writer.encrypt(user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_paragraphs_are_rejoined_across_lines_and_pages() -> None:
    article = read_pdf(make_pdf(report_pages(), INFO), origin="report.pdf")
    paragraphs = [block for block in article.body.split("\n\n") if block.strip()]
    assert paragraphs[0] == "# Grain Markets in Spring"
    assert paragraphs[1].startswith("Exports of wheat through the northern ports fell sharply in")
    assert "published new information on Tuesday" in paragraphs[1]  # "infor-" + "mation"
    # The paragraph broken by the page ends on the next page, as one paragraph.
    assert "took on extra cargo from the idle northern quays." in paragraphs[2]
    assert paragraphs[3].strip() == "Freight rates rose by a tenth over the quarter."
    assert len(paragraphs) == 4


def test_running_header_and_page_numbers_are_dropped() -> None:
    body = read_pdf(make_pdf(report_pages(), INFO), origin="report.pdf").body
    assert "Harbour Monitor" not in body
    assert "\n1\n" not in body and "\n2\n" not in body and not body.rstrip().endswith("2")


def test_title_author_and_date_come_from_the_metadata() -> None:
    article = read_pdf(make_pdf(report_pages(), INFO), origin="report.pdf")
    assert article.title == "Grain Markets in Spring"
    assert article.author == "R. Analyst"
    assert article.date == datetime(2024, 3, 5, 8, 30)


def test_without_metadata_the_title_is_the_first_heading() -> None:
    info = {"Title": "Microsoft Word - draft3.docx"}
    article = read_pdf(make_pdf(report_pages(), info), origin="report.pdf")
    assert article.title == "Grain Markets in Spring"
    assert article.date is None


def test_scanned_pdf_without_text_layer_is_refused() -> None:
    with pytest.raises(SourceError, match="no text layer"):
        read_pdf(make_pdf(report_pages(), text=False), origin="scan.pdf")


def test_encrypted_pdf_is_refused_with_the_reason() -> None:
    with pytest.raises(SourceError, match="encrypted: it needs a password"):
        read_pdf(encrypted("secret"), origin="locked.pdf")


def test_pdf_encrypted_without_a_user_password_is_read() -> None:
    assert read_pdf(encrypted(""), origin="open.pdf").title == "Grain Markets in Spring"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (make_pdf(report_pages())[:300], "not a readable PDF"),
        (b"%PDF-1.4\n" + b"\x00garbage" * 50, "not a readable PDF"),
        (b"Just some text pretending to be a PDF", "not a PDF"),
    ],
    ids=["truncated", "garbage", "not-pdf"],
)
def test_corrupt_pdf_is_refused_with_the_reason(data: bytes, reason: str) -> None:
    with pytest.raises(SourceError, match=reason):
        read_pdf(data, origin="bad.pdf")
