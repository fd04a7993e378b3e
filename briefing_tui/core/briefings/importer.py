"""Turning plain-text or Markdown articles into briefings in the library.

Scraped articles arrive with debris: the title repeated at the top, "ALSO
READ:" teasers, runs of blank lines, trailing spaces, and sometimes a legacy
encoding. The importer cleans that outside code blocks (and never touches a
Markdown hard break), flags a ``url`` that is not a web address, writes front
matter (always with an ``id``), writes each file whole or not at all and
never over another, and skips a text the
library already holds.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from briefing_tui.core.briefings.documents import import_key, text_fingerprint
from briefing_tui.core.briefings.frontmatter import (
    SplitResult,
    parse_date,
    split_front_matter,
    unreadable,
)
from briefing_tui.core.files import create_new, fsync_folder
from briefing_tui.core.tags import normalize_tag
from briefing_tui.core.text.sanitize import clean_line, clean_text

#: Files larger than this are refused by the importer.
MAX_IMPORT_BYTES = 5 * 1024 * 1024
#: Teaser lines. "Related" and "See also" count only with a colon: a paragraph
#: that merely starts with the word ("Related talks began…") is the article.
_DEBRIS = re.compile(
    r"^\s*(?:(?:also\s+read|read\s+more|read\s+also)\s*(?::|\b)|(?:see\s+also|related)\s*:).*$",
    re.IGNORECASE,
)


@dataclass
class ImportOptions:
    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    tags: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    created: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    #: Imported, with something to check (a ``url`` that is not a web address).
    warnings: list[tuple[Path, str]] = field(default_factory=list)


#: Characters an absolute web address may not hold as they are (they must be escaped).
_NOT_IN_IRI = re.compile(r"[\s<>\"{}|\\^`\x00-\x1f\x7f]")


def is_web_url(value: str) -> bool:
    """Whether ``value`` is an absolute ``http(s)`` IRI: scheme, host, nothing to escape."""
    if _NOT_IN_IRI.search(value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def decode_text(data: bytes) -> tuple[str, str | None]:
    """UTF-8 (BOM or not), else Windows-1252, else Latin-1; never fails."""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec).lstrip("\ufeff"), None
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "decoded as Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "decoded as Latin-1"


def clean_article(text: str, title: str | None = None) -> tuple[str, str]:
    """(title, body) of a scraped article with the debris removed.

    Only debris goes: trailing spaces (a Markdown hard break, two or more
    spaces before the next line of a paragraph, stays as two), teaser lines
    and runs of blank lines. Code blocks, fenced or indented, and HTML
    blocks are kept byte for byte: their blank lines and spaces are content.
    """
    lines = clean_text(text).split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if title is None and lines:
        title = clean_line(re.sub(r"^#{1,6}\s+", "", lines.pop(0)))
    title = title or "Untitled"
    key = _comparable(title)
    # The title repeated at the top (as a heading or plain) is scraping debris.
    while lines and (
        not lines[0].strip() or _comparable(re.sub(r"^#{1,6}\s+", "", lines[0])) == key
    ):
        lines.pop(0)
    body = "\n".join(_clean_lines(lines)).strip("\n")
    return title, body + "\n"


#: Block tokens whose lines Markdown shows as they are.
_VERBATIM_BLOCKS = ("fence", "code_block", "html_block")


def _verbatim_lines(lines: list[str]) -> set[int]:
    """Numbers of the lines inside code blocks (fenced or indented) and HTML blocks."""
    from briefing_tui.core.text.plaintext import parser_for

    text = "\n".join(lines)
    if not any(mark in text for mark in ("```", "~~~", "    ", "\t", "<")):
        return set()
    verbatim: set[int] = set()
    for token in parser_for(text).parse(text):
        if token.type in _VERBATIM_BLOCKS and token.map:
            verbatim.update(range(token.map[0], token.map[1]))
    return verbatim


def _clean_lines(lines: list[str]) -> list[str]:
    """Teasers, trailing spaces and blank runs removed outside verbatim blocks."""
    verbatim = _verbatim_lines(lines)
    kept: list[str] = []
    for number, line in enumerate(lines):
        if number in verbatim:
            kept.append(line)
            continue
        if _DEBRIS.match(line):
            continue
        stripped = line.rstrip()
        following = lines[number + 1] if number + 1 < len(lines) else ""
        hard_break = (
            stripped and line.endswith("  ") and following.strip() and number + 1 not in verbatim
        )
        if hard_break:
            stripped += "  "  # a hard line break: Markdown meaning, not debris
        if not stripped and kept and not kept[-1] and number - 1 not in verbatim:
            continue  # a run of blank lines outside code: one is enough
        kept.append(stripped)
    return kept


def _comparable(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


#: A slug's most bytes (UTF-8): with a date before it and ``-99.md`` after, a name
#: stays well under the 255 bytes a file name may have.
SLUG_BYTES = 180


def slugify(title: str, limit: int = 60) -> str:
    """A file name's words from ``title``: lower case, accents dropped, joined by ``-``.

    Letters of every script stay: a Russian or Japanese title made every file
    ``briefing.md``, ``briefing-2.md``…, names that said nothing of them.
    """
    slug = re.sub(r"-+", "-", _slug_chars(unicodedata.normalize("NFC", title))).strip("-")
    if len(slug) > limit:
        cut = slug.rfind("-", 0, limit + 1)
        slug = slug[: cut if cut > limit // 2 else limit]
    while len(slug.encode("utf-8")) > SLUG_BYTES:
        slug = slug[:-1]
    return slug.rstrip("-") or "briefing"


def _slug_chars(title: str) -> str:
    """``title``'s characters in a slug: each its ASCII letters if it has some (é → e,
    ﬁ → fi), else itself if it is a letter or digit (й, 東), else a dash. A mark after
    a letter kept as itself stays with it (the vowel signs of हिंदी, the tone of ข่าว:
    they are no letters, and became dashes or were dropped); after others it goes."""
    out: list[str] = []
    kept = False  # whether the last character was kept as itself
    for char in title:
        if unicodedata.category(char).startswith("M"):
            if kept:
                out.append(char)
            continue  # a mark on a letter spelt in ASCII, or on nothing
        plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode().lower()
        kept = not (plain and plain.isalnum()) and char.isalnum()
        out.append(char.lower() if kept else plain if plain.isalnum() else "-")
    return "".join(out)


#: The front-matter key holding the digest of the file as it was written (its
#: own value left out): a file whose text no longer gives it was edited since.
#: A feed item's briefing has one, so an update from the feed replaces only a
#: copy nobody has touched (see :mod:`briefing_tui.core.feed_updates`).
FILE_DIGEST = "file_digest"
#: What :data:`FILE_DIGEST` holds in the front matter given to :func:`render_briefing`
#: (which writes the digest in its place), and while the digest is computed.
UNSEALED = "sha256:" + "0" * 16
_SEAL = re.compile(rf"^{FILE_DIGEST}: (sha256:[0-9a-f]{{16}})[ \t]*$", re.MULTILINE)


def render_briefing(front: dict[str, object], body: str) -> str:
    """Front matter and body as the text of a briefing file.

    A :data:`FILE_DIGEST` of :data:`UNSEALED` is filled in with the digest of
    the text itself (that line holding :data:`UNSEALED`).
    """
    import yaml  # here, not at the top: every `briefing search` imports this module, and
    # PyYAML (10 ms) only when a briefing is written or a changed one read

    header = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000).strip()
    text = f"---\n{header}\n---\n\n{body}"
    if front.get(FILE_DIGEST) == UNSEALED:
        text = text.replace(f"{FILE_DIGEST}: {UNSEALED}", f"{FILE_DIGEST}: {_digest(text)}", 1)
    return text


def _digest(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def as_written(text: str) -> bool | None:
    """Whether a briefing's text is still what :func:`render_briefing` wrote (its
    :data:`FILE_DIGEST` matches), or ``None`` when it carries no digest."""
    found = _SEAL.search(text)
    if found is None:
        return None
    start, end = found.span(1)
    return _digest(text[:start] + UNSEALED + text[end:]) == found.group(1)


def _day_of(timestamp: float) -> datetime | None:
    """The local day of a file time, at midnight; ``None`` for a time the
    platform cannot convert."""
    try:
        return datetime.combine(datetime.fromtimestamp(timestamp).date(), datetime.min.time())
    except (OverflowError, OSError, ValueError):
        return None


def _refusal(split: SplitResult) -> str | None:
    """Why a text file is not imported: no text at all, or front matter that cannot be read.

    An empty file became a briefing titled "Untitled" holding nothing; front
    matter that is not YAML (or not closed) was dropped without a word, its
    title, date and tags lost, and the fixed file was then refused as already
    in the library (same text). A file's front matter read with a lesser
    problem (a key given twice) is imported, as the library reads it, and so
    is one whose ``---`` is never closed (its text is all kept, as the body).
    """
    lost = unreadable(split.problems) if split.had_front_matter else None
    if lost:  # one key's problem (a date that is not a date) is imported, with a warning
        return f"{lost}: fix it and import the file again"
    if not split.body.strip() and not split.front.title:
        return "an empty file: no text to import"
    return None if split.had_front_matter else _data_refusal(split.body)


def _data_refusal(text: str) -> str | None:
    """Why JSON is not imported as a briefing: a claims export given to ``import``
    (or the app's Add) became a briefing titled "{" holding the JSON, a newcomer walk."""
    import json

    stripped = text.strip()
    if not stripped.startswith(("{", "[")):
        return None
    try:
        data = json.loads(stripped)
    except ValueError:  # text that starts with a brace: imported as text
        return None
    if not isinstance(data, dict | list):
        return None
    from briefing_tui.core.exchange.native import FORMAT_NAME
    from briefing_tui.core.exchange.w3c import is_w3c

    if is_w3c(data):
        return "W3C Web Annotations, not an article: briefing import-annotations reads them"
    if isinstance(data, dict) and data.get("format") == FORMAT_NAME:
        return "a claims export, not an article: briefing import-annotations reads it"
    return "JSON data, not an article's text"


def import_files(
    files: Iterable[Path],
    folder: Path,
    options: ImportOptions,
    known_texts: set[str],
    *,
    on_created: Callable[[Path], None] | None = None,
) -> ImportReport:
    """Import ``files`` into ``folder``; ``known_texts`` holds body fingerprints already there.

    Bad files are reported and the batch goes on. ``known_texts`` is updated,
    so the same text twice in one batch is imported once.
    """
    report = ImportReport()
    date_override = parse_date(options.date) if options.date else None
    if options.date and date_override is None:
        raise ValueError(f"--date {options.date!r} is not an ISO date (YYYY-MM-DD)")
    for path in files:
        try:
            info = path.stat()
            if not path.is_file():
                report.failed.append((path, "not a regular file"))
                continue
            if info.st_size > MAX_IMPORT_BYTES:
                report.failed.append((path, "larger than 5 MB"))
                continue
            data = path.read_bytes()
        except OSError as error:
            report.failed.append((path, error.strerror or str(error)))
            continue
        if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            report.failed.append((path, "binary file (contains NUL bytes)"))
            continue
        text, _ = decode_text(data)
        split = split_front_matter(clean_text(text))
        found = split.front
        refused = _refusal(split)
        if refused:
            report.failed.append((path, refused))
            continue
        title, body = clean_article(split.body, options.title or found.title)
        # A headline alone is told apart by its title (and so gets an id of its own).
        fingerprint = import_key(title, text_fingerprint(body))
        if fingerprint in known_texts:
            report.skipped.append((path, "already in the library"))
            continue
        # Without a date of its own, the text is dated by its file's modification
        # day, written down: the library would infer the date from the new
        # file's time, which each edit moves (an edited note jumped to the top).
        stated = date_override or found.date
        when = stated or _day_of(info.st_mtime)
        front: dict[str, object] = {
            "id": found.id or f"b{hashlib.sha256(fingerprint.encode()).hexdigest()[:12]}",
            "title": title,
        }
        if when is not None:
            midnight = when == datetime(when.year, when.month, when.day)
            front["date"] = when.date() if midnight else when
        for key, value in (
            ("source", options.source or found.source),
            ("url", options.url or found.url),
        ):
            if value:
                front[key] = clean_line(value)
        url = front.get("url")
        url_warning = None
        if isinstance(url, str) and not is_web_url(url):
            url_warning = (
                f"url {url!r} is not an absolute http(s) address: kept as text, "
                "never exported as the briefing's address"
            )
        tags = [normalize_tag(t) for t in [*found.tags, *options.tags]]
        tags = [t for i, t in enumerate(tags) if t and t not in tags[:i]]
        if tags:
            front["tags"] = tags
        if found.summary:
            front["summary"] = found.summary
        front["imported_from"] = clean_line(path.name)
        stem = (f"{stated:%Y-%m-%d}-" if stated else "") + slugify(title)
        content = render_briefing(front, body)
        try:  # whole or not at all, never over another file
            target = create_new(folder, stem, content.encode("utf-8"), sync_folder=False)
        except OSError as error:
            report.failed.append((path, f"cannot write into {folder}: {error.strerror or error}"))
            continue
        known_texts.add(fingerprint)
        report.created.append(target)
        if url_warning:
            report.warnings.append((path, url_warning))
        if on_created is not None:
            on_created(target)
    if report.created:
        fsync_folder(folder)
    return report
