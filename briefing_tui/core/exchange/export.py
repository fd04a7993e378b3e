"""Export: the formats, their file names, and rendering the selected claims in one.

``md`` (:mod:`.report`), ``json`` (:mod:`.native`), ``csv``
(:mod:`.csv_format`) and ``w3c`` (:mod:`.w3c`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..workspace import Workspace
from .analyst import gather
from .csv_format import render_csv
from .native import build_json
from .report import indexed_texts, render_markdown
from .selection import Chosen, select_claims
from .w3c import build_w3c

FORMATS = ("md", "json", "csv", "w3c")
#: File name extension of each format (``w3c`` is JSON-LD).
EXTENSIONS = {"md": ".md", "json": ".json", "csv": ".csv", "w3c": ".jsonld"}


@dataclass
class Export:
    """One export, rendered: what to write and what it holds."""

    format: str
    data: bytes
    claims: int
    documents: int


def default_export_name(fmt: str, now: datetime | None = None) -> str:
    """``claims-YYYYMMDD-HHMMSS.<ext>``: the file name offered by default, in the app's
    own ``exports/`` folder (``briefing-claims-…jsonld`` broke one letter short of the
    notice's width at 80 columns)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"claims-{stamp}{EXTENSIONS[fmt]}"


def format_for_path(path: str | os.PathLike[str]) -> str | None:
    """The format a file name's extension implies (``.jsonld`` is ``w3c``), if any."""
    suffix = Path(path).suffix.lower()
    for fmt, extension in EXTENSIONS.items():
        if suffix == extension:
            return fmt
    return {".markdown": "md", ".txt": "md"}.get(suffix)


def export_claims(
    ws: Workspace,
    fmt: str,
    query: str = "",
    *,
    now: datetime | None = None,
    chronology: bool = False,
    chosen: Chosen | None = None,
) -> Export:
    """Render the claims ``query`` selects (all of them when empty) in ``fmt``; the ``md``
    report with a chronology when ``chronology``.

    ``chosen`` is the selection when the caller made it already: the CLI's, by
    :func:`.selection.select_named`, where a lone DOC names a briefing as in
    ``briefing claims DOC``; ``query`` then only names it in the report.
    Raises :class:`~.query.QueryError` for a query that cannot run and
    ``ValueError`` for an unknown format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if chosen is None:
        chosen = select_claims(ws, query)
    exported_at = (now or datetime.now()).astimezone().isoformat(timespec="seconds")
    briefings = len({claim.doc_id for claim, _ in chosen})
    everything = not query.strip()
    extras = gather(ws, chosen, everything=everything)
    if fmt == "json":
        data = build_json(ws, chosen, everything=everything, exported_at=exported_at, extras=extras)
        return Export(fmt, _json_bytes(data), len(chosen), len(data["documents"]))
    if fmt == "w3c":
        data = build_w3c(chosen, exported_at, extras)
        return Export(fmt, _json_bytes(data), len(chosen), briefings)
    if fmt == "csv":
        return Export(fmt, render_csv(chosen, extras), len(chosen), briefings)
    texts = indexed_texts(ws, {claim.doc_id for claim, _ in chosen})
    text = render_markdown(
        chosen,
        exported_at=exported_at,
        query=query,
        texts=texts,
        extras=extras,
        chronology=ws.analysis.timeline_of(chosen, "day") if chronology else None,
    )
    return Export(fmt, text.encode("utf-8"), len(chosen), briefings)


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
