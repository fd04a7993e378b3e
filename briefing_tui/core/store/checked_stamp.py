"""The store's last clean integrity check, remembered by its files' stamps.

Every open of the store checked it (``PRAGMA quick_check``) before anything
was written to it, so that a damaged store is refused, naming it, and left as
it was. That check reads every page of the file: 12 ms at 10,000 briefings,
115-130 ms at 100,000 and over a second from a cold cache, paid by every
command before it answers, a one-shot ``briefing search`` included.

A store only becomes damaged through its files: a write (this program's,
another's, a restore replacing it) or the disk. Every write changes the file's
stamp: its size, modification time, change time, or inode (a replaced file).
So after a clean check the stamps of the store and of its journals are written
beside it, and an open that finds the same stamps skips the check. The change
time is set by the kernel on every write and cannot be set back by a program
(``os.utime`` sets only the access and modification times), so a file damaged
and given back its old modification time is still checked. The write-ahead
log is part of the stamp: a store whose log holds frames not yet copied in (a
crash mid-checkpoint) has a log the last check did not see. An empty or absent
log holds nothing, so both stamp alike (SQLite makes an empty one when it opens).

The stamp is a hint, never a verdict: missing, unreadable, or of another form,
the check runs. It is written without ``fsync``: lost in a crash, the next open
checks again. What it cannot see is damage that leaves the metadata alone (a
failing disk, a drive that acknowledged a write it never made): SQLite reports
such pages as malformed when it reads them, and ``briefing doctor`` runs the
full check.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

#: What the stamp file starts with: a stamp of another form is not trusted.
FORM = "briefing-store-checked 1"
#: The journals whose stamps count: SQLite's write-ahead log and rollback journal.
JOURNALS = ("-wal", "-journal")


def stamp_file(store_file: Path) -> Path:
    """Where the stamp of ``store_file``'s last clean check is kept: beside it."""
    return store_file.with_name(store_file.name + ".checked")


def current_stamp(store_file: Path) -> str | None:
    """The stamps of the store and its journals now; ``None`` if the store cannot be stat'ed."""
    try:
        parts = [_stamp(os.stat(store_file))]
    except OSError:
        return None
    for suffix in JOURNALS:
        try:
            info = os.stat(f"{store_file}{suffix}")
        except OSError:
            parts.append("-")
            continue
        parts.append(_stamp(info) if info.st_size else "-")
    return " ".join([FORM, *parts])


def _stamp(info: os.stat_result) -> str:
    return f"{info.st_dev}:{info.st_ino}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}"


def checked_since(store_file: Path, stamp: str | None) -> bool:
    """Whether the last clean check saw the store as ``stamp`` (its stamp now)."""
    if stamp is None:
        return False
    try:
        remembered = stamp_file(store_file).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return False
    return remembered.strip() == stamp


def remember_checked(store_file: Path, stamp: str) -> None:
    """Say that the store was checked clean as ``stamp``. A failure only costs the next
    open its check, so it is not reported."""
    target = stamp_file(store_file)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        try:
            temporary.write_text(stamp + "\n", encoding="ascii")
            os.replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)
