"""The saved-searches (``w``) and facets (``F``) panels in the library: counts shown,
``ctrl+w`` saving the query typed, ``enter`` running a search or narrowing the
results, counts kept current after a sync, one panel at a time when narrow, and
a footer that shows the keys a newcomer needs at 80 columns."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input, Label

from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.dialogs.save_search import SaveSearchDialog
from briefing_tui.tui.screens.help import HelpScreen
from briefing_tui.tui.widgets.briefing_list import BriefingList
from briefing_tui.tui.widgets.facets_panel import FacetsPanel
from briefing_tui.tui.widgets.saved_searches import SavedSearchesPanel

from .conftest import settle, write_library
from .test_library_newcomer import screen_text
from .test_saved_panel import lines

GAS = """---
id: gas
title: Gas storage full
date: 2024-07-01
tags: [energy]
---

The minister said gas storage is full.
"""


def _saved(app: BriefingApp) -> SavedSearchesPanel:
    return app.library.query_one(SavedSearchesPanel)


def _facets(app: BriefingApp) -> FacetsPanel:
    return app.library.query_one(FacetsPanel)


def _listed(app: BriefingApp) -> list[str]:
    return [row.id for row in app.library.query_one(BriefingList).rows]


def _box(app: BriefingApp) -> str:
    return app.library.query_one("#search", Input).value


def _count(app: BriefingApp) -> str:
    return str(app.library.query_one("#count", Label).render())


def _footer(app: BriefingApp) -> str:
    return screen_text(app).rstrip("\n").split("\n")[-1]


def _save(app: BriefingApp, name: str, query: str) -> None:
    assert app.workspace is not None
    app.workspace.stream.add_saved(name, query)


async def test_w_shows_the_saved_searches_with_their_counts(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        _save(app, "Energy", "tag:energy")
        _save(app, "Ministers", "minister")
        assert not _saved(app).display
        await pilot.press("tab", "w")
        await settle(app, pilot)
        assert _saved(app).display and _saved(app).has_focus
        assert lines(_saved(app)) == ["Energy |   1 · 1 unread", "Ministers |   2 · 2 unread"]
        assert "Saved searches" in screen_text(app)
        await pilot.press("escape")  # closes it: back to the list
        assert not _saved(app).display
        assert app.library.query_one(BriefingList).has_focus


async def test_ctrl_w_in_the_search_box_saves_the_query_and_the_panel_lists_it(
    make_app,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"minister", "ctrl+w")
        await settle(app, pilot)
        assert _box(app) == "minister"  # the word is kept, not deleted
        dialog = app.screen
        assert isinstance(dialog, SaveSearchDialog)
        assert "Query: minister" in screen_text(app)
        await pilot.press(*"Ministers", "enter")
        await settle(app, pilot)
        assert app.workspace is not None
        assert [(s.name, s.query) for s in app.workspace.stream.saved()] == [
            ("Ministers", "minister")
        ]
        await pilot.press("tab", "w")
        await settle(app, pilot)
        assert lines(_saved(app)) == ["Ministers |   2 · 2 unread"]


async def test_a_name_typed_right_after_ctrl_w_goes_to_the_dialog_not_the_search_box(
    make_app,
) -> None:
    """The dialog opens once the names in use are read (a worker): the name typed at
    once went into the search box, changing the query."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"minister")
        await settle(app, pilot)
        for key in ("ctrl+w", *"Ministers"):
            app.post_message(events.Key(key, None if key == "ctrl+w" else key))
        await settle(app, pilot)
        assert _box(app) == "minister"
        assert isinstance(app.screen, SaveSearchDialog)
        assert app.screen.query_one("#save-name", Input).value == "Ministers"


