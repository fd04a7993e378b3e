"""Feeds in the app: the feeds screen (palette "Feeds") and "Fetch feeds" in the palette.

What a user sees: a feed followed with ``a`` listed in the table; ``f``
fetching it, the table saying "2 new" and a notification a line per feed;
the new briefings in the library list; a failing feed's reason in the
table and the notification; ``d`` asking before it stops following one.
Feeds are served by a web site on 127.0.0.1.
"""

from __future__ import annotations

from typing import Any

import pytest
from confirm_support import answer_yes
from ingest_support import FIXTURES, Site, fixture_text
from textual.widgets import Checkbox, DataTable, Input, Label, Static

from briefing_tui.tui.dialogs.add import FeedDialog
from briefing_tui.tui.dialogs.confirm import ConfirmScreen
from briefing_tui.tui.screens.feeds import FeedsScreen, widths
from briefing_tui.tui.screens.help import HelpScreen
from briefing_tui.tui.screens.library import LibraryScreen
from briefing_tui.tui.widgets.briefing_list import BriefingList
from briefing_tui.tui.widgets.work_bar import WorkBar

from .conftest import settle
from .test_dialogs import SIZES, open_dialog, tab_through

NEW_TITLES = {"Copper smelter reopens after flood", "Tin prices slide on weak demand"}


def cells(app: Any) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


def notices(app: Any, title: str) -> list[str]:
    return [n.message for n in app._notifications if n.title == title]


async def open_feeds(app: Any, pilot: Any) -> FeedsScreen:
    """Open the feeds screen the way a user does: ctrl+p, "Feeds", enter."""
    await settle(app, pilot)
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"Feeds")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, FeedsScreen)
    return app.screen


async def follow(
    app: Any, pilot: Any, address: str, name: str = "", tags: str = "", *, followed: bool = True
) -> None:
    """Follow ``address`` with the dialog; not ``followed``, the dialog stays open saying
    why (what was typed kept), and escape then closes it."""
    await pilot.press("a")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, FeedDialog)
    dialog.query_one("#feed-address", Input).value = address
    dialog.query_one("#feed-name", Input).value = name
    dialog.query_one("#feed-tags", Input).value = tags
    await pilot.press("enter")
    await settle(app, pilot)
    if not followed:
        assert app.screen is dialog
        status = dialog.query_one("#feed-status", Label)
        assert status.display and status.region.bottom <= dialog.query_one("#buttons").region.y
        assert str(status.render()).startswith(f"Not following {address}: ")
        assert dialog.query_one("#feed-address", Input).value == address
        await pilot.press("escape")
        await settle(app, pilot)
    assert isinstance(app.screen, FeedsScreen)


async def test_follow_then_fetch_shows_new_items_in_the_table_and_the_library(
    make_app, site: Site
) -> None:
    url = site.put("/world.xml", fixture_text("rss20.xml"), "application/rss+xml", etag='"v1"')
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_feeds(app, pilot)
        assert "No feeds yet" in str(screen.query_one("#feed-detail", Static).content)
        await follow(app, pilot, url, name="World", tags="world, metals")
        assert cells(app) == [["World", url, "never", "", ""]]
        [followed] = notices(app, "Feeds")[-1:]
        assert followed.startswith(f"Following World: {url}")
        detail = str(screen.query_one("#feed-detail", Static).content)
        assert "Tags: world, metals" in detail and "Briefings go to: feeds/world" in detail

        await pilot.press("f")  # the selected feed
        await settle(app, pilot)
        [row] = cells(app)
        assert row[0] == "World" and row[3] == "2 new" and row[4] == ""
        assert row[2] != "never"
        [message] = notices(app, "Fetch feeds")
        assert message.splitlines() == ["2 new from 1 feed", "World: 2 new, 0 skipped, 0 failed"]
        library_titles = {r.title for r in app.library.query_one(BriefingList).rows}
        assert library_titles >= NEW_TITLES

        # fetched again: the server says 304, nothing new, the table says so
        app.clear_notifications()
        await pilot.press("F")  # every feed
        await settle(app, pilot)
        assert cells(app)[0][3] == "0 new"
        assert notices(app, "Fetch feeds") == ["0 new from 1 feed\nWorld: nothing new"]
        assert site.asked("/world.xml")[-1].status == 304

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_enter_on_a_feed_lists_its_briefings_in_the_library(make_app, site: Site) -> None:
    """``enter`` on a feed did nothing (the help said "Choose the highlighted one")."""
    from textual.widgets import Input as SearchInput

    url = site.put("/world.xml", fixture_text("rss20.xml"), "application/rss+xml")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_feeds(app, pilot)
        await follow(app, pilot, url, name="World")
        await pilot.press("f")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        query = app.library.query_one("#search", SearchInput).value
        assert query.startswith('source:="')
        assert {r.title for r in app.library.query_one(BriefingList).rows} == NEW_TITLES


