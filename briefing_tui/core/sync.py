"""Bringing the store and the index in line with the library folder.

A sync is a stat pass over the library (or, for a folder watcher's report, over
the paths it names); only files whose (size, mtime) changed are read, and only
those whose content hash changed are indexed.
Identities are resolved by :mod:`.identities`: a renamed file keeps
its id, and so do two files swapping names, and a file edited while it was
out of the library (or over the size cap).
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from whoosh.index import FileIndex

from briefing_tui.core.briefings.documents import (
    DEFAULT_MAX_BYTES,
    Briefing,
    Skipped,
    read_briefing,
    storable_ns,
)
from briefing_tui.core.briefings.identities import Identities, bare_copies_of_gone
from briefing_tui.core.briefings.identity import sketch
from briefing_tui.core.briefings.scanning import UNSTAMPED, FileEntry, Signature
from briefing_tui.core.claims.anchoring import reanchor_all
from briefing_tui.core.claims.model import Claim
from briefing_tui.core.claims.store import ClaimStore, anchor_updates
from briefing_tui.core.search.index import document_fields
from briefing_tui.core.search.staged import StagedWriter

from .changes import (
    LIBRARY_DEVICE,
    LIBRARY_ROOT,
    LINKED_FILES,
    RACY_FILES,
    SECOND_NS,
    SIZE_LIMIT,
    SKIP_MEMORY,
    FolderCheck,
    Scope,
    check_folder,
    racy,
)

__all__ = [
    "Committed",
    "FolderCheck",
    "Progress",
    "Scope",
    "SyncReport",
    "SyncStopped",
    "sync_library",
]
from .store import DocumentRecord, Store, effective_tags, user_tag_changes

#: Progress callback: (done, total, what is being done). It may raise
#: :class:`SyncStopped` to stop the sync (the app closing).
Progress = Callable[[int, int, str], None]
#: Called during a full build each time a stage of it is committed:
#: (briefings searchable now, files to index in all). See :mod:`.search.staged`.
#: :meth:`.Workspace.sync` first calls it with (0, 0): the build began, its
#: files not counted yet.
Committed = Callable[[int, int], None]
#: Up to this many files read again, each is first checked for the same text.
_FEW_TOUCHED = 8
#: Above this many documents to index, build with both cores.
PARALLEL_THRESHOLD = 400
#: A full build writes its records to the store this many at a time, not all at
#: the end: held until then, 100,000 records (~1.6 KB each: two hashes, the
#: sketch, the path) were 150 MB of the build's 632 MB peak. Safe under the
#: build's marker: a build that stops half-way is redone whole by the next sync.
FULL_BUILD_BATCH = 250


class SyncStopped(Exception):
    """Raised by a :data:`Progress` callback to stop the sync: nothing more is
    written (a full build stays marked unfinished and is built again)."""


@dataclass
class SyncReport:
    """What a sync did, for the summary line and ``briefing doctor``."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    problems: dict[str, list[str]] = field(default_factory=dict)
    rebuilt: str | None = None
    elapsed: float = 0.0
    #: Claims re-anchored by this sync, by result (moved, fuzzy, orphaned).
    reanchored: Counter[str] = field(default_factory=Counter)
    #: Of the ``orphaned`` above, the claims whose briefing's file left the library
    #: (deleted, moved out): no edit touched their passage, and they are placed
    #: again when the file comes back, which the app says rather than "an edit".
    orphaned_with_file: int = 0
    #: Whether the workspace caught up on more than the folder: user writes left
    #: to re-index, re-anchored claims, a claims index built (see Workspace.sync).
    caught_up: bool = False

    @property
    def indexed(self) -> int:
        return len(self.added) + len(self.updated) + len(self.renamed)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.renamed or self.removed)

    def summary(self) -> str:
        parts = [f"{self.indexed} indexed", f"{self.unchanged} unchanged"]
        if self.renamed:
            parts.append(f"{len(self.renamed)} renamed")
        parts.append(f"{len(self.removed)} removed")
        parts.append(f"{len(self.skipped)} skipped")
        if self.reanchored:
            claims = ", ".join(f"{n} {state}" for state, n in sorted(self.reanchored.items()))
            parts.append(f"claims re-anchored: {claims}")
        return ", ".join(parts) + f" in {self.elapsed:.1f} s"


