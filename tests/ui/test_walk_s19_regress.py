"""Regressions looked for after session 19's day of changes: the main flows
walked as a user would, at 80x24 and 120x40, keys typed at speed.

Each test fails without its fix.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea

from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.widgets.find_bar import FindBar

from .conftest import open_top_briefing, settle


def _type_at_speed(app: BriefingApp, *keys: str) -> None:
    """Keys queued together, as a terminal sends what was typed in one read."""
    for key in keys:
        character = key if len(key) == 1 else None
        app.post_message(events.Key(key, character))


async def test_find_then_a_word_typed_at_speed_goes_into_the_find_bar(make_app) -> None:  # type: ignore[no-untyped-def]
    """``f`` then ``sum`` typed at once in the reader (tmux send-keys f sum): the
    bar opened empty and the letters ran the reader's keys (``u`` marked the
    briefing unread, ``s``/``m`` whatever they are bound to)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_top_briefing(app, pilot)
        _type_at_speed(app, "f", "s", "u", "m")
        await settle(app, pilot)
        await pilot.pause(0.1)
        assert app.screen is screen
        box = screen.query_one(FindBar).query_one(Input)
        assert box.has_focus
        assert box.value == "sum"


async def test_a_note_tab_and_tags_typed_at_speed_fill_both_fields(make_app) -> None:  # type: ignore[no-untyped-def]
    """In the claim dialog, a note, ``tab``, then tags typed at once: the tags went
    into the note ("China loanrussia") and the tags field stayed empty."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_top_briefing(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.pause(0.1)
        note = app.screen.query_one("#claim-note", TextArea)
        assert note.has_focus
        _type_at_speed(app, *"loan", "tab", *"oil")
        await settle(app, pilot)
        await pilot.pause(0.3)
        assert note.text == "loan"
        tags = app.screen.focused
        assert isinstance(tags, Input) and tags.value == "oil"


async def test_escape_then_slash_at_speed_in_the_find_bar_searches_the_library(make_app) -> None:  # type: ignore[no-untyped-def]
    """``escape`` then ``/`` typed at once in the find bar (or 50 ms apart, joined by
    the terminal driver): the bar closed, the ``/`` was typed into the hidden box
    ("oil/", no matches when f opened it again) and the reader stayed."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_top_briefing(app, pilot)
        await pilot.press("f", *"oil")
        await settle(app, pilot)
        box = screen.query_one(FindBar).query_one(Input)
        assert box.has_focus and box.value == "oil"
        _type_at_speed(app, "escape")
        app.post_message(events.Key("slash", "/"))
        await settle(app, pilot)
        await pilot.pause(0.3)
        assert box.value == "oil"
        assert app.screen is app.library


async def test_tags_then_ctrl_s_typed_at_speed_are_saved_whole(make_app) -> None:  # type: ignore[no-untyped-def]
    """In the claim dialog, tags then ``ctrl+s`` typed at once (tmux: ``'cars gm'
    C-s``): ctrl+s saved before the field had taken the letters; the claim was
    saved with no tags."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_top_briefing(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.pause(0.1)
        dialog = app.screen
        _type_at_speed(app, *"loan", "tab")
        await settle(app, pilot)
        await pilot.pause(0.3)
        _type_at_speed(app, *"oil", "ctrl+s")
        await settle(app, pilot)
        await pilot.pause(0.3)
        assert app.screen is not dialog
        workspace = app.workspace
        assert workspace is not None
        claims = workspace.claims.all()
        assert [(claim.note, list(claim.tags)) for claim in claims] == [("loan", ["oil"])]
