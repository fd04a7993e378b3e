"""Terms the index cannot decide: reading states (``is:unread`` …), kept in the store.

The store says which briefings are read, new or changed; :class:`IdFilter`
turns such a set of ids into the documents of a searcher, so the term
combines with the rest of the query like any other: as a set when matching
(:func:`.postings.docnum_set`), as a list of documents when ranking (it adds
nothing to a score). Reading the searcher's ``id`` column is cached per
searcher; the filter itself is made once per search.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Collection
from typing import Any

from whoosh import matching
from whoosh import query as wq
from whoosh.reading import IndexReader, TermNotFound
from whoosh.searching import Searcher

from .postings import column_values, deleted_docnums

#: A reading state's name (``read``, ``new``, ``changed``), an analyst's term
#: (``links:contradict``, ``credibility:12``...) or an exact source
#: (``source=:reuters``, the source's key), to the ids of the briefings it
#: selects. Supplied by the workspace (the store knows them).
StateIds = Callable[[str], Collection[str]]

#: Ids are looked up one by one (a term each) when there are fewer than the
#: documents over this; else the whole id column is read.
LOOKUP_RATIO = 20

#: What a filter adds to the score of a document it lets through: nothing
#: that changes an order (Whoosh reads a weight of 0 as "no weight", 1.0).
FILTER_WEIGHT = 1e-9


class IdFilter(wq.Query):  # type: ignore[misc]  # Whoosh is untyped
    """The live documents whose id is in ``ids`` (with ``complement``, not in it)."""

    def __init__(self, ids: Collection[str], *, complement: bool = False, label: str = "") -> None:
        self.ids = ids if isinstance(ids, set | frozenset) else frozenset(ids)
        self.complement = complement
        self.label = label
        self.boost = 1.0

    def __repr__(self) -> str:
        return f"IdFilter({self.label or len(self.ids)!r}, complement={self.complement})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, IdFilter)
            and other.complement == self.complement
            and other.label == self.label
            and other.ids == self.ids
        )

    def __hash__(self) -> int:
        return hash((IdFilter, self.label, self.complement, len(self.ids)))

    def estimate_size(self, ixreader: IndexReader) -> int:
        total = int(ixreader.doc_count_all())
        return max(0, total - len(self.ids)) if self.complement else min(total, len(self.ids))

    def docnums(self, searcher: Searcher, reader: IndexReader | None = None) -> set[int]:
        """The live document numbers of ``reader`` (the searcher's own by default) let through."""
        own = reader is None or reader is searcher.reader()
        reader = searcher.reader() if reader is None else reader
        if not reader.has_column("id"):
            return set()  # no documents yet
        if not self.complement and len(self.ids) * LOOKUP_RATIO < reader.doc_count_all():
            # A few ids (the briefings of a claim term): each looked up by its term,
            # not the whole id column read (10,000 reads on a fresh searcher).
            found = _looked_up(reader, self.ids)
        elif own:
            found = self._from_column(column_values(searcher, "id"))
        else:
            found = self._from_column(list(reader.column_reader("id")))
        if own:
            return found - deleted_docnums(searcher, reader)
        if reader.has_deletions():
            found = {docnum for docnum in found if not reader.is_deleted(docnum)}
        return found

    def _from_column(self, column: list[Any]) -> set[int]:
        wanted = self.ids
        if self.complement:
            return {docnum for docnum, doc_id in enumerate(column) if doc_id not in wanted}
        return {docnum for docnum, doc_id in enumerate(column) if doc_id in wanted}

    def matcher(self, searcher: Searcher, context: Any = None) -> matching.Matcher:
        found = self.docnums(searcher)
        if not found:
            return matching.NullMatcher()
        return matching.ListMatcher(array("I", sorted(found)), all_weights=FILTER_WEIGHT)


def _looked_up(reader: IndexReader, ids: Collection[str]) -> set[int]:
    """The document numbers holding these ids (deleted ones too: the caller drops them)."""
    found: set[int] = set()
    for doc_id in ids:
        try:
            found.update(reader.postings("id", doc_id).all_ids())
        except (KeyError, TermNotFound):
            continue
    return found


def only_filters(query: wq.Query) -> bool:
    """True when nothing in ``query`` is scored by words (only ``is:`` filters):
    such a query lists its matches newest first, as an empty one does."""
    if isinstance(query, IdFilter | wq.Every):
        return True
    if isinstance(query, wq.And | wq.Or | wq.AndNot):
        return all(only_filters(child) for child in query.children())
    return False
