"""The :class:`Store`: one library's SQLite database, opened, and every read and write of it.

The store is the one place user data (tags, reading state, claims) is written,
one transaction per user action, with ``synchronous=FULL`` so an acknowledged
write survives a crash; it also holds the list's metadata. Document records
are keyed by identity, never by path, and are never deleted when their file
disappears (they are marked missing), so tags survive a file that is moved
away and brought back. The schema and its migrations are in :mod:`.schema`;
app tags and reading state in :mod:`.user_data`; what was read and the visits
in :mod:`.read_marks`; saved searches in :mod:`.saved_searches`; facet counts
in :mod:`.facets`; claim links in :mod:`.links`; source ratings in
:mod:`.sources`; the overview's counts in :mod:`.overview`; the connections, and the rule
that lets any thread read while another writes, in :mod:`.connection`.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from operator import itemgetter
from pathlib import Path

from .checked_stamp import checked_since, current_stamp, remember_checked
from .connection import BUSY_TIMEOUT_MS, connect_fixed, fixed_file_uri
from .errors import (
    RECOVER,
    ExplainedConnection,
    StoreError,
    StoreReadOnly,
    explain,
    read_only,
)
from .facets import FacetRows
from .links import LinkRows
from .overview import OverviewRows
from .read_marks import ReadMarks
from .records import COLUMNS, DocumentKeys, DocumentRecord, record_from_row, text_list
from .saved_searches import SavedSearchRows
from .schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    check_tables,
    check_version,
    migration_functions,
)
from .sources import SourceRows
from .user_data import UserData

__all__ = ["BUSY_TIMEOUT_MS", "Store"]


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


class Store(UserData, ReadMarks, SavedSearchRows, FacetRows, LinkRows, SourceRows, OverviewRows):
    """One library's store, opened (see :mod:`.connection` for threads). Open with :meth:`open`."""

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, check: bool = True, timeout_ms: int = BUSY_TIMEOUT_MS) -> Store:
        """Open (creating and migrating) the store, or raise :class:`StoreError`.

        A file that is not a healthy store of this version (damaged, empty,
        another program's database, tables missing, a newer schema) is
        refused with a message naming it, and left exactly as it was: every
        check runs before anything is written to it. The page check is
        skipped when the files are as they were at the last clean one
        (:mod:`.checked_stamp`); the others always run.
        """
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                _create(path)
            elif path.stat().st_size == 0 and not _has_wal(path):
                raise StoreError(f"the store {path} is damaged (the file is empty); {RECOVER}")
            elif fixed_file_uri(path):  # read as it is (see fixed_file_uri)
                return cls._open_read_only(path, timeout_ms, read_only(path))
            connection = sqlite3.connect(
                path, timeout=timeout_ms / 1000, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"cannot open the store {path}: {error}") from error
        connection.row_factory = sqlite3.Row
        store = cls(connection, path, timeout_ms)
        try:
            connection.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")
            # Checked only if changed since its last clean check (see .checked_stamp).
            stamp = current_stamp(path) if check else None
            checking = check and not checked_since(path, stamp)
            if checking:
                store._check_integrity()
            check_version(connection, path)
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")
            connection.execute("PRAGMA foreign_keys = ON")
            store._migrate()
            check_tables(connection, path)
            if checking and stamp is not None and current_stamp(path) == stamp:
                remember_checked(path, stamp)
        except sqlite3.Error as error:
            connection.close()
            problem = explain(error, path)
            if isinstance(problem, StoreReadOnly):
                return cls._open_read_only(path, timeout_ms, problem)
            raise problem from error
        except BaseException:
            connection.close()
            raise
        return store

    @classmethod
    def _open_read_only(cls, path: Path, timeout_ms: int, problem: StoreReadOnly) -> Store:
        """The store in a folder or file that cannot be written, opened to be read
        as it is (see :func:`.connection.connect_fixed`): every command failed
        there, reads too. A write is refused as read-only."""
        connection, uri = connect_fixed(path, timeout_ms, problem)
        store = cls(connection, path, timeout_ms)
        store.read_only_uri = uri
        return store

    @classmethod
    def open_to_read(cls, path: Path, *, timeout_ms: int = BUSY_TIMEOUT_MS) -> Store:
        """An existing store of this version, opened to read only: nothing is
        checked, migrated or created. For a helper process that reads the file
        stamps while the process that opened the store fully goes on (see
        :mod:`..changes`). Raises :class:`StoreError` for anything else."""
        if not path.is_file():
            raise StoreError(f"the store {path} does not exist")
        fixed = fixed_file_uri(path)
        try:
            connection = sqlite3.connect(
                fixed or path, timeout=timeout_ms / 1000, isolation_level=None,
                check_same_thread=False, uri=fixed is not None,
            )  # fmt: skip
        except sqlite3.Error as error:
            raise StoreError(f"cannot open the store {path}: {error}") from error
        connection.row_factory = sqlite3.Row
        try:
            connection.execute("PRAGMA query_only = ON")
            connection.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")
            version = connection.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as error:
            connection.close()
            raise explain(error, path) from error
        if version != SCHEMA_VERSION:
            connection.close()
            raise StoreError(f"the store {path} is of schema {version}, not {SCHEMA_VERSION}")
        store = cls(connection, path, timeout_ms)
        store.read_only_uri = fixed
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _check_integrity(self) -> None:
        rows = self._raw.execute("PRAGMA quick_check").fetchall()
        result = [row[0] for row in rows]
        if result != ["ok"]:
            raise StoreError(
                f"the store {self.path} is damaged ({'; '.join(result[:3])}); {RECOVER}"
            )

    def integrity_report(self) -> list[str]:
        """Full integrity check (slower than the one on open): [] when healthy."""
        rows = self.query("PRAGMA integrity_check")
        result = [row[0] for row in rows]
        return [] if result == ["ok"] else result

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the store {self.path} was written by a newer briefing-tui "
                f"(schema {version}, this one knows {SCHEMA_VERSION}); upgrade briefing-tui"
            )
        migration_functions(self._raw)
        for number in range(version, SCHEMA_VERSION):
            with self.transaction():
                self._run_script(MIGRATIONS[number])
                self._db.execute(f"PRAGMA user_version = {number + 1}")

    def _run_script(self, script: str) -> None:
        """Run a migration inside the open transaction (``executescript`` would commit)."""
        for statement in script.split(";"):
            if statement.strip():
                self._db.execute(statement)

    # -- meta --------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        rows = self.query("SELECT value FROM meta WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def meta_with_prefix(self, prefix: str) -> dict[str, str]:
        """Every meta entry whose key starts with ``prefix``."""
        rows = self.query(
            "SELECT key, value FROM meta WHERE key >= ? AND key < ?", (prefix, prefix + "\uffff")
        )
        return {row[0]: row[1] for row in rows}

    def delete_meta(self, keys: Iterable[str]) -> None:
        with self.transaction() as db:
            db.executemany("DELETE FROM meta WHERE key = ?", [(key,) for key in keys])

    # -- documents ---------------------------------------------------------------

    def present_documents(self) -> dict[str, DocumentRecord]:
        """Every document whose file was present at the last sync, by path."""
        rows = self.query(f"SELECT {COLUMNS} FROM documents WHERE path IS NOT NULL")
        return {row["path"]: record_from_row(row) for row in rows}

    def file_signatures(self) -> dict[str, tuple[int, int]]:
        """(size, mtime_ns) of every present document's file, by path: the sync's stat check."""
        rows = self.query_tuples(
            "SELECT path, size, mtime_ns FROM documents WHERE path IS NOT NULL"
        )
        # Built in C (zip, itemgetter), not a comprehension: 100,000 rows on every sync.
        return dict(zip(map(itemgetter(0), rows), map(itemgetter(1, 2), rows), strict=True))

    def file_signatures_in(
        self, paths: Iterable[str], prefixes: Iterable[str]
    ) -> dict[str, tuple[int, int]]:
        """:meth:`file_signatures` of ``paths`` and of every path under ``prefixes``
        (``"2024/"``): what a sync of only the paths a folder watcher reported
        compares with (through the path index, not the whole table)."""
        found: dict[str, tuple[int, int]] = {}
        rows = self.query(
            "SELECT path, size, mtime_ns FROM documents "
            "WHERE path IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(set(paths))),),
        )
        found.update((row[0], (row[1], row[2])) for row in rows)
        for prefix in prefixes:
            # Every path starting with "a/" sorts from "a/" up to "a0" ("0" follows "/").
            end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            rows = self.query(
                "SELECT path, size, mtime_ns FROM documents WHERE path >= ? AND path < ?",
                (prefix, end),
            )
            found.update((row[0], (row[1], row[2])) for row in rows)
        return found

    def missing_documents(self) -> list[DocumentRecord]:
        rows = self.query(f"SELECT {COLUMNS} FROM documents WHERE path IS NULL")
        return [record_from_row(row) for row in rows]

    def get(self, doc_id: str) -> DocumentRecord | None:
        rows = self.query(f"SELECT {COLUMNS} FROM documents WHERE id = ?", (doc_id,))
        return record_from_row(rows[0]) if rows else None

    def get_many(self, doc_ids: Iterable[str]) -> dict[str, DocumentRecord]:
        """The records of ``doc_ids`` that exist, by id (one query)."""
        wanted = json.dumps(sorted(set(doc_ids)))
        rows = self.query(
            f"SELECT {COLUMNS} FROM documents WHERE id IN (SELECT value FROM json_each(?))",
            (wanted,),
        )
        return {record.id: record for record in map(record_from_row, rows)}

    def by_path(self, path: str) -> DocumentRecord | None:
        rows = self.query(f"SELECT {COLUMNS} FROM documents WHERE path = ?", (path,))
        return record_from_row(rows[0]) if rows else None

    def ids_with_prefix(self, prefix: str, limit: int = 5) -> list[str]:
        rows = self.query(
            "SELECT id FROM documents WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
            (prefix, prefix + "\uffff", limit),
        )
        return [row[0] for row in rows]

    def body_hashes(self) -> set[str]:
        rows = self.query(
            "SELECT body_hash FROM documents WHERE body_hash != '' AND path IS NOT NULL"
        )
        return {row[0] for row in rows}

    def count(self) -> int:
        rows = self.query("SELECT count(*) FROM documents WHERE path IS NOT NULL")
        return int(rows[0][0])

    def document_keys(self) -> list[DocumentKeys]:
        """What an import matches its documents by, for every document (present ones first)."""
        rows = self.query(
            "SELECT id, path, content_hash, url, id_from_front, problems "
            "FROM documents ORDER BY path IS NULL, id"
        )
        return [
            DocumentKeys(row[0], row[1], row[2], row[3], bool(row[4]), text_list(row[5]))
            for row in rows
        ]

    def list_summaries(self) -> list[tuple[str, str, str, str | None, list[str]]]:
        """(id, title, date, source, tags) of present documents, newest first.

        What the list's rows show and nothing more: at 100,000 briefings the
        full records take a second to read, these a fraction of it, so the
        app lists the library with these and reads the records after.
        """
        rows = self.query(
            "SELECT id, title, date, source, tags FROM documents WHERE path IS NOT NULL "
            "ORDER BY date DESC, title COLLATE NOCASE"
        )
        return [(row[0], row[1], row[2], row[3], text_list(row[4])) for row in rows]

    def list_documents(self, sort: str = "date") -> list[DocumentRecord]:
        """Present documents, newest first (``date``) or by ``title``."""
        order = {
            "date": "date DESC, title COLLATE NOCASE",
            "title": "title COLLATE NOCASE, date DESC",
        }.get(sort, "date DESC, title COLLATE NOCASE")
        rows = self.query(
            f"SELECT {COLUMNS} FROM documents WHERE path IS NOT NULL ORDER BY {order}"
        )
        return [record_from_row(row) for row in rows]

    def written_elsewhere(self) -> int:
        """A number that changes once another process wrote to the store (``briefing
        import`` or ``fetch`` while the app runs: the app's own sync then finds the
        files stored already, and its list never showed them). One pragma, not a
        read of the documents (a sum over them was 65 ms at 100,000, every sync)."""
        return self.data_version()

    def apply_sync(
        self,
        upserts: Iterable[DocumentRecord],
        moved_away: Iterable[str],
        touched: Iterable[tuple[str, int, int]] = (),
        skipped: Iterable[tuple[str, str]] | None = None,
        statements: Iterable[tuple[str, tuple[object, ...]]] = (),
    ) -> None:
        """Record one sync in one transaction.

        ``moved_away`` are ids whose file is gone (kept, marked missing);
        ``touched`` are (id, size, mtime_ns) of files whose bytes did not change.
        """
        now = _now()
        with self.transaction() as db:
            for doc_id in moved_away:
                db.execute(
                    "UPDATE documents SET path = NULL, missing_since = ? WHERE id = ?",
                    (now, doc_id),
                )
            for doc_id, size, mtime_ns in touched:
                db.execute(
                    "UPDATE documents SET size = ?, mtime_ns = ? WHERE id = ?",
                    (size, mtime_ns, doc_id),
                )
            for record in upserts:
                # A path can only belong to one document: free it first.
                db.execute(
                    "UPDATE documents SET path = NULL, missing_since = ? "
                    "WHERE path = ? AND id != ?",
                    (now, record.path, record.id),
                )
                self._upsert(db, record, now)
            for sql, params in statements:  # e.g. claims re-anchored by this sync
                db.execute(sql, params)
            if skipped is not None:
                db.execute("DELETE FROM skipped")
                db.executemany(
                    "INSERT OR REPLACE INTO skipped(path, reason) VALUES (?, ?)", skipped
                )

    def _upsert(self, db: ExplainedConnection, record: DocumentRecord, now: str) -> None:
        tags = self._effective_tags(db, record.id, record.front_tags)
        record.tags = tags
        db.execute(
            """
            INSERT INTO documents (id, path, title, date, size, mtime_ns, content_hash, body_hash,
                date_inferred, source, url, summary, front_tags, tags, problems, sketch,
                id_from_front, first_seen, missing_since)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
            ON CONFLICT(id) DO UPDATE SET
                path = excluded.path, title = excluded.title, date = excluded.date,
                size = excluded.size, mtime_ns = excluded.mtime_ns,
                content_hash = excluded.content_hash, body_hash = excluded.body_hash,
                date_inferred = excluded.date_inferred, source = excluded.source,
                url = excluded.url, summary = excluded.summary,
                front_tags = excluded.front_tags, tags = excluded.tags,
                problems = excluded.problems, sketch = excluded.sketch,
                id_from_front = excluded.id_from_front, missing_since = NULL
            """,
            (
                record.id,
                record.path,
                record.title,
                record.date,
                record.size,
                record.mtime_ns,
                record.content_hash,
                record.body_hash,
                int(record.date_inferred),
                record.source,
                record.url,
                record.summary,
                json.dumps(record.front_tags),
                json.dumps(tags),
                json.dumps(record.problems),
                record.sketch,
                int(record.id_from_front),
                record.first_seen or now,
            ),
        )

    def skipped(self) -> list[tuple[str, str]]:
        rows = self.query("SELECT path, reason FROM skipped ORDER BY path")
        return [(row[0], row[1]) for row in rows]

    def skip_reason(self, path: str) -> str | None:
        """Why the last sync skipped the file at ``path`` (binary, too large…), if it did."""
        rows = self.query("SELECT reason FROM skipped WHERE path = ?", (path,))
        return str(rows[0][0]) if rows else None

    def rename_id(self, old: str, new: str) -> None:
        """Give a document a new identity (its file gained a front-matter ``id``)."""
        with self.transaction() as db:
            self.rename_document(db, old, new)

    def rename_document(self, db: ExplainedConnection, old: str, new: str) -> None:
        """Give a document a new identity in the open transaction ``db`` (its app tags,
        reading state and claims follow it)."""
        db.execute("UPDATE documents SET id = ? WHERE id = ?", (new, old))

    def add_placeholder(self, db: ExplainedConnection, record: DocumentRecord) -> None:
        """Record a document without a file (an import's briefing not in this library)
        in the open transaction ``db``: its title, date, hash, source, url, front-matter
        tags, ``first_seen`` and ``missing_since``; its tags are set by :meth:`recompute_tags`."""
        db.execute(
            "INSERT INTO documents (id, path, title, date, content_hash, source, url, "
            "front_tags, tags, first_seen, missing_since) "
            "VALUES (?, NULL, ?, ?, ?, ?, ?, ?, '[]', ?, ?)",
            (
                record.id,
                record.title,
                record.date,
                record.content_hash,
                record.source,
                record.url,
                json.dumps(record.front_tags),
                record.first_seen,
                record.missing_since,
            ),
        )


def _has_wal(path: Path) -> bool:
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


def _create(path: Path) -> None:
    """Make a new store at ``path`` whole: built under a temporary name, then linked in.

    A crash while a store is first made then leaves no empty or half-made
    ``store.sqlite3``, so an empty store file always means damage.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.new")
    try:
        connection = sqlite3.connect(temporary, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")
            Store(connection, temporary)._migrate()
        finally:
            connection.close()  # the last connection: the WAL is folded in and removed
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process made it first: theirs is used
        except OSError:  # no hard links here: a plain rename, unless one appeared
            if not path.exists():
                os.replace(temporary, path)
    finally:
        for leftover in (temporary, Path(f"{temporary}-wal"), Path(f"{temporary}-shm")):
            leftover.unlink(missing_ok=True)
