"""A backup of a store in a folder that cannot be written (a read-only mount).

SQLite cannot make its WAL files there, and ``briefing backup`` failed "unable to
open database file", just when a copy was most wanted (a walk, with a read-only
bind mount). The store is then read whole as the file it is. Root ignores
``chmod``, so the tests make SQLite's ordinary open fail as it does there."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing_tui.core.store import backup
from briefing_tui.core.workspace import Workspace


def _unopenable(monkeypatch: pytest.MonkeyPatch) -> None:
    opened = backup._connect

    def refusing(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
        if not read_only:
            raise sqlite3.OperationalError("unable to open database file")
        return opened(path, read_only=read_only)

    monkeypatch.setattr(backup, "_connect", refusing)


def test_a_store_that_cannot_be_opened_to_write_is_copied_as_it_is(
    make_ws: Callable[..., Workspace],
    write: Callable[[str, str], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write("a.md", "---\ntitle: A\n---\n\nThe minister spoke on Monday.\n")
    with make_ws() as ws:
        ws.sync()
        record = ws.store.by_path("a.md")
        assert record is not None
        ws.annotate(record, "The minister spoke")
        store_file = ws.paths.store_file
    _unopenable(monkeypatch)
    report = backup.backup_store(store_file, tmp_path / "copy.sqlite3")
    with sqlite3.connect(report.path) as copy:
        assert copy.execute("SELECT count(*) FROM claims").fetchone()[0] == 1


def test_writes_waiting_in_the_wal_file_are_not_copied_without_them(
    make_ws: Callable[..., Workspace],
    write: Callable[[str, str], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write("a.md", "---\ntitle: A\n---\n\nText.\n")
    with make_ws() as ws:
        ws.sync()
        store_file = ws.paths.store_file
    Path(f"{store_file}-wal").write_bytes(b"pending writes")
    _unopenable(monkeypatch)
    with pytest.raises(backup.BackupError, match="last writes wait in"):
        backup.backup_store(store_file, tmp_path / "copy.sqlite3")
    assert not (tmp_path / "copy.sqlite3").exists()
