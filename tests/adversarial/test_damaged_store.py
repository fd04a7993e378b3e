"""Group 8: a damaged or locked store, through the CLI (subprocesses) and the TUI.

The store holds the user's own work, so the rules are strict:

* locked by another process: wait (SQLite's busy timeout), then say what is
  wrong in a sentence (never SQLite's "database is locked", never a
  traceback), lose nothing, and work again once the lock is released;
* damaged, empty, another program's database, tables missing, a newer
  schema: refuse with a message naming the file and ``briefing restore``,
  never start a new empty store in its place, and leave the file byte for
  byte as it was so that it can still be recovered.

``tests/unit/test_store.py`` checks :class:`Store` itself; these tests check
what reaches the user.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.store import SCHEMA_VERSION
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.app import create_app
from briefing_tui.tui.dialogs.tags import TagChange

from ._crashkit import (
    DEADLINE,
    REPO,
    assert_clean_stderr,
    briefing,
    cli_command,
    cli_env,
    wait_for,
    write_library,
)
from .conftest import settle

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX file locks")

QUOTE = "Officials in Kyiv were cautious"


@pytest.fixture
def library(lib_dir: Path, data_dir: Path) -> tuple[Path, Path, Path]:
    """A synced library with a claim and an app tag: (content, data, store file)."""
    write_library(lib_dir, 12)
    with Workspace(resolve_paths(lib_dir, data_dir)) as ws:
        ws.sync()
        ws.annotate(ws.resolve("doc00003"), QUOTE, note="earlier note", status="key")
        ws.change_tags(ws.resolve("doc00004"), ["earlier-tag"], [])
    return lib_dir, data_dir, resolve_paths(lib_dir, data_dir).store_file


def _earlier_work_is_there(content: Path, data: Path) -> None:
    with Workspace(resolve_paths(content, data)) as ws:
        assert ws.store.integrity_report() == []
        assert [claim.note for claim in ws.claims.all()] == ["earlier note"]
        assert "earlier-tag" in ws.store.get("doc00004").tags  # type: ignore[union-attr]


# -- locked ---------------------------------------------------------------------------

#: Holds the store with ``BEGIN EXCLUSIVE`` (and, with "readers", the exclusive
#: locking mode, which shuts out readers too) until its stdin closes.
HOLDER = textwrap.dedent(
    """
    import sqlite3, sys
    db = sqlite3.connect(sys.argv[1], isolation_level=None)
    if sys.argv[2] == "readers":
        db.execute("PRAGMA locking_mode = EXCLUSIVE")
    db.execute("BEGIN EXCLUSIVE")
    db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('holder', 'was here')")
    print("locked", flush=True)
    sys.stdin.readline()
    db.execute("ROLLBACK")
    """
)


@pytest.fixture
def hold_lock(library: tuple[Path, Path, Path]) -> Iterator[Callable[[str], None]]:
    """``hold_lock("writers")`` (or ``"readers"``) locks the store from another process
    until the test ends."""
    holders: list[subprocess.Popen[str]] = []

    def take(mode: str) -> None:
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(library[2]), mode],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=cli_env(),
        )
        holders.append(holder)
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"

    yield take
    for holder in holders:
        release(holder)


def release(holder: subprocess.Popen[str]) -> None:
    if holder.poll() is None:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    if holder.stdout is not None:
        holder.stdout.close()


def _one_explained_line(stderr: str, store_file: Path) -> None:
    assert_clean_stderr(stderr)
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "locked by another process" in lines[0]
    assert str(store_file) in lines[0]


@pytest.mark.parametrize(
    "command",
    [
        ("tag", "doc00005", "+new-tag"),
        ("annotate", "doc00005", "--quote", QUOTE, "--note", "new note"),
    ],
    ids=["tag", "annotate"],
)
def test_cli_write_to_a_store_locked_by_another_process_explains_and_loses_nothing(
    library: tuple[Path, Path, Path], hold_lock: Callable[[str], None], command: tuple[str, ...]
) -> None:
    content, data, store_file = library
    hold_lock("writers")
    locked = briefing(content, data, *command)
    assert locked.returncode == 2
    _one_explained_line(locked.stderr, store_file)
    # Reading goes on while another process writes (WAL).
    listed = briefing(content, data, "search", "zebra3", "--json")
    assert listed.returncode == 0, listed.stderr
    assert_clean_stderr(listed.stderr)


def test_cli_write_after_the_lock_is_released_succeeds_with_earlier_work_intact(
    library: tuple[Path, Path, Path],
) -> None:
    content, data, store_file = library
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(store_file), "writers"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=cli_env(),
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        waiting = subprocess.Popen(
            [
                *(sys.executable, "-m", "briefing_tui"),
                *("--content", str(content), "--data", str(data)),
                *("annotate", "doc00005", "--quote", QUOTE, "--note", "waited note"),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env(),
            cwd=REPO,
        )

        def has_the_store_open() -> bool:
            try:
                links = [os.readlink(fd) for fd in Path(f"/proc/{waiting.pid}/fd").iterdir()]
            except OSError:
                return waiting.poll() is not None
            return any(link.startswith(str(store_file)) for link in links)

        # Released while the command runs (it has opened the store and waits on the lock
        # for its write, within SQLite's busy timeout): it goes through.
        wait_for(has_the_store_open, "the command to open the store")
    finally:
        release(holder)
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert_clean_stderr(err)
    claim_id = out.strip()
    with Workspace(resolve_paths(content, data)) as ws:
        notes = sorted(claim.note for claim in ws.claims.all())
        assert notes == ["earlier note", "waited note"]
        assert ws.claims.get(claim_id) is not None
        ws.sync()
        assert [hit.id for hit in ws.search('note:"waited note"').hits] == ["doc00005"]


def test_cli_with_readers_shut_out_by_exclusive_locking_mode_explains(
    library: tuple[Path, Path, Path], hold_lock: Callable[[str], None]
) -> None:
    content, data, store_file = library
    hold_lock("readers")
    # Started together: each waits out the store's busy timeout before it explains,
    # so one after the other they took three timeouts.
    commands = (("search", "zebra3"), ("list",), ("claims",))
    running = [
        subprocess.Popen(
            [*cli_command(content, data), *command],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env(),
            cwd=REPO,
        )
        for command in commands
    ]
    for command, process in zip(commands, running, strict=True):
        _, err = process.communicate(timeout=DEADLINE)
        assert process.returncode == 2, command
        _one_explained_line(err, store_file)


async def test_tui_save_while_another_process_holds_the_store_explains_then_saves(
    library: tuple[Path, Path, Path],
) -> None:
    content, data, store_file = library
    app = create_app(str(content), str(data), store_timeout_ms=300)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.workspace is not None
        record = app.workspace.store.get("doc00005")
        assert record is not None
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(store_file), "writers"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=cli_env(),
        )
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
            app._save_tags(record, TagChange(add=["during-lock"]))
            await settle(app, pilot)
            messages = [n.message for n in app._notifications]
            failed = [m for m in messages if m.startswith("Tags not saved")]
            assert len(failed) == 1, messages
            assert "locked by another process" in failed[0] and str(store_file) in failed[0]
            assert not any("database is locked" in m for m in messages), messages
            assert app.is_running
        finally:
            release(holder)
        app._save_tags(record, TagChange(add=["after-lock"]))
        await settle(app, pilot)
        saved = app.workspace.store.get("doc00005")
        assert saved is not None and "after-lock" in saved.tags
        assert "during-lock" not in saved.tags
    _earlier_work_is_there(content, data)


# -- damaged ----------------------------------------------------------------------------


def _garbage(store_file: Path) -> None:
    store_file.write_bytes(os.urandom(16384))


def _truncated(store_file: Path) -> None:
    data = store_file.read_bytes()
    store_file.write_bytes(data[: len(data) // 2])


def _empty(store_file: Path) -> None:
    store_file.write_bytes(b"")


def _another_programs_database(store_file: Path) -> None:
    store_file.unlink()
    with sqlite3.connect(store_file) as other:
        other.execute("CREATE TABLE contacts(name, phone)")
        other.execute("INSERT INTO contacts VALUES ('Ann', '555')")
    other.close()


def _a_table_missing(store_file: Path) -> None:
    with sqlite3.connect(store_file) as raw:
        raw.execute("DROP TABLE claim_tags")
    raw.close()


def _newer_schema(store_file: Path) -> None:
    with sqlite3.connect(store_file) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()


DAMAGE: dict[str, Callable[[Path], None]] = {
    "garbage_bytes": _garbage,
    "truncated_file": _truncated,
    "empty_file": _empty,
    "another_programs_database": _another_programs_database,
    "a_table_missing": _a_table_missing,
    "newer_schema": _newer_schema,
}


def _damage(library: tuple[Path, Path, Path], damage: str) -> tuple[bytes, list[str]]:
    """Damage the store; return its bytes and the data folder's listing, to compare after."""
    store_file = library[2]
    DAMAGE[damage](store_file)
    return store_file.read_bytes(), sorted(p.name for p in store_file.parent.iterdir())


