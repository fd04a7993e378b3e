"""The analyst's layer of one workspace (``Workspace.analysis``): claim links, source
reliability and claim credibility, the timeline and the overview.

Reads are safe from any thread (the store's pooled read connections). Writes
(:meth:`Analysis.link`, :meth:`Analysis.unlink`, :meth:`Analysis.rate_source`)
are one store transaction each; in the app they belong on the writer thread,
under the core lock, as every other write. A claim's credibility and event
date are written with the claim (:meth:`..workspace.Workspace.update_claim`).
None of these writes touch the search index: the analyst's query terms are
answered from the store (:mod:`.terms`), so they are right the moment a write
is committed.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from briefing_tui.core.claims.model import Claim
from briefing_tui.core.claims.vocabulary import rating, source_key

from ..store import DocumentRecord
from . import links as _links
from . import sources as _sources
from .model import (
    AnalysisError,
    ClaimLink,
    CredibilitySuggestion,
    LinkResult,
    PickerItem,
    Related,
    RelatedClaims,
    SourceInfo,
)
from .overview import Overview, build_overview
from .terms import TermAnswers
from .timeline import Granularity, Timeline, build_timeline

if TYPE_CHECKING:
    from briefing_tui.core.workspace import Workspace

#: Relations the contradictions view shows.
SIDE_BY_SIDE = ("contradict", "support")


class Analysis:
    """The analyst's layer of one :class:`~briefing_tui.core.workspace.Workspace`."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # -- links ------------------------------------------------------------------------

    def link(self, from_ref: str, relation: str, to_ref: str) -> LinkResult:
        """``from_ref relation to_ref`` (claim ids or unique prefixes; ``contradicts``
        is ``contradict``). Raises :class:`.AnalysisError` (a claim linked to itself,
        a claim that does not exist) or :class:`..claims.vocabulary.VocabularyError`
        (a relation that does not exist); nothing is changed then."""
        return _links.add_link(self.ws.store, from_ref, relation, to_ref)

    def unlink(self, from_ref: str, relation: str, to_ref: str) -> LinkResult:
        """Remove a link (``contradict`` and ``repeat``: made in either direction)."""
        return _links.remove_link(self.ws.store, from_ref, relation, to_ref)

    def links_of(self, claim_id: str) -> list[ClaimLink]:
        """One claim's links as seen from it, outgoing first."""
        return _links.links_by_claim(self.ws.store, [claim_id]).get(claim_id, [])

    def links_by_claim(
        self, claim_ids: Collection[str] | None = None
    ) -> dict[str, list[ClaimLink]]:
        """Each claim's links (of ``claim_ids``, or of every claim), as seen from it."""
        return _links.links_by_claim(self.ws.store, claim_ids)

    def related(self, claim_id: str, relations: Sequence[str] = SIDE_BY_SIDE) -> RelatedClaims:
        """The contradictions view: a claim and every claim linked to it by ``relations``
        (either direction), with their briefings and ratings."""
        claim = self.ws.claims.get(claim_id)
        if claim is None:
            raise AnalysisError(f"no claim with id {claim_id!r}")
        grades = _sources.reliabilities(self.ws.store)
        record = self.ws.store.get(claim.doc_id)
        others: list[Related] = []
        for link in self.links_of(claim.id):
            other = self.ws.claims.get(link.claim_id)
            if link.relation not in relations or other is None:
                continue
            other_record = self.ws.store.get(other.doc_id)
            grade = _grade(grades, other_record)
            others.append(
                Related(link, other, other_record, grade, rating(grade, other.credibility))
            )
        grade = _grade(grades, record)
        return RelatedClaims(claim, record, grade, rating(grade, claim.credibility), others)

    def picker(self, exclude: str | None = None) -> ClaimPicker:
        """The link picker's claims, read once; search them as the user types."""
        rows = self.ws.claims.picker_rows()
        items = [PickerItem(*row) for row in rows if row[0] != exclude]
        return ClaimPicker(items)

    def suggest_credibility(self, claim: Claim | str) -> CredibilitySuggestion | None:
        """Credibility 1 when claims of other sources repeat or support it; never set."""
        found = self.ws.claims.get(claim) if isinstance(claim, str) else claim
        return _links.suggest_credibility(self.ws.store, found) if found is not None else None

    def suggestions(self, claims: Sequence[Claim]) -> dict[str, CredibilitySuggestion]:
        """:meth:`suggest_credibility` for a list's claims at once (three queries), by
        claim id; claims with nothing to suggest are left out."""
        return _links.suggestions_for(self.ws.store, claims)

    # -- sources and ratings ------------------------------------------------------------

    def sources(self) -> list[SourceInfo]:
        """Every source with its counts of briefings and claims and its rating."""
        return _sources.list_sources(self.ws.store)

    def source(self, name: str) -> SourceInfo:
        """A source by any spelling; :class:`.UnknownSource` if no briefing names it."""
        return _sources.find_source(self.ws.store, name)

    def rate_source(
        self, name: str, *, reliability: str | None = None, note: str | None = None
    ) -> SourceInfo:
        """Rate a source A to F (``""`` clears), with a note (``""`` clears); ``None``
        leaves either as it is. Raises :class:`.UnknownSource`, :class:`.AnalysisError`
        or :class:`..claims.vocabulary.VocabularyError` (a grade that is not one)."""
        return _sources.rate_source(self.ws.store, name, reliability=reliability, note=note)

    def reliabilities(self) -> dict[str, str]:
        """Every rated source's grade, by source key (:func:`source_key`)."""
        return _sources.reliabilities(self.ws.store)

    def reliability_of(self, record: DocumentRecord | None) -> str | None:
        """The grade of a briefing's source (``None``: no source, or not rated)."""
        return _grade(self.reliabilities(), record)

    def rating_of(self, claim: Claim, record: DocumentRecord | None) -> str | None:
        """``B2``: the source's reliability and the claim's credibility (see :func:`rating`)."""
        return rating(self.reliability_of(record), claim.credibility)

    # -- timeline and overview ----------------------------------------------------------

    def timeline(self, query: str = "", by: Granularity = "month") -> Timeline:
        """The claims ``query`` selects (as ``briefing claims``), placed by event date.
        Raises :class:`~..search.query.QueryError` for a query that cannot run."""
        from ..exchange.selection import select_claims

        return self.timeline_of(select_claims(self.ws, query), by)

    def timeline_of(
        self, chosen: Sequence[tuple[Claim, DocumentRecord | None]], by: Granularity = "month"
    ) -> Timeline:
        """The timeline of claims already selected (the claims screen's)."""
        return build_timeline(chosen, self.reliabilities(), by)

    def overview(self) -> Overview:
        return build_overview(self.ws.store)

    # -- query terms ----------------------------------------------------------------------

    def term_ids(self, key: str) -> set[str]:
        """The briefings an analyst's query term selects (search's id filter)."""
        return TermAnswers(self.ws.store).doc_ids(key)

    def terms(self) -> TermAnswers:
        """The answers to the analyst's terms for one query (claim tests, briefing ids)."""
        return TermAnswers(self.ws.store)


class ClaimPicker:
    """Every claim, for the link picker: :meth:`search` as the user types (each word,
    case-insensitive, somewhere in the quote, the note or the briefing's title)."""

    def __init__(self, items: list[PickerItem]) -> None:
        self.items = items
        self._haystacks = [f"{item.quote}\n{item.note}\n{item.title}".casefold() for item in items]

    def search(self, text: str, limit: int = 50) -> list[PickerItem]:
        words = text.casefold().split()
        found: list[PickerItem] = []
        for item, haystack in zip(self.items, self._haystacks, strict=True):
            if all(word in haystack for word in words):
                found.append(item)
                if len(found) >= limit:
                    break
        return found


def _grade(grades: dict[str, str], record: DocumentRecord | None) -> str | None:
    return grades.get(source_key(record.source)) if record is not None else None


__all__ = ["Analysis", "ClaimPicker"]
