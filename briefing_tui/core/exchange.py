"""Taking claims out of the library and bringing them back.

Export formats (``briefing export --format F``):

``md``
    A cited claims report to paste into a memo: grouped by briefing (title,
    date, source, URL, tags), each claim a block quote with its status, tags,
    note and where it stands (paragraph, character offsets, file); orphaned
    claims in a section of their own.
``json``
    The project's own lossless format, versioned: ``{"format": "briefing-tui",
    "version": 1, "exported_at": ..., "documents": [...], "claims": [...]}``.
    Documents and claims are sorted by id (claims by briefing, then position),
    so two exports of the same data are byte for byte equal but for
    ``exported_at``.
``csv``
    One row per claim, UTF-8 with a byte order mark (spreadsheets then read
    it as UTF-8), cells with newlines quoted. A text cell starting with
    ``= + - @``, a tab or a carriage return gets a leading ``'`` so that a
    spreadsheet does not run it as a formula.
``w3c``
    A W3C Web Annotation collection (JSON-LD) that meets every MUST of the
    Web Annotation Data Model's conformance tests (``tests/standards/``):
    each claim an ``Annotation`` (with its own ``@context``) whose target is
    a ``SpecificResource``: ``source`` ``urn:briefing-tui:<doc id>`` (one URL
    may be several briefings), the briefing's web address, when it is an
    absolute http(s) IRI, as ``via``, a ``TextQuoteSelector`` and a
    ``TextPositionSelector``, and our extension terms (``briefing:`` is
    ``urn:briefing-tui:ns:`` in the ``@context``) ``briefing:anchor``,
    ``briefing:contentHash`` and, for a fuzzy claim, ``briefing:candidate``.
    The note is a ``commenting`` ``TextualBody``, each tag a ``tagging`` one,
    the status an ``assessing`` one. An empty selection is a collection of
    ``total`` 0 without a page; otherwise ``first`` is the one embedded page
    and ``last`` names it.

Import (:func:`load_annotations` then :func:`import_annotations`) reads the
``json`` and ``w3c`` formats. The whole file is checked before anything is
written; documents are matched by content hash (when it names a briefing:
a front-matter id two files share is ambiguous), then identity, then URL;
another tool's W3C source (a path, a bare id, a ``file:`` or web URL) is
resolved to the briefing it names, else to the one holding its quotes;
claims are re-anchored on the current text with the rules of sync; a claim
whose briefing is not in the library is kept, orphaned, on a document record
without a file; a claim whose id is that of a claim here on another briefing
or quote is a conflict, reported and never applied. Importing the same file
twice adds nothing.

Nothing here imports Textual: the CLI and the app both call it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
import re
import stat
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, NoReturn
from urllib.parse import quote as url_quote
from urllib.parse import unquote as url_unquote
from urllib.parse import urlsplit

from whoosh.lang.porter import stem as porter_stem

from .anchoring import Selector, make_selector, reanchor_all
from .backup import output_target
from .claims import ANCHOR_STATES, STATUSES, Claim, clean_tags
from .documents import Briefing
from .frontmatter import normalize_tag
from .importer import is_web_url
from .plaintext import BLOCK_SEPARATOR
from .query import And, Node, Not, Or, Phrase, Word, parse
from .sanitize import clean_line, clean_text
from .store import DocumentRecord, effective_tags, user_tag_changes
from .workspace import Workspace

FORMAT_NAME = "briefing-tui"
FORMAT_VERSION = 1
FORMATS = ("md", "json", "csv", "w3c")
#: File name extension of each format (``w3c`` is JSON-LD).
EXTENSIONS = {"md": ".md", "json": ".json", "csv": ".csv", "w3c": ".jsonld"}
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: Our extension terms (``briefing:anchor``...), named in every ``@context`` we write.
BRIEFING_NS = "urn:briefing-tui:ns:"
W3C_CONTEXTS: list[Any] = [W3C_CONTEXT, {"briefing": BRIEFING_NS}]
#: The purpose of the body that carries a claim's status (tags are ``tagging`` bodies).
STATUS_PURPOSE = "assessing"
URN = "urn:briefing-tui:"
CLAIM_URN = URN + "claim:"
CSV_COLUMNS = (
    "title",
    "date",
    "source",
    "quote",
    "status",
    "tags",
    "note",
    "anchor",
    "id",
    "doc_id",
    "path",
    "url",
    "start",
    "end",
    "created",
    "updated",
)
#: Longest id (of a document or a claim) an imported file may carry.
MAX_ID = 200
#: Largest character offset an imported file may carry (SQLite stops at 2**63).
MAX_OFFSET = 2**40


class ExchangeError(Exception):
    """A file that cannot be imported (or written); the message says why."""


# --- Which claims: the selection of ``briefing claims QUERY`` ----------------------------

#: Query fields that describe one claim, so a query also filters claims by them.
CLAIM_FILTER_FIELDS = ("status", "tag", "anchor")
#: Claim fields matched by words (stemmed, as search matches them).
CLAIM_TEXT_FIELDS = ("note", "claim")
_WORD = re.compile(r"[^\W_]+")


def _stems(text: str) -> list[str]:
    return [porter_stem(word) for word in _WORD.findall(text.lower())]


def _says(text: str, wanted: list[str], prefix: bool) -> bool:
    """Whether ``text`` holds the words ``wanted`` (stems, in a row), the last one
    as a prefix when ``prefix``: ``note:source`` on each claim's own note."""
    if not wanted:
        return False
    words = _WORD.findall(text.lower())
    stems = [porter_stem(word) for word in words]
    size = len(wanted)
    for start in range(len(stems) - size + 1):
        if stems[start : start + size - 1] != wanted[:-1]:
            continue
        last, stem = words[start + size - 1], stems[start + size - 1]
        if (prefix and last.startswith(wanted[-1])) or stem == wanted[-1]:
            return True
    return False


#: (claim, its briefing's record or None) -> does the claim pass.
ClaimTest = Callable[[Claim, DocumentRecord | None], bool]
Chosen = list[tuple[Claim, DocumentRecord | None]]


def _claim_test(node: Node) -> ClaimTest | None:
    """A test on one claim for a node made only of claim terms (status:, tag:,
    anchor:, note:, claim:).

    ``None`` when the node says something else (words, dates...), which only
    the index can decide, per briefing.
    """
    if isinstance(node, Word | Phrase) and node.field in CLAIM_TEXT_FIELDS:
        wanted = _stems(node.text)
        prefix = isinstance(node, Word) and node.prefix
        if node.field == "note":
            return lambda claim, record: _says(claim.note, wanted, prefix)
        return lambda claim, record: _says(claim.quote, wanted, prefix)
    if isinstance(node, Word | Phrase) and node.field in CLAIM_FILTER_FIELDS:
        name = node.field
        value = normalize_tag(node.text) if name == "tag" else node.text.strip().lower()
        prefix = isinstance(node, Word) and node.prefix

        def matches(values: Sequence[str]) -> bool:
            return any(v.startswith(value) if prefix else v == value for v in values)

        if name == "status":
            return lambda claim, record: matches([claim.status])
        if name == "anchor":
            return lambda claim, record: matches([claim.anchor])
        # tag: covers claim tags and, as in search, the briefing's own tags.
        return lambda claim, record: (
            matches(claim.tags) or (record is not None and matches(record.tags))
        )
    if isinstance(node, Not):
        inner = _claim_test(node.child)
        if inner is None:
            return None
        return lambda claim, record: not inner(claim, record)
    if isinstance(node, And | Or):
        tests = [_claim_test(child) for child in node.children]
        if any(test is None for test in tests):
            return None
        known = [test for test in tests if test is not None]
        combine = all if isinstance(node, And) else any
        return lambda claim, record: combine(test(claim, record) for test in known)
    return None


def records_for(ws: Workspace, doc_ids: Iterable[str]) -> dict[str, DocumentRecord]:
    records: dict[str, DocumentRecord] = {}
    for doc_id in doc_ids:
        record = ws.store.get(doc_id)
        if record is not None:
            records[doc_id] = record
    return records


