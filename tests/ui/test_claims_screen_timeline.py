"""The timeline (f5 from the claims screen) lists a page of rows at a time: a long
timeline is placed whole (its count says how many) and listed as the highlight goes down."""

from __future__ import annotations

from textual.widgets import OptionList

from briefing_tui.tui.messages import ClaimsChanged
from briefing_tui.tui.screens import timeline as timeline_screen
from briefing_tui.tui.screens.timeline import TimelineScreen

from .conftest import settle
from .test_claims_screen_suggestion import seed


async def test_a_long_timeline_is_listed_a_page_at_a_time(
    make_app, library, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(timeline_screen, "PAGE", 2)
    seed(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f5")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen) and screen.timeline is not None
        assert screen.timeline.total == 3
        assert "3 claims by month" in str(screen.query_one("#timeline-count").render())
        options = screen.query_one(OptionList)
        rows = len(screen.timeline.groups) + 3  # a heading per group, a row per claim
        assert options.option_count < rows  # not every row is listed at once
        for _ in range(rows):
            await pilot.press("down")
            await settle(app, pilot)
        listed = [entry.claim.id for entry in screen.entries if entry is not None]
        assert len(listed) == 3 and options.option_count == rows


async def test_f5_from_the_claims_screen_places_its_filtered_claims_without_a_read(
    make_app, library, tmp_path, monkeypatch
) -> None:
    ids = seed(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        claims = app.screen
        claims.query_one("#claims-filter").value = "claim:government"
        await settle(app, pilot)
        loads: list[object] = []
        original = timeline_screen.ClaimScope.load

        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            loads.append(args)
            return original(*args, **kwargs)

        monkeypatch.setattr(timeline_screen.ClaimScope, "load", counted)
        await pilot.press("f5")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen) and screen.timeline is not None
        assert [e.claim.id for e in screen.entries if e is not None] == [ids["oil"]]
        assert loads == []  # the claims screen's claims, not read again
        screen.query_one(OptionList).focus()
        await pilot.press("minus")  # zoom in to weeks: placed again, still no read
        await settle(app, pilot)
        assert screen.by == "week" and loads == []
        # A change is read again.
        app.workspace.update_claim(ids["echo"], status="key")
        screen.post_message(ClaimsChanged("echo", [], {}))
        await settle(app, pilot)
        assert len(loads) == 1
