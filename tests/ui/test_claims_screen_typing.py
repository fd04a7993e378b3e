"""The claims screen as the user types: its list stays where it is on the screen and is
redrawn only when what it lists changes."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from briefing_tui.tui.screens.claims import ClaimsScreen
from briefing_tui.tui.widgets.footer import AppFooter

from .conftest import settle
from .test_claims_screen_query import _seed


async def test_a_long_list_scrolls_in_its_place_and_the_footer_stays(
    make_app, library, tmp_path
) -> None:
    """More claims than the screen has lines: the list scrolls inside itself, above the
    footer; the screen itself never scrolls (sized to its options, the list pushed the
    screen into scrolling, its scrollbar coming and going as the list changed)."""
    _seed(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(80, 14)) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ClaimsScreen) and len(screen.shown) == 4
        options = screen.query_one(OptionList)
        assert options.virtual_size.height > options.size.height  # more than fits
        assert options.region.bottom <= screen.query_one(AppFooter).region.y
        assert screen.max_scroll_y == 0 and not screen.show_vertical_scrollbar


async def test_a_keystroke_that_selects_the_same_claims_leaves_the_list_alone(
    make_app, library, tmp_path
) -> None:
    """``status:key`` → ``status:key tag:ceasefire``: the same claim all along, listed as
    it was (the rows are not made and drawn again); a keystroke that changes what is
    selected lists it."""
    _seed(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ClaimsScreen)
        options = screen.query_one(OptionList)
        await pilot.press(*"status:key")
        await settle(app, pilot)
        [row] = [options.get_option_at_index(i) for i in range(options.option_count)]
        before = len(screen.latencies)
        await pilot.press("space")
        await settle(app, pilot)
        assert options.option_count == 1 and options.get_option_at_index(0) is row
        assert len(screen.latencies) > before  # the keystroke still measured
        box = screen.query_one("#claims-filter", Input)
        box.value = "status:key tag:ceasefire"  # pasted
        await settle(app, pilot)
        assert [c.quote for c in screen.shown] == ["The ceasefire held overnight."]
        assert options.option_count == 1 and options.get_option_at_index(0) is row
        box.value = "status:open"
        await settle(app, pilot)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(2)]
        assert options.option_count == 2 and options.get_option_at_index(0) is not row
        assert "Observers were cautious." in prompts[0] + prompts[1]
