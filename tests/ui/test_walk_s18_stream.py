"""A morning's walk through the library as a stream (s18): keys typed at speed,
pasted queries, saved searches inside a query, the tag manager's cursor."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.widgets.briefing_list import BriefingList

from .conftest import settle


def _list(app: BriefingApp) -> BriefingList:
    return app.library.query_one(BriefingList)


async def test_down_keys_typed_fast_from_the_box_move_down_the_list(make_app) -> None:  # type: ignore[no-untyped-def]
    """Holding ``down`` in the search box: the first goes into the list, the rest
    move its cursor (they were all spent moving focus, the cursor left on the top)."""
    app = make_app()
    async with app.run_test() as pilot:
        await settle(app, pilot)
        assert app.library.query_one("#search", Input).has_focus
        for _ in range(3):  # queued together, as a terminal sends a held key
            app.post_message(events.Key("down", None))
        await settle(app, pilot)
        listing = _list(app)
        assert listing.has_focus
        assert listing.cursor == 2, listing.cursor


async def test_a_query_pasted_over_several_lines_is_searched_whole(make_app) -> None:  # type: ignore[no-untyped-def]
    """Pasted from a note, ``oil prices\\nminister``: the box held ``oil prices``
    alone, the rest dropped without a word."""
    app = make_app()
    async with app.run_test() as pilot:
        await settle(app, pilot)
        app.post_message(events.Paste("oil prices\n  minister\r\n\n"))
        await settle(app, pilot)
        box = app.library.query_one("#search", Input)
        assert box.value == "oil prices minister"
        assert [row.id for row in _list(app).rows] == ["oil"]
