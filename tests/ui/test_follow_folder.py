"""The library follows its folder while the app runs: no ctrl+r needed.

Each test changes the folder behind the running app and waits (bounded) for
what a user would see: the list, the reader's changed-on-disk line, one
message for a folder gone.
"""

from __future__ import annotations

import shutil
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Label

from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.screens.reader.screen import ReaderScreen
from briefing_tui.tui.widgets.briefing_list import BriefingList

from .conftest import settle

#: Longer than the 2 s the issue asks for: the machine is shared with other test runs.
DEADLINE_S = 10.0


def _titles(app: BriefingApp) -> list[str]:
    return [row.title for row in app.library.query_one(BriefingList).rows]


def _said(app: BriefingApp) -> list[str]:
    return [n.message for n in app._notifications]


async def _until(pilot, condition: Callable[[], bool], what: str) -> float:  # type: ignore[no-untyped-def]
    """Wait until ``condition`` holds (polled, bounded); the seconds it took."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > DEADLINE_S:
            raise AssertionError(f"not within {DEADLINE_S} s: {what}")
        await pilot.pause(0.05)
    return time.monotonic() - started


@pytest.fixture
def slow_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never marked read by time during a test (a read mark would be its own write)."""
    monkeypatch.setattr(ReaderScreen, "READ_AFTER_S", 1000.0)


async def test_a_file_written_into_the_folder_is_listed_without_ctrl_r(make_app, library) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await _until(pilot, lambda: app.watcher is not None, "the watch started")
        (library / "arrival.md").write_text(
            "---\ntitle: Fresh arrival\ndate: 2024-06-01\n---\n\nNew text.\n", encoding="utf-8"
        )
        await _until(pilot, lambda: "Fresh arrival" in _titles(app), "the new title listed")
        count = str(app.library.query_one("#count", Label).render())
        assert count.startswith("4 of 4 briefings")
        (library / "arrival.md").rename(library / "notes" / "moved.md")
        (library / "election.md").unlink()
        await _until(
            pilot, lambda: "Election results" not in _titles(app), "the removed file unlisted"
        )
        assert "Fresh arrival" in _titles(app)  # renamed, still listed
        assert any("The library folder changed" in said for said in _said(app))


async def test_editor_temp_files_start_no_sync(make_app, library, monkeypatch) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await _until(pilot, lambda: app.watcher is not None, "the watch started")
        asked: list[bool] = []
        request = app.request_sync

        def spy(*, asked_by_user: bool) -> None:
            asked.append(asked_by_user)
            request(asked=asked_by_user)

        monkeypatch.setattr(app, "request_sync", lambda *, asked: spy(asked_by_user=asked))
        (library / ".oil.md.swp").write_text("swap", encoding="utf-8")
        (library / "oil.md~").write_text("backup", encoding="utf-8")
        (library / ".#oil.md").write_text("lock", encoding="utf-8")
        (library / "notes.txt").write_text("not a briefing", encoding="utf-8")
        (library / "marker.md").write_text("# Marker\n", encoding="utf-8")  # then a real one
        await _until(pilot, lambda: "Marker" in _titles(app), "the real file listed")
        assert asked == [False]  # one sync, for the real file only


