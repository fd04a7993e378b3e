"""Scanning the library folder: which files are briefings, and which are skipped.

The scan is a stat pass (``os.scandir``), so a no-change sync of thousands of
files never reads them. Hidden folders and files are ignored; symlinked
folders are not followed (a loop or an escape from the library would be
easy to build).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefing_tui.core.briefings.documents import (
    BRIEFING_SUFFIXES,
    Skipped,
    is_briefing_name,
    shown_path,
    storable_ns,
    unsafe_name,
)

#: The file times SQLite can store; one outside is clamped (see ``storable_ns``).
_NS_MIN, _NS_MAX = -(2**63), 2**63 - 1


@dataclass(frozen=True, slots=True)
class FileEntry:
    """A candidate briefing file: its relative path and what stat said."""

    path: str
    location: str
    size: int
    mtime_ns: int

    @property
    def absolute(self) -> Path:
        return Path(self.location)


class LibraryUnavailable(OSError):
    """The library folder itself can't be read: gone, unmounted, or not a folder.

    Raised instead of scanning it as empty: an empty scan would remove every
    briefing from the index and orphan every claim, when the folder is most
    likely only away (a network share or a USB drive unmounted, a folder
    renamed) and comes back. An ``OSError``, so callers that report file
    system errors in one line report this one too.
    """


class ScannedEntries(Sequence[FileEntry]):
    """Every file of a scan, in path order, as entries made one at a time.

    What a build reads: at 100,000 files, making every entry first was 0.1 s
    (0.2 s beside the app's first paint) between listing the files and the
    build's first word, "0 of 100,000 searchable".
    """

    def __init__(self, scan: LibraryScan) -> None:
        self._scan = scan
        self._paths = sorted(scan.files)

    def __len__(self) -> int:
        return len(self._paths)

    def __getitem__(self, index: int) -> FileEntry:  # type: ignore[override]  # no slices
        return self._scan.entry(self._paths[index])

    def __iter__(self) -> Iterator[FileEntry]:
        return map(self._scan.entry, self._paths)


def _check_root(root: Path) -> None:
    try:
        info = os.stat(root)
    except OSError as error:
        raise LibraryUnavailable(
            f"the library folder {shown_path(str(root))} cannot be read "
            f"({error.strerror or error}): moved, deleted or unmounted? "
            "Nothing was changed; sync again when it is back"
        ) from error
    if not stat.S_ISDIR(info.st_mode):
        raise LibraryUnavailable(
            f"the library folder {shown_path(str(root))} is no longer a folder; nothing was changed"
        )


#: A briefing file's signature: (size, mtime_ns). A file whose signature is the
#: one the store kept is unchanged and not read.
Signature = tuple[int, int]
#: The signature of a file listed by name only (:func:`scan_signatures` with
#: ``stamped=False``): a build reads every file anyway, and takes its stamp then.
UNSTAMPED: Signature = (-1, -1)


@dataclass(slots=True)
class LibraryScan:
    """What a scan found: each briefing file's signature by path, and what was skipped.

    A dict, not a list of :class:`FileEntry`: the sync compares it with the
    store's signatures as sets (``files.items() - known.items()``), in C, and
    makes entries only for the few files that changed.
    """

    root: str
    files: dict[str, Signature]
    skipped: list[Skipped]
    #: Briefing names that are symlinks (followed or not): a change of their target
    #: is reported under the target's path, so a watched sync checks them every time.
    links: list[str] = field(default_factory=list)
    #: Whether plain files were stat'ed; if not, their signature is :data:`UNSTAMPED`.
    stamped: bool = True

    def entry(self, path: str) -> FileEntry:
        size, mtime_ns = self.files[path]
        return FileEntry(path, f"{self.root}/{path}", size, mtime_ns)


def scan_library(root: Path) -> tuple[list[FileEntry], list[Skipped]]:
    """Every briefing file under ``root`` (resolved), and what was skipped and why.

    Raises :class:`LibraryUnavailable` when ``root`` itself can't be read,
    before the scan or because it went away during it.
    """
    scan = scan_signatures(root)
    return [scan.entry(path) for path in sorted(scan.files)], scan.skipped


def scan_signatures(root: Path, *, stamped: bool = True) -> LibraryScan:
    """:func:`scan_library`'s scan, as signatures by path (what the sync compares).

    ``stamped=False`` (a full build, which reads and so stats every file
    anyway): plain files are listed by name and type alone, as the folder
    listing gives them, at :data:`UNSTAMPED`. At 100,000 files that is 0.1 s,
    against 0.5 to 0.8 s with a stat of each; a first start counts its files,
    and answers searches over the build so far, that much sooner. Symlinks,
    odd files and unsafe names still take the slow path, and its checks.
    """
    _check_root(root)
    scan = LibraryScan(str(root), {}, [], stamped=stamped)
    _walk(root, str(root), "", scan)
    _check_root(root)  # it may have gone while the scan ran
    return scan


def scan_paths(
    root: Path, reported: Iterable[str]
) -> tuple[LibraryScan, set[str], tuple[str, ...]]:
    """Only what changed at ``reported`` (paths in the library a folder watcher saw change).

    Returns the scan of those paths (a reported folder with everything under
    it), and the scope it covers: the exact library paths, and the folder
    prefixes (``"2024/"``) whose every file was listed again. A briefing the
    store knows inside that scope and absent from the scan is gone; outside it,
    nothing is concluded. The same rules as the full scan: hidden names, files
    under a symlinked folder, and names that are not briefings are not in it.
    """
    _check_root(root)
    top = str(root)
    scan = LibraryScan(top, {}, [])
    exact: set[str] = set()
    prefixes: set[str] = set()
    for raw in sorted({path.strip("/") for path in reported}):
        parts = raw.split("/")
        if not raw or any(not part or part.startswith(".") or part == ".." for part in parts):
            continue  # the library itself, outside it, or hidden: no full scan lists it
        exact.add(raw)
        prefixes.add(raw + "/")  # a folder gone or renamed takes its files with it
        parent = "/".join(parts[:-1])
        if not _listed_folder(top, parent):
            continue  # under a symlinked folder, or one gone: the scope says what it held
        absolute = f"{top}/{raw}"
        try:
            info = os.lstat(absolute)
        except OSError:
            continue  # gone
        if stat.S_ISDIR(info.st_mode):
            _walk(root, absolute, raw + "/", scan)
        else:
            _add_file(root, scan, absolute, raw, parts[-1])
    _check_root(root)
    return scan, exact, tuple(_outermost(prefixes))


def _listed_folder(top: str, raw_folder: str) -> bool:
    """Whether the full scan lists ``raw_folder`` (no part a symlink, each a folder)."""
    folder = top
    for part in raw_folder.split("/") if raw_folder else ():
        folder = f"{folder}/{part}"
        try:
            if not stat.S_ISDIR(os.lstat(folder).st_mode):
                return False
        except OSError:
            return False
    return True


def _outermost(prefixes: set[str]) -> list[str]:
    """The prefixes not inside another one (``a/`` covers ``a/b/``)."""
    kept: list[str] = []
    for prefix in sorted(prefixes):
        if not kept or not prefix.startswith(kept[-1]):
            kept.append(prefix)
    return kept


def _walk(root: Path, folder: str, prefix: str, scan: LibraryScan) -> None:
    """Collect the briefings under ``folder`` (``prefix`` is its path in the library).

    A stack of folders still to list, not recursion: a tree nested deeper than
    Python's recursion limit (1,500 one-letter folders fit in a path) raised
    RecursionError, which stopped every sync of the library.
    """
    pending = [(folder, prefix)]
    while pending:
        folder, prefix = pending.pop()
        subfolders = _list_folder(root, folder, prefix, scan)
        pending.extend(reversed(subfolders))  # depth first, in listing order


def _list_folder(root: Path, folder: str, prefix: str, scan: LibraryScan) -> list[tuple[str, str]]:
    """Collect the briefings directly in ``folder``; return its subfolders to list."""
    try:
        with os.scandir(folder) as iterator:
            children = list(iterator)
    except OSError as error:
        if not prefix:  # the library folder itself: not "no briefings", unavailable
            raise LibraryUnavailable(
                f"the library folder {shown_path(folder)} cannot be read "
                f"({error.strerror or error}); nothing was changed"
            ) from error
        scan.skipped.append(
            Skipped(shown_path(prefix.rstrip("/")), f"folder cannot be read: {error.strerror}")
        )
        return []
    return _collect(root, folder, prefix, scan, children)


def _collect(
    root: Path, folder: str, prefix: str, scan: LibraryScan, children: list[os.DirEntry[str]]
) -> list[tuple[str, str]]:
    """The briefings among ``children`` (a listing of ``folder``) into ``scan``; its subfolders.

    Plain strings, no object per file, and the name checks made once for the
    whole folder when they all pass: this runs for every file on every sync,
    and a no-change sync must stay a stat pass.
    """
    subfolders: list[tuple[str, str]] = []
    skipped = scan.skipped
    files = scan.files
    # One check of every name at once; each name again only when one fails it.
    names_safe = _all_safe(prefix + "/".join(child.name for child in children))
    for child in children:
        name = child.name
        if name.startswith("."):
            continue
        try:
            if child.is_dir(follow_symlinks=False):
                if is_briefing_name(name):
                    skipped.append(Skipped(_shown(prefix + name), "a folder, not a file"))
                subfolders.append((f"{folder}/{name}", f"{prefix}{name}/"))
                continue
        except OSError as error:
            skipped.append(Skipped(_shown(prefix + name), f"cannot be read: {error.strerror}"))
            continue
        if not name.lower().endswith(BRIEFING_SUFFIXES):
            continue
        raw = prefix + name
        if not names_safe or child.is_symlink():
            _add_file(root, scan, f"{folder}/{name}", raw, name, child)
            continue
        if not scan.stamped:
            try:
                regular = child.is_file(follow_symlinks=False)  # the listing's type: no stat
            except OSError:
                regular = False
            if regular:
                files[raw] = UNSTAMPED
            else:  # a FIFO, a device, or gone: the slow path says which
                _add_file(root, scan, f"{folder}/{name}", raw, name, child)
            continue
        try:
            info = child.stat()
        except OSError as error:
            skipped.append(Skipped(raw, f"cannot be read: {error.strerror}"))
            continue
        if stat.S_ISREG(info.st_mode):
            mtime_ns = info.st_mtime_ns
            if not _NS_MIN <= mtime_ns <= _NS_MAX:
                mtime_ns = storable_ns(mtime_ns)
            files[raw] = (info.st_size, mtime_ns)
        else:
            _add_file(root, scan, f"{folder}/{name}", raw, name, child)
    return subfolders


def _add_file(
    root: Path,
    scan: LibraryScan,
    location: str,
    raw: str,
    name: str,
    child: os.DirEntry[str] | None = None,
) -> None:
    """One file, with every check (the slow path: unsafe names, symlinks, odd files)."""
    skipped = scan.skipped
    if name.startswith(".") or not is_briefing_name(name):
        return
    # The path as on disk, so it can be opened again; shown cleaned if unsafe.
    problem = unsafe_name(raw)
    if problem is not None:
        skipped.append(Skipped(shown_path(raw), problem))
        return
    try:
        if child.is_symlink() if child is not None else os.path.islink(location):
            scan.links.append(raw)
            try:
                target = Path(location).resolve(strict=True)
            except (OSError, RuntimeError):
                skipped.append(Skipped(raw, "broken symlink"))
                return
            if not target.is_relative_to(root):
                skipped.append(Skipped(raw, "symlink to a file outside the library (not followed)"))
                return
        info = child.stat() if child is not None else os.stat(location)
    except OSError as error:
        skipped.append(Skipped(_shown(raw), f"cannot be read: {error.strerror}"))
        return
    if stat.S_ISDIR(info.st_mode):
        skipped.append(Skipped(raw, "symlink to a folder (not followed)"))
        return
    if not stat.S_ISREG(info.st_mode):
        skipped.append(Skipped(raw, "not a regular file (FIFO, device or socket)"))
        return
    scan.files[raw] = (info.st_size, storable_ns(info.st_mtime_ns))


def _all_safe(names: str) -> bool:
    """Whether ``unsafe_name`` passes ``names``: printable ASCII passes at once (two
    C calls; the flag of an ASCII string is stored), anything else is searched."""
    return (names.isascii() and names.isprintable()) or unsafe_name(names) is None


def _shown(raw: str) -> str:
    return raw if unsafe_name(raw) is None else shown_path(raw)