async def test_enter_on_a_saved_search_runs_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        _save(app, "Everything", "")
        _save(app, "Energy", "tag:energy")
        await pilot.press("tab", "w", "down", "enter")
        await settle(app, pilot)
        assert _box(app) == "tag:energy "  # its last word matched whole, as counted
        assert _listed(app) == ["oil"]
        assert _count(app).startswith("1 of 3 briefings")
        assert _saved(app).has_focus  # another can be run next
        await pilot.press("up", "enter")
        await settle(app, pilot)
        assert _box(app) == ""
        assert len(_listed(app)) == 3


async def test_f_shows_the_facets_of_the_results_and_enter_narrows(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"minister ", "tab")
        await settle(app, pilot)
        assert sorted(_listed(app)) == ["election", "oil"]
        await pilot.press("F")
        await settle(app, pilot)
        panel = _facets(app)
        assert panel.display and panel.has_focus
        assert panel.border_subtitle == "2 briefings"
        shown = [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
        assert shown[:3] == ["Tags", "     1 energy", "     1 markets"]
        await pilot.press("enter")  # on the first value: energy
        await settle(app, pilot)
        assert _box(app) == "minister tag:energy "
        assert _listed(app) == ["oil"]
        assert _count(app).startswith("1 of 3 briefings")
        assert panel.border_subtitle == "1 briefing"  # the counts follow the results
        assert panel.has_focus  # narrow again, or escape


async def test_a_sync_counts_the_saved_searches_again(make_app, library: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        _save(app, "Energy", "tag:energy")
        await pilot.press("tab", "w")
        await settle(app, pilot)
        assert lines(_saved(app)) == ["Energy |   1 · 1 unread"]
        write_library(library, {"gas.md": GAS})
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert lines(_saved(app)) == ["Energy |   2 · 2 unread"]


async def test_below_120_columns_one_panel_is_open_at_a_time(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "w", "F")
        await settle(app, pilot)
        assert _facets(app).display and not _saved(app).display
    wide = make_app()
    async with wide.run_test(size=(120, 40)) as pilot:
        await settle(wide, pilot)
        await pilot.press("tab", "w", "F")
        await settle(wide, pilot)
        assert _facets(wide).display and _saved(wide).display
        assert wide.library.query_one(BriefingList).size.width >= 50


async def test_the_footer_at_80_columns_shows_what_a_newcomer_needs(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"oil")
        await settle(app, pilot)
        typing = _footer(app)
        assert "^w Save search" in typing and "f1 Help" in typing
        await pilot.press("tab")
        in_list = _footer(app)
        for key in ("⏎ Open", "a Add", "/ Search", "t Tags", "u Read/unread"):
            assert key in in_list
        for key in ("w Saved", "F Facets", "f1 Help"):
            assert key in in_list
        await pilot.press("w")
        await settle(app, pilot)
        in_saved = _footer(app)
        for key in ("⏎ Run", "r Rename", "x Delete", "K J Move", "esc Close", "f1 Help"):
            assert key in in_saved
        await pilot.press("F")
        await settle(app, pilot)
        in_facets = _footer(app)
        assert "⏎ Narrow" in in_facets and "esc Close" in in_facets


async def test_keys_out_of_the_footer_are_in_the_help(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen._text
        for row in (
            "| `^s` | Sort the results by relevance, newest first or title",
            "| `^r` | Re-sync the library: read its folder again now",
            "| `^w` | Save the query in the search box under a name",
            "| `v` | Show or hide each result's best passage",
            "| `T` | Tag or untag every listed briefing",
            "| `M` | Mark every listed briefing read",
            "| `U` | Mark every listed briefing unread",
            "| `w` | Saved searches",
            "| `F` | Counts by tag, source, month and claim status",
        ):
            assert row in text, row
        assert "`K`/`J`" in text and "escape" in text  # the panels' own keys


async def test_beside_a_panel_at_80_columns_the_list_shows_whole_titles(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "w")
        await settle(app, pilot)
        listing = app.library.query_one(BriefingList)
        assert listing.size.width == 50
        first = "".join(segment.text for segment in listing.render_line(0))
        assert "Oil prices climb after OPEC cut" in first
