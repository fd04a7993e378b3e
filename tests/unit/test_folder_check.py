"""The stat pass on its own: what a sync would change, found without writing anything."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

import briefing_tui.core.briefings.scanning as scanning_module
import briefing_tui.core.changes as changes_module
import briefing_tui.core.sync as sync_module
from briefing_tui.core.changes import ForkedCheck, check_folder
from briefing_tui.core.workspace import Workspace


def _stored(ws: Workspace) -> tuple[object, ...]:
    return (ws.store.file_signatures(), ws.store.meta_with_prefix(""), ws.store.skipped())


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the syncs read from now on, in order."""
    reads: list[str] = []
    real_read = sync_module.read_briefing

    def counted(path: Path, *args: object, **kwargs: object) -> object:
        reads.append(path.name)
        return real_read(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sync_module, "read_briefing", counted)
    return reads


def test_the_check_finds_every_kind_of_change_and_writes_nothing(
    write: Callable[[str, str], Path], lib_dir: Path, make_ws: Callable[..., Workspace]
) -> None:
    write("kept.md", "# Kept\n")
    edited = write("a/edited.md", "# Edited\n\nOne.\n")
    write("a/gone.md", "# Gone\n")
    write("old/moved.md", "# Moved\n")
    ws = make_ws()
    ws.sync()
    assert check_folder(lib_dir, ws.store, max_bytes=ws.max_bytes).nothing_to_do
    before = _stored(ws)
    stamp = edited.stat().st_mtime_ns + 1_000_000  # same size, a millisecond later
    edited.write_text("# Edited\n\nTwo.\n")
    os.utime(edited, ns=(stamp, stamp))
    (lib_dir / "a" / "gone.md").unlink()
    (lib_dir / "old").rename(lib_dir / "new")  # a folder renamed
    write("added.md", "# Added\n")
    check = check_folder(lib_dir, ws.store, max_bytes=ws.max_bytes)
    assert sorted(entry.path for entry in check.to_read) == [
        "a/edited.md",
        "added.md",
        "new/moved.md",
    ]
    assert check.gone_paths == {"a/gone.md", "old/moved.md"}
    assert not check.nothing_to_do
    assert _stored(ws) == before
    report = ws.sync(checked=check)  # the sync writes what the check found
    assert (report.added, report.updated, report.removed) == (
        ["added.md"],
        ["a/edited.md"],
        ["a/gone.md"],
    )
    assert report.renamed == [("old/moved.md", "new/moved.md")]
    assert check_folder(lib_dir, ws.store, max_bytes=ws.max_bytes).nothing_to_do


def test_a_sync_given_the_check_does_not_scan_again(
    write: Callable[[str, str], Path],
    lib_dir: Path,
    make_ws: Callable[..., Workspace],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write("a.md", "# A\n")
    ws = make_ws()
    ws.sync()
    write("b.md", "# B\n")
    check = check_folder(lib_dir, ws.store, max_bytes=ws.max_bytes)
    scans: list[Path] = []
    real_scan = scanning_module.scan_signatures

    def counted(root: Path) -> object:
        scans.append(root)
        return real_scan(root)

    monkeypatch.setattr("briefing_tui.core.changes.scan_signatures", counted)
    assert ws.sync(checked=check).added == ["b.md"]
    assert scans == []


def test_a_stamp_in_whole_seconds_is_checked_again_until_its_second_is_past(
    write: Callable[[str, str], Path],
    lib_dir: Path,
    make_ws: Callable[..., Workspace],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Stamps of a file system that keeps seconds: one written just before the
    sync may change again in that second without its stamp changing, so the
    next sync reads it once more; a stamp seconds older is trusted."""
    second = time.time_ns() // 1_000_000_000 * 1_000_000_000
    for name in ("recent.md", "old.md"):
        path = write(name, f"# {name}\n")
        stamp = second if name == "recent.md" else second - 60 * 1_000_000_000
        os.utime(path, ns=(stamp, stamp))
    ws = make_ws()
    ws.sync()
    reads = _count_reads(monkeypatch)
    assert not ws.sync().changed
    assert reads == ["recent.md"]
    later = second + 10 * 1_000_000_000
    monkeypatch.setattr(changes_module, "time", SimpleNamespace(time_ns=lambda: later))
    reads.clear()
    ws.sync()  # read once more, then the second is long past: trusted
    ws.sync()
    assert reads == ["recent.md"]
    assert check_folder(lib_dir, ws.store, max_bytes=ws.max_bytes).nothing_to_do


def test_a_check_started_early_serves_only_the_library_it_checks(
    write: Callable[[str, str], Path],
    lib_dir: Path,
    tmp_path: Path,
    make_ws: Callable[..., Workspace],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``python -m briefing_tui search`` forks the check before its arguments are
    properly read: a command of another library (or size cap) starts its own."""
    monkeypatch.setattr(changes_module, "threading", SimpleNamespace(active_count=lambda: 1))
    write("a.md", "# A\n")
    ws = make_ws()
    ws.sync()
    store_file = ws.paths.store_file
    other = tmp_path / "other"
    other.mkdir()
    ForkedCheck.start_early(other, store_file, ws.max_bytes)
    check = ForkedCheck.for_library(lib_dir, store_file, ws.max_bytes)
    assert check is not None and check.checks == (lib_dir, store_file, ws.max_bytes)
    assert check.unchanged() == 1  # a.md, in this library
    ForkedCheck.start_early(lib_dir, store_file, ws.max_bytes)
    early = ForkedCheck._early
    assert ForkedCheck.for_library(lib_dir, store_file, ws.max_bytes) is early
    assert early is not None and early.unchanged() == 1


def test_a_build_lists_files_by_name_and_keeps_the_stamps_it_read(
    write: Callable[[str, str], Path],
    lib_dir: Path,
    make_ws: Callable[..., Workspace],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A build reads, and so stats, every file: its scan lists them by name alone
    (a first start of 100,000 counts them in 0.1 s, not 0.5 to 0.8). What it keeps
    is each file's stamp as read, so the next sync reads nothing; a file too
    large and a FIFO are skipped as before, and not read again either."""
    write("a.md", "# A\n")
    write("b/c.md", "# C\n")
    write("big.md", "# Big\n\n" + "x" * 5_000)
    os.mkfifo(lib_dir / "pipe.md")
    ws = make_ws(max_bytes=1_000)
    building = check_folder(lib_dir, ws.store, full=True, max_bytes=ws.max_bytes)
    assert {entry.path: entry.size for entry in building.to_read} == {
        "a.md": -1,  # listed, not stat'ed
        "b/c.md": -1,
        "big.md": -1,
    }
    assert [(s.path, s.reason) for s in building.skipped] == [
        ("pipe.md", "not a regular file (FIFO, device or socket)")
    ]
    report = ws.sync()
    assert sorted(report.added) == ["a.md", "b/c.md"]
    assert sorted(s.path for s in report.skipped) == ["big.md", "pipe.md"]
    assert ws.store.file_signatures() == {
        path: (info.st_size, info.st_mtime_ns)
        for path in ("a.md", "b/c.md")
        for info in [(lib_dir / path).stat()]
    }
    reads = _count_reads(monkeypatch)
    again = ws.sync()
    assert reads == []
    assert not again.changed and sorted(s.path for s in again.skipped) == ["big.md", "pipe.md"]
    assert check_folder(lib_dir, ws.store, max_bytes=ws.max_bytes).nothing_to_do
