"""Which document each file read by a sync is: identity follows content, not the path.

The rules, in order, for a file whose content changed or that is new here:

1. the same path as at the last sync, and no other briefing's content: the same
   document (an edit), or the id its front matter now names;
2. a briefing whose content hash equals the file's, whose own file is gone or
   was rewritten in this sync: that briefing, moved (two files swapping names
   swap paths, never tags or claims); of several such (a copy and its original,
   both gone), first the one with claims, tags or a read mark;
3. a front-matter ``id`` nobody else holds;
4. a briefing gone from the library, in this sync or an earlier one, whose
   text the file nearly matches (renamed and edited, or moved out, edited and
   moved back, or trimmed back under the size cap): that briefing;
5. otherwise a new id derived from the content.

A briefing whose path another briefing took, and that no file claimed, is
*displaced*: the caller treats it as gone (kept, its claims orphaned).
"""

from __future__ import annotations

import array
from collections import Counter
from collections.abc import Collection

from briefing_tui.core.briefings.documents import Briefing
from briefing_tui.core.briefings.identity import SIMILAR, derived_id, resemblance, sketch
from briefing_tui.core.store import DocumentRecord, Store

#: Shared sketch hashes a gone briefing needs with a file before their
#: resemblance is computed (at 0.6 resemblance two 64-hash sketches share ~38).
_CANDIDATE_SHARED = 8
#: Briefings of one content looked at for the one carrying the user's work.
_CANDIDATES_LOOKED = 32


