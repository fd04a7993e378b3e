"""A library's first build, committed in stages: listed and searched as it goes.

The build is held after its first stage (``FIRST_STAGE`` of 300 briefings) by wrapping
the stage's commit, so the pilot sees the app mid-build without timing it.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Input, Label

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.search.staged import FIRST_STAGE, StagedWriter
from briefing_tui.core.sync import SyncStopped
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.screens.library_status import indexing_text
from briefing_tui.tui.widgets.briefing_list import BriefingList

from .conftest import settle, write_library

COUNT = 300


def _library(root: Path) -> Path:
    return write_library(
        root,
        {
            f"doc{n:04d}.md": f"---\nid: doc{n:04d}\ntitle: Briefing {n}\n"
            f"date: 2024-01-{1 + n % 28:02d}\n---\n\nzebra{n % 7} harbour {n}.\n"
            for n in range(COUNT)
        },
    )


class HeldStage:
    """Holds the build after its first stage's commit until released."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reached = threading.Event()
        self.release = threading.Event()
        real = StagedWriter.commit_stage

        def held(writer: StagedWriter) -> None:
            real(writer)
            self.reached.set()
            self.release.wait(timeout=60)

        monkeypatch.setattr(StagedWriter, "commit_stage", held)


def _count_line(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#count", Label).render())


def _titles(app) -> set[str]:  # type: ignore[no-untyped-def]
    return {row.title for row in app.screen.query_one(BriefingList).rows}


async def _until(pilot, condition) -> None:  # type: ignore[no-untyped-def]
    # Up to a minute: on two cores busy with the whole suite a build thread's first
    # steps once took longer than the 20 s this waited (a wait, not a speed check).
    for _ in range(1200):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"the app never got there: {_count_line(pilot.app)!r}")


async def test_a_search_during_the_first_build_answers_over_what_is_indexed_and_says_so(
    make_app, tmp_path, monkeypatch
) -> None:
    hold = HeldStage(monkeypatch)
    app = make_app(_library(tmp_path / "big"))
    async with app.run_test(size=(120, 40)) as pilot:
        try:
            await _until(pilot, hold.reached.is_set)
            await _until(pilot, lambda: "searchable" in _count_line(app))
            app.screen.query_one("#search", Input).value = "zebra3"
            first_stage = {f"Briefing {n}" for n in range(FIRST_STAGE) if n % 7 == 3}
            await _until(pilot, lambda: _titles(app) == first_stage)
            percent = 100 * FIRST_STAGE // COUNT
            assert _count_line(app) == (
                f"{len(first_stage)} of {FIRST_STAGE} briefings · indexing {percent}% — "
                f"{FIRST_STAGE} of {COUNT} searchable"
            )
        finally:
            hold.release.set()
        await settle(app, pilot)
        everything = {f"Briefing {n}" for n in range(COUNT) if n % 7 == 3}
        await _until(pilot, lambda: _titles(app) == everything)
        assert "searchable" not in _count_line(app)
        assert _count_line(app).startswith(f"{len(everything)} of 300 briefings")


async def test_quitting_during_the_first_build_stops_it_and_the_next_start_builds_it_whole(
    make_app, tmp_path, monkeypatch
) -> None:
    hold = HeldStage(monkeypatch)
    ended: list[object] = []
    real_sync = Workspace.sync

    def recorded(self, **options):  # type: ignore[no-untyped-def]
        try:
            ended.append(real_sync(self, **options))
        except BaseException as error:
            ended.append(error)
            raise

    monkeypatch.setattr(Workspace, "sync", recorded)
    library = _library(tmp_path / "big")
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await _until(pilot, hold.reached.is_set)
        await pilot.press("ctrl+q")
        hold.release.set()
    for _ in range(200):  # the sync's thread goes on until it sees it should stop
        if ended:
            break
        threading.Event().wait(0.05)
    assert ended and isinstance(ended[0], SyncStopped)
    monkeypatch.undo()

    paths = resolve_paths(str(library), str(tmp_path / "data"))
    with Workspace(paths) as again:  # the next start: the build is done whole, once
        assert len(again.store.list_documents()) < COUNT  # the stopped build's part
        found = again.search("zebra3", limit=0).ids
        assert sorted(found) == [f"doc{n:04d}" for n in range(COUNT) if n % 7 == 3]
        assert len(again.store.list_documents()) == COUNT


async def test_a_query_typed_before_the_build_began_is_answered_once_it_begins(
    make_app, tmp_path, monkeypatch
) -> None:
    import briefing_tui.core.sync as sync_module

    reading = threading.Event()
    release = threading.Event()
    real_read = sync_module.read_briefing

    def held_read(*args, **kwargs):  # type: ignore[no-untyped-def]
        reading.set()  # the build began: its first file (nothing committed yet)
        release.wait(timeout=60)
        return real_read(*args, **kwargs)

    monkeypatch.setattr(sync_module, "read_briefing", held_read)
    app = make_app(_library(tmp_path / "big"))
    async with app.run_test(size=(120, 40)) as pilot:
        try:
            app.screen.query_one("#search", Input).value = "zebra3"
            await _until(pilot, reading.is_set)
            error = app.screen.query_one("#query-error", Label)
            await _until(pilot, lambda: "searchable" in _count_line(app) and not error.display)
            assert _count_line(app) == "indexing 0% — 0 of 300 searchable"
        finally:
            release.set()
        await settle(app, pilot)


def test_once_every_file_is_read_the_count_line_says_the_index_is_being_finished() -> None:
    """The work bar said 100% while the count line still said "indexing 40%" for the
    seconds the last stage took to be written (a newcomer walk, 1,231 briefings)."""
    assert indexing_text((500, 1231, False)) == "indexing 40% — 500 of 1,231 searchable"
    assert indexing_text((500, 1231, True)) == "finishing the index — 500 of 1,231 searchable"
    assert indexing_text((1231, 1231, True)) == "indexing 100% — 1,231 of 1,231 searchable"
