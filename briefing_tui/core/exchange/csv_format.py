"""The ``csv`` export: one row per claim, for a spreadsheet.

The last four columns are the analyst's: ``credibility`` (1 to 6),
``reliability`` (the source's, A to F), ``event_date`` and ``links`` (each
link as seen from the claim, ``contradicts c1a2b3``, ``supported by c4d5e6``,
separated by ``; ``).

UTF-8 with a byte order mark (spreadsheets then read it as UTF-8), cells with
newlines quoted. A text cell starting with ``= + - @``, a tab or a carriage
return gets a leading ``'`` so that a spreadsheet does not run it as a formula.
"""

from __future__ import annotations

import csv
import io

from ..dates import short_date
from .analyst import Extras
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
    "credibility",
    "reliability",
    "event_date",
    "links",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str | None) -> str:
    """Text for a spreadsheet cell; one that would start a formula gets a leading ``'``."""
    if not text:
        return ""
    return "'" + text if text.startswith(_FORMULA_START) else text


def render_csv(chosen: Chosen, extras: Extras | None = None) -> bytes:
    extras = extras or Extras()
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
                claim.credibility or "",
                extras.reliability(record) or "",
                claim.event_date or "",
                _cell(
                    "; ".join(
                        f"{link.label} {link.claim_id}" for link in extras.links.get(claim.id, [])
                    )
                ),
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
