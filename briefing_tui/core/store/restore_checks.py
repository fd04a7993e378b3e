"""What a store file must be to be restored: the checks, and the cleaning of its text.

A backup is checked the same way once it is made (:func:`check_store`). A file
is restored only when it opens as an SQLite database, passes
``integrity_check`` and ``foreign_key_check``, has a schema version this
briefing-tui knows (not newer) and exactly the schema briefing-tui makes (no
triggers, views or tables and indexes of its own: a trigger would run on the
next write), and holds values the app can read (column types, tags as JSON
lists of text, ids without control characters). Control characters in its
text become the pictures ingestion makes (in the checked copy, never in the
file given).
"""

from __future__ import annotations

import functools
import json
import sqlite3
from dataclasses import dataclass

from briefing_tui.core.text.sanitize import clean_line, clean_text, has_unsafe

from .errors import BackupError
from .schema import MIGRATIONS, SCHEMA_VERSION, migration_functions

#: Tables every store has, and those added by later schema versions.
TABLES_BY_VERSION = {
    1: {"documents", "user_tags", "reading_state", "skipped", "meta"},
    2: {"claims", "claim_tags"},
    3: {"read_marks", "saved_searches"},
    4: {"claim_links", "sources"},
    5: set(),  # tags composed (NFC): no new table
}


@dataclass
class StoreFacts:
    """What a checked store file holds."""

    schema_version: int
    documents: int
    claims: int
    page_size: int


def check_store(connection: sqlite3.Connection, name: str) -> StoreFacts:
    """Check an open store (see the module docstring); raise :class:`BackupError` if unfit."""
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise BackupError(f"{name} is damaged ({'; '.join(problems[:3])})")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if version < 1 or not TABLES_BY_VERSION[1] <= tables:
            raise BackupError(f"{name} is an SQLite database but not a briefing-tui store")
        if version > SCHEMA_VERSION:
            raise BackupError(
                f"{name} was written by a newer briefing-tui (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); upgrade briefing-tui to restore it"
            )
        wanted = set().union(*(TABLES_BY_VERSION[n] for n in range(1, version + 1)))
        missing = sorted(wanted - tables)
        if missing:
            raise BackupError(
                f"{name} says it is schema {version} but lacks the table(s) {', '.join(missing)}"
            )
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise BackupError(
                f"{name} has {len(broken)} row(s) pointing at nothing (first in {broken[0][0]})"
            )
        # The briefings in the library: a removed one keeps its row (its id, for its
        # claims) without a path. Counted whole, a backup said 2,231 where doctor, 2,226.
        documents = connection.execute(
            "SELECT count(*) FROM documents WHERE path IS NOT NULL"
        ).fetchone()[0]
        claims = (
            connection.execute("SELECT count(*) FROM claims").fetchone()[0] if version >= 2 else 0
        )
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    except sqlite3.Error as error:
        raise BackupError(f"{name} cannot be read as a briefing-tui store ({error})") from error
    return StoreFacts(version, documents, claims, page_size)


# --- The app's own schema, values it can read, clean text -------------------------

#: Columns holding a JSON list of text.
JSON_LISTS: dict[str, tuple[str, ...]] = {"documents": ("front_tags", "tags", "problems")}
#: Columns holding an id (refused with control characters: ids are never rewritten).
ID_COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("id",),
    "user_tags": ("doc_id",),
    "reading_state": ("doc_id",),
    "claims": ("id", "doc_id"),
    "claim_tags": ("claim_id",),
    "read_marks": ("doc_id",),
    "claim_links": ("from_id", "to_id"),
}
#: Text cleaned on restore as ingestion cleans it: (table, column, one line?).
CLEANED = (
    ("documents", "title", True),
    ("documents", "date", True),
    ("documents", "source", True),
    ("documents", "url", True),
    ("documents", "summary", False),
    ("user_tags", "tag", True),
    ("skipped", "reason", False),
    ("claims", "exact", False),
    ("claims", "prefix", False),
    ("claims", "suffix", False),
    ("claims", "note", False),
    ("claims", "candidate_text", False),
    ("claim_tags", "tag", True),
    ("saved_searches", "name", True),
    ("saved_searches", "query", True),
    ("claims", "event_date", True),
    ("sources", "name", True),
    ("sources", "note", False),
)
_TYPES = {"INTEGER": ("integer",), "REAL": ("real", "integer"), "TEXT": ("text",)}


def _schema_of(connection: sqlite3.Connection) -> dict[tuple[str, str], str]:
    rows = connection.execute("SELECT type, name, sql FROM sqlite_master")
    return {(kind, name): " ".join((sql or "").split()) for kind, name, sql in rows}


