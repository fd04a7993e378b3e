"""The folder watcher: one report per burst of changes, temporary files ignored, a
folder gone said once, the periodic check when watchfiles cannot be used.

The watcher runs on a thread; the tests wait for its reports (polled, bounded)
and never assert on how long anything took.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import briefing_tui.core.watching as watching
from briefing_tui.core.watching import FolderNews, FolderPoll, FolderWatcher

#: A bound on every wait: far above what any step needs, so only a hang fails.
DEADLINE_S = 15.0


def _until(condition: Callable[[], bool], what: str) -> None:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > DEADLINE_S:
            raise AssertionError(f"not within {DEADLINE_S} s: {what}")
        time.sleep(0.02)


class Running:
    """A watcher on its thread, and what it reported."""

    def __init__(self, root: Path, **options: object) -> None:
        self.reports: list[FolderNews] = []
        self.watcher = FolderWatcher(root, self.reports.append, **options)  # type: ignore[arg-type]
        self.thread = threading.Thread(target=self.watcher.run, daemon=True)
        self.thread.start()
        _until(lambda: self.watcher.mode != "stopped", "the watch started")

    def changed(self) -> list[frozenset[str]]:
        return [news.paths for news in self.reports if news.kind == "changed"]

    def wait_for(self, path: Path) -> list[frozenset[str]]:
        """Reports up to the one naming ``path`` (a sentinel written after the changes)."""
        _until(lambda: any(str(path) in paths for paths in self.changed()), f"{path.name}")
        return self.changed()

    def stop(self) -> None:
        self.watcher.stop()
        self.thread.join(DEADLINE_S)
        assert not self.thread.is_alive()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    (folder / "notes").mkdir(parents=True)
    (folder / "old.md").write_text("# Old\n", encoding="utf-8")
    return folder


@pytest.fixture(params=["watchfiles", "polling"])
def watch(request: pytest.FixtureRequest, root: Path) -> Iterator[Running]:
    """A watcher both ways: the kernel's notifications and the periodic check."""
    running = Running(
        root,
        use_watchfiles=request.param == "watchfiles",
        quiet_s=0.4,
        longest_s=2.0,
        poll_s=0.1,
        sweep_s=0.1,  # every file each check: in-place edits seen at once
    )
    assert running.watcher.mode == request.param
    yield running
    running.stop()


def test_a_burst_of_changes_is_one_report_naming_them(watch: Running, root: Path) -> None:
    (root / "new.md").write_text("# New\n", encoding="utf-8")
    (root / "new.md").rename(root / "notes" / "renamed.md")
    (root / "old.md").write_text("# Old, edited\n", encoding="utf-8")
    reports = watch.wait_for(root / "notes" / "renamed.md")
    assert len(reports) == 1
    assert {str(root / "notes" / "renamed.md"), str(root / "old.md")} <= reports[0]


def test_each_kind_of_change_is_reported(watch: Running, root: Path) -> None:
    target = root / "notes" / "kept.md"
    target.write_text("# Kept\n", encoding="utf-8")
    watch.wait_for(target)
    with target.open("a", encoding="utf-8") as stream:  # edited in place: the folder unchanged
        stream.write("More.\n")
    _until(lambda: len(watch.changed()) == 2, "the edit")
    target.rename(root / "moved.md")
    _until(lambda: len(watch.changed()) == 3, "the rename")
    assert str(root / "moved.md") in watch.changed()[2]
    (root / "moved.md").unlink()
    _until(lambda: len(watch.changed()) == 4, "the removal")
    assert watch.changed()[3] == {str(root / "moved.md")}


def test_editor_and_temporary_files_are_not_reported(watch: Running, root: Path) -> None:
    for name in (".old.md.swp", "old.md~", ".#old.md", "4913", ".old.md.k2j3.tmp", "notes.txt"):
        (root / name).write_text("x", encoding="utf-8")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "inside.md").write_text("x", encoding="utf-8")
    sentinel = root / "sentinel.md"
    sentinel.write_text("# Sentinel\n", encoding="utf-8")
    assert watch.wait_for(sentinel) == [frozenset({str(sentinel)})]


def test_a_folder_added_or_removed_is_reported(watch: Running, root: Path) -> None:
    (root / "dossier").mkdir()
    (root / "dossier" / "a.md").write_text("# A\n", encoding="utf-8")
    watch.wait_for(root / "dossier")  # its files may come before it is watched: the sync reads them
    shutil.move(root / "notes", root.parent / "notes-elsewhere")  # out of the library
    _until(lambda: len(watch.changed()) == 2, "the folder moved away")
    assert str(root / "notes") in watch.changed()[1]


