"""Walk s17, the analyst's screens with real volume: a timeline of more rows than a
page keeps its claim through a zoom; the overview's ratings add up to the claims."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from textual.widgets import OptionList, Static

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.screens.overview import OverviewScreen
from briefing_tui.tui.screens.timeline import PAGE, TimelineScreen

from .conftest import settle, write_library

#: Claims, each on its own day of 2024: by week (and by day) more rows than a page.
MANY = 170


def _many_dated_claims(tmp_path: Path) -> Path:
    sentences = " ".join(f"Sentence number {n} is here." for n in range(MANY))
    text = f"---\nid: many\ntitle: Many\ndate: 2024-01-01\n---\n\n{sentences}\n"
    library = write_library(tmp_path / "library", {"many.md": text})
    with Workspace(resolve_paths(str(library), str(tmp_path / "data"))) as ws:
        ws.sync()
        record = ws.resolve("many")
        for n in range(MANY):
            day = date(2024, 1, 1) + timedelta(days=2 * n)
            ws.annotate(record, f"Sentence number {n} is here.", event_date=day.isoformat())
    return library


async def test_zooming_in_from_the_last_claim_keeps_it_past_the_first_page(
    make_app, tmp_path: Path
) -> None:
    library = _many_dated_claims(tmp_path)
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f5")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen) and screen.by == "month"
        await pilot.press("end")
        await settle(app, pilot)
        last = screen.current()
        assert last is not None and last.day == "2024-12-04"
        for by in ("week", "day"):
            await pilot.press("minus")
            await settle(app, pilot)
            assert screen.by == by
            assert len(screen._rows) > PAGE  # the claim lies past the first page
            kept = screen.current()
            assert kept is not None and kept.claim.id == last.claim.id, by
            options = screen.query_one(OptionList)
            assert options.highlighted is not None and options.highlighted > PAGE
            assert options.scroll_offset.y > 0  # shown, not the top of the list


# -- the overview's ratings add up to the claims --------------------------------------------


def _sentences(name: str, source: str | None) -> str:
    said = f"source: {source}\n" if source else ""
    body = " ".join(f"Line {n} of {name}." for n in range(7))
    return f"---\nid: {name}\ntitle: {name}\ndate: 2024-01-02\n{said}---\n\n{body}\n"


async def test_the_overviews_ratings_count_those_not_listed(make_app, tmp_path: Path) -> None:
    files = {"wire.md": _sentences("wire", "Wire"), "plain.md": _sentences("plain", None)}
    library = write_library(tmp_path / "library", files)
    with Workspace(resolve_paths(str(library), str(tmp_path / "data"))) as ws:
        ws.sync()
        ws.analysis.rate_source("Wire", reliability="A")
        for name in ("wire", "plain"):
            record = ws.resolve(name)
            for n in range(7):  # credibility 1 to 6, and one not rated
                ws.annotate(record, f"Line {n} of {name}.", credibility=n or None)
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, OverviewScreen) and screen.overview is not None
        assert len(screen.overview.by_rating) == 14
        text = str(screen.query_one("#overview-rating", Static).render())
        lines = text.splitlines()[1:]
        assert len(lines) == 9 and lines[-1].split()[:3] == ["6", "other", "ratings"]
        assert sum(int(line.split()[-1]) for line in lines) == 14 == screen.overview.claims
