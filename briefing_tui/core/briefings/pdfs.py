"""PDFs as briefings: the text layer read by pypdf, laid out again as paragraphs.

A PDF holds lines placed on pages, not paragraphs. They are put back
together: lines of a paragraph are joined (across a page break too), a
word hyphenated at a line's end is made whole again, the running header and
footer each page repeats and the page numbers are dropped, and a line set
larger than the body text becomes a heading. The title comes from the PDF's
metadata, else its first heading; the date from its metadata.

A scanned PDF (no text layer), an encrypted one, or a file pypdf cannot
read is refused with the reason: never imported empty.
"""

from __future__ import annotations

import io
import itertools
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from statistics import median
from typing import Any

from briefing_tui.core.briefings.articles import Article, SourceError

#: What a PDF file may weigh (reports carry images).
MAX_PDF_BYTES = 50 * 1024 * 1024
#: Pages read at most: a 5,000-page PDF is a book, not a briefing.
MAX_PAGES = 500
#: Fewer readable characters than this in the whole file: no text layer.
MIN_TEXT_CHARS = 20

_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?[-–—(]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—)]?"
    r"(?:\s*(?:of|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_ENDS_SENTENCE = re.compile(r"[.!?:;\"”’)\]]$")
_HYPHENATED = re.compile(r"[^\W\d_]-$")
_USELESS_TITLE = re.compile(
    r"^(?:untitled|microsoft word\b.*|.*\.(?:docx?|pdf|odt|rtf|indd|tex))$", re.IGNORECASE
)


@dataclass
class _Line:
    text: str
    y: float
    size: float


def read_pdf(data: bytes, *, origin: str) -> Article:
    """The article of one PDF. Raises :class:`SourceError` with the reason."""
    logging.getLogger("pypdf").setLevel(logging.ERROR + 10)
    reader = _open(data)
    pages = [_page_lines(page) for page in _pages(reader)]
    if sum(len(line.text.strip()) for lines in pages for line in lines) < MIN_TEXT_CHARS:
        raise SourceError("no text layer (a scanned PDF? it needs OCR first)")
    pages = _drop_running_lines(pages)
    body_size = _body_size(pages)
    blocks, first_heading = _blocks(pages, body_size)
    info = _info(reader)
    title = info.get("title")
    if not title or _USELESS_TITLE.match(title):
        title = first_heading
    return Article(
        title=title,
        body="\n\n".join(blocks) + "\n",
        origin=origin,
        author=info.get("author"),
        date=_pdf_date(info.get("date")),
        summary=info.get("subject"),
    )


def _open(data: bytes) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    if not data.lstrip()[:1024].startswith(b"%PDF"):
        raise SourceError("not a PDF (it does not start with %PDF)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError("encrypted: it needs a password (save a decrypted copy)")
        len(reader.pages)
    except SourceError:
        raise
    except DependencyError as error:
        raise SourceError(f"encrypted in a way this install cannot read ({error})") from error
    except FileNotDecryptedError as error:
        raise SourceError("encrypted: it needs a password (save a decrypted copy)") from error
    except Exception as error:  # pypdf raises many kinds on a damaged file
        raise SourceError(f"not a readable PDF ({_reason(error)})") from error
    return reader


def _pages(reader: Any) -> list[Any]:
    try:
        return list(reader.pages[:MAX_PAGES])
    except Exception as error:  # a damaged page tree
        raise SourceError(f"not a readable PDF ({_reason(error)})") from error


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split())[:120]
    return text or type(error).__name__


def _page_lines(page: Any) -> list[_Line]:
    """The page's lines in reading order, each with its height on the page and font size."""
    parts: list[tuple[str, float, float]] = []

    def visit(text: str, cm: Any, tm: Any, _font: Any, size: float) -> None:
        if not text:
            return
        try:
            y = float(tm[4]) * float(cm[1]) + float(tm[5]) * float(cm[3]) + float(cm[5])
            scale = math.hypot(float(tm[2]), float(tm[3])) * math.hypot(float(cm[2]), float(cm[3]))
        except (TypeError, ValueError, IndexError):
            y, scale = 0.0, 1.0
        parts.append((text, y, float(size or 0) * (scale or 1.0)))

    try:
        page.extract_text(visitor_text=visit)
    except Exception:  # one unreadable page costs that page only
        return []
    lines: list[_Line] = []
    text: list[str] = []
    y: float | None = None
    size = 0.0
    for chunk, chunk_y, chunk_size in parts:
        for index, piece in enumerate(chunk.split("\n")):
            if index:
                lines.append(_Line("".join(text), y or 0.0, size))
                text, y, size = [], None, 0.0
            if piece:
                text.append(piece)
                if piece.strip():
                    y = chunk_y if y is None else y
                    size = max(size, chunk_size)
    lines.append(_Line("".join(text), y or 0.0, size))
    return [
        _Line(" ".join(line.text.split()), line.y, line.size) for line in lines if line.text.strip()
    ]


