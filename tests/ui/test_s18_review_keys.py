"""The review (f3): ``a`` (accept the passage found now) is greyed on a claim that has
none to accept, an orphaned one; it stayed a live key in the footer and only said
"Only a fuzzy claim has a candidate to accept" when pressed. It follows the highlight."""

from __future__ import annotations

from textual.widgets import OptionList

from briefing_tui.tui.screens.review import ReviewScreen

from .conftest import settle
from .test_claims_ui import _seed_claims


async def test_accept_is_greyed_on_an_orphaned_claim_and_live_on_a_fuzzy_one(
    make_app, library, tmp_path
) -> None:
    _seed_claims(library, tmp_path / "data")  # one claim left fuzzy, one orphaned
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("tab")
        await pilot.pause()
        options = screen.query_one("#claims-list", OptionList)
        seen = {}
        for at in range(len(screen.shown)):
            options.highlighted = at
            await pilot.pause()
            seen[screen.shown[at].anchor] = screen.active_bindings["a"].enabled
        assert seen == {"fuzzy": True, "orphaned": False}
        # A greyed key does nothing: the orphaned claim is still there, no warning said.
        await pilot.press("a")
        await settle(app, pilot)
        assert sorted(c.anchor for c in screen.claims) == ["fuzzy", "orphaned"]
        assert not [n for n in app._notifications if "candidate" in n.message]
