"""The store's connections to its SQLite file, and the rule for threads.

One connection writes. :meth:`Connections.transaction` holds it, with this
object's lock, from ``BEGIN IMMEDIATE`` to ``COMMIT``: two threads'
transactions take turns instead of meeting inside one, and no statement of
another thread runs inside a transaction that is not its own.

Reads (:meth:`Connections.query`) inside a transaction run on that connection,
on the thread holding it, so they see the transaction's own writes. Every
other read runs on a read-only connection taken from a small pool for the
length of the statement: in WAL mode it sees the last committed state at once,
never a transaction's half-done work and never waiting for it (a briefing
opens while a long sync writes). No connection is ever used by two threads at once.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import ExplainedConnection, StoreError, StoreReadOnly, explain, gone, locked

#: How long a statement waits for another process's write before giving up.
BUSY_TIMEOUT_MS = 5000
#: Read connections kept open between reads; more are opened while more threads read at once.
IDLE_READERS = 4


class Connections:
    """The writing connection (shared, one thread at a time) and a pool of read connections."""

    def __init__(
        self, connection: sqlite3.Connection, path: Path, timeout_ms: int = BUSY_TIMEOUT_MS
    ) -> None:
        self._raw = connection
        #: Every statement goes through this: an SQLite error leaves it as a
        #: :class:`StoreError` naming the file, never as "database is locked".
        self._db = ExplainedConnection(connection, path)
        self.path = path
        self._timeout_ms = timeout_ms
        #: Held by the thread in a transaction on the writing connection, for the whole of it.
        self._lock = threading.Lock()
        #: That thread's id (only it sets and clears it: no other thread sees its own here).
        self._writer: int | None = None
        self._pool_lock = threading.Lock()
        self._idle: list[sqlite3.Connection] = []
        self._closed = False
        #: The file opened (device, inode): a write is refused once the path names
        #: another file or none (see :meth:`_check_file`).
        self._file_id = _file_id(path)
        #: Set for a store that cannot be written (see ``Store.open``): readers open
        #: it through this URI, as the store itself was.
        self.read_only_uri: str | None = None

    def _check_file(self) -> None:
        """Raise :class:`StoreError` if the store's path no longer names the file opened.

        Deleted or moved (the data folder removed or renamed while the app
        runs), the open file lives on unseen: SQLite would go on committing
        into it, each write reported saved and all of them lost at exit. One
        ``stat`` per write transaction; a folder moved back makes writes land again.
        """
        if self._file_id is not None and _file_id(self.path) != self._file_id:
            raise gone(self.path)

    def close(self) -> None:
        # The read connections first: the writing one, closed last, folds the WAL in.
        with self._pool_lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for reader in idle:
            reader.close()
        self._raw.close()

    @contextmanager
    def transaction(self) -> Iterator[ExplainedConnection]:
        """One write transaction (``BEGIN IMMEDIATE``): all of it lands or none.

        Another thread's transaction on this store is waited for (up to the
        busy timeout, as another process's is); reads of other threads go on.
        """
        if self._writer == threading.get_ident():
            raise StoreError(
                f"store error in {self.path}: cannot start a transaction within a transaction"
            )
        if not self._lock.acquire(timeout=max(self._timeout_ms, 0) / 1000):
            raise locked(self.path)
        self._writer = threading.get_ident()
        try:
            try:
                self._raw.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise explain(error, self.path) from error
            try:
                yield self._db
            except BaseException:
                self._rollback()
                raise
            else:
                try:
                    self._check_file()
                except StoreError:
                    self._rollback()
                    raise
                try:
                    self._raw.execute("COMMIT")
                except sqlite3.Error as error:
                    self._rollback()
                    raise explain(error, self.path) from error
        finally:
            self._writer = None
            self._lock.release()

    def data_version(self) -> int:
        """SQLite's ``data_version`` on the writing connection: it changes whenever another
        connection (another process: ``briefing import``, ``annotate``) committed to the
        file since it was last read, never for this connection's own writes."""
        if self._writer != threading.get_ident():
            if not self._lock.acquire(timeout=max(self._timeout_ms, 0) / 1000):
                raise locked(self.path)
            try:
                return self.data_version_held()
            finally:
                self._lock.release()
        return self.data_version_held()

    def data_version_held(self) -> int:
        try:
            return int(self._raw.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error as error:
            raise explain(error, self.path) from error

    def _rollback(self) -> None:
        # SQLite may have rolled back already (a full disk, say); the error that
        # got us here is the one to report, not "no transaction is active".
        with contextlib.suppress(sqlite3.Error):
            self._raw.execute("ROLLBACK")

    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
        """Run a read and return all its rows, from any thread (see the module's rule).

        The store's own modules and the claims table (:mod:`..claims.store`) read
        through this; nothing else runs SQL.
        """
        if self._writer == threading.get_ident():  # inside this thread's transaction
            return self._fetch(self._raw, sql, params)
        reader = self._take_reader()
        try:
            return self._fetch(reader, sql, params)
        finally:
            self._give_back(reader)

    def query_tuples(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        """:meth:`query`, its rows as plain tuples: for reads of 100,000 rows on every
        sync (the file stamps), where making a ``Row`` of each costs a fifth of the read."""
        if self._writer == threading.get_ident():
            return self._fetch(self._raw, sql, params, plain=True)
        reader = self._take_reader()
        try:
            return self._fetch(reader, sql, params, plain=True)
        finally:
            self._give_back(reader)

    def _fetch(
        self,
        connection: sqlite3.Connection,
        sql: str,
        params: tuple[object, ...],
        *,
        plain: bool = False,
    ) -> list[Any]:
        try:
            cursor = connection.execute(sql, params)
            if plain:
                cursor.row_factory = None
            return cursor.fetchall()
        except sqlite3.Error as error:
            raise explain(error, self.path) from error

    def _take_reader(self) -> sqlite3.Connection:
        with self._pool_lock:
            if self._idle:
                return self._idle.pop()
        if self._file_id is not None and not self.path.exists():
            raise gone(self.path)  # connecting would make a new, empty store there
        try:
            reader = sqlite3.connect(
                self.read_only_uri or self.path,
                timeout=self._timeout_ms / 1000,
                isolation_level=None,
                check_same_thread=False,  # pooled: used by one thread at a time
                uri=self.read_only_uri is not None,
            )
        except sqlite3.Error as error:
            raise explain(error, self.path) from error
        try:
            reader.row_factory = sqlite3.Row
            reader.execute(f"PRAGMA busy_timeout = {int(self._timeout_ms)}")
            reader.execute("PRAGMA query_only = ON")
        except sqlite3.Error as error:
            reader.close()
            raise explain(error, self.path) from error
        return reader

    def _give_back(self, reader: sqlite3.Connection) -> None:
        with self._pool_lock:
            if not self._closed and len(self._idle) < IDLE_READERS:
                self._idle.append(reader)
                return
        reader.close()


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_dev, status.st_ino)


def fixed_file_uri(path: Path) -> str | None:
    """The URI reading ``path`` as the file it is, when it cannot be written.

    SQLite makes two files beside a store in WAL mode even to read it, in the
    store's own mode: read-only, they kept the store read-only once the user
    made it writable again, and in a read-only folder they cannot be made at
    all. Nobody writes such a store, so it is read whole as it is (immutable);
    not when writes wait in its WAL file, which such a reader would not see.
    """
    try:
        if os.access(path, os.W_OK) or Path(f"{path}-wal").stat().st_size > 0:
            return None
    except FileNotFoundError:
        pass
    return f"{path.resolve().as_uri()}?mode=ro&immutable=1"


def connect_fixed(
    path: Path, timeout_ms: int, problem: StoreReadOnly
) -> tuple[sqlite3.Connection, str]:
    """A connection reading the store at ``path`` as the file it is, and its URI.

    In a folder that cannot be written (``chmod -w``, a read-only disk) SQLite
    cannot make the files it keeps beside a store in WAL mode. Nobody can write
    the store there, so it is read whole (``immutable``). One that needs a
    migration, or whose last writes are still in its WAL file (unseen by such a
    reader), is refused whole, with ``problem``.
    """
    from .schema import SCHEMA_VERSION, check_tables

    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise problem
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        connection = sqlite3.connect(
            uri, uri=True, timeout=timeout_ms / 1000, isolation_level=None,
            check_same_thread=False,
        )  # fmt: skip
    except sqlite3.Error:
        raise problem from None
    connection.row_factory = sqlite3.Row
    try:
        if connection.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            raise problem
        check_tables(connection, path)
    except (sqlite3.Error, StoreError):
        connection.close()
        raise problem from None
    return connection, uri
