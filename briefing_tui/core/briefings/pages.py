"""Saved web pages (and fetched ones, and feed items' HTML) as Markdown, by trafilatura.

Only the main text is kept: navigation, ads, cookie banners, share bars,
"Also read" boxes and comments go. Headings, paragraphs, lists, block
quotes, links and tables come out as Markdown; the page's metadata (title,
author, date, site name, canonical address, description, language) goes to
the front matter. A link is kept only when it leads to an ``http(s)`` or
``mailto`` address; any other (``javascript:``, ``file:``, a relative link
on a page whose address is unknown) is kept as its text, never followed.

trafilatura (and lxml) are imported when the first page is read, so
commands that read no page never pay for them.
"""

from __future__ import annotations

import codecs
import copy
import html
import logging
import re
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from briefing_tui.core.briefings.articles import Article, SourceError
from briefing_tui.core.briefings.importer import is_web_url

#: What a saved page may weigh (pages carry their scripts and styles).
MAX_PAGE_BYTES = 10 * 1024 * 1024
PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
#: Loggers of trafilatura and the libraries it uses: their messages would break
#: the one-line errors; the reasons are reported by this module instead.
_QUIET = ("trafilatura", "htmldate", "courlan", "justext", "readability", "charset_normalizer")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_quieted = False
#: Block-level tags: a fragment without any is a run of inline text.
_BLOCK = re.compile(
    r"<(?:p|div|ul|ol|li|blockquote|table|h[1-6]|pre|section|article|figure)\b", re.I
)
_FRAGMENT_CONFIG: Any = None
#: Characters under which trafilatura replaces what it found with the whole page's
#: text (its ``MIN_EXTRACTED_SIZE``); see :func:`_short_article`.
_SHORT_CHARS = 250
#: A line of this many words is a sentence (see :func:`_has_prose`).
_PROSE_WORDS = 4
_PROSE_CHARS = 25
#: ``<meta charset="x">`` or ``<meta http-equiv="content-type" content="text/html; charset=x">``.
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)


def _quiet_loggers() -> None:
    global _quieted
    if not _quieted:
        for name in _QUIET:
            logger = logging.getLogger(name)
            logger.addHandler(logging.NullHandler())
            logger.propagate = False
        _quieted = True


def read_page(
    data: bytes | str, *, origin: str, url: str | None = None, charset: str | None = None
) -> Article:
    """The article of one HTML page; ``url`` is where it was fetched from, if it was.

    ``charset`` is the one the server named. Raises :class:`SourceError` when
    the page is not HTML or holds no article (only scripts, only navigation):
    a page is never imported empty.
    """
    text = decode_page(data, charset) if isinstance(data, bytes) else data
    tree = _load(text)
    if tree is None:
        raise SourceError("not an HTML page (nothing could be parsed)")
    document = _extract(tree, url)
    if document is not None and len(_blocks(document)) == 1:  # maybe the page as one block
        document = _short_article(text, url, document) or document
    if document is None or not _has_prose(document.text):
        raise SourceError("no article text found in the page")
    canonical = document.url if isinstance(document.url, str) else None
    address = url or (canonical if canonical and is_web_url(canonical) else None)
    body = _markdown(document, address)
    if not body.strip():
        raise SourceError("no article text found in the page")
    return Article(
        title=_text(document.title),
        body=body,
        origin=origin,
        author=_text(document.author),
        date=_date(document.date),
        source=_text(document.sitename) or _host(address),
        url=address,
        summary=_text(document.description),
        language=_language(tree),
        tags=[t for t in (document.categories or []) + (document.tags or []) if isinstance(t, str)],
    )


