"""Every screen's footer at 80 columns: its keys whole, F1 Help among them.

At 80 columns the app's own keys (quit, the screens' F-keys) pushed the
reader's keys and Help off the edge, and the last key shown was cut mid-word
("u Rea▏"). The help (F1) and the palette still list every key.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from briefing_tui.tui.screens.help import HelpScreen
from briefing_tui.tui.widgets.footer import PALETTE_EDGE, AppFooter, PlacedKey

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


def _shown_keys(footer: AppFooter) -> tuple[list[PlacedKey], PlacedKey]:
    placed = footer.placed()
    palette = next(key for key in placed if key.palette)
    return [key for key in placed if not key.palette], palette


def _footer_line(app) -> str:  # type: ignore[no-untyped-def]
    """The screen's last row as painted."""
    update = app.screen._compositor.render_full_update()
    return "".join(segment.text for segment in update.strips[-1])


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
        descriptions = [key.shown.description for key in keys]
        assert "Help" in descriptions, descriptions
        assert "Quit" not in descriptions  # in the help and the palette, not here
        cut = [key.shown.description for key in keys if key.right > palette.x]
        assert not cut, f"cut at the footer's edge: {cut}"
        line = _footer_line(app)
        assert all(f"{key.shown.display} {key.shown.description}" in line for key in keys), line


async def test_at_120_columns_the_apps_keys_come_back(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.resize_terminal(120, 40)
        await settle(app, pilot)
        keys, palette = _shown_keys(app.screen.query_one(AppFooter))
        descriptions = [key.shown.description for key in keys]
        assert "Quit" in descriptions and "Help" in descriptions
        assert all(key.right <= palette.x for key in keys)


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
        assert description not in [key.shown.description for key in _shown_keys(footer)[0]]
        app.screen.focus_next()
        await settle(app, pilot)
        assert not box.has_focus
        assert description in [key.shown.description for key in _shown_keys(footer)[0]]
        await pilot.press("slash")
        await settle(app, pilot)
        assert box.has_focus and box.value == ""


@pytest.mark.parametrize("size", [(120, 40), (100, 30)])
async def test_back_from_the_reader_no_key_is_painted_cut(make_app, size) -> None:
    """At 120 columns, back from the reader, the library's footer read "f5 Timeline
    f6 Ov▏^p palette": which keys fitted was checked a refresh after the keys were
    made, on keys not yet laid out. Every key painted left of the palette is whole."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        for key in ("enter", "slash", "escape", "escape"):
            await pilot.press(key)
            await settle(app, pilot)
        await pilot.pause(0.2)
        await settle(app, pilot)
        line = _footer_line(app)
        left = line.split(PALETTE_EDGE)[0]
        offered = {
            binding.key_display or app.get_key_display(binding): binding.description
            for _, binding, _, _ in app.screen.active_bindings.values()
            if binding.show
        }
        started = [
            f"{shown} {description}"
            for shown, description in offered.items()
            if f" {shown} {description[:1]}" in f" {left}"
        ]
        assert started and all(whole in left for whole in started), line


async def test_a_click_on_a_key_runs_it_as_its_key_does(make_app) -> None:
    """As on Textual's footer: a key clicked is a key pressed (F1 opens the help;
    a click on a group's name, or between keys, runs nothing)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        footer = app.screen.query_one(AppFooter)
        keys, _ = _shown_keys(footer)
        help_key = next(key for key in keys if key.shown.description == "Help")
        gap = keys[0].right  # the space after the first key
        await pilot.click(AppFooter, offset=(gap, 0))
        await settle(app, pilot)
        assert app.screen is footer.screen
        await pilot.click(AppFooter, offset=(help_key.x + 1, 0))
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_the_key_under_the_mouse_is_highlighted_and_gives_its_tooltip(make_app) -> None:
    """As Textual's footer keys did: hovered, a key takes the hover background and its
    binding's tooltip shows; moved off the footer, both go."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        footer = app.screen.query_one(AppFooter)
        keys, _ = _shown_keys(footer)
        save = next(key for key in keys if key.shown.description == "Save search")
        await pilot.hover(AppFooter, offset=(save.x + 1, 0))
        await pilot.pause()
        assert footer.tooltip == "Save the query in the search box under a name (listed with w)"
        hover = (
            footer.background_colors[1]
            + footer.get_component_styles("app-footer--hover").background
        )  # a tint of the footer's background, not solid white
        line = footer.render_line(0)
        cell = next(seg for seg in line if seg.text.strip() and save.shown.display in seg.text)
        assert cell.style is not None and cell.style.bgcolor is not None
        assert cell.style.bgcolor.triplet is not None
        assert cell.style.bgcolor.triplet.hex.lower() == hover.hex.lower()
        await pilot.hover("#library-body")
        await pilot.pause()
        assert footer.tooltip is None
