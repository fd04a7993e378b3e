"""The library screen as a newcomer meets it (issue #12): what enter opens after
typing, a bad query's whole reason at 80 columns, the first sync, a busy index."""

from __future__ import annotations

import asyncio
import io
import re
import threading
from pathlib import Path

from rich.console import Console
from textual.widgets import Input, Label

from briefing_tui.tui.messages import SyncFinished
from briefing_tui.tui.screens.reader.screen import ReaderScreen
from briefing_tui.tui.widgets.briefing_list import BriefingList

from .conftest import settle, write_library

BUNDLED = Path(__file__).resolve().parents[2] / "content"
MOSCOW = "Moscow and New Delhi Discuss Expanding Russian Arms Production in India"
BUSY = "the index is busy (another briefing process is building it); search again in a moment"


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    """The screen as painted, as plain text."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, record=True
    )
    update = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens, simplify=True
    )
    console.print(update)
    return console.export_text()


def words(text: str) -> str:
    return " ".join(text.split())


def _titles(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [row.title for row in app.screen.query_one(BriefingList).rows]


def _count(app) -> str:  # type: ignore[no-untyped-def]
    """The count line's listed-of-library part (the reading counts follow a ` · `)."""
    return str(app.screen.query_one("#count", Label).render()).split(" · ")[0]


# -- item 7: enter after typing opens the top result ---------------------------------


async def test_enter_after_typing_opens_the_top_result_of_the_bundled_library(make_app) -> None:
    app = make_app(BUNDLED)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert _titles(app)[0] == "The briefing file format"  # selected before typing
        await pilot.press(*"lavrov")
        await settle(app, pilot)
        assert _titles(app)[0] == MOSCOW
        assert app.screen.query_one(BriefingList).current.title == MOSCOW
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.record.title == MOSCOW


async def test_enter_typed_before_the_results_come_opens_the_top_result(make_app) -> None:
    app = make_app(BUNDLED)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"lavrov", "enter")  # as fast as a paste
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.record.title == MOSCOW


async def test_the_same_query_listed_again_keeps_the_selected_row(make_app, library) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"minister")
        await settle(app, pilot)
        await pilot.press("down", "down")  # into the list, the second result
        chosen = app.screen.query_one(BriefingList).current
        assert chosen is not None and chosen != app.screen.query_one(BriefingList).rows[0]
        (library / "new.md").write_text("# Fresh minister\n\nA minister.\n", encoding="utf-8")
        await pilot.press("ctrl+r")  # a re-sync lists the same query again
        await settle(app, pilot)
        assert "Fresh minister" in _titles(app)
        assert app.screen.query_one(BriefingList).current == chosen
        await pilot.press("ctrl+s")  # so does another sort
        await settle(app, pilot)
        assert app.screen.query_one(BriefingList).current == chosen
        await pilot.press("slash", "backspace")  # a changed query: its top result
        await settle(app, pilot)
        listing = app.screen.query_one(BriefingList)
        assert listing.current == listing.rows[0]


# -- item 14: a bad query's whole reason --------------------------------------------


async def test_a_bad_querys_whole_reason_is_on_screen_at_80_columns(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"date:2005-13")
        await settle(app, pilot)
        shown = words(screen_text(app))
        assert "⚠ date:2005-13 is not a valid date (month must be in 1..12)" in shown
        # The count and the sort keep their line, apart.
        assert re.search(r"\d+ of 3 briefings · 3 unread sorted by relevance", shown)
        await pilot.press("backspace", "backspace", "backspace")  # date:2005: fine
        await settle(app, pilot)
        assert "⚠" not in screen_text(app)


# -- the first sync ------------------------------------------------------------------


async def test_the_first_sync_says_it_is_indexing_not_that_the_library_is_empty(
    make_app, monkeypatch
) -> None:
    from briefing_tui.core.workspace import Workspace

    release = threading.Event()
    real = Workspace.sync

    def held(self, *, rebuild=False, progress=None, **rest):  # type: ignore[no-untyped-def]
        if progress is not None:
            progress(1, 3, "oil.md")
        release.wait(timeout=30)
        return real(self, rebuild=rebuild, progress=progress, **rest)

    monkeypatch.setattr(Workspace, "sync", held)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        try:  # the held sync holds the core lock, which closing the app waits for
            for _ in range(100):
                await pilot.pause(0.05)
                if "1/3" in screen_text(app):
                    break
            shown = words(screen_text(app))
            assert "Indexing the library… 1 of 3 files" in shown
            assert "library is empty" not in shown and "0 of 0" not in shown
        finally:
            release.set()
        await settle(app, pilot)
        assert _count(app) == "3 of 3 briefings"


