"""Backups of the store, and restoring one.

A backup is a consistent copy of the SQLite store made with SQLite's online
backup API (:meth:`sqlite3.Connection.backup`) in one step: it reads one
snapshot of the store, so the app (or another ``briefing`` command) may keep
writing meanwhile, and a claim either is in the backup whole or not at all.
The copy is written beside its destination, checked (``integrity_check``),
switched to a self-contained journal mode and moved into place with
``os.replace``; it is readable by the user only.

Restoring first checks the file without touching the store (the checks are
in :mod:`.store.restore_checks`: the schema briefing-tui makes, values it can
read, control characters made visible in the copy).
It is copied into the data folder and checked there. The
current store is then kept aside as ``store.sqlite3.before-restore-<time>`` in
the same folder and the backup's content takes its place in one transaction,
through the backup API again, so a process that has the store open sees
either the old data or the restored data, never a mix. A store too damaged to
be read is renamed aside instead, and the checked copy renamed into place.
The search index then needs a rebuild (the CLI does it at once).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import stat
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from briefing_tui.core.files import fsync_folder
from briefing_tui.core.paths import resolved
from briefing_tui.core.store import BUSY_TIMEOUT_MS
from briefing_tui.core.store.carried import bring_back_feeds, carried_feeds, carry_feeds
from briefing_tui.core.store.errors import BackupError, disk_trouble
from briefing_tui.core.store.restore_checks import (
    CLEANED,
    ID_COLUMNS,
    JSON_LISTS,
    TABLES_BY_VERSION,
    StoreFacts,
    check_contents,
    check_store,
    clean_contents,
)

__all__ = [
    "BACKUP_PREFIX",
    "BACKUP_SUFFIX",
    "CLEANED",
    "ID_COLUMNS",
    "JSON_LISTS",
    "TABLES_BY_VERSION",
    "BackupError",
    "BackupReport",
    "RestoreReport",
    "StoreFacts",
    "backup_store",
    "check_backup",
    "check_contents",
    "check_store",
    "clean_contents",
    "default_backup_name",
    "default_backup_path",
    "output_target",
    "restore_store",
]

BACKUP_PREFIX = "briefing-backup-"
BACKUP_SUFFIX = ".sqlite3"


@dataclass
class BackupReport:
    path: Path
    size: int
    facts: StoreFacts
    elapsed: float


@dataclass
class RestoreReport:
    source: Path
    store: Path
    #: Where the previous store was kept (``None`` when there was none).
    aside: Path | None
    facts: StoreFacts
    #: The previous store could not be read and was renamed aside as it was.
    previous_damaged: bool = False
    #: ``feeds.json`` written from the backup (``None``: it carried none, or the same).
    feeds: Path | None = None
    #: Why the feeds the backup carried could not be written back.
    feeds_problem: str | None = None


def _stamp(now: datetime | None = None) -> str:
    return (now or datetime.now()).strftime("%Y%m%d-%H%M%S")


def default_backup_name(now: datetime | None = None) -> str:
    """``briefing-backup-YYYYMMDD-HHMMSS.sqlite3``."""
    return f"{BACKUP_PREFIX}{_stamp(now)}{BACKUP_SUFFIX}"


def default_backup_path(folder: Path, now: datetime | None = None) -> Path:
    """A fresh backup file name in ``folder`` (``-2``, ``-3``... if that second is taken)."""
    name = default_backup_name(now)
    path = folder / name
    number = 2
    while path.exists():
        path = folder / name.replace(BACKUP_SUFFIX, f"-{number}{BACKUP_SUFFIX}")
        number += 1
    return path


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        connection = sqlite3.connect(
            f"{resolved(path).as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
    else:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return connection


def _open_to_copy(store_file: Path) -> sqlite3.Connection:
    """The store, open to be copied; in a folder that cannot be written (a read-only
    mount), read whole as the file it is. SQLite could not make its WAL files there,
    and ``backup`` failed "unable to open database file" just when a copy was most
    wanted (a walk). Refused when writes still wait in its WAL file."""
    first: sqlite3.Error
    try:
        source = _connect(store_file)
    except sqlite3.Error as error:
        first = error
    else:
        try:
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return source
        except sqlite3.Error as error:
            source.close()
            first = error
    wal = Path(f"{store_file}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise BackupError(
            f"cannot open the store {store_file}: {first} (its last writes wait in "
            f"{wal.name}, which only a writable folder lets be read)"
        ) from first
    try:
        return sqlite3.connect(f"{resolved(store_file).as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as error:
        raise BackupError(f"cannot open the store {store_file}: {first}") from error


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def output_target(path: Path) -> tuple[Path, str | None]:
    """The file writing ``path`` replaces (a symbolic link followed), and why not, if not.

    Only a regular file, or a new one, is written: a FIFO, a device, a socket or a
    folder is refused, and so is a read-only file (judged by its mode bits, since
    root may open any file for writing) and a link that leads nowhere.
    """
    target = path
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return path, f"{path} is a symbolic link to nothing; give a file name"
    try:
        status = target.stat()
    except FileNotFoundError:
        return target, None
    except OSError as error:
        return target, f"cannot write {path}: {error.strerror or error}"
    for test, kind in _KINDS:
        if test(status.st_mode):
            return target, f"{path} is {kind}, not a regular file; give a file name"
    if not stat.S_ISREG(status.st_mode):
        return target, f"{path} is not a regular file; give a file name"
    if not status.st_mode & 0o222 or not os.access(target, os.W_OK):
        return target, f"{path} is read-only; give another file name"
    return target, None


def _private_temp(folder: Path, name: str) -> Path:
    """An empty file readable by the user only, next to where ``name`` will go."""
    handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    os.close(handle)
    return Path(temporary)


def _fsync(path: Path) -> None:
    """Sync a file's data to disk (a failure is an error: the copy may be incomplete)."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _remove(path: Path) -> None:
    for extra in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{extra}").unlink(missing_ok=True)