def _short_article(page: bytes | str, url: str | None, full: Any) -> Any:
    """The article of a page whose article is short (a news brief of two paragraphs,
    a few lines of Japanese), or ``None`` when it is not short; ``full`` is what
    trafilatura made of the page, one block of text.

    trafilatura takes an extraction under its ``MIN_EXTRACTED_SIZE`` (250
    characters) for a failure and puts in its place the whole page's text as
    one paragraph: the brief came in with the byline, the date, "Share this
    with Facebook" and the menu around it. Read with no such floor, the
    article is kept when it holds a sentence and everything of it is in what
    the page would have given (so it is the same text, less the page's chrome).
    """
    tree = _load(page)
    if tree is None:
        return None
    short = _extract(tree, url, floor=True)
    blocks = _blocks(short)
    if not _has_prose("\n".join(blocks)):  # the text, not its Markdown: [News](/a) is one word
        return None
    if sum(map(len, blocks)) >= _SHORT_CHARS:
        return None  # not short: trafilatura's own reading stands
    whole = " ".join(_blocks(full))
    if len(whole) > len(" ".join(blocks)) and all(block in whole for block in blocks):
        return short
    return None


def _blocks(document: Any) -> list[str]:
    """The text of each block of an extracted body, its spaces collapsed (no Markdown)."""
    body = getattr(document, "body", None)
    if body is None:
        return []
    texts = (" ".join("".join(child.itertext()).split()) for child in body)
    return [text for text in texts if text]


def _has_prose(text: object) -> bool:
    """Whether the extracted text holds a sentence, not only a few short labels:
    a page without an article ("News", "Sport", "Watch live") comes out as
    its menu, which is not a briefing."""
    if not isinstance(text, str) or not text.strip():
        return False
    lines = text.splitlines()
    words = sum(len(line.split()) for line in lines)
    # Characters too: Chinese or Japanese sentences have no spaces between words.
    return words >= 50 or any(
        len(line.split()) >= _PROSE_WORDS or len(line.strip()) >= _PROSE_CHARS for line in lines
    )


def html_to_markdown(fragment: str, base_url: str | None = None) -> str:
    """A feed item's HTML (a fragment) as Markdown; ``""`` if it holds no text."""
    if "<" not in fragment:
        return html.unescape(fragment).strip()
    if not _BLOCK.search(fragment):  # inline text only: a paragraph of it
        fragment = f"<p>{fragment}</p>"
    tree = _load(f"<html><body><article>{fragment}</article></body></html>")
    if tree is None:
        return ""
    document = _extract(tree, base_url, fast=True, with_metadata=False, fragment=True)
    if document is None:
        return ""
    return _markdown(document, base_url)


def decode_page(data: bytes, charset: str | None = None) -> bytes | str:
    """The page as text: by its byte order mark, as UTF-8 if it is valid UTF-8,
    else in the charset the server named or its ``<meta charset>`` declares.

    A declaration the bytes do not fit is passed over; when none fits, the
    bytes are left for trafilatura to guess their encoding.
    """
    meta = _META_CHARSET.search(data[:4096])
    labels = ["utf-8", charset, meta.group(1).decode("ascii", "replace") if meta else None]
    for bom, marked in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            labels.insert(0, marked)
    for label in labels:
        codec = _codec(label)
        if codec is None:
            continue
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    return data


