"""The reader while its library folder changes under it (git, editors, sync
tools), as a walk over a library that is a git repository found it broken."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Label

from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.screens.reader.screen import ReaderScreen

from .conftest import settle

DEADLINE_S = 10.0


@pytest.fixture
def slow_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never marked read by time during a test."""
    monkeypatch.setattr(ReaderScreen, "READ_AFTER_S", 1000.0)


async def _until(pilot, condition: Callable[[], bool], what: str) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > DEADLINE_S:
            raise AssertionError(f"not within {DEADLINE_S} s: {what}")
        await pilot.pause(0.05)


def _line(screen: ReaderScreen) -> str:
    found = screen.query("#on-disk")
    return found.first(Label).content.plain if found else ""


def _said(app: BriefingApp) -> list[str]:
    return [notification.message for notification in app._notifications]


async def _oil_open(app: BriefingApp, pilot) -> ReaderScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("escape", *"opec")
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


def _edit_oil(library: Path) -> None:
    path = library / "oil.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Analysts expect", "Economists expect"), encoding="utf-8")


async def test_r_after_the_changed_file_was_deleted_keeps_the_reader(
    make_app, library, slow_read
) -> None:
    """Edited (``r`` offered), then deleted (the line says it is gone): ``r`` read
    nothing, closed the reader under the user ("Cannot open oil.md: … No such file")
    and said "Reloaded" as well."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _oil_open(app, pilot)
        await _until(pilot, lambda: app.watcher is not None, "the watch started")
        _edit_oil(library)
        await _until(pilot, lambda: "r reloads" in _line(screen), "the reload offered")
        (library / "oil.md").unlink()
        await _until(pilot, lambda: "no longer" in _line(screen), "the file said gone")
        await pilot.press("r")
        await settle(app, pilot)
        assert app.screen is screen
        assert "Analysts expect" in screen.plain
        said = _said(app)
        assert any("Nothing to reload" in message for message in said), said
        assert not any(message.startswith(("Cannot open", "Reloaded")) for message in said)


async def test_r_on_a_file_renamed_since_the_offer_keeps_the_reader_then_reloads(
    make_app, library, slow_read
) -> None:
    """``r`` pressed after the file was renamed, before a sync saw it (git, a sync
    tool): the reader emptied and closed. It stays, says why, and ``r`` reloads
    once the next sync has found the file at its new name."""
    app = make_app()
    app.follow_folder = False  # the rename is not synced until asked
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _oil_open(app, pilot)
        _edit_oil(library)
        app.start_sync()
        await settle(app, pilot)
        assert "r reloads" in _line(screen)
        (library / "oil.md").rename(library / "oil-renamed.md")
        await pilot.press("r")
        await settle(app, pilot)
        assert app.screen is screen
        assert "Analysts expect" in screen.plain
        assert "r reloads" in _line(screen)
        assert any(message.startswith("Could not reload") for message in _said(app))
        app.start_sync()
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        assert app.screen is screen
        assert "Economists expect" in screen.plain
        assert not screen.query("#on-disk")


def _annotate(library: Path, quote: str) -> None:
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace

    with Workspace(resolve_paths(str(library), str(library.parent / "data"))) as ws:
        ws.sync()
        ws.annotate(ws.resolve("oil"), quote)


async def test_a_claimed_file_deleted_is_not_said_to_be_an_edit(make_app, library) -> None:
    """A claimed briefing's file deleted (``git checkout`` of a branch without it):
    "1 claim now needs review: an edit moved or removed the passage", though
    nothing was edited and the file coming back places the claim again."""
    _annotate(library, "Analysts expect prices to stay high.")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await _until(pilot, lambda: app.watcher is not None, "the watch started")
        (library / "oil.md").unlink()

        def review() -> list[str]:
            return [m for m in _said(app) if "needs review" in m]

        await _until(pilot, lambda: bool(review()), "the claim said to review")
        assert review() == [
            "1 claim now needs review: its briefing's file left the library "
            "(placed again if the file comes back). f3 shows them."
        ]


def test_the_review_line_says_each_reason_with_its_count() -> None:
    from briefing_tui.tui.sync import review_said

    assert review_said(1, 0) == (
        "1 claim now needs review: an edit moved or removed the passage. f3 shows them."
    )
    assert review_said(3, 1) == (
        "3 claims now need review: 1 whose briefing's file left the library, "
        "2 whose passage an edit moved or removed. f3 shows them."
    )
    assert "their briefings' files left the library" in review_said(2, 2)
