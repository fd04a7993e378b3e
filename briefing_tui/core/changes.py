"""What a sync would change, found without writing anything: the stat pass and the check.

:func:`check_folder` scans the library (or a folder watcher's paths) and
compares it with the file stamps the store keeps; :func:`.sync.sync_library`
runs it first, then writes what it found. It only reads, so ``briefing
search`` runs it in a child process (:class:`ForkedCheck`) while it searches
the index as it is, and syncs (and searches again) only when the child says a
sync would write something. A thread would not do: the stat pass holds the
interpreter's lock between any two files, and the search never lets go of it.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import threading
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any, ClassVar, NoReturn

from briefing_tui.core.briefings.documents import Skipped
from briefing_tui.core.briefings.scanning import (
    FileEntry,
    LibraryScan,
    LibraryUnavailable,
    ScannedEntries,
    Signature,
    scan_paths,
    scan_signatures,
)

from .store import Store

#: Which paths a sync checks (in the library, files or folders): what a folder
#: watcher running without a gap since the last full sync reported. ``None``:
#: all of them (a rebuild, or an index to build, checks all of them anyway).
Scope = Collection[str] | None

#: Meta key for files read once and skipped (binary, too large): path ->
#: [size, mtime_ns, size cap, reason]. An unchanged bad file is not read again,
#: so a no-change sync stays a stat pass even with bad files in the library.
SKIP_MEMORY = "skipped_signatures"
#: Meta key: the briefing names that were symlinks at the last syncs (see LibraryScan.links).
LINKED_FILES = "linked_files"
#: Meta key: the device the library folder was on at the last sync (see check_folder).
LIBRARY_DEVICE = "library_device"
#: Meta key: the library folder's path at the last sync. A store whose path is gone
#: and whose files are in a library opened from a new path is that library moved
#: (see :mod:`.store.moved`).
LIBRARY_ROOT = "library_root"
#: Meta key: the size limit (``--max-size``, in bytes) of the last full sync. Lowered
#: since, the briefings stored over the new limit are read again, and so skipped as
#: too large: their stamps had not changed, so they stayed indexed.
SIZE_LIMIT = "size_limit"
#: Meta key: the briefings whose stamp was too recent to trust at the last sync (see RACY_NS).
RACY_FILES = "racy_files"
#: A file whose mtime is this close to the start of a scan may be written again,
#: same size, within the same step of its file system's clock and keep its
#: stamp: the edit would never be seen. Such a file is read again at the next
#: sync, whatever its stamp says (git's "racily clean" entries). Only stamps in
#: whole seconds are taken as such: file systems that keep a second (HFS+,
#: ext3) or two (FAT) make that window seconds long; one that keeps
#: nanoseconds (ext4, btrfs, APFS) steps with the kernel's tick (a few ms).
RACY_NS = 3_000_000_000
SECOND_NS = 1_000_000_000


@dataclass
class FolderCheck:
    """The library folder against the store's stamps, and what a sync would write.

    ``to_read`` are the new and changed files (their stamp differs from the
    stored one), ``gone_paths`` the stored paths no longer found.
    """

    scan: LibraryScan
    #: The stored (size, mtime_ns) of the paths checked.
    signatures: dict[str, Signature]
    to_read: Sequence[FileEntry]
    gone_paths: set[str]
    #: Files found whose stamp is the stored one.
    unchanged: int
    #: What the sync reports as skipped: found now, and remembered from before.
    skipped: list[Skipped]
    #: The skip memory as read from the store, and as the sync leaves it.
    remembered: dict[str, list[Any]]
    skip_memory: dict[str, list[Any]]
    #: Briefing names that were symlinks at the last syncs, and after this one.
    linked: list[str]
    links_now: list[str]
    #: The library's device, if it changed since the last sync (it is recorded).
    new_device: str | None = None
    #: The racy files (see :data:`RACY_NS`) at the last sync, and after this one.
    racy_before: list[str] = field(default_factory=list)
    racy_now: list[str] = field(default_factory=list)
    #: What the store lists as skipped now (read only when the rest is unchanged).
    stored_skipped: set[tuple[str, str]] = field(default_factory=set)
    #: When the scan began (``time.time_ns()``): what a racy stamp is close to.
    started_ns: int = 0
    #: The size limit to record (see :data:`SIZE_LIMIT`), if it is not the one recorded.
    new_size_limit: int | None = None

    @classmethod
    def made_elsewhere(cls, root: Path, unchanged: int) -> FolderCheck:
        """The check another process made (:class:`ForkedCheck`) and found nothing to
        do in: a sync given it writes nothing for the folder (and lists no skipped file)."""
        scan = LibraryScan(str(root), {}, [])
        return cls(scan, {}, [], set(), unchanged, [], {}, {}, [], [])

    @property
    def nothing_to_do(self) -> bool:
        """Whether a sync would write nothing at all: the store and the index
        already hold the library as it is on disk."""
        return (
            not self.to_read
            and not self.gone_paths
            and self.new_device is None
            and self.new_size_limit is None
            and self.links_now == self.linked
            and self.racy_now == self.racy_before
            and self.skip_memory == self.remembered
            and {(s.path, s.reason) for s in self.skipped} == self.stored_skipped
        )


def device_of(root: Path) -> str:
    try:
        return str(root.stat().st_dev)
    except OSError:
        return ""


def _new_device(
    root: Path,
    store: Store,
    scan: LibraryScan,
    signatures: dict[str, Signature],
    *,
    full: bool,
) -> str | None:
    """Refuse an empty scan of a drive that is not mounted; the device, if it changed."""
    device = device_of(root)
    known_device = store.get_meta(LIBRARY_DEVICE)
    if (
        not scan.files
        and not scan.skipped
        and signatures
        and not full
        and known_device not in (None, device)
    ):
        # An empty folder, on another device than at the last sync, where
        # briefings were: a drive that is not mounted (its mount point stays,
        # empty, on the parent's file system). Removing every briefing and
        # orphaning every claim would be wrong; a rebuild does it on purpose.
        raise LibraryUnavailable(
            f"the library folder is empty, but it held {len(signatures):,} briefings at the "
            "last sync: nothing was removed. If it is a drive, mount it; if you emptied it "
            "on purpose, run `briefing index --rebuild`"
        )
    return device if known_device != device else None


def _remembered_paths(store: Store, key: str) -> list[str]:
    try:
        value = json.loads(store.get_meta(key) or "[]")
    except ValueError:
        return []
    return (
        sorted(path for path in value if isinstance(path, str)) if isinstance(value, list) else []
    )


def _remembered_skips(store: Store) -> dict[str, list[Any]]:
    try:
        value = json.loads(store.get_meta(SKIP_MEMORY) or "{}")
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {
        path: sig
        for path, sig in value.items()
        if isinstance(sig, list) and len(sig) == 4 and isinstance(sig[3], str)
    }


def racy(found: dict[str, Signature], started_ns: int, until_ns: int | None = None) -> list[str]:
    """The files found whose mtime, in whole seconds, is within :data:`RACY_NS` of
    ``started_ns`` (the scan's start), or of any time up to ``until_ns`` (a build's
    end: it took each stamp when it read the file, any time in between)."""
    latest = (started_ns if until_ns is None else until_ns) + RACY_NS
    mtimes = list(map(itemgetter(1), found.values()))
    if not mtimes or max(mtimes) < started_ns - RACY_NS:  # the usual case, in C
        return []
    return sorted(
        path
        for path, (_, mtime) in found.items()
        if mtime % SECOND_NS == 0 and started_ns - RACY_NS <= mtime <= latest
    )


def check_folder(
    root: Path, store: Store, *, full: bool = False, only: Scope = None, max_bytes: int
) -> FolderCheck:
    """Scan the library (``only``: those paths, see :data:`Scope`) against the store.

    Writes nothing, so it may run in another thread than the store's writer.
    ``full`` (a build): every file found is to be read. Raises
    :class:`LibraryUnavailable` for a library folder gone, unreadable, or an
    unmounted drive's empty mount point.
    """
    remembered = {} if full else _remembered_skips(store)
    skip_memory: dict[str, list[Any]] = {}
    skipped: list[Skipped] = []
    linked = _remembered_paths(store, LINKED_FILES)
    racy_before = _remembered_paths(store, RACY_FILES)
    racy_now: list[str] = []
    new_device = None
    scoped = only is not None and not full
    started_ns = time.time_ns()
    if scoped:
        assert only is not None
        # Symlinked briefings too: an edit of their target is reported under its path.
        scan, exact, prefixes = scan_paths(root, [*only, *linked])
        signatures = store.file_signatures_in(exact, prefixes)

        def outside(path: str) -> bool:
            return path not in exact and not path.startswith(prefixes)

        # What the last syncs skipped elsewhere still stands; so does their memory.
        skipped.extend(Skipped(p, why) for p, why in store.skipped() if outside(p))
        skip_memory.update((p, sig) for p, sig in remembered.items() if outside(p))
        racy_now.extend(path for path in racy_before if outside(path))
    else:
        # A build reads every file, and stats it then: its scan lists names alone.
        scan = scan_signatures(root, stamped=not full)
        # Only (path, size, mtime) for the unchanged check: decoding every full
        # record would double the cost of a no-change sync.
        signatures = store.file_signatures()
        new_device = _new_device(root, store, scan, signatures, full=full)
    skipped.extend(scan.skipped)
    found = scan.files
    links_now = sorted(set(scan.links) | (set(linked) if scoped else set()))
    # New or changed files, as a set difference in C: nothing per unchanged file
    # (and no set at all when every stamp is the stored one: one comparison, in C).
    all_stored = found == signatures
    if full or all_stored:  # a build reads every file, and has no memory to consult
        fresh = []
    else:
        fresh = sorted(path for path, _ in found.items() - signatures.items())
    reading: list[FileEntry] = []
    for path in fresh:
        entry = scan.entry(path)
        signature = remembered.get(path)
        if (
            path not in signatures
            and signature is not None
            and signature[:3] == [entry.size, entry.mtime_ns, max_bytes]
        ):
            # Read once and skipped (binary, too large), unchanged since: not read again.
            skipped.append(Skipped(path, signature[3]))
            skip_memory[path] = signature
        else:
            reading.append(entry)
    new_size_limit = None
    if not scoped:  # a full scan (a build's too) records the limit it was made with
        recorded = store.get_meta(SIZE_LIMIT)
        if recorded != str(max_bytes):
            new_size_limit = max_bytes
        lowered = recorded is None or not recorded.isdigit() or int(recorded) > max_bytes
        if lowered and not full:
            # Lowered (or never recorded): what is stored over the limit is read again.
            again = set(fresh)
            for path, (size, _) in signatures.items():
                if size > max_bytes and path not in again and path in found:
                    reading.append(scan.entry(path))
                    fresh.append(path)
            reading.sort(key=attrgetter("path"))
    unchanged = 0 if full else len(found) - len(fresh)
    if racy_before and not full:
        # Stamps a sync could not trust: read again while they are the stored ones.
        again = set(fresh)
        for path in racy_before:
            if path not in again and path in signatures and found.get(path) == signatures[path]:
                reading.append(scan.entry(path))
                unchanged -= 1
        reading.sort(key=attrgetter("path"))
    to_read = ScannedEntries(scan) if full else reading
    # Unstamped (a build): the sync finds its racy files as it reads them.
    racy_now = sorted({*racy_now, *racy(found, started_ns)}) if scan.stamped else racy_now
    check = FolderCheck(
        scan=scan,
        signatures=signatures,
        to_read=to_read,
        gone_paths=set() if all_stored else set(signatures.keys() - found.keys()),
        unchanged=unchanged,
        skipped=skipped,
        remembered=remembered,
        skip_memory=skip_memory,
        linked=linked,
        links_now=links_now,
        new_device=new_device,
        racy_before=racy_before,
        racy_now=racy_now,
        started_ns=started_ns,
        new_size_limit=new_size_limit,
    )
    if not to_read and not check.gone_paths:
        check.stored_skipped = set(store.skipped())
    return check


class ForkedCheck:
    """:func:`check_folder` in a forked child process, while this one goes on.

    The child reads the store through a connection of its own, writes nothing,
    and answers with one line: how many files it found unchanged when a sync
    would have nothing to do, else ``-``. :meth:`start` forks only where fork
    exists and this process runs one thread (a fork copies only the calling
    thread: a lock another one held would stay held in the child).
    """

    #: The check :meth:`start_early` forked while the program was still loading.
    _early: ClassVar[ForkedCheck | None] = None

    def __init__(self, pid: int, pipe: int, checks: tuple[Path, Path, int]) -> None:
        self._pid: int | None = pid
        self._pipe = pipe
        #: What the child checks: the library, the store, the size cap.
        self.checks = checks

    @classmethod
    def start(cls, root: Path, store_file: Path, max_bytes: int) -> ForkedCheck | None:
        """The check of ``root`` against ``store_file``, started in a child process;
        ``None`` where that cannot be done safely (see the class)."""
        if not hasattr(os, "fork") or threading.active_count() != 1:
            return None
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _check_in_child(write_end, root, store_file, max_bytes)
        os.close(write_end)
        return cls(pid, read_end, (root, store_file, max_bytes))

    @classmethod
    def start_early(cls, root: Path, store_file: Path, max_bytes: int) -> None:
        """Start the check before the program has loaded and read its arguments
        properly (``python -m briefing_tui search``): :meth:`for_library` hands it
        over only to a command that asks for that same check."""
        cls._early = cls.start(root, store_file, max_bytes)
        if cls._early is not None:  # a command that stops before asking (a usage error)
            atexit.register(cls._close_early)

    @classmethod
    def _close_early(cls) -> None:
        early, cls._early = cls._early, None
        if early is not None:
            early.close()

    @classmethod
    def for_library(cls, root: Path, store_file: Path, max_bytes: int) -> ForkedCheck | None:
        """The check started early, if it is of this library, store and size cap;
        else one started now."""
        early, cls._early = cls._early, None
        if early is not None:
            if early.checks == (root, store_file, max_bytes):
                return early
            early.close()
        return cls.start(root, store_file, max_bytes)

    def unchanged(self) -> int | None:
        """Wait for the child: the files it found unchanged if a sync has nothing to
        do in the folder; ``None`` if it has, or the child could not tell."""
        if self._pid is None:
            return None
        chunks: list[bytes] = []
        try:
            while chunk := os.read(self._pipe, 64):
                chunks.append(chunk)
        finally:
            self._reap()
        answer = b"".join(chunks).strip()
        return int(answer) if answer.isdigit() else None

    def close(self) -> None:
        """Stop the child if it is still running (the command failed before asking)."""
        if self._pid is not None:
            with contextlib.suppress(OSError):  # gone already
                os.kill(self._pid, signal.SIGTERM)
            self._reap()

    def _reap(self) -> None:
        pid, self._pid = self._pid, None
        os.close(self._pipe)
        if pid is not None:
            os.waitpid(pid, 0)


def _check_in_child(pipe: int, root: Path, store_file: Path, max_bytes: int) -> NoReturn:
    """The forked child's whole life: check, answer, and leave without running any of
    the parent's clean-up (its buffered output, atexit handlers, open connections)."""
    answer = b"-"
    try:
        with Store.open_to_read(store_file) as store:
            check = check_folder(root, store, max_bytes=max_bytes)
        if check.nothing_to_do:
            answer = str(check.unchanged).encode()
    except BaseException:  # any failure (^C too): "could not tell", and the parent syncs
        pass
    finally:
        try:
            os.write(pipe, answer + b"\n")
        finally:
            os._exit(0)
