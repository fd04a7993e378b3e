"""Saved searches (watch queries): a name, the query as typed, and a place in the list.

The part of :class:`~.store.Store` that reads and writes ``saved_searches``.
Names are unique (ignoring case) and kept as typed, control characters made
visible; queries are kept as typed and never checked here: one that no
longer parses stays listed (the caller says why). Positions run 0, 1, 2…
in the order shown; every change is one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing_tui.core.text.sanitize import clean_line

from .connection import Connections
from .errors import ExplainedConnection, StoreError
from .read_marks import now_text

#: Longest name and query kept (a query is refused past 1,000 characters anyway).
MAX_NAME = 200
MAX_SAVED_QUERY = 1000


class SavedSearchError(StoreError):
    """A saved search that cannot be added, renamed, moved or found; says why."""


@dataclass(frozen=True, slots=True)
class SavedRow:
    """One saved search as stored."""

    name: str
    query: str
    position: int
    created: str


def clean_name(name: str) -> str:
    """A name as kept: control characters made visible, on one line, trimmed."""
    cleaned = clean_line(name)
    if not cleaned:
        raise SavedSearchError("a saved search needs a name")
    if len(cleaned) > MAX_NAME:
        raise SavedSearchError(f"the name is {len(cleaned)} characters long (limit {MAX_NAME})")
    return cleaned


def clean_query(query: str) -> str:
    cleaned = clean_line(query)
    if len(cleaned) > MAX_SAVED_QUERY:
        raise SavedSearchError(
            f"the query is {len(cleaned):,} characters long (limit {MAX_SAVED_QUERY:,})"
        )
    return cleaned


class SavedSearchRows(Connections):
    """Saved searches (a part of :class:`~.store.Store`)."""

    def saved_searches(self) -> list[SavedRow]:
        """Every saved search, in the order shown."""
        rows = self.query(
            "SELECT name, query, position, created FROM saved_searches ORDER BY position, name"
        )
        return [SavedRow(row[0], row[1], row[2], row[3]) for row in rows]

    def saved_search(self, name: str) -> SavedRow | None:
        """The saved search called ``name``: exactly, else ignoring case."""
        wanted = clean_line(name)
        rows = self.saved_searches()
        for row in rows:
            if row.name == wanted:
                return row
        folded = wanted.casefold()
        return next((row for row in rows if row.name.casefold() == folded), None)

    @staticmethod
    def _taken(db: ExplainedConnection, name: str, but: str | None = None) -> str | None:
        folded = name.casefold()
        for (existing,) in db.execute("SELECT name FROM saved_searches").fetchall():
            if existing.casefold() == folded and existing != but:
                return str(existing)
        return None

    def add_saved_search(self, name: str, query: str, created: str | None = None) -> SavedRow:
        """Add a saved search at the end of the list; a name in use is refused."""
        name, query = clean_name(name), clean_query(query)
        when = created or now_text()
        with self.transaction() as db:
            self.insert_saved_search(db, name, query, when)
            position = db.execute(
                "SELECT position FROM saved_searches WHERE name = ?", (name,)
            ).fetchone()[0]
        return SavedRow(name, query, position, when)

    def insert_saved_search(
        self, db: ExplainedConnection, name: str, query: str, created: str
    ) -> None:
        """Add a saved search at the end, in the open transaction ``db`` (an import)."""
        taken = self._taken(db, name)
        if taken is not None:
            raise SavedSearchError(f"a saved search named {taken!r} already exists")
        end = db.execute("SELECT coalesce(max(position) + 1, 0) FROM saved_searches").fetchone()
        db.execute(
            "INSERT INTO saved_searches(name, query, position, created) VALUES (?, ?, ?, ?)",
            (name, query, end[0], created),
        )

    def _existing(self, db: ExplainedConnection, name: str) -> str:
        wanted = clean_line(name)
        names = [row[0] for row in db.execute("SELECT name FROM saved_searches").fetchall()]
        if wanted in names:
            return wanted
        folded = [n for n in names if n.casefold() == wanted.casefold()]
        if len(folded) == 1:
            return str(folded[0])
        raise SavedSearchError(f"no saved search named {wanted!r}")

    def rename_saved_search(self, old: str, new: str) -> SavedRow:
        """Give a saved search another name (not one in use by another)."""
        new = clean_name(new)
        with self.transaction() as db:
            current = self._existing(db, old)
            taken = self._taken(db, new, but=current)
            if taken is not None:
                raise SavedSearchError(f"a saved search named {taken!r} already exists")
            db.execute("UPDATE saved_searches SET name = ? WHERE name = ?", (new, current))
            row = db.execute(
                "SELECT name, query, position, created FROM saved_searches WHERE name = ?", (new,)
            ).fetchone()
        return SavedRow(row[0], row[1], row[2], row[3])

    def change_saved_query(self, name: str, query: str) -> SavedRow:
        """Give a saved search another query."""
        query = clean_query(query)
        with self.transaction() as db:
            current = self._existing(db, name)
            db.execute("UPDATE saved_searches SET query = ? WHERE name = ?", (query, current))
            row = db.execute(
                "SELECT name, query, position, created FROM saved_searches WHERE name = ?",
                (current,),
            ).fetchone()
        return SavedRow(row[0], row[1], row[2], row[3])

    def remove_saved_search(self, name: str) -> SavedRow:
        """Remove a saved search; the others close up. Returns what was removed."""
        with self.transaction() as db:
            current = self._existing(db, name)
            row = db.execute(
                "SELECT name, query, position, created FROM saved_searches WHERE name = ?",
                (current,),
            ).fetchone()
            db.execute("DELETE FROM saved_searches WHERE name = ?", (current,))
            self._renumber(db, [n for n in self._order(db) if n != current])
        return SavedRow(row[0], row[1], row[2], row[3])

    def move_saved_search(self, name: str, position: int) -> list[SavedRow]:
        """Put a saved search at ``position`` (0 is the top; past the end is the end)."""
        with self.transaction() as db:
            current = self._existing(db, name)
            order = [n for n in self._order(db) if n != current]
            order.insert(max(0, min(position, len(order))), current)
            self._renumber(db, order)
        return self.saved_searches()

    @staticmethod
    def _order(db: ExplainedConnection) -> list[str]:
        rows = db.execute("SELECT name FROM saved_searches ORDER BY position, name").fetchall()
        return [str(row[0]) for row in rows]

    @staticmethod
    def _renumber(db: ExplainedConnection, order: list[str]) -> None:
        db.executemany(
            "UPDATE saved_searches SET position = ? WHERE name = ?",
            [(number, name) for number, name in enumerate(order)],
        )
