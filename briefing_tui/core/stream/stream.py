"""The daily stream of one workspace: reading state, saved searches, facets, bulk actions.

:class:`Stream` is what the app and the CLI call (``Workspace.stream``). Its
reads are safe from any thread and never write: the store's reads run on
pooled read connections, and everything that matches queries runs on the
workspace's shared searcher under its search lock (so it takes turns with
searches as you type); they match the index as it is (sync first, as the
CLI does). Its writes (marking, tagging, saved-search changes) are one store
transaction each; in the app they belong on the writer thread, under the
core lock, as every other write.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing_tui.core.briefings.documents import Briefing
from briefing_tui.core.search.query import QueryError, exact_source_key, parse
from briefing_tui.core.store import SavedRow, SavedSearchError

from .facets import Facets
from .kept_facets import KeptFacets
from .reading import (
    DocState,
    NoDiff,
    Reading,
    ReadText,
    StreamCounts,
    StreamSnapshot,
    TextSource,
    WhatChanged,
)
from .saved import SavedSearch, expand_names, names_in, saved_parts

if TYPE_CHECKING:
    from whoosh.searching import Searcher

    from briefing_tui.core.workspace import Workspace


@dataclass(frozen=True, slots=True)
class BulkResult:
    """What a bulk action did: how many briefings the query matched, how many changed."""

    matched: int
    changed: int


class Stream:
    """The stream of one :class:`~briefing_tui.core.workspace.Workspace`."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.reading = Reading(ws.store)
        #: The facet values kept, and the searcher they were read for (see :meth:`kept_facets`).
        self._kept: tuple[KeptFacets | None, weakref.ref[Searcher] | None] = (None, None)
        #: The claims index's generation the kept values were read at: a claim write
        #: moves it without changing the main index's searcher.
        self._kept_claims = -1
        self._facets_lock = threading.Lock()

    # -- visits and states -----------------------------------------------------------------

    def begin_visit(self) -> str | None:
        """Record a visit (the app's start); returns when the previous one began."""
        return self.reading.begin_visit()

    @property
    def since(self) -> str | None:
        """The visit "new" counts from (see :attr:`.Reading.since`)."""
        return self.reading.since

    def snapshot(self) -> StreamSnapshot:
        """Every present briefing's reading state, as id sets (two or three queries)."""
        return self.reading.snapshot()

    def states(self, doc_ids: Iterable[str]) -> dict[str, DocState]:
        return self.reading.states(doc_ids)

    def counts(self, doc_ids: Collection[str] | None = None) -> StreamCounts:
        """Unread, new, changed among ``doc_ids`` (the library when ``None``)."""
        return self.reading.counts(doc_ids)

    # -- marking ---------------------------------------------------------------------------

    def mark_read(self, doc_ids: Sequence[str], texts: TextSource | None = None) -> int:
        """Mark briefings read, keeping their text as it is now: from ``texts`` (the
        reader passes the text it shows), else as the index holds it (the file's
        when the index lacks it). One transaction; returns how many were marked."""
        return self.reading.mark_read(doc_ids, texts or self.current_texts)

    def mark_unread(self, doc_ids: Sequence[str]) -> int:
        """Mark briefings unread; returns how many were read."""
        return self.reading.mark_unread(doc_ids)

    def current_texts(self, doc_ids: list[str]) -> dict[str, ReadText]:
        """The texts of briefings as of the last sync: the index's copy (read a few
        hundred at a time) with the store's content hash; the file for the rest."""
        hashes = self.ws.store.content_hashes(doc_ids)
        stored = self.ws._index.stored_texts(doc_ids)
        texts = {d: ReadText(hashes[d], text) for d, text in stored.items() if d in hashes}
        for doc_id in doc_ids:
            if doc_id not in texts:
                found = self.read_text(doc_id)
                if found is not None:
                    texts[doc_id] = found
        return texts

    def read_text(self, doc_id: str) -> ReadText | None:
        """A briefing's text read from its file now (``None`` if it can't be)."""
        record = self.ws.store.get(doc_id)
        briefing = self.ws.read(record) if record is not None else None
        if not isinstance(briefing, Briefing):
            return None
        return ReadText(briefing.content_hash, briefing.plain_text)

    def what_changed(self, doc_id: str, current: ReadText | None = None) -> WhatChanged | NoDiff:
        """The word diff between the text as last read and ``current`` (default: the
        file now), with the claims it concerns; or why there is none. The reader
        should ask before marking the briefing read again, which replaces the
        text kept."""
        now = current if current is not None else self.read_text(doc_id)
        claims = self.ws.claims.for_document(doc_id)
        return self.reading.what_changed(doc_id, now, claims)

    # -- queries as sets ---------------------------------------------------------------------

    def matching_ids(self, query: str) -> list[str]:
        """Every briefing ``query`` matches (``@NAME`` expanded), newest first, without
        ranking. Raises :class:`QueryError` (a bad query or an unknown ``@NAME``)."""
        return self.ws._index.matching_ids(self.expand(query))

    def source_ids(self, key: str) -> set[str]:
        """The briefings ``source:="…"`` finds: those whose source, folded
        (:func:`~..search.query.exact_source_key`), is ``key``: *Reuters* and
        *REUTERS* for ``reuters``, never *Reuters Africa*."""
        store = self.ws.store
        written = [name for name in store.distinct_sources() if exact_source_key(name) == key]
        return store.ids_with_sources(written) if written else set()

    def expand(self, query: str) -> str:
        """``query`` with a leading ``@NAME`` replaced by that saved search's query.
        Raises :class:`QueryError` for a name that is not saved."""
        if "@" not in query:
            return query
        return self._expanded(query, self.ws.store.saved_searches())

    def _expanded(self, query: str, rows: list[SavedRow]) -> str:
        """:meth:`expand` of an ``@NAME`` query, against the saved searches ``rows``:
        a leading ``@NAME`` (which may hold spaces), then any other ``@NAME`` in the
        terms (``@sport NOT @energy``, ``oil @energy``: see :func:`.expand_names`)."""
        try:
            parts = saved_parts(query, rows)
            if parts is None:
                return expand_names(query, rows)
            saved, rest = parts
            if names_in(saved):
                # A saved search of another (or of itself): one level is run, and the
                # @NAME it leaves was searched as a word and matched nothing, silently.
                raise QueryError(
                    f"{query.split()[0]} stands for {saved.split()[0]}: "
                    "a saved search cannot run another saved search"
                )
            rest = expand_names(rest, rows)
        except SavedSearchError as error:
            raise QueryError(str(error)) from error
        if not rest:
            return saved
        return f"({saved}) {rest}" if saved else rest

    def expand_typed(self, query: str) -> str:
        """:meth:`expand` for the search box, which matches an unfinished last word
        as a prefix and leaves a short one unranked until the typing pauses. The
        saved query of ``@NAME`` is whole: it ends with a space, so that its last
        word is matched and ranked whole, as the saved search is counted and run by
        ``briefing search @NAME`` (``@blair`` listed "blairite" too, and ``@oil``
        newest first however long one waited). Terms typed after the name keep
        their own ending. Raises :class:`QueryError` as :meth:`expand` does."""
        if "@" not in query:
            return query
        rows = self.ws.store.saved_searches()  # read once a keystroke, not twice
        expanded = self._expanded(query, rows)
        parts = saved_parts(query, rows)
        if parts is not None and (not parts[1] or query[-1:].isspace()):
            return expanded + " "
        return expanded

    # -- saved searches ---------------------------------------------------------------------

    def saved(self) -> list[SavedSearch]:
        """The saved searches in order, without counts (one query), each with its
        ``error`` when its query no longer parses."""
        return [self._checked(row) for row in self.ws.store.saved_searches()]

    @staticmethod
    def _checked(row: SavedRow) -> SavedSearch:
        try:
            check_saved_query(row.query)
        except QueryError as error:
            return SavedSearch(row.name, row.query, row.position, row.created, error=str(error))
        return SavedSearch.of(row)

    def saved_counts(self) -> list[SavedSearch]:
        """The saved searches in order, each with its matches and unread matches
        (or its error). Each query is matched as a set on the shared searcher,
        no ranking: 20 cost well under 300 ms at 10,000 briefings."""
        rows = self.ws.store.saved_searches()
        if not rows:
            return []
        index = self.ws._index
        # A query of another saved search's (kept by an older version, or an
        # import) is its error, never a count of 0 that running it would not give.
        nested = [_nested(row.query) for row in rows]
        found = index.matching(
            [row.query for row, error in zip(rows, nested, strict=True) if error is None]
            + ["is:unread"]
        )
        unread = found.pop()
        unread_set = unread if isinstance(unread, set) else set()
        results = iter(found)
        listed: list[SavedSearch] = []
        for row, error in zip(rows, nested, strict=True):
            matched = error if error is not None else next(results)
            if isinstance(matched, QueryError):
                listed.append(
                    SavedSearch(row.name, row.query, row.position, row.created, error=str(matched))
                )
            else:
                listed.append(
                    SavedSearch(
                        row.name,
                        row.query,
                        row.position,
                        row.created,
                        matches=len(matched),
                        unread=len(matched & unread_set),
                    )
                )
        return listed

    def add_saved(self, name: str, query: str) -> SavedSearch:
        """Save ``query`` as ``name`` (at the end). Raises :class:`QueryError` for a
        query that does not parse or runs another saved search (``@NAME``: refused,
        as running it would be; one kept by an older version is listed with why it
        does not run) and :class:`.SavedSearchError` for a name in use."""
        check_saved_query(query)
        self._runs(query)
        return SavedSearch.of(self.ws.store.add_saved_search(name, query))

    def _runs(self, query: str) -> None:
        """Raise :class:`QueryError` for a query that parses but cannot run (``!!!``,
        ``the``: nothing to search for): saved, it said so only when listed. The
        index busy or damaged is no reason to refuse a query: it is checked when run."""
        try:
            self.ws.search(query, limit=0, snippets=False, all_ids=False)
        except QueryError:
            raise
        except Exception:  # IndexBusy, a rebuild under way: nothing said of the query
            return

    def rename_saved(self, old: str, new: str) -> SavedSearch:
        return self._checked(self.ws.store.rename_saved_search(old, new))

    def change_saved_query(self, name: str, query: str) -> SavedSearch:
        """Give a saved search another query (which must parse, and run no other)."""
        check_saved_query(query)
        self._runs(query)
        return SavedSearch.of(self.ws.store.change_saved_query(name, query))

    def remove_saved(self, name: str) -> SavedSearch:
        return self._checked(self.ws.store.remove_saved_search(name))

    def move_saved(self, name: str, position: int) -> list[SavedSearch]:
        """Put ``name`` at ``position`` (0 is the top); returns the new order."""
        return [self._checked(row) for row in self.ws.store.move_saved_search(name, position)]

    # -- facets ------------------------------------------------------------------------------

    def facets(self, doc_ids: Sequence[str] | None) -> Facets:
        """Facet counts of a result set (a search's ``ids``; ``None`` for the whole
        library), from the values kept in memory (:mod:`.kept_facets`)."""
        return self.kept_facets().facets(doc_ids)

    def kept_facets(self) -> KeptFacets:
        """The facet values kept for the index's current searcher: read from the store
        again once the searcher changed (a sync that changed something, a tag
        written, another process's change picked up) or a claim was written (the
        claims index moved), so facets count what searches see; reading marks
        change neither."""
        index = self.ws._index
        with index.search_lock:  # an index not opened yet is not opened (nor rebuilt) here
            searcher = index.shared_searcher() if index.ix is not None else None
        claims = self.ws.claim_index.generation() if searcher is not None else -1
        with self._facets_lock:
            kept, made_for = self._kept
            stale = made_for is None or made_for() is not searcher or claims != self._kept_claims
            if kept is None or stale:
                store = self.ws.store
                kept = KeptFacets(store.facet_rows(), store.claim_statuses())
                if searcher is not None:
                    self._kept = (kept, weakref.ref(searcher))
                    self._kept_claims = claims
            return kept

    def facets_for(self, query: str) -> Facets:
        """Facet counts of what ``query`` matches. Raises :class:`QueryError`."""
        if not query.strip():
            return self.facets(None)
        return self.facets(self.matching_ids(query))

    # -- bulk actions ------------------------------------------------------------------------

    def tag_matching(
        self, query: str, add: Sequence[str] = (), remove: Sequence[str] = ()
    ) -> BulkResult:
        """Add and remove app tags on every briefing ``query`` matches: one transaction,
        then the briefings whose tags changed are re-indexed (reading each file).
        Raises :class:`QueryError`."""
        ids = self.matching_ids(query)
        with self.ws.pending_reindex(ids) as pending:
            changed = self.ws.store.change_tags_many(ids, add, remove)
            pending[:] = changed
        return BulkResult(len(ids), len(changed))

    def mark_matching(self, query: str, *, read: bool) -> BulkResult:
        """Mark every briefing ``query`` matches read (or unread): one transaction.
        Raises :class:`QueryError`."""
        ids = self.matching_ids(query)
        if read:
            before = self.reading.counts(ids)
            self.mark_read(ids)
            return BulkResult(len(ids), before.unread + before.changed)
        return BulkResult(len(ids), self.mark_unread(ids))


def _nested(query: str) -> QueryError | None:
    """Why ``query`` cannot be a saved search's: it runs another (``@NAME``, first or
    among its terms)."""
    spans = names_in(query)  # a leading @NAME too
    if not spans:
        return None
    return QueryError(f"a saved search cannot run another saved search (@{spans[0][2]})")


def check_saved_query(query: str) -> None:
    """Raise :class:`QueryError` when ``query`` cannot be a saved search's: it does
    not parse, or it runs another saved search (``@NAME``)."""
    error = _nested(query)
    if error is not None:
        raise error
    parse(query)
