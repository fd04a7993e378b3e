"""Writing files so that a crash never leaves half of one: atomic replace, fsync."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

#: What an ``OSError`` says when the disk (or a limit on it), not a file, failed: a
#: full disk or quota, a read-only mount, an I/O error, a file size limit (``ulimit -f``).
DISK_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.EFBIG})


#: What a file system error means for the user, by errno: the one wording of the
#: CLI's error line and the sync's notices ("[Errno 27] File too large" from `export`
#: under `ulimit -f`, "[Errno 13] Permission denied" from a read-only data folder).
ERROR_MEANINGS = {
    errno.EACCES: "permission denied (a read-only folder, or one that is another user's)",
    errno.EPERM: "not permitted (a read-only folder, or one that is another user's)",
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "file too large (a file size limit, `ulimit -f`, or the file system's)",
}


def disk_reason(error: BaseException) -> str:
    """A short reason for a failed write: its meaning (:data:`ERROR_MEANINGS`), else the
    OS's words."""
    if isinstance(error, OSError):
        if error.errno in ERROR_MEANINGS:
            return ERROR_MEANINGS[error.errno]
        if error.strerror:
            return error.strerror.lower()
    return str(error) or type(error).__name__


class WriteFailed(OSError):
    """A file that could not be written, said of the file asked for.

    :func:`atomic_write` writes a hidden temporary file beside the target: the
    OS's error named that file (``[Errno 2] No such file or directory:
    '/proc/.nope.json.fya80mqt.tmp'`` from ``briefing export -o /proc/nope.json``),
    a name the user never gave. This keeps the errno (callers still tell a full
    disk apart) and names ``filename``, the target, in one line.
    """

    def __str__(self) -> str:
        return f"cannot write {self.filename}: {disk_reason(self)}"


def atomic_write(target: Path, data: bytes, *, private: bool = False) -> None:
    """Write ``data`` to ``target`` via a temporary file beside it and ``os.replace``.

    A reader sees the old file or the new one, never half of one; after a
    crash at most a stray ``.tmp`` file is left. The data and the rename are
    synced to disk. ``private`` files are made readable by the user only; a
    file replaced keeps its mode, and a new one gets the usual permissions
    (umask). ``target``'s folder must exist. Raises :class:`WriteFailed`, which
    names ``target``, never the temporary file.
    """
    try:
        _replace_with(target, data, private=private)
    except OSError as error:
        raise WriteFailed(error.errno, error.strerror or str(error), str(target)) from error


def _replace_with(target: Path, data: bytes, *, private: bool) -> None:
    """:func:`atomic_write`, its errors as the OS raised them."""
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
    handle, temporary = _temporary(folder, data, _umask())
    try:
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
        target = _link_to_free_name(temporary, folder, stem)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    if sync_folder:
        fsync_folder(folder)
    return target


#: Threads syncing the temporary files of :func:`create_many` at once.
SYNC_THREADS = 8
#: Temporary files :func:`create_many` holds open (and syncs together) at a time.
OPEN_AT_ONCE = 128


def create_many(
    files: Sequence[tuple[Path, str, bytes]], *, sync_folders: bool = True
) -> list[Path | OSError]:
    """:func:`create_new` for each ``(folder, stem, data)``, with one wait for the disk.

    Each file is whole or not at all and never replaces another, as with
    :func:`create_new`, and gets the name that one :func:`create_new` after
    another would give it. The difference is when the data is synced: every
    temporary file is written first, then they are synced together, from a
    few threads, so the file system commits them in one journal transaction
    instead of one per file (a sync per file costs a few milliseconds each,
    seconds for a thousand), and only a synced file is linked to its name.
    A file that cannot be written is its ``OSError`` in the list returned
    (the others go on); ``sync_folders`` syncs each folder once at the end.
    """
    umask = _umask()
    results: list[Path | OSError] = []
    for start in range(0, len(files), OPEN_AT_ONCE):
        results += _create_some(files[start : start + OPEN_AT_ONCE], umask)
    if sync_folders:
        for folder in dict.fromkeys(folder for folder, _, _ in files):
            fsync_folder(folder)
    return results


def _create_some(files: Sequence[tuple[Path, str, bytes]], umask: int) -> list[Path | OSError]:
    """:func:`create_many` of files few enough to hold open together."""
    written: list[tuple[int, str] | OSError] = []
    results: list[Path | OSError] = []
    try:
        for folder, _, data in files:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                written.append(_temporary(folder, data, umask))
            except OSError as error:
                written.append(error)
        handles = [each[0] for each in written if not isinstance(each, OSError)]
        synced = dict(zip(handles, _sync_all(handles), strict=True))
        for (folder, stem, _), each in zip(files, written, strict=True):
            if isinstance(each, OSError):
                results.append(each)
            elif (problem := synced[each[0]]) is not None:
                results.append(problem)
            else:
                try:
                    results.append(_link_to_free_name(each[1], folder, stem))
                except OSError as error:
                    results.append(error)
    finally:
        for each in written:
            if not isinstance(each, OSError):
                with contextlib.suppress(OSError):
                    os.close(each[0])
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(each[1])
    return results


def _sync_all(handles: list[int]) -> list[OSError | None]:
    """``os.fsync`` of each descriptor, several at once; the error of each, or ``None``."""

    def sync(handle: int) -> OSError | None:
        try:
            os.fsync(handle)
        except OSError as error:
            return error
        return None

    if len(handles) < 2:
        return [sync(handle) for handle in handles]
    with ThreadPoolExecutor(max_workers=min(SYNC_THREADS, len(handles))) as pool:
        return list(pool.map(sync, handles))


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _temporary(folder: Path, data: bytes, umask: int) -> tuple[int, str]:
    """A hidden temporary file in ``folder`` holding ``data``, not yet synced, and its
    open descriptor; with the usual permissions of a new file."""
    handle, temporary = tempfile.mkstemp(prefix=".incoming-", suffix=".tmp", dir=folder)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
        os.chmod(temporary, 0o666 & ~umask)
    except BaseException:
        os.close(handle)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return handle, temporary


def _link_to_free_name(temporary: str, folder: Path, stem: str) -> Path:
    """Link ``temporary`` to ``folder/stem.md``, else ``stem-2.md``…: never over a file."""
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
        return target


def folders_of(files: Iterable[Path], base: Path) -> list[Path]:
    """``base`` and every folder between it and each of ``files``, deepest first: the
    folders whose entries new files (and folders made for them) added, to be fsynced."""
    found = {base}
    for file in files:
        at = file.parent
        while at != base and at.is_relative_to(base) and at not in found:
            found.add(at)
            at = at.parent
    return sorted(found, key=lambda path: len(path.parts), reverse=True)