def _shape(text: str) -> str:
    """A line as compared across pages: digits are all alike (page 3 of 9, a date)."""
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _drop_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Without page numbers and the header/footer lines most pages repeat."""
    edge = 2  # lines at the top and at the bottom of a page that may be running lines
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_shape(line.text) for line in lines[:edge] + lines[-edge:]})
    repeated = max(2, math.ceil(len(pages) * 0.6))
    running = {shape for shape, count in counts.items() if count >= repeated}
    kept_pages = []
    for lines in pages:
        at_edge = {id(line) for line in lines[:edge] + lines[-edge:]}
        kept_pages.append(
            [
                line
                for line in lines
                if id(line) not in at_edge
                or not (_shape(line.text) in running or _PAGE_NUMBER.match(line.text.strip()))
            ]
        )
    return kept_pages


def _body_size(pages: list[list[_Line]]) -> float:
    """The font size most of the text is set in."""
    weights: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            weights[round(line.size, 1)] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 0.0


def _blocks(pages: list[list[_Line]], body_size: float) -> tuple[list[str], str | None]:
    """Markdown blocks (paragraphs and headings), and the first heading's text."""
    gaps = [
        previous.y - line.y
        for lines in pages
        for previous, line in itertools.pairwise(lines)
        if abs(line.size - body_size) < 0.5
        and abs(previous.size - body_size) < 0.5
        and 0 < previous.y - line.y < 3 * max(body_size, 1)
    ]
    leading = median(gaps) if gaps else 0.0
    widest = max((len(line.text) for lines in pages for line in lines), default=0)
    blocks: list[str] = []
    paragraph: list[str] = []
    first_heading: str | None = None

    def end_paragraph() -> None:
        if paragraph:
            blocks.append(_join(paragraph))
            paragraph.clear()

    for lines in pages:
        previous: _Line | None = None
        for line in lines:
            heading = body_size > 0 and line.size >= body_size * 1.2 and len(line.text) < 150
            if heading:
                end_paragraph()
                level = "#" if first_heading is None else "##"
                first_heading = first_heading or line.text
                blocks.append(f"{level} {line.text}")
                previous = None
                continue
            if paragraph and _starts_paragraph(paragraph[-1], previous, line, leading, widest):
                end_paragraph()
            paragraph.append(line.text)
            previous = line
    end_paragraph()
    return blocks, first_heading


def _starts_paragraph(
    last: str, previous: _Line | None, line: _Line, leading: float, widest: int
) -> bool:
    """Whether ``line`` starts a new paragraph after ``last`` (``previous`` on this page)."""
    short = len(last) < widest * 0.75
    if _HYPHENATED.search(last):
        return False
    if previous is None:  # the first line of a page, after the last of the one before
        return short and bool(_ENDS_SENTENCE.search(last))
    gap = previous.y - line.y
    if leading > 0 and (gap > leading * 1.4 or gap < 0):
        return True
    return short and bool(_ENDS_SENTENCE.search(last)) and leading <= 0


def _join(lines: list[str]) -> str:
    """Lines of one paragraph as one, with words hyphenated at a line's end made whole."""
    text = lines[0]
    for line in lines[1:]:
        if _HYPHENATED.search(text) and line[:1].islower():
            text = text[:-1] + line
        else:
            text = f"{text} {line}"
    return text


def _info(reader: Any) -> dict[str, str]:
    """Title, author, subject and date from the document information, where readable."""
    try:
        meta = reader.metadata
    except Exception:
        return {}
    if not meta:
        return {}
    found: dict[str, str] = {}
    for key, name in (
        ("/Title", "title"),
        ("/Author", "author"),
        ("/Subject", "subject"),
        ("/CreationDate", "date"),
    ):
        try:
            value = meta.get(key)
        except Exception:
            continue
        if isinstance(value, str) and value.strip():
            found[name] = " ".join(value.split())
    return found


_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?")


def _pdf_date(value: str | None) -> datetime | None:
    """A PDF date (``D:20240305083000Z``, the parts after the year optional)."""
    if not value:
        return None
    match = _PDF_DATE.match(value.strip())
    if not match:
        return None
    year, month, day, hour, minute, second = (int(part) if part else 0 for part in match.groups())
    try:
        return datetime(year, month or 1, day or 1, hour, minute, second)
    except ValueError:
        return None
