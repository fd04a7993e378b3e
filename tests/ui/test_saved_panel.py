"""The saved-searches panel and the "save this search as…" dialog, in a small host screen
over the real app and a real library: counts, errors kept, names as data, enter,
rename, delete, reorder, saving and replacing."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Input, Label

from briefing_tui.tui import saved_writes
from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.dialogs.confirm import ConfirmScreen
from briefing_tui.tui.dialogs.prompt import PromptScreen
from briefing_tui.tui.dialogs.save_search import SaveSearchDialog
from briefing_tui.tui.stream_messages import SavedSearchChosen
from briefing_tui.tui.widgets.saved_searches import SavedSearchesPanel

from .conftest import settle

TRICKY = "[bold]Loud[/bold] [@click=app.quit]q[/] \\[x]"


class Host(Screen[None]):
    """A screen holding only the panel, recording what it reports."""

    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[SavedSearchChosen] = []

    def compose(self) -> ComposeResult:
        yield SavedSearchesPanel(id="saved")

    def on_mount(self) -> None:
        self.query_one(SavedSearchesPanel).focus()

    @on(SavedSearchChosen)
    def _chosen(self, event: SavedSearchChosen) -> None:
        self.chosen.append(event)


def lines(panel: SavedSearchesPanel) -> list[str]:
    """Each option as the user reads it (plain text)."""
    return [
        str(panel.get_option_at_index(i).prompt).replace("\n", " | ")
        for i in range(panel.option_count)
    ]


def stored(app: BriefingApp) -> list[tuple[str, str]]:
    assert app.workspace is not None
    return [(s.name, s.query) for s in app.workspace.stream.saved()]


async def host(app: BriefingApp, pilot, saved: list[tuple[str, str]]) -> Host:  # type: ignore[no-untyped-def]
    """Open the app, save ``saved`` straight in the store, push the host screen."""
    await settle(app, pilot)
    assert app.workspace is not None
    for name, query in saved:
        app.workspace.store.add_saved_search(name, query)  # as typed: may not parse
    screen = Host()
    await app.push_screen(screen)
    await settle(app, pilot)
    return screen


@pytest.fixture
def app(make_app) -> BriefingApp:  # type: ignore[no-untyped-def]
    return make_app()


async def test_each_search_shows_its_matches_and_unread_and_follows_a_recount(
    app: BriefingApp,
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host(app, pilot, [("Energy", "tag:energy"), ("Everything", "")])
        panel = screen.query_one(SavedSearchesPanel)
        assert lines(panel) == ["Energy |   1 · 1 unread", "Everything |   3 · 3 unread"]
        assert app.workspace is not None
        app.workspace.stream.mark_read(["oil"])
        panel.recount()
        await settle(app, pilot)
        assert lines(panel) == ["Energy |   1", "Everything |   3 · 2 unread"]


async def test_a_query_that_no_longer_parses_is_listed_with_its_error(app: BriefingApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host(app, pilot, [("Broken", "date:2024-13"), ("All", "")])
        shown = lines(screen.query_one(SavedSearchesPanel))
        assert shown[0].startswith("Broken |   ⚠ date:2024-13 is not a valid date")
        assert shown[1] == "All |   3 · 3 unread"


async def test_names_with_markup_are_shown_as_typed(app: BriefingApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host(app, pilot, [(TRICKY, "tag:energy")])
        assert lines(screen.query_one(SavedSearchesPanel))[0].startswith(TRICKY + " |")


async def test_the_empty_panel_says_how_to_save_one(app: BriefingApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host(app, pilot, [])
        assert "ctrl+w" in lines(screen.query_one(SavedSearchesPanel))[0]


async def test_enter_runs_the_highlighted_search(app: BriefingApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host(app, pilot, [("Energy", "tag:energy"), ("Sanctions", "sanctions")])
        await pilot.press("down", "enter")
        assert [(c.name, c.query) for c in screen.chosen] == [("Sanctions", "sanctions")]


async def test_r_renames_the_highlighted_search(app: BriefingApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host(app, pilot, [("Energy", "tag:energy")])
        await pilot.press("r")
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        prompt.query_one(Input).value = "Power"
        await pilot.press("enter")
        await settle(app, pilot)
        assert stored(app) == [("Power", "tag:energy")]
        assert lines(screen.query_one(SavedSearchesPanel)) == ["Power |   1 · 1 unread"]


async def test_renaming_to_a_name_in_use_is_refused_and_said(app: BriefingApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host(app, pilot, [("Energy", "tag:energy"), ("All", "")])
        await pilot.press("r")
        app.screen.query_one(Input).value = "all"
        await pilot.press("enter")
        await settle(app, pilot)
        assert stored(app) == [("Energy", "tag:energy"), ("All", "")]
        said = [n.message for n in app._notifications]
        assert any("already exists" in message for message in said)
        assert lines(screen.query_one(SavedSearchesPanel))[0].startswith("Energy")


@pytest.mark.parametrize("key", ["x", "delete"])
async def test_delete_asks_naming_the_search_then_removes_it(app: BriefingApp, key: str) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host(app, pilot, [("Energy", "tag:energy"), ("All", "")])
        await pilot.press(key)
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert "Energy" in str(confirm.query_one("#question", Label).render())
        await pilot.press("n")
        await settle(app, pilot)
        assert len(stored(app)) == 2
        await pilot.press(key, "y")
        await settle(app, pilot)
        assert stored(app) == [("All", "")]
        assert lines(screen.query_one(SavedSearchesPanel)) == ["All |   3 · 3 unread"]


async def test_moves_follow_the_keys_in_order(app: BriefingApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host(app, pilot, [("A", "oil"), ("B", "sanctions"), ("C", "")])
        panel = screen.query_one(SavedSearchesPanel)
        await pilot.press("J", "J")  # A to the bottom, two writes in a row
        await settle(app, pilot)
        assert [name for name, _ in stored(app)] == ["B", "C", "A"]
        assert panel.current is not None and panel.current.name == "A"
        await pilot.press("shift+up")
        await settle(app, pilot)
        assert [name for name, _ in stored(app)] == ["B", "A", "C"]
        await pilot.press("K", "K")  # the second is past the top: nothing
        await settle(app, pilot)
        assert [name for name, _ in stored(app)] == ["A", "B", "C"]
        assert lines(panel)[0].startswith("A |")


async def _dialog(app: BriefingApp, pilot, query: str) -> SaveSearchDialog:  # type: ignore[no-untyped-def]
    saved_writes.ask_to_save(app, query)
    await settle(app, pilot)
    dialog = app.screen
    assert isinstance(dialog, SaveSearchDialog)
    return dialog


def _problem(dialog: SaveSearchDialog) -> str:
    return str(dialog.query_one("#save-problem", Label).render())


async def test_save_dialog_shows_the_query_and_saves_it_under_a_name(app: BriefingApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host(app, pilot, [])
        dialog = await _dialog(app, pilot, "tag:energy")
        assert "tag:energy" in str(dialog.query_one("#save-query", Label).render())
        await pilot.press(*"Energy", "enter")
        await settle(app, pilot)
        assert stored(app) == [("Energy", "tag:energy")]
        assert lines(screen.query_one(SavedSearchesPanel)) == ["Energy |   1 · 1 unread"]


async def test_save_dialog_refuses_an_empty_name(app: BriefingApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await host(app, pilot, [])
        dialog = await _dialog(app, pilot, "tag:energy")
        await pilot.press("space", "enter")
        assert app.screen is dialog
        assert "needs a name" in _problem(dialog)
        assert stored(app) == []


async def test_save_dialog_offers_to_replace_a_name_in_use(app: BriefingApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await host(app, pilot, [("Top", "oil"), ("Energy", "tag:markets")])
        dialog = await _dialog(app, pilot, "tag:energy")
        await pilot.press(*"energy", "enter")
        assert app.screen is dialog
        assert "“Energy” is already saved (query: tag:markets)" in _problem(dialog)
        await pilot.press("enter")
        await settle(app, pilot)
        assert stored(app) == [("Top", "oil"), ("Energy", "tag:energy")]


async def test_save_dialog_refuses_a_query_that_does_not_parse(app: BriefingApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await host(app, pilot, [])
        dialog = await _dialog(app, pilot, '"unclosed')
        await pilot.press(*"Broken", "enter")
        assert app.screen is dialog
        assert "unclosed quote" in _problem(dialog)
        assert stored(app) == []


async def test_save_dialog_and_panel_fit_80_columns(app: BriefingApp, tmp_path: Path) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host(app, pilot, [("A rather long saved search name", "oil")])
        panel = screen.query_one(SavedSearchesPanel)
        assert panel.size.width <= 30
        dialog = await _dialog(app, pilot, "tag:energy " * 30)
        box = dialog.query_one("#dialog")
        assert box.region.right <= 80
        assert dialog.query_one("#save").region.bottom <= 24
