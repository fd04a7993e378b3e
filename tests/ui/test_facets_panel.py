"""The facets panel in a small host app over a real workspace on a small library: counts
by tag, source, month and claim status for a result set, grouped; enter narrows the
query; values as data; long lists cut with a count; bad queries said."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Static

from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.stream_messages import FacetChosen
from briefing_tui.tui.widgets import facets_panel
from briefing_tui.tui.widgets.facets_panel import FacetsPanel

from .conftest import BRIEFINGS, write_library
from .test_saved_panel import HostApp, settle

MARKUP_SOURCE = "[red]Wire[/red] [@click=app.quit]"
TRICKY = f"""---
id: tricky
title: Tricky
date: 2024-03-09
source: '{MARKUP_SOURCE}'
tags: [energy]
---

Oil again.
"""


class Host(Screen[None]):
    """A list-sized placeholder and the panel beside it, recording what it reports."""

    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[FacetChosen] = []

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static("the list", id="list")  # as wide as it may be, as the list is
            yield FacetsPanel(id="facets")

    def on_mount(self) -> None:
        self.query_one("#list").styles.width = "1fr"
        self.query_one(FacetsPanel).focus()

    @on(FacetChosen)
    def _chosen(self, event: FacetChosen) -> None:
        self.chosen.append(event)


@pytest.fixture
def app(tmp_path: Path, make_ws: Callable[..., Workspace]) -> HostApp:
    """A host app over four briefings, one claim (key) on oil."""
    content = write_library(tmp_path / "facets-library", {**BRIEFINGS, "tricky.md": TRICKY})
    workspace = make_ws(content)
    workspace.sync()
    workspace.annotate(workspace.resolve("oil"), "Analysts expect prices", status="key")
    return HostApp(workspace, Host)


def lines(panel: FacetsPanel) -> list[str]:
    return [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]


async def host(app: HostApp, pilot, query: str, ids: list[str] | None) -> Host:  # type: ignore[no-untyped-def]
    """The host screen once the panel has counted ``ids`` (the results of ``query``)."""
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, Host)
    screen.query_one(FacetsPanel).show(query, ids)
    await settle(app, pilot)
    return screen


async def test_the_whole_library_is_counted_under_four_headings(app: HostApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        panel = (await host(app, pilot, "", None)).query_one(FacetsPanel)
        shown = lines(panel)
        assert shown[0] == "Tags"
        assert "     2 energy" in shown
        assert "     1 markets" in shown
        assert shown.index("Sources") < shown.index("Months") < shown.index("Claim status")
        assert "     2 2024-03" in shown
        assert "     1 2021-04" in shown
        assert shown[shown.index("Claim status") + 1] == "     1 key"
        assert panel.border_subtitle == "4 briefings"


async def test_only_the_result_set_is_counted(app: HostApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        panel = (await host(app, pilot, "sanctions", ["sanctions"])).query_one(FacetsPanel)
        shown = lines(panel)
        assert "     1 sanctions" in shown and "     1 india" in shown
        assert not any(line.endswith("energy") for line in shown)
        assert shown[shown.index("Sources") + 1] == "  none"
        assert panel.border_subtitle == "1 briefing"


async def test_a_query_without_ids_counts_what_it_matches(app: HostApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        panel = (await host(app, pilot, "tag:india", None)).query_one(FacetsPanel)
        assert "     1 india" in lines(panel)
        assert panel.border_subtitle == "1 briefing"


async def test_a_bad_query_is_said_in_the_panel(app: HostApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        panel = (await host(app, pilot, '"unclosed', None)).query_one(FacetsPanel)
        assert lines(panel) == ['No facets: unclosed quote: add the closing "']


async def test_enter_on_a_value_narrows_the_query(app: HostApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host(app, pilot, "oil OR prices", ["oil", "tricky"])
        panel = screen.query_one(FacetsPanel)
        assert lines(panel)[panel.highlighted or 0] == "     2 energy"
        await pilot.press("enter")
        assert [(c.term, c.narrowed_query) for c in screen.chosen] == [
            ("tag:energy", "(oil OR prices) tag:energy")
        ]
        month = lines(panel).index("     2 2024-03")
        panel.highlighted = month
        await pilot.press("enter")
        assert screen.chosen[-1].narrowed_query == "(oil OR prices) date:2024-03"


async def test_only_values_can_be_chosen_never_headings(app: HostApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await host(app, pilot, "", None)
        panel = screen.query_one(FacetsPanel)
        assert panel.get_option_at_index(0).disabled
        values = sum(not panel.get_option_at_index(i).disabled for i in range(panel.option_count))
        for _ in range(values):
            await pilot.press("enter", "down")
        terms = [c.term for c in screen.chosen]
        assert len(set(terms)) == values == 10
        assert all(t.split(":")[0] in {"tag", "source", "date", "status"} for t in terms)


async def test_values_with_markup_are_shown_as_data(app: HostApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        panel = (await host(app, pilot, "", None)).query_one(FacetsPanel)
        assert f"     1 {MARKUP_SOURCE}" in lines(panel)


async def test_a_long_facet_is_cut_with_how_many_more(
    app: HostApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(facets_panel, "MAX_VALUES", 1)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = (await host(app, pilot, "", None)).query_one(FacetsPanel)
        shown = lines(panel)
        tags = shown[: shown.index("Sources")]
        assert tags == ["Tags", "     2 energy", "  … 3 more (narrow the query)"]


async def test_the_panel_fits_beside_a_list_at_80_columns_and_scrolls(app: HostApp) -> None:
    async with app.run_test(size=(80, 12)) as pilot:
        screen = await host(app, pilot, "", None)
        panel = screen.query_one(FacetsPanel)
        assert panel.size.width <= 30
        assert screen.query_one("#list").size.width >= 45
        assert panel.region.right <= 80
        assert panel.max_scroll_y > 0  # more lines than rows: it scrolls