async def test_the_open_reader_offers_to_reload_its_file_changed_behind_it(
    make_app, library, slow_read
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("escape", *"opec")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert not screen.query("#on-disk")
        path = library / "oil.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("Analysts expect", "Economists expect"), encoding="utf-8")
        await _until(pilot, lambda: bool(screen.query("#on-disk")), "the changed-on-disk line")
        assert "changed on disk — r reloads" in screen.query_one("#on-disk", Label).content.plain
        await pilot.press("r")
        await settle(app, pilot)
        assert "Economists expect" in screen.plain


async def _oil_open_and_watched(app: BriefingApp, pilot) -> ReaderScreen:  # type: ignore[no-untyped-def]
    """The oil briefing open in the reader, the folder watch listening."""
    await settle(app, pilot)
    await _until(pilot, lambda: app.watcher is not None, "the watch started")
    await pilot.press("escape", *"opec")
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


async def test_the_open_readers_header_follows_its_file_renamed(
    make_app, library, slow_read
) -> None:
    """The file of the open briefing renamed behind it: the folder watch said "1
    renamed" while the header went on naming the old file (a newcomer walk)."""
    from briefing_tui.tui.widgets.header import BriefingHeader

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _oil_open_and_watched(app, pilot)
        header = screen.query_one(BriefingHeader)
        assert "oil.md" in str(header.render())
        (library / "oil.md").rename(library / "notes" / "crude.md")
        await _until(
            pilot, lambda: "notes/crude.md" in str(header.render()), "the new path in the header"
        )
        assert "  oil.md" not in str(header.render())


async def test_the_open_readers_claims_follow_its_file_deleted(
    make_app, library, slow_read
) -> None:
    """The open briefing's file deleted: its claims are orphaned by the sync, but the
    reader's claims panel went on showing them as they were ("fuzzy", a newcomer
    walk). It shows them as the store has them."""
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace

    with Workspace(resolve_paths(str(library), str(library.parent / "data"))) as ws:
        ws.sync()
        ws.annotate(ws.resolve("oil"), "Analysts expect prices to stay high.")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _oil_open_and_watched(app, pilot)
        assert [claim.anchor for claim in screen.claims] == ["exact"]
        (library / "oil.md").unlink()
        await _until(pilot, lambda: bool(screen.query("#on-disk")), "the file said gone")
        await _until(
            pilot,
            lambda: [claim.anchor for claim in screen.claims] == ["orphaned"],
            "the claim shown orphaned",
        )


async def test_a_folder_gone_is_said_once_and_nothing_is_removed(
    make_app, library, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await _until(pilot, lambda: app.watcher is not None, "the watch started")
        before = _titles(app)
        away = tmp_path / "away"
        library.rename(away)  # as a drive unmounted or a folder renamed would
        gone = lambda: [s for s in _said(app) if "is gone" in s]  # noqa: E731
        await _until(pilot, lambda: bool(gone()), "the folder gone said")
        await pilot.pause(2.5)  # several of the watcher's checks later: still said once
        await settle(app, pilot)
        assert len(gone()) == 1
        assert not any("Sync failed" in s for s in _said(app))
        assert _titles(app) == before
        assert app.workspace is not None and len(app.workspace.store.list_documents()) == 3
        away.rename(library)  # back: followed again
        await _until(pilot, lambda: any("is back" in s for s in _said(app)), "the folder back")
        (library / "again.md").write_text("# Here again\n", encoding="utf-8")
        await _until(pilot, lambda: "Here again" in _titles(app), "a new file listed after")
        assert len(gone()) == 1


async def test_a_folder_deleted_keeps_the_list_and_says_so_once(make_app, library) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await _until(pilot, lambda: app.watcher is not None, "the watch started")
        before = _titles(app)
        shutil.rmtree(library)
        await _until(pilot, lambda: any("is gone" in s for s in _said(app)), "the gone message")
        await settle(app, pilot)
        assert _titles(app) == before
        assert sum("is gone" in s for s in _said(app)) == 1


async def test_no_watch_leaves_the_folder_unfollowed(make_app, library) -> None:
    app = make_app()
    app.follow_folder = False
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.watcher is None
        (library / "arrival.md").write_text("# Fresh arrival\n", encoding="utf-8")
        await pilot.press("ctrl+r")  # the way it is seen then
        await _until(pilot, lambda: "Fresh arrival" in _titles(app), "listed after ctrl+r")


async def test_closing_the_app_stops_the_watch_without_waiting_for_it(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    joined: list[str] = []
    real_join = threading.Thread.join

    def join(thread: threading.Thread, timeout: float | None = None) -> None:
        joined.append(thread.name)
        real_join(thread, timeout)

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await _until(pilot, lambda: app.watcher is not None, "the watch started")
        thread = app._watch_thread
        assert thread is not None and thread.is_alive()
        monkeypatch.setattr(threading.Thread, "join", join)
    monkeypatch.undo()
    assert thread.name not in joined, "quitting sat through the watch's quiet time"
    app.wait_for_watch_end()  # what `briefing` does once the terminal is given back
    assert not thread.is_alive()


@pytest.mark.parametrize(("flags", "follows"), [([], True), (["--no-watch"], False)])
def test_briefing_no_watch_opens_the_app_without_the_watch(
    library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flags: list[str], follows: bool
) -> None:
    from briefing_tui.cli.main import main
    from briefing_tui.tui import app as app_module

    opened: list[bool] = []

    def run_app(paths, *, max_bytes: int, follow_folder: bool = True) -> int:  # type: ignore[no-untyped-def]
        opened.append(follow_folder)
        return 0

    monkeypatch.setattr(app_module, "run_app", run_app)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)  # as on a terminal
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    arguments = ["--content", str(library), "--data", str(tmp_path / "data"), *flags]
    assert main(arguments) == 0
    assert opened == [follows]


async def test_a_file_that_becomes_unreadable_is_named_with_why(make_app, library) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await _until(pilot, lambda: app.watcher is not None, "the watch started")
        (library / "election.md").write_bytes(b"\x00\x01binary now")
        await _until(
            pilot,
            lambda: any("election.md not read: binary file" in said for said in _said(app)),
            "the skipped file named with its reason",
        )


async def test_the_help_says_the_list_follows_the_folder_and_how_to_turn_it_off(make_app) -> None:
    from briefing_tui.tui.screens.help import HelpScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(app.screen._text.split())
        assert "The list follows the library folder" in text
        assert "briefing --no-watch" in text