def _codec(label: str | None) -> str | None:
    """The codec of a charset label; Latin-1 and ASCII read as Windows-1252, as browsers do."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def _load(data: bytes | str) -> Any:
    _quiet_loggers()
    from trafilatura.utils import load_html

    try:
        return load_html(data, MAX_PAGE_BYTES * 2)
    except (ValueError, TypeError):
        return None


def _extract(
    tree: Any,
    url: str | None,
    *,
    fast: bool = False,
    with_metadata: bool = True,
    fragment: bool = False,
    floor: bool = False,
) -> Any:
    """trafilatura's reading of ``tree``; ``fragment`` (a feed item's HTML, all of it
    article) and ``floor`` (see :func:`_short_article`) take a short text as it is."""
    import trafilatura
    from trafilatura.settings import DEFAULT_CONFIG, set_date_params

    config = DEFAULT_CONFIG
    if fragment or floor:
        # A feed item's HTML is all article: a short one is not "too little
        # extracted", to be replaced by trafilatura's cruder whole-page dump.
        global _FRAGMENT_CONFIG
        if _FRAGMENT_CONFIG is None:
            _FRAGMENT_CONFIG = copy.deepcopy(DEFAULT_CONFIG)
            _FRAGMENT_CONFIG["DEFAULT"]["MIN_EXTRACTED_SIZE"] = "1"
        config = _FRAGMENT_CONFIG

    try:
        return trafilatura.bare_extraction(
            tree,
            url=url,
            fast=fast,
            output_format="python",
            include_comments=False,
            include_tables=True,
            include_links=True,
            include_formatting=True,
            with_metadata=with_metadata,
            # The page's own dates only (meta tags, structured data, <time>):
            # a year in a headline is not the day it was published.
            date_extraction_params=set_date_params(False),
            config=config,
        )
    except (ValueError, TypeError, RecursionError) as error:
        raise SourceError(f"the page could not be read ({type(error).__name__})") from error


def _markdown(document: Any, base: str | None) -> str:
    """The body as Markdown: trafilatura's, with block quotes marked and links checked."""
    body = document.body
    try:
        from trafilatura.xml import xmltotxt
    except ImportError:  # pragma: no cover - a trafilatura without its serializer
        return str(document.text or "")
    for table in list(body.iter("table")):
        _caption_out(table)
    for ref in list(body.iter("ref")):
        target = _link(ref.get("target"), base)
        if target is None:  # kept as its text: an inline element with no formatting
            ref.tag = "hi"
            ref.attrib.clear()
        else:
            ref.set("target", target)
    blocks: list[str] = []
    if body.text and body.text.strip():
        blocks.append(body.text.strip())
    for child in body:
        text = str(xmltotxt(child, True)).strip("\n")
        if not text.strip():
            continue
        if child.tag == "quote":
            text = "\n".join(f"> {line}" if line.strip() else ">" for line in text.splitlines())
        blocks.append(text)
    return "\n\n".join(blocks).strip() + "\n"


def _caption_out(table: Any) -> None:
    """A table's caption, which trafilatura makes a first header row of one cell
    (then the table has two header rows, which Markdown cannot show), as a
    paragraph before it."""
    rows = table.findall("row")
    if len(rows) < 2:
        return
    first, second = rows[0], rows[1]
    cells = first.findall("cell")
    heads = [cell.get("role") == "head" for cell in second.findall("cell")]
    texts = ["".join(cell.itertext()).strip() for cell in cells]
    if cells and texts[0] and not any(texts[1:]) and heads and all(heads):
        caption = first.makeelement("p", {})
        caption.text = texts[0]
        table.addprevious(caption)
        table.remove(first)


def _link(target: str | None, base: str | None) -> str | None:
    """The absolute address a link may keep, or ``None`` to keep only its text."""
    if not target:
        return None
    target = target.strip()
    if target.lower().startswith("mailto:"):
        return target
    scheme = urlsplit(target).scheme.lower() if ":" in target else ""
    if scheme and scheme not in ("http", "https"):
        return None
    absolute = urljoin(base, target) if base and not scheme else target
    return absolute if is_web_url(absolute) else None


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _date(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=None)


def _host(url: str | None) -> str | None:
    return urlsplit(url).hostname if url else None


def _language(tree: Any) -> str | None:
    """The page's language from ``<html lang>`` or a content-language meta tag."""
    candidates: list[str] = []
    with_lang = tree if tree.tag == "html" else tree.getroottree().getroot()
    candidates.append(with_lang.get("lang") or with_lang.get("xml:lang") or "")
    for meta in tree.iterfind(".//meta"):
        name = (meta.get("http-equiv") or meta.get("property") or "").lower()
        if name in ("content-language", "og:locale"):
            candidates.append(meta.get("content") or "")
    for value in candidates:
        value = value.strip().split(",")[0].strip()
        if _LANGUAGE.match(value):
            return value.replace("_", "-")
    return None
