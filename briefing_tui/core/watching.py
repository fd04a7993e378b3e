"""Following the library folder while the app runs: one report per burst of changes.

The watcher only says *that* briefings under the library changed (and which
paths, when it knows); the app then runs its usual sync, the one mechanism
that reads files and writes the store. Nothing here reads a briefing or
touches the store, so a watcher that misreads the folder can cost a
needless sync, never a lost record.

Two ways to hear of changes, the same reports from both:

- ``watchfiles`` (inotify on Linux): the kernel wakes us, so an idle
  library costs nothing but a stat of the folder each second.
- A periodic check, when ``watchfiles`` is missing or cannot watch (the
  inotify watch limit, a file system without notifications): each second the
  folders' mtimes (an added, removed or renamed file changes its folder's),
  and the files of changed folders; in-place edits, which leave the folder
  alone, are found by a sweep that stats a tenth of the files each second.

Changes are grouped: a report comes once the folder has been quiet for
``quiet_s``, or ``longest_s`` after the first change of a burst, so an editor's
save (temporary file, rename, attribute change) or a copied folder of a
thousand files is one sync, not hundreds. Editors' temporary and swap files
(``.a.md.swp``, ``a.md~``, ``.#a.md``, ``4913``) and the app's own atomic-write
files (``.a.md.x.tmp``) are not briefings and are ignored, as the sync does.

A library folder that disappears (deleted, renamed, a drive unmounted) is
reported once as ``unavailable``, then nothing until it is ``back``, said
once its changes are followed again: the sync, run then, finds it as it is.

:attr:`FolderWatcher.continuity` says whether the reports can be trusted to be
complete: while the kernel's notifications run without a gap, a sync may
check only the reported paths; polling (whose sweep finds an in-place edit up
to ``sweep_s`` late), a restart or a folder gone and back end that.
"""

from __future__ import annotations

import itertools
import os
import stat
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from briefing_tui.core.briefings.documents import is_briefing_name, shown_path

#: What a report says: briefings changed, the folder went away, it came back.
NewsKind = Literal["changed", "unavailable", "back"]
#: How the watcher listens: the kernel's notifications, or the periodic check.
WatchMode = Literal["watchfiles", "polling", "stopped"]

#: A burst of changes is reported after this long without another...
QUIET_S = 0.3
#: ...or this long after its first change, whichever is sooner.
LONGEST_S = 2.0
#: How often the folder itself is checked (and the periodic check runs).
POLL_S = 1.0
#: The periodic check stats every file once in this long (in-place edits)...
SWEEP_S = 10.0
#: ...as long as its checks cost at most this share of a core: on a slower or
#: busier machine, or a larger library, the sweep slows down (fewer files a
#: check) instead of the check taking more. It measured 0.44% of a core at
#: 10,000 briefings one day and 1.5-1.9% on a busier one (the bench's
#: `watch-idle`, target < 1%).
CHECK_BUDGET = 0.005
#: Each start of the kernel's notifications, in any watcher, is a new span of
#: listening: a watcher stopped and another started is never the same span.
_SPANS = itertools.count(1)


@dataclass(frozen=True, slots=True)
class FolderNews:
    """One report: ``changed`` (with the absolute paths seen changing, when
    known), ``unavailable`` (with ``message`` saying so, once), or ``back``."""

    kind: NewsKind
    paths: frozenset[str] = frozenset()
    message: str = ""


#: Where reports go. Called on the watcher's thread; what it raises is dropped.
Report = Callable[[FolderNews], None]
#: A folder's identity: one replaced by another of the same name is not the one watched.
Identity = tuple[int, int]


def folder_identity(root: str) -> Identity | None:
    """(device, inode) of ``root`` if it is a folder now, else ``None``."""
    try:
        info = os.stat(root)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode):
        return None
    return (info.st_dev, info.st_ino)


def gone_message(root: str) -> str:
    return (
        f"The library folder {shown_path(root)} is gone (moved, deleted or unmounted?): "
        "nothing was removed from the list. It is followed again when it is back."
    )


