"""The SQLite store: durable settings, clear errors when locked, damaged or too new."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from briefing_tui.core.store import SCHEMA_VERSION, DocumentRecord, Store, StoreError


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    return tmp_path / "data" / "store.sqlite3"


def record(doc_id: str, path: str | None = "a.md", **kwargs: object) -> DocumentRecord:
    return DocumentRecord(
        id=doc_id, path=path, title=f"Title {doc_id}", date="2024-01-01", **kwargs
    )  # type: ignore[arg-type]


def test_store_uses_wal_full_sync_and_a_busy_timeout(store_file: Path) -> None:
    with Store.open(store_file) as store:
        pragma = store._db.execute
        assert pragma("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert pragma("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert pragma("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert pragma("PRAGMA foreign_keys").fetchone()[0] == 1


def test_migrations_set_user_version(store_file: Path) -> None:
    Store.open(store_file).close()
    with sqlite3.connect(store_file) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 1
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master")}
    assert {"documents", "user_tags", "reading_state", "skipped", "meta"} <= tables
    # Opening again does not migrate twice.
    Store.open(store_file).close()


def _hold_exclusive_lock(path: Path) -> sqlite3.Connection:
    other = sqlite3.connect(path, isolation_level=None, timeout=0.1)
    other.execute("BEGIN EXCLUSIVE")
    return other


def test_locked_store_gives_store_error_naming_the_file(store_file: Path) -> None:
    Store.open(store_file).close()
    other = _hold_exclusive_lock(store_file)
    try:
        with pytest.raises(StoreError) as caught, Store.open(store_file, timeout_ms=100) as store:
            store.set_meta("key", "value")
    finally:
        other.rollback()
        other.close()
    message = str(caught.value)
    assert str(store_file) in message
    assert "locked by another process" in message
    assert not isinstance(caught.value, sqlite3.Error)


def test_store_locked_in_exclusive_mode_by_another_process_fails_on_open(
    store_file: Path,
) -> None:
    Store.open(store_file).close()
    script = textwrap.dedent(
        f"""
        import sqlite3, sys
        db = sqlite3.connect({str(store_file)!r}, isolation_level=None)
        db.execute("PRAGMA locking_mode = EXCLUSIVE")
        db.execute("BEGIN EXCLUSIVE")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('held', '1')")
        print("locked", flush=True)
        sys.stdin.readline()
        """
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreError, match="locked by another process") as caught:
            Store.open(store_file, timeout_ms=100)
        assert str(store_file) in str(caught.value)
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)


def test_random_bytes_store_is_refused_and_not_replaced(store_file: Path) -> None:
    store_file.parent.mkdir(parents=True)
    garbage = os.urandom(8192)
    store_file.write_bytes(garbage)
    with pytest.raises(StoreError) as caught:
        Store.open(store_file)
    message = str(caught.value)
    assert str(store_file) in message
    assert "damaged" in message
    assert "briefing restore" in message
    assert store_file.read_bytes() == garbage
    assert sorted(p.name for p in store_file.parent.iterdir()) == [store_file.name]


def test_store_with_damaged_pages_is_refused_and_not_replaced(store_file: Path) -> None:
    with Store.open(store_file) as store:
        store.apply_sync([record(f"id{n}", f"{n}.md", summary="x" * 2000) for n in range(50)], [])
    data = bytearray(store_file.read_bytes())
    for index in range(4096 + 100, len(data), 3):  # keep the header, garble the pages
        data[index] ^= 0xFF
    store_file.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged") as caught:
        Store.open(store_file)
    assert "briefing restore" in str(caught.value)
    assert store_file.read_bytes() == bytes(data)


def test_store_from_a_newer_version_is_refused(store_file: Path) -> None:
    Store.open(store_file).close()
    with sqlite3.connect(store_file) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer briefing-tui") as caught:
        Store.open(store_file)
    assert str(store_file) in str(caught.value)


def test_unwritable_location_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot open the store"):
        Store.open(blocker / "store.sqlite3")


def test_records_round_trip(store_file: Path) -> None:
    with Store.open(store_file) as store:
        original = record(
            "abc",
            "notes/a.md",
            source="Wire",
            front_tags=["x"],
            problems=["p"],
            sketch=b"\x01\x02",
            date_inferred=True,
        )
        store.apply_sync([original], [])
        loaded = store.get("abc")
        assert loaded is not None
        assert loaded.path == "notes/a.md"
        assert loaded.source == "Wire"
        assert loaded.tags == ["x"]
        assert loaded.problems == ["p"]
        assert loaded.sketch == b"\x01\x02"
        assert loaded.date_inferred
        assert store.by_path("notes/a.md").id == "abc"
        assert store.ids_with_prefix("ab") == ["abc"]


def test_missing_documents_keep_their_tags(store_file: Path) -> None:
    with Store.open(store_file) as store:
        store.apply_sync([record("abc")], [])
        store.change_tags("abc", ["kept"])
        store.apply_sync([], ["abc"])
        assert store.present_documents() == {}
        assert [r.id for r in store.missing_documents()] == ["abc"]
        assert store.tag_counts() == []
        store.apply_sync([record("abc", "back.md")], [])
        assert store.get("abc").tags == ["kept"]
        assert store.tag_counts() == [("kept", 1)]


def test_tag_changes_are_normalised_and_counted(store_file: Path) -> None:
    with Store.open(store_file) as store:
        store.apply_sync([record("one", "1.md", front_tags=["oil"]), record("two", "2.md")], [])
        assert store.change_tags("one", ["Big News", "oil"], []) == ["oil", "big-news"]
        assert store.change_tags("two", ["big-news"], ["oil"]) == ["big-news"]
        assert store.change_tags("one", [], ["OIL"]) == ["big-news"]
        assert store.tag_counts() == [("big-news", 2)]
        with pytest.raises(StoreError, match="no document"):
            store.change_tags("nope", ["x"])


def test_a_path_belongs_to_one_document(store_file: Path) -> None:
    with Store.open(store_file) as store:
        store.apply_sync([record("old", "a.md")], [])
        store.apply_sync([record("new", "a.md")], [])
        assert store.by_path("a.md").id == "new"
        assert store.get("old").path is None


def test_failed_transaction_leaves_nothing_behind(store_file: Path) -> None:
    with Store.open(store_file) as store:
        with pytest.raises(RuntimeError), store.transaction() as db:
            db.execute("INSERT INTO meta(key, value) VALUES ('half', 'done')")
            raise RuntimeError("interrupted")
        assert store.get_meta("half") is None


def test_reading_position_is_kept(store_file: Path) -> None:
    with Store.open(store_file) as store:
        store.apply_sync([record("abc")], [])
        assert store.reading_position("abc") is None
        store.set_reading_position("abc", 0.5)
    with Store.open(store_file) as store:
        assert store.reading_position("abc") == 0.5


def test_integrity_report_is_empty_when_healthy(store_file: Path) -> None:
    with Store.open(store_file) as store:
        assert store.integrity_report() == []
