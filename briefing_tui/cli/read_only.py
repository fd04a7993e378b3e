"""A data folder that cannot be written (``chmod -R -w``, a read-only disk), met by a sync.

A command that only reads answers from the library as last synced, saying so
in one line when files changed since; one that writes fails in one line
naming the folder. Every read command failed on such a folder once a file of
the library had changed (the sync could not take its lock), and with only the
store file read-only a sync wrote the index and then failed on the store,
which left search listing a briefing the store did not know.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from ..core.changes import FolderCheck, check_folder
from ..core.read_only import cannot_write, on_read_only_disk, refused_write
from ..core.store import StoreError
from ..core.sync import SyncReport
from ..core.workspace import Workspace

__all__ = ["DataReadOnly", "cannot_write", "refused_write", "sync_unless_read_only"]


class DataReadOnly(Exception):
    """A sync a writing command needs, refused by a read-only data folder: the message."""


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
            disk = on_read_only_disk(error)
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