class FolderWatcher:
    """Reports changes under ``root`` to ``report`` until :meth:`stop`.

    :meth:`run` blocks (run it on a thread of its own) and never raises: a
    failure of ``watchfiles`` falls back to the periodic check, and an error
    in ``report`` is dropped. ``skip`` names folders inside ``root`` whose
    changes are not the library's (the data folder, if it was put there).
    """

    def __init__(
        self,
        root: Path,
        report: Report,
        *,
        skip: Iterable[Path] = (),
        use_watchfiles: bool = True,
        quiet_s: float = QUIET_S,
        longest_s: float = LONGEST_S,
        poll_s: float = POLL_S,
        sweep_s: float = SWEEP_S,
    ) -> None:
        self.root = os.path.abspath(root)
        self._report = report
        self._skip = tuple(os.path.abspath(path) + os.sep for path in skip)
        self.use_watchfiles = use_watchfiles
        self.quiet_s = quiet_s
        self.longest_s = longest_s
        self.poll_s = poll_s
        self.sweep_s = sweep_s
        self._stop = threading.Event()
        #: How the watcher listens now; ``polling`` says why in :attr:`fallback_reason`.
        self.mode: WatchMode = "stopped"
        self.fallback_reason = ""
        #: Folders known under the root (absolute): a deleted one may have held briefings.
        self._folders: set[str] = set()
        #: The span of listening now (see :attr:`continuity`), if any.
        self._listening_span: int | None = None

    @property
    def continuity(self) -> int | None:
        """A token, the same while the kernel's notifications run without a gap;
        ``None`` while they do not (polling, stopped, not yet listening).

        A sync that began while it was ``t`` saw every change made before it;
        if it is still ``t``, every change since was reported, so a sync of the
        reported paths alone finds all there is to find. Read from any thread.
        """
        return self._listening_span

    def stop(self) -> None:
        """Ask :meth:`run` to return (within about ``quiet_s``)."""
        self._stop.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def run(self) -> None:
        """Watch until stopped. The folder going away is said once; back, followed again."""
        try:
            self._run()
        except Exception as error:  # never into the caller's thread: a last word, then quiet
            self.fallback_reason = f"the watcher stopped: {error}"
        finally:
            self.mode = "stopped"

    def _run(self) -> None:
        available = True
        while not self._stop.is_set():
            identity = folder_identity(self.root)
            if identity is None:
                if available:
                    available = False
                    self._say(FolderNews("unavailable", message=gone_message(self.root)))
                self._stop.wait(self.poll_s)
                continue
            ended = self._follow(identity, back=not available)
            available = True
            if ended == "replaced":  # another folder by that name: the sync reads it
                self._say(FolderNews("changed"))

    def _follow(self, identity: Identity, *, back: bool = False) -> str:
        """Follow the folder while it is the one of ``identity``: ``stopped``,
        ``gone`` or ``replaced`` says why it ended. With ``back`` (it just came
        back), ``back`` is said once changes are followed (the kernel listening,
        or the check's baseline taken): a file written on hearing it is reported."""
        said = not back

        def ready() -> None:
            nonlocal said
            if not said:
                said = True
                self._say(FolderNews("back"))

        self._folders = set(_walk_folders(self.root, self._skip))
        if self.use_watchfiles and not self.fallback_reason:
            try:
                return self._follow_notified(identity, ready)
            except Exception as error:  # ImportError, the inotify limit, an unwatchable mount
                self.fallback_reason = str(error) or type(error).__name__
        return self._follow_polled(identity, ready)

    def _follow_notified(self, identity: Identity, ready: Callable[[], None]) -> str:
        import watchfiles  # only the app's watcher needs it

        self.mode = "watchfiles"
        changes_seen = watchfiles.watch(
            self.root,
            watch_filter=None,
            debounce=int(self.longest_s * 1000),
            step=int(self.quiet_s * 1000),
            stop_event=self._stop,
            rust_timeout=int(self.poll_s * 1000),
            yield_on_timeout=True,  # an idle folder is still checked for being there
            raise_interrupt=False,
            ignore_permission_denied=True,
        )
        span = next(_SPANS)
        try:
            for changes in changes_seen:
                # The first yield (a change, or the 1 s timeout) comes once the kernel
                # listens: from then on, each change is in a report. Folders made
                # before that are learnt again, so their removal is reported too.
                if self._listening_span != span:
                    in_batch = {path for _, path in changes}  # said new below, if new
                    found = _walk_folders(self.root, self._skip)
                    self._folders.update(folder for folder in found if folder not in in_batch)
                    self._listening_span = span
                    ready()
                now = folder_identity(self.root)
                if now != identity:
                    return "gone" if now is None else "replaced"
                paths = {
                    path
                    for change, path in changes
                    if self._relevant(path, deleted=change == watchfiles.Change.deleted)
                }
                if paths:
                    self._say(FolderNews("changed", frozenset(paths)))
            return "stopped"
        finally:
            self._listening_span = None

    def _follow_polled(self, identity: Identity, ready: Callable[[], None]) -> str:
        poll = FolderPoll(self.root, self._skip)
        self.mode = "polling"  # only once the baseline is taken: a change from now on is seen
        ready()
        wanted = min(1.0, self.poll_s / self.sweep_s) if self.sweep_s > 0 else 1.0
        share = wanted
        pending: set[str] = set()
        first_at = last_at = 0.0
        while not self._stop.wait(self.quiet_s if pending else self.poll_s):
            now = folder_identity(self.root)
            if now != identity:
                return "gone" if now is None else "replaced"
            spent = time.thread_time()
            found = poll.check(share)
            share = budgeted_share(share, wanted, time.thread_time() - spent, self.poll_s)
            at = time.monotonic()
            if found:
                if not pending:
                    first_at = at
                pending |= found
                last_at = at
            if pending and (at - last_at >= self.quiet_s or at - first_at >= self.longest_s):
                self._say(FolderNews("changed", frozenset(pending)))
                pending = set()
        return "stopped"

    def _relevant(self, path: str, *, deleted: bool) -> bool:
        """Whether a change of ``path`` can change what a sync finds: a briefing
        file, or a folder (added, or deleted while known), not hidden, not skipped."""
        if self._skip and (path + os.sep).startswith(self._skip):
            return False
        relative = os.path.relpath(path, self.root)
        if any(part.startswith(".") for part in relative.split(os.sep)):
            return False  # the root itself, outside it (..), hidden: swap files, locks, temp files
        if is_briefing_name(os.path.basename(path)):
            return True
        if deleted:
            if path in self._folders:
                self._folders.discard(path)
                return True
            return False
        try:
            is_folder = stat.S_ISDIR(os.lstat(path).st_mode)
        except OSError:
            return False
        if is_folder and path not in self._folders:
            # With the folders inside (a tree moved in is one event): a later
            # removal of any of them must be reported, as the sync may trust it.
            self._folders.add(path)
            self._folders.update(_walk_folders(path, self._skip))
            return True
        return False

    def _say(self, news: FolderNews) -> None:
        if self._stop.is_set():
            return
        try:
            self._report(news)
        except Exception:  # the listener's trouble; the watcher goes on
            return


