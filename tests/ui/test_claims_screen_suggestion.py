"""The claims screen suggests credibility 1 on each row whose claim another source
repeats or supports (as the reader's panel does), never sets it, and keeps it while
the list is filtered; a long list is listed a page at a time as the highlight goes down."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.screens import claims as claims_screen

from .conftest import settle
from .test_analyst_claims import open_claims, row_of

ECHO = """---
id: echo
title: Agency echo of the oil report
date: 2024-03-06
source: Agency
---

Oil prices rose again as the minister spoke, the agency said.
"""
SUGGESTED = "suggested: credibility 1"


def seed(library: Path, data: Path) -> dict[str, str]:
    """Oil's claim (source Wire), repeated by the Agency's; the sanctions claim, unlinked."""
    (library / "echo.md").write_text(ECHO, encoding="utf-8")
    with Workspace(resolve_paths(str(library), str(data))) as ws:
        ws.sync()
        oil = ws.annotate(ws.resolve("oil"), "Oil prices rose as the government minister spoke.")
        echo = ws.annotate(ws.resolve("echo"), "Oil prices rose again as the minister spoke")
        sanctions = ws.annotate(ws.resolve("sanctions"), "Washington warned India")
        ws.analysis.link(echo.id, "repeat", oil.id)
        return {"oil": oil.id, "echo": echo.id, "sanctions": sanctions.id}


async def test_each_row_backed_by_another_source_suggests_credibility_1(
    make_app, library, tmp_path
) -> None:
    ids = seed(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claims(app, pilot)
        oil_row = row_of(screen, "Oil prices rose as the government")
        assert SUGGESTED in oil_row and "Agency" in oil_row
        assert SUGGESTED in row_of(screen, "Oil prices rose again")  # repeat reads both ways
        assert SUGGESTED not in row_of(screen, "Washington")
        # Filtered as the user types, the row keeps its suggestion.
        screen.query_one(Input).value = "claim:government"
        await settle(app, pilot)
        assert [claim.id for claim in screen.shown] == [ids["oil"]]
        assert SUGGESTED in row_of(screen, "Oil prices rose as the government")
    with Workspace(resolve_paths(str(library), str(tmp_path / "data"))) as ws:
        assert ws.claims.get(ids["oil"]).credibility is None  # suggested, never set


async def test_a_long_list_is_listed_a_page_at_a_time(
    make_app, library, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(claims_screen, "PAGE", 2)
    seed(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claims(app, pilot)
        options = screen.query_one(OptionList)
        assert len(screen.shown) == 3 and options.option_count == 2
        assert "3 of 3 claims" in str(screen.query_one("#claims-count").render())
        await pilot.press("down")
        await settle(app, pilot)
        assert options.option_count == 3  # the highlight neared the end: the rest listed
        assert SUGGESTED in row_of(screen, "Oil prices rose")
