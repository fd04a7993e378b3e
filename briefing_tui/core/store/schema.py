"""The store's schema: the migrations that make it, and the checks that a file holds it.

Schema changes go through ``PRAGMA user_version``: migration ``n`` takes a
store from version ``n`` to ``n + 1``. A file that is not a store of this
schema (another program's database, a newer briefing-tui's, tables missing)
is refused by the checks here before anything is written to it.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from pathlib import Path

from briefing_tui.core.text.forms import composed

from .errors import RECOVER, StoreError

MIGRATIONS: list[str] = [
    # 1: documents, tags set in the app, reading state, skipped files, meta.
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        path TEXT UNIQUE,
        size INTEGER NOT NULL DEFAULT 0,
        mtime_ns INTEGER NOT NULL DEFAULT 0,
        content_hash TEXT NOT NULL DEFAULT '',
        body_hash TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL,
        date TEXT NOT NULL,
        date_inferred INTEGER NOT NULL DEFAULT 0,
        source TEXT,
        url TEXT,
        summary TEXT,
        front_tags TEXT NOT NULL DEFAULT '[]',
        tags TEXT NOT NULL DEFAULT '[]',
        problems TEXT NOT NULL DEFAULT '[]',
        sketch BLOB,
        id_from_front INTEGER NOT NULL DEFAULT 0,
        first_seen TEXT NOT NULL,
        missing_since TEXT
    );
    CREATE INDEX documents_content_hash ON documents(content_hash);
    CREATE INDEX documents_body_hash ON documents(body_hash);
    CREATE INDEX documents_date ON documents(date);
    CREATE TABLE user_tags (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON UPDATE CASCADE,
        tag TEXT NOT NULL,
        removed INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (doc_id, tag)
    );
    CREATE TABLE reading_state (
        doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON UPDATE CASCADE,
        position REAL NOT NULL DEFAULT 0,
        opened_at TEXT NOT NULL
    );
    CREATE TABLE skipped (
        path TEXT PRIMARY KEY,
        reason TEXT NOT NULL
    );
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 2: claims (a passage of a briefing with a note, tags and a status).
    """
    CREATE TABLE claims (
        id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON UPDATE CASCADE,
        exact TEXT NOT NULL,
        prefix TEXT NOT NULL DEFAULT '',
        suffix TEXT NOT NULL DEFAULT '',
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        content_hash TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'open'
            CHECK (status IN ('open', 'key', 'verified', 'disputed', 'false')),
        anchor TEXT NOT NULL DEFAULT 'exact'
            CHECK (anchor IN ('exact', 'moved', 'fuzzy', 'orphaned')),
        candidate_start INTEGER,
        candidate_end INTEGER,
        candidate_text TEXT,
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE INDEX claims_doc ON claims(doc_id);
    CREATE TABLE claim_tags (
        claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (claim_id, tag)
    );
    CREATE INDEX claim_tags_tag ON claim_tags(tag);
    """,
    # 3: the daily stream: what was read (with its text as read then), saved searches.
    # read_marks_hash covers the query for which briefings are read and changed: the
    # rows themselves hold the text, a page each.
    """
    CREATE TABLE read_marks (
        doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON UPDATE CASCADE,
        read_at TEXT NOT NULL,
        content_hash TEXT NOT NULL DEFAULT '',
        text BLOB,
        kept TEXT NOT NULL DEFAULT 'text'
            CHECK (kept IN ('text', 'too_large', 'unreadable', 'imported'))
    );
    CREATE INDEX read_marks_hash ON read_marks(doc_id, content_hash);
    CREATE INDEX documents_first_seen ON documents(first_seen);
    CREATE TABLE saved_searches (
        name TEXT PRIMARY KEY,
        query TEXT NOT NULL,
        position INTEGER NOT NULL,
        created TEXT NOT NULL
    );
    """,
    # 4: the analyst's layer: claims linked to claims, sources rated for reliability,
    # claims rated for credibility and dated by the event they report.
    """
    CREATE TABLE claim_links (
        from_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        relation TEXT NOT NULL CHECK (relation IN ('support', 'contradict', 'repeat', 'cite')),
        to_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        created TEXT NOT NULL,
        PRIMARY KEY (from_id, relation, to_id),
        CHECK (from_id != to_id)
    );
    CREATE INDEX claim_links_to ON claim_links(to_id);
    CREATE TABLE sources (
        key TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        reliability TEXT CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
        note TEXT NOT NULL DEFAULT '',
        updated TEXT NOT NULL
    );
    ALTER TABLE claims ADD COLUMN credibility INTEGER CHECK (credibility BETWEEN 1 AND 6);
    ALTER TABLE claims ADD COLUMN event_date TEXT;
    """,
    # 5: tags in one Unicode form (NFC, see core/text/forms.py): a tag set in the app or
    # on a claim in its decomposed form stayed apart from the one typed, unfound by
    # tag: and untouched by a rename. One form kept where both were set.
    """
    INSERT OR IGNORE INTO user_tags (doc_id, tag, removed)
        SELECT doc_id, briefing_nfc(tag), removed FROM user_tags
        WHERE tag != briefing_nfc(tag);
    DELETE FROM user_tags WHERE tag != briefing_nfc(tag);
    INSERT OR IGNORE INTO claim_tags (claim_id, tag)
        SELECT claim_id, briefing_nfc(tag) FROM claim_tags WHERE tag != briefing_nfc(tag);
    DELETE FROM claim_tags WHERE tag != briefing_nfc(tag);
    UPDATE documents SET tags = briefing_nfc_list(tags), front_tags = briefing_nfc_list(front_tags)
        WHERE tags != briefing_nfc_list(tags) OR front_tags != briefing_nfc_list(front_tags);
    """,
]


def migration_functions(connection: sqlite3.Connection) -> None:
    """The SQL functions the migrations call (``briefing_nfc``: a text in NFC;
    ``briefing_nfc_list``: a JSON list of tags, each in NFC, each once)."""
    connection.create_function("briefing_nfc", 1, composed, deterministic=True)
    connection.create_function("briefing_nfc_list", 1, _composed_list, deterministic=True)


def _composed_list(text: str) -> str:
    try:
        values = json.loads(text)
    except ValueError:
        return text
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        return text
    return json.dumps(list(dict.fromkeys(composed(value) for value in values)))


SCHEMA_VERSION = len(MIGRATIONS)


def check_version(connection: sqlite3.Connection, path: Path) -> None:
    """Refuse a newer schema, and another program's database (tables, but no version)."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the store {path} was written by a newer briefing-tui "
            f"(schema {version}, this one knows {SCHEMA_VERSION}); upgrade briefing-tui, "
            "or restore a backup made by this version with `briefing restore FILE`"
        )
    if version == 0:
        tables = sorted(
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        )
        if tables:
            raise StoreError(
                f"the store {path} is not a briefing-tui store (it holds other tables: "
                f"{', '.join(tables[:5])}); {RECOVER}"
            )


def check_tables(connection: sqlite3.Connection, path: Path) -> None:
    """Every table and column the migrations make is there (a store edited by hand,
    or half of another program's tables, fails here rather than at some later read)."""
    missing = []
    for table, columns in expected_tables().items():
        present = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        if not present:
            missing.append(table)
        else:
            missing.extend(f"{table}.{column}" for column in columns if column not in present)
    if missing:
        raise StoreError(
            f"the store {path} does not have the tables briefing-tui expects "
            f"(missing: {', '.join(missing[:5])}); {RECOVER}"
        )


@functools.cache
def expected_tables() -> dict[str, tuple[str, ...]]:
    """The tables and columns the migrations make, read from a scratch database."""
    scratch = sqlite3.connect(":memory:", isolation_level=None)
    migration_functions(scratch)
    try:
        for script in MIGRATIONS:
            scratch.executescript(script)
        names = [
            row[0] for row in scratch.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        return {
            name: tuple(row[1] for row in scratch.execute(f"PRAGMA table_info({name})"))
            for name in names
        }
    finally:
        scratch.close()
