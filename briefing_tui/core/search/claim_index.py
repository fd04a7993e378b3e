"""The claims' own small index: what ``claim:``, ``note:``, ``status:``, ``anchor:``,
``has:claims``, ``has:notes`` and claim tags search.

A claim's fields used to live in its briefing's document of the main index,
so saving a claim re-indexed the whole briefing (0.3 s at 100 KB, seconds at
4 MB). Here each briefing with claims has one small document of its claims
alone (the same fields, analysed the same way, joined as before, so every
query finds what it found): a save rewrites that document only, whatever the
size of the briefing. A query's claim terms are answered here as a set of
briefing ids, which the main index's query takes as a filter (as it takes
``is:unread``).

Like the main index it is a cache: it is built from the store's claims when
missing, damaged or of another version (a second or so for 10,000 claims),
and kept in step by the claim writes and by syncs (the briefings whose claims
they re-anchored, marked in the store with the new anchors).
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.analysis import StemFilter
from whoosh.fields import ID, Schema
from whoosh.index import FileIndex, LockError
from whoosh.searching import Searcher

from briefing_tui.core.claims.model import Claim

from .index import (
    WORD_PATTERN,
    WRITER_TIMEOUT,
    ComposedWords,
    DottedParts,
    IndexBusy,
    PartsInPlace,
    claim_field_types,
)
from .postings import column_values, matching_docnums
from .query import QueryError

#: Errors of the disk rather than of the claims index.
_DISK_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO})

#: Bump when the schema or what is indexed changes: the claims index is rebuilt.
CLAIMS_INDEX_VERSION = "5"  # 5: a dotted name's parts at its place (4: emoji), as the main one
_VERSION_FILE = "claims-schema-version"

#: The query fields answered from the claims index (``tag:`` partly: claim tags).
CLAIM_FIELDS = ("claim", "note", "status", "has", "anchor")

#: Claims of the library by briefing id (the store's :meth:`.ClaimStore.by_document`).
ClaimsByDocument = Callable[[], Mapping[str, Sequence[Claim]]]
#: The claims of one briefing (the store's :meth:`.ClaimStore.for_document`).
ClaimsOf = Callable[[str], Sequence[Claim]]


def make_claims_schema() -> Schema:
    """One document per briefing with claims: the claim fields of the main schema
    as they were (stemmed quotes and notes, keyword filters), and the briefing's id."""
    words = ComposedWords(WORD_PATTERN) | DottedParts()
    stemming = words | PartsInPlace(minsize=1) | StemFilter(cachesize=10_000)
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        stamp=ID(stored=True),
        **claim_field_types(stemming),
    )


def claim_fields(doc_id: str, claims: Sequence[Claim]) -> dict[str, str]:
    """The claims index's document for one briefing's claims (joined as the main
    index joined them, so phrases and counts match as before)."""
    has = ["claims"] if claims else []
    if any(claim.note.strip() for claim in claims):
        has.append("notes")
    fields = {
        "id": doc_id,
        "claim": "\n".join(claim.quote for claim in claims),
        "note": "\n".join(claim.note for claim in claims),
        "claim_tags": ",".join(sorted({tag for claim in claims for tag in claim.tags})),
        "status": ",".join(sorted({claim.status for claim in claims})),
        "has": ",".join(has),
        "anchor": ",".join(sorted({claim.anchor for claim in claims})),
    }
    # What the document holds, so an update rewrites only what changed (a tag change
    # re-indexes briefings whose claims are as they were).
    fields["stamp"] = hashlib.blake2b(
        repr(sorted(fields.items())).encode(), digest_size=12
    ).hexdigest()
    return fields