def _left_as_it_was(store_file: Path, saved: bytes, listing: list[str]) -> None:
    assert store_file.read_bytes() == saved, "the damaged store was changed"
    assert sorted(p.name for p in store_file.parent.iterdir()) == listing


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_cli_refuses_a_damaged_store_naming_it_and_leaves_it_untouched(
    library: tuple[Path, Path, Path], damage: str
) -> None:
    content, data, store_file = library
    saved, listing = _damage(library, damage)
    for command in (("search", "zebra3"), ("tag", "doc00005", "+x"), ("index",)):
        done = briefing(content, data, *command)
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert done.stdout == ""
        assert_clean_stderr(done.stderr)
        [line] = done.stderr.strip().splitlines()
        assert str(store_file) in line
        assert "briefing restore" in line
        _left_as_it_was(store_file, saved, listing)


@pytest.mark.parametrize("damage", list(DAMAGE))
async def test_tui_refuses_a_damaged_store_naming_it_and_leaves_it_untouched(
    library: tuple[Path, Path, Path], damage: str
) -> None:
    content, data, store_file = library
    saved, listing = _damage(library, damage)
    app = create_app(str(content), str(data))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        messages = [n.message for n in app._notifications]
        assert app.workspace is None, "no store was opened in its place"
        assert app.is_running
        label = str(app.library.query_one("#count").render())
    assert "could not be opened" in label
    refusals = [m for m in messages if str(store_file) in m]
    assert len(refusals) == 1, messages
    assert "briefing restore" in refusals[0]
    _left_as_it_was(store_file, saved, listing)


def test_restore_from_a_backup_brings_back_the_work_after_damage(
    library: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """What the message tells the user to do works: back up, damage, restore."""
    content, data, store_file = library
    backup = tmp_path / "backup.sqlite3"
    assert briefing(content, data, "backup", "-o", str(backup)).returncode == 0
    _garbage(store_file)
    assert briefing(content, data, "list").returncode == 2
    restored = briefing(content, data, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    _earlier_work_is_there(content, data)
    assert [p for p in store_file.parent.iterdir() if ".before-restore-" in p.name]
