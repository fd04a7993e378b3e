"""A data folder that cannot be written (``chmod -R -w``, a read-only disk), met by a sync.

A command that only reads answers from the library as last synced, saying so
in one line when files changed since; one that writes fails in one line
naming the folder. Every read command failed on such a folder once a file of
the library had changed (the sync could not take its lock), and with only the
store file read-only a sync wrote the index and then failed on the store,
which left search listing a briefing the store did not know.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable

from ..core.changes import FolderCheck, check_folder
from ..core.store import StoreError, StoreReadOnly
from ..core.sync import SyncReport
from ..core.workspace import Workspace


class DataReadOnly(Exception):
    """A sync a writing command needs, refused by a read-only data folder: the message."""


def cannot_write(ws: Workspace) -> bool:
    """Whether the data folder, its index or its store cannot be written (asked first,
    so a sync never writes the index and then fails on the store)."""
    if ws.store.read_only_uri is not None:
        return True
    paths = ws.paths
    where = (paths.library_data, paths.index_dir, paths.store_file)
    return not all(os.access(path, os.W_OK) for path in where if path.exists())


def refused_write(error: BaseException) -> bool:
    """Whether ``error`` is a write refused by a read-only data folder, file or disk."""
    if isinstance(error, StoreReadOnly):
        return True
    return isinstance(error, OSError) and error.errno in (errno.EACCES, errno.EPERM, errno.EROFS)


def sync_unless_read_only(
    ws: Workspace,
    sync: Callable[[], SyncReport],
    checked: FolderCheck | None,
    reading: bool,
    rebuild: bool = False,
) -> SyncReport:
    """``sync()``, or, on a data folder that cannot be written, nothing: said on
    stderr for a command that ``reading`` goes on, raised as :class:`DataReadOnly`
    for one that writes (unless there was nothing to sync: its own write says;
    a ``rebuild`` always writes)."""
    disk = False
    if cannot_write(ws):
        check = checked or check_folder(ws.root, ws.store, max_bytes=ws.max_bytes)
        if check.nothing_to_do and not ws.needs_full_build and not rebuild:
            return SyncReport()
    else:
        try:
            return sync()
        except (OSError, StoreError) as error:
            if not refused_write(error):
                raise
            disk = isinstance(error, OSError) and error.errno == errno.EROFS
    where = f"the data folder {ws.paths.library_data} is " + (
        "on a read-only disk" if disk else "read-only"
    )
    if not reading:
        raise DataReadOnly(f"{where}: nothing was changed")
    print(
        f"briefing: {where}: the library as last synced (files changed since are not seen)",
        file=sys.stderr,
    )
    return SyncReport()
