"""A morning's walk through the library as a stream (s18): keys typed at speed,
pasted queries, saved searches inside a query, the tag manager's cursor."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, Label, OptionList

from briefing_tui.core.stream import StreamCounts
from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.screens.tag_manager import TagManagerScreen
from briefing_tui.tui.widgets.briefing_list import BriefingList

from .conftest import settle
from .test_library_newcomer import screen_text


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


async def _rename_in_tag_manager(app: BriefingApp, pilot, tag: str, new: str) -> TagManagerScreen:  # type: ignore[no-untyped-def]
    await pilot.press("f4")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, TagManagerScreen)
    options = screen.query_one(OptionList)
    options.highlighted = [t for t, _ in screen.counts].index(tag)
    await pilot.press("r")
    await pilot.pause()
    await pilot.press("ctrl+a", "ctrl+k", *new, "enter")  # the field holds the old name
    await settle(app, pilot)
    return screen


def _highlighted_tag(screen: TagManagerScreen) -> str:
    index = screen.query_one(OptionList).highlighted
    assert index is not None
    return screen.counts[index][0]


async def test_the_tag_manager_cursor_follows_a_merge(make_app) -> None:  # type: ignore[no-untyped-def]
    """r on markets, onto sanctions (a merge): the cursor was left on the row
    markets had, now india's, and the next d would have deleted india."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = await _rename_in_tag_manager(app, pilot, "markets", "sanctions")
        assert dict(screen.counts)["sanctions"] == 2
        assert "markets" not in dict(screen.counts)
        assert _highlighted_tag(screen) == "sanctions"


async def test_the_tag_manager_cursor_follows_a_rename(make_app) -> None:  # type: ignore[no-untyped-def]
    """A renamed tag listed elsewhere (energy → zz-energy, now last): the cursor goes
    with it."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = await _rename_in_tag_manager(app, pilot, "energy", "zz-energy")
        assert [t for t, _ in screen.counts][-1] == "zz-energy"
        assert _highlighted_tag(screen) == "zz-energy"


async def test_the_order_is_said_at_80_columns_beside_a_mornings_counts(make_app) -> None:  # type: ignore[no-untyped-def]
    """ "2,244 of 2,244 briefings · 2,218 unread · 20 new · 5 changed" left no room
    for "sorted by title · ctrl+s" at 80 columns: the order was hidden, and ctrl+s
    re-sorted the list without a word of which order it was in."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.library
        screen.__dict__["_new_counted_once"] = True
        screen._stream_counts = StreamCounts(total=2244, unread=2218, new=20, changed=5)
        screen._show_count(2244, False)
        await pilot.press("down", "ctrl+s", "ctrl+s")
        await settle(app, pilot)
        count = str(screen.query_one("#count", Label).render())
        assert "20 new · 5 changed" in count
        sort = screen.query_one("#sort", Label)
        assert sort.display
        assert "title" in str(sort.render())
        assert "title" in screen_text(app).splitlines()[4]


async def test_the_cursor_stays_in_place_when_its_briefing_is_deleted(make_app, library) -> None:  # type: ignore[no-untyped-def]
    """The folder watch removed the highlighted briefing: the cursor went back to
    the top of the list, not to the briefing after it."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down")
        await settle(app, pilot)
        listing = _list(app)
        assert [row.id for row in listing.rows] == ["oil", "election", "sanctions"]
        assert listing.current is not None and listing.current.id == "election"
        (library / "election.md").unlink()
        await pilot.press("ctrl+r")
        for _ in range(20):
            await settle(app, pilot)
            if len(listing.rows) == 2:
                break
        assert [row.id for row in listing.rows] == ["oil", "sanctions"]
        assert listing.current is not None and listing.current.id == "sanctions"
