"""A sync of only the paths a folder watcher reported (``Workspace.sync(only=...)``).

What the app runs while its watcher has followed the folder without a gap: each
kind of change, named by the watcher, is found as a full sync finds it; what it
does not name is taken as the store has it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from briefing_tui.core.workspace import Workspace


def titles(ws: Workspace) -> dict[str, str]:
    return {record.path: record.title for record in ws.store.list_documents()}


def search_paths(ws: Workspace, query: str) -> list[str]:
    return sorted(hit.path for hit in ws.search(query, limit=100).hits)


def settled(write, make_ws) -> Workspace:  # type: ignore[no-untyped-def]
    write("2024/alpha.md", "# Alpha\n\naardvark one\n")
    write("2024/beta.md", "# Beta\n\nbadger two\n")
    write("2025/gamma.md", "# Gamma\n\ncougar three\n")
    ws = make_ws()
    ws.sync()
    return ws


def test_an_edit_in_place_that_keeps_the_size_is_found(write, make_ws, lib_dir: Path) -> None:
    ws = settled(write, make_ws)
    path = lib_dir / "2024/alpha.md"
    before = path.stat()
    path.write_text("# Alpha\n\naardvar2 one\n")  # the same length: "aardvark"
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    assert path.stat().st_size == before.st_size
    report = ws.sync(only=["2024/alpha.md"])
    assert report.updated == ["2024/alpha.md"]
    assert search_paths(ws, "aardvar2") == ["2024/alpha.md"]


def test_a_rename_keeps_the_briefing_and_its_id(write, make_ws, lib_dir: Path) -> None:
    ws = settled(write, make_ws)
    old_id = ws.store.by_path("2024/beta.md").id  # type: ignore[union-attr]
    (lib_dir / "2024/beta.md").rename(lib_dir / "2024/beta-renamed.md")
    report = ws.sync(only=["2024/beta.md", "2024/beta-renamed.md"])
    assert report.renamed == [("2024/beta.md", "2024/beta-renamed.md")]
    assert ws.store.by_path("2024/beta-renamed.md").id == old_id  # type: ignore[union-attr]
    assert search_paths(ws, "badger") == ["2024/beta-renamed.md"]


def test_a_removed_file_and_a_removed_folder_leave_the_list(write, make_ws, lib_dir: Path) -> None:
    ws = settled(write, make_ws)
    (lib_dir / "2024/alpha.md").unlink()
    shutil.rmtree(lib_dir / "2025")
    report = ws.sync(only=["2024/alpha.md", "2025"])
    assert sorted(report.removed) == ["2024/alpha.md", "2025/gamma.md"]
    assert titles(ws) == {"2024/beta.md": "Beta"}
    assert not ws.sync().changed  # the full check agrees


def test_a_file_in_a_new_subfolder_is_found_when_the_folder_is_reported(write, make_ws) -> None:
    ws = settled(write, make_ws)
    write("2026/deep/er/delta.md", "# Delta\n\ndingo four\n")
    report = ws.sync(only=["2026"])  # a folder moved in: its files are not named one by one
    assert report.added == ["2026/deep/er/delta.md"]
    assert search_paths(ws, "dingo") == ["2026/deep/er/delta.md"]


def test_what_was_not_reported_is_left_for_the_full_check(write, make_ws, lib_dir: Path) -> None:
    ws = settled(write, make_ws)
    write("2024/beta.md", "# Beta\n\nbadger edited while nobody watched\n")
    write("2025/epsilon.md", "# Epsilon\n\nemu five\n")
    report = ws.sync(only=["2025/epsilon.md"])
    assert report.added == ["2025/epsilon.md"] and not report.updated
    full = ws.sync()
    assert full.updated == ["2024/beta.md"]
    assert search_paths(ws, "nobody") == ["2024/beta.md"]


def test_reported_paths_a_full_scan_ignores_change_nothing(
    write, make_ws, lib_dir: Path, tmp_path: Path
) -> None:
    """Hidden files, files under a symlinked folder, paths outside the library, and
    a name that is not a briefing are not listed by a full sync: nor by this."""
    ws = settled(write, make_ws)
    write(".hidden/secret.md", "# Secret\n")
    write("notes.txt", "not a briefing")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "far.md").write_text("# Far\n")
    (lib_dir / "linked").symlink_to(outside)
    report = ws.sync(only=[".hidden/secret.md", "notes.txt", "linked/far.md", "../x.md", ""])
    assert not report.changed
    assert not ws.sync().changed


def test_a_bad_file_reported_is_skipped_and_the_others_skips_are_kept(
    write, make_ws, lib_dir: Path
) -> None:
    ws = settled(write, make_ws)
    write("2024/binary.md", b"\x00\x01\x02" * 100)
    write("2025/other.md", b"\x00\x01\x02" * 200)
    ws.sync()
    write("2024/zeta.md", "# Zeta\n\nzebu six\n")
    report = ws.sync(only=["2024/zeta.md"])
    assert report.added == ["2024/zeta.md"]
    assert {skip.path for skip in report.skipped} == {"2024/binary.md", "2025/other.md"}
    assert {path for path, _ in ws.store.skipped()} == {"2024/binary.md", "2025/other.md"}


def test_a_file_saved_again_unchanged_reads_no_other_record(
    write, make_ws, lib_dir: Path, monkeypatch
) -> None:
    """An editor's save of the same text (or ``touch``) moves the file's time only:
    the sync keeps the new time, changes nothing, and reads only that file (the
    record of every other briefing, ~1 s at 100,000, is not loaded)."""
    ws = settled(write, make_ws)
    path = lib_dir / "2024/alpha.md"
    before = path.stat()
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 5_000_000))

    def every_record() -> None:
        raise AssertionError("every record was loaded for a file saved unchanged")

    monkeypatch.setattr(ws.store, "present_documents", every_record)
    for report in (ws.sync(only=["2024/alpha.md"]), ws.sync()):
        assert not report.changed
    assert ws.store.file_signatures()["2024/alpha.md"][1] == before.st_mtime_ns + 5_000_000
    monkeypatch.undo()
    write("2024/alpha.md", "# Alpha\n\naardvark edited\n")
    assert ws.sync(only=["2024/alpha.md"]).updated == ["2024/alpha.md"]
    assert search_paths(ws, "edited") == ["2024/alpha.md"]


def test_a_symlinked_briefing_follows_an_edit_of_its_target(write, make_ws, lib_dir: Path) -> None:
    """The watcher reports an edit under the target's path, never the link's: the
    link is checked on every watched sync, or it would keep the old text."""
    write("2024/real.md", "# Real\n\nwombat original\n")
    (lib_dir / "links").mkdir()
    (lib_dir / "links/link.md").symlink_to(lib_dir / "2024/real.md")
    ws = settled(write, make_ws)
    assert search_paths(ws, "wombat") == ["2024/real.md", "links/link.md"]
    write("2024/real.md", "# Real\n\nwombat quokka edited\n")
    ws.sync(only=["2024/real.md"])
    assert search_paths(ws, "quokka") == ["2024/real.md", "links/link.md"]