def select_claims(ws: Workspace, text: str) -> Chosen:
    """The claims ``briefing claims QUERY`` lists, grouped by briefing (newest first).

    The query selects briefings as in search. Its top-level terms that are
    only about claims (``status:``, ``tag:``, ``anchor:``, ``note:``,
    ``claim:``, and NOT / OR groups of them) also filter the claims
    themselves. A query made of nothing else is decided on the claims alone,
    so it also finds the claims of briefings whose file is gone. Raises :class:`~.query.QueryError`.
    """
    node = parse(text)
    claims = ws.claims.all()
    tests: list[ClaimTest] = []
    if node is not None:
        children = node.children if isinstance(node, And) else (node,)
        found = [_claim_test(child) for child in children]
        tests = [test for test in found if test is not None]
        if len(tests) < len(found):
            wanted = set(ws.search(text, limit=1, snippets=False).ids)
            claims = [claim for claim in claims if claim.doc_id in wanted]
    records = records_for(ws, {claim.doc_id for claim in claims})
    chosen = [
        (claim, records.get(claim.doc_id))
        for claim in claims
        if all(test(claim, records.get(claim.doc_id)) for test in tests)
    ]
    return group_claims(chosen)


def group_claims(chosen: Chosen) -> Chosen:
    """Briefings newest first (then by title), each briefing's claims in text order."""

    def key(item: tuple[Claim, DocumentRecord | None]) -> tuple[str, str, int, int]:
        claim, record = item
        title = record.title.casefold() if record else ""
        return (title, claim.doc_id, claim.selector.start, claim.selector.end)

    by_title = sorted(chosen, key=key)
    return sorted(by_title, key=lambda item: item[1].date if item[1] else "", reverse=True)


# --- Export ------------------------------------------------------------------------------


@dataclass
class Export:
    """One export, rendered: what to write and what it holds."""

    format: str
    data: bytes
    claims: int
    documents: int


def default_export_name(fmt: str, now: datetime | None = None) -> str:
    """``briefing-claims-YYYYMMDD-HHMMSS.<ext>``: the file name offered by default."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"briefing-claims-{stamp}{EXTENSIONS[fmt]}"


def format_for_path(path: str | os.PathLike[str]) -> str | None:
    """The format a file name's extension implies (``.jsonld`` is ``w3c``), if any."""
    suffix = Path(path).suffix.lower()
    for fmt, extension in EXTENSIONS.items():
        if suffix == extension:
            return fmt
    return {".markdown": "md", ".txt": "md"}.get(suffix)


def export_claims(
    ws: Workspace, fmt: str, query: str = "", *, now: datetime | None = None
) -> Export:
    """Render the claims ``query`` selects (all of them when empty) in ``fmt``.

    Raises :class:`~.query.QueryError` for a query that cannot run and
    ``ValueError`` for an unknown format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    chosen = select_claims(ws, query)
    exported_at = (now or datetime.now()).astimezone().isoformat(timespec="seconds")
    briefings = len({claim.doc_id for claim, _ in chosen})
    if fmt == "json":
        data = build_json(ws, chosen, everything=not query.strip(), exported_at=exported_at)
        return Export(fmt, _json_bytes(data), len(chosen), len(data["documents"]))
    if fmt == "w3c":
        return Export(fmt, _json_bytes(build_w3c(chosen, exported_at)), len(chosen), briefings)
    if fmt == "csv":
        return Export(fmt, render_csv(chosen), len(chosen), briefings)
    texts = indexed_texts(ws, {claim.doc_id for claim, _ in chosen})
    text = render_markdown(chosen, exported_at=exported_at, query=query, texts=texts)
    return Export(fmt, text.encode("utf-8"), len(chosen), briefings)


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_atomic(path: str | os.PathLike[str], data: bytes, *, private: bool = False) -> Path:
    """Write ``data`` to ``path`` via a temporary file and ``os.replace``.

    A reader sees the old file or the new one, never half of one; after a
    crash at most a stray ``.tmp`` file is left. ``private`` files are made
    readable by the user only; others get the usual permissions (umask).
    """
    given = Path(path)
    target, problem = output_target(given)  # a link's target; only a regular file
    if problem:
        raise ExchangeError(problem)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ExchangeError(f"cannot write {given}: the folder {folder} does not exist")
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else None
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if not private:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask if mode is None else mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_folder(folder)
    return given


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not possible on every platform
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _short_date(value: str | None) -> str:
    if not value:
        return ""
    return value[:10] if value.endswith("T00:00:00") or len(value) == 10 else value[:16]


# -- json ----------------------------------------------------------------------------------


def _reading_states(ws: Workspace) -> dict[str, tuple[float, str]]:
    rows = ws.store.query("SELECT doc_id, position, opened_at FROM reading_state")
    return {row[0]: (float(row[1]), row[2]) for row in rows}


def document_json(
    record: DocumentRecord,
    change: tuple[set[str], set[str]] | None,
    reading: tuple[float, str] | None,
) -> dict[str, Any]:
    added, removed = change or (set(), set())
    return {
        "id": record.id,
        "path": record.path,
        "title": record.title,
        "date": record.date,
        "source": record.source,
        "url": record.url,
        "content_hash": record.content_hash,
        "front_tags": list(record.front_tags),
        "tags": list(record.tags),
        "app_tags": {"added": sorted(added), "removed": sorted(removed)},
        "reading": None if reading is None else {"position": reading[0], "opened_at": reading[1]},
    }


def claim_json(claim: Claim) -> dict[str, Any]:
    candidate = None
    if claim.candidate is not None:
        start, end, text = claim.candidate
        candidate = {"start": start, "end": end, "text": text}
    selector = claim.selector
    return {
        "id": claim.id,
        "doc_id": claim.doc_id,
        "content_hash": claim.content_hash,
        "quote": {"exact": selector.exact, "prefix": selector.prefix, "suffix": selector.suffix},
        "position": {"start": selector.start, "end": selector.end},
        "note": claim.note,
        "tags": sorted(claim.tags),
        "status": claim.status,
        "anchor": claim.anchor,
        "candidate": candidate,
        "created": claim.created,
        "updated": claim.updated,
    }


def _claim_order(claim: Claim) -> tuple[str, int, int, str]:
    return (claim.doc_id, claim.selector.start, claim.selector.end, claim.id)


def build_json(ws: Workspace, chosen: Chosen, *, everything: bool, exported_at: str) -> dict:  # type: ignore[type-arg]
    """The lossless export. ``everything``: also briefings with app tags or a reading state."""
    claims = sorted((claim for claim, _ in chosen), key=_claim_order)
    changes = user_tag_changes(ws.store)
    readings = _reading_states(ws)
    doc_ids = {claim.doc_id for claim in claims}
    if everything:
        doc_ids |= set(changes) | set(readings)
    records = {record.id: record for _, record in chosen if record is not None}
    documents = []
    for doc_id in sorted(doc_ids):
        record = records.get(doc_id) or ws.store.get(doc_id)
        if record is None:  # cannot happen (claims reference documents): keep the file valid
            record = DocumentRecord(id=doc_id, path=None, title="", date="")
        documents.append(document_json(record, changes.get(doc_id), readings.get(doc_id)))
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": exported_at,
        "documents": documents,
        "claims": [claim_json(claim) for claim in claims],
    }


# -- csv -----------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str | None) -> str:
    """Text for a spreadsheet cell; one that would start a formula gets a leading ``'``."""
    if not text:
        return ""
    return "'" + text if text.startswith(_FORMULA_START) else text


