"""What a newcomer's keyboard-only walk between the screens found, at 80x24: f1 typed
right after the enter that opened a briefing ended the app; the review's help (f3)
left out the keys it inherits from the claims screen; f1 did nothing in a dialog; a
screen chosen in the palette over the help opened over it (escape: the help again);
the palette's Export claims on the claims screen ignored the filter shown."""

from __future__ import annotations

from textual.widgets import Input

from briefing_tui.tui.dialogs.export import ExportDialog
from briefing_tui.tui.dialogs.tags import TagEditorScreen
from briefing_tui.tui.screens.claims import ClaimsScreen
from briefing_tui.tui.screens.help import HelpScreen
from briefing_tui.tui.screens.library import LibraryScreen
from briefing_tui.tui.screens.reader.screen import ReaderScreen
from briefing_tui.tui.screens.review import ReviewScreen

from .conftest import settle


def _stack(app) -> list[type]:  # type: ignore[no-untyped-def]
    return [type(screen) for screen in app.screen_stack[1:]]


async def test_f1_before_the_briefing_opened_has_mounted_shows_the_help(make_app) -> None:
    """`enter` then `f1` in one read of the terminal: the help asked the reader, not
    mounted yet, for its legend (NoMatches '#document') and the app ended."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        record = next(iter(app.library.records.values()))
        app.open_briefing(record)
        app.action_help()  # before the reader has composed its widgets
        await settle(app, pilot)
        assert app.is_running
        assert _stack(app) == [LibraryScreen, ReaderScreen, HelpScreen]
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)


async def test_the_review_help_lists_the_keys_it_shares_with_the_claims_screen(
    make_app,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen._text
        for row in (
            "| `esc`, `q` | Back |",
            "| `/` | Filter |",
            "| `e` | Edit |",
            "| `d`, `del` | Delete |",
            "| `r` | Re-attach |",
            "| `f1`, `?` | Help |",
        ):
            assert row in text, row
        assert text.count("| `^s` | Sort |") == 1


async def test_f1_in_a_dialog_shows_its_keys_and_f1_again_goes_back_to_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "t")
        await settle(app, pilot)
        assert isinstance(app.screen, TagEditorScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen._text
        assert "| `esc` | Cancel |" in text and "| `^q` | Quit |" in text
        assert "| `f2` | Claims |" not in text  # not a key over a dialog
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, TagEditorScreen)
        await pilot.press(*"urgent")
        await pilot.pause()
        assert app.screen.query_one(Input).value == "urgent"


async def test_a_screen_chosen_in_the_palette_over_the_help_closes_the_help(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        app.action_claims()  # ctrl+p, Claims
        await settle(app, pilot)
        assert _stack(app) == [LibraryScreen, ClaimsScreen]
        await pilot.press("f1")
        await pilot.pause()
        app.open_briefing(next(iter(app.library.records.values())))  # ctrl+p, a title
        await settle(app, pilot)
        assert _stack(app) == [LibraryScreen, ClaimsScreen, ReaderScreen]
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ClaimsScreen)


async def test_the_palettes_export_on_the_claims_screen_exports_what_it_shows(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        await pilot.press(*"status:key")
        await settle(app, pilot)
        screen = app.screen
        command = next(c for c in app.get_system_commands(screen) if c.title == "Export claims")
        command.callback()
        await settle(app, pilot)
        assert isinstance(app.screen, ExportDialog)
        assert app.screen._query == "status:key"


async def test_tab_goes_round_the_claims_screen_filter_and_list(make_app) -> None:
    """f2, tab, tab: the second tab stayed on the list (tab was bound to "to the
    list"), so only shift+tab went back to the filter; the library's tab goes round."""
    from textual.widgets import OptionList

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        assert isinstance(app.screen, ClaimsScreen)
        assert isinstance(app.focused, Input)
        await pilot.press("tab")
        assert isinstance(app.focused, OptionList)
        await pilot.press("tab")
        assert isinstance(app.focused, Input)


async def test_the_palette_leaves_out_textuals_key_panel_and_screenshot(make_app) -> None:
    """ "Keys" showed Textual's panel beside f1's help (j and k undescribed, cut at 80
    columns); "Screenshot" failed where there is no Downloads folder; "Maximize" filled
    the screen with the search box (the focused widget), the list and footer gone."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert not titles & {"Keys", "Screenshot", "Maximize"}
        assert {"Theme", "Quit", "Claims", "Export claims"} <= titles
