"""The project's own lossless format (``json``): writing it and reading it back.

``{"format": "briefing-tui", "version": 2, "exported_at": ..., "documents":
[...], "claims": [...], "links": [...], "sources": [...]}``, and in a whole
export ``"saved_searches": [...]``. Version 2 added the analyst's layer: each
claim's ``credibility`` and ``event_date``, the ``links`` among the exported
claims (``{from, relation, to, created}``) and the ratings of their sources
(``{name, reliability, note, updated}``; every rated source in a whole
export). A version 1 file imports as before: its claims keep the ratings and
event dates they have here.
Documents and claims are sorted by id (claims by briefing, then position), so
two exports of the same data are byte for byte equal but for ``exported_at``.
Each document carries its app tags and reading state (its position, and
``read``: when it was marked read and its content hash then; not the text as
read, which stays in the store and its backups), so an import restores them.
``read`` and ``saved_searches`` came after version 1's first files: a file
without them imports as before, and a reader of that time ignores them.
"""

from __future__ import annotations

import math
from typing import Any

from briefing_tui.core.claims.anchoring import Selector
from briefing_tui.core.claims.model import ANCHOR_STATES, STATUSES, Claim
from briefing_tui.core.claims.vocabulary import (
    MAX_SOURCE_NOTE,
    RELATIONS,
    VocabularyError,
    check_credibility,
    check_event_date,
    check_reliability,
)
from briefing_tui.core.tags import clean_tags
from briefing_tui.core.text.sanitize import clean_line, clean_text

from ..store import DocumentRecord, SavedSearchError, user_tag_changes
from ..store.saved_searches import clean_name, clean_query
from ..workspace import Workspace
from .analyst import Extras
from .errors import ExchangeError
from .incoming import (
    MAX_OFFSET,
    Checker,
    Incoming,
    IncomingClaim,
    IncomingDocument,
    IncomingLink,
    IncomingSource,
)
from .selection import Chosen, claim_order
from .times import as_local, as_zoned

FORMAT_NAME = "briefing-tui"
FORMAT_VERSION = 2

# -- writing


def document_json(
    record: DocumentRecord,
    change: tuple[set[str], set[str]] | None,
    reading: tuple[float, str] | None,
    read: tuple[str, str] | None = None,
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
        "reading": None
        if reading is None
        else {"position": reading[0], "opened_at": as_zoned(reading[1])},
        "read": None if read is None else {"read_at": as_zoned(read[0]), "content_hash": read[1]},
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
        "created": as_zoned(claim.created),
        "updated": as_zoned(claim.updated),
        "credibility": claim.credibility,
        "event_date": claim.event_date,
    }


def build_json(
    ws: Workspace,
    chosen: Chosen,
    *,
    everything: bool,
    exported_at: str,
    extras: Extras | None = None,
) -> dict[str, Any]:
    """The lossless export. ``everything``: also briefings with app tags or a reading state."""
    claims = sorted((claim for claim, _ in chosen), key=claim_order)
    changes = user_tag_changes(ws.store)
    readings = ws.store.reading_states()
    reads = ws.store.read_times()
    doc_ids = {claim.doc_id for claim in claims}
    if everything:
        doc_ids |= set(changes) | set(readings) | set(reads)
    records = {record.id: record for _, record in chosen if record is not None}
    documents = []
    for doc_id in sorted(doc_ids):
        record = records.get(doc_id) or ws.store.get(doc_id)
        if record is None:  # cannot happen (claims reference documents): keep the file valid
            record = DocumentRecord(id=doc_id, path=None, title="", date="")
        documents.append(
            document_json(record, changes.get(doc_id), readings.get(doc_id), reads.get(doc_id))
        )
    data = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": exported_at,
        "documents": documents,
        "claims": [claim_json(claim) for claim in claims],
        "links": [
            {
                "from": row.from_id,
                "relation": row.relation,
                "to": row.to_id,
                "created": as_zoned(row.created),
            }
            for row in (extras.rows if extras else [])
        ],
        "sources": [
            {
                "name": row.name,
                "reliability": row.reliability,
                "note": row.note,
                "updated": as_zoned(row.updated),
            }
            for row in (extras.sources if extras else [])
        ],
    }
    if everything:
        data["saved_searches"] = [
            {
                "name": row.name,
                "query": row.query,
                "position": row.position,
                "created": as_zoned(row.created),
            }
            for row in ws.store.saved_searches()
        ]
    return data


# -- reading


def parse_native(data: dict[str, Any], check: Checker) -> Incoming:
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
    links = _parse_links(data, check, seen) if version >= 2 else []
    sources = _parse_sources(data, check) if version >= 2 else []
    return Incoming("json", version, documents, claims, _parse_saved(data, check), links, sources)


def _parse_links(data: dict[str, Any], check: Checker, claims: set[str]) -> list[IncomingLink]:
    """The links among the file's claims (each end a claim of the file)."""
    links: list[IncomingLink] = []
    for number, item in enumerate(check.list(data.get("links", []), "links")):
        where = f"links[{number}]"
        obj = check.object(item, where)
        ends = (check.identity(obj, "from", where), check.identity(obj, "to", where))
        for end in ends:
            if end not in claims:
                check.fail(where, f"no claim {end!r} in the file")
        if ends[0] == ends[1]:
            check.fail(where, f"the claim {ends[0]!r} is linked to itself")
        relation = check.choice(obj, "relation", where, RELATIONS)
        links.append(IncomingLink(ends[0], relation, ends[1], _local(check, obj, "created", where)))
    return links


