"""Scanning the library folder: which files are briefings, and which are skipped.

The scan is a stat pass (``os.scandir``), so a no-change sync of thousands of
files never reads them. Hidden folders and files are ignored; symlinked
folders are not followed (a loop or an escape from the library would be
easy to build).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from briefing_tui.core.briefings.documents import (
    Skipped,
    is_briefing_name,
    shown_path,
    storable_ns,
    unsafe_name,
)


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


def scan_library(root: Path) -> tuple[list[FileEntry], list[Skipped]]:
    """Every briefing file under ``root`` (resolved), and what was skipped and why.

    Raises :class:`LibraryUnavailable` when ``root`` itself can't be read,
    before the scan or because it went away during it.
    """
    _check_root(root)
    entries: list[FileEntry] = []
    skipped: list[Skipped] = []
    _walk(root, str(root), "", entries, skipped)
    _check_root(root)  # it may have gone while the scan ran
    entries.sort(key=lambda entry: entry.path)
    return entries, skipped


def _walk(
    root: Path, folder: str, prefix: str, entries: list[FileEntry], skipped: list[Skipped]
) -> None:
    """Collect the briefings under ``folder`` (``prefix`` is its path in the library).

    A stack of folders still to list, not recursion: a tree nested deeper than
    Python's recursion limit (1,500 one-letter folders fit in a path) raised
    RecursionError, which stopped every sync of the library.
    """
    pending = [(folder, prefix)]
    while pending:
        folder, prefix = pending.pop()
        subfolders = _list_folder(root, folder, prefix, entries, skipped)
        pending.extend(reversed(subfolders))  # depth first, in listing order


def _list_folder(
    root: Path, folder: str, prefix: str, entries: list[FileEntry], skipped: list[Skipped]
) -> list[tuple[str, str]]:
    """Collect the briefings directly in ``folder``; return its subfolders to list.

    Plain strings rather than ``Path`` objects: this runs for every file on
    every sync, and a no-change sync must stay a cheap stat pass.
    """
    subfolders: list[tuple[str, str]] = []
    try:
        with os.scandir(folder) as iterator:
            children = list(iterator)
    except OSError as error:
        if not prefix:  # the library folder itself: not "no briefings", unavailable
            raise LibraryUnavailable(
                f"the library folder {shown_path(folder)} cannot be read "
                f"({error.strerror or error}); nothing was changed"
            ) from error
        skipped.append(
            Skipped(shown_path(prefix.rstrip("/")), f"folder cannot be read: {error.strerror}")
        )
        return subfolders
    for child in children:
        name = child.name
        if name.startswith("."):
            continue
        raw = prefix + name
        try:
            if child.is_dir(follow_symlinks=False):
                if is_briefing_name(name):
                    skipped.append(Skipped(_shown(raw), "a folder, not a file"))
                subfolders.append((child.path, raw + "/"))
                continue
            if not is_briefing_name(name):
                continue
            # The path as on disk, so it can be opened again; shown cleaned if unsafe.
            problem = unsafe_name(raw)
            if problem is not None:
                skipped.append(Skipped(shown_path(raw), problem))
                continue
            if child.is_symlink():
                try:
                    target = Path(child.path).resolve(strict=True)
                except (OSError, RuntimeError):
                    skipped.append(Skipped(raw, "broken symlink"))
                    continue
                if not target.is_relative_to(root):
                    skipped.append(
                        Skipped(raw, "symlink to a file outside the library (not followed)")
                    )
                    continue
            info = child.stat()
        except OSError as error:
            skipped.append(Skipped(_shown(raw), f"cannot be read: {error.strerror}"))
            continue
        if stat.S_ISDIR(info.st_mode):
            skipped.append(Skipped(raw, "symlink to a folder (not followed)"))
            continue
        if not stat.S_ISREG(info.st_mode):
            skipped.append(Skipped(raw, "not a regular file (FIFO, device or socket)"))
            continue
        entries.append(FileEntry(raw, child.path, info.st_size, storable_ns(info.st_mtime_ns)))
    return subfolders


def _shown(raw: str) -> str:
    return raw if unsafe_name(raw) is None else shown_path(raw)
