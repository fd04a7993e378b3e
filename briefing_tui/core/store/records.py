"""Document records: what the store knows of one document, and reading them from rows.

A record is keyed by the document's identity, never by its path (``path`` is
``None`` while its file is missing from the library).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field


@dataclass
class DocumentRecord:
    """What the store knows of one document (a row of ``documents``)."""

    id: str
    path: str | None
    title: str
    date: str
    size: int = 0
    mtime_ns: int = 0
    content_hash: str = ""
    body_hash: str = ""
    date_inferred: bool = False
    source: str | None = None
    url: str | None = None
    summary: str | None = None
    front_tags: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    sketch: bytes | None = None
    id_from_front: bool = False
    first_seen: str = ""
    missing_since: str | None = None


@dataclass(frozen=True)
class DocumentKeys:
    """What an import matches a file's documents by (see :meth:`.Store.document_keys`)."""

    id: str
    path: str | None
    content_hash: str
    url: str | None
    id_from_front: bool
    problems: list[str]


#: The columns :func:`record_from_row` reads, in its order.
COLUMNS = (
    "id, path, title, date, size, mtime_ns, content_hash, body_hash, date_inferred, source, url, "
    "summary, front_tags, tags, problems, sketch, id_from_front, first_seen, missing_since"
)


def record_from_row(row: sqlite3.Row) -> DocumentRecord:
    """The record of a row selected with :data:`COLUMNS`."""
    # By position, in the order of COLUMNS: the app lists every record at start
    # (100,000 at a time), where lookups by name were a third of the cost.
    return DocumentRecord(
        id=row[0],
        path=row[1],
        title=row[2],
        date=row[3],
        size=row[4],
        mtime_ns=row[5],
        content_hash=row[6],
        body_hash=row[7],
        date_inferred=bool(row[8]),
        source=row[9],
        url=row[10],
        summary=row[11],
        front_tags=text_list(row[12]),
        tags=text_list(row[13]),
        problems=text_list(row[14]),
        sketch=row[15],
        id_from_front=bool(row[16]),
        first_seen=row[17],
        missing_since=row[18],
    )


#: Decoded JSON lists by their text: a library has few distinct tag lists, and
#: decoding three per record was most of listing 100,000 records.
_DECODED: dict[str, tuple[str, ...]] = {}


def text_list(text: str) -> list[str]:
    """A column holding a JSON list of text, decoded (a fresh list each call)."""
    if text == "[]":
        return []
    decoded = _DECODED.get(text)
    if decoded is None:
        if len(_DECODED) > 4096:
            _DECODED.clear()
        decoded = _DECODED[text] = tuple(json.loads(text))
    return list(decoded)  # each record gets its own list: callers may change it
