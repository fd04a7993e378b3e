"""Errors from the core reach the user as notifications, never as a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.widgets import Label

from briefing_tui.core.paths import resolve_paths
from briefing_tui.tui.app import create_app
from briefing_tui.tui.screens.library import LibraryScreen
from briefing_tui.tui.widgets.briefing_list import BriefingList

from .conftest import settle


def _messages(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [notification.message for notification in app._notifications]


async def test_a_locked_store_is_reported_and_the_app_keeps_running(library, tmp_path) -> None:
    paths = resolve_paths(str(library), str(tmp_path / "data"))
    paths.ensure()
    holder = sqlite3.connect(paths.store_file, isolation_level=None)
    holder.execute("PRAGMA journal_mode=DELETE")
    holder.execute("CREATE TABLE IF NOT EXISTS squat(x)")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        app = create_app(str(library), str(tmp_path / "data"), store_timeout_ms=200)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            assert any("locked by another process" in m for m in _messages(app))
            assert "could not be opened" in str(app.screen.query_one("#count", Label).render())
            assert app.is_running
    finally:
        holder.execute("ROLLBACK")
        holder.close()


async def test_a_damaged_index_is_rebuilt_with_one_notice(make_app, tmp_path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
    index_dir = next((tmp_path / "data").glob("*/index"))
    for segment in index_dir.glob("*.seg"):
        segment.write_bytes(b"garbage" * 10)
    for toc in index_dir.glob("*.toc"):
        toc.write_bytes(b"\x00\x01 not a toc")
    again = make_app()
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(again, pilot)
        rebuilt = [m for m in _messages(again) if "Rebuilding the search index" in m]
        assert len(rebuilt) == 1
        await pilot.press(*"opec")
        await settle(again, pilot)
        rows = again.screen.query_one(BriefingList).rows
        assert [row.id for row in rows] == ["oil"]


async def test_a_file_that_became_unreadable_is_reported_when_opened(
    make_app, library: Path
) -> None:
    app = make_app()
    app.follow_folder = False  # the reader's own check (the folder watch names it sooner)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        (library / "election.md").write_bytes(b"\x00\x01binary now")
        await pilot.press(*"election")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert any("binary file" in m for m in _messages(app))


async def test_export_to_a_missing_folder_is_a_notification(make_app, tmp_path) -> None:
    from textual.widgets import Input

    from briefing_tui.tui.dialogs.export import ExportDialog

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.action_export()
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        target = tmp_path / "nonexistent" / "dir" / "x.md"
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.click("#export")
        await settle(app, pilot)
        assert app.is_running
        assert any(
            m.startswith("Not exported") and "does not exist" in m for m in _messages(app)
        ), _messages(app)
        assert not target.parent.exists()


async def test_a_core_error_no_worker_expected_is_a_notification(make_app) -> None:
    from briefing_tui.core.search.index import IndexBusy

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)

        def busy() -> None:
            raise IndexBusy("another briefing process is writing the index")

        worker = app.run_worker(busy, thread=True)
        while worker.is_running or not worker.is_finished:
            await pilot.pause(0.01)
        await pilot.pause()
        assert app.is_running
        assert any("another briefing process" in m for m in _messages(app))
