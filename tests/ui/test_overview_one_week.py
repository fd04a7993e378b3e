"""The overview's chart of briefings per week, when there is no span to chart.

A library whose briefings all fall in one week (an import of a day's news)
drew three rows of solid bars across the screen, and so did one with no
dated briefing at all: a full bar for one value, or for none.
"""

from __future__ import annotations

from textual.widgets import Label, Sparkline

from briefing_tui.tui.screens.overview import OverviewScreen

from .conftest import settle, write_library

ONE_WEEK = {
    "a.md": "---\ntitle: Monday\ndate: 2024-03-04\n---\n\nA.\n",
    "b.md": "---\ntitle: Friday\ndate: 2024-03-08\n---\n\nB.\n",
}


async def test_one_week_is_said_not_drawn_as_a_full_bar(make_app, tmp_path) -> None:
    app = make_app(write_library(tmp_path / "week", ONE_WEEK))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        head = str(screen.query_one("#overview-head", Label).render())
        assert "2 briefings · 0 claims · every dated briefing in the week of 2024-03-04" in head
        assert not screen.query_one(Sparkline).display


async def test_weeks_are_charted(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        screen = app.screen
        head = str(screen.query_one("#overview-head", Label).render())
        assert "briefings per week, " in head and head.endswith(":")
        chart = screen.query_one(Sparkline)
        assert chart.display and sum(chart.data or []) == 3


async def test_every_row_of_every_table_is_on_screen(make_app) -> None:
    """Each table's last row ("false" of the statuses, "cite" of the links, the last
    tag) was cut: the grid row was as tall as the table's text less its margin.
    Read off the painted screen, scrolled to the end at 80x24."""
    from .test_library_newcomer import screen_text

    for size in ((120, 40), (80, 24)):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await settle(app, pilot)
            await pilot.press("f6")
            await settle(app, pilot)
            shown = screen_text(app)
            await pilot.press("end")
            await settle(app, pilot)
            shown += screen_text(app)
            for row in ("open", "disputed", "false", "support", "repeat", "cite", "orphaned"):
                assert f" {row} " in shown, (size, row, shown)
            for tag in ("energy", "markets", "sanctions", "india"):  # every tag of the library
                assert f" {tag} " in shown, (size, tag, shown)