def _record_for(doc_id: str, briefing: Briefing, first_seen: str = "") -> DocumentRecord:
    return DocumentRecord(
        id=doc_id,
        path=briefing.path,
        title=briefing.title,
        date=briefing.date.isoformat(),
        size=briefing.size,
        mtime_ns=briefing.mtime_ns,
        content_hash=briefing.content_hash,
        body_hash=briefing.body_hash,
        date_inferred=briefing.date_inferred,
        source=briefing.source,
        url=briefing.url,
        summary=briefing.summary,
        front_tags=list(briefing.tags),
        problems=list(briefing.problems),
        sketch=sketch(briefing.plain_text[:200_000]),
        id_from_front=briefing.front_id is not None,
        first_seen=first_seen,
    )


def _same_text(
    store: Store, to_read: Sequence[FileEntry], root: Path, max_bytes: int
) -> list[tuple[str, int, int]] | None:
    """(id, size, mtime) of each of a few files if every one holds the text the store
    has for its path (saved again unchanged, touched, copied back); else ``None``.

    Then nothing else is needed: no record of every other briefing (the identity
    check reads them all, ~1 s at 100,000), no index writer. Each file is read
    twice when one did change, so only for a few (what a folder watcher reports).
    """
    if len(to_read) > _FEW_TOUCHED:
        return None
    same: list[tuple[str, int, int]] = []
    for entry in to_read:
        record = store.by_path(entry.path)
        if record is None:
            return None
        result = read_briefing(entry.absolute, root, max_bytes=max_bytes)
        if isinstance(result, Skipped) or result.content_hash != record.content_hash:
            return None
        same.append((record.id, result.size, result.mtime_ns))
    return same


def _reanchor(
    own: list[Claim],
    briefing: Briefing,
    statements: list[tuple[str, tuple[object, ...]]],
    report: SyncReport,
) -> list[Claim]:
    """Re-anchor a changed briefing's claims; returns them as they will be stored.

    A claim made on other text is re-anchored, and so is one left ``fuzzy`` or
    ``orphaned`` even when the text is again the one it was made on (an edit
    undone, a removed file brought back): otherwise it would stay detached.
    """
    stale = [
        claim
        for claim in own
        if claim.content_hash != briefing.content_hash or claim.anchor in ("fuzzy", "orphaned")
    ]
    if not stale:
        return own
    text = briefing.plain_text
    anchors = reanchor_all([claim.selector for claim in stale], text)
    statements.extend(anchor_updates(stale, anchors, text, briefing.content_hash))
    states = {claim.id: anchor.state for claim, anchor in zip(stale, anchors, strict=True)}
    for claim in stale:
        state = states[claim.id]
        # A claim an earlier sync left orphaned (or fuzzy) and still is, is not
        # news: reported again, every rebuild would say it was newly lost.
        if state != "exact" and not (state == claim.anchor and state in ("fuzzy", "orphaned")):
            report.reanchored[state] += 1
    return [
        replace(claim, anchor=states[claim.id]) if claim.id in states else claim for claim in own
    ]


def _entries(root: Path, paths: Iterable[str]) -> list[FileEntry]:
    """Files of the library to read again though unchanged, as a scan lists them."""
    entries = []
    for path in sorted(paths):
        location = root / path
        try:
            stat = location.stat()
        except OSError:
            continue  # gone meanwhile: nothing to take over
        entries.append(FileEntry(path, str(location), stat.st_size, stat.st_mtime_ns))
    return entries


def _stamp_of(entry: FileEntry) -> Signature | None:
    """A file's (size, mtime), from the scan or, listed by name alone, from a stat now."""
    if (entry.size, entry.mtime_ns) != UNSTAMPED:
        return entry.size, entry.mtime_ns
    try:
        info = os.stat(entry.location)
    except OSError:
        return None
    return info.st_size, storable_ns(info.st_mtime_ns)


def _forget_racy(store: Store, check: FolderCheck, kept: list[str]) -> None:
    """Keep only the files still racy, once this sync's reads of the others are stored."""
    if check.racy_now != kept:
        store.set_meta(RACY_FILES, json.dumps(check.racy_now))


