"""The search index as one process holds it: opened, rebuilt under the build lock, searched.

:class:`IndexState` is the part of a :class:`~.workspace.Workspace` that owns
the index. It opens the index (or, when it can't be used, clears it for a full
build, which the next sync fills); it holds the build lock from clearing the
index until the build is marked done, so one process builds at a time; and it
keeps one searcher open, shared under a lock (searchers are not thread-safe).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from whoosh.index import FileIndex
from whoosh.searching import Searcher

from briefing_tui.core.search import (
    QueryError,
    SearchResults,
    Snippet,
    SortKey,
    run_search,
    snippet_for_ids,
    warm_columns,
)
from briefing_tui.core.search.filters import StateIds
from briefing_tui.core.search.index import (
    BuildLock,
    IndexProblem,
    create_index,
    mark_built,
    open_index,
)
from briefing_tui.core.search.run import ids_of, matching_sets
from briefing_tui.core.store import Store


class IndexState:
    """One library's index in this process: the open index, its searcher, its build."""

    def __init__(
        self,
        index_dir: Path,
        store: Store,
        *,
        long_lived: bool,
        warn: Callable[[str], None],
        states: StateIds | None = None,
    ) -> None:
        self.index_dir = index_dir
        self.store = store
        #: A long-lived process (the TUI) maps the index into memory: opening a
        #: searcher costs more, each search less. See :func:`.index.open_index`.
        self.long_lived = long_lived
        #: Told what the user should hear once (an index being rebuilt).
        self.warn = warn
        #: What ``is:`` terms match (the store's reading states).
        self.states = states
        self.ix: FileIndex | None = None
        #: One searcher, kept open: opening one copies the index's segments
        #: into memory (30-50 ms at 10,000 briefings). Searchers are not
        #: thread-safe, so every use holds the lock.
        self.searcher: Searcher | None = None
        self.search_lock = threading.RLock()
        #: Why the index is being built from scratch; ``None`` when it is not.
        self.rebuild_reason: str | None = None
        #: Held from clearing the index for a full build until it is marked built.
        self.build_lock = BuildLock(index_dir)

    def close(self) -> None:
        self.build_lock.release()
        ix = self.ix
        self.use(None)
        if ix is not None:
            ix.close()

    def index(self) -> FileIndex:
        """The open index; a fresh empty one (to be filled by sync) if it can't be used."""
        if self.ix is None:
            try:
                self.use(open_index(self.index_dir, mmap=self.long_lived))
            except IndexProblem as problem:
                self.start_rebuild(str(problem))
        assert self.ix is not None
        return self.ix

    def start_rebuild(self, reason: str) -> None:
        """Clear the index for a full build, holding the build lock until it is built.

        One builder at a time: a process that had to wait for another's
        build uses the index that build made (if it opens) instead of
        clearing it and building again.
        """
        if self.ix is not None:
            self.ix.close()
            self.use(None)
        if self.build_lock.held:  # this process is already building
            self.build_lock.release()
        had_index = self.store.get_meta("index_built") is not None
        if self.build_lock.acquire():
            try:
                ix = open_index(self.index_dir, mmap=self.long_lived, lock_held=True)
            except IndexProblem:
                pass
            else:  # another process built it while this one waited: use that
                self.build_lock.release()
                self.use(ix)
                self.rebuild_reason = None
                return
        try:
            self.use(create_index(self.index_dir))
        except BaseException:
            self.build_lock.release()
            raise
        self.rebuild_reason = reason if had_index else "first build of this library"
        if had_index:
            self.warn(f"Rebuilding the search index: {reason}.")

    def finish_build(self) -> str | None:
        """A full build's sync is done: mark the index built, release the build lock,
        reopen the index; returns why it was built."""
        reason, self.rebuild_reason = self.rebuild_reason, None
        mark_built(self.index_dir)
        self.build_lock.release()
        self.store.set_meta("index_built", "1")
        self.use(open_index(self.index_dir, mmap=self.long_lived))
        return reason

    def abandon_build(self) -> None:
        """A full build's sync failed: the index stays marked unfinished, and what its
        stages committed is let go of too. The next sync (or search) opens the index,
        finds it unfinished and builds it from scratch, as the next start would: the
        app's next sync (``ctrl+r``) went on building into it and indexed every
        briefing the committed stages held a second time."""
        self.close()
        self.rebuild_reason = None  # found again when the index is next opened

    def refresh(self) -> None:
        """See what was written to the index since it was opened."""
        self.use(self.index().refresh())

    def use(self, ix: FileIndex | None) -> None:
        """Use ``ix`` from now on; the shared searcher follows it."""
        with self.search_lock:
            self.ix = ix
            if self.searcher is not None:
                self.searcher.close()
                self.searcher = None

    def shared_searcher(self) -> Searcher:
        """The kept searcher, opened again when another process (``briefing index``,
        ``import``, ``tag`` while the app runs) committed since it was opened: a sync
        that then finds the folder already stored changes nothing here, and the app
        went on searching the index as it was when it started. The check is one
        listing of the index's folder (tens of microseconds)."""
        searcher = self.searcher
        if searcher is not None and self.ix is not None and not _current(self.ix, searcher):
            self.use(self.ix)
            searcher = None
        if searcher is None:
            searcher = self.searcher = self.index().searcher()
        return searcher

    def warm_up(self) -> None:
        """Open the shared searcher and read its columns now."""
        with self.search_lock:
            warm_columns(self.shared_searcher())

    def snippets(self, ids: Sequence[str], terms: frozenset[str]) -> dict[str, Snippet]:
        """Snippets for documents by id, from the shared searcher."""
        with self.search_lock:
            return snippet_for_ids(self.shared_searcher(), ids, terms)

    def corrected_query(self, text: str, wanted: Callable[[], bool] = lambda: True) -> str | None:
        """``text`` respelt as the library spells its words (see :mod:`.spelling`),
        the shared searcher lent one word at a time."""
        from briefing_tui.core.search.spelling import corrected_query  # after no match only

        return corrected_query(self._lent_searcher, text, wanted)

    @contextmanager
    def _lent_searcher(self) -> Iterator[Searcher]:
        with self.search_lock:
            yield self.shared_searcher()

    def search(
        self,
        text: str,
        *,
        as_you_type: bool,
        sort: SortKey,
        limit: int,
        time_limit: float | None,
        snippets: bool,
        all_ids: bool,
        rank_short: bool = False,
    ) -> SearchResults:
        """One search on the shared searcher, as it is (no rebuild on damage: the caller's)."""
        with self.search_lock:
            return run_search(
                self.shared_searcher(),
                text,
                as_you_type=as_you_type,
                sort=sort,
                limit=limit,
                time_limit=time_limit,
                snippets=snippets,
                all_ids=all_ids,
                states=self.states,
                rank_short=rank_short,
            )

    def matching(self, texts: list[str]) -> list[set[int] | QueryError]:
        """What each query matches, as document numbers of the shared searcher
        (see :func:`.run.matching_sets`); :meth:`ids_of` names them."""
        with self.search_lock:
            return matching_sets(self.shared_searcher(), texts, self.states)

    def matching_ids(self, text: str) -> list[str]:
        """The ids of every briefing ``text`` matches, newest first, without ranking.
        Raises :class:`QueryError`."""
        with self.search_lock:
            searcher = self.shared_searcher()
            found = matching_sets(searcher, [text], self.states)[0]
            if isinstance(found, QueryError):
                raise found
            return ids_of(searcher, found)

    def state_docnums(self, state: str) -> set[int]:
        """The shared searcher's documents in a reading state (``unread``, ``new``…)."""
        with self.search_lock:
            found = matching_sets(self.shared_searcher(), [f"is:{state}"], self.states)[0]
        return set() if isinstance(found, QueryError) else found

    def stored_texts(self, ids: Sequence[str]) -> dict[str, str]:
        """The plain text the index holds for each of ``ids`` it has (as of its last
        update), taking the search lock a few hundred at a time."""
        texts: dict[str, str] = {}
        for start in range(0, len(ids), 200):
            with self.search_lock:
                searcher = self.shared_searcher()
                for doc_id in ids[start : start + 200]:
                    stored = searcher.document(id=doc_id)
                    if stored is not None and isinstance(stored.get("body"), str):
                        texts[doc_id] = stored["body"]
        return texts


def _current(ix: FileIndex, searcher: Searcher) -> bool:
    """Whether ``searcher`` reads the index's latest commit. When that cannot be told
    (the folder gone or unreadable, or emptied for another process's build and not
    yet committed to) the searcher it has is kept."""
    try:
        latest = ix.latest_generation()
    except OSError:
        return True
    return bool(latest < 0 or latest == searcher.reader().generation())
