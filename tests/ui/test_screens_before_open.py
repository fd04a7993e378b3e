"""A screen opened before the library has (a key in the app's first second)
fills in once the library opens, instead of staying on "Counting…".

The newcomer walk pressed f4, f5 and f6 0.4 s after start: each screen read
nothing (no workspace yet) and stayed empty for a minute, until closed and
opened again. Here the library's opening is held until the screen is up.
"""

from __future__ import annotations

import threading

import pytest
from textual.widgets import Label

from briefing_tui.core.workspace import Workspace
from briefing_tui.tui import sync as tui_sync

from .conftest import settle


@pytest.fixture
def opening_held(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The app's workspace opens only once the returned event is set."""
    go_on = threading.Event()

    class HeldWorkspace(Workspace):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            assert go_on.wait(timeout=30), "the test never let the library open"
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(tui_sync, "Workspace", HeldWorkspace)
    return go_on


@pytest.mark.parametrize(
    ("key", "line", "before", "after"),
    [
        ("f4", "#tag-count", "", "4 tags"),
        ("f5", "#timeline-count", "Placing the claims…", "No claims"),
        ("f6", "#overview-head", "Counting…", "3 briefings · 0 claims"),
    ],
)
async def test_a_screen_opened_before_the_library_fills_in_when_it_opens(
    make_app, opening_held: threading.Event, key: str, line: str, before: str, after: str
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.workspace is None
        await pilot.press(key)
        await pilot.pause()
        screen = app.screen
        assert str(screen.query_one(line, Label).render()) == before
        opening_held.set()
        await settle(app, pilot)
        assert app.screen is screen
        assert after in str(screen.query_one(line, Label).render())