async def test_fetch_feeds_from_the_palette_with_a_failing_feed(make_app, site: Site) -> None:
    good = site.put("/world.xml", fixture_text("rss20.xml"), "application/rss+xml")
    gone = site.put("/atom.xml", fixture_text("atom.xml"), "application/atom+xml")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_feeds(app, pilot)
        await follow(app, pilot, good, name="World")
        await follow(app, pilot, gone, name="Gone")
        assert app.screen.current.name == "Gone"  # the feed just followed is selected
        del site.resources["/atom.xml"]  # now a 404
        await pilot.press("escape")
        await pilot.pause()
        app.clear_notifications()
        # ctrl+p, "Fetch feeds", from the library
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Fetch feeds")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        [message] = notices(app, "Fetch feeds")
        lines = message.splitlines()
        assert lines[0] == "2 new from 2 feeds"
        assert "World: 2 new, 0 skipped, 0 failed" in lines
        assert any(line.startswith("Gone: failed: ") and "404" in line for line in lines)
        assert [n.severity for n in app._notifications if n.title == "Fetch feeds"] == ["warning"]
        assert {r.title for r in app.library.query_one(BriefingList).rows} >= NEW_TITLES
        assert not app.library.query_one("#sync-bar").display  # the bar went with the fetch
        screen = await open_feeds(app, pilot)
        gone_row = next(row for row in cells(app) if row[0] == "Gone")
        assert "404" in gone_row[4]
        assert gone_row[3] == "failed"  # not "0 new", as if it had been read
        table = screen.query_one(DataTable)
        table.move_cursor(row=[row[0] for row in cells(app)].index("Gone"))
        await pilot.pause()
        detail = str(screen.query_one("#feed-detail", Static).content)
        assert "Last error: the server answered 404" in detail
        assert "Last tried: " in detail and ", failed" in detail


