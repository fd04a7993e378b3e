"""The timeline lists a screenful of rows before its first paint and the rest of its
first page right after it (wrapping a whole page of rows delayed the first paint)."""

from __future__ import annotations

from textual.widgets import OptionList

from briefing_tui.tui.screens import timeline as timeline_screen
from briefing_tui.tui.screens.timeline import TimelineScreen

from .conftest import settle
from .test_claims_screen_suggestion import seed


async def test_the_first_screenful_is_listed_at_once_and_the_page_follows(
    make_app, library, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(timeline_screen, "PAGE", 5)
    monkeypatch.setattr(timeline_screen, "FIRST", 3, raising=False)
    seed(library, tmp_path / "data")
    listed_when_shown: list[int] = []
    original = TimelineScreen._show

    def recorded(self, timeline):  # type: ignore[no-untyped-def]
        original(self, timeline)
        listed_when_shown.append(self.query_one(OptionList).option_count)

    monkeypatch.setattr(TimelineScreen, "_show", recorded)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f5")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen) and screen.timeline is not None
        rows = len(screen.timeline.groups) + screen.timeline.total
        assert rows >= 5  # a page at least
        assert listed_when_shown == [3]  # the screenful, before the first paint
        assert screen.query_one(OptionList).option_count == 5  # the page, right after
        assert screen.current() is not None  # a claim is highlighted


async def test_every_claim_is_placed_from_the_rows_alone(
    make_app, library, tmp_path, monkeypatch
) -> None:
    """f5 from the library (every claim) reads what its rows show, never every full claim
    and record (most of its first paint at 10,000 claims); a query still selects from
    the full claims."""
    ids = seed(library, tmp_path / "data")
    loads: list[object] = []
    original = timeline_screen.ClaimScope.load

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        loads.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(timeline_screen.ClaimScope, "load", counted)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f5")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen) and screen.timeline is not None
        assert screen.timeline.total == 3 and loads == []
        shown = [entry for entry in screen.entries if entry is not None]
        assert {entry.claim.id for entry in shown} == set(ids.values())
        oil = next(entry for entry in shown if entry.claim.id == ids["oil"])
        text = str(timeline_screen.entry_text(oil))
        assert "Oil prices rose as the government minister spoke." in text
        await pilot.press("minus")  # by week: placed again from the rows read
        await settle(app, pilot)
        assert screen.timeline.total == 3 and loads == []
        await pilot.press("slash")
        await pilot.press(*"claim:washington", "enter")
        await settle(app, pilot)
        assert screen.timeline.total == 1 and len(loads) == 1
        await pilot.press("enter")  # opens the claim where it stands
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ReaderScreen"
