"""Turning store records into list rows and meta lines (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from briefing_tui.core.store import DocumentRecord
from briefing_tui.core.stream import StreamSnapshot
from briefing_tui.tui.widgets.briefing_list import Row
from briefing_tui.tui.widgets.header import META_SEPARATOR


def row_for(record: DocumentRecord, claims: int = 0) -> Row:
    return Row(
        id=record.id,
        title=record.title,
        date=record.date[:10],
        source=record.source or "",
        tags=", ".join(record.tags),
        claims=claims,
    )


def meta_line(record: DocumentRecord) -> str:
    date = record.date[:10] + (" (date inferred)" if record.date_inferred else "")
    parts = [date, record.source or "", record.path or "(missing)"]
    if record.tags:
        parts.append("tags: " + ", ".join(record.tags))
    return META_SEPARATOR.join(part for part in parts if part)


@dataclass(frozen=True)
class Listing:
    """The whole library as the list shows it, made in a worker thread: at
    100,000 briefings making the rows took 0.4 s, too long for the event loop."""

    records: dict[str, DocumentRecord]
    rows: list[Row]  # newest first, the store's order
    rows_by_id: dict[str, Row]
    #: The longest title and tags text (in characters): the list's columns take
    #: the width they need, so a wide terminal shows long tags whole.
    title_width: int = 0
    tags_width: int = 0
    #: The longest source: a library without sources has no source column.
    source_width: int = 18
    #: Every briefing's reading state when the listing was made, if the maker read
    #: it (``None``: the library screen reads it in a worker of its own).
    states: StreamSnapshot | None = None


def _widths(rows: list[Row]) -> tuple[int, int, int]:
    # len, not cell_len: a C call per row (100,000 rows in a few ms); a row of wide
    # characters is only cut a little sooner.
    return (
        max(map(len, (row.title for row in rows)), default=0),
        max(map(len, (row.tags for row in rows)), default=0),
        max(map(len, (row.source for row in rows)), default=0),
    )


def listing_for(
    records: list[DocumentRecord],
    claim_counts: Mapping[str, int],
    states: StreamSnapshot | None = None,
) -> Listing:
    rows = [row_for(record, claim_counts.get(record.id, 0)) for record in records]
    title_width, tags_width, source_width = _widths(rows)
    return Listing(
        records={record.id: record for record in records},
        rows=rows,
        rows_by_id={row.id: row for row in rows},
        title_width=title_width,
        tags_width=tags_width,
        source_width=source_width,
        states=states,
    )


def summary_listing(
    summaries: list[tuple[str, str, str, str | None, list[str]]],
    claim_counts: Mapping[str, int],
    states: StreamSnapshot | None = None,
) -> Listing:
    """The rows alone, from :meth:`Store.list_summaries`: the list is usable
    while the full records (for the preview and the reader) are still read."""
    rows = [
        Row(
            id=doc_id,
            title=title,
            date=date[:10],
            source=source or "",
            tags=", ".join(tags),
            claims=claim_counts.get(doc_id, 0),
        )
        for doc_id, title, date, source, tags in summaries
    ]
    title_width, tags_width, source_width = _widths(rows)
    return Listing(
        records={},
        rows=rows,
        rows_by_id={row.id: row for row in rows},
        title_width=title_width,
        tags_width=tags_width,
        source_width=source_width,
        states=states,
    )


def by_title(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda row: (row.title.casefold(), row.date))
