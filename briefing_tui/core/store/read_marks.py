"""What was read: one row per briefing read (when, its content hash then, its text then),
and the visits that say what is new.

The part of :class:`~.store.Store` that reads and writes ``read_marks`` and the
visit times in ``meta``. A briefing without a row is unread. Its row keeps
the plain text as it was when last read (compressed, bounded; see
:mod:`briefing_tui.core.text.diffing`), replaced each time it is read again,
so "what changed" can be shown; ``kept`` says why there is no text when
there is none. Methods taking ``db`` write inside a transaction the caller
holds open (an import lands in one); the others are one transaction each.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from .connection import Connections
from .errors import ExplainedConnection

#: Why a read mark holds the text as read then, or why it does not.
Kept = Literal["text", "too_large", "unreadable", "imported"]

#: Meta keys: the start of the latest visit (the app's last start), and of the one before.
VISIT_CURRENT = "visit:current"
VISIT_PREVIOUS = "visit:previous"

#: Ids per statement when a list of ids is sent to SQLite (its variable limit is 32,766).
_CHUNK = 900


@dataclass(frozen=True, slots=True)
class ReadMark:
    """A briefing's read mark: when, its content hash then, and its text then (packed)."""

    doc_id: str
    read_at: str
    content_hash: str
    packed: bytes | None
    kept: Kept


@dataclass(frozen=True, slots=True)
class NewMark:
    """A read mark to write: ``packed`` is the text as read (``None``: ``kept`` says why)."""

    doc_id: str
    content_hash: str
    packed: bytes | None
    kept: Kept


def now_text() -> str:
    """The time as the store writes it (local, to the second; as ``first_seen``)."""
    return datetime.now().isoformat(timespec="seconds")


def chunks(items: Sequence[str], size: int = _CHUNK) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class ReadMarks(Connections):
    """Read marks and visits (a part of :class:`~.store.Store`)."""

    # -- reading -----------------------------------------------------------------------

    def read_and_changed(self) -> tuple[set[str], set[str]]:
        """The present briefings that are read, and those of them changed since:
        their content hash is not the one they had when read. One query."""
        rows = self.query(
            "SELECT r.doc_id, r.content_hash != d.content_hash FROM read_marks AS r "
            "JOIN documents AS d ON d.id = r.doc_id WHERE d.path IS NOT NULL"
        )
        read = {row[0] for row in rows}
        changed = {row[0] for row in rows if row[1]}
        return read, changed

    def ids_seen_after(self, moment: str) -> set[str]:
        """The present briefings first seen after ``moment`` (an index range)."""
        rows = self.query(
            "SELECT id FROM documents WHERE first_seen > ? AND path IS NOT NULL", (moment,)
        )
        return {row[0] for row in rows}

    def read_mark(self, doc_id: str) -> ReadMark | None:
        rows = self.query(
            "SELECT doc_id, read_at, content_hash, text, kept FROM read_marks WHERE doc_id = ?",
            (doc_id,),
        )
        if not rows:
            return None
        row = rows[0]
        return ReadMark(row[0], row[1], row[2], row[3], row[4])

    def read_times(self) -> dict[str, tuple[str, str]]:
        """Every read mark (present or missing briefing): id -> (read_at, content hash then)."""
        rows = self.query("SELECT doc_id, read_at, content_hash FROM read_marks")
        return {row[0]: (row[1], row[2]) for row in rows}

    def known_ids(self, doc_ids: Sequence[str]) -> set[str]:
        """Those of ``doc_ids`` the store has a record of (present or missing)."""
        found: set[str] = set()
        for part in chunks(doc_ids):
            marks = ",".join("?" * len(part))
            rows = self.query(f"SELECT id FROM documents WHERE id IN ({marks})", tuple(part))
            found.update(row[0] for row in rows)
        return found

    def content_hashes(self, doc_ids: Sequence[str]) -> dict[str, str]:
        """The current content hash of each of ``doc_ids`` the store knows."""
        found: dict[str, str] = {}
        for part in chunks(doc_ids):
            marks = ",".join("?" * len(part))
            rows = self.query(
                f"SELECT id, content_hash FROM documents WHERE id IN ({marks})", tuple(part)
            )
            found.update((row[0], row[1]) for row in rows)
        return found

    def read_hashes(self, doc_ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        """The read marks of ``doc_ids``: id -> (content hash when read, ``kept``)."""
        found: dict[str, tuple[str, str]] = {}
        for part in chunks(doc_ids):
            marks = ",".join("?" * len(part))
            rows = self.query(
                f"SELECT doc_id, content_hash, kept FROM read_marks WHERE doc_id IN ({marks})",
                tuple(part),
            )
            found.update((row[0], (row[1], row[2])) for row in rows)
        return found

    # -- writing -----------------------------------------------------------------------

    def write_read_marks(
        self, marks: Iterable[NewMark], touched: Sequence[str] = (), read_at: str | None = None
    ) -> int:
        """Mark briefings read now, in one transaction: ``marks`` replace any earlier
        mark (text included); ``touched`` ids keep the text they have and get the new
        time. Returns how many were written."""
        when = read_at or now_text()
        rows = [(m.doc_id, when, m.content_hash, m.packed, m.kept) for m in marks]
        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO read_marks(doc_id, read_at, content_hash, text, kept) "
                "VALUES (?, ?, ?, ?, ?)",
                rows,
            )
            db.executemany(
                "UPDATE read_marks SET read_at = ? WHERE doc_id = ?",
                [(when, doc_id) for doc_id in touched],
            )
        return len(rows) + len(touched)

    def delete_read_marks(self, doc_ids: Sequence[str]) -> int:
        """Mark briefings unread, in one transaction; returns how many were read before."""
        removed = 0
        with self.transaction() as db:
            for part in chunks(doc_ids):
                marks = ",".join("?" * len(part))
                cursor = db.execute(f"DELETE FROM read_marks WHERE doc_id IN ({marks})", part)
                removed += max(cursor.rowcount, 0)
        return removed

    def restore_read_mark(
        self, db: ExplainedConnection, doc_id: str, read_at: str, content_hash: str
    ) -> None:
        """Record an imported read mark (no text: the file carries none), in ``db``."""
        db.execute(
            "INSERT OR REPLACE INTO read_marks(doc_id, read_at, content_hash, text, kept) "
            "VALUES (?, ?, ?, NULL, 'imported')",
            (doc_id, read_at, content_hash),
        )

    # -- visits ------------------------------------------------------------------------

    def last_visit(self) -> str | None:
        """When the latest visit (the app's last start) began; ``None`` before the first."""
        rows = self.query("SELECT value FROM meta WHERE key = ?", (VISIT_CURRENT,))
        return str(rows[0][0]) if rows else None

    def record_visit(self, moment: str | None = None) -> str | None:
        """Start a visit now; returns when the one before began (``None`` on the first)."""
        with self.transaction() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (VISIT_CURRENT,)).fetchone()
            previous = str(row[0]) if row is not None else None
            if previous is not None:
                db.execute(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                    (VISIT_PREVIOUS, previous),
                )
            db.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                (VISIT_CURRENT, moment or now_text()),
            )
        return previous
