"""Where an export goes: a file checked fit to replace, then written atomically."""

from __future__ import annotations

import os
from pathlib import Path

from briefing_tui.core.store.backup import output_target

from ..files import atomic_write
from .errors import ExchangeError


def write_atomic(path: str | os.PathLike[str], data: bytes, *, private: bool = False) -> Path:
    """Write ``data`` to ``path`` via a temporary file and ``os.replace``.

    A reader sees the old file or the new one, never half of one; after a
    crash at most a stray ``.tmp`` file is left. ``private`` files are made
    readable by the user only; others get the usual permissions (umask).
    Raises :class:`~.errors.ExchangeError` for a path that is not a regular
    file (or a new one) in a folder that exists.
    """
    given = Path(path)
    target, problem = output_target(given)  # a link's target; only a regular file
    if problem:
        raise ExchangeError(problem)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ExchangeError(f"cannot write {given}: the folder {folder} does not exist")
    atomic_write(target, data, private=private)
    return given
