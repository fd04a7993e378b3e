"""Every screen's footer at 80 columns: its keys whole, F1 Help among them.

At 80 columns the app's own keys (quit, the screens' F-keys) pushed the
reader's keys and Help off the edge, and the last key shown was cut mid-word
("u Rea▏"). The help (F1) and the palette still list every key.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from briefing_tui.tui.widgets.footer import AppFooter

from .conftest import settle

#: Keys pressed from the library to reach each screen.
SCREENS = {
    "library": (),
    "reader": ("tab", "down", "enter"),
    "claims": ("f2",),
    "timeline": ("f5",),
    "overview": ("f6",),
    "tag manager": ("f4",),
}


def _shown_keys(footer: AppFooter) -> tuple[list[FooterKey], FooterKey]:
    keys = [key for key in footer.query(FooterKey) if key.display]
    palette = next(key for key in keys if key.has_class("-command-palette"))
    return [key for key in keys if key is not palette], palette


@pytest.mark.parametrize("screen", list(SCREENS))
async def test_at_80_columns_every_key_shown_is_whole_and_help_is_one(make_app, screen) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for key in SCREENS[screen]:
            await pilot.press(key)
            await settle(app, pilot)
        footer = app.screen.query_one(AppFooter)
        keys, palette = _shown_keys(footer)
        descriptions = [key.description for key in keys]
        assert "Help" in descriptions, descriptions
        assert "Quit" not in descriptions  # in the help and the palette, not here
        cut = [key.description for key in keys if key.region.right > palette.region.x]
        assert not cut, f"cut at the footer's edge: {cut}"


async def test_at_120_columns_the_apps_keys_come_back(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.resize_terminal(120, 40)
        await settle(app, pilot)
        keys, palette = _shown_keys(app.screen.query_one(AppFooter))
        descriptions = [key.description for key in keys]
        assert "Quit" in descriptions and "Help" in descriptions
        assert all(key.region.right <= palette.region.x for key in keys)


@pytest.mark.parametrize(
    ("screen", "description"),
    [("library", "Search"), ("claims", "Filter"), ("timeline", "Query")],
)
async def test_slash_is_offered_only_where_it_moves_to_the_box(
    make_app, screen, description
) -> None:
    """In the box, ``/`` types a slash (``/status:false``, then "No claims match"), so the
    footer offers it only while the focus is elsewhere."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for key in SCREENS[screen]:
            await pilot.press(key)
            await settle(app, pilot)
        footer = app.screen.query_one(AppFooter)
        box = app.screen.query_one(Input)
        box.focus()
        await settle(app, pilot)
        assert description not in [key.description for key in _shown_keys(footer)[0]]
        app.screen.focus_next()
        await settle(app, pilot)
        assert not box.has_focus
        assert description in [key.description for key in _shown_keys(footer)[0]]
        await pilot.press("slash")
        await settle(app, pilot)
        assert box.has_focus and box.value == ""


async def test_keys_rebuilt_before_they_are_placed_are_left_out_once_placed(make_app) -> None:
    """At 120 columns the reader's footer showed "y Copy quo▏^p palette": the check for
    keys that do not fit ran on keys just mounted, not yet laid out (0 wide), and
    left none out."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        footer = app.screen.query_one(AppFooter)
        with footer._context():  # as the footer's own rebuild runs it
            await footer.recompose()  # new keys, not laid out yet
            footer._leave_out_cut_keys()
        await settle(app, pilot)
        keys, palette = _shown_keys(footer)
        cut = [key.description for key in keys if key.region.right > palette.region.x]
        assert not cut, f"cut at the footer's edge: {cut}"
