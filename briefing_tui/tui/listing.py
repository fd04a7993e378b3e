"""Turning store records into list rows and meta lines (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from briefing_tui.core.store import DocumentRecord
from briefing_tui.core.stream import StreamSnapshot
from briefing_tui.tui.widgets.briefing_list import Row
from briefing_tui.tui.widgets.header import META_SEPARATOR
from briefing_tui.tui.widgets.list_columns import ColumnNeeds


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
    #: The longest title, tags and source text: the list's columns take the width
    #: they need (a wide terminal shows long tags whole; no sources, no source column).
    needs: ColumnNeeds = field(default_factory=ColumnNeeds)
    #: Every briefing's reading state when the listing was made, if the maker read
    #: it (``None``: the library screen reads it in a worker of its own).
    states: StreamSnapshot | None = None


def listing_for(
    records: list[DocumentRecord],
    claim_counts: Mapping[str, int],
    states: StreamSnapshot | None = None,
) -> Listing:
    rows = [row_for(record, claim_counts.get(record.id, 0)) for record in records]
    return Listing(
        records={record.id: record for record in records},
        rows=rows,
        rows_by_id={row.id: row for row in rows},
        needs=ColumnNeeds.of(rows),
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
    return Listing(
        records={},
        rows=rows,
        rows_by_id={row.id: row for row in rows},
        needs=ColumnNeeds.of(rows),
        states=states,
    )


def by_title(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda row: (row.title.casefold(), row.date))
