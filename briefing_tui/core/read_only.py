"""Whether the data folder can be written, asked before a sync writes anything.

A sync writes the index first and the store after; on a data folder that
cannot be written (``chmod -R -w``, a read-only disk) it failed on the
index's lock with a bare "Permission denied", and with only the store
read-only it wrote the index and then failed on the store, leaving search
listing a briefing the store did not know. The CLI and the app both ask
here first, and read the library as last synced instead.
"""

from __future__ import annotations

import errno
import os
from typing import TYPE_CHECKING

from .store import StoreReadOnly

if TYPE_CHECKING:
    from .workspace import Workspace


def cannot_write(ws: Workspace) -> bool:
    """Whether the data folder, its index or its store cannot be written."""
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


def on_read_only_disk(error: BaseException) -> bool:
    """Whether ``error`` says the disk itself is read-only (not the folder's modes)."""
    return isinstance(error, OSError) and error.errno == errno.EROFS
