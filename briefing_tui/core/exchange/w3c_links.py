"""The analyst's layer in a W3C Web Annotation collection: links as ``linking``
annotations, ratings and event dates as ``tagging`` bodies, and reading them back.

**A link** ``a contradict b`` is an annotation of its own, with motivation
``linking``: its ``target`` is the other claim's annotation id
(``urn:briefing-tui:claim:b``), its ``body`` the linking claim's annotation id
(``urn:briefing-tui:claim:a``) and a ``TextualBody`` of purpose ``classifying``
whose value is the relation (``support``, ``contradict``, ``repeat``, ``cite``;
read "body *relation* target"). Its id is
``urn:briefing-tui:link:<a>:<relation>:<b>``.

**Ratings and event dates** are ``TextualBody`` bodies of purpose ``tagging``
on the claim's annotation, so any tool shows them as tags, each marked with
the extension term ``briefing:term`` so that a tag of the same spelling stays
a tag:

- ``credibility:N`` (``briefing:term`` ``credibility``): the claim's
  credibility, 1 (confirmed by other sources) to 6 (cannot be judged);
- ``reliability:R`` (``briefing:term`` ``reliability``): its source's
  reliability when exported, A (completely reliable) to F (cannot be
  judged); informative: an import does not rate sources from it;
- ``event-date:YYYY-MM-DD`` (``briefing:term`` ``eventDate``): when the
  reported thing happened.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote as url_quote
from urllib.parse import unquote as url_unquote

from briefing_tui.core.claims.model import Claim
from briefing_tui.core.claims.vocabulary import (
    RELATIONS,
    VocabularyError,
    check_credibility,
    check_event_date,
)
from briefing_tui.core.text.sanitize import clean_line

from ..store import LinkRow
from .incoming import MAX_ID, Checker, IncomingLink
from .times import as_local, as_utc

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
URN = "urn:briefing-tui:"
#: Our extension terms (``briefing:anchor``...), named in every ``@context`` we write.
BRIEFING_NS = URN + "ns:"
W3C_CONTEXTS: list[Any] = [W3C_CONTEXT, {"briefing": BRIEFING_NS}]
CLAIM_URN = URN + "claim:"
LINK_URN = URN + "link:"
#: The extension term marking a body as one of ours, and its values.
TERM = "briefing:term"
CREDIBILITY, RELIABILITY, EVENT_DATE, RELATION = (
    "credibility",
    "reliability",
    "eventDate",
    "relation",
)
_PREFIXES = {CREDIBILITY: "credibility:", RELIABILITY: "reliability:", EVENT_DATE: "event-date:"}


def _claim_urn(claim_id: str) -> str:
    return CLAIM_URN + url_quote(claim_id, safe="")


def rating_bodies(claim: Claim, reliability: str | None) -> list[dict[str, str]]:
    """The ``tagging`` bodies of a claim's credibility, its source's reliability, its
    event date (those it has)."""
    values = {
        CREDIBILITY: str(claim.credibility) if claim.credibility else None,
        RELIABILITY: reliability,
        EVENT_DATE: claim.event_date,
    }
    return [
        {"type": "TextualBody", "value": _PREFIXES[term] + value, "purpose": "tagging", TERM: term}
        for term, value in values.items()
        if value
    ]


def read_rating_body(
    part: dict[str, Any], found: dict[str, Any], where: str, check: Checker
) -> bool:
    """Take a credibility or event date from one of our ``tagging`` bodies into ``found``;
    True when the body was one of ours (so not a tag).

    A ``briefing:term`` or a ``value`` of ours that is not text refuses the file (one
    line, through ``check``), as any malformed annotation does: a list as the term
    ended the import in a traceback, and a number as the value lost the rating
    without a word."""
    term = check.optional_text(part, TERM, where)
    if term not in _PREFIXES:
        return False
    value = check.text(part, "value", where).removeprefix(_PREFIXES[term])
    try:
        if term == CREDIBILITY:
            found["credibility"] = check_credibility(value)
        elif term == EVENT_DATE:
            found["event_date"] = check_event_date(value)
    except VocabularyError:
        pass  # a value of ours no briefing-tui wrote: left out, as another tool's would be
    return True


def link_annotation(row: LinkRow) -> dict[str, Any]:
    """A link as a ``linking`` annotation (see the module docstring)."""
    ends = (url_quote(row.from_id, safe=""), url_quote(row.to_id, safe=""))
    return {
        "@context": W3C_CONTEXTS,
        "id": f"{LINK_URN}{ends[0]}:{row.relation}:{ends[1]}",
        "type": "Annotation",
        "motivation": "linking",
        "created": as_utc(row.created),
        "body": [
            _claim_urn(row.from_id),
            {
                "type": "TextualBody",
                "value": row.relation,
                "purpose": "classifying",
                TERM: RELATION,
            },
        ],
        "target": _claim_urn(row.to_id),
    }


def is_link(annotation: dict[str, Any], where: str, check: Checker) -> bool:
    """A ``linking`` annotation whose target is no passage (a ``source``); a
    ``motivation`` that is not text nor a list of text is refused."""
    motivations = check.names(annotation, "motivation", where)
    return "linking" in motivations and "source" not in _first(annotation.get("target"))


def _first(value: Any) -> dict[str, Any]:
    found = value[0] if isinstance(value, list) and value else value
    return found if isinstance(found, dict) else {}


def _claim_id(value: Any) -> str | None:
    """The claim id an annotation id names (``urn:briefing-tui:claim:<id>``)."""
    if isinstance(value, dict):
        value = value.get("id")
    if not isinstance(value, str) or not value.startswith(CLAIM_URN):
        return None
    claim_id = url_unquote(value[len(CLAIM_URN) :])
    ok = 0 < len(claim_id) <= MAX_ID and clean_line(claim_id) == claim_id
    return claim_id if ok else None


def read_link(annotation: dict[str, Any], where: str, check: Checker) -> IncomingLink | None:
    """The link a ``linking`` annotation of ours says; ``None`` for one that is not
    (another tool's link between things that are not claims: nothing to keep).

    Values of the wrong kind are refused as in a claim's annotation (a target or
    body item that is no IRI nor object, a body ``value`` or a ``created`` that is
    not text), not taken for another tool's link and dropped without a word."""
    targets = check.references(annotation.get("target", []), f"{where}.target")
    to_id = _claim_id(targets[0]) if targets else None
    parts = check.references(annotation.get("body", []), f"{where}.body")
    from_id = next((found for part in parts if (found := _claim_id(part))), None)
    values = [
        check.optional_text(part, "value", f"{where}.body[{number}]")
        for number, part in enumerate(parts)
        if isinstance(part, dict)
    ]
    relation = next((value for value in values if value in RELATIONS), None)
    created = check.optional_text(annotation, "created", where)
    if to_id is None or from_id is None or relation is None or to_id == from_id:
        return None
    try:
        when = as_local(created) if created is not None else ""
    except (ValueError, OverflowError):
        when = ""  # the import dates it now
    return IncomingLink(from_id, relation, to_id, when)
