"""Tags walked as a newcomer: tags no ``tag:`` query can find are refused where they
are typed, and tags holding query characters are searched for quoted."""

from __future__ import annotations

from textual.widgets import Input

from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.dialogs.confirm import ConfirmScreen
from briefing_tui.tui.dialogs.prompt import PromptScreen
from briefing_tui.tui.dialogs.tags import TagChange, TagEditorScreen
from briefing_tui.tui.providers import TagProvider
from briefing_tui.tui.screens.library import LibraryScreen
from briefing_tui.tui.screens.tag_manager import TagManagerScreen
from briefing_tui.tui.widgets.briefing_list import BriefingList

from .conftest import settle

LONG = "y" * 101


def _tags(app: BriefingApp, doc_id: str) -> list[str]:
    assert app.workspace is not None
    record = app.workspace.store.get(doc_id)
    assert record is not None
    return record.tags


def _notes(app: BriefingApp) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def test_the_tag_editor_refuses_a_tag_too_long_to_be_searched(make_app) -> None:
    """`t` then a 101-character tag: it was saved, and `tag:` of it was then a bad
    query ("a word of 101 characters is too long"); `briefing tag` refuses it."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "t")
        await settle(app, pilot)
        assert isinstance(app.screen, TagEditorScreen)
        row = app.library.query_one(BriefingList).rows[0]
        before = _tags(app, row.id)
        app.screen.query_one(Input).value = f"fine {LONG}"
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, TagEditorScreen)  # kept open, the text kept
        assert "too long" in _notes(app)
        assert _tags(app, row.id) == before
        app.screen.query_one(Input).value = 'say "q"'
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, TagEditorScreen)
        assert "double quote" in _notes(app)
        app.screen.query_one(Input).value = "fine"
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, TagEditorScreen)
        assert "fine" in _tags(app, row.id)


async def test_bulk_tagging_refuses_a_tag_too_long_to_be_searched(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "T")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = f"+{LONG}"
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        assert "Nothing changed" in _notes(app) and "too long" in _notes(app)
        assert all(LONG not in _tags(app, doc) for doc in ("oil", "sanctions", "election"))


async def _tag_manager_at(app: BriefingApp, pilot, tag: str) -> TagManagerScreen:  # type: ignore[no-untyped-def]
    await pilot.press("f4")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, TagManagerScreen)
    for _ in range([t for t, _ in screen.counts].index(tag)):
        await pilot.press("down")
    return screen


async def test_renaming_a_tag_to_one_too_long_to_be_searched_is_refused(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await _tag_manager_at(app, pilot, "india")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = LONG
        await pilot.press("enter")
        await settle(app, pilot)
        assert "india is unchanged" in _notes(app)
        assert "india" in _tags(app, "sanctions") and LONG not in _tags(app, "sanctions")


async def test_enter_in_the_tag_manager_quotes_a_tag_holding_query_characters(make_app) -> None:
    """A tag `(p)` or `st*r` (accepted by `t` and `briefing tag`): enter searched
    `tag:(p)` ("tag: needs a value") and `tag:st*r` ("* may only end a word")."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app._save_tags(app.library.records["sanctions"], TagChange(["(p)", "st*r"]))
        await settle(app, pilot)
        await _tag_manager_at(app, pilot, "(p)")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one("#search", Input).value == 'tag:"(p)"'
        rows = app.screen.query_one(BriefingList).rows
        assert [row.id for row in rows] == ["sanctions"]


async def test_the_palettes_tag_search_quotes_a_tag_holding_query_characters(make_app) -> None:
    """ctrl+p, `tag st*r`: the hit searched `tag:st*r`, refused ("* may only end a word")."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app._save_tags(app.library.records["sanctions"], TagChange(["st*r"]))
        await settle(app, pilot)
        provider = TagProvider(app.screen)
        hits = [hit async for hit in provider.search("st*r")]
        assert hits
        hits[0].command()
        await settle(app, pilot)
        assert app.screen.query_one("#search", Input).value == 'tag:"st*r"'
        assert [row.id for row in app.screen.query_one(BriefingList).rows] == ["sanctions"]
