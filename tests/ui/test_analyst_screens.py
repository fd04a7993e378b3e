"""The analyst's screens: the timeline (f5), the overview (f6), the source manager,
and their dialogs fitting 80x24."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList, RadioSet, Sparkline, Static

from briefing_tui.core.analysis import PickerItem, SourceInfo
from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.dialogs.link_picker import LinkPicker, RelationDialog
from briefing_tui.tui.dialogs.rate_source import RateSourceDialog, SourceRating
from briefing_tui.tui.screens.overview import OverviewScreen
from briefing_tui.tui.screens.reader.screen import ReaderScreen
from briefing_tui.tui.screens.sources import SourcesScreen
from briefing_tui.tui.screens.timeline import TimelineScreen
from briefing_tui.tui.widgets.briefing_list import BriefingList

from .conftest import settle
from .test_analyst_claims import OIL, SANCTIONS, open_claims, row_of, rows, seed
from .test_dialogs import SIZES, open_dialog, tab_through


def dated(library, data) -> dict[str, str]:  # type: ignore[no-untyped-def]
    ids = seed(library, data)
    with Workspace(resolve_paths(str(library), str(data))) as ws:
        ws.update_claim(ids["oil"], event_date="2024-02-10")
    return ids


async def test_the_timeline_groups_by_month_then_zooms_to_weeks_and_days(
    make_app, library, tmp_path
):
    dated(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f5")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        shown = rows(screen.query_one(OptionList))
        assert shown[0].startswith("April 2021 · 1 claim")
        assert "Washington" in shown[1] and "(briefing date)" in shown[1]
        assert shown[2].startswith("February 2024 · 1 claim")
        assert "2024-02-10" in shown[3] and "B2" in shown[3] and "(briefing date)" not in shown[3]
        await pilot.press("minus")
        await settle(app, pilot)
        assert rows(screen.query_one(OptionList))[2].startswith("Week of 5 February 2024")
        await pilot.press("minus")
        await settle(app, pilot)
        assert rows(screen.query_one(OptionList))[2].startswith("10 February 2024")
        await pilot.press("plus", "plus")
        await settle(app, pilot)
        assert screen.by == "month"
        await pilot.press("enter")  # the first claim: the sanctions note's
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.record.id == "sanctions"


async def test_the_timeline_takes_the_claims_screens_query(make_app, library, tmp_path):
    dated(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        claims = await open_claims(app, pilot)
        claims.query_one("#claims-filter").value = "india"
        await settle(app, pilot)
        await pilot.press("f5")
        await settle(app, pilot)
        shown = rows(app.screen.query_one(OptionList))
        assert len(shown) == 2 and SANCTIONS[:20] in shown[1]


async def test_the_overview_renders_at_80x24(make_app, library, tmp_path):
    dated(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        assert "3 briefings · 2 claims" in str(screen.query_one("#overview-head").render())
        assert sum(screen.query_one(Sparkline).data or []) == 3
        status = str(screen.query_one("#overview-status", Static).render())
        assert "open" in status and "2" in status
        assert "B2" in str(screen.query_one("#overview-rating", Static).render())
        for name in ("status", "rating"):  # the first row is on screen
            region = screen.query_one(f"#overview-{name}").region
            assert region.area and region.bottom <= 23 and region.right <= 80


async def test_rating_a_source_in_the_source_manager_shows_in_the_claims_screen(
    make_app, library, tmp_path
):
    seed(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        [wire] = rows(screen.query_one(OptionList))
        assert wire.startswith("B ") and "Wire" in wire and "usually reliable" in wire
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RateSourceDialog)
        await pilot.press("home", "enter")  # A
        dialog.query_one("#rate-note").value = "wire of record"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        [wire] = rows(screen.query_one(OptionList))
        assert wire.startswith("A ") and "wire of record" in wire
        claims = await open_claims(app, pilot)
        assert "A2" in row_of(claims, OIL[:10])


async def test_b_in_the_source_manager_lists_that_sources_briefings_in_the_library(
    make_app, library, tmp_path
):
    seed(library, tmp_path / "data")
    (library / "africa.md").write_text(
        "---\ntitle: Wire Africa report\nsource: Wire Africa\n---\n\nCopper output rose.\n"
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert len(app.library.query_one(BriefingList).rows) == 4
        await pilot.press("f6")
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        shown = rows(screen.query_one(OptionList))
        screen.query_one(OptionList).highlighted = next(
            i for i, row in enumerate(shown) if "Wire" in row and "Africa" not in row
        )
        await pilot.press("b")
        await settle(app, pilot)
        assert app.screen is app.library
        assert app.library.query_one("#search", Input).value == 'source:="Wire"'
        titles = [row.title for row in app.library.query_one(BriefingList).rows]
        assert titles == ["Oil prices climb after OPEC cut"], "Wire Africa is another source"


INFO = SourceInfo("wire", "A very long source name " * 4, 12, 40, "B", "a note " * 30, None)
ITEM = PickerItem("c1", "d1", "A quote " * 40, "a note", "A title " * 20, "exact", "open")


@pytest.mark.parametrize("size", SIZES)
async def test_rate_source_dialog_fits(make_app, size) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        answers = await open_dialog(app, pilot, RateSourceDialog(INFO))
        await tab_through(app, pilot)
        app.screen.query_one(RadioSet).focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert answers == [SourceRating("B", ("a note " * 30).strip())]


@pytest.mark.parametrize("size", SIZES)
async def test_link_picker_and_relation_dialog_fit(make_app, library, tmp_path, size) -> None:
    ids = seed(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        answers = await open_dialog(app, pilot, LinkPicker(ids["oil"]))
        await settle(app, pilot)
        await tab_through(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert answers == [None]
        answers = await open_dialog(app, pilot, RelationDialog(ITEM))
        await tab_through(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert answers == [("support", "c1")]


@pytest.mark.parametrize(
    ("command", "screen_type"),
    [("Timeline", TimelineScreen), ("Overview", OverviewScreen), ("Sources", SourcesScreen)],
)
async def test_the_palette_opens_the_analyst_screens(
    make_app, library, tmp_path, command, screen_type
):
    dated(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*command)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, screen_type)


async def test_the_related_claims_hint_is_whole_at_80x24(make_app, library, tmp_path):
    """x on a claim with no links: the hint ran off the screen mid-word ("…claims
    pa") at 80 columns (a newcomer walk); it wraps."""
    from .test_library_newcomer import screen_text, words

    ids = seed(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_claims(app, pilot, highlight=ids["sanctions"])
        await pilot.press("x")
        await settle(app, pilot)
        shown = words(screen_text(app))
        assert "l on a claim (claims screen, claims panel) links it." in shown, shown
