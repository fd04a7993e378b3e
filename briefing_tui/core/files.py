"""Writing files so that a crash never leaves half of one: atomic replace, fsync."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def atomic_write(target: Path, data: bytes, *, private: bool = False) -> None:
    """Write ``data`` to ``target`` via a temporary file beside it and ``os.replace``.

    A reader sees the old file or the new one, never half of one; after a
    crash at most a stray ``.tmp`` file is left. The data and the rename are
    synced to disk. ``private`` files are made readable by the user only; a
    file replaced keeps its mode, and a new one gets the usual permissions
    (umask). ``target``'s folder must exist.
    """
    folder = target.parent if str(target.parent) else Path(".")
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else None
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if not private:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask if mode is None else mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    fsync_folder(folder)


def fsync_folder(folder: Path) -> None:
    """Sync a folder, so that a rename in it survives a crash (where the platform can)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not possible on every platform
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def create_new(folder: Path, stem: str, data: bytes, *, sync_folder: bool = True) -> Path:
    """Write ``data`` to ``folder/stem.md`` (``stem-2.md``… if taken), whole or not at all.

    The data goes to a hidden temporary file first (the library scan skips
    dot files) and is synced, then linked to its name, which fails rather
    than replace a file that appeared meanwhile. ``sync_folder=False`` leaves
    syncing the folder to the caller (once for a batch). Returns the path.
    """
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".incoming-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        counter = 1
        while True:
            target = folder / (f"{stem}.md" if counter == 1 else f"{stem}-{counter}.md")
            counter += 1
            if target.exists():
                continue
            try:
                os.link(temporary, target)
            except FileExistsError:
                continue
            except OSError:  # a file system without hard links: checked just above
                os.replace(temporary, target)
            break
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    if sync_folder:
        fsync_folder(folder)
    return target