@functools.cache
def _app_schema(
    version: int,
) -> tuple[dict[tuple[str, str], str], dict[str, list[tuple[str, str]]]]:
    """What the migrations up to ``version`` make: sqlite_master, and each table's columns."""
    scratch = sqlite3.connect(":memory:")
    migration_functions(scratch)
    try:
        for script in MIGRATIONS[:version]:
            scratch.executescript(script)
        schema = _schema_of(scratch)
        columns = {
            name: [(row[1], row[2]) for row in scratch.execute(f"PRAGMA table_info({name})")]
            for kind, name in schema
            if kind == "table"
        }
    finally:
        scratch.close()
    return schema, columns


def check_contents(connection: sqlite3.Connection, name: str, version: int) -> None:
    """Refuse a store whose schema or values briefing-tui would not make (see module doc)."""
    wanted, columns = _app_schema(version)
    found = _schema_of(connection)
    for key in sorted(set(found) - set(wanted)):
        article = "an" if key[0] == "index" else "a"
        raise BackupError(
            f"{name} holds {article} {key[0]} {key[1]!r} that briefing-tui does not make"
        )
    for key in sorted(key for key in wanted if found.get(key) != wanted[key]):
        raise BackupError(f"{name}: the {key[0]} {key[1]!r} is not as briefing-tui makes it")
    connection.create_function("has_unsafe", 1, _unsafe, deterministic=True)
    for table, spec in columns.items():
        for column, declared in spec:
            kinds = ", ".join(f"'{kind}'" for kind in (*_TYPES.get(declared, ("blob",)), "null"))
            _refuse_if(
                connection, name, table, column, f"typeof({column}) NOT IN ({kinds})", declared
            )
    for table, names in JSON_LISTS.items():
        for column in names:
            text = f"CASE WHEN json_valid({column}) THEN {column} ELSE '[]' END"
            test = (
                f"json_type({text}) IS NOT 'array' OR NOT json_valid({column}) OR EXISTS "
                f"(SELECT 1 FROM json_each({text}) WHERE type != 'text')"
            )
            _refuse_if(connection, name, table, column, test, "JSON list of text")
    for table, names in ID_COLUMNS.items():
        for column in names:
            if table in columns:  # a table of a later schema than the file's has no rows
                _refuse_if(connection, name, table, column, f"has_unsafe({column})", "id")
    if version >= 4:  # an event date the timeline could not place
        day = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
        test = f"event_date IS NOT NULL AND event_date NOT GLOB '{day}'"
        _refuse_if(connection, name, "claims", "event_date", test, "ISO date")


def _refuse_if(
    connection: sqlite3.Connection, name: str, table: str, column: str, test: str, what: str
) -> None:
    count = connection.execute(f"SELECT count(*) FROM {table} WHERE {test}").fetchone()[0]
    if count:
        wanted = {
            "id": "an id without control characters",
            "JSON list of text": "a JSON list of text",
            "ISO date": "an ISO date (YYYY-MM-DD)",
        }.get(what, f"of type {what}")
        raise BackupError(
            f"{name}: {table}.{column} of {count} row(s) is not {wanted}; "
            "briefing-tui could not read it"
        )


def _unsafe(value: object) -> bool:
    return isinstance(value, str) and has_unsafe(value)


def _clean_list(text: str) -> str:
    return json.dumps([clean_line(value) for value in json.loads(text)])


def clean_contents(connection: sqlite3.Connection, version: int) -> None:
    """Control characters in text become the pictures ingestion makes (in the checked copy)."""
    _, columns = _app_schema(version)
    connection.create_function("clean_line", 1, clean_line, deterministic=True)
    connection.create_function("clean_text", 1, clean_text, deterministic=True)
    connection.create_function("clean_list", 1, _clean_list, deterministic=True)
    connection.create_function("has_unsafe", 1, _unsafe, deterministic=True)
    with connection:
        for table, column, line in CLEANED:
            if column in {name for name, _ in columns.get(table, [])}:
                clean = "clean_line" if line else "clean_text"
                connection.execute(
                    f"UPDATE OR REPLACE {table} SET {column} = {clean}({column}) "
                    f"WHERE has_unsafe({column})"
                )
        for table, names in JSON_LISTS.items():
            for column in names:
                connection.execute(
                    f"UPDATE {table} SET {column} = clean_list({column}) WHERE has_unsafe({column})"
                )
        connection.execute(
            "UPDATE reading_state SET position = 0 WHERE NOT (position >= 0 AND position < 1e9)"
        )