async def test_remove_asks_first_and_keeps_the_briefings(make_app, site: Site) -> None:
    url = site.put("/world.xml", fixture_text("rss20.xml"), "application/rss+xml")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_feeds(app, pilot)
        await follow(app, pilot, url, name="World")
        await pilot.press("f")
        await settle(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert [row[0] for row in cells(app)] == ["World"]
        await pilot.press("d")
        await pilot.pause()
        await answer_yes(pilot)
        await settle(app, pilot)
        assert cells(app) == []
        assert "No feeds yet" in str(app.screen.query_one("#feed-detail", Static).content)
        assert any("No longer following World" in m for m in notices(app, "Feeds"))
        assert {r.title for r in app.library.query_one(BriefingList).rows} >= NEW_TITLES


async def test_a_bad_feed_address_says_why_and_follows_nothing(make_app, site: Site) -> None:
    page = site.put("/page", "<html><body><p>No feed here.</p></body></html>")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_feeds(app, pilot)
        await follow(app, pilot, page, followed=False)
        await follow(app, pilot, str(FIXTURES / "missing.xml"), followed=False)
        assert cells(app) == []
        # Said in the dialog (see follow), not again in a notification over it.
        assert not [n for n in app._notifications if n.severity == "error"]


async def test_fetch_with_no_feeds_says_how_to_follow_one(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.start_fetch()
        await settle(app, pilot)
        assert notices(app, "Fetch feeds") == ["No feeds yet: ctrl+p Feeds, then a, follows one."]


async def test_stop_fetch_leaves_the_footer_once_the_fetch_is_done(make_app) -> None:
    """The footer kept "s Stop fetch" after a fetch ended by itself (and help listed
    s as "not at work here now"): the end was said while the worker still ran."""
    from .test_library_newcomer import screen_text

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_feeds(app, pilot)
        app.start_fetch()
        await settle(app, pilot)
        await pilot.pause(0.2)
        assert not app.fetching
        assert not screen.check_action("stop_fetch", ())
        assert "Stop fetch" not in screen_text(app).splitlines()[-1]


async def test_feed_names_and_errors_are_shown_literally(make_app, site: Site) -> None:
    feed = fixture_text("rss20.xml").replace(
        "The Daily Ledger - World", "[bold]Ledger[/bold] [@click=app.quit]x[/]"
    )
    url = site.put("/markup.xml", feed, "application/rss+xml")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_feeds(app, pilot)
        await follow(app, pilot, url, name="[red]odd[/red]")
        assert cells(app)[0][0] == "[red]odd[/red]"
        await pilot.press("f")
        await settle(app, pilot)
        assert "[@click=app.quit]" in str(screen.query_one("#feed-detail", Static).content)
        assert app.is_running and isinstance(app.screen, FeedsScreen)


async def test_help_lists_the_feeds_screen_keys(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_feeds(app, pilot)
        assert "No feeds yet · a follows one" in str(app.screen.query_one("#feeds-count").content)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen._text
        for row in (
            "| `f` | Fetch the selected feed's new items |",
            "| `F` | Fetch every feed |",
            "| `a` | Follow a new feed |",
            "| `s` | Stop the fetch under way (what was fetched is kept) |",
            "| `d`, `del` | Stop following the selected feed (its briefings stay) |",
            "| `esc`, `q` | Back |",
        ):
            assert row in text
        assert "A fetch under way stops with `s` on the feeds screen" in text


async def test_the_library_shows_a_bar_while_feeds_are_fetched(
    make_app, site: Site, fast_timeouts: None
) -> None:
    url = site.put("/world.xml", fixture_text("rss20.xml"), "application/rss+xml")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_feeds(app, pilot)
        await follow(app, pilot, url, name="World")
        await pilot.press("escape")
        await pilot.pause()
        site.put("/world.xml", fixture_text("rss20.xml"), "application/rss+xml", delay=2.0)
        app.start_fetch()
        await pilot.pause()
        bar = app.library.query_one("#sync-bar")
        # "Fetching feeds…" until the first feed is asked for, then that feed named.
        assert bar.display and bar.text in ("Fetching feeds…", "Fetching feeds 0/1: World")
        app.start_fetch()  # a second one while the first runs: said, not started
        await pilot.pause()
        assert notices(app, "Fetch feeds") == ["Feeds are being fetched already."]
        await settle(app, pilot)
        assert not bar.display
        [message] = notices(app, "Fetch feeds")[1:]
        assert message.startswith("0 new from 1 feed\nWorld: failed: timed out")


@pytest.mark.parametrize("size", SIZES)
async def test_the_feed_dialog_fits(make_app, site: Site, size) -> None:
    url = site.put("/world.xml", fixture_text("rss20.xml"), "application/rss+xml")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        dialog = FeedDialog()
        answers = await open_dialog(app, pilot, dialog)
        visited = await tab_through(app, pilot)
        assert {"follow", "cancel"} <= {w.id for w in visited}
        assert any(isinstance(w, Checkbox) for w in visited)
        dialog.query_one("#feed-address", Input).value = url
        dialog.query_one("#feed-full-text", Checkbox).value = True
        dialog.query_one("#feed-address", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert answers[0].address == url and answers[0].full_text


@pytest.mark.parametrize("width", [40, 80, 120, 200])
def test_the_columns_fill_the_table(width: int) -> None:
    sizes = widths(width)
    assert all(size >= 5 for size in sizes)
    assert sum(sizes) + 2 * len(sizes) <= max(width, 24 + 2 * len(sizes) + 23)


@pytest.mark.parametrize("width", [80, 120])
def test_a_long_name_takes_the_room_short_addresses_leave(width: int) -> None:
    """At 120 columns "local-test-feed-with-a-long-name" was cut at 20 cells
    ("local-test-feed-wit…") beside an address column with room to spare."""
    before = widths(width - 2)
    name, address, *_, error = widths(width - 2, names=32, addresses=30, errors=0)
    assert name > before[0] and address >= 8 and error >= len("Last error")
    assert sum(widths(width - 2, names=32, addresses=30, errors=0)) == sum(before)
    if width == 120:
        assert name == 32 and address >= 30
    # Errors to show, or addresses as long as their column: nothing to give.
    assert widths(width - 2, names=32, addresses=60, errors=80) == before
    assert widths(width - 2, names=10, addresses=5, errors=0) == before  # a short name


async def test_the_feeds_screen_at_80x24_shows_every_column(make_app, site: Site) -> None:
    url = site.put("/world.xml", fixture_text("rss20.xml"), "application/rss+xml")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_feeds(app, pilot)
        await follow(app, pilot, url, name="World")
        table = screen.query_one(DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert "1 feed" in str(screen.query_one("#feeds-count", Label).content)


async def test_a_running_fetch_stops_with_s_and_keeps_what_came(make_app, site: Site) -> None:
    quick = site.put("/world.xml", fixture_text("rss20.xml"), "application/rss+xml")
    stalled = site.put("/atom.xml", fixture_text("atom.xml"), "application/atom+xml")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_feeds(app, pilot)
        await follow(app, pilot, quick, name="World")
        await follow(app, pilot, stalled, name="Stalled")
        site.resources["/atom.xml"].delay = 0.05  # a byte every 50 ms: minutes for the feed
        app.clear_notifications()
        bar = screen.query_one(WorkBar)
        await pilot.press("F")
        for _ in range(100):  # until World is in and Stalled is being waited for
            await pilot.pause(0.1)
            if bar.text.startswith("Fetching feeds 1/2"):
                break
        assert bar.text.startswith("Fetching feeds 1/2") and bar.hint == "s: stop"
        # The feed waited for is named (it named World, done, while Stalled hung).
        assert bar.text == "Fetching feeds 1/2: Stalled"
        assert "s" in {key for key, *_ in screen.active_bindings.items()}
        await pilot.press("s")
        await settle(app, pilot)
        [message] = notices(app, "Fetch stopped")
        lines = message.splitlines()
        assert lines[0] == "Stopped after 1 of 2 feeds: 2 new, kept"
        assert "World: 2 new, 0 skipped, 0 failed" in lines
        assert not bar.display
        assert {r.title for r in app.library.query_one(BriefingList).rows} >= NEW_TITLES
        root = app.workspace.root
        written = [p.relative_to(root).as_posix() for p in (root / "feeds").rglob("*")]
        assert sorted(written) == [
            "feeds/world",
            "feeds/world/2024-02-29-tin-prices-slide-on-weak-demand.md",
            "feeds/world/2024-03-01-copper-smelter-reopens-after-flood.md",
        ]  # whole briefings of World only: nothing of Stalled, no temporary file
        assert "s" not in {key for key, *_ in screen.active_bindings.items()}  # nothing to stop


async def test_ctrl_r_lists_a_feed_followed_from_the_command_line_meanwhile(
    make_app, site: Site
) -> None:
    """``briefing feeds add`` while the feeds screen showed: it was listed only once
    the screen was opened again."""
    from briefing_tui.core import feed_fetch

    url = site.put("/world.xml", fixture_text("rss20.xml"), "application/rss+xml")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_feeds(app, pilot)
        assert cells(app) == []
        assert app.workspace is not None
        feed_fetch.add_feed(app.workspace, url, name="World")  # as the command does
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert [row[0] for row in cells(app)] == ["World"]


async def test_j_and_k_move_in_the_feeds_and_ctrl_s_follows(make_app, site: Site) -> None:
    """``j``/``k`` moved in the library's list but not among the feeds; ``ctrl+s``,
    the claim dialog's save, did nothing in the Follow dialog."""
    first = site.put("/world.xml", fixture_text("rss20.xml"), "application/rss+xml")
    second = site.put("/atom.xml", fixture_text("atom.xml"), "application/atom+xml")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_feeds(app, pilot)
        await follow(app, pilot, first, name="World")
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FeedDialog)
        dialog.query_one("#feed-address", Input).value = second
        dialog.query_one("#feed-name", Input).value = "Rail"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, FeedsScreen)
        assert [row[0] for row in cells(app)] == ["World", "Rail"]
        table = screen.query_one(DataTable)
        table.move_cursor(row=0)
        await pilot.press("j")
        await pilot.pause()
        assert screen.current is not None and screen.current.name == "Rail"
        await pilot.press("k")
        await pilot.pause()
        assert screen.current is not None and screen.current.name == "World"
