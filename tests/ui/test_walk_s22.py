"""Defects a newcomer walk finds, fixed in session 22, each test failing without its fix."""

from __future__ import annotations

from textual.widgets._toast import Toast

from briefing_tui.tui.screens.help import HelpScreen

from .conftest import settle
from .test_library_newcomer import screen_text


async def test_help_opens_over_no_notice(make_app) -> None:  # type: ignore[no-untyped-def]
    """At 80x24 the start-up sync's notice covered a third of the help's text."""
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        app.notify("Library synced: 3 indexed, 0 removed, 0 skipped", title="Sync")
        await pilot.pause(0.2)
        assert list(app.screen.query(Toast))
        await pilot.press("f1")
        await pilot.pause(0.2)
        assert isinstance(app.screen, HelpScreen)
        assert not list(app.screen.query(Toast))
        assert "Library synced" not in screen_text(app)
        assert "Keys on this screen" in screen_text(app)