def _parse_sources(data: dict[str, Any], check: Checker) -> list[IncomingSource]:
    sources: list[IncomingSource] = []
    for number, item in enumerate(check.list(data.get("sources", []), "sources")):
        where = f"sources[{number}]"
        obj = check.object(item, where)
        name = clean_line(check.text(obj, "name", where))
        grade = check.text(obj, "reliability", where, null=True)
        note = clean_text(check.text(obj, "note", where)).strip()
        if not name:
            check.fail(f"{where}.name", "the name is empty")
        if len(note) > MAX_SOURCE_NOTE:
            check.fail(f"{where}.note", f"longer than {MAX_SOURCE_NOTE} characters")
        try:
            grade = check_reliability(grade) if grade is not None else None
        except VocabularyError as error:
            check.fail(f"{where}.reliability", str(error))
        sources.append(IncomingSource(name, grade, note, _local(check, obj, "updated", where)))
    return sources


def _parse_saved(data: dict[str, Any], check: Checker) -> list[tuple[str, str, str]]:
    """The saved searches of a whole export (none in a file made before them)."""
    if data.get("saved_searches") is None:
        return []
    saved: list[tuple[str, str, str]] = []
    names: set[str] = set()
    items = check.list(data["saved_searches"], "saved_searches")
    for number, item in enumerate(items):
        where = f"saved_searches[{number}]"
        obj = check.object(item, where)
        try:
            name = clean_name(check.text(obj, "name", where))
            query = clean_query(check.text(obj, "query", where))
        except SavedSearchError as error:
            check.fail(where, str(error))
        if name.casefold() in names:
            check.fail(f"{where}.name", f"the saved search {name!r} appears twice")
        names.add(name.casefold())
        saved.append((name, query, _local(check, obj, "created", where)))
    return saved


def _parse_document(obj: dict[str, Any], where: str, check: Checker) -> IncomingDocument:
    doc = IncomingDocument(
        id=check.identity(obj, "id", where),
        title=clean_line(check.text(obj, "title", where)),
        date=clean_line(check.text(obj, "date", where)),
        path=check.text(obj, "path", where, null=True),
        source=_maybe_line(check.text(obj, "source", where, null=True)),
        url=_maybe_line(check.text(obj, "url", where, null=True)),
        content_hash=check.text(obj, "content_hash", where),
        front_tags=clean_tags(check.texts(obj, "front_tags", where)),
        tags=clean_tags(check.texts(obj, "tags", where)),
    )
    app = check.object(obj.get("app_tags"), f"{where}.app_tags")
    doc.added = clean_tags(check.texts(app, "added", f"{where}.app_tags"))
    doc.removed = clean_tags(check.texts(app, "removed", f"{where}.app_tags"))
    if "reading" not in obj:
        check.fail(where, "'reading' is missing")
    if obj["reading"] is not None:
        reading = check.object(obj["reading"], f"{where}.reading")
        position = reading.get("position")
        if isinstance(position, bool) or not isinstance(position, int | float):
            check.fail(f"{where}.reading.position", f"expected a number, found {position!r:.40}")
        opened_at = _local(check, reading, "opened_at", f"{where}.reading")
        if math.isfinite(position) and position >= 0:
            doc.reading = (float(min(position, MAX_OFFSET)), opened_at)
        else:  # Infinity, NaN, negative: no place in a briefing; left out and reported
            doc.bad_reading = True
    if obj.get("read") is not None:
        read = check.object(obj["read"], f"{where}.read")
        doc.read = (
            _local(check, read, "read_at", f"{where}.read"),
            clean_line(check.text(read, "content_hash", f"{where}.read")),
        )
    return doc


def _local(check: Checker, obj: dict[str, Any], key: str, where: str) -> str:
    """A time of the file as the store keeps times (local, naive): one written with its
    offset (exports since session 25) is moved to this machine's zone; one without is
    local already, as exports made before wrote it."""
    return as_local(check.time(obj, key, where))


def _maybe_line(value: str | None) -> str | None:
    return None if value is None else clean_line(value)


def _parse_claim(obj: dict[str, Any], where: str, check: Checker) -> IncomingClaim:
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
    credibility, event_date = _parse_ratings(obj, where, check)
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
        tags=clean_tags(check.texts(obj, "tags", where)),
        status=check.choice(obj, "status", where, STATUSES),
        anchor=check.choice(obj, "anchor", where, ANCHOR_STATES),
        candidate=candidate,
        created=_local(check, obj, "created", where),
        updated=_local(check, obj, "updated", where),
        credibility=credibility,
        event_date=event_date,
        rated="credibility" in obj or "event_date" in obj,
    )


def _parse_ratings(
    obj: dict[str, Any], where: str, check: Checker
) -> tuple[int | None, str | None]:
    """A claim's credibility and event date (version 2; absent or null: none)."""
    credibility, event_date = obj.get("credibility"), obj.get("event_date")
    try:
        if credibility is not None:
            if isinstance(credibility, bool) or not isinstance(credibility, int):
                check.fail(f"{where}.credibility", f"expected 1 to 6, found {credibility!r:.40}")
            credibility = check_credibility(credibility)
        if event_date is not None:
            event_date = check_event_date(check.text(obj, "event_date", where))
    except VocabularyError as error:
        check.fail(where, str(error))
    return credibility, event_date
