"""The store's errors: :class:`StoreError`, and SQLite's errors put in words a person can act on.

Every statement the store runs goes through :class:`ExplainedConnection`, so an
SQLite error leaves the store as a :class:`StoreError` naming the file and what
to do, never as a bare "database is locked".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any


class StoreError(Exception):
    """The store cannot be used; the message names the file and what to do."""


class StoreReadOnly(StoreError):
    """The store cannot be written (a read-only file, folder or disk); it can be read."""


#: What to do about a store that cannot be used, for every message saying so.
RECOVER = (
    "restore a backup with `briefing restore FILE`, or move the file aside to start afresh "
    "(the file is left as it is)"
)


def read_only(path: Path) -> StoreReadOnly:
    """The store's file cannot be written (``chmod -w``)."""
    return StoreReadOnly(f"the store {path} is read-only")


def locked(path: Path) -> StoreError:
    """The store stayed locked for a writer longer than the busy timeout."""
    return StoreError(
        f"the store {path} is locked by another process (another briefing running?); "
        "try again when it has finished"
    )


def gone(path: Path) -> StoreError:
    """The store's file was deleted or moved away while it was open."""
    return StoreError(
        f"the store {path} is gone: its data folder was deleted, moved or renamed while "
        "briefing-tui had it open, so nothing more is saved. Quit; if you moved the folder, "
        "put it back (else `briefing restore` a backup)"
    )


def explain(error: sqlite3.Error, path: Path) -> StoreError:
    """Turn an sqlite error into a message a person can act on."""
    text = str(error)
    if "locked" in text or "busy" in text:
        return locked(path)
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreError(f"the store {path} is damaged ({text}); {RECOVER}")
    if "readonly" in text or "read-only" in text:
        return StoreReadOnly(f"the store {path} is read-only ({text})")
    if hint := disk_trouble(error):
        return StoreError(
            f"could not write the store {path} ({text}: {hint}); what was being saved "
            "was not saved: free some space and try again"
        )
    return StoreError(f"store error in {path}: {text}")


def disk_trouble(error: sqlite3.Error) -> str | None:
    """What to suspect when SQLite could not write a file (a full disk, a size limit), or None."""
    name = getattr(error, "sqlite_errorname", "") or ""
    if name == "SQLITE_FULL" or "disk is full" in str(error):
        return "the disk is full"
    if name.startswith("SQLITE_IOERR") or "disk I/O error" in str(error):
        return "a full disk, a file size limit (ulimit -f) or a failing drive"
    return None


class ExplainedConnection:
    """The store's connection, with SQLite's errors turned into :class:`StoreError`."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._connection = connection
        self._path = path

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        try:
            return self._connection.execute(sql, params)
        except sqlite3.Error as error:
            raise explain(error, self._path) from error

    def executemany(self, sql: str, params: Iterable[Any]) -> sqlite3.Cursor:
        try:
            return self._connection.executemany(sql, params)
        except sqlite3.Error as error:
            raise explain(error, self._path) from error

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)


class BackupError(Exception):
    """A backup that cannot be made, or a file that cannot be restored; says why."""