class ClaimIndex:
    """The claims index of one library: opened (or built) when first used, its
    searcher shared by the threads that search and refreshed when a write lands."""

    def __init__(self, folder: Path, by_document: ClaimsByDocument, claims_of: ClaimsOf) -> None:
        self.folder = folder
        self._by_document = by_document
        self._claims_of = claims_of
        self._ix: FileIndex | None = None
        self._searcher: Searcher | None = None
        #: The index's generation (its TOC's number) when the searcher was opened.
        self._searcher_generation: int | None = None
        self._lock = threading.RLock()

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._ix = None

    # -- opening and building -------------------------------------------------------

    def index(self) -> FileIndex:
        """The open claims index, built from the store first if it can't be used."""
        with self._lock:
            if self._ix is None:
                self._ix = self._open() or self._build()
            return self._ix

    @property
    def missing(self) -> bool:
        """Whether there is no claims index yet (a library from before it): one
        look at a file, so every sync can ask."""
        return self._ix is None and not (self.folder / _VERSION_FILE).exists()

    def build_if_missing(self) -> None:
        """Build the claims index now if there is none (a library from before it):
        after a sync, so the first claim saved or searched does not wait for it."""
        if self.missing:
            self.index()

    def _open(self) -> FileIndex | None:
        try:
            if (self.folder / _VERSION_FILE).read_text().strip() != CLAIMS_INDEX_VERSION:
                return None
            ix = whoosh_index.open_dir(str(self.folder))
            if set(ix.schema.names()) != set(make_claims_schema().names()):
                return None
            with ix.reader() as reader:
                reader.doc_count()
            return ix
        except Exception:  # missing, of another version, damaged: built again
            return None

    def _build(self) -> FileIndex:
        """Build from the store's claims in a folder of its own, then put it in place,
        so another process opening the claims index never sees it half-built."""
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        building = self.folder.with_name(f"{self.folder.name}.building-{os.getpid()}")
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(mode=0o700)
        ix = whoosh_index.create_in(str(building), make_claims_schema())
        writer = ix.writer()
        for doc_id, claims in self._by_document().items():
            if claims:
                writer.add_document(**claim_fields(doc_id, claims))
        writer.commit()
        (building / _VERSION_FILE).write_text(CLAIMS_INDEX_VERSION)
        if self.folder.exists() or self.folder.is_symlink():
            old = self.folder.with_name(f"{self.folder.name}.old-{os.getpid()}")
            with suppress(OSError):  # another process moved it away first
                os.rename(self.folder, old)
            shutil.rmtree(old, ignore_errors=True)
        try:
            os.rename(building, self.folder)
        except OSError:  # another process put its own in place first: use that one
            shutil.rmtree(building, ignore_errors=True)
        return whoosh_index.open_dir(str(self.folder))

    def rebuild(self) -> None:
        """Build again from the store (after a full build of the main index)."""
        with self._lock:
            self.close()
            self._ix = self._build()

    def generation(self) -> int:
        """The claims index's latest commit on disk (this process's or another's):
        what is kept from it elsewhere (facet counts of claim statuses) is read
        again when it moves."""
        return int(self.index().latest_generation())

    # -- keeping in step --------------------------------------------------------------

    def update(self, doc_ids: Iterable[str]) -> None:
        """Rewrite these briefings' documents from the store's claims (one commit)."""
        wanted = sorted(set(doc_ids))
        if not wanted:
            return
        with self._lock:
            searcher = self._current_searcher()
            held = {doc_id: searcher.document(id=doc_id) for doc_id in wanted}
        changed: dict[str, Sequence[Claim]] = {}
        for doc_id in wanted:
            own = self._claims_of(doc_id)
            stamp = claim_fields(doc_id, own)["stamp"] if own else None
            if stamp != (held[doc_id] or {}).get("stamp"):
                changed[doc_id] = own  # nothing written for what is as it was (a tag change)
        self._write(changed)

    def _write(self, claims: Mapping[str, Sequence[Claim]]) -> None:
        """Write these documents; a claims index found damaged is built again from
        the store instead (which holds these claims too)."""
        if not claims:
            return
        try:
            self._write_documents(claims)
        except IndexBusy:
            raise
        except Exception as error:
            if _disk_error(error):
                raise  # a full disk: a rebuild would not fit either
            self.rebuild()

    def _write_documents(self, claims: Mapping[str, Sequence[Claim]]) -> None:
        with self._lock:
            try:
                writer = self.index().writer(timeout=WRITER_TIMEOUT)
            except LockError as error:
                raise IndexBusy(
                    "the claims index is being written by another briefing process; "
                    "try again shortly"
                ) from error
            try:
                for doc_id, own in claims.items():
                    if own:
                        writer.update_document(**claim_fields(doc_id, own))
                    else:
                        writer.delete_by_term("id", doc_id)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()

    # -- searching --------------------------------------------------------------------

    def ids(self, compile_terms: Callable[[Searcher], Any]) -> set[str]:
        """The ids of the briefings whose claims match the query ``compile_terms``
        makes against the claims index's searcher (``None``: it matches nothing).

        Damage found while reading (a garbled segment) rebuilds the claims index
        from the store and asks again: the store holds every claim, and the main
        index (whose damage costs a full build) is not to blame.
        """
        try:
            return self._ids(compile_terms)
        except QueryError:
            raise
        except Exception as error:
            if _disk_error(error):
                raise
            self.rebuild()
            return self._ids(compile_terms)

    def _ids(self, compile_terms: Callable[[Searcher], Any]) -> set[str]:
        with self._lock:
            searcher = self._current_searcher()
            if not searcher.reader().has_column("id"):
                return set()  # no claims yet
            query = compile_terms(searcher)
            if query is None:
                return set()
            ids = column_values(searcher, "id")
            return {ids[docnum] for docnum in matching_docnums(searcher, query)}

    def _current_searcher(self) -> Searcher:
        """The shared searcher, refreshed when a write (here or in another process) landed.

        Compared by the generation the index had when the searcher opened, not
        by Whoosh's ``up_to_date``: a searcher over an index without claims
        reads generation -1, never the index's, so every claim term (each
        ``tag:`` search) opened a new one (0.3 ms of a 2 ms search at 10,000).
        """
        ix = self.index()
        latest = ix.latest_generation()
        if self._searcher is None or latest != self._searcher_generation:
            # A new searcher, not Whoosh's refresh(): refreshing one over an empty
            # index fails (its empty reader has no segments to reuse).
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = ix.searcher()
            self._searcher_generation = latest
        return self._searcher


def _disk_error(error: BaseException) -> bool:
    """A full, read-only or failing disk: rebuilding the claims index would not help."""
    return isinstance(error, OSError) and error.errno in _DISK_ERRNOS
