"""Scanning the library folder: which files are briefings, and which are skipped.

The scan is a stat pass (``os.scandir``), so a no-change sync of thousands of
files never reads them. Hidden folders and files are ignored; symlinked
folders are not followed (a loop or an escape from the library would be
easy to build).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .documents import Skipped, is_briefing_name, shown_path, unsafe_name


@dataclass(frozen=True, slots=True)
class FileEntry:
    """A candidate briefing file: its relative path and what stat said."""

    path: str
    absolute: Path
    size: int
    mtime_ns: int


def scan_library(root: Path) -> tuple[list[FileEntry], list[Skipped]]:
    """Every briefing file under ``root`` (resolved), and what was skipped and why."""
    entries: list[FileEntry] = []
    skipped: list[Skipped] = []
    for item in _walk(root, root, skipped):
        entries.append(item)
    entries.sort(key=lambda entry: entry.path)
    return entries, skipped


def _walk(root: Path, folder: Path, skipped: list[Skipped]) -> Iterator[FileEntry]:
    try:
        with os.scandir(folder) as iterator:
            children = list(iterator)
    except OSError as error:
        rel = folder.relative_to(root).as_posix()
        skipped.append(Skipped(shown_path(rel), f"folder cannot be read: {error.strerror}"))
        return
    for child in children:
        if child.name.startswith("."):
            continue
        path = Path(child.path)
        raw = path.relative_to(root).as_posix()
        # The path as on disk, so it can be opened again; shown cleaned if unsafe.
        problem = unsafe_name(raw)
        rel = raw if problem is None else shown_path(raw)
        try:
            if child.is_dir(follow_symlinks=False):
                if is_briefing_name(child.name):
                    skipped.append(Skipped(rel, "a folder, not a file"))
                yield from _walk(root, path, skipped)
                continue
            if not is_briefing_name(child.name):
                continue
            if problem is not None:
                skipped.append(Skipped(rel, problem))
                continue
            if child.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):
                    skipped.append(Skipped(rel, "broken symlink"))
                    continue
                if not target.is_relative_to(root):
                    skipped.append(
                        Skipped(rel, "symlink to a file outside the library (not followed)")
                    )
                    continue
            info = child.stat()
        except OSError as error:
            skipped.append(Skipped(rel, f"cannot be read: {error.strerror}"))
            continue
        if stat.S_ISDIR(info.st_mode):
            skipped.append(Skipped(rel, "symlink to a folder (not followed)"))
            continue
        if not stat.S_ISREG(info.st_mode):
            skipped.append(Skipped(rel, "not a regular file (FIFO, device or socket)"))
            continue
        yield FileEntry(rel, path, info.st_size, info.st_mtime_ns)