# --- Backup ------------------------------------------------------------------------------


def backup_store(store_file: Path, destination: Path) -> BackupReport:
    """Copy the store to ``destination`` (a file, or a folder to put a dated file in)."""
    started = time.perf_counter()
    if not store_file.is_file():
        raise BackupError(f"there is no store at {store_file} yet: nothing to back up")
    if destination.is_dir():
        destination = default_backup_path(destination)
    target, problem = output_target(destination)
    folder = target.parent
    store = resolved(store_file)
    if resolved(target) in {Path(f"{store}{extra}") for extra in ("", "-wal", "-shm")}:
        raise BackupError(f"{destination} is the store itself; back it up somewhere else")
    if problem:
        raise BackupError(problem)
    if not folder.is_dir():
        raise BackupError(f"cannot write {destination}: the folder {folder} does not exist")
    temporary = _private_temp(folder, target.name)
    try:
        facts = _copy(store_file, temporary)
        os.replace(temporary, target)
    except BaseException:
        _remove(temporary)
        raise
    fsync_folder(folder)
    return BackupReport(
        destination, destination.stat().st_size, facts, time.perf_counter() - started
    )


def _copy(store_file: Path, temporary: Path) -> StoreFacts:
    """One consistent snapshot of the store into ``temporary``, checked and synced."""
    source = _open_to_copy(store_file)
    try:
        target = sqlite3.connect(temporary)
        try:
            source.backup(target)  # all pages in one step: one snapshot
            carry_feeds(store_file, target)  # the feeds followed, kept beside the store
            # A backup stands alone: no -wal file to lose when it is copied around.
            target.execute("PRAGMA journal_mode = DELETE")
            facts = check_store(target, f"the backup of {store_file}")
        finally:
            target.close()
    except sqlite3.Error as error:
        if hint := disk_trouble(error):  # the copy being written, not the store, failed
            raise BackupError(
                f"cannot write the backup of {store_file} in {temporary.parent} "
                f"({error}: {hint}); the store is untouched"
            ) from error
        raise BackupError(f"cannot back up the store {store_file}: {error}") from error
    finally:
        source.close()
    _fsync(temporary)
    return facts


# --- Restore -----------------------------------------------------------------------------


def check_backup(path: Path) -> StoreFacts:
    """Check a backup file in place (read-only); raise :class:`BackupError` if unfit."""
    source, facts = _open_checked(path)
    source.close()
    return facts


def _open_checked(path: Path) -> tuple[sqlite3.Connection, StoreFacts]:
    if not path.exists():
        raise BackupError(f"{path} does not exist")
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    try:
        connection = _connect(path, read_only=True)
    except sqlite3.Error as error:
        raise BackupError(f"{path} cannot be opened: {error}") from error
    try:
        facts = check_store(connection, str(path))
        check_contents(connection, str(path), facts.schema_version)
    except sqlite3.Error as error:
        connection.close()
        raise BackupError(f"{path} cannot be read as a briefing-tui store ({error})") from error
    except BaseException:
        connection.close()
        raise
    return connection, facts


def restore_store(store_file: Path, source: Path, *, now: datetime | None = None) -> RestoreReport:
    """Replace the store's content with the backup ``source`` (see the module docstring),
    and the feeds followed with those it carries (see :mod:`.carried`).

    Raises :class:`BackupError`, leaving the current store untouched, when the
    file is not a usable backup.
    """
    carried = carried_feeds(source)
    report = _restore_store(store_file, source, now)
    try:
        report.feeds = bring_back_feeds(store_file, carried, _stamp(now))
    except OSError as error:  # the store is restored: said, not undone
        report.feeds_problem = f"the feeds followed could not be restored: {error}"
    return report


