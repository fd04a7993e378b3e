"""TUI defects noted by an earlier walk and fixed in session 20, each test failing
without its fix: at 80x24 and 120x40, short and long briefings, keys typed at speed."""

from __future__ import annotations

import pytest
from confirm_support import answer_yes

from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.dialogs.confirm import ConfirmScreen
from briefing_tui.tui.widgets.footer import AppFooter

from .conftest import settle

SIZES = [(80, 24), (120, 40)]
SIZE_IDS = ["80x24", "120x40"]


def _footer_of(app: BriefingApp) -> list[tuple[str, str]]:
    """The keys the footer under the top screen draws, as (key, description)."""
    screen = app.screen_stack[-2] if app.screen.is_modal else app.screen
    footer = screen.query_one(AppFooter)
    return [(p.shown.display, p.shown.description) for p in footer.placed() if not p.palette]


def _read(app: BriefingApp, doc_id: str) -> bool:
    assert app.workspace is not None
    return app.workspace.stream.states([doc_id])[doc_id].read


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_the_confirmations_footer_says_which_key_says_yes(make_app, size) -> None:  # type: ignore[no-untyped-def]
    """``M`` in the list asks "Mark 3 briefings read?": the footer said only "esc No
    f1 Help", so a newcomer could not see from it how to say yes."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("down")
        await settle(app, pilot)
        await pilot.press("M")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        shown = _footer_of(app)
        assert ("y", "Yes") in shown, shown
        assert ("n", "No") in shown, shown
        await answer_yes(pilot)
        await settle(app, pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        assert all(_read(app, doc_id) for doc_id in ("oil", "sanctions", "election"))