def test_the_folder_gone_is_said_once_and_back_is_followed(
    watch: Running, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks: list[str] = []
    identity = watching.folder_identity

    def counted(path: str) -> tuple[int, int] | None:
        checks.append(path)
        return identity(path)

    class SlowBaseline(FolderPoll):  # the periodic check's baseline takes its time
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            time.sleep(0.5)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(watching, "folder_identity", counted)
    monkeypatch.setattr(watching, "FolderPoll", SlowBaseline)
    away = root.parent / "away"
    root.rename(away)
    _until(lambda: any(n.kind == "unavailable" for n in watch.reports), "the folder gone")
    seen = len(checks)
    _until(lambda: len(checks) >= seen + 5, "five more checks of the folder")
    gone = [news for news in watch.reports if news.kind == "unavailable"]
    assert len(gone) == 1
    assert "library" in gone[0].message and "nothing was removed" in gone[0].message
    assert not watch.changed()  # nothing for the app to sync away
    away.rename(root)
    _until(lambda: any(n.kind == "back" for n in watch.reports), "the folder back")
    (root / "after.md").write_text("# After\n", encoding="utf-8")  # at once: still reported
    watch.wait_for(root / "after.md")
    assert [n.kind for n in watch.reports] == ["unavailable", "back", "changed"]


def test_a_folder_deleted_under_the_watch_raises_nothing(watch: Running, root: Path) -> None:
    shutil.rmtree(root)
    _until(lambda: any(n.kind == "unavailable" for n in watch.reports), "the folder gone")
    assert watch.thread.is_alive()  # still watching, for its return
    assert not watch.changed()


def test_watchfiles_failing_falls_back_to_the_periodic_check(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import watchfiles

    def refuse(*_: object, **__: object) -> Iterator[set[tuple[object, str]]]:
        raise OSError("OS file watch limit reached")

    monkeypatch.setattr(watchfiles, "watch", refuse)
    running = Running(root, quiet_s=0.2, poll_s=0.1)
    try:
        _until(lambda: running.watcher.mode == "polling", "the periodic check")
        assert "watch limit" in running.watcher.fallback_reason
        (root / "seen.md").write_text("# Seen\n", encoding="utf-8")
        running.wait_for(root / "seen.md")
    finally:
        running.stop()


def test_a_listener_that_raises_does_not_stop_the_watch(root: Path) -> None:
    heard: list[FolderNews] = []

    def fussy(news: FolderNews) -> None:
        heard.append(news)
        raise RuntimeError("the listener's own trouble")

    watcher = FolderWatcher(root, fussy, use_watchfiles=False, quiet_s=0.1, poll_s=0.05)
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    _until(lambda: watcher.mode != "stopped", "the watch started")
    try:
        (root / "one.md").write_text("1", encoding="utf-8")
        _until(lambda: len(heard) == 1, "the first report")
        (root / "two.md").write_text("2", encoding="utf-8")
        _until(lambda: len(heard) == 2, "the second report")
    finally:
        watcher.stop()
        thread.join(DEADLINE_S)
    assert not thread.is_alive()


def test_the_data_folder_inside_the_library_is_not_watched(root: Path) -> None:
    data = root / "briefing-data"
    data.mkdir()
    running = Running(root, skip=[data], quiet_s=0.2, poll_s=0.1)
    try:
        (data / "index.md").write_text("not the library's", encoding="utf-8")
        (data / "store").mkdir()
        sentinel = root / "sentinel.md"
        sentinel.write_text("# Sentinel\n", encoding="utf-8")
        assert running.wait_for(sentinel) == [frozenset({str(sentinel)})]
    finally:
        running.stop()


def test_the_periodic_check_without_a_thread(root: Path) -> None:
    poll = FolderPoll(str(root))
    assert poll.file_count == 1
    assert poll.check(1.0) == set()
    (root / "notes" / "a.md").write_text("a", encoding="utf-8")
    (root / ".a.md.swp").write_text("swap", encoding="utf-8")
    assert poll.check(1.0) == {str(root / "notes" / "a.md")}
    old = root / "old.md"
    old.write_text("# Old, now longer\n", encoding="utf-8")  # in place: the folder unchanged
    assert poll.check(1.0) == {str(old)}
    shutil.rmtree(root / "notes")
    assert poll.check(1.0) == {str(root / "notes"), str(root / "notes" / "a.md")}
    assert poll.check(1.0) == set()


def test_the_periodic_check_sweeps_in_place_edits_in_turn(root: Path) -> None:
    for number in range(9):
        (root / f"f{number}.md").write_text("x", encoding="utf-8")
    poll = FolderPoll(str(root))
    edited = root / "f4.md"
    edited.write_text("longer text", encoding="utf-8")
    found: set[str] = set()
    for _ in range(10):  # a tenth of the ten files a check: every file within ten checks
        found |= poll.check(0.1)
    assert found == {str(edited)}


# -- continuity: when a sync may check only the reported paths ----------------------


def test_continuity_holds_while_notifications_run_and_changes_after_a_gap(root: Path) -> None:
    """One token while the kernel listens; none while the folder is away; another
    after it is back: a change made in the gap was not reported."""
    running = Running(root, quiet_s=0.2, poll_s=0.1)
    try:
        _until(lambda: running.watcher.continuity is not None, "listening")
        first = running.watcher.continuity
        (root / "one.md").write_text("# One\n", encoding="utf-8")
        running.wait_for(root / "one.md")
        assert running.watcher.continuity == first
        away = root.parent / "away"
        root.rename(away)
        _until(lambda: running.watcher.continuity is None, "no token while the folder is away")
        away.rename(root)
        _until(lambda: running.watcher.continuity is not None, "listening again")
        assert running.watcher.continuity != first
    finally:
        running.stop()
    assert running.watcher.continuity is None


def test_continuity_is_never_given_by_the_periodic_check(root: Path) -> None:
    """Polling finds an in-place edit only when its sweep comes round: its
    reports are not complete, so every sync it asks for checks every file."""
    running = Running(root, use_watchfiles=False, quiet_s=0.2, poll_s=0.1)
    try:
        (root / "seen.md").write_text("# Seen\n", encoding="utf-8")
        running.wait_for(root / "seen.md")
        assert running.watcher.mode == "polling"
        assert running.watcher.continuity is None
    finally:
        running.stop()


def test_a_new_watcher_never_continues_an_old_ones_span(root: Path) -> None:
    tokens = []
    for _ in range(2):
        running = Running(root, quiet_s=0.2, poll_s=0.1)
        try:
            _until(lambda: running.watcher.continuity is not None, "listening")  # noqa: B023
            tokens.append(running.watcher.continuity)
        finally:
            running.stop()
    assert tokens[0] != tokens[1]


def test_a_folder_inside_a_tree_moved_in_is_reported_when_moved_out(
    root: Path, tmp_path: Path
) -> None:
    """A tree moved in is one event for its top folder; a folder inside it moved
    out later must be reported too: a sync of the reported paths alone would
    otherwise keep listing the briefings it took away."""
    running = Running(root, quiet_s=0.2, poll_s=0.1)
    try:
        _until(lambda: running.watcher.continuity is not None, "listening")
        tree = tmp_path / "tree"
        (tree / "sub").mkdir(parents=True)
        (tree / "sub" / "inside.md").write_text("# Inside\n", encoding="utf-8")
        tree.rename(root / "tree")
        running.wait_for(root / "tree")
        (root / "tree" / "sub").rename(tmp_path / "sub-out")
        running.wait_for(root / "tree" / "sub")
    finally:
        running.stop()


def test_the_folders_learnt_at_a_start_are_found_without_listing_leaf_folders(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the watch learns when it starts listening (so a folder's removal is
    # reported): every folder, none hidden, no symlinked one; the folders with
    # no folder in them, where a library's briefings are, are not listed.
    for folder in ("2024/03", "2024/04", "2025", ".git/objects", "notes/deep/er"):
        (root / folder).mkdir(parents=True)
    for n in range(30):
        (root / "2024/03" / f"b{n}.md").write_text("x")
        (root / "2025" / f"b{n}.md").write_text("x")
    (root / "linked").symlink_to(root / "2025")
    listed: list[str] = []
    scandir = watching.os.scandir

    def counted(path):  # type: ignore[no-untyped-def]
        listed.append(str(path))
        return scandir(path)

    monkeypatch.setattr(watching.os, "scandir", counted)
    found = watching._walk_folders(str(root), ())
    names = sorted(str(Path(f).relative_to(root)) for f in found)
    assert names == ["2024", "2024/03", "2024/04", "2025", "notes", "notes/deep", "notes/deep/er"]
    leaves = {str(root / leaf) for leaf in ("2024/03", "2024/04", "2025", "notes/deep/er")}
    if (root / "2025").stat().st_nlink == 2:  # a file system that counts folder links
        assert not leaves & set(listed), listed


def test_the_periodic_check_keeps_to_its_cpu_budget() -> None:
    """A check costing more than its budget (a busy machine, a large library) stats
    fewer files next time, never more than the sweep wants, and comes back to it
    once checks are cheap again: at 10,000 briefings the check measured 1.5-1.9% of
    a core on a busy day against a target under 1%."""
    from briefing_tui.core.watching import CHECK_BUDGET, budgeted_share

    wanted, every = 0.1, 1.0
    allowed = CHECK_BUDGET * every
    share = budgeted_share(wanted, wanted, 4 * allowed, every)
    assert share == pytest.approx(wanted / 4)  # four times over: a quarter of the files
    assert budgeted_share(share, wanted, allowed * 0.75, every) == share  # within: kept
    for _ in range(10):
        share = budgeted_share(share, wanted, allowed / 10, every)
    assert share == wanted  # cheap again: back to the whole sweep, and no further
    assert budgeted_share(wanted, wanted, 10_000 * allowed, every) == wanted / 100
