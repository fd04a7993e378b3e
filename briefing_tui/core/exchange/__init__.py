"""Taking claims out of the library and bringing them back.

Export (``briefing export --format F``, the app's export dialog):
:func:`export_claims` renders the claims a query selects (:mod:`.selection`)
in one of four formats, and :func:`write_atomic` (:mod:`.output`) writes it:

``md`` (:mod:`.report`)
    A cited claims report to paste into a memo.
``json`` (:mod:`.native`)
    The project's own lossless format, versioned.
``csv`` (:mod:`.csv_format`)
    One row per claim, safe to open in a spreadsheet.
``w3c`` (:mod:`.w3c`)
    A W3C Web Annotation collection (JSON-LD).

The claims' links and ratings (the analyst's layer) are read once per export
(:mod:`.analyst`); the W3C vocabulary for them is :mod:`.w3c_links`.

Import (:func:`load_annotations` then :func:`import_annotations`) reads the
``json`` and ``w3c`` formats. The whole file is checked before anything is
written (:mod:`.loading`, :mod:`.incoming`); its documents are matched to the
library's briefings (:mod:`.matching`); its claims are re-anchored on the
current text and written in one transaction (:mod:`.landing`), which
returns an :class:`ImportReport`.

The modules import one another in one direction: errors and times, then
selection, incoming, then the formats (native, w3c, csv_format, report),
then export, loading, matching and landing. Nothing here imports Textual:
the CLI and the app both call it.
"""

from __future__ import annotations

from .csv_format import CSV_COLUMNS, render_csv
from .errors import ExchangeError
from .export import (
    EXTENSIONS,
    FORMATS,
    Export,
    default_export_name,
    export_claims,
    format_for_path,
)
from .import_report import ImportReport
from .incoming import MAX_ID, MAX_OFFSET, Incoming, IncomingClaim, IncomingDocument
from .landing import import_annotations, replace_id
from .loading import load_annotations, parse_annotations
from .native import FORMAT_NAME, FORMAT_VERSION, build_json, claim_json, document_json
from .output import write_atomic
from .report import indexed_texts, render_markdown
from .selection import (
    CLAIM_FILTER_FIELDS,
    CLAIM_TEXT_FIELDS,
    Chosen,
    ClaimTest,
    Selection,
    group_claims,
    records_for,
    select_claims,
    select_named,
)
from .w3c import (
    STATUS_PURPOSE,
    annotation_json,
    build_w3c,
    claim_urn,
    doc_urn,
    web_iri,
)
from .w3c_links import BRIEFING_NS, CLAIM_URN, LINK_URN, URN, W3C_CONTEXT, W3C_CONTEXTS

__all__ = [
    "BRIEFING_NS",
    "CLAIM_FILTER_FIELDS",
    "CLAIM_TEXT_FIELDS",
    "CLAIM_URN",
    "CSV_COLUMNS",
    "EXTENSIONS",
    "FORMATS",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "LINK_URN",
    "MAX_ID",
    "MAX_OFFSET",
    "STATUS_PURPOSE",
    "URN",
    "W3C_CONTEXT",
    "W3C_CONTEXTS",
    "Chosen",
    "ClaimTest",
    "ExchangeError",
    "Export",
    "ImportReport",
    "Incoming",
    "IncomingClaim",
    "IncomingDocument",
    "Selection",
    "annotation_json",
    "build_json",
    "build_w3c",
    "claim_json",
    "claim_urn",
    "default_export_name",
    "doc_urn",
    "document_json",
    "export_claims",
    "format_for_path",
    "group_claims",
    "import_annotations",
    "indexed_texts",
    "load_annotations",
    "parse_annotations",
    "records_for",
    "render_csv",
    "render_markdown",
    "replace_id",
    "select_claims",
    "select_named",
    "web_iri",
    "write_atomic",
]
