"""Defects found walking the daily stream in a real terminal: the list's reading
markers, counts and saved searches kept in step with the store."""

from __future__ import annotations

from pathlib import Path

from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.screens.library_bulk import BulkAction, confirm_detail
from briefing_tui.tui.widgets.saved_searches import SavedSearchesPanel

from .conftest import settle
from .test_library_stream import _count, _looks, slow  # noqa: F401  (a fixture)


def _workspace(app: BriefingApp):  # type: ignore[no-untyped-def]
    assert app.workspace is not None
    return app.workspace


async def test_a_reader_marking_the_text_it_showed_before_an_edit_keeps_the_changed_marker(
    make_app,
    library: Path,
    slow,  # noqa: F811
) -> None:
    """A reader open on a read briefing while its file is edited marks the text it
    shows (the old one) read: the store still has it changed, and so must the list
    (it drew it read, no marker, while the count line said "1 changed")."""
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(app, pilot)
        app.mark_read(["election"])
        await settle(app, pilot)
        shown = _workspace(app).stream.read_text("election")  # what a reader shows
        assert shown is not None
        path = library / "election.md"
        path.write_text(path.read_text() + "\nA recount was ordered.\n")
        await pilot.press("tab", "ctrl+r")
        await settle(app, pilot)
        assert _looks(app, "Election results") == ("◐", False)
        assert "1 changed" in _count(app)
        app.mark_read(["election"], {"election": shown})  # the reader's mark
        await settle(app, pilot)
        assert _workspace(app).stream.states(["election"])["election"].changed
        assert "1 changed" in _count(app)
        assert _looks(app, "Election results") == ("◐", False)


def test_the_bulk_mark_question_says_one_of_them_is() -> None:
    """The mark-all-unread confirmation said "1 of them are read now"."""
    unread = confirm_detail(BulkAction("is:new", read=False), 7, 7, 6)
    assert "1 of them is read now; their text as read is dropped." in unread
    read = confirm_detail(BulkAction("patent", read=True), 4, 4, 1)
    assert "1 of them is unread now." in read
    assert "2 of them are unread now." in confirm_detail(BulkAction("x", read=True), 4, 4, 2)


async def test_a_long_saved_search_name_keeps_its_counts_when_the_panel_scrolls(
    make_app,
) -> None:
    """At 80x24, with more saved searches than the panel holds, a name wrapping to
    three lines once the scroll bar took its two columns lost its counts line
    (measured before the bar came)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        stream = _workspace(app).stream
        for number in range(6):
            stream.add_saved(f"Search {number}", "oil")
        stream.add_saved("Russian arms and Indian defence procurement watch", "prices")
        stream.add_saved("Last", "election")
        await pilot.press("tab", "w")
        await settle(app, pilot)
        panel = app.screen.query_one(SavedSearchesPanel)
        assert panel.max_scroll_y > 0  # the bar is there
        panel.highlighted = panel.option_count - 1
        await settle(app, pilot)
        shown = [
            "".join(segment.text for segment in panel.render_line(y)).strip()
            for y in range(panel.scrollable_content_region.height)
        ]
        assert shown[-1] == "1 · 1 unread" and shown[-2] == "Last"
        watch = shown.index("watch")
        assert shown[watch + 1] == "1 · 1 unread"


async def test_the_save_dialog_refuses_a_query_that_runs_another_saved_search(make_app) -> None:
    """``@energy oil`` in the box, ctrl+w: the dialog offered Save and the save failed
    after it closed (a saved search cannot run another, as running it says)."""
    from textual.widgets import Button, Input, Label

    from briefing_tui.tui.dialogs.save_search import SaveSearchDialog

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        _workspace(app).stream.add_saved("energy", "oil")
        app.screen.query_one("#search", Input).value = "@energy prices"
        await settle(app, pilot)
        await pilot.press("ctrl+w")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, SaveSearchDialog)
        assert dialog.query_one("#save", Button).disabled
        said = str(dialog.query_one("#save-problem", Label).render())
        assert "cannot run another saved search" in said