#: The link count of a folder with no folders in it, where links are counted (ext4,
#: XFS, tmpfs, APFS): its entry in its parent and its own ``.``.
_LEAF_FOLDER_LINKS = 2


def _walk_folders(root: str, skip: tuple[str, ...]) -> list[str]:
    """Every folder under ``root`` that a sync would list (not hidden, no symlinks).

    A folder whose link count is 2 has no folders in it (its own entry and its
    ``.``; each subfolder's ``..`` adds one), so it is not listed: a library's
    briefings sit in such leaf folders, and listing them made this walk go
    through every file (100,000 at a start, in Python, while the first sync's
    scan waited for the interpreter). File systems that do not count links
    this way (btrfs: always 1) are listed in full, as before.
    """
    found: list[str] = []
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            if os.stat(folder, follow_symlinks=False).st_nlink == _LEAF_FOLDER_LINKS:
                continue
        except OSError:
            continue
        try:
            with os.scandir(folder) as iterator:
                children = list(iterator)
        except OSError:
            continue
        for child in children:
            if child.name.startswith("."):
                continue
            try:
                if not child.is_dir(follow_symlinks=False):
                    continue
            except OSError:
                continue
            if skip and (child.path + os.sep).startswith(skip):
                continue
            found.append(child.path)
            pending.append(child.path)
    return found


