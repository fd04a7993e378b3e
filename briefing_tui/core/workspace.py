"""One library opened for work: its paths, store and index, and what ties them.

The CLI, the TUI and the tests all go through :class:`Workspace`, so the
rules (rebuild a damaged index with one message, resolve a document from an
id or a path, keep tags and claims in the store and the index in step) live
in one place. The index's own lifecycle (opening, the build lock, the shared
searcher) is in :mod:`.search.state`; reading DOC arguments and quotes is in
:mod:`.resolving`.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh.index import FileIndex
from whoosh.searching import Searcher

from briefing_tui.core.briefings import DEFAULT_MAX_BYTES, Briefing, Skipped, read_briefing
from briefing_tui.core.briefings.scanning import LibraryUnavailable
from briefing_tui.core.claims.model import Claim
from briefing_tui.core.claims.store import CLAIMS_REANCHORED
from briefing_tui.core.search.claim_index import ClaimIndex
from briefing_tui.core.search.claim_terms import CLAIM_TERM, compile_claim_term
from briefing_tui.core.search.index import BuildLock, IndexBusy, document_fields, index_writer
from briefing_tui.core.search.query import EXACT_SOURCE
from briefing_tui.core.search.state import IndexState
from briefing_tui.core.tags import normalize_tag

from .claim_edits import ClaimEdits
from .files import DISK_ERRORS, disk_reason
from .paths import LibraryPaths
from .resolving import (
    ClaimNotFound,
    DocumentNotFound,
    QuoteNotFound,
    resolve_claim,
    resolve_document,
)
from .search import TYPING_TIME_LIMIT, SearchResults, Snippet, SortKey
from .store import BUSY_TIMEOUT_MS, DocumentRecord, Store, StoreError
from .stream import Stream
from .sync import Committed, FolderCheck, Progress, Scope, SyncReport, SyncStopped, sync_library

if TYPE_CHECKING:
    from .analysis import Analysis

__all__ = ["ClaimNotFound", "DocumentNotFound", "Notice", "QuoteNotFound", "Workspace"]

#: Meta keys of user writes whose index update may not have happened: one per
#: write, holding the ids to re-index. See :meth:`Workspace.pending_reindex`.
_PENDING = "pending_reindex:"
#: What ``_fields_for`` answers for a present document whose file can't be read now.
_UNREADABLE: dict[str, object] = {}


@dataclass
class Notice:
    """Something the user should be told once (an index rebuilt, say)."""

    message: str
    severity: str = "information"


class Workspace(ClaimEdits):
    """A library's store and index, opened. Use as a context manager."""

    def __init__(
        self,
        paths: LibraryPaths,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        store_timeout_ms: int = BUSY_TIMEOUT_MS,
        long_lived: bool = False,
    ) -> None:
        #: A long-lived process (the TUI) maps the index into memory: opening a
        #: searcher costs more, each search less. See :func:`.index.open_index`.
        self.long_lived = long_lived
        self.paths = paths
        self.max_bytes = max_bytes
        paths.ensure()
        self.store = Store.open(paths.store_file, timeout_ms=store_timeout_ms)
        self.notices: list[Notice] = []
        #: Reading state, visits, saved searches, facets, bulk actions (see :mod:`.stream`).
        self.stream = Stream(self)
        #: The index, its shared searcher and its build (see :mod:`.search.state`).
        self._index = IndexState(
            paths.index_dir,
            self.store,
            long_lived=long_lived,
            warn=lambda message: self.notices.append(Notice(message, "warning")),
            states=self._term_ids,
        )
        #: While this process builds the index in stages: (searchable, to index).
        self.building: tuple[int, int] | None = None
        #: What claim terms search (see :mod:`.search.claim_index`): a claim save
        #: rewrites its briefing's small claims document there, not the briefing.
        claims = self.claims
        self.claim_index = ClaimIndex(
            paths.library_data / "claims-index", claims.by_document, claims.for_document
        )

    @cached_property
    def analysis(self) -> Analysis:
        """Claim links, ratings, the timeline and the overview (see :mod:`.analysis`);
        made when first asked for, so a search that uses none of it never loads it."""
        from .analysis import Analysis

        return Analysis(self)

    def close(self) -> None:
        self.claim_index.close()
        self._index.close()
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def root(self) -> Path:
        return self.paths.content

    def _term_ids(self, name: str) -> set[str]:
        """What ``is:`` (reading states), analyst's (``links:contradict``), ``source:=`` select."""
        if name.startswith(CLAIM_TERM):  # claim:, note:, status:...: the claims index
            return self.claim_index.ids(lambda searcher: compile_claim_term(searcher, name))
        if name.startswith(EXACT_SOURCE + ":"):
            return self.stream.source_ids(name[len(EXACT_SOURCE) + 1 :])
        if ":" in name:
            return self.analysis.term_ids(name)
        return self.stream.reading.state_ids(name)

    def begin_visit(self) -> str | None:
        """Record a visit starting now (the app, at start): returns when the previous
        one began, which ``is:new`` and the stream's counts count from."""
        return self.stream.begin_visit()

    # -- index -------------------------------------------------------------------

    def index(self) -> FileIndex:
        """The open index; a fresh empty one (to be filled by sync) if it can't be used."""
        return self._index.index()

    def _start_rebuild(self, reason: str) -> None:
        """Clear the index for a full build (see :meth:`.IndexState.start_rebuild`)."""
        self._index.start_rebuild(reason)

    # The index's parts, by the names the rest of the code and the tests know them.
    @property
    def _ix(self) -> FileIndex | None:
        return self._index.ix

    @property
    def _build_lock(self) -> BuildLock:
        return self._index.build_lock

    @property
    def _search_lock(self) -> threading.RLock:
        return self._index.search_lock

    @property
    def _rebuild_reason(self) -> str | None:
        return self._index.rebuild_reason

    def _set_index(self, ix: FileIndex | None) -> None:
        self._index.use(ix)

    def _shared_searcher(self) -> Searcher:
        return self._index.shared_searcher()

    @property
    def needs_full_build(self) -> bool:
        self.index()
        return self._index.rebuild_reason is not None

    def sync(
        self,
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
        only: Scope = None,
        committed: Committed | None = None,
        checked: FolderCheck | None = None,
    ) -> SyncReport:
        """Bring the store and index in line with the library folder (``only``: see Scope;
        ``checked``: its stat pass, made already). ``committed``: a full build is committed
        in stages, searched as they land; :attr:`building` says how far it is."""
        try:
            return self._sync(rebuild, progress, only, committed, checked)
        finally:
            self.building = None

    def _sync(
        self, rebuild: bool, progress: Progress | None, only: Scope, committed: Committed | None,
        checked: FolderCheck | None,
    ) -> SyncReport:  # fmt: skip
        if rebuild:
            self._start_rebuild("rebuild requested")
        ix, limit = self.index(), self.max_bytes
        full = self._index.rebuild_reason is not None
        pending = self.store.meta_with_prefix(_PENDING)

        def stage(searchable: int, total: int) -> None:
            self._index.refresh()  # the shared searcher sees the stage
            self.building = (searchable, total)
            if committed is not None:
                committed(searchable, total)

        if full and committed is not None:
            stage(0, 0)  # the build began: searched (over nothing yet) before its files are counted
        try:
            report = sync_library(
                self.root, self.store, ix, full=full, progress=progress, max_bytes=limit,
                only=only, committed=stage if committed is not None else None, checked=checked,
            )  # fmt: skip
        except (StoreError, IndexBusy, LibraryUnavailable, SyncStopped):
            if full:  # the index stays marked unfinished; the next start rebuilds it
                self._index.abandon_build()
            raise  # not index damage (or stopped): rebuilding would not help, and lose the index
        except OSError as error:
            if full:
                self._index.abandon_build()
            if error.errno not in DISK_ERRORS:  # the disk's fault (below): a rebuild would not help
                if full:
                    raise
                self._start_rebuild(f"the index could not be updated ({type(error).__name__})")
                return self.sync(progress=progress, committed=committed)
            # The disk, not the index: a rebuild would not fit either, and would
            # throw away an index that is whole. It is left as it was.
            raise OSError(
                f"the search index could not be {'built' if full else 'updated'} "
                f"({disk_reason(error)}); {_AFTER_FULL if full else _AFTER_UPDATE}"
            ) from error
        except Exception as error:
            if full:
                self._index.abandon_build()
                raise  # a fresh index failing is not damage: don't loop
            # Damage that opening missed shows up when the writer reads a segment.
            self._start_rebuild(f"the index could not be updated ({type(error).__name__})")
            return self.sync(progress=progress, committed=committed)
        if full:
            report.rebuilt = self._index.finish_build()
            from .store.moved import moved_notice  # a first build only: a search never pays it

            if said := moved_notice(self.paths):
                self.notices.append(Notice(said, "warning"))
        elif report.changed:
            self._index.refresh()
        reanchored = self.store.meta_with_prefix(CLAIMS_REANCHORED)
        report.caught_up = bool(pending or reanchored or rebuild) or self.claim_index.missing
        if reanchored:
            self._catch_up_claims(reanchored)
        if rebuild:  # all of it asked for (`index --rebuild`, a restored store): claims too
            self.claim_index.rebuild()
        else:
            self.claim_index.build_if_missing()
        if pending:
            self._catch_up(pending, full)
        return report

    def _catch_up(self, pending: dict[str, str], full: bool) -> None:
        """Re-index what user writes left pending (see :meth:`pending_reindex`)."""
        if not full:  # a full build indexed everything as it is now
            ids = {doc_id for value in pending.values() for doc_id in json.loads(value)}
            try:
                unread = self.reindex_many(sorted(ids))
            except IndexBusy:
                return  # another process is writing the index: the next sync does it
            if unread:
                self.store.set_meta(f"{_PENDING}{secrets.token_hex(16)}", json.dumps(unread))
        self.store.delete_meta(pending)

    def _catch_up_claims(self, marks: dict[str, str]) -> None:
        """Bring the claims index in line with the claims a sync re-anchored (the
        marks are written with them, so a process killed before this leaves them
        for the next sync, which may see no change of its own)."""
        try:
            self.claim_index.update(marks.values())
        except IndexBusy:
            return  # another process is writing it: the next sync looks again
        self.store.delete_meta(marks)

    def warm_up(self) -> None:
        """Open the shared searcher and read its columns now, in the background,
        so the first keystroke doesn't pay for them (100 ms or more); the claims
        index's too, for the first claim saved or searched."""
        self._index.warm_up()
        self.claim_index.index()

    def snippets(self, ids: Sequence[str], terms: frozenset[str]) -> dict[str, Snippet]:
        """Snippets for documents by id, from the shared searcher (the TUI's preview)."""
        return self._index.snippets(ids, terms)

    def did_you_mean(self, text: str, wanted: Callable[[], bool] = lambda: True) -> str | None:
        """A query that found nothing, its words spelt as the library's (or ``None``)."""
        return self._index.corrected_query(text, wanted)

    def search_as_you_type(
        self, text: str, sort: SortKey = "relevance", *, paused: bool = False
    ) -> SearchResults:
        """What the search box runs on every keystroke: every match's id, no
        snippets (the preview asks for one), ranking bounded in time. ``@NAME`` runs
        that saved search, as ``briefing search @NAME`` does (the box searched the word).
        ``paused``: the typing stopped, a short last word is ranked too."""
        expanded = self.stream.expand(text)
        return self.search(expanded, as_you_type=True, sort=sort, limit=0, snippets=False,
                           time_limit=TYPING_TIME_LIMIT, rank_short=paused)  # fmt: skip

    def search(
        self,
        text: str,
        *,
        as_you_type: bool = False,
        sort: SortKey = "relevance",
        limit: int = 20,
        time_limit: float | None = None,
        snippets: bool = True,
        all_ids: bool = True,
        rank_short: bool = False,
    ) -> SearchResults:
        """Search; a damaged index is rebuilt once (with a notice) and the search retried.

        Raises :class:`~.query.QueryError` for a query that cannot run.
        """
        from briefing_tui.core.search.query import QueryError

        if self.needs_full_build and self.building is None:
            # Searching the empty index a rebuild starts with would find nothing;
            # a build in stages under way (another thread) is searched as it is.
            self.sync()

        def attempt() -> SearchResults:
            return self._index.search(
                text,
                as_you_type=as_you_type,
                sort=sort,
                limit=limit,
                time_limit=time_limit,
                snippets=snippets,
                all_ids=all_ids,
                rank_short=rank_short,
            )

        try:
            return attempt()
        except QueryError:
            raise
        except Exception as error:  # a damaged segment shows up while reading
            self._start_rebuild(f"the index could not be read ({type(error).__name__})")
            self.sync()
            return attempt()

    # -- documents ---------------------------------------------------------------

    def resolve(self, ref: str, cwd: Path | None = None) -> DocumentRecord:
        """A document from an id, an id prefix, or a path: see :func:`.resolve_document`."""
        return resolve_document(self.store, self.root, ref, cwd)

    def resolve_claim(self, ref: str) -> Claim:
        """A claim from its id or a unique id prefix: see :func:`.resolve_claim`."""
        return resolve_claim(self.claims, ref)

    def indexed_text(self, doc_id: str) -> str | None:
        """The plain text the index holds for a briefing (as of its last sync), if any."""
        try:
            return self._index.stored_texts([doc_id]).get(doc_id)
        except Exception:  # an index that can't be read now: the caller reads the file
            return None

    def read(self, record: DocumentRecord) -> Briefing | Skipped:
        """Read a document's file through the one safe reader."""
        if record.path is None:
            return Skipped(record.id, "its file is missing from the library")
        return read_briefing(self.root / record.path, self.root, max_bytes=self.max_bytes)

    def change_tags(self, record: DocumentRecord, add: list[str], remove: list[str]) -> list[str]:
        """Change the app's tags on a document and re-index it so ``tag:`` finds it."""
        with self.pending_reindex([record.id]):
            return self.store.change_tags(record.id, add, remove)

    def retag(self, old: str, new: str | None) -> int:
        """Rename, merge (``new`` exists) or delete (``new`` None) a tag everywhere.

        Returns how many briefings changed; they are re-indexed in one writer.
        """
        carrying = self.store.ids_with_tag(normalize_tag(old))
        with self.pending_reindex(carrying) as pending:
            changed = self.store.retag(old, new)
            pending[:] = changed
        return len(changed)

    @contextmanager
    def pending_reindex(
        self, doc_ids: Sequence[str], *, claims_only: bool = False
    ) -> Iterator[list[str]]:
        """Around a user write to the store: re-index ``doc_ids`` after it
        (``claims_only``: a claim write, which only the claims index holds).

        The ids are recorded in the store first and forgotten once the index
        has them, so a write whose index update never happened (a ``kill -9``
        between the two, a busy index) is re-indexed by the next sync instead
        of staying invisible to ``claim:``, ``note:`` and ``tag:`` searches:
        the file did not change, so the sync would not look at it otherwise.
        The body may replace the list's content with the ids it really changed.

        One gap is left: another process's sync can catch up a write still in
        progress and forget its mark; if that writer then dies before its own
        index update, the write waits for the file's next change or a rebuild.
        """
        ids = list(doc_ids)
        key = f"{_PENDING}{secrets.token_hex(16)}"
        if ids:
            self.store.set_meta(key, json.dumps(ids))
        yield ids
        try:
            if claims_only:
                self.claim_index.update(ids)
            unread = [] if claims_only else self.reindex_many(ids)
        except Exception as error:  # the write itself is done
            # The store write is committed: reporting the whole action as
            # failed would make the user retry it (a second claim). The index
            # catches up at the next sync, from the mark left pending.
            if ids:
                self.notices.append(
                    Notice(
                        f"Saved; the search index could not be updated ({disk_reason(error)}) "
                        "and catches up at the next sync.",
                        "warning",
                    )
                )
            return
        if doc_ids:
            if unread:  # kept pending: the next sync re-indexes them once readable
                self.store.set_meta(key, json.dumps(unread))
            else:
                self.store.delete_meta([key])

    def reindex_many(self, doc_ids: Sequence[str]) -> list[str]:
        """Bring these documents' index entries in line with the store and their files.

        A document the store no longer lists as present leaves the index, as a
        sync would do with it. One whose file can't be read right now (the
        library unmounted, a permission, a read error) keeps its index entry:
        dropping it would hide a listed briefing from search until its file
        changed. Those ids are returned, for the caller to retry later.
        """
        unread: list[str] = []
        if not doc_ids:
            return unread
        with index_writer(self.index()) as writer:
            for doc_id in doc_ids:
                fields = self._fields_for(doc_id)
                if fields is _UNREADABLE:
                    unread.append(doc_id)
                elif fields is None:
                    writer.delete_by_term("id", doc_id)
                else:
                    writer.update_document(**fields)
        self._index.refresh()
        self.claim_index.update(doc_ids)
        return unread

    def _fields_for(self, doc_id: str) -> dict[str, object] | None:
        """The index fields of a present document, ``None`` for one that is gone,
        or ``_UNREADABLE`` when its file can't be read now."""
        record = self.store.get(doc_id)
        if record is None or record.path is None:
            return None
        briefing = self.read(record)
        if not isinstance(briefing, Briefing):
            return _UNREADABLE
        return document_fields(
            doc_id=record.id,
            path=briefing.path,
            title=briefing.title,
            text=briefing.plain_text,
            tags=record.tags,
            source=briefing.source,
            date=briefing.date,
            claims=self.claims.for_document(record.id),
        )

    def reindex(self, doc_id: str) -> None:
        """Re-index one document (its tags or claims changed) so search sees it at once."""
        self.reindex_many([doc_id])


_AFTER_UPDATE = "it is left as it was: free some space and sync again"
_AFTER_FULL = "free some space: the next sync builds it again"
