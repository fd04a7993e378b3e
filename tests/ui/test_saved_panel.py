"""The saved-searches panel and the "save this search as…" dialog, in a small host app
over a real workspace on a small library: counts, errors kept, names as data, enter,
rename, delete, reorder, saving and replacing."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from confirm_support import answer_yes
from textual import on
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Input, Label

from briefing_tui.core.workspace import Workspace
from briefing_tui.tui import saved_writes
from briefing_tui.tui.dialogs.confirm import ConfirmScreen
from briefing_tui.tui.dialogs.prompt import PromptScreen
from briefing_tui.tui.dialogs.save_search import SaveSearchDialog
from briefing_tui.tui.stream_messages import SavedSearchChosen
from briefing_tui.tui.widgets.saved_searches import SavedSearchesPanel

from .conftest import BRIEFINGS, write_library

MakeHost = Callable[[list[tuple[str, str]]], "HostApp"]
TRICKY = "[bold]Loud[/bold] [@click=app.quit]q[/] \\[x]"


class HostApp(App[None]):
    """The app as the panels see it (a workspace, a core lock, notifications as plain
    text), without the library screen: the panels are tested on their own."""

    def __init__(self, workspace: Workspace, screen: Callable[[], Screen[None]]) -> None:
        super().__init__()
        self.workspace: Workspace | None = workspace
        self.core_lock = threading.RLock()
        self._make_screen = screen

    def notify(self, message: str, **kwargs: Any) -> None:
        super().notify(message, **{**kwargs, "markup": False})

    def on_mount(self) -> None:
        self.push_screen(self._make_screen())

    def expect_dialog(self) -> None:
        """The app holds the keys typed while a dialog is coming; none are typed here."""


async def settle(app: App[None], pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


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


def stored(app: HostApp) -> list[tuple[str, str]]:
    assert app.workspace is not None
    return [(s.name, s.query) for s in app.workspace.stream.saved()]


@pytest.fixture
def workspace(tmp_path: Path, make_ws: Callable[..., Workspace]) -> Workspace:
    content = write_library(tmp_path / "saved-library", BRIEFINGS)
    ws = make_ws(content)
    ws.sync()
    return ws


@pytest.fixture
def make_host(workspace: Workspace) -> MakeHost:
    """A host app over the library with ``saved`` saved straight in the store, as typed
    (a query may not parse)."""

    def factory(saved: list[tuple[str, str]]) -> HostApp:
        for name, query in saved:
            workspace.store.add_saved_search(name, query)
        return HostApp(workspace, Host)

    return factory


async def host(app: HostApp, pilot) -> Host:  # type: ignore[no-untyped-def]
    """The host screen once the panel has counted."""
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, Host)
    return screen


async def test_each_search_shows_matches_and_unread_and_follows_a_recount(
    make_host: MakeHost,
) -> None:
    app = make_host([("Energy", "tag:energy"), ("Everything", "")])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host(app, pilot)
        panel = screen.query_one(SavedSearchesPanel)
        assert lines(panel) == ["Energy |   1 · 1 unread", "Everything |   3 · 3 unread"]
        assert app.workspace is not None
        app.workspace.stream.mark_read(["oil"])
        panel.recount()
        await settle(app, pilot)
        assert lines(panel) == ["Energy |   1", "Everything |   3 · 2 unread"]


async def test_a_query_that_no_longer_parses_is_listed_with_its_error(make_host: MakeHost) -> None:
    app = make_host([("Broken", "date:2024-13"), ("All", "")])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host(app, pilot)
        shown = lines(screen.query_one(SavedSearchesPanel))
        assert shown[0].startswith("Broken |   ⚠ date:2024-13 is not a valid date")
        assert shown[1] == "All |   3 · 3 unread"


async def test_names_with_markup_are_shown_as_typed(make_host: MakeHost) -> None:
    app = make_host([(TRICKY, "tag:energy")])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host(app, pilot)
        assert lines(screen.query_one(SavedSearchesPanel))[0].startswith(TRICKY + " |")


async def test_the_empty_panel_says_how_to_save_one(make_host: MakeHost) -> None:
    app = make_host([])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host(app, pilot)
        assert "ctrl+w" in lines(screen.query_one(SavedSearchesPanel))[0]


async def test_enter_runs_the_highlighted_search(make_host: MakeHost) -> None:
    app = make_host([("Energy", "tag:energy"), ("Sanctions", "sanctions")])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host(app, pilot)
        await pilot.press("down", "enter")
        assert [(c.name, c.query) for c in screen.chosen] == [("Sanctions", "sanctions")]


async def test_r_renames_the_highlighted_search(make_host: MakeHost) -> None:
    app = make_host([("Energy", "tag:energy")])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host(app, pilot)
        await pilot.press("r")
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        prompt.query_one(Input).value = "Power"
        await pilot.press("enter")
        await settle(app, pilot)
        assert stored(app) == [("Power", "tag:energy")]
        assert lines(screen.query_one(SavedSearchesPanel)) == ["Power |   1 · 1 unread"]


async def test_renaming_to_a_name_in_use_is_refused_and_said(make_host: MakeHost) -> None:
    app = make_host([("Energy", "tag:energy"), ("All", "")])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host(app, pilot)
        await pilot.press("r")
        app.screen.query_one(Input).value = "all"
        await pilot.press("enter")
        await settle(app, pilot)
        assert stored(app) == [("Energy", "tag:energy"), ("All", "")]
        said = [n.message for n in app._notifications]
        assert any("already exists" in message for message in said)
        assert lines(screen.query_one(SavedSearchesPanel))[0].startswith("Energy")


@pytest.mark.parametrize("key", ["x", "delete"])
async def test_delete_asks_naming_the_search_then_removes_it(make_host: MakeHost, key: str) -> None:
    app = make_host([("Energy", "tag:energy"), ("All", "")])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host(app, pilot)
        await pilot.press(key)
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert "Energy" in str(confirm.query_one("#question", Label).render())
        await pilot.press("n")
        await settle(app, pilot)
        assert len(stored(app)) == 2
        await pilot.press(key)
        await answer_yes(pilot)
        await settle(app, pilot)
        assert stored(app) == [("All", "")]
        assert lines(screen.query_one(SavedSearchesPanel)) == ["All |   3 · 3 unread"]


async def test_moves_follow_the_keys_in_order(make_host: MakeHost) -> None:
    app = make_host([("A", "oil"), ("B", "sanctions"), ("C", "")])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host(app, pilot)
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


async def _dialog(app: HostApp, pilot, query: str) -> SaveSearchDialog:  # type: ignore[no-untyped-def]
    saved_writes.ask_to_save(app, query)
    await settle(app, pilot)
    dialog = app.screen
    assert isinstance(dialog, SaveSearchDialog)
    return dialog


def _problem(dialog: SaveSearchDialog) -> str:
    return str(dialog.query_one("#save-problem", Label).render())


async def test_save_dialog_shows_the_query_and_saves_it_under_a_name(make_host: MakeHost) -> None:
    app = make_host([])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host(app, pilot)
        dialog = await _dialog(app, pilot, "tag:energy")
        assert "tag:energy" in str(dialog.query_one("#save-query", Label).render())
        await pilot.press(*"Energy", "enter")
        await settle(app, pilot)
        assert stored(app) == [("Energy", "tag:energy")]
        assert lines(screen.query_one(SavedSearchesPanel)) == ["Energy |   1 · 1 unread"]


async def test_save_dialog_refuses_an_empty_name(make_host: MakeHost) -> None:
    app = make_host([])
    async with app.run_test(size=(80, 24)) as pilot:
        await host(app, pilot)
        dialog = await _dialog(app, pilot, "tag:energy")
        await pilot.press("space", "enter")
        assert app.screen is dialog
        assert "needs a name" in _problem(dialog)
        assert stored(app) == []


async def test_save_dialog_offers_to_replace_a_name_in_use(make_host: MakeHost) -> None:
    app = make_host([("Top", "oil"), ("Energy", "tag:markets")])
    async with app.run_test(size=(80, 24)) as pilot:
        await host(app, pilot)
        dialog = await _dialog(app, pilot, "tag:energy")
        await pilot.press(*"energy", "enter")
        assert app.screen is dialog
        assert "“Energy” is already saved (query: tag:markets)" in _problem(dialog)
        problem = dialog.query_one("#save-problem", Label)
        assert problem.size.height >= 2 and problem.region.right <= 80  # wrapped, all shown
        await pilot.press("enter")
        await settle(app, pilot)
        assert stored(app) == [("Top", "oil"), ("Energy", "tag:energy")]


async def test_save_dialog_refuses_a_query_that_does_not_parse(make_host: MakeHost) -> None:
    app = make_host([])
    async with app.run_test(size=(80, 24)) as pilot:
        await host(app, pilot)
        dialog = await _dialog(app, pilot, '"unclosed')
        await pilot.press(*"Broken", "enter")
        assert app.screen is dialog
        assert "unclosed quote" in _problem(dialog)
        assert stored(app) == []


async def test_save_dialog_and_panel_fit_80_columns(make_host: MakeHost) -> None:
    app = make_host([("A rather long saved search name", "oil")])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host(app, pilot)
        panel = screen.query_one(SavedSearchesPanel)
        assert panel.size.width <= 30
        dialog = await _dialog(app, pilot, "tag:energy " * 30)
        box = dialog.query_one("#dialog")
        assert box.region.right <= 80
        assert dialog.query_one("#save").region.bottom <= 24
