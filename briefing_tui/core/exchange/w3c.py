"""W3C Web Annotation collections (``w3c``, JSON-LD): writing them and reading them.

An export meets every MUST of the Web Annotation Data Model's conformance
tests (``tests/standards/``): each claim an ``Annotation`` (with its own
``@context``) whose target is a ``SpecificResource``: ``source``
``urn:briefing-tui:<doc id>`` (one URL may be several briefings), the
briefing's web address, when it is an absolute http(s) IRI, as ``via``, a
``TextQuoteSelector`` and, unless the claim is orphaned (placed nowhere), a
``TextPositionSelector``, and our extension terms
(``briefing:`` is ``urn:briefing-tui:ns:`` in the ``@context``)
``briefing:anchor``, ``briefing:contentHash``, ``briefing:path`` (the
briefing's path in the library, by which an import finds it when its id is
unknown there) and, for a fuzzy claim, ``briefing:candidate``. The note is a
``commenting`` ``TextualBody``, each tag a ``tagging`` one, the status an
``assessing`` one; the credibility, the source's reliability and the event
date are ``tagging`` bodies too, and each link between exported claims a
``linking`` annotation of its own (the vocabulary is in :mod:`.w3c_links`).
An empty selection is a collection of ``total`` 0 without a page; otherwise
``first`` is the one embedded page and ``last`` names it.

Reading takes another tool's annotations too: a single annotation, a list, a
page or a collection whose pages are in the file; its source (a path, a bare
id, a ``file:`` or web URL) becomes a hint the import resolves against the
library. A value of the wrong kind (a list, an object, a number, true/false or
null where text belongs, text where an object does) refuses the file in one
line saying where, through the :class:`~.incoming.Checker`, like any other
malformed annotation: it is neither guessed at nor left to end in a traceback.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections import Counter
from datetime import datetime
from typing import Any
from urllib.parse import quote as url_quote
from urllib.parse import unquote as url_unquote

from briefing_tui.core.briefings.importer import is_web_url
from briefing_tui.core.claims.anchoring import Selector
from briefing_tui.core.claims.model import ANCHOR_STATES, Claim
from briefing_tui.core.text.sanitize import clean_line, clean_text

from ..store import DocumentRecord
from .analyst import Extras
from .errors import NoPassage
from .incoming import MAX_ID, Checker, Incoming, IncomingClaim, IncomingDocument, IncomingLink
from .selection import Chosen, claim_order
from .times import as_local, as_utc
from .w3c_links import (
    CLAIM_URN,
    URN,
    W3C_CONTEXT,
    W3C_CONTEXTS,
    is_link,
    link_annotation,
    rating_bodies,
    read_link,
)
from .w3c_parts import STATUS_PURPOSE as STATUS_PURPOSE
from .w3c_parts import read_bodies, w3c_passages

# -- writing


def doc_urn(doc_id: str) -> str:
    return URN + url_quote(doc_id, safe="")


def claim_urn(claim_id: str) -> str:
    return CLAIM_URN + url_quote(claim_id, safe="")


#: A "%" not followed by two hex digits.
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def web_iri(url: str | None) -> str | None:
    """``url`` as an absolute http(s) IRI fit for a W3C property, or None if it is not one.

    Non-ASCII characters are percent-encoded (the model's JSON schemas want a URI).
    """
    if not url or not is_web_url(url):
        return None
    # A "%" that starts no escape (``%zz``, a typo in a url field) is itself encoded: kept,
    # it made ``via`` no URI, and the export failed the model's "via an IRI" (a walk).
    url = _LONE_PERCENT.sub("%25", url)
    return url_quote(url, safe="!#$%&'()*+,/:;=?@[]~-._")


def _w3c_bodies_out(claim: Claim, reliability: str | None = None) -> list[dict[str, str]]:
    """The note (``commenting``), each tag (``tagging``), the status (``assessing``), and
    the credibility, reliability and event date (``tagging``, see :mod:`.w3c_links`)."""
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
    return body + rating_bodies(claim, reliability)


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
        }
    ]
    position = {"start": selector.start, "end": selector.end}
    if claim.anchor in ("exact", "moved"):
        target["selector"].append({"type": "TextPositionSelector", **position})
    elif claim.anchor == "fuzzy":
        # Its quote and place are the text as it was: in the briefing named now, they
        # point another tool at other words (a walk). Kept for our own import only.
        target["briefing:position"] = position
    # (An orphaned claim is placed nowhere: its briefing gone, its quote not found.)
    target["briefing:anchor"] = claim.anchor
    target["briefing:contentHash"] = claim.content_hash
    if record is not None and record.path is not None:
        # Where the briefing is in the library: an import into another store finds it
        # there when its id is unknown (derived from content edited since).
        target["briefing:path"] = record.path
    if claim.candidate is not None:
        start, end, text = claim.candidate
        target["briefing:candidate"] = {"start": start, "end": end, "text": text}
    return target


def annotation_json(
    claim: Claim, record: DocumentRecord | None, reliability: str | None = None
) -> dict[str, Any]:
    return {
        "@context": W3C_CONTEXTS,
        "id": claim_urn(claim.id),
        "type": "Annotation",
        "motivation": "commenting" if claim.note else "highlighting",
        "created": as_utc(claim.created),
        "modified": as_utc(claim.updated),
        "body": _w3c_bodies_out(claim, reliability),
        "target": _w3c_target_out(claim, record),
    }


def build_w3c(chosen: Chosen, exported_at: str, extras: Extras | None = None) -> dict[str, Any]:
    """A W3C Web Annotation collection holding every claim on its one (embedded) page,
    followed by the links among them (``extras``). Its id is
    ``urn:briefing-tui:export:<YYYYMMDDhhmmss>-<random>``, another for each export.

    An empty selection is a collection of ``total`` 0 with no page (a page
    holds one annotation or more).
    """
    ordered = sorted(chosen, key=lambda item: claim_order(item[0]))
    extras = extras or Extras()
    items = [
        annotation_json(claim, record, extras.reliability(record)) for claim, record in ordered
    ]
    items += [link_annotation(row) for row in extras.rows]
    # The time, to the second, and a random part: two exports in one second had one id
    # (and one page id), so a store of collections took the second for the first.
    stamp = re.sub(r"[^0-9]", "", exported_at)[:14]
    collection = f"{URN}export:{stamp}-{secrets.token_hex(6)}"
    data: dict[str, Any] = {
        "@context": W3C_CONTEXTS,
        "id": collection,
        "type": "AnnotationCollection",
        "label": "Claims exported from briefing-tui",
        "created": as_utc(exported_at),
        "total": len(items),
    }
    if items:
        page = f"{collection}:page1"
        data["first"] = {
            "id": page,
            "type": "AnnotationPage",
            "partOf": collection,
            "startIndex": 0,
            "items": items,
        }
        data["last"] = page
    return data


# -- reading


def _types(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def is_w3c(data: Any) -> bool:
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


def _w3c_items(data: Any, check: Checker) -> list[Any]:
    if isinstance(data, list):
        return data
    kinds = check.names(data, "type", "collection")
    if "Annotation" in kinds:
        return [data]
    if "AnnotationPage" in kinds:
        return _page_items(data, "the page", check)
    if "items" in data:
        return check.list(data["items"], "items")
    first = data.get("first")
    if first is None:
        total = data.get("total")
        if total is None or (type(total) is int and total == 0):  # not false, "0", 0.0
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


def _page_items(page: dict[str, Any], where: str, check: Checker) -> list[Any]:
    return check.list(page.get("items", []), f"{where}.items")


def parse_w3c(data: Any, check: Checker) -> Incoming:
    documents: dict[str, IncomingDocument] = {}
    claims: list[IncomingClaim] = []
    links: list[IncomingLink] = []
    seen: set[str] = set()
    left_out: Counter[str] = Counter()  # what claims have no place for: reported
    passageless: list[NoPassage] = []
    now = datetime.now().isoformat(timespec="seconds")
    for number, item in enumerate(_w3c_items(data, check)):
        where = f"annotation {number + 1}"
        annotation = check.object(item, where)
        if "Annotation" not in check.names(annotation, "type", where):
            check.fail(f"{where}.type", "not an Annotation")
        check.optional_text(annotation, "id", where)  # so any id read below is text
        if is_link(annotation, where, check):  # a link between claims (ours), or nothing
            link = read_link(annotation, where, check)
            links += [link] if link is not None else []
            left_out["link of a kind not kept"] += link is None
            continue
        try:
            passages = w3c_passages(annotation.get("target"), where, check, left_out)
        except NoPassage as error:
            # A page note, a position or a fragment alone (Hypothesis exports page
            # notes): left out, said in the report; the file's other annotations land.
            passageless.append(error)
            continue
        note, tags, status, rated = read_bodies(
            annotation,
            where,
            check,
            legacy=_is_ours(annotation) and "briefing:anchor" not in passages[0][0],
            left_out=left_out,
        )
        for key in ("creator", "generator"):  # who made it, with what: no place in a claim
            left_out[key] += key in annotation
        # Several targets: the body is about each of them (model 3.2), so each passage
        # is a claim of its own with the same note, tags and status.
        for index, (target, quote, position) in enumerate(passages):
            if position is None and _is_ours(annotation) and "briefing:position" in target:
                # A fuzzy claim's old place (see _w3c_target_out).
                position = check.object(target["briefing:position"], f"{where}.target.position")
            source = _w3c_source(target, f"{where}.target", check)
            doc = _w3c_document(
                source,
                _w3c_via(target, f"{where}.target", check),
                documents,
                check.optional_text(target, "briefing:path", f"{where}.target"),
            )
            exact = clean_text(check.text(quote, "exact", f"{where}.TextQuoteSelector"))
            around = [
                check.optional_text(quote, key, f"{where}.TextQuoteSelector") or ""
                for key in ("prefix", "suffix")
            ]
            if not exact:
                check.fail(f"{where}.TextQuoteSelector.exact", "the quote is empty")
            start, end = 0, len(exact)
            if position is not None:
                start = check.integer(position, "start", f"{where}.TextPositionSelector")
                end = check.integer(position, "end", f"{where}.TextPositionSelector")
                if end < start:
                    check.fail(
                        f"{where}.TextPositionSelector", f"end {end} is before start {start}"
                    )
                end = start + len(exact)  # another tool's offsets are a hint; the quote decides
            anchor, content_hash, candidate = _w3c_anchor(target, f"{where}.target", check)
            claim_id = _w3c_claim_id(annotation, source, exact, start, where, check, index)
            if claim_id in seen:
                check.fail(f"{where}.id", f"the annotation {claim_id!r} appears twice")
            seen.add(claim_id)
            created = check.time(annotation, "created", where) if "created" in annotation else now
            updated = (
                check.time(annotation, "modified", where) if "modified" in annotation else created
            )
            claims.append(
                IncomingClaim(
                    id=claim_id,
                    doc_id=doc.id,
                    selector=Selector(
                        exact=exact,
                        prefix=clean_text(around[0]),
                        suffix=clean_text(around[1]),
                        start=start,
                        end=end,
                    ),
                    content_hash=content_hash,  # "" (another tool's): re-anchored on the text
                    note=note,
                    tags=tags,
                    status=status,
                    anchor=anchor,
                    candidate=candidate,
                    created=as_local(created),
                    updated=as_local(updated),
                    credibility=rated.get("credibility"),
                    event_date=rated.get("event_date"),
                    rated=_is_ours(annotation) and "briefing:anchor" in target,
                    positioned=position is not None,
                )
            )
    for claim in claims:  # the briefing's text when exported: its exact and moved claims'
        doc = documents[claim.doc_id]
        if not doc.content_hash and claim.content_hash and claim.anchor in ("exact", "moved"):
            doc.content_hash = claim.content_hash
    if passageless and not claims:
        raise passageless[0]  # nothing in the file a claim can hold: refused, as it says
    if passageless:
        left_out["annotation without a quoted passage (a page note, a position alone)"] += len(
            passageless
        )
    kept = [link for link in links if link.from_id in seen and link.to_id in seen]
    left_out["link to a claim not in the file"] += len(links) - len(kept)
    links = kept
    left_out = +left_out  # the kinds met only
    return Incoming("w3c", 1, documents, claims, links=links, left_out=dict(left_out))


def _w3c_source(target: dict[str, Any], where: str, check: Checker) -> str:
    """A target's ``source``: an IRI, or an External Web Resource's ``id``."""
    source = target.get("source")
    if isinstance(source, dict):
        return check.text(source, "id", f"{where}.source")
    return check.text(target, "source", where)


def _w3c_via(target: dict[str, Any], where: str, check: Checker) -> str | None:
    """The briefing's web address our export gives as the target's ``via`` (the first)."""
    via = next(iter(check.names(target, "via", where)), "")
    return clean_line(url_unquote(via)) if via else None


def _w3c_anchor(
    target: dict[str, Any], where: str, check: Checker
) -> tuple[str, str, tuple[int, int, str] | None]:
    """(anchor state, content hash, fuzzy candidate) our export carries; another tool's:
    ``exact`` and no hash, so the claim is re-anchored on the current text."""
    if "briefing:anchor" not in target:
        return "exact", "", None
    anchor = check.choice(target, "briefing:anchor", where, ANCHOR_STATES)
    content_hash = check.optional_text(target, "briefing:contentHash", where) or ""
    candidate = None
    if "briefing:candidate" in target:
        box = check.object(target["briefing:candidate"], f"{where}.briefing:candidate")
        low = check.integer(box, "start", f"{where}.briefing:candidate")
        high = check.integer(box, "end", f"{where}.briefing:candidate")
        text = clean_text(check.text(box, "text", f"{where}.briefing:candidate"))
        candidate = (low, high, text)
    return anchor, content_hash, candidate


def _is_ours(annotation: dict[str, Any]) -> bool:
    value = annotation.get("id")
    return isinstance(value, str) and value.startswith(CLAIM_URN)


def _w3c_document(
    source: str,
    via: str | None,
    documents: dict[str, IncomingDocument],
    path: str | None = None,
) -> IncomingDocument:
    """The briefing a target's source names: ``urn:briefing-tui:<id>`` (with its web
    address as ``via`` and its place in the library as ``briefing:path``), or another
    tool's name for it (a URL, a path, an id), which
    :meth:`~.matching.DocumentMatcher.match_documents` resolves against the library."""
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
    doc = documents[doc_id]
    if usable and path and doc.path is None:
        # Also its name should the briefing be missing here: no title is exported.
        doc.path = doc.title = clean_line(path)
    return doc


def _w3c_claim_id(
    annotation: dict[str, Any],
    source: str,
    exact: str,
    start: int,
    where: str,
    check: Checker,
    index: int = 0,
) -> str:
    value = annotation.get("id")
    if isinstance(value, str) and value.startswith(CLAIM_URN) and not index:
        claim_id = url_unquote(value[len(CLAIM_URN) :])
        if claim_id and len(claim_id) <= MAX_ID and clean_line(claim_id) == claim_id:
            return claim_id
        check.fail(f"{where}.id", f"{value[:60]!r} is not a usable claim id")
    # Another tool's annotation (or a target after the first of one of ours): an id made
    # from its own, so a second import finds it.
    seed = value if isinstance(value, str) and value else f"{source}\n{exact}\n{start}"
    if index:  # the annotation's second target and on: a claim each, an id each
        seed += f"\ntarget {index}"
    return "w" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:12]
