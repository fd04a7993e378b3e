"""What the user made of the documents: tags set in the app, and reading state.

The part of :class:`~.store.Store` that reads and writes ``user_tags`` and
``reading_state`` (and a document's ``tags``, which follow from them). Methods
taking ``db`` write inside a transaction the caller holds open (an import
lands in one); the others are one transaction each.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime

from briefing_tui.core.tags import normalize_tag

from .connection import Connections
from .errors import ExplainedConnection, StoreError
from .tags import TagChange, effective_tags


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


class UserData(Connections):
    """App tags and reading state (a part of :class:`~.store.Store`)."""

    # -- tags --------------------------------------------------------------------

    @staticmethod
    def _effective_tags(db: ExplainedConnection, doc_id: str, front_tags: list[str]) -> list[str]:
        rows = db.execute("SELECT tag, removed FROM user_tags WHERE doc_id = ?", (doc_id,))
        added: set[str] = set()
        removed: set[str] = set()
        for tag, gone in rows:
            (removed if gone else added).add(tag)
        return effective_tags(front_tags, (added, removed))

    def user_tag_changes(self) -> dict[str, TagChange]:
        """Tags added and removed in the app, per document: (added, removed)."""
        changes: dict[str, TagChange] = {}
        for doc_id, tag, removed in self.query("SELECT doc_id, tag, removed FROM user_tags"):
            added_set, removed_set = changes.setdefault(doc_id, (set(), set()))
            (removed_set if removed else added_set).add(tag)
        return changes

    def user_tag_flags(self) -> dict[str, dict[str, int]]:
        """Every app tag row, per document: tag -> 1 when removed in the app, 0 when added."""
        flags: dict[str, dict[str, int]] = {}
        for doc_id, tag, removed in self.query("SELECT doc_id, tag, removed FROM user_tags"):
            flags.setdefault(doc_id, {})[tag] = int(removed)
        return flags

    def set_user_tag_flags(
        self,
        db: ExplainedConnection,
        doc_id: str,
        flags: Mapping[str, int],
        front: Collection[str] | None = None,
    ) -> None:
        """Record app tags (tag -> 1 removed, 0 added) in the open transaction ``db``;
        :meth:`recompute_tags` then brings the document's tags in line.

        ``front``, the document's front-matter tags: a removal of a tag it does not
        hold forgets the app's tag rather than recording "removed", which would hide
        that tag for good were the file to gain it later (it did, silently: ``+foo``,
        ``-foo``, then ``foo`` added to the file, never shown)."""
        if front is not None:
            gone = [tag for tag, flag in flags.items() if flag and tag not in front]
            db.executemany(
                "DELETE FROM user_tags WHERE doc_id = ? AND tag = ?",
                [(doc_id, tag) for tag in gone],
            )
            flags = {tag: flag for tag, flag in flags.items() if tag not in gone}
        db.executemany(
            "INSERT OR REPLACE INTO user_tags(doc_id, tag, removed) VALUES (?, ?, ?)",
            [(doc_id, tag, flag) for tag, flag in flags.items()],
        )

    def recompute_tags(self, db: ExplainedConnection, doc_id: str) -> None:
        """Set a document's tags from its front matter and app tags, in the open transaction."""
        row = db.execute("SELECT front_tags FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return
        tags = self._effective_tags(db, doc_id, json.loads(row[0]))
        db.execute("UPDATE documents SET tags = ? WHERE id = ?", (json.dumps(tags), doc_id))

    def change_tags(
        self, doc_id: str, add: Iterable[str] = (), remove: Iterable[str] = ()
    ) -> list[str]:
        """Add and remove tags set in the app; returns the document's tags after."""
        add_tags = [t for t in (normalize_tag(x) for x in add) if t]
        remove_tags = [t for t in (normalize_tag(x) for x in remove) if t]
        with self.transaction() as db:
            row = db.execute("SELECT front_tags FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                raise StoreError(f"no document with id {doc_id}")
            front = json.loads(row[0])
            flags = {tag: 0 for tag in add_tags} | {tag: 1 for tag in remove_tags}
            self.set_user_tag_flags(db, doc_id, flags, front=set(front))
            tags = self._effective_tags(db, doc_id, front)
            db.execute("UPDATE documents SET tags = ? WHERE id = ?", (json.dumps(tags), doc_id))
        return tags

    def change_tags_many(
        self, doc_ids: Iterable[str], add: Iterable[str] = (), remove: Iterable[str] = ()
    ) -> list[str]:
        """Add and remove app tags on many documents in one transaction; returns the
        ids whose tags changed (ids the store does not know are left out)."""
        flags = {t: 0 for t in (normalize_tag(x) for x in add) if t}
        flags |= {t: 1 for t in (normalize_tag(x) for x in remove) if t}
        changed: list[str] = []
        if not flags:
            return changed
        with self.transaction() as db:
            for doc_id in doc_ids:
                row = db.execute(
                    "SELECT front_tags, tags FROM documents WHERE id = ?", (doc_id,)
                ).fetchone()
                if row is None:
                    continue
                front = json.loads(row[0])
                self.set_user_tag_flags(db, doc_id, flags, front=set(front))
                tags = self._effective_tags(db, doc_id, front)
                if tags != json.loads(row[1]):
                    db.execute(
                        "UPDATE documents SET tags = ? WHERE id = ?", (json.dumps(tags), doc_id)
                    )
                    changed.append(doc_id)
        return changed

    def retag(self, old: str, new: str | None) -> list[str]:
        """Rename ``old`` to ``new`` (a merge when ``new`` exists) or, with ``None``,
        remove it, on every document carrying it, in one transaction.

        Front-matter tags are not rewritten in the files: the change is recorded
        as the app's own (``old`` removed, ``new`` added). Returns the ids changed.
        """
        old_tag = normalize_tag(old)
        new_tag = normalize_tag(new) if new is not None else None
        changed: list[str] = []
        with self.transaction() as db:
            rows = db.execute(
                "SELECT documents.id, front_tags FROM documents, json_each(documents.tags) "
                "WHERE json_each.value = ?",
                (old_tag,),
            ).fetchall()
            for doc_id, front in rows:
                db.execute(
                    "INSERT OR REPLACE INTO user_tags(doc_id, tag, removed) VALUES (?, ?, 1)",
                    (doc_id, old_tag),
                )
                if new_tag:
                    db.execute(
                        "INSERT OR REPLACE INTO user_tags(doc_id, tag, removed) VALUES (?, ?, 0)",
                        (doc_id, new_tag),
                    )
                tags = self._effective_tags(db, doc_id, json.loads(front))
                db.execute("UPDATE documents SET tags = ? WHERE id = ?", (json.dumps(tags), doc_id))
                changed.append(doc_id)
        return changed

    def ids_with_tag(self, tag: str) -> list[str]:
        """Ids of the documents (present or missing) carrying ``tag`` (normalized)."""
        rows = self.query(
            "SELECT documents.id FROM documents, json_each(documents.tags) "
            "WHERE json_each.value = ?",
            (tag,),
        )
        return [row[0] for row in rows]

    def tag_counts(self) -> list[tuple[str, int]]:
        """Every tag on a present document with how many documents carry it."""
        rows = self.query(
            "SELECT value, count(*) FROM documents, json_each(documents.tags) "
            "WHERE documents.path IS NOT NULL GROUP BY value ORDER BY count(*) DESC, value"
        )
        return [(row[0], row[1]) for row in rows]

    # -- reading state -----------------------------------------------------------

    def reading_position(self, doc_id: str) -> float | None:
        rows = self.query("SELECT position FROM reading_state WHERE doc_id = ?", (doc_id,))
        return float(rows[0][0]) if rows else None

    def reading_states(self) -> dict[str, tuple[float, str]]:
        """Every document's reading state: (position, when it was last opened), by id."""
        rows = self.query("SELECT doc_id, position, opened_at FROM reading_state")
        return {row[0]: (float(row[1]), row[2]) for row in rows}

    def set_reading_position(self, doc_id: str, position: float) -> None:
        with self.transaction() as db:
            self.restore_reading_state(db, doc_id, position, _now())

    def restore_reading_state(
        self, db: ExplainedConnection, doc_id: str, position: float, opened_at: str
    ) -> None:
        """Record a reading state as it was (an import), in the open transaction ``db``."""
        db.execute(
            "INSERT OR REPLACE INTO reading_state(doc_id, position, opened_at) VALUES (?, ?, ?)",
            (doc_id, position, opened_at),
        )