async def test_an_empty_library_says_so_once_synced(make_app, tmp_path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app(empty)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        shown = words(screen_text(app))
        assert "The library is empty." in shown
        assert "ctrl+n adds briefings" in shown  # and what to do about it
        assert "Indexing" not in shown


# -- a busy index (#13 item 11) -----------------------------------------------------


def _marked_and_locked(library: Path, tmp_path: Path, marker: str):  # type: ignore[no-untyped-def]
    """The library synced, then its index marked as being built and its write lock
    taken here (a real lock): (the index folder, the lock, to release)."""
    from whoosh.filedb.filestore import FileStorage

    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.search import index
    from briefing_tui.core.workspace import Workspace

    paths = resolve_paths(str(library), str(tmp_path / "data"))
    with Workspace(paths) as ws:
        ws.sync()
    folder = paths.index_dir
    (folder / index._BUILDING_FILE).write_text(f"{marker}\n")
    lock = FileStorage(str(folder)).lock(index._WRITE_LOCK)
    assert lock.acquire(blocking=False)
    return folder, lock


async def test_typing_while_another_process_builds_the_index_says_so(
    make_app, library, tmp_path, monkeypatch
) -> None:
    """Another process holds the index's write lock in the middle of a build
    (a real lock, taken here): the search says so and the app goes on."""
    from briefing_tui.core.search import index

    folder, lock = _marked_and_locked(library, tmp_path, "another process is building")
    monkeypatch.setattr(index, "WRITER_TIMEOUT", 0.3)  # instead of 30 s
    app = make_app()
    held = True
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            await pilot.press(*"oil")
            await settle(app, pilot)
            assert BUSY in words(screen_text(app))
            assert app.is_running
            # The other process finishes its build: the next keystroke searches.
            (folder / index._BUILDING_FILE).unlink()
            lock.release()
            held = False
            await pilot.press("space")
            await settle(app, pilot)
            assert _titles(app) == ["Oil prices climb after OPEC cut"]
            assert "⚠" not in screen_text(app)
    finally:
        if held:
            lock.release()


async def test_an_index_a_left_search_cleared_for_a_build_gets_built(
    make_app, library, tmp_path, monkeypatch
) -> None:
    """A keystroke's search, replaced by the next but still waiting in its thread,
    finds the marker of a dead build, waits for the write lock another process
    holds, and clears the index for a build once it gets it. The app then said
    "the index is being built" for ever, and nothing built it: the next search
    now starts the sync that does (this was a flaky failure of the test above)."""
    from briefing_tui.core.search import index

    folder, lock = _marked_and_locked(library, tmp_path, "a build that died")
    monkeypatch.setattr(index, "WRITER_TIMEOUT", 0.3)
    app = make_app()
    held, left_search = True, None
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            await pilot.press(*"oil")
            await settle(app, pilot)
            assert BUSY in words(screen_text(app))
            # The left search: waits (longer) for the lock, holding the build lock.
            monkeypatch.setattr(index, "WRITER_TIMEOUT", 10)
            left_search = threading.Thread(target=lambda: app.workspace.needs_full_build)
            left_search.start()
            while not index.build_running(folder):
                await asyncio.sleep(0.01)
            (folder / index._BUILDING_FILE).unlink()
            lock.release()
            held = False
            left_search.join()
            assert app.workspace.needs_full_build  # cleared, and nobody building it
            monkeypatch.setattr(index, "WRITER_TIMEOUT", 0.3)
            await pilot.press("space")
            await settle(app, pilot)
            assert _titles(app) == ["Oil prices climb after OPEC cut"]
            assert "being built" not in words(screen_text(app))
            assert not app.workspace.needs_full_build
    finally:
        if held:
            lock.release()
        if left_search is not None:
            left_search.join()


async def test_a_busy_index_while_previewing_is_said_on_the_status_line(
    make_app, monkeypatch
) -> None:
    from briefing_tui.core.search.index import IndexBusy

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)

        def busy(*args, **kwargs):  # type: ignore[no-untyped-def]
            raise IndexBusy("the index is being built by another briefing process")

        monkeypatch.setattr(app.workspace, "snippets", busy)
        monkeypatch.setattr(app.workspace, "search_as_you_type", busy)
        await pilot.press(*"oil")
        await settle(app, pilot)
        assert BUSY in words(screen_text(app))
        await pilot.press("tab", "down")  # the preview worker asks the index too
        await settle(app, pilot)
        assert BUSY in words(screen_text(app))
        assert app.is_running
        assert app.screen.query_one("#search", Input).value == "oil"