class Identities:
    """Resolves the id of each file read in one sync."""

    def __init__(
        self,
        store: Store,
        known: dict[str, DocumentRecord],
        gone_paths: set[str],
        rewritten_paths: set[str],
        claimed_ids: set[str] | frozenset[str] = frozenset(),
        heirs: Collection[str] = (),
    ) -> None:
        self.store = store
        #: Paths of bare copies read again to take over a gone briefing (see
        #: :func:`bare_copies_of_gone`): not kept as they were.
        self.heirs = heirs
        #: Ids of the briefings that carry claims (see :meth:`_moved_here`).
        self.with_claims = claimed_ids
        self.known = known
        self.by_id = {record.id: record for record in known.values()}
        self.missing = store.missing_documents()
        self.all_ids = set(self.by_id) | {record.id for record in self.missing}
        #: Records whose file disappeared in this sync: candidates for a rename.
        self.gone = {path: known[path] for path in gone_paths}
        #: Paths whose file changed (size or mtime) and is read again in this sync.
        self.rewritten = rewritten_paths
        self.claimed: set[str] = set()
        #: Path -> the id resolved for the file now there.
        self.taken: dict[str, str] = {}
        #: Ids the store renamed (a file gained a front-matter id): old -> new.
        self.renamed_ids: dict[str, str] = {}
        #: Per content hash, the number the next derived copy id starts at.
        self.next_copy: dict[str, int] = {}
        # Only briefings that can have moved: missing, gone, or at a rewritten
        # path (never the unchanged ones: 100,000 copies of one empty file
        # would make every lookup walk them all).
        self._by_hash: dict[str, list[DocumentRecord]] = {}
        movable = [record for path, record in known.items() if path in rewritten_paths]
        for record in [*movable, *self.gone.values(), *self.missing]:
            self._by_hash.setdefault(record.content_hash, []).append(record)
        self._sketch_owners: dict[int, list[DocumentRecord]] | None = None

    def resolve(self, briefing: Briefing) -> tuple[str, str | None]:
        """(id, the path it had before if it moved)."""
        doc_id, old_path = self._resolve(briefing)
        self.taken[briefing.path] = doc_id
        return doc_id, old_path

    def _resolve(self, briefing: Briefing) -> tuple[str, str | None]:
        moved = self._moved_here(briefing)
        if moved is not None:
            return self._claim(moved.id, moved)
        previous = self.known.get(briefing.path)
        if previous is not None and previous.id not in self.claimed:
            return self._same_path(briefing, previous)
        if briefing.front_id:
            holder = self.by_id.get(briefing.front_id)
            if briefing.front_id not in self.claimed and (
                holder is None or holder.path in self.gone or holder.path == briefing.path
            ):
                return self._claim(briefing.front_id, holder)
            briefing.problems.append(
                f"front matter id {briefing.front_id!r} is already used by another file; "
                "this one gets its own id"
            )
        similar = self._similar_gone(briefing)
        if similar is not None:
            return self._claim(similar.id, similar)
        # ``claimed`` is a subset of ``all_ids`` (every id claimed is added to
        # both): no union per file, which made a first sync quadratic.
        new_id = derived_id(
            briefing.content_hash,
            self.all_ids,
            first_copy=self.next_copy.get(briefing.content_hash, 2),
        )
        if new_id.count("-") == 1:  # a numbered copy: the next one starts after it
            self.next_copy[briefing.content_hash] = int(new_id.rsplit("-", 1)[1]) + 1
        self.all_ids.add(new_id)
        self.claimed.add(new_id)
        return new_id, None

    def displaced(self) -> list[DocumentRecord]:
        """Briefings whose path went to another briefing and that no file claimed."""
        return [
            record
            for path, record in self.known.items()
            if self.taken.get(path, record.id) != record.id and record.id not in self.claimed
        ]

    def _same_path(self, briefing: Briefing, previous: DocumentRecord) -> tuple[str, str | None]:
        wanted = briefing.front_id
        if wanted and wanted != previous.id and wanted not in self.all_ids:
            self.store.rename_id(previous.id, wanted)
            self.renamed_ids[previous.id] = wanted
            self.all_ids.add(wanted)
            self.claimed.add(wanted)
            return wanted, None
        if wanted and wanted != previous.id:
            # Problems are replaced on every read: say it again, or it is lost.
            briefing.problems.append(
                f"front matter id {wanted!r} is already used by another file; "
                "this one keeps its own id"
            )
        self.claimed.add(previous.id)
        return previous.id, None

    def _moved_here(self, briefing: Briefing) -> DocumentRecord | None:
        """The briefing whose exact content this is, if its own file went or changed.

        A copy of a briefing whose file is unchanged is not it: the original
        keeps its identity and the copy gets its own. Of several briefings of
        this content whose files went (the original deleted earlier, its bare
        copy now, the file restored: ``git checkout``), the one the user's work
        hangs on: the first candidate took it, the copy, and the original's
        claims and tags stayed orphaned with its file back in place.
        """
        first: DocumentRecord | None = None
        looked = 0
        for record in self._by_hash.get(briefing.content_hash, ()):
            if record.id in self.claimed:
                continue
            if record.path == briefing.path:
                if briefing.path in self.heirs:
                    continue  # a bare copy: the gone briefing it copies takes it over
                return None  # unchanged here: rule 1 keeps it
            if record.path is None or record.path in self.gone or record.path in self.rewritten:
                if record.id_from_front and briefing.front_id not in (None, record.id):
                    continue  # it names another id of its own: not this one moved
                if self._carries_work(record):
                    return record
                first = first or record
                looked += 1
                if looked >= _CANDIDATES_LOOKED:
                    break  # many bare copies of one content (empty files): any will do
        return first

    def _carries_work(self, record: DocumentRecord) -> bool:
        """Whether the user's work hangs on this briefing: claims, app tags, a read mark."""
        return (
            record.id in self.with_claims
            or bool(record.tags)
            or self.store.read_mark(record.id) is not None
        )

    def _similar_gone(self, briefing: Briefing) -> DocumentRecord | None:
        """The gone or missing briefing (without a front-matter id) this file nearly is."""
        owners = self._sketch_index()
        if not owners:
            return None
        mine = sketch(briefing.plain_text[:200_000])
        shared: Counter[str] = Counter()
        records: dict[str, DocumentRecord] = {}
        for value in array.array("I", mine):
            for record in owners.get(value, ()):
                shared[record.id] += 1
                records[record.id] = record
        best, best_score = None, SIMILAR
        # Short texts have few shingles: ask for a third of them, at most 8.
        needed = min(_CANDIDATE_SHARED, max(1, len(mine) // 4 // 3))
        for doc_id, count in shared.most_common():
            if count < needed:
                break
            if doc_id in self.claimed:
                continue
            record = records[doc_id]
            score = resemblance(mine, record.sketch)
            if score >= best_score:
                best, best_score = record, score
        return best

    def _sketch_index(self) -> dict[int, list[DocumentRecord]]:
        """Sketch hash -> the gone and missing briefings holding it, made once per sync."""
        if self._sketch_owners is None:
            owners: dict[int, list[DocumentRecord]] = {}
            for record in [*self.gone.values(), *self.missing]:
                if record.id_from_front or not record.sketch:
                    continue
                for value in set(array.array("I", record.sketch)):
                    owners.setdefault(value, []).append(record)
            self._sketch_owners = owners
        return self._sketch_owners

    def _claim(self, doc_id: str, record: DocumentRecord | None) -> tuple[str, str | None]:
        self.claimed.add(doc_id)
        self.all_ids.add(doc_id)
        if record is None:
            return doc_id, None
        if record.path in self.gone:
            del self.gone[record.path]
            return doc_id, record.path
        if record.path is not None and record.path in self.rewritten:
            return doc_id, record.path  # moved from a path that now holds another file
        return doc_id, None


def bare_copies_of_gone(
    store: Store,
    known: dict[str, DocumentRecord],
    gone_paths: Collection[str],
    with_claims: Collection[str],
) -> dict[str, str]:
    """Path of a bare copy -> the path of the gone briefing it copies.

    ``cp a.md b.md``, then ``rm a.md`` later: a.md's claims were orphaned though
    b.md holds the same text, where ``mv a.md b.md`` keeps them. A briefing gone
    in this sync that carries the user's work (claims, tags, a read mark) is
    taken over by the one present briefing of exactly its content that carries
    none (its front-matter tags are the file's, not work), as a rename would;
    with several such copies, which one was meant is not known, and the claims
    stay for review.
    """

    def worked_on(record: DocumentRecord) -> bool:  # front-matter tags are the file's own
        return (
            record.id in with_claims
            or set(record.tags) != set(record.front_tags)
            or store.read_mark(record.id) is not None
        )

    wanted = {
        known[path].content_hash: path
        for path in sorted(gone_paths)
        if path in known and worked_on(known[path])
    }
    if not wanted:
        return {}
    copies: dict[str, list[DocumentRecord]] = {}
    for path, record in known.items():
        if record.content_hash in wanted and path not in gone_paths:
            copies.setdefault(record.content_hash, []).append(record)
    heirs: dict[str, str] = {}
    for content_hash, found in copies.items():
        if len(found) == 1 and not worked_on(found[0]):
            heirs[str(found[0].path)] = wanted[content_hash]
    return heirs
