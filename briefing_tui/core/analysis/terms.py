"""The analyst's query terms, answered from the store: ``links:contradicts``,
``has:links``, ``linked:<claim id>``, ``reliability:A..B``, ``credibility:<=2``.

The query parser checks each value and gives it in one spelling
(:func:`..search.query.analysis_term`): ``links:`` a relation, ``reliability:``
the grades it covers (``AB``), ``credibility:`` the grades (``12``),
``linked:`` the id as typed. :class:`TermAnswers` answers them two ways,
reading the store once per term:

- for search, the briefings a term selects (:meth:`TermAnswers.doc_ids`: those
  with a claim that has such a link or credibility, or whose source is rated
  so), combined with the rest of the query as an id filter;
- for ``briefing claims`` and the claims screen, a test on each claim
  (:meth:`TermAnswers.claim_test`).

A link matches ``links:R`` and ``has:links`` from either end: both claims of a
contradiction are "in a contradiction".
"""

from __future__ import annotations

from collections.abc import Callable

from briefing_tui.core.claims.model import Claim
from briefing_tui.core.claims.store import ClaimStore
from briefing_tui.core.claims.vocabulary import source_key
from briefing_tui.core.search.query import QueryError

from ..resolving import ClaimNotFound, resolve_claim
from ..store import DocumentRecord, LinkRow, Store
from .sources import reliabilities

#: (claim, its briefing's record or None) -> does the claim pass.
ClaimTest = Callable[[Claim, DocumentRecord | None], bool]


class TermAnswers:
    """What the analyst's terms match, read from the store as first asked (one query's
    worth: make a new one per query, so each sees the store as it is then)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._links: list[LinkRow] | None = None
        self._grades: dict[str, str] | None = None

    # -- what is read once --------------------------------------------------------------

    @property
    def links(self) -> list[LinkRow]:
        if self._links is None:
            self._links = self.store.link_rows()
        return self._links

    @property
    def grades(self) -> dict[str, str]:
        """Each rated source's grade, by key."""
        if self._grades is None:
            self._grades = reliabilities(self.store)
        return self._grades

    def linked_claims(self, field: str, value: str) -> set[str]:
        """The claims a ``links:``, ``has:links`` or ``linked:`` term selects."""
        if field == "linked":
            target = self._claim_id(value)
            return {
                row.to_id if row.from_id == target else row.from_id
                for row in self.links
                if target in (row.from_id, row.to_id)
            }
        rows = self.links if field == "has" else [r for r in self.links if r.relation == value]
        return {row.from_id for row in rows} | {row.to_id for row in rows}

    def _claim_id(self, value: str) -> str:
        try:
            return resolve_claim(ClaimStore(self.store), value).id
        except ClaimNotFound as error:
            raise QueryError(f"linked:{value}: {error}") from error

    # -- search: the briefings a term selects ---------------------------------------------

    def doc_ids(self, key: str) -> set[str]:
        """The briefings a term (``field:value`` as the parser spells it) selects."""
        field, _, value = key.partition(":")
        if field in ("links", "linked", "has"):
            claims = self.linked_claims(field, value)
            return set(ClaimStore(self.store).doc_ids_of(claims).values())
        if field == "credibility":
            grades = [int(grade) for grade in value]
            return {doc_id for _, doc_id in self.store.claim_ids_with_credibility(grades)}
        if field == "reliability":
            keys = {key for key, grade in self.grades.items() if grade in value}
            written = [s for s in self.store.distinct_sources() if source_key(s) in keys]
            return self.store.ids_with_sources(written) if written else set()
        raise QueryError(f"{field}: is not a term of links or ratings")

    # -- claims: a test on each ---------------------------------------------------------------

    def claim_test(self, field: str, value: str) -> ClaimTest:
        """The test a term (as the parser spells it) puts to each claim."""
        if field in ("links", "linked", "has"):
            chosen = self.linked_claims(field, value)
            return lambda claim, record: claim.id in chosen
        if field == "credibility":
            grades = {int(grade) for grade in value}
            return lambda claim, record: claim.credibility in grades
        if field == "reliability":
            keys = {key for key, grade in self.grades.items() if grade in value}
            return lambda claim, record: (
                record is not None and source_key(record.source) in keys and bool(keys)
            )
        raise QueryError(f"{field}: is not a term of links or ratings")
