"""Claim links: making and removing them, reading them from either end, the claims
linked to one (the contradictions view), and the credibility they suggest.

A link is stored once, in the direction it was made (``a contradict b``);
seen from ``b`` it reads "contradicted by". ``contradict`` and ``repeat`` read
the same both ways, so the reverse of one is the same link. Every rule is
checked before anything is written, and again inside the write's transaction
(a claim deleted meanwhile is refused, never half-linked).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from briefing_tui.core.claims.model import Claim
from briefing_tui.core.claims.store import ClaimStore
from briefing_tui.core.claims.vocabulary import SYMMETRIC, Relation, check_relation, source_key

from ..resolving import ClaimNotFound, resolve_claim
from ..store import LinkRow, Store
from .model import AnalysisError, ClaimLink, CredibilitySuggestion, LinkResult


def _claim(claims: ClaimStore, ref: str) -> Claim:
    try:
        return resolve_claim(claims, ref.strip())
    except ClaimNotFound as error:
        raise AnalysisError(str(error)) from error


def _ends(store: Store, from_ref: str, relation: str, to_ref: str) -> tuple[Claim, Relation, Claim]:
    """Both claims and the relation, checked: each exists, and they are two."""
    kind = check_relation(relation)
    claims = ClaimStore(store)
    first, second = _claim(claims, from_ref), _claim(claims, to_ref)
    if first.id == second.id:
        raise AnalysisError(f"a claim cannot {kind} itself ({first.id})")
    return first, kind, second


def add_link(store: Store, from_ref: str, relation: str, to_ref: str) -> LinkResult:
    """Link two claims (ids or unique prefixes); one transaction. A link already there
    (the reverse too, for ``contradict`` and ``repeat``) is ``exists``: nothing changes."""
    first, kind, second = _ends(store, from_ref, relation, to_ref)
    now = datetime.now().isoformat(timespec="seconds")
    outcome = store.add_link(first.id, kind, second.id, now, either_way=kind in SYMMETRIC)
    if outcome == "missing_from":
        raise AnalysisError(f"no claim with id {first.id!r}: it was deleted meanwhile")
    if outcome == "missing_to":
        raise AnalysisError(f"no claim with id {second.id!r}: it was deleted meanwhile")
    return LinkResult(outcome, first.id, kind, second.id)


def remove_link(store: Store, from_ref: str, relation: str, to_ref: str) -> LinkResult:
    """Remove a link; :class:`.AnalysisError` when there is none to remove."""
    kind = check_relation(relation)
    claims = ClaimStore(store)
    first, second = _claim(claims, from_ref), _claim(claims, to_ref)
    removed = store.remove_link(first.id, kind, second.id, either_way=kind in SYMMETRIC)
    if not removed:
        raise AnalysisError(f"{first.id} does not {kind} {second.id}: there is no such link")
    return LinkResult("removed", first.id, kind, second.id)


def _seen_from(row: LinkRow, claim_id: str, anchors: dict[str, str] | None) -> ClaimLink:
    outgoing = row.from_id == claim_id
    other = row.to_id if outgoing else row.from_id
    return ClaimLink(
        relation=check_relation(row.relation),
        outgoing=outgoing,
        claim_id=other,
        created=row.created,
        anchor=anchors.get(other) if anchors is not None else None,
    )


def links_by_claim(
    store: Store, claim_ids: Collection[str] | None = None, *, anchors: bool = True
) -> dict[str, list[ClaimLink]]:
    """Each claim's links (of ``claim_ids``, or every claim's), as seen from it: outgoing
    first, by relation, then the other claim's id. ``anchors``: with the other claim's
    anchor state (one more query)."""
    rows = store.link_rows(claim_ids)
    wanted = set(claim_ids) if claim_ids is not None else None
    states = ClaimStore(store).anchors({r.from_id for r in rows} | {r.to_id for r in rows})
    found: dict[str, list[ClaimLink]] = {}
    for row in rows:
        for end in (row.from_id, row.to_id):
            if wanted is None or end in wanted:
                found.setdefault(end, []).append(_seen_from(row, end, states if anchors else None))
    for links in found.values():
        links.sort(key=lambda link: (not link.outgoing, link.relation, link.claim_id))
    return found


def suggest_credibility(store: Store, claim: Claim) -> CredibilitySuggestion | None:
    """Credibility 1 when a claim of another source repeats or supports ``claim`` (a
    suggestion to show; nothing is set). ``None`` when there is nothing to suggest, or
    the claim is rated 1 already."""
    if claim.credibility == 1:
        return None
    backing: list[str] = []
    for link in links_by_claim(store, [claim.id], anchors=False).get(claim.id, []):
        if link.relation == "repeat" or (link.relation == "support" and not link.outgoing):
            backing.append(link.claim_id)
    if not backing:
        return None
    claims = ClaimStore(store)
    own = _source_of(store, claim.doc_id)
    chosen: list[str] = []
    sources: list[str] = []
    for other_id in backing:
        other = claims.get(other_id)
        written = _source_of(store, other.doc_id) if other is not None else None
        if written and source_key(written) != source_key(own):
            chosen.append(other_id)
            if written not in sources:
                sources.append(written)
    if not chosen:
        return None
    return CredibilitySuggestion(1, chosen, sources)


def suggestions_for(store: Store, claims: Sequence[Claim]) -> dict[str, CredibilitySuggestion]:
    """:func:`suggest_credibility` for many claims in three queries (their links, the
    backing claims' briefings, those briefings' sources): a list's rows, each with its
    suggestion, without a query per row. Claims with nothing to suggest are left out."""
    asked = [claim for claim in claims if claim.credibility != 1]
    if not asked:
        return {}
    links = links_by_claim(store, [claim.id for claim in asked], anchors=False)
    backing: dict[str, list[str]] = {}
    for claim in asked:
        for link in links.get(claim.id, []):
            if link.relation == "repeat" or (link.relation == "support" and not link.outgoing):
                backing.setdefault(claim.id, []).append(link.claim_id)
    if not backing:
        return {}
    others = ClaimStore(store).doc_ids_of({i for ids in backing.values() for i in ids})
    records = store.get_many({*others.values(), *(claim.doc_id for claim in asked)})

    def source(doc_id: str | None) -> str | None:
        record = records.get(doc_id) if doc_id is not None else None
        return record.source if record is not None else None

    found: dict[str, CredibilitySuggestion] = {}
    for claim in asked:
        own = source_key(source(claim.doc_id))
        chosen: list[str] = []
        sources: list[str] = []
        for other_id in backing.get(claim.id, []):
            written = source(others.get(other_id))
            if written and source_key(written) != own:
                chosen.append(other_id)
                if written not in sources:
                    sources.append(written)
        if chosen:
            found[claim.id] = CredibilitySuggestion(1, chosen, sources)
    return found


def _source_of(store: Store, doc_id: str) -> str | None:
    record = store.get(doc_id)
    return record.source if record is not None else None