def sync_library(
    root: Path,
    store: Store,
    ix: FileIndex,
    *,
    full: bool = False,
    progress: Progress | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    only: Scope = None,
    committed: Committed | None = None,
    checked: FolderCheck | None = None,
) -> SyncReport:
    """Sync the library into the store and index. ``full`` re-reads every file.

    ``only`` (paths in the library, files or folders) checks those alone: what
    a folder watcher that ran without a gap since the last complete sync saw
    change. Everything else is taken as the store has it. A full build with a
    ``committed`` callback commits the index in stages (see
    :mod:`.search.staged`), each stage's records stored before it, so what is
    committed is listed and can be searched while the build goes on.
    ``checked``: the stat pass of the whole library, made already (beside a
    search, see :mod:`.changes`); used unless ``full`` or ``only`` ask for another.
    """
    started = time.perf_counter()
    report = SyncReport()
    check = checked
    if check is None or full or only is not None:
        check = check_folder(root, store, full=full, only=only, max_bytes=max_bytes)
    if check.new_device is not None:
        store.set_meta(LIBRARY_DEVICE, check.new_device)
    if store.get_meta(LIBRARY_ROOT) != str(root):
        store.set_meta(LIBRARY_ROOT, str(root))
    if check.new_size_limit is not None:
        store.set_meta(SIZE_LIMIT, str(check.new_size_limit))
    if check.links_now != check.linked:  # a full scan forgets links gone; a watched one only adds
        store.set_meta(LINKED_FILES, json.dumps(check.links_now))
    # Racy files are remembered before any stamp of theirs is stored, and
    # forgotten only once what was read of them is (see RACY_NS).
    racy_kept = sorted({*check.racy_before, *check.racy_now})
    if racy_kept != check.racy_before:
        store.set_meta(RACY_FILES, json.dumps(racy_kept))
    report.skipped.extend(check.skipped)
    remembered, skip_memory = check.remembered, check.skip_memory
    signatures, to_read, gone_paths = check.signatures, check.to_read, check.gone_paths
    report.unchanged = check.unchanged
    if not to_read and not gone_paths:
        if {(s.path, s.reason) for s in report.skipped} != check.stored_skipped:
            store.apply_sync([], [], skipped=[(s.path, s.reason) for s in report.skipped])
        if skip_memory != remembered:
            store.set_meta(SKIP_MEMORY, json.dumps(skip_memory))
        _forget_racy(store, check, racy_kept)
        report.elapsed = time.perf_counter() - started
        return report

    same = None if full or gone_paths else _same_text(store, to_read, root, max_bytes)
    if same is not None:  # saved again unchanged, or touched: only the new times are kept
        report.unchanged += len(same)
        store.apply_sync([], [], same, skipped=[(s.path, s.reason) for s in report.skipped])
        if skip_memory != remembered:
            store.set_meta(SKIP_MEMORY, json.dumps(skip_memory))
        _forget_racy(store, check, racy_kept)
        report.elapsed = time.perf_counter() - started
        return report

    total = len(to_read)
    staged = full and committed is not None
    if staged and progress is not None:  # the files counted: said before the writers start
        progress(0, total, "")
    known = store.present_documents()
    rewritten: set[str] = set()
    if signatures:  # none for a new library: then its 100,000 entries are not made twice
        rewritten = {entry.path for entry in to_read if entry.path in signatures}
    claims = ClaimStore(store).by_document()
    heirs = bare_copies_of_gone(store, known, gone_paths, claims.keys())
    if heirs:  # read again, to take over the gone briefing they copy
        to_read = [*to_read, *_entries(root, heirs.keys() - {e.path for e in to_read})]
        rewritten |= heirs.keys()
        total = len(to_read)
    identities = Identities(
        store, known, gone_paths, rewritten, claimed_ids=set(claims), heirs=heirs.keys()
    )
    tag_changes = user_tag_changes(store)
    claim_statements: list[tuple[str, tuple[object, ...]]] = []
    upserts: list[DocumentRecord] = []
    touched: list[tuple[str, int, int]] = []
    unreadable: list[str] = []
    # A build's scan listed names alone: the stamps read are what may be racy
    # (only those in whole seconds can be, see RACY_NS).
    read_stamps: dict[str, Signature] | None = None if check.scan.stamped else {}
    procs = 2 if len(to_read) >= PARALLEL_THRESHOLD else 1

    def stage_committed(searchable: int) -> None:
        if committed is not None:
            committed(searchable, total)

    with StagedWriter(
        ix, total=total, procs=procs, staged=staged, committed=stage_committed
    ) as writer:
        for done, entry in enumerate(to_read, 1):
            if progress is not None and (done == 1 or done % 50 == 0 or done == total):
                progress(done, total, entry.path)
            result = read_briefing(entry.absolute, root, max_bytes=max_bytes)
            if isinstance(result, Skipped):
                report.skipped.append(result)
                stamp = _stamp_of(entry)
                if stamp is not None and not result.reason.startswith("cannot be read"):
                    skip_memory[entry.path] = [*stamp, max_bytes, result.reason]  # that may pass
                if read_stamps is not None and stamp is not None and stamp[1] % SECOND_NS == 0:
                    read_stamps[entry.path] = stamp
                previous = known.get(entry.path)
                if previous is not None:
                    unreadable.append(previous.id)
                    writer.delete_by_term("id", previous.id)
                continue
            if read_stamps is not None and result.mtime_ns % SECOND_NS == 0:
                read_stamps[entry.path] = (result.size, result.mtime_ns)
            previous = known.get(entry.path)
            if (
                not full
                and previous is not None
                and previous.content_hash == result.content_hash
                and entry.path not in heirs
            ):
                touched.append((previous.id, result.size, result.mtime_ns))
                report.unchanged += 1
                continue
            doc_id, old_path = identities.resolve(result)
            if previous is not None and identities.renamed_ids.get(previous.id) == doc_id:
                # The file gained a front-matter id (the store renamed it): drop
                # the old id from the index, and keep the app's tags with the file.
                writer.delete_by_term("id", previous.id)
                if previous.id in tag_changes:
                    tag_changes[doc_id] = tag_changes.pop(previous.id)
            record = _record_for(doc_id, result)
            record.tags = effective_tags(record.front_tags, tag_changes.get(doc_id))
            own_claims = claims.get(doc_id, [])
            if own_claims:
                own_claims = _reanchor(own_claims, result, claim_statements, report)
            fields = document_fields(
                doc_id=doc_id,
                path=result.path,
                title=result.title,
                text=result.plain_text,
                tags=record.tags,
                source=result.source,
                date=result.date,
                claims=own_claims,
            )
            if full:
                writer.add_document(**fields)
            else:
                writer.update_document(**fields)
            upserts.append(record)
            if full and (len(upserts) >= FULL_BUILD_BATCH or writer.stage_done):
                store.apply_sync(upserts, [], statements=claim_statements)
                upserts.clear()
                claim_statements.clear()
            if writer.stage_done:  # its records are stored: the index says so too
                writer.commit_stage()
            if result.problems:
                report.problems[result.path] = list(result.problems)
            if old_path is not None:
                report.renamed.append((old_path, result.path))
            elif previous is not None:
                report.updated.append(result.path)
            else:
                report.added.append(result.path)
        displaced = identities.displaced()  # their path went to another briefing
        moved_away = [record.id for record in [*identities.gone.values(), *displaced]]
        for doc_id in moved_away + unreadable:
            writer.delete_by_term("id", doc_id)
            for claim in claims.get(doc_id, []):
                # The briefing is gone: its claims are kept, orphaned, for review.
                if claim.anchor != "orphaned":
                    claim_statements.append(
                        (
                            "UPDATE claims SET anchor = 'orphaned', candidate_start = NULL, "
                            "candidate_end = NULL, candidate_text = NULL WHERE id = ?",
                            (claim.id,),
                        )
                    )
                    report.reanchored["orphaned"] += 1
                    report.orphaned_with_file += 1
        report.removed.extend(sorted(identities.gone))
        report.removed.extend(
            sorted(record.path for record in displaced if record.path and record.path not in heirs)
        )
        # Skipped now (grown past the size cap, unreadable): gone from the list too.
        gone_unread = set(unreadable)
        report.removed.extend(sorted(p for p, record in known.items() if record.id in gone_unread))
    store.apply_sync(
        upserts,
        moved_away + unreadable,
        touched,
        skipped=[(s.path, s.reason) for s in report.skipped],
        statements=claim_statements,
    )
    if skip_memory != remembered:
        store.set_meta(SKIP_MEMORY, json.dumps(skip_memory))
    if read_stamps is not None:  # before the build is marked done, as racy_kept is
        check.racy_now = sorted(
            {*check.racy_now, *racy(read_stamps, check.started_ns, time.time_ns())}
        )
    _forget_racy(store, check, racy_kept)
    report.elapsed = time.perf_counter() - started
    return report