def _restore_store(store_file: Path, source: Path, now: datetime | None) -> RestoreReport:
    if _same_file(source, store_file):
        raise BackupError(f"{source} is the store itself")
    folder = store_file.parent
    folder.mkdir(parents=True, exist_ok=True)
    checked = _private_temp(folder, store_file.name + ".restore")
    try:
        facts = _checked_copy(source, checked)
        if not store_file.exists():
            os.replace(checked, store_file)
            fsync_folder(folder)
            return RestoreReport(source, store_file, None, facts)
        aside = _aside_name(store_file, now)
        live = _open_healthy(store_file)
        if live is None:
            _rename_aside(store_file, aside)
            os.replace(checked, store_file)
            fsync_folder(folder)
            return RestoreReport(source, store_file, aside, facts, previous_damaged=True)
        try:
            _keep_aside(live, aside)
            _match_page_size(checked, live)
            restored = sqlite3.connect(checked)
            try:
                restored.backup(live)  # one transaction on the live store
            finally:
                restored.close()
            with contextlib.suppress(sqlite3.Error):  # a busy reader: folded in later
                live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as error:
            raise BackupError(f"cannot restore into {store_file}: {error}") from error
        finally:
            live.close()
        return RestoreReport(source, store_file, aside, facts)
    finally:
        _remove(checked)


def _checked_copy(source: Path, checked: Path) -> StoreFacts:
    """Copy the backup into the data folder (read-only on the original) and check the copy."""
    connection, _ = _open_checked(source)
    try:
        target = sqlite3.connect(checked)
        try:
            connection.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
            clean_contents(target, check_store(target, f"the copy of {source}").schema_version)
            facts = check_store(target, f"the copy of {source}")
        finally:
            target.close()
    except sqlite3.Error as error:
        if hint := disk_trouble(error):
            raise BackupError(
                f"{source} cannot be copied into {checked.parent} ({error}: {hint}); "
                "the store is untouched"
            ) from error
        raise BackupError(f"{source} cannot be copied: {error}") from error
    finally:
        connection.close()
    _fsync(checked)
    return facts


def _aside_name(store_file: Path, now: datetime | None) -> Path:
    aside = store_file.with_name(f"{store_file.name}.before-restore-{_stamp(now)}")
    number = 2
    while Path(str(aside)).exists():
        aside = store_file.with_name(f"{store_file.name}.before-restore-{_stamp(now)}-{number}")
        number += 1
    return aside


def _open_healthy(store_file: Path) -> sqlite3.Connection | None:
    """The current store opened for the swap, or ``None`` when it is too damaged to read."""
    try:
        live = _connect(store_file)
    except sqlite3.Error:
        return None
    try:
        result = [row[0] for row in live.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as error:
        if "locked" in str(error) or "busy" in str(error):
            live.close()
            raise BackupError(
                f"the store {store_file} is locked by another process; try again shortly"
            ) from error
        live.close()
        return None
    if result != ["ok"]:
        live.close()
        return None
    return live


def _keep_aside(live: sqlite3.Connection, aside: Path) -> None:
    """A consistent copy of the current store at ``aside`` (readable by the user only)."""
    aside.touch(mode=0o600, exist_ok=False)
    try:
        target = sqlite3.connect(aside)
        try:
            live.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        _fsync(aside)
    except BaseException:
        _remove(aside)
        raise


def _match_page_size(checked: Path, live: sqlite3.Connection) -> None:
    """The backup API cannot change a WAL database's page size: give the copy the live one."""
    wanted = live.execute("PRAGMA page_size").fetchone()[0]
    copy = sqlite3.connect(checked)
    try:
        if copy.execute("PRAGMA page_size").fetchone()[0] != wanted:
            copy.execute(f"PRAGMA page_size = {int(wanted)}")
            copy.execute("VACUUM")
    finally:
        copy.close()


def _rename_aside(store_file: Path, aside: Path) -> None:
    """Move a damaged store (and its -wal/-shm, which belong to it) aside as they are.

    The store file itself is linked aside, not moved: it stays in place until
    the backup replaces it in one rename, so a crash in between never leaves
    the data folder without a store (the next start would make a new, empty
    one). Its -wal and -shm must go first: they would be applied to the backup.
    """
    try:
        os.link(store_file, aside)
    except OSError:  # no hard links here: a copy, byte for byte
        shutil.copy2(store_file, aside)
    for extra in ("-wal", "-shm", "-journal"):
        path = Path(f"{store_file}{extra}")
        if path.exists():
            os.replace(path, Path(f"{aside}{extra}"))