def render_csv(chosen: Chosen) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for claim, record in chosen:
        writer.writerow(
            [
                _cell(record.title if record else ""),
                _short_date(record.date if record else ""),
                _cell(record.source if record else ""),
                _cell(claim.quote),
                claim.status,
                _cell(", ".join(claim.tags)),
                _cell(claim.note),
                claim.anchor,
                claim.id,
                claim.doc_id,
                _cell(record.path if record else ""),
                _cell(record.url if record else ""),
                claim.selector.start,
                claim.selector.end,
                claim.created,
                claim.updated,
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# -- w3c -----------------------------------------------------------------------------------


def doc_urn(doc_id: str) -> str:
    return URN + url_quote(doc_id, safe="")


def claim_urn(claim_id: str) -> str:
    return CLAIM_URN + url_quote(claim_id, safe="")


def _utc(value: str) -> str:
    """A stored (local, naive) time as the W3C model wants it: UTC with ``Z``."""
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            moment = moment.astimezone()  # naive times are local
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError):  # out of range here (year 1 east of UTC): as stored
        return value


def _local(value: str) -> str:
    """An ISO time (any zone) as the store keeps times: local, naive, to the second."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return moment.isoformat(timespec="seconds")


def web_iri(url: str | None) -> str | None:
    """``url`` as an absolute http(s) IRI fit for a W3C property, or None if it is not one.

    Non-ASCII characters are percent-encoded (the model's JSON schemas want a URI).
    """
    if not url or not is_web_url(url):
        return None
    return url_quote(url, safe="!#$%&'()*+,/:;=?@[]~-._")


def _w3c_bodies_out(claim: Claim) -> list[dict[str, str]]:
    """The note (``commenting``), each tag (``tagging``) and the status (``assessing``)."""
    body: list[dict[str, str]] = []
    if claim.note:
        body.append(
            {
                "type": "TextualBody",
                "value": claim.note,
                "format": "text/plain",
                "purpose": "commenting",
            }
        )
    for tag in claim.tags:
        body.append({"type": "TextualBody", "value": tag, "purpose": "tagging"})
    body.append({"type": "TextualBody", "value": claim.status, "purpose": STATUS_PURPOSE})
    return body


def _w3c_target_out(claim: Claim, record: DocumentRecord | None) -> dict[str, Any]:
    """The passage: the briefing by identity, its web address as ``via``, the anchor state."""
    selector = claim.selector
    target: dict[str, Any] = {"type": "SpecificResource", "source": doc_urn(claim.doc_id)}
    via = web_iri(record.url if record is not None else None)
    if via:
        target["via"] = via
    target["selector"] = [
        {
            "type": "TextQuoteSelector",
            "exact": selector.exact,
            "prefix": selector.prefix,
            "suffix": selector.suffix,
        },
        {"type": "TextPositionSelector", "start": selector.start, "end": selector.end},
    ]
    target["briefing:anchor"] = claim.anchor
    target["briefing:contentHash"] = claim.content_hash
    if claim.candidate is not None:
        start, end, text = claim.candidate
        target["briefing:candidate"] = {"start": start, "end": end, "text": text}
    return target


def annotation_json(claim: Claim, record: DocumentRecord | None) -> dict[str, Any]:
    return {
        "@context": W3C_CONTEXTS,
        "id": claim_urn(claim.id),
        "type": "Annotation",
        "motivation": "commenting" if claim.note else "highlighting",
        "created": _utc(claim.created),
        "modified": _utc(claim.updated),
        "body": _w3c_bodies_out(claim),
        "target": _w3c_target_out(claim, record),
    }


def build_w3c(chosen: Chosen, exported_at: str) -> dict[str, Any]:
    """A W3C Web Annotation collection holding every claim on its one (embedded) page.

    An empty selection is a collection of ``total`` 0 with no page (a page
    holds one annotation or more).
    """
    ordered = sorted(chosen, key=lambda item: _claim_order(item[0]))
    stamp = re.sub(r"[^0-9]", "", exported_at)[:14]
    collection = f"{URN}export:{stamp}"
    data: dict[str, Any] = {
        "@context": W3C_CONTEXTS,
        "id": collection,
        "type": "AnnotationCollection",
        "label": "Claims exported from briefing-tui",
        "created": _utc(exported_at),
        "total": len(ordered),
    }
    if ordered:
        page = f"{collection}:page1"
        data["first"] = {
            "id": page,
            "type": "AnnotationPage",
            "partOf": collection,
            "startIndex": 0,
            "items": [annotation_json(claim, record) for claim, record in ordered],
        }
        data["last"] = page
    return data


# -- md ------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])|&(?=#?\w+;)")
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])")
_MD_BLOCK_START = re.compile(r"^(\s*)([#>+\-=|~])")


def _md_escape(text: str) -> str:
    """Text escaped so Markdown shows it as it reads (inside a line)."""
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), text)


def _md_line(line: str) -> str:
    """A line of text that starts a Markdown line: block markers escaped too."""
    line = _md_escape(line.lstrip())  # leading spaces would make a code block
    line = _MD_ORDERED.sub(r"\1\\\2", line, count=1)
    return _MD_BLOCK_START.sub(r"\1\\\2", line, count=1)


def _md_inline(text: str) -> str:
    return _md_escape(clean_line(text))


def _md_heading(text: str) -> str:
    text = _md_inline(text)
    # A heading's trailing #s would be read as its closing sequence.
    return text[:-1] + "\\#" if text.endswith("#") else text


def _md_code(text: str) -> str:
    """``text`` as a code span, whatever backticks it holds."""
    text = clean_line(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_url(url: str) -> str:
    url = clean_line(url)
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*", url):
        return f"<{url}>"
    return _md_inline(url)


def _md_quote(text: str) -> list[str]:
    lines = []
    for line in clean_text(text).split("\n"):
        lines.append(f"> {_md_line(line)}" if line.strip() else ">")
    return lines


def _md_note(note: str) -> list[str]:
    lines = clean_text(note).strip().split("\n")
    out = []
    for number, line in enumerate(lines):
        text = _md_line(line.strip())
        text = f"Note: {text}" if number == 0 else text
        out.append(text + ("  " if number < len(lines) - 1 and text else ""))
    return out


def indexed_texts(ws: Workspace, doc_ids: Iterable[str]) -> dict[str, str]:
    """Plain texts of briefings as indexed (to number paragraphs without re-reading files)."""
    texts: dict[str, str] = {}
    wanted = sorted(doc_ids)
    if not wanted:
        return texts
    try:
        with ws.index().searcher() as searcher:
            for doc_id in wanted:
                docnum = searcher.document_number(id=doc_id)
                if docnum is not None:
                    texts[doc_id] = searcher.stored_fields(docnum).get("body", "")
    except Exception:  # an index that cannot be read: cite by offsets only
        return {}
    return texts


def _where(
    start: int, end: int, quote: str, record: DocumentRecord | None, text: str | None
) -> str:
    """ "¶ 3, characters 120–175 of `path`": paragraph only when the text confirms it."""
    parts = []
    if text is not None and text[start:end] == quote:
        parts.append(f"¶ {text.count(BLOCK_SEPARATOR, 0, start) + 1}, ")
    parts.append(f"characters {start}–{end}")
    if record is not None and record.path:
        parts.append(f" of {_md_code(record.path)}")
    return "".join(parts)


def _md_briefing(record: DocumentRecord | None, doc_id: str, level: str) -> list[str]:
    if record is None:
        return [f"{level} Unknown briefing {_md_code(doc_id)}", ""]
    lines = [f"{level} {_md_heading(record.title) or _md_code(doc_id)}", ""]
    facts = []
    if record.date:
        facts.append(f"- Date: {_short_date(record.date)}")
    if record.source:
        facts.append(f"- Source: {_md_inline(record.source)}")
    if record.url:
        facts.append(f"- URL: {_md_url(record.url)}")
    if record.tags:
        facts.append(f"- Tags: {_md_inline(', '.join(record.tags))}")
    if record.path:
        facts.append(f"- File: {_md_code(record.path)}")
    else:
        facts.append("- File: gone from the library")
    facts.append(f"- Id: {_md_code(doc_id)}")
    return [*lines, *facts, ""]


def _md_claim(claim: Claim, record: DocumentRecord | None, text: str | None) -> list[str]:
    lines = _md_quote(claim.quote)
    facts = [f"Status: **{claim.status}**"]
    if claim.tags:
        facts.append(f"Tags: {_md_inline(', '.join(claim.tags))}")
    if claim.anchor == "orphaned":
        facts.append("**Orphaned**")
        gone = record is None or record.path is None
        facts.append(
            "the briefing's file is gone from the library"
            if gone
            else "nothing close enough in the briefing's current text"
        )
        where = _where(claim.selector.start, claim.selector.end, claim.quote, record, None)
        facts.append(f"was at {where}")
    elif claim.anchor == "fuzzy" and claim.candidate is not None:
        start, end, now = claim.candidate
        facts.append(f"**Changed**: the passage now reads “{_md_inline(now)}”")
        facts.append(_where(start, end, now, record, text))
    else:
        facts.append(_where(claim.selector.start, claim.selector.end, claim.quote, record, text))
    facts.append(f"Claim {_md_code(claim.id)}")
    lines += ["", " · ".join(facts), ""]
    if claim.note.strip():
        lines += [*_md_note(claim.note), ""]
    return lines


def _by_briefing(chosen: Chosen) -> list[tuple[str, DocumentRecord | None, list[Claim]]]:
    groups: list[tuple[str, DocumentRecord | None, list[Claim]]] = []
    for claim, record in chosen:
        if not groups or groups[-1][0] != claim.doc_id:
            groups.append((claim.doc_id, record, []))
        groups[-1][2].append(claim)
    return groups


def render_markdown(
    chosen: Chosen, *, exported_at: str, query: str = "", texts: dict[str, str] | None = None
) -> str:
    """The cited claims report (``chosen`` grouped as :func:`select_claims` returns it)."""
    texts = texts or {}
    attached = [(claim, record) for claim, record in chosen if claim.anchor != "orphaned"]
    orphaned = [(claim, record) for claim, record in chosen if claim.anchor == "orphaned"]
    briefings = len({claim.doc_id for claim, _ in chosen})
    summary = (
        f"{len(chosen)} claim(s) from {briefings} briefing(s), exported from briefing-tui "
        f"on {exported_at[:10]}"
    )
    if query.strip():
        summary += f" for the query {_md_code(query.strip())}"
    lines = ["# Claims", "", summary + ".", ""]
    for doc_id, record, claims in _by_briefing(attached):
        lines += _md_briefing(record, doc_id, "##")
        for claim in claims:
            lines += _md_claim(claim, record, texts.get(doc_id))
    if orphaned:
        lines += [
            "## Orphaned claims",
            "",
            "These claims lost their passage: its text was rewritten or the briefing's file is "
            "gone. Each quote is as it read when the claim was made.",
            "",
        ]
        for doc_id, record, claims in _by_briefing(orphaned):
            lines += _md_briefing(record, doc_id, "###")
            for claim in claims:
                lines += _md_claim(claim, record, None)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


# --- Import: reading and checking a file -------------------------------------------------


@dataclass
class IncomingDocument:
    id: str
    title: str
    date: str = ""
    path: str | None = None
    source: str | None = None
    url: str | None = None
    content_hash: str = ""
    front_tags: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    reading: tuple[float, str] | None = None
    #: The file's reading position was not a place in a briefing (left out).
    bad_reading: bool = False
    #: Another tool's name for the briefing (a path, an id, a ``file:`` or web URL).
    hint: str | None = None


@dataclass
class IncomingClaim:
    id: str
    doc_id: str
    selector: Selector
    content_hash: str
    note: str
    tags: list[str]
    status: str
    anchor: str
    candidate: tuple[int, int, str] | None
    created: str
    updated: str


@dataclass
class Incoming:
    """A checked file, ready to import."""

    format: str  # "json" or "w3c"
    version: int
    documents: dict[str, IncomingDocument]
    claims: list[IncomingClaim]


class _Checker:
    """Reads values out of a parsed file, failing with where and what is wrong."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, where: str, message: str) -> NoReturn:
        raise ExchangeError(f"{self.name} cannot be imported: {where}: {message}")

    def object(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(where, f"expected an object, found {_kind(value)}")
        return value

    def list(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            self.fail(where, f"expected a list, found {_kind(value)}")
        return value

    def text(self, obj: dict[str, Any], key: str, where: str, *, null: bool = False) -> Any:
        if key not in obj:
            self.fail(where, f"'{key}' is missing")
        value = obj[key]
        if value is None and null:
            return None
        if not isinstance(value, str):
            self.fail(f"{where}.{key}", f"expected text, found {_kind(value)}")
        return value

    def identity(self, obj: dict[str, Any], key: str, where: str) -> str:
        value = self.text(obj, key, where)
        if not value or len(value) > MAX_ID or clean_line(value) != value:
            self.fail(f"{where}.{key}", f"{value[:40]!r} is not a usable id")
        return value

    def integer(self, obj: dict[str, Any], key: str, where: str) -> int:
        if key not in obj:
            self.fail(where, f"'{key}' is missing")
        value = obj[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.fail(f"{where}.{key}", f"expected a whole number >= 0, found {value!r:.40}")
        if value > MAX_OFFSET:
            self.fail(f"{where}.{key}", f"{str(value)[:20]}... is too large for a position")
        return value

    def texts(self, obj: dict[str, Any], key: str, where: str) -> list[str]:
        values = self.list(obj.get(key), f"{where}.{key}")
        for number, value in enumerate(values):
            if not isinstance(value, str):
                self.fail(f"{where}.{key}[{number}]", f"expected text, found {_kind(value)}")
        return values

    def time(self, obj: dict[str, Any], key: str, where: str) -> str:
        value = self.text(obj, key, where)
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            self.fail(f"{where}.{key}", f"{value[:40]!r} is not an ISO date and time")
        if not _in_range(moment):
            self.fail(f"{where}.{key}", f"{value[:40]!r} is out of range (years 1900 to 9998)")
        return value

    def choice(self, obj: dict[str, Any], key: str, where: str, allowed: Sequence[str]) -> str:
        value = self.text(obj, key, where)
        if value not in allowed:
            self.fail(f"{where}.{key}", f"{value[:40]!r} is not one of {', '.join(allowed)}")
        return value


def _in_range(moment: datetime) -> bool:
    """A time every zone can convert (to local and to UTC) and that a claim can carry."""
    try:
        _local(moment.isoformat())
        (moment if moment.tzinfo else moment.astimezone()).astimezone(UTC)
    except (ValueError, OverflowError):
        return False
    return 1900 <= moment.year <= 9998


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), "nothing" if value is None else "a number"
    )


def load_annotations(path: str | os.PathLike[str]) -> Incoming:
    """Read and check an export (``json`` or ``w3c``); raise :class:`ExchangeError` if unfit."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise ExchangeError(f"cannot read {name}: {error.strerror or error}") from error
    return parse_annotations(raw, name)


def parse_annotations(raw: bytes, name: str = "the file") -> Incoming:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExchangeError(
            f"{name} is not UTF-8 text (byte {error.start}): not an export"
        ) from error
    if not text.strip():
        raise ExchangeError(f"{name} is empty")
    try:
        data = json.loads(text)
    except RecursionError as error:
        raise ExchangeError(f"{name} cannot be imported: it is nested too deeply") from error
    except json.JSONDecodeError as error:
        stripped = text.strip()
        truncated = stripped.startswith(("{", "[")) and not stripped.endswith(("}", "]"))
        hint = " (the file looks truncated)" if truncated else ""
        raise ExchangeError(
            f"{name} is not valid JSON{hint}: {error.msg} (line {error.lineno}, "
            f"column {error.colno})"
        ) from error
    except ValueError as error:  # a number of thousands of digits (int conversion limit)
        raise ExchangeError(
            f"{name} cannot be imported: it holds a number too long to read"
        ) from error
    check = _Checker(name)
    if isinstance(data, dict) and "format" in data:
        return _parse_native(data, check)
    if _is_w3c(data):
        return _parse_w3c(data, check)
    raise ExchangeError(
        f'{name} is neither a briefing-tui export ("format": "{FORMAT_NAME}") nor a '
        "W3C Web Annotation collection"
    )


def _parse_native(data: dict[str, Any], check: _Checker) -> Incoming:
    if data.get("format") != FORMAT_NAME:
        check.fail("format", f"{str(data.get('format'))[:40]!r} is not {FORMAT_NAME!r}")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        check.fail("version", f"expected a whole number >= 1, found {version!r:.40}")
    if version > FORMAT_VERSION:
        raise ExchangeError(
            f"{check.name} was written by a newer briefing-tui (format version {version}; this "
            f"one reads version {FORMAT_VERSION}): upgrade briefing-tui to import it"
        )
    documents: dict[str, IncomingDocument] = {}
    for number, item in enumerate(check.list(data.get("documents"), "documents")):
        where = f"documents[{number}]"
        doc = _parse_document(check.object(item, where), where, check)
        if doc.id in documents:
            check.fail(f"{where}.id", f"the document {doc.id!r} appears twice")
        documents[doc.id] = doc
    claims: list[IncomingClaim] = []
    seen: set[str] = set()
    for number, item in enumerate(check.list(data.get("claims"), "claims")):
        where = f"claims[{number}]"
        claim = _parse_claim(check.object(item, where), where, check)
        if claim.id in seen:
            check.fail(f"{where}.id", f"the claim {claim.id!r} appears twice")
        if claim.doc_id not in documents:
            check.fail(f"{where}.doc_id", f"no document {claim.doc_id!r} in the file")
        seen.add(claim.id)
        claims.append(claim)
    return Incoming("json", version, documents, claims)


def _parse_document(obj: dict[str, Any], where: str, check: _Checker) -> IncomingDocument:
    doc = IncomingDocument(
        id=check.identity(obj, "id", where),
        title=clean_line(check.text(obj, "title", where)),
        date=clean_line(check.text(obj, "date", where)),
        path=check.text(obj, "path", where, null=True),
        source=_maybe_line(check.text(obj, "source", where, null=True)),
        url=_maybe_line(check.text(obj, "url", where, null=True)),
        content_hash=check.text(obj, "content_hash", where),
        front_tags=_tags(check.texts(obj, "front_tags", where)),
        tags=_tags(check.texts(obj, "tags", where)),
    )
    app = check.object(obj.get("app_tags"), f"{where}.app_tags")
    doc.added = _tags(check.texts(app, "added", f"{where}.app_tags"))
    doc.removed = _tags(check.texts(app, "removed", f"{where}.app_tags"))
    if "reading" not in obj:
        check.fail(where, "'reading' is missing")
    if obj["reading"] is not None:
        reading = check.object(obj["reading"], f"{where}.reading")
        position = reading.get("position")
        if isinstance(position, bool) or not isinstance(position, int | float):
            check.fail(f"{where}.reading.position", f"expected a number, found {position!r:.40}")
        opened_at = check.time(reading, "opened_at", f"{where}.reading")
        if math.isfinite(position) and position >= 0:
            doc.reading = (float(min(position, MAX_OFFSET)), opened_at)
        else:  # Infinity, NaN, negative: no place in a briefing; left out and reported
            doc.bad_reading = True
    return doc


def _maybe_line(value: str | None) -> str | None:
    return None if value is None else clean_line(value)


def _tags(values: Iterable[str]) -> list[str]:
    return clean_tags(values)


def _parse_claim(obj: dict[str, Any], where: str, check: _Checker) -> IncomingClaim:
    quote = check.object(obj.get("quote"), f"{where}.quote")
    position = check.object(obj.get("position"), f"{where}.position")
    exact = check.text(quote, "exact", f"{where}.quote")
    start = check.integer(position, "start", f"{where}.position")
    end = check.integer(position, "end", f"{where}.position")
    if end < start or end - start != len(exact):
        check.fail(f"{where}.position", f"[{start}, {end}) does not fit a quote of {len(exact)}")
    if not exact:
        check.fail(f"{where}.quote.exact", "the quote is empty")
    candidate = None
    if obj.get("candidate") is not None:
        box = check.object(obj["candidate"], f"{where}.candidate")
        low = check.integer(box, "start", f"{where}.candidate")
        high = check.integer(box, "end", f"{where}.candidate")
        candidate = (low, high, clean_text(check.text(box, "text", f"{where}.candidate")))
    return IncomingClaim(
        id=check.identity(obj, "id", where),
        doc_id=check.identity(obj, "doc_id", where),
        selector=Selector(
            exact=clean_text(exact),
            prefix=clean_text(check.text(quote, "prefix", f"{where}.quote")),
            suffix=clean_text(check.text(quote, "suffix", f"{where}.quote")),
            start=start,
            end=end,
        ),
        content_hash=check.text(obj, "content_hash", where),
        note=clean_text(check.text(obj, "note", where)),
        tags=_tags(check.texts(obj, "tags", where)),
        status=check.choice(obj, "status", where, STATUSES),
        anchor=check.choice(obj, "anchor", where, ANCHOR_STATES),
        candidate=candidate,
        created=check.time(obj, "created", where),
        updated=check.time(obj, "updated", where),
    )


# -- w3c -----------------------------------------------------------------------------------


def _types(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _is_w3c(data: Any) -> bool:
    if isinstance(data, list):
        return bool(data) and all(
            isinstance(item, dict) and "Annotation" in _types(item.get("type")) for item in data
        )
    if not isinstance(data, dict):
        return False
    context = data.get("@context")
    has_context = W3C_CONTEXT in _types(context) or any(
        isinstance(item, str) and item.rstrip("/").endswith("ns/anno.jsonld")
        for item in _types(context)
    )
    kinds = {"AnnotationCollection", "AnnotationPage", "Annotation"}
    return has_context and bool(kinds & set(_types(data.get("type"))))


def _w3c_items(data: Any, check: _Checker) -> list[Any]:
    if isinstance(data, list):
        return data
    kinds = _types(data.get("type"))
    if "Annotation" in kinds:
        return [data]
    if "AnnotationPage" in kinds:
        return _page_items(data, "the page", check)
    if "items" in data:
        return check.list(data["items"], "items")
    first = data.get("first")
    if first is None:
        if data.get("total") in (0, None):
            return []
        check.fail("first", "the collection has no first page")
    if isinstance(first, str):
        check.fail("first", "the collection's pages are not in the file (only a link to them)")
    items: list[Any] = []
    page: Any = first
    number = 0
    while page is not None:
        if isinstance(page, str):
            check.fail(f"page {number + 1}", "the next page is not in the file (only a link)")
        items += _page_items(check.object(page, f"page {number + 1}"), f"page {number + 1}", check)
        page = page.get("next")
        number += 1
        if number > 100_000:
            check.fail("first", "too many pages")
    return items


def _page_items(page: dict[str, Any], where: str, check: _Checker) -> list[Any]:
    return check.list(page.get("items", []), f"{where}.items")


def _parse_w3c(data: Any, check: _Checker) -> Incoming:
    documents: dict[str, IncomingDocument] = {}
    claims: list[IncomingClaim] = []
    seen: set[str] = set()
    now = datetime.now().isoformat(timespec="seconds")
    for number, item in enumerate(_w3c_items(data, check)):
        where = f"annotation {number + 1}"
        annotation = check.object(item, where)
        if "Annotation" not in _types(annotation.get("type")):
            check.fail(f"{where}.type", "not an Annotation")
        target = _w3c_target(annotation.get("target"), where, check)
        source = _w3c_source(target, f"{where}.target", check)
        doc = _w3c_document(source, _w3c_via(target), documents)
        quote, position = _w3c_selectors(target.get("selector"), f"{where}.target", check)
        exact = clean_text(check.text(quote, "exact", f"{where}.TextQuoteSelector"))
        if not exact:
            check.fail(f"{where}.TextQuoteSelector.exact", "the quote is empty")
        start, end = 0, len(exact)
        if position is not None:
            start = check.integer(position, "start", f"{where}.TextPositionSelector")
            end = check.integer(position, "end", f"{where}.TextPositionSelector")
            if end < start:
                check.fail(f"{where}.TextPositionSelector", f"end {end} is before start {start}")
            end = start + len(exact)  # another tool's offsets are a hint; the quote decides
        anchor, content_hash, candidate = _w3c_anchor(target, f"{where}.target", check)
        legacy = _is_ours(annotation) and "briefing:anchor" not in target
        note, tags, status = _w3c_bodies(annotation, where, check, legacy=legacy)
        claim_id = _w3c_claim_id(annotation, source, exact, start, where, check)
        if claim_id in seen:
            check.fail(f"{where}.id", f"the annotation {claim_id!r} appears twice")
        seen.add(claim_id)
        created = check.time(annotation, "created", where) if "created" in annotation else now
        updated = check.time(annotation, "modified", where) if "modified" in annotation else created
        claims.append(
            IncomingClaim(
                id=claim_id,
                doc_id=doc.id,
                selector=Selector(
                    exact=exact,
                    prefix=clean_text(str(quote.get("prefix") or "")),
                    suffix=clean_text(str(quote.get("suffix") or "")),
                    start=start,
                    end=end,
                ),
                content_hash=content_hash,  # "" (another tool's): re-anchored on the text
                note=note,
                tags=tags,
                status=status,
                anchor=anchor,
                candidate=candidate,
                created=_local(created),
                updated=_local(updated),
            )
        )
    for claim in claims:  # the briefing's text when exported: its exact and moved claims'
        doc = documents[claim.doc_id]
        if not doc.content_hash and claim.content_hash and claim.anchor in ("exact", "moved"):
            doc.content_hash = claim.content_hash
    return Incoming("w3c", 1, documents, claims)


def _w3c_target(value: Any, where: str, check: _Checker) -> dict[str, Any]:
    targets = value if isinstance(value, list) else [value]
    for target in targets:
        if isinstance(target, dict) and "source" in target and "selector" in target:
            return target
    check.fail(f"{where}.target", "no target with a source and a selector")


def _w3c_source(target: dict[str, Any], where: str, check: _Checker) -> str:
    """A target's ``source``: an IRI, or an External Web Resource's ``id``."""
    source = target.get("source")
    if isinstance(source, dict):
        return check.text(source, "id", f"{where}.source")
    return check.text(target, "source", where)


def _w3c_via(target: dict[str, Any]) -> str | None:
    """The briefing's web address our export gives as the target's ``via`` (the first)."""
    via = target.get("via")
    if isinstance(via, list):
        via = next((item for item in via if isinstance(item, str)), None)
    return clean_line(url_unquote(via)) if isinstance(via, str) and via else None


def _w3c_anchor(
    target: dict[str, Any], where: str, check: _Checker
) -> tuple[str, str, tuple[int, int, str] | None]:
    """(anchor state, content hash, fuzzy candidate) our export carries; another tool's:
    ``exact`` and no hash, so the claim is re-anchored on the current text."""
    if "briefing:anchor" not in target:
        return "exact", "", None
    anchor = check.choice(target, "briefing:anchor", where, ANCHOR_STATES)
    content_hash = target.get("briefing:contentHash")
    content_hash = content_hash if isinstance(content_hash, str) else ""
    candidate = None
    if isinstance(target.get("briefing:candidate"), dict):
        box = target["briefing:candidate"]
        low = check.integer(box, "start", f"{where}.briefing:candidate")
        high = check.integer(box, "end", f"{where}.briefing:candidate")
        text = clean_text(check.text(box, "text", f"{where}.briefing:candidate"))
        candidate = (low, high, text)
    return anchor, content_hash, candidate


def _is_ours(annotation: dict[str, Any]) -> bool:
    value = annotation.get("id")
    return isinstance(value, str) and value.startswith(CLAIM_URN)


def _w3c_document(
    source: str, via: str | None, documents: dict[str, IncomingDocument]
) -> IncomingDocument:
    """The briefing a target's source names: ``urn:briefing-tui:<id>`` (with its web
    address as ``via``), or another tool's name for it (a URL, a path, an id), which
    :meth:`_Plan.match_documents` resolves against the library."""
    source = clean_line(source)
    doc_id = url_unquote(source[len(URN) :]) if source.startswith(URN) else ""
    usable = (
        not source.startswith(CLAIM_URN)
        and 0 < len(doc_id) <= MAX_ID
        and clean_line(doc_id) == doc_id
    )
    hint = None
    if usable:
        url, title = via, f"Briefing {doc_id}"
    else:
        doc_id = "u" + hashlib.sha256(source.encode("utf-8")).hexdigest()[:12]
        url, title, hint = source, source, source
    if doc_id not in documents:
        documents[doc_id] = IncomingDocument(id=doc_id, title=title, url=url, hint=hint)
    return documents[doc_id]


def _w3c_selectors(
    value: Any, where: str, check: _Checker
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    selectors = value if isinstance(value, list) else [value]
    quote = position = None
    for selector in selectors:
        if not isinstance(selector, dict):
            continue
        kinds = _types(selector.get("type"))
        if "TextQuoteSelector" in kinds and quote is None:
            quote = selector
        elif "TextPositionSelector" in kinds and position is None:
            position = selector
    if quote is None:
        check.fail(f"{where}.selector", "no TextQuoteSelector (a claim needs its quote)")
    return quote, position


def _w3c_bodies(
    annotation: dict[str, Any], where: str, check: _Checker, *, legacy: bool = False
) -> tuple[str, list[str], str]:
    """(note, tags, status). The status is an ``assessing`` body whose value is a status;
    a ``tagging`` body is a tag, ``status:verified`` too. ``legacy``: an export of ours
    from before the status had its own body, where the last ``status:<s>`` tag was it."""
    notes: list[str] = []
    tags: list[str] = []
    status = "open"
    if isinstance(annotation.get("bodyValue"), str):
        notes.append(annotation["bodyValue"])
    body = annotation.get("body", [])
    for number, item in enumerate(body if isinstance(body, list) else [body]):
        if isinstance(item, str):
            continue  # a link to a body elsewhere: nothing to keep
        part = check.object(item, f"{where}.body[{number}]")
        value = part.get("value")
        if not isinstance(value, str):
            continue
        purposes = _types(part.get("purpose"))
        if STATUS_PURPOSE in purposes and value in STATUSES:
            status = value
        elif "tagging" in purposes:
            tags.append(value)
        else:
            notes.append(value)
    if legacy:
        said = [tag for tag in tags if tag.partition(":")[::2] in _LEGACY_STATUS]
        if said:
            status = said[-1].partition(":")[2]
            tags.reverse()
            tags.remove(said[-1])
            tags.reverse()
    return clean_text("\n\n".join(note for note in notes if note)), _tags(tags), status


#: ("status", s) for each status: how exports before the ``assessing`` body said it.
_LEGACY_STATUS = {("status", status) for status in STATUSES}


def _w3c_claim_id(
    annotation: dict[str, Any], source: str, exact: str, start: int, where: str, check: _Checker
) -> str:
    value = annotation.get("id")
    if isinstance(value, str) and value.startswith(CLAIM_URN):
        claim_id = url_unquote(value[len(CLAIM_URN) :])
        if claim_id and len(claim_id) <= MAX_ID and clean_line(claim_id) == claim_id:
            return claim_id
        check.fail(f"{where}.id", f"{value[:60]!r} is not a usable claim id")
    # Another tool's annotation: an id made from its own, so a second import finds it.
    seed = value if isinstance(value, str) and value else f"{source}\n{exact}\n{start}"
    return "w" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:12]


# --- Import: matching and writing -------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did (or, with ``dry_run``, would do)."""

    format: str
    dry_run: bool = False
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    #: Claims left as they are because this store's copy was edited later.
    newer_here: list[str] = field(default_factory=list)
    #: Claims (of the file) whose briefing is not in the library: kept, orphaned.
    missing: list[str] = field(default_factory=list)
    #: Claims of the file whose id a claim here has on another briefing or quote: not applied.
    conflicts: list[str] = field(default_factory=list)
    #: Added claims by anchor state after re-anchoring (moved, fuzzy, orphaned).
    reanchored: Counter[str] = field(default_factory=Counter)
    #: Briefings of the file by how they were found: id, content hash, url, path (another
    #: tool's path or ``file:`` URL), quote (found by its quotes), missing.
    documents: Counter[str] = field(default_factory=Counter)
    #: (old id, new id) of briefings that took the file's identity (same content).
    renamed: list[tuple[str, str]] = field(default_factory=list)
    #: Briefings whose app tags, and reading state, the import changed.
    tags_restored: int = 0
    reading_restored: int = 0
    #: Reading positions of the file that were no place in a briefing (left out).
    reading_dropped: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "dry_run": self.dry_run,
            "added": len(self.added),
            "unchanged": len(self.unchanged),
            "updated": len(self.updated),
            "newer_here": len(self.newer_here),
            "missing": len(self.missing),
            "conflicts": len(self.conflicts),
            "reanchored": {s: self.reanchored.get(s, 0) for s in ("moved", "fuzzy", "orphaned")},
            "documents": {
                how: self.documents.get(how, 0)
                for how in ("id", "content_hash", "url", "path", "quote", "missing")
            },
            "renamed": [list(pair) for pair in self.renamed],
            "tags_restored": self.tags_restored,
            "reading_restored": self.reading_restored,
            "reading_dropped": self.reading_dropped,
            "claims": {
                "added": self.added,
                "updated": self.updated,
                "missing": self.missing,
                "conflicts": self.conflicts,
            },
        }

    def summary(self) -> str:
        total = len(self.added) + len(self.unchanged) + len(self.updated) + len(self.newer_here)
        line = (
            f"{total} claim(s): {len(self.added)} added, "
            f"{len(self.unchanged) + len(self.newer_here)} unchanged, {len(self.updated)} updated"
        )
        if self.missing:
            line += f"; {len(self.missing)} on briefings missing from the library (kept, orphaned)"
        if self.conflicts:
            names = ", ".join(self.conflicts[:5]) + (", …" if len(self.conflicts) > 5 else "")
            line += (
                f"; {len(self.conflicts)} conflict(s) not applied (the id of a claim here on "
                f"another briefing or quote: {names})"
            )
        if self.reading_dropped:
            line += f"; {self.reading_dropped} reading position(s) not valid, left out"
        return ("dry run, nothing written: " if self.dry_run else "") + line


@dataclass
class _Landing:
    """Where an incoming claim ends up in this store."""

    selector: Selector
    content_hash: str
    anchor: str
    candidate: tuple[int, int, str] | None


def _newer(a: str, b: str) -> bool:
    """Whether time ``a`` is later than ``b`` (ISO; zoned times compared in local time)."""
    try:
        return _local(a) > _local(b)
    except ValueError:
        return a > b


def import_annotations(ws: Workspace, incoming: Incoming, *, dry_run: bool = False) -> ImportReport:
    """Bring a checked file's claims, app tags and reading states into the store.

    Call after a sync (claims are re-anchored on the files as they are now).
    Everything is written in one transaction, then the briefings touched are
    re-indexed so search sees their claims and tags.
    """
    report = ImportReport(incoming.format, dry_run=dry_run)
    plan = _Plan(ws, incoming, report)
    plan.match_documents()
    plan.plan_claims()
    plan.plan_tags_and_reading()
    if not dry_run:
        plan.write()
    return report


class _Plan:
    def __init__(self, ws: Workspace, incoming: Incoming, report: ImportReport) -> None:
        self.ws = ws
        self.incoming = incoming
        self.report = report
        rows = ws.store.query(
            "SELECT id, path, content_hash, url, id_from_front, front_tags, problems "
            "FROM documents ORDER BY path IS NULL, id"
        )
        self.known = {row["id"]: row for row in rows}
        self.target: dict[str, str] = {}  # incoming doc id -> id in this store (after renames)
        self.renames: list[tuple[str, str]] = []
        self._old_ids: dict[str, str] = {}
        self.placeholders: list[IncomingDocument] = []
        self.inserts: list[tuple[IncomingClaim, str, _Landing]] = []
        self.updates: list[IncomingClaim] = []
        self.tag_rows: dict[str, dict[str, int]] = {}
        self.readings: dict[str, tuple[float, str]] = {}
        self.touched: set[str] = set()

    # -- documents --------------------------------------------------------------------

    def match_documents(self) -> None:
        docs = sorted(self.incoming.documents.values(), key=lambda doc: doc.id)
        used: set[str] = set()
        how: dict[str, str] = {}

        def take(doc: IncomingDocument, found: str, way: str) -> None:
            self.target[doc.id], how[doc.id] = found, way
            used.add(found)

        # A content hash that names a briefing wins over an id: a front-matter id
        # two files share belongs to whichever file a library saw first.
        for doc in docs:
            row = self.known.get(doc.id)
            if row is not None and doc.content_hash and row["content_hash"] == doc.content_hash:
                take(doc, doc.id, "id")
        by_hash: dict[str, list[str]] = {}
        by_url: dict[str, list[str]] = {}
        for row in self.known.values():
            if row["content_hash"]:
                by_hash.setdefault(row["content_hash"], []).append(row["id"])
            if row["url"]:
                by_url.setdefault(row["url"], []).append(row["id"])
        for doc in docs:
            if doc.id in self.target or not doc.content_hash:
                continue
            free = [i for i in by_hash.get(doc.content_hash, []) if i not in used]
            if free:
                take(doc, free[0], "content_hash")
        for doc in docs:  # edited since (or no hash): the id, when no hash took it
            if doc.id not in self.target and doc.id in self.known and doc.id not in used:
                take(doc, self._by_quotes(doc.id, used), "id")
        for doc in docs:  # another tool's name for a briefing: its id, path or file: URL
            if doc.id not in self.target and doc.hint is not None:
                named = self._by_name(doc.hint)
                if named is not None:
                    take(doc, *named)
        for doc in docs:
            if doc.id in self.target or not doc.url:
                continue
            free = [i for i in by_url.get(doc.url, []) if i not in used]
            if len(free) > 1:  # briefings sharing a web address: the one holding the quotes
                free = [found] if (found := self._holding_quotes(doc.id, free)) else []
            if len(free) == 1:
                take(doc, free[0], "url")
        for doc in docs:  # a W3C file's briefing named nowhere here: the one with its quotes
            if doc.id not in self.target and self.incoming.format == "w3c":
                found = self._holding_quotes(doc.id, self._quoted_in(doc.id))
                if found is not None:
                    take(doc, found, "quote")
        for doc in docs:
            found = self.target.get(doc.id)
            if found is None and doc.id in self.known:  # its id, though another took it
                self.target[doc.id], how[doc.id] = doc.id, "id"
            elif found is None:
                self.target[doc.id], how[doc.id] = doc.id, "missing"
                self.placeholders.append(doc)
            elif (
                how[doc.id] == "content_hash"
                and not self.known[found]["id_from_front"]
                and doc.id not in self.known
            ):
                # The same bytes under another derived id: take the file's identity,
                # so that the next import (and export) agree with the one it came from.
                self.renames.append((found, doc.id))
                self.target[doc.id] = doc.id
            self.report.documents[how[doc.id]] += 1
        self.report.renamed = list(self.renames)
        self._old_ids = {new: old for old, new in self.renames}

    def _by_quotes(self, doc_id: str, used: set[str]) -> str:
        """Of the briefings here whose front matter says ``doc_id``, the one holding most
        of the file's quotes for it (the one that has the id, on a tie)."""
        said = json.dumps(f"front matter id {doc_id!r} is already used")[1:-1]
        shares = [
            row["id"]
            for row in self.known.values()
            if row["id"] not in used and row["id"] != doc_id and said in row["problems"]
        ]
        quotes = [c.selector.exact for c in self.incoming.claims if c.doc_id == doc_id]
        if not shares or not quotes:
            return doc_id

        def found(candidate: str) -> int:
            briefing = self._briefing(candidate)
            return -1 if briefing is None else sum(q in briefing.plain_text for q in quotes)

        return max([doc_id, *shares], key=found)

    def _by_name(self, name: str) -> tuple[str, str] | None:
        """(id, how) of the briefing ``name`` names: an id, a path (absolute, or relative
        to the library), a ``file:`` URL; an absolute path from another machine by its
        longest tail that is a path here."""
        if name in self.known:
            return name, "id"
        if name.lower().startswith("file:"):
            path = url_unquote(urlsplit(name).path)
        elif re.match(r"[A-Za-z][A-Za-z0-9+.-]+:", name):
            return None  # a web URL (or another scheme): matched by url, then by quotes
        else:
            path = name
        try:
            resolved = Path(path).expanduser()
            if not resolved.is_absolute():
                resolved = self.ws.root / resolved
            relative = resolved.resolve().relative_to(self.ws.root).as_posix()
        except (ValueError, OSError, RuntimeError):
            relative = None
        if relative is not None and (record := self.ws.store.by_path(relative)) is not None:
            return record.id, "path"
        parts = [part for part in PurePosixPath(path.replace("\\", "/")).parts if part != "/"]
        for cut in range(len(parts)):
            record = self.ws.store.by_path("/".join(parts[cut:]))
            if record is not None:
                return record.id, "path"
        return None

    def _quotes(self, doc_id: str) -> list[str]:
        return [c.selector.exact for c in self.incoming.claims if c.doc_id == doc_id]

    def _quoted_in(self, doc_id: str) -> list[str]:
        """Briefings whose indexed text has the words of one of the file's quotes for it."""
        found: list[str] = []
        for quote in self._quotes(doc_id)[:5]:
            words = re.findall(r"\w+", quote)[:12]
            if not words:
                continue
            try:
                hits = self.ws.search('"' + " ".join(words) + '"', limit=1, snippets=False)
            except Exception:  # a query the words cannot make, an unreadable index
                continue
            found += [i for i in hits.ids if i not in found]
        return found[:50]

    def _holding_quotes(self, doc_id: str, candidates: Sequence[str]) -> str | None:
        """Of ``candidates``, the one briefing whose text holds most of the file's quotes
        for ``doc_id`` (whitespace aside); None when none holds one, or on a tie."""
        quotes = [" ".join(quote.split()) for quote in self._quotes(doc_id)]
        scores: list[tuple[int, str]] = []
        for candidate in candidates:
            briefing = self._briefing(candidate)
            if briefing is not None:
                text = " ".join(briefing.plain_text.split())
                scores.append((sum(quote in text for quote in quotes), candidate))
        scores.sort(reverse=True)
        if not scores or scores[0][0] == 0 or (len(scores) > 1 and scores[1][0] == scores[0][0]):
            return None
        return scores[0][1]

    def _store_id(self, doc_id: str) -> str:
        """The id a document of this store has now (before the renames are written)."""
        return self._old_ids.get(doc_id, doc_id)

    def _has_file(self, target: str) -> bool:
        row = self.known.get(self._store_id(target))
        return row is not None and row["path"] is not None

    # -- claims -----------------------------------------------------------------------

    def plan_claims(self) -> None:
        landings = self._land_all()
        existing = self.ws.claims.all()
        renamed = {old: new for old, new in self.renames}
        by_id = {claim.id: claim for claim in existing}
        by_key = {}
        for claim in existing:
            doc = renamed.get(claim.doc_id, claim.doc_id)
            by_key.setdefault((doc, claim.quote, claim.selector.start, claim.selector.end), claim)
        for claim in self.incoming.claims:
            target = self.target[claim.doc_id]
            landing = landings[claim.id]
            found = (
                by_id.get(claim.id)
                or by_key.get(
                    (target, claim.selector.exact, claim.selector.start, claim.selector.end)
                )
                or by_key.get(
                    (target, landing.selector.exact, landing.selector.start, landing.selector.end)
                )
            )
            if found is not None and self._conflict(found, claim, target, landing):
                self.report.conflicts.append(claim.id)  # never applied
                continue
            if not self._has_file(target):
                self.report.missing.append(claim.id)
            if found is None:
                self.inserts.append((claim, target, landing))
                self.report.added.append(claim.id)
                if landing.anchor != "exact":
                    self.report.reanchored[landing.anchor] += 1
                self.touched.add(target)
                continue
            same = (found.note, sorted(found.tags), found.status) == (
                claim.note,
                sorted(claim.tags),
                claim.status,
            )
            if same:
                self.report.unchanged.append(found.id)
            elif _newer(claim.updated, found.updated):
                self.updates.append(replace_id(claim, found.id))
                self.report.updated.append(found.id)
                self.touched.add(renamed.get(found.doc_id, found.doc_id))
            else:
                self.report.newer_here.append(found.id)

    def _conflict(self, found: Claim, claim: IncomingClaim, target: str, landing: _Landing) -> bool:
        """The file's claim has the id of a claim here on another briefing or quote."""
        if found.id != claim.id:
            return False  # found by its briefing and quote: the same passage
        doc = dict(self.renames).get(found.doc_id, found.doc_id)
        return doc != target or found.quote not in (claim.selector.exact, landing.selector.exact)

    def _land_all(self) -> dict[str, _Landing]:
        """Each incoming claim re-anchored on its briefing's current text (sync's rules)."""
        landings: dict[str, _Landing] = {}
        stale: dict[str, list[IncomingClaim]] = {}
        texts: dict[str, Briefing | None] = {}
        for claim in self.incoming.claims:
            target = self.target[claim.doc_id]
            if target not in texts:
                texts[target] = self._briefing(target)
            briefing = texts[target]
            if briefing is None:
                # The briefing is not in the library: kept, orphaned, as sync leaves it.
                landings[claim.id] = _Landing(claim.selector, claim.content_hash, "orphaned", None)
            elif claim.content_hash == briefing.content_hash and claim.anchor in ("exact", "moved"):
                # Made on this very text: nothing to re-anchor.
                landings[claim.id] = _Landing(
                    claim.selector, claim.content_hash, claim.anchor, None
                )
            else:
                stale.setdefault(target, []).append(claim)
        for target, claims in stale.items():
            briefing = texts[target]
            assert briefing is not None
            text = briefing.plain_text
            anchors = reanchor_all([claim.selector for claim in claims], text)
            for claim, anchor in zip(claims, anchors, strict=True):
                if anchor.state in ("exact", "moved") and anchor.start is not None:
                    assert anchor.end is not None
                    selector = make_selector(text, anchor.start, anchor.end)
                    landings[claim.id] = _Landing(
                        selector, briefing.content_hash, anchor.state, None
                    )
                elif anchor.state == "fuzzy" and anchor.start is not None:
                    assert anchor.end is not None
                    landings[claim.id] = _Landing(
                        claim.selector,
                        claim.content_hash,
                        "fuzzy",
                        (anchor.start, anchor.end, anchor.text),
                    )
                else:
                    landings[claim.id] = _Landing(
                        claim.selector, claim.content_hash, "orphaned", None
                    )
        return landings

    def _briefing(self, target: str) -> Briefing | None:
        record = self.ws.store.get(self._store_id(target))
        if record is None or record.path is None:
            return None
        briefing = self.ws.read(record)
        return briefing if isinstance(briefing, Briefing) else None

    # -- app tags and reading state ---------------------------------------------------------

    def plan_tags_and_reading(self) -> None:
        current_tags: dict[str, dict[str, int]] = {}
        for row in self.ws.store.query("SELECT doc_id, tag, removed FROM user_tags"):
            current_tags.setdefault(row[0], {})[row[1]] = int(row[2])
        current_reading = {
            row[0]: row[1]
            for row in self.ws.store.query("SELECT doc_id, opened_at FROM reading_state")
        }
        for doc in sorted(self.incoming.documents.values(), key=lambda doc: doc.id):
            target = self.target[doc.id]
            here = self._store_id(target)
            wanted = {tag: 0 for tag in doc.added} | {tag: 1 for tag in doc.removed}
            have = current_tags.get(here, {})
            changed = {tag: flag for tag, flag in wanted.items() if have.get(tag) != flag}
            if changed:
                self.tag_rows[target] = changed
                self.report.tags_restored += 1
                self.touched.add(target)
            self.report.reading_dropped += doc.bad_reading
            if doc.reading is not None:
                opened = current_reading.get(here)
                if opened is None or _newer(doc.reading[1], opened):
                    self.readings[target] = (self._clamp(target, doc.reading[0]), doc.reading[1])
                    self.report.reading_restored += 1

    def _clamp(self, target: str, position: float) -> float:
        """A position (part + fraction) within the briefing's parts, as the reader makes it."""
        briefing = self._briefing(target) if position >= 1 else None
        if briefing is None:
            return position
        from .layout import layout_document

        return min(position, len(layout_document(briefing.body).sections) - 1 + 0.999)

    # -- writing -----------------------------------------------------------------------------

    def write(self) -> None:
        now = datetime.now().isoformat(timespec="seconds")
        # Every briefing this import touches is re-indexed once the transaction
        # is in; recorded first, so a crash before that is caught up by the next sync.
        renamed = {name for pair in self.renames for name in pair}
        with (
            self.ws.pending_reindex(sorted(self.touched | renamed)),
            self.ws.store.transaction() as db,
        ):
            for old, new in self.renames:
                db.execute("UPDATE documents SET id = ? WHERE id = ?", (new, old))
            for doc in self.placeholders:
                db.execute(
                    "INSERT INTO documents (id, path, title, date, content_hash, source, url, "
                    "front_tags, tags, first_seen, missing_since) "
                    "VALUES (?, NULL, ?, ?, ?, ?, ?, ?, '[]', ?, ?)",
                    (
                        doc.id,
                        doc.title,
                        doc.date,
                        doc.content_hash,
                        doc.source,
                        doc.url,
                        json.dumps(doc.front_tags),
                        now,
                        now,
                    ),
                )
            for target, rows in self.tag_rows.items():
                db.executemany(
                    "INSERT OR REPLACE INTO user_tags(doc_id, tag, removed) VALUES (?, ?, ?)",
                    [(target, tag, flag) for tag, flag in rows.items()],
                )
            for target in {*self.tag_rows, *(doc.id for doc in self.placeholders)}:
                self._retag(db, target)
            for target, (position, opened_at) in self.readings.items():
                db.execute(
                    "INSERT OR REPLACE INTO reading_state(doc_id, position, opened_at) "
                    "VALUES (?, ?, ?)",
                    (target, position, opened_at),
                )
            for claim, target, landing in self.inserts:
                selector, candidate = landing.selector, landing.candidate
                db.execute(
                    "INSERT INTO claims (id, doc_id, exact, prefix, suffix, start, end, "
                    "content_hash, note, status, anchor, candidate_start, candidate_end, "
                    "candidate_text, created, updated) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        claim.id,
                        target,
                        selector.exact,
                        selector.prefix,
                        selector.suffix,
                        selector.start,
                        selector.end,
                        landing.content_hash,
                        claim.note,
                        claim.status,
                        landing.anchor,
                        candidate[0] if candidate else None,
                        candidate[1] if candidate else None,
                        candidate[2] if candidate else None,
                        claim.created,
                        claim.updated,
                    ),
                )
                db.executemany(
                    "INSERT INTO claim_tags (claim_id, tag) VALUES (?, ?)",
                    [(claim.id, tag) for tag in claim.tags],
                )
            for claim in self.updates:
                db.execute(
                    "UPDATE claims SET note = ?, status = ?, updated = ? WHERE id = ?",
                    (claim.note, claim.status, claim.updated, claim.id),
                )
                db.execute("DELETE FROM claim_tags WHERE claim_id = ?", (claim.id,))
                db.executemany(
                    "INSERT INTO claim_tags (claim_id, tag) VALUES (?, ?)",
                    [(claim.id, tag) for tag in claim.tags],
                )

    @staticmethod
    def _retag(db: Any, doc_id: str) -> None:
        row = db.execute("SELECT front_tags FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return
        added: set[str] = set()
        removed: set[str] = set()
        for tag, gone in db.execute(
            "SELECT tag, removed FROM user_tags WHERE doc_id = ?", (doc_id,)
        ):
            (removed if gone else added).add(tag)
        tags = effective_tags(json.loads(row[0]), (added, removed))
        db.execute("UPDATE documents SET tags = ? WHERE id = ?", (json.dumps(tags), doc_id))


def replace_id(claim: IncomingClaim, claim_id: str) -> IncomingClaim:
    """The incoming claim, addressed to the store's claim it matched."""
    from dataclasses import replace

    return replace(claim, id=claim_id)
