"""Turning store records into list rows and meta lines (pure functions)."""

from __future__ import annotations

from ..core.store import DocumentRecord
from .widgets.briefing_list import Row


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
    return "  ·  ".join(part for part in parts if part)
