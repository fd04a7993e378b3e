"""One writer at a time: a lock file in the library's data folder, across processes.

Two imports or fetches into one library at once (``briefing fetch`` from
cron while the app adds a folder, two shells importing the same folder) each
read what the library held before the other wrote: every briefing came in
twice, under two names with the same id. And ``feeds.json`` is read, changed
and written whole: a ``briefing fetch`` saved the list it read at its start,
and a feed followed meanwhile (``feeds add``) was gone.

:func:`held` takes a ``flock`` on a file beside the store, so it goes with
its process (one killed half-way holds nothing). Within one process it is
re-entrant (the CLI holds the intake lock over its syncs and the import, and
the import takes it again) and threads take turns (the app's Add and its
feed fetch run on two workers).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

#: The lock held over an import or a fetch: reading what the library holds,
#: writing the new briefings and syncing them into the store.
INTAKE_LOCK = "intake.lock"
#: The lock held while ``feeds.json`` is read, changed and written.
FEEDS_LOCK = "feeds.json.lock"
#: How often a wait looks again (and asks whether it was cancelled), in seconds.
POLL = 0.1


class LockCancelled(Exception):
    """``cancelled()`` turned true while waiting for the lock."""


@dataclass
class _Holder:
    """This process's hold on one lock file: which thread, how deep, the file."""

    turn: threading.RLock = field(default_factory=threading.RLock)
    depth: int = 0
    fd: int | None = None


_holders: dict[Path, _Holder] = {}
_holders_lock = threading.Lock()


def _holder(path: Path) -> _Holder:
    with _holders_lock:
        return _holders.setdefault(path, _Holder())


@contextlib.contextmanager
def held(
    path: Path,
    *,
    waiting: Callable[[], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[None]:
    """Hold the lock at ``path`` (created if missing) for the ``with`` block.

    ``waiting()`` is called once when another process or thread has it (to say
    why nothing happens); ``cancelled()`` is asked while waiting, and ends the
    wait with :class:`LockCancelled`. A lock file that cannot be made (a
    read-only data folder) is not held: what follows fails there with its own
    message, as it did before this lock.
    """
    holder = _holder(path)
    said = False
    while not holder.turn.acquire(timeout=POLL):
        said = _wait(waiting, cancelled, said)
    try:
        if holder.depth == 0:
            holder.fd = _locked(path, waiting, cancelled, said)
        holder.depth += 1
        try:
            yield
        finally:
            holder.depth -= 1
            if holder.depth == 0 and holder.fd is not None:
                fcntl.flock(holder.fd, fcntl.LOCK_UN)
                os.close(holder.fd)
                holder.fd = None
    finally:
        holder.turn.release()


def _wait(
    waiting: Callable[[], None] | None, cancelled: Callable[[], bool] | None, said: bool
) -> bool:
    """One turn of a wait: say so the first time, stop if cancelled; True once said."""
    if cancelled is not None and cancelled():
        raise LockCancelled
    if not said and waiting is not None:
        waiting()
    return True


def _locked(
    path: Path,
    waiting: Callable[[], None] | None,
    cancelled: Callable[[], bool] | None,
    said: bool,
) -> int | None:
    """The lock file's descriptor once ``flock``-ed; ``None`` if it cannot be made."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return None
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            try:
                said = _wait(waiting, cancelled, said)
            except LockCancelled:
                os.close(fd)
                raise
            time.sleep(POLL)