class FolderPoll:
    """The periodic check: what changed under ``root`` since the last :meth:`check`.

    Keeps each folder's mtime and each briefing file's (size, mtime). A check
    stats every folder, lists again the ones whose mtime moved (files added,
    removed, renamed there), and stats a ``share`` of the files in turn, for
    edits made in place.
    """

    def __init__(self, root: str, skip: tuple[str, ...] = ()) -> None:
        self.root = root
        self._skip = skip
        self._folders: dict[str, int] = {}
        self._files: dict[str, dict[str, tuple[int, int]]] = {}
        self._sweep: list[str] = []
        self._cursor = 0
        self._add_tree(root, set())

    @property
    def file_count(self) -> int:
        return sum(len(files) for files in self._files.values())

    def check(self, share: float = 0.1) -> set[str]:
        """The paths (files and folders, absolute) that changed since the last check."""
        changed: set[str] = set()
        for folder, mtime in list(self._folders.items()):
            if folder not in self._folders:
                continue  # went with its parent, earlier in this loop
            try:
                now = os.stat(folder).st_mtime_ns
            except OSError:
                self._drop_tree(folder, changed)
                continue
            if now != mtime:
                self._relist(folder, now, changed)
        self._sweep_files(share, changed)
        return changed

    def _add_tree(self, top: str, changed: set[str]) -> None:
        pending = [top]
        while pending:
            folder = pending.pop()
            try:
                mtime = os.stat(folder).st_mtime_ns
            except OSError:
                continue
            self._folders[folder] = mtime
            files, subfolders = _list(folder, self._skip)
            self._files[folder] = files
            changed.update(os.path.join(folder, name) for name in files)
            pending.extend(subfolders)
        if top != self.root:
            changed.add(top)

    def _drop_tree(self, top: str, changed: set[str]) -> None:
        inside = top + os.sep
        for folder in [f for f in self._folders if f == top or f.startswith(inside)]:
            del self._folders[folder]
            changed.update(os.path.join(folder, name) for name in self._files.pop(folder, {}))
        changed.add(top)

    def _relist(self, folder: str, mtime: int, changed: set[str]) -> None:
        self._folders[folder] = mtime
        files, subfolders = _list(folder, self._skip)
        before = self._files.get(folder, {})
        for name in before.keys() ^ files.keys():
            changed.add(os.path.join(folder, name))
        for name, signature in files.items():
            if name in before and before[name] != signature:
                changed.add(os.path.join(folder, name))
        self._files[folder] = files
        for sub in subfolders:
            if sub not in self._folders:
                self._add_tree(sub, changed)

    def _sweep_files(self, share: float, changed: set[str]) -> None:
        """Stat the next ``share`` of the files; the list is made again each round."""
        if self._cursor >= len(self._sweep):
            self._sweep = [
                os.path.join(folder, name)
                for folder, files in self._files.items()
                for name in files
            ]
            self._cursor = 0
        count = max(1, int(len(self._sweep) * share + 0.999))
        for path in self._sweep[self._cursor : self._cursor + count]:
            folder, name = os.path.split(path)
            known = self._files.get(folder)
            if known is None or name not in known:
                continue  # gone since the round began: its folder's listing said so
            signature = _signature(path)
            if signature is not None and signature != known[name]:
                changed.add(path)
                known[name] = signature
        self._cursor += count


def budgeted_share(share: float, wanted: float, spent_s: float, every_s: float) -> float:
    """The share of the files the next check stats, after one that took ``spent_s``
    of CPU (checks come every ``every_s``): less while checks cost more than
    :data:`CHECK_BUDGET`, back towards ``wanted`` once they cost under half of it."""
    allowed = CHECK_BUDGET * every_s
    if spent_s > allowed:
        return max(wanted / 100, share * allowed / spent_s)
    if spent_s < allowed / 2:
        return min(wanted, share * 1.5)
    return share


def _signature(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns)


def _list(folder: str, skip: tuple[str, ...]) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """A folder's briefing files with their (size, mtime), and its subfolders."""
    files: dict[str, tuple[int, int]] = {}
    subfolders: list[str] = []
    try:
        with os.scandir(folder) as iterator:
            children = list(iterator)
    except OSError:
        return files, subfolders
    for child in children:
        name = child.name
        if name.startswith("."):
            continue
        try:
            if child.is_dir(follow_symlinks=False):
                if not (skip and (child.path + os.sep).startswith(skip)):
                    subfolders.append(child.path)
                continue
            if not is_briefing_name(name):
                continue
            info = child.stat()
        except OSError:
            continue
        files[name] = (info.st_size, info.st_mtime_ns)
    return files, subfolders
