"""The reader's links followed from the keyboard (``L``), as a click follows them.

The walk over a library of CommonMark examples found no key for a link: only
a mouse could open a linked briefing or page.
"""

from __future__ import annotations

from textual.widgets import OptionList

from briefing_tui.core.briefings.links import links_in
from briefing_tui.tui.dialogs.confirm import ConfirmScreen
from briefing_tui.tui.dialogs.links import LinksDialog
from briefing_tui.tui.screens.reader.screen import ReaderScreen

from .conftest import BRIEFINGS, settle
from .test_reader_screen import _open


def test_the_links_are_those_the_reader_makes_in_reading_order() -> None:
    text = "See https://a.b/c, www.x.org, [x *y*](#h), <q@r.org> and [file](file:///etc/passwd)."
    assert [(link.text, link.href) for link in links_in(text)] == [
        ("https://a.b/c", "https://a.b/c"),
        ("www.x.org", "http://www.x.org"),
        ("x y", "#h"),
        ("q@r.org", "mailto:q@r.org"),
    ]  # (markdown-it makes no link of file:, shown as its source)
    oil = BRIEFINGS["oil.md"]
    assert [link.text for link in links_in(oil)] == ["sanctions note", "web", "escape"]


async def test_l_lists_the_links_and_enter_follows_one(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await _open(app, pilot, "opec")
        await pilot.press("L")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, LinksDialog)
        assert dialog.query_one(OptionList).option_count == 3
        await pilot.press("down")  # the web address: asked before the browser
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is reader
        await pilot.press("L", "enter")  # the first: another briefing of the library
        await settle(app, pilot)
        opened = app.screen
        assert isinstance(opened, ReaderScreen) and opened is not reader
        assert opened.record.id == "sanctions"
        await pilot.press("L")  # it has no link: said
        await settle(app, pilot)
        assert app.screen is opened
        assert any("no links" in str(n.message) for n in app._notifications)
