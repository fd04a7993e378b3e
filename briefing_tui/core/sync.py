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
import time
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from whoosh.index import FileIndex

from briefing_tui.core.briefings.documents import (
    DEFAULT_MAX_BYTES,
    Briefing,
    Skipped,
    read_briefing,
)
from briefing_tui.core.briefings.identities import Identities
from briefing_tui.core.briefings.identity import sketch
from briefing_tui.core.briefings.scanning import (
    FileEntry,
    LibraryUnavailable,
    scan_paths,
    scan_signatures,
)
from briefing_tui.core.claims.anchoring import reanchor_all
from briefing_tui.core.claims.model import Claim
from briefing_tui.core.claims.store import ClaimStore, anchor_updates
from briefing_tui.core.search.index import document_fields
from briefing_tui.core.search.staged import StagedWriter

from .store import DocumentRecord, Store, effective_tags, user_tag_changes

#: Progress callback: (done, total, what is being done). It may raise
#: :class:`SyncStopped` to stop the sync (the app closing).
Progress = Callable[[int, int, str], None]
#: Called during a full build each time a stage of it is committed:
#: (briefings searchable now, files to index in all). See :mod:`.search.staged`.
#: :meth:`.Workspace.sync` first calls it with (0, 0): the build began, its
#: files not counted yet.
Committed = Callable[[int, int], None]
#: Which paths a sync checks (in the library, files or folders): what a folder
#: watcher running without a gap since the last full sync reported. ``None``:
#: all of them (a rebuild, or an index to build, checks all of them anyway).
Scope = Collection[str] | None
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


#: Meta key for files read once and skipped (binary, too large): path ->
#: [size, mtime_ns, size cap, reason]. An unchanged bad file is not read again,
#: so a no-change sync stays a stat pass even with bad files in the library.
_SKIP_MEMORY = "skipped_signatures"
#: Meta key: the briefing names that were symlinks at the last syncs (see LibraryScan.links).
_LINKED_FILES = "linked_files"
#: Meta key: the device the library folder was on at the last sync (see sync_library).
_LIBRARY_DEVICE = "library_device"


def _device_of(root: Path) -> str:
    try:
        return str(root.stat().st_dev)
    except OSError:
        return ""


def _check_device(
    root: Path,
    store: Store,
    found: dict[str, tuple[int, int]],
    skipped: list[Skipped],
    signatures: dict[str, tuple[int, int]],
    *,
    full: bool,
) -> None:
    """Refuse an empty scan of a drive that is not mounted; remember the device."""
    device = _device_of(root)
    known_device = store.get_meta(_LIBRARY_DEVICE)
    if not found and not skipped and signatures and not full and known_device not in (None, device):
        # An empty folder, on another device than at the last sync, where
        # briefings were: a drive that is not mounted (its mount point stays,
        # empty, on the parent's file system). Removing every briefing and
        # orphaning every claim would be wrong; a rebuild does it on purpose.
        raise LibraryUnavailable(
            f"the library folder is empty, but it held {len(signatures):,} briefings at the "
            "last sync: nothing was removed. If it is a drive, mount it; if you emptied it "
            "on purpose, run `briefing index --rebuild`"
        )
    if known_device != device:
        store.set_meta(_LIBRARY_DEVICE, device)


def _remembered_links(store: Store) -> list[str]:
    try:
        value = json.loads(store.get_meta(_LINKED_FILES) or "[]")
    except ValueError:
        return []
    return (
        sorted(path for path in value if isinstance(path, str)) if isinstance(value, list) else []
    )


def _remembered_skips(store: Store) -> dict[str, list[Any]]:
    try:
        value = json.loads(store.get_meta(_SKIP_MEMORY) or "{}")
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {
        path: sig
        for path, sig in value.items()
        if isinstance(sig, list) and len(sig) == 4 and isinstance(sig[3], str)
    }


