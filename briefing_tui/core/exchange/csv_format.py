"""The ``csv`` export: one row per claim, for a spreadsheet.

UTF-8 with a byte order mark (spreadsheets then read it as UTF-8), cells with
newlines quoted. A text cell starting with ``= + - @``, a tab or a carriage
return gets a leading ``'`` so that a spreadsheet does not run it as a formula.
"""

from __future__ import annotations

import csv
import io

from ..dates import short_date
from .selection import Chosen

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
                short_date(record.date if record else ""),
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