async def test_one_briefing_is_counted_as_one(make_app, tmp_path) -> None:
    one = write_library(tmp_path / "one", {"a.md": "# Alone\n\nText.\n"})
    app = make_app(one)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert _count(app) == "1 of 1 briefing"


async def test_a_failed_sync_of_an_empty_list_says_so(make_app, tmp_path) -> None:
    """What the library shows when the app posts a failed sync (SyncFinished with an error)."""
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app(empty)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.broadcast(SyncFinished(error="the library folder is gone"))
        await pilot.pause()
        shown = words(screen_text(app))
        assert "The library could not be synced." in shown
        assert "Sync failed: the library folder is gone" in shown
        assert "The library is empty." not in shown


async def test_a_status_being_typed_says_where_it_is_going(make_app) -> None:
    """``status:ver`` typed in the search box lists nothing yet (no claim status is
    "ver"): the preview says the value is unfinished, not that nothing matches."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"status:ver")
        await settle(app, pilot)
        assert "No briefings match yet. Keep typing: status:verified" in words(screen_text(app))
        assert "⚠" not in screen_text(app)
        await pilot.press(*"ified")
        await settle(app, pilot)
        shown = words(screen_text(app))
        assert "No briefings match." in shown and "Keep typing" not in shown
        await pilot.press(*["backspace"] * 5, "x")  # status:verx: a mistake now
        await settle(app, pilot)
        shown = words(screen_text(app))
        assert "⚠ status:verx is not a claim status" in shown
        assert "Keep typing" not in shown  # (the preview said it of status:ver, before)


async def test_a_saved_search_runs_in_the_search_box_and_an_unknown_name_is_said(
    make_app,
) -> None:
    """``@NAME`` in the box (the README's query table) searched for the word and
    listed nothing, silently; an unknown name too (a newcomer walk)."""
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.workspace is not None
        app.workspace.stream.add_saved("energy", "tag:energy")
        box = app.screen.query_one("#search", Input)
        box.value = "@energy"
        await settle(app, pilot)
        assert _titles(app) == ["Oil prices climb after OPEC cut"]
        assert "⚠" not in screen_text(app)
        box.value = "@nosuch"
        await settle(app, pilot)
        assert "no saved search named 'nosuch' (saved: energy)" in words(screen_text(app))
        box.value = '"prime minis'  # a phrase still being typed: its words
        await settle(app, pilot)
        assert _titles(app) == ["Election results"]
        assert "⚠" not in screen_text(app)


async def test_up_on_the_first_row_goes_back_to_the_search_box(make_app) -> None:
    """Down leaves the search box for the list; up on the first row stayed in the
    list, and only ``/`` (said nowhere on screen) went back (a newcomer walk)."""
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        box = app.screen.query_one("#search", Input)
        await pilot.press("down", "down")
        listing = app.screen.query_one(BriefingList)
        assert listing.has_focus and listing.cursor == 1
        await pilot.press("up")
        assert listing.has_focus and listing.cursor == 0
        await pilot.press("up")
        await settle(app, pilot)
        assert box.has_focus
        await pilot.press(*"oil")
        await settle(app, pilot)
        assert box.value == "oil" and _titles(app) == ["Oil prices climb after OPEC cut"]
        # Down and back up again: what is typed next goes after the query (it was
        # selected whole, and the next key replaced it: the verifying walk).
        await pilot.press("down", "up")
        await settle(app, pilot)
        assert box.has_focus
        await pilot.press(*" prices")
        await settle(app, pilot)
        assert box.value == "oil prices"


async def test_the_order_steps_aside_rather_than_being_cut(make_app) -> None:
    """A long count (a build's progress at 120 columns) cut the order beside it to
    "sorted by relevance (newest when empty) ·" (a newcomer walk on 2,225 BBC
    articles): the order is shown whole or not at all, and the count always whole."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert "sorted by relevance (newest when empty) · ctrl+s" in screen_text(app)
        screen._building = (500, 2225, True)  # type: ignore[attr-defined]
        screen._show_count(500, False)  # type: ignore[attr-defined]
        await pilot.pause()
        shown = screen_text(app)
        assert "finishing the index — 500 of 2,225 searchable" in shown
        assert "ctrl+s" in shown or "sorted by" not in shown, shown
        screen._building = None  # type: ignore[attr-defined]
        screen._show_count(3, False)  # type: ignore[attr-defined]
        await pilot.pause()
        assert "sorted by relevance (newest when empty) · ctrl+s" in screen_text(app)
