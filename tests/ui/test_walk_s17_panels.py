"""The library's side panels walked as a newcomer: ``tab`` through every open panel,
``@NAME`` in the box listing what the saved search counts, and a facet value
chosen twice narrowing once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from confirm_support import answer_yes
from textual.widgets import Input

from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.widgets.briefing_list import BriefingList
from briefing_tui.tui.widgets.facets_panel import FacetsPanel
from briefing_tui.tui.widgets.saved_searches import SavedSearchesPanel
from briefing_tui.tui.widgets.work_bar import WorkBar

from .conftest import settle, write_library

OILFIELD = """---
id: oilfield
title: North Sea oilfields sold
date: 2024-09-01
tags: [energy]
---

Two oilfields changed hands.
"""


def _focused(app: BriefingApp) -> str:
    focused = app.screen.focused
    return type(focused).__name__ if focused else ""


def _box(app: BriefingApp) -> str:
    return app.library.query_one("#search", Input).value


def _listed(app: BriefingApp) -> list[str]:
    return [row.id for row in app.library.query_one(BriefingList).rows]


async def test_tab_reaches_the_saved_searches_with_both_panels_open(make_app) -> None:
    """120x40, ``w`` then ``F``: ``tab`` went box, list, facets, box… and never to
    the saved searches (the box's ``tab`` skips them to the list); ``shift+tab``
    went another way round."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "w", "F")
        await settle(app, pilot)
        assert _focused(app) == "FacetsPanel"
        forward = []
        for _ in range(4):
            await pilot.press("tab")
            forward.append(_focused(app))
        assert forward == ["SavedSearchesPanel", "SearchBox", "BriefingList", "FacetsPanel"]
        back = []
        for _ in range(4):
            await pilot.press("shift+tab")
            back.append(_focused(app))
        assert back == ["BriefingList", "SearchBox", "SavedSearchesPanel", "FacetsPanel"]


async def test_tab_from_the_list_reaches_the_saved_searches_alone(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "w", "tab")
        assert _focused(app) == "SearchBox"
        await pilot.press("tab", "tab")
        assert _focused(app) == "SavedSearchesPanel"
        assert app.library.query_one(SavedSearchesPanel).display


async def test_at_name_in_the_box_lists_what_the_saved_search_counts(
    library: Path, make_app
) -> None:
    """``@oil`` listed "oilfields" too (the saved query's last word taken as a
    prefix being typed: more than the panel and ``briefing search @oil`` count),
    and newest first however long one paused, never ranked."""
    write_library(library, {"oilfield.md": OILFIELD})
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.workspace is not None
        app.workspace.stream.add_saved("oil", "oil")
        counted = {s.name: s.matches for s in app.workspace.stream.saved_counts()}
        assert counted == {"oil": 1}
        await pilot.press(*"@oil")
        await settle(app, pilot)
        await pilot.pause(0.8)  # past the pause that ranks a short word
        await settle(app, pilot)
        assert _listed(app) == ["oil"]
        assert app.library._listed_by == "relevance"
        await pilot.press(*" oilf")  # more terms keep their own ending: a prefix
        await settle(app, pilot)
        assert _listed(app) == []


async def test_a_facet_value_already_in_the_query_is_not_added_again(make_app) -> None:
    """``enter`` on the same month twice put ``date:2024-03 date:2024-03`` in the box."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"oil ", "tab", "F")
        await settle(app, pilot)
        panel = app.library.query_one(FacetsPanel)
        assert panel.current is not None and panel.current.term == "tag:energy"
        await pilot.press("enter")
        await settle(app, pilot)
        assert _box(app) == "oil tag:energy "
        assert panel.current is not None and panel.current.term == "tag:energy"
        await pilot.press("enter")
        await settle(app, pilot)
        assert _box(app) == "oil tag:energy "


async def test_a_bulk_tagging_says_it_runs_until_it_is_saved(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``T`` ``+zz1`` on the 2,225 BBC briefings took 13 s: the question closed and
    nothing said the tags were being written (the old tags stayed listed)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.workspace is not None
        stream = app.workspace.stream
        slow, release = threading.Event(), threading.Event()
        tag_matching = stream.tag_matching

        def held(*args, **kwargs):  # type: ignore[no-untyped-def]
            slow.set()
            release.wait(10)
            return tag_matching(*args, **kwargs)

        monkeypatch.setattr(stream, "tag_matching", held)
        bar = app.library.query_one(WorkBar)
        await pilot.press("tab", "T")
        await pilot.pause()
        await pilot.press(*"+zz1", "enter")
        await settle(app, pilot)
        await answer_yes(pilot)
        for _ in range(50):
            await pilot.pause(0.02)
            if slow.is_set() and bar.display:
                break
        assert bar.display and bar.text == "Tagging 3 briefings +zz1…"
        release.set()
        await settle(app, pilot)
        assert not bar.display
        assert all("zz1" in row.tags for row in app.library.query_one(BriefingList).rows)
