"""Keys nobody thought of (s19): pressed at speed, on empty lists, in every
screen and dialog, at 80x24, 120x40 and 40x15."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, Label

from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.screens.help import HelpScreen
from briefing_tui.tui.screens.messages import MessagesScreen
from briefing_tui.tui.screens.tag_manager import TagManagerScreen
from briefing_tui.tui.widgets.briefing_list import BriefingList
from briefing_tui.tui.widgets.footer import AppFooter

from .conftest import settle


def _list(app: BriefingApp) -> BriefingList:
    return app.library.query_one(BriefingList)


def _type_at_speed(app: BriefingApp, *keys: str) -> None:
    """Keys queued together, as a terminal sends what was typed in one read."""
    for key in keys:
        character = key if len(key) == 1 else None
        app.post_message(events.Key(key, character))


async def test_escape_then_a_query_typed_at_speed_goes_into_the_box(make_app) -> None:  # type: ignore[no-untyped-def]
    """In the list, ``escape`` then ``tax`` typed at once: escape went back to the
    box, but the letters already on their way to the list ran the list's keys
    (``t`` the tag editor, ``a`` the Add dialog, which took the ``x``)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down")
        await settle(app, pilot)
        assert _list(app).has_focus
        _type_at_speed(app, "escape", "o", "i", "l")
        await settle(app, pilot)
        assert app.screen is app.library, app.screen
        box = app.library.query_one("#search", Input)
        assert box.has_focus
        assert box.value == "oil"


async def test_a_key_typed_at_speed_after_down_is_the_lists(make_app) -> None:  # type: ignore[no-untyped-def]
    """``down`` then ``u`` typed at once in the box: ``down`` went into the list and
    the ``u`` was typed into the search box (the query became "u"), not marking
    the highlighted briefing read."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        top = _list(app).rows[0].id
        _type_at_speed(app, "down", "u")
        await settle(app, pilot)
        box = app.library.query_one("#search", Input)
        assert box.value == ""
        assert _list(app).has_focus
        marks = app.library._marks
        assert marks is not None and top in marks.read


async def test_up_on_the_first_row_then_typing_at_speed_types_in_the_box(make_app) -> None:  # type: ignore[no-untyped-def]
    """``up`` on the list's first row goes back to the box: the letters typed right
    after it were the list's (``t`` opened the tag editor)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down")
        await settle(app, pilot)
        _type_at_speed(app, "up", "t", "a", "x")
        await settle(app, pilot)
        assert app.screen is app.library, app.screen
        box = app.library.query_one("#search", Input)
        assert box.has_focus
        assert box.value == "tax"


async def test_help_from_the_search_box_lists_its_enter_down_and_tab(make_app) -> None:  # type: ignore[no-untyped-def]
    """F1 with the search box focused (as the app starts) listed neither how to open
    the top result (enter) nor how to get into the list (down, tab)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        at_work = app.screen._keys.partition("## Not at work here now")[0]
        rows = {line.split("|")[1].strip(): line for line in at_work.splitlines() if "|" in line}
        assert "Open the highlighted briefing" in rows["`⏎`"]
        assert "Into the list" in rows["`↓`, `tab`"]
        await pilot.press("escape")
        await pilot.press("tab")  # and the keys still do what they did
        assert _list(app).has_focus


def _footer_of(screen) -> list[tuple[str, str, bool]]:  # type: ignore[no-untyped-def]
    footer = screen.query_one(AppFooter)
    return [
        (placed.shown.display, placed.shown.description, placed.shown.enabled)
        for placed in footer.placed()
        if not placed.palette
    ]


async def test_under_a_dialog_the_footer_shows_the_dialogs_keys(make_app) -> None:  # type: ignore[no-untyped-def]
    """The tag manager's rename dialog: the footer under it still offered "r Rename /
    merge d Delete ? Help", keys the dialog's field types; ``?`` typed a question
    mark. It shows the dialog's escape and f1, and the screen's keys once it closes."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        manager = app.screen
        assert isinstance(manager, TagManagerScreen)
        await pilot.press("r")
        await settle(app, pilot)
        assert app.screen is not manager and app.screen.is_modal
        shown = _footer_of(manager)
        assert ("esc", "Cancel", True) in shown, shown
        assert ("f1", "Help", True) in shown, shown
        assert not any(description.startswith("Rename") for _, description, _ in shown), shown
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is manager
        shown = _footer_of(manager)
        assert any(description.startswith("Rename") for _, description, _ in shown), shown
        assert ("f1", "Help", True) in shown, shown


async def test_enter_is_greyed_on_an_empty_list_and_offered_again(make_app) -> None:  # type: ignore[no-untyped-def]
    """A search with no results, ``down`` into the empty list: the footer offered
    "⏎ Open", which opened nothing."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"zzzqqq")
        await settle(app, pilot)
        await pilot.press("down")
        await settle(app, pilot)
        assert _list(app).has_focus and not _list(app).rows
        assert ("⏎", "Open", False) in _footer_of(app.library)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("down")
        await settle(app, pilot)
        assert ("⏎", "Open", True) in _footer_of(app.library)


async def test_the_empty_saved_searches_panel_greys_its_keys(make_app) -> None:  # type: ignore[no-untyped-def]
    """``w`` with nothing saved: the footer offered "⏎ Run r Rename x Delete K J Move",
    none of which did anything."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "w")
        await settle(app, pilot)
        shown = {description: enabled for _, description, enabled in _footer_of(app.library)}
        assert shown["Run"] is False and shown["Rename"] is False, shown
        assert shown["Delete"] is False and shown["Move"] is False, shown
        assert shown["Close"] is True, shown


async def test_a_narrow_count_line_is_not_cut_mid_word(make_app) -> None:  # type: ignore[no-untyped-def]
    """At 40x15 over the BBC articles the count line read "2,225 of 2,225 briefings ·
    2,224 unr" (here, three briefings at 24 columns: "3 of 3 briefings · 3 un"): the
    reading counts that do not fit are left out whole, and come back when it widens."""
    app = make_app()
    async with app.run_test(size=(24, 15)) as pilot:
        await settle(app, pilot)
        text = str(app.library.query_one("#count", Label).render())
        assert text == "3 of 3 briefings", text
        assert all(part in ("3 of 3 briefings", "3 unread") for part in text.split(" · ")), text
        await pilot.resize_terminal(120, 40)
        await settle(app, pilot)
        text = str(app.library.query_one("#count", Label).render())
        assert text.startswith("3 of 3 briefings · 3 unread"), text


async def test_the_messages_help_offers_no_enter(make_app) -> None:  # type: ignore[no-untyped-def]
    """Messages (palette): F1 listed "⏎ Choose the highlighted one", and enter there
    did nothing; the arrows that scroll the notices stay listed."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.notify("Something to read", title="Test")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Messages", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MessagesScreen)
        await pilot.press("f1")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = app.screen._keys
        assert "Choose the highlighted one" not in keys, keys
        assert "| `↓` | Down |" in keys
