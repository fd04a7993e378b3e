"""The Add dialog (``a`` on the library): a page, a folder or an address becomes briefings.

What a user sees: the new briefing's title in the list at once, a search
finding a word of its body, a notification with a line per input (created,
skipped with the briefing holding it, failed with the reason), the dialog
kept open saying why when nothing came in, escape stopping the work. Pages
come from the project's own fixtures and from a web site on 127.0.0.1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ingest_support import FIXTURES, Site, fixture_text, make_pdf, report_pages
from textual.widgets import DataTable, Input, Label

from briefing_tui.tui.dialogs.add import AddDialog, FeedDialog, PathSuggester, clean_given
from briefing_tui.tui.screens.feeds import FeedsScreen
from briefing_tui.tui.screens.help import HelpScreen
from briefing_tui.tui.screens.library import LibraryScreen
from briefing_tui.tui.widgets.briefing_list import BriefingList

from .conftest import settle
from .test_dialogs import SIZES, fully_visible, open_dialog, tab_through

ARTICLE = FIXTURES / "article.html"
ARTICLE_TITLE = "Port strike halts grain exports"


def titles(app: Any) -> list[str]:
    return [row.title for row in app.library.query_one(BriefingList).rows]


def notices(app: Any) -> list[str]:
    """The Add dialog's notifications (the sync's own "Library synced" left out)."""
    return [n.message for n in app._notifications if n.title.startswith("Add")]


async def open_add(app: Any, pilot: Any, key: str = "a") -> AddDialog:
    """Settle, put the focus in the list (``a`` in the search box is a letter), press ``key``."""
    await settle(app, pilot)
    if key == "a":
        app.library.query_one(BriefingList).focus()
        await pilot.pause()
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, AddDialog)
    return app.screen


async def add(app: Any, pilot: Any, given: str) -> None:
    """Type ``given`` in the open dialog, press enter and wait for the work to end."""
    dialog = app.screen
    assert isinstance(dialog, AddDialog)
    dialog.query_one(Input).value = given
    await pilot.press("enter")
    await settle(app, pilot)


async def test_a_page_path_is_listed_at_once_and_searchable(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_add(app, pilot)
        assert ARTICLE_TITLE not in titles(app)
        await add(app, pilot, str(ARTICLE))
        assert isinstance(app.screen, LibraryScreen)  # the dialog closed by itself
        assert ARTICLE_TITLE in titles(app)
        assert "4 of 4 briefings" in str(app.library.query_one("#count", Label).content)
        current = app.library.query_one(BriefingList).current
        assert current is not None and current.title == ARTICLE_TITLE  # the new one selected
        [message] = notices(app)
        assert message.splitlines() == [
            "1 imported, 0 skipped, 0 failed",
            f"Added: {ARTICLE_TITLE} (2024-03-05-port-strike-halts-grain-exports.md)",
        ]
        # a word of the body is found, a word of the navigation and comments is not
        app.library.query_one("#search", Input).focus()
        await pilot.press(*"dockworkers")
        await settle(app, pilot)
        assert titles(app) == [ARTICLE_TITLE]
        app.library.query_one("#search", Input).value = "xylophonist99"
        await settle(app, pilot)
        assert titles(app) == []


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_feed_address_is_offered_to_be_followed_from_the_dialog(
    make_app, site: Site, size: tuple[int, int]
) -> None:
    feed = site.put("/rss", fixture_text("rss20.xml"), "application/rss+xml")
    page = site.put("/story", ARTICLE.read_bytes())
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await open_add(app, pilot)
        await add(app, pilot, feed)
        await add(app, pilot, page)  # another address after the offer: added, not followed
        assert isinstance(app.screen, LibraryScreen) and ARTICLE_TITLE in titles(app)
        app.clear_notifications()
        dialog = await open_add(app, pilot)
        await add(app, pilot, feed)  # not a page: following it is offered, in the app
        assert app.screen is dialog
        status = str(dialog.query_one("#add-status", Label).content)
        assert status.startswith("Not added: it is a feed, not a page.")
        assert "enter opens the feeds screen" in status and "briefing feeds" not in status
        assert str(dialog.query_one("#add-help", Label).content).startswith(
            "enter: follow it as a feed"
        )
        assert fully_visible(dialog.query_one("#add-status")) is None and notices(app) == []
        await pilot.press("enter")  # the same address again: follow it
        await settle(app, pilot)
        follow = app.screen
        assert isinstance(follow, FeedDialog)
        assert follow.query_one("#feed-address", Input).value == feed
        assert isinstance(app.screen_stack[-2], FeedsScreen)
        await pilot.press("enter")  # followed as it is filled in
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, FeedsScreen)
        table = screen.query_one(DataTable)
        assert [str(table.get_row_at(0)[1])] == [feed] and table.row_count == 1
        await pilot.press("f")  # its items come in
        await settle(app, pilot)
        assert {"Copper smelter reopens after flood", "Tin prices slide on weak demand"} <= set(
            titles(app)
        )


async def test_a_pdf_address(make_app, site: Site) -> None:
    pdf = site.put(
        "/report", make_pdf(report_pages(), {"Title": "Grain report"}), "application/pdf"
    )
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_add(app, pilot)
        await add(app, pilot, pdf)
        assert isinstance(app.screen, LibraryScreen)
        assert "Grain report" in titles(app)  # the title of the PDF's metadata
        app.library.query_one("#search", Input).value = "freight"
        await settle(app, pilot)
        assert titles(app) == ["Grain report"]


async def test_ctrl_n_opens_the_dialog_from_the_search_box_and_a_types_there(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        search = app.library.query_one("#search", Input)
        assert search.has_focus
        await pilot.press("a")
        await pilot.pause()
        assert search.value == "a" and isinstance(app.screen, LibraryScreen)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, AddDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_the_same_page_again_is_skipped_naming_the_briefing_that_holds_it(
    make_app,
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_add(app, pilot)
        await add(app, pilot, str(ARTICLE))
        app.clear_notifications()
        await open_add(app, pilot)
        await add(app, pilot, str(ARTICLE))
        assert isinstance(app.screen, LibraryScreen)  # found there: nothing to fix
        [message] = notices(app)
        assert message.splitlines() == [
            "0 imported, 1 skipped, 0 failed",
            f"Skipped {ARTICLE}: already in the library as "
            "2024-03-05-port-strike-halts-grain-exports.md (same address)",
        ]
        assert titles(app).count(ARTICLE_TITLE) == 1


async def test_a_folder_adds_each_page_with_a_line_each(make_app, tmp_path: Path) -> None:
    folder = tmp_path / "saved pages"
    folder.mkdir()
    for name in ("article.html", "liveblog.html", "table.html"):
        (folder / name).write_text(fixture_text(name), encoding="utf-8")
    (folder / "empty.html").write_text("<html><body><nav>Home</nav></body></html>")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_add(app, pilot)
        await add(app, pilot, f"'{folder}'")  # pasted with quotes, a space in the name
        assert isinstance(app.screen, LibraryScreen)
        assert {ARTICLE_TITLE, "Budget 2024 : les chiffres clés"} <= set(titles(app))
        [message] = notices(app)
        lines = message.splitlines()
        assert lines[0] == "3 imported, 0 skipped, 1 failed"
        assert lines[1].startswith(f"Not added {folder / 'empty.html'}: ")
        assert sum(line.startswith("Added: ") for line in lines) == 3


async def test_a_large_folder_is_added_too(make_app, tmp_path: Path) -> None:
    from briefing_tui.core.intake import POOL_MIN_FILES

    folder = tmp_path / "many"
    folder.mkdir()
    page = fixture_text("article.html")
    count = POOL_MIN_FILES + 5
    for number in range(count):
        text = (  # another title, address and body: not a duplicate
            page.replace("Port strike halts", f"Port strike {number} halts")
            .replace("port-strike", f"port-strike-{number}")
            .replace("Dockworkers at", f"Dockworkers ({number}) at")
        )
        (folder / f"page{number:03}.html").write_text(text, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_add(app, pilot)
        await add(app, pilot, str(folder))
        [message] = notices(app)
        assert message.splitlines()[0] == f"{count} imported, 0 skipped, 0 failed"
        assert isinstance(app.screen, LibraryScreen)


async def test_a_bad_address_says_why_and_the_dialog_stays_to_fix_it(make_app, site: Site) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_add(app, pilot)
        missing = site.url("/gone")
        await add(app, pilot, missing)
        assert app.screen is dialog  # nothing came in: the text stays for a fix
        status = str(dialog.query_one("#add-status", Label).content)
        assert status.startswith("Not added: ") and "404" in status
        # Said once, under the field: a notice saying it too covered that line at 80x24.
        assert notices(app) == []
        field_ = dialog.query_one(Input)
        assert field_.has_focus and not field_.disabled and field_.value == missing
        # fixed: the same dialog adds the page now served there
        site.put("/gone", fixture_text("article.html"))
        await add(app, pilot, missing)
        assert isinstance(app.screen, LibraryScreen)
        assert ARTICLE_TITLE in titles(app)


async def test_no_such_file_and_empty_input_are_said_in_the_dialog(make_app, tmp_path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_add(app, pilot)
        await add(app, pilot, "   ")
        status = dialog.query_one("#add-status", Label)
        assert "Give a web address" in str(status.content)
        await add(app, pilot, str(tmp_path / "nowhere.html"))
        assert app.screen is dialog
        assert str(status.content) == "Not added: no such file"
        assert notices(app) == []  # the dialog says it (a notice covered it at 80x24)


async def test_outside_text_is_shown_literally(make_app, site: Site) -> None:
    page = fixture_text("article.html").replace(
        "Port strike halts grain exports", "[bold]Strike[/bold] [@click=app.quit]x[/] \x1b[31m"
    )
    url = site.put("/markup", page)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_add(app, pilot)
        await add(app, pilot, url)
        assert app.is_running and isinstance(app.screen, LibraryScreen)
        [message] = notices(app)
        assert "[bold]Strike[/bold] [@click=app.quit]x[/]" in message
        assert "\x1b" not in message
        await pilot.pause(0.2)  # the notification painted without raising


async def test_escape_while_adding_stops_and_closes_at_once(
    make_app, site: Site, fast_timeouts: None
) -> None:
    # A byte every 2 s: the fetch gives up after half a second (fast_timeouts).
    url = site.put("/slow", fixture_text("article.html"), delay=2.0)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_add(app, pilot)
        dialog.query_one(Input).value = url
        await pilot.press("enter")
        await pilot.pause()
        assert dialog.working and dialog.query_one(Input).disabled
        assert dialog.query_one("#add-progress").display
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)  # at once, not when the fetch ends
        for _ in range(100):  # the worker is cancelled; its thread ends with the fetch
            if notices(app):
                break
            await pilot.pause(0.05)
        [notice] = [n for n in app._notifications if n.title.startswith("Add")]
        assert notice.title == "Add stopped"
        assert notice.message.startswith("0 imported, 0 skipped, 1 failed (stopped)")
        assert "timed out" in notice.message


@pytest.mark.parametrize("size", SIZES)
async def test_the_dialog_fits(make_app, size, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        dialog = AddDialog(tmp_path / ("a-long-folder-name-" * 6))
        await open_dialog(app, pilot, dialog)
        await tab_through(app, pilot)
        dialog._say("Not added: " + "a very long reason " * 12, problem=True)
        await pilot.pause()
        for widget in ("#add-input", "#add-status", "#add-help"):
            assert fully_visible(dialog.query_one(widget)) is None, widget


async def test_help_lists_the_keys_and_how_to_get_briefings_in(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.library.query_one(BriefingList).focus()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen._text
        assert "| `a`, `^n` | Add briefings: a web address" in text
        assert "## Getting briefings in" in text and "**Fetch feeds**" in text


def test_pasted_paths_lose_their_quotes_and_escapes(tmp_path: Path) -> None:
    assert clean_given("  'a b/page.html' ") == "a b/page.html"
    assert clean_given('"~/x.pdf"') == "~/x.pdf"
    assert clean_given(r"/tmp/My\ Pages/p.html") == "/tmp/My Pages/p.html"
    assert clean_given("https://example.org/a\\ b") == "https://example.org/a\\ b"


async def test_tab_completes_a_path(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "report-2024.pdf").write_bytes(b"%PDF-")
    (tmp_path / ".hidden").write_text("x")
    suggester = PathSuggester(tmp_path)
    assert await suggester.get_suggestion("rep") == "report-2024.pdf"
    assert await suggester.get_suggestion("reports") == "reports/"
    assert await suggester.get_suggestion(f"{tmp_path}/") == f"{tmp_path}/report-2024.pdf"
    assert await suggester.get_suggestion("https://x") is None
    assert await suggester.get_suggestion("nowhere/x") is None


@pytest.mark.parametrize(("size", "listed"), [((80, 24), 2), ((120, 40), 8)])
async def test_the_add_notification_fits_a_short_screen(make_app, tmp_path, size, listed) -> None:
    """At 80x24 an Add of many files listed eight lines of whole paths, wrapped past
    the screen's top: the notification's title and counts were cut off."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for number in range(12):
        (folder / f"a-long-file-name-for-a-saved-page-{number:02d}.txt").write_text(
            f"Saved page {number}\n\nIts text, with a sentence or two in it, number {number}.\n"
        )
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        app.add_briefings(str(folder))
        await settle(app, pilot)
        [notice] = [n for n in app._notifications if n.title.startswith("Add")]
        lines = notice.message.splitlines()
        assert lines[0].startswith("12 imported")
        assert len(lines) == 1 + listed + 1
        assert lines[-1] == f"… and {12 - listed} more (ctrl+p Messages)"
        # Each file by its name, not its whole path (which wrapped over three lines).
        assert all(line.startswith("Added: a-long-file-name") for line in lines[1:-1]), lines


async def test_an_add_waiting_for_another_import_says_so(make_app, tmp_path: Path) -> None:
    """Another shell's ``briefing import`` into the library holds it: the Add waits, saying
    so (it sat silent), and adds once that one ends."""
    import fcntl
    import os

    from briefing_tui.core.briefings.library_lock import INTAKE_LOCK

    page = tmp_path / "article.html"
    page.write_text(fixture_text("article.html"), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_add(app, pilot)
        lock = app.workspace.paths.library_data / INTAKE_LOCK
        other = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)  # as another process holds it
        try:
            fcntl.flock(other, fcntl.LOCK_EX)
            app.screen.query_one(Input).value = str(page)
            await pilot.press("enter")
            for _ in range(50):
                await pilot.pause(0.1)
                if notices(app):
                    break
            assert [n.split("…")[0] for n in notices(app)] == [
                "Waiting for another import or fetch into this library to end"
            ]
            assert ARTICLE_TITLE not in titles(app)
        finally:
            os.close(other)
        await settle(app, pilot)
        assert ARTICLE_TITLE in titles(app)