def _same_text(
    store: Store, to_read: list[FileEntry], root: Path, max_bytes: int
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
) -> SyncReport:
    """Sync the library into the store and index. ``full`` re-reads every file.

    ``only`` (paths in the library, files or folders) checks those alone: what
    a folder watcher that ran without a gap since the last complete sync saw
    change. Everything else is taken as the store has it. A full build with a
    ``committed`` callback commits the index in stages (see
    :mod:`.search.staged`), each stage's records stored before it, so what is
    committed is listed and can be searched while the build goes on.
    """
    started = time.perf_counter()
    report = SyncReport()
    remembered = {} if full else _remembered_skips(store)
    skip_memory: dict[str, list[Any]] = {}
    linked = _remembered_links(store)
    if only is not None and not full:
        # Symlinked briefings too: an edit of their target is reported under its path.
        scan, exact, prefixes = scan_paths(root, [*only, *linked])
        signatures = store.file_signatures_in(exact, prefixes)

        def outside(path: str) -> bool:
            return path not in exact and not path.startswith(prefixes)

        # What the last syncs skipped elsewhere still stands; so does their memory.
        report.skipped.extend(Skipped(p, why) for p, why in store.skipped() if outside(p))
        skip_memory.update((p, sig) for p, sig in remembered.items() if outside(p))
    else:
        scan = scan_signatures(root)
        # Only (path, size, mtime) for the unchanged check: decoding every full
        # record would double the cost of a no-change sync.
        signatures = store.file_signatures()
        _check_device(root, store, scan.files, scan.skipped, signatures, full=full)
    report.skipped.extend(scan.skipped)
    found = scan.files
    links_now = sorted(set(scan.links) | (set(linked) if only is not None and not full else set()))
    if links_now != linked:  # a full scan forgets links gone; a watched one only adds
        store.set_meta(_LINKED_FILES, json.dumps(links_now))
    # New or changed files, as a set difference in C: nothing per unchanged file.
    fresh = (
        sorted(found) if full else sorted(path for path, _ in found.items() - signatures.items())
    )
    report.unchanged = len(found) - len(fresh)
    to_read: list[FileEntry] = []
    for path in fresh:
        entry = scan.entry(path)
        signature = remembered.get(path)
        if (
            path not in signatures
            and signature is not None
            and signature[:3] == [entry.size, entry.mtime_ns, max_bytes]
        ):
            # Read once and skipped (binary, too large), unchanged since: not read again.
            report.skipped.append(Skipped(path, signature[3]))
            skip_memory[path] = signature
        else:
            to_read.append(entry)
    gone_paths = signatures.keys() - found.keys()
    if not to_read and not gone_paths:
        if {(s.path, s.reason) for s in report.skipped} != set(store.skipped()):
            store.apply_sync([], [], skipped=[(s.path, s.reason) for s in report.skipped])
        if skip_memory != remembered:
            store.set_meta(_SKIP_MEMORY, json.dumps(skip_memory))
        report.elapsed = time.perf_counter() - started
        return report

    same = None if full or gone_paths else _same_text(store, to_read, root, max_bytes)
    if same is not None:  # saved again unchanged, or touched: only the new times are kept
        report.unchanged += len(same)
        store.apply_sync([], [], same, skipped=[(s.path, s.reason) for s in report.skipped])
        if skip_memory != remembered:
            store.set_meta(_SKIP_MEMORY, json.dumps(skip_memory))
        report.elapsed = time.perf_counter() - started
        return report

    known = store.present_documents()
    rewritten = {entry.path for entry in to_read if entry.path in signatures}
    identities = Identities(store, known, gone_paths, rewritten)
    tag_changes = user_tag_changes(store)
    claims = ClaimStore(store).by_document()
    claim_statements: list[tuple[str, tuple[object, ...]]] = []
    upserts: list[DocumentRecord] = []
    touched: list[tuple[str, int, int]] = []
    unreadable: list[str] = []
    total = len(to_read)
    procs = 2 if len(to_read) >= PARALLEL_THRESHOLD else 1
    staged = full and committed is not None

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
                if not result.reason.startswith("cannot be read"):  # that may pass
                    skip_memory[entry.path] = [entry.size, entry.mtime_ns, max_bytes, result.reason]
                previous = known.get(entry.path)
                if previous is not None:
                    unreadable.append(previous.id)
                    writer.delete_by_term("id", previous.id)
                continue
            previous = known.get(entry.path)
            if not full and previous is not None and previous.content_hash == result.content_hash:
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
        report.removed.extend(sorted(identities.gone))
        report.removed.extend(sorted(record.path for record in displaced if record.path))
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
        store.set_meta(_SKIP_MEMORY, json.dumps(skip_memory))
    report.elapsed = time.perf_counter() - started
    return report
