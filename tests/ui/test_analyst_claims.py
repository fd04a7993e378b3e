"""The analyst's layer in the claims screen, the claim dialog and the reader's panel:
ratings shown, credibility and event date edited (bad ones refused), two claims
linked with the picker, the contradictions view."""

from __future__ import annotations

from pathlib import Path

import pytest
from confirm_support import answer_yes
from textual.widgets import Input, Label, OptionList

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.dialogs.claim import ClaimDialog
from briefing_tui.tui.dialogs.confirm import ConfirmScreen
from briefing_tui.tui.dialogs.link_picker import LinkPicker, RelationDialog
from briefing_tui.tui.screens.claims import ClaimsScreen
from briefing_tui.tui.screens.contradictions import ContradictionsScreen
from briefing_tui.tui.screens.reader.screen import ReaderScreen
from briefing_tui.tui.widgets.claims_panel import ClaimsPanel
from briefing_tui.tui.widgets.footer import AppFooter

from .conftest import settle
from .test_library_newcomer import screen_text

OIL = "Oil prices rose as the government minister spoke."
SANCTIONS = "Washington warned India about sanctions over the S-400."


def seed(library: Path, data: Path, *, credibility: int | None = 2) -> dict[str, str]:
    """Two claims: oil's (source Wire, rated B) and the sanctions note's (no source)."""
    with Workspace(resolve_paths(str(library), str(data))) as ws:
        ws.sync()
        oil = ws.annotate(ws.resolve("oil"), OIL, credibility=credibility)
        sanctions = ws.annotate(ws.resolve("sanctions"), SANCTIONS, note="[bold]literal[/]")
        ws.analysis.rate_source("Wire", reliability="B")
        return {"oil": oil.id, "sanctions": sanctions.id}


def rows(options: OptionList) -> list[str]:
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def row_of(screen: ClaimsScreen, quote_start: str) -> str:
    return next(row for row in rows(screen.query_one(OptionList)) if quote_start in row)


async def open_claims(app, pilot, highlight: str | None = None) -> ClaimsScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("f2")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, ClaimsScreen)
    screen.action_focus_list()
    if highlight is not None:
        ids = [claim.id for claim in screen.shown]
        screen.query_one(OptionList).highlighted = ids.index(highlight)
    await pilot.pause()
    return screen


async def test_ratings_and_a_rated_source_show_in_the_claims_screen(make_app, library, tmp_path):
    seed(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claims(app, pilot)
        assert "B2" in row_of(screen, "Oil prices")
        sanctions = row_of(screen, "Washington")
        assert "B2" not in sanctions and "[bold]literal[/]" in sanctions  # shown literally


async def test_a_source_rated_b_shows_b_in_the_claims_screen(make_app, library, tmp_path):
    seed(library, tmp_path / "data", credibility=None)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claims(app, pilot)
        assert "B?" in row_of(screen, "Oil prices")


async def test_bad_credibility_and_event_date_are_refused_then_saved(make_app, library, tmp_path):
    ids = seed(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_claims(app, pilot, highlight=ids["oil"])
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ClaimDialog)
        grade = dialog.query_one("#claim-credibility", Input)
        day = dialog.query_one("#claim-event-date", Input)
        assert grade.value == "2"
        grade.value = "9"
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = dialog.query_one("#claim-error", Label)
        assert app.screen is dialog and error.display
        assert "credibility '9' is not a grade" in str(error.render())
        assert app.focused is grade
        # A longer value: the reason takes four lines beside the buttons, and its
        # end is on screen too (three lines cut "…judged)", a newcomer walk).
        from .test_library_newcomer import screen_text

        grade.value = "202"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "credibility '202' is not a grade" in str(error.render())
        assert "judged)" in screen_text(app)
        grade.value = "3"
        await pilot.pause()
        assert not error.display  # mended: the reason no longer stands under it
        day.value = "2024-02-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and "not a valid date" in str(error.render())
        day.value = "2024-02-28"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        claim = app.workspace.claims.get(ids["oil"])
        assert claim.credibility == 3 and claim.event_date == "2024-02-28"
        assert "B3" in row_of(screen, "Oil prices")


async def test_linking_two_claims_with_the_picker_then_the_contradictions_view(
    make_app, library, tmp_path
):
    ids = seed(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_claims(app, pilot, highlight=ids["oil"])
        await pilot.press("l")
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, LinkPicker)
        assert len(picker.found) == 1  # every claim but this one
        await pilot.press(*"india")
        await pilot.pause()
        assert [item.claim_id for item in picker.found] == [ids["sanctions"]]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RelationDialog)
        await pilot.press("down", "enter")  # supports -> contradicts
        await settle(app, pilot)
        assert app.screen is screen
        assert "1 contradicts" in row_of(screen, "Oil prices")
        assert "1 contradicted by" in row_of(screen, "Washington")
        # the contradictions view of the oil claim lists the other one
        await pilot.press("x")
        await settle(app, pilot)
        view = app.screen
        assert isinstance(view, ContradictionsScreen)
        listed = rows(view.query_one("#contradict-list", OptionList))
        assert len(listed) == 1 and "Washington warned India" in listed[0]
        assert "S-400 sanctions threat" in listed[0]
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.record.id == "sanctions"


async def test_the_readers_panel_shows_ratings_and_links(make_app, library, tmp_path):
    ids = seed(library, tmp_path / "data")
    with Workspace(resolve_paths(str(library), str(tmp_path / "data"))) as ws:
        ws.analysis.link(ids["sanctions"], "support", ids["oil"])
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_briefing(app.workspace.store.get("oil"))
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        panel = app.screen.query_one(ClaimsPanel)
        [row] = rows(panel)
        assert "B2" in row and "1 supported by" in row
        await pilot.press("x")
        await settle(app, pilot)
        assert isinstance(app.screen, ContradictionsScreen)
        assert "Washington" in rows(app.screen.query_one("#support-list", OptionList))[0]


async def test_editing_from_the_readers_panel_shows_the_rating_and_event_date(
    make_app, library, tmp_path
):
    ids = seed(library, tmp_path / "data", credibility=3)
    with Workspace(resolve_paths(str(library), str(tmp_path / "data"))) as ws:
        ws.update_claim(ids["oil"], event_date="2024-02-28")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_briefing(app.workspace.store.get("oil"))
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, ClaimDialog)
        assert app.screen.query_one("#claim-credibility", Input).value == "3"
        assert app.screen.query_one("#claim-event-date", Input).value == "2024-02-28"


async def test_d_on_the_claims_screen_deletes_the_claim_after_saying_its_links_go_too(
    make_app, library, tmp_path
) -> None:
    """``d`` did nothing on the claims screen (only the reader and the review deleted)."""
    ids = seed(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_claims(app, pilot, highlight=ids["oil"])
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "It has no links to other claims." in screen_text(app)  # it has none
        await answer_yes(pilot)
        await settle(app, pilot)
        assert [claim.id for claim in screen.shown] == [ids["sanctions"]]
    with Workspace(resolve_paths(str(library), str(tmp_path / "data"))) as ws:
        assert [claim.id for claim in ws.claims.all()] == [ids["sanctions"]]


@pytest.mark.parametrize(
    ("key", "wanted"),
    [("f2", {"Edit", "Link", "Delete", "Help"}), ("f3", {"Accept", "Re-attach", "Delete", "Help"})],
)
async def test_the_claims_and_review_keys_fit_the_footer_at_80_columns(
    make_app, library, tmp_path, key, wanted
) -> None:
    """With the list focused: the review's ``a`` and ``r`` were cut off the footer, and
    the claims screen's Delete and Help (found only in F1 or not at all)."""
    seed(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(key, "tab")  # to the list: in the filter box letters type
        await settle(app, pilot)
        footer = app.screen.query_one(AppFooter)
        shown = [key.shown.description for key in footer.placed()]
        assert wanted <= set(shown), shown


async def test_the_claims_screens_help_says_enter_opens_the_briefing(make_app) -> None:
    """Enter opened a claim's briefing, and neither the footer nor the help said so."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f2", "f1")
        await settle(app, pilot)
        assert "`enter` on a claim opens its briefing at the passage." in app.screen._text
        # The list's keys too, though the screen opens in the filter box (a newcomer
        # walk: the review's help listed neither e nor d from there).
        assert "`e` edits the claim, `d` deletes it" in app.screen._text


async def test_a_long_warning_on_the_claims_screen_wraps_whole_at_80_columns(
    make_app, library, tmp_path
) -> None:
    """``status:bogus`` at 80 columns: "…one of open, key, verified, d" and the rest cut."""
    seed(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f2", *"status:bogus")
        await settle(app, pilot)
        shown = " ".join(line.strip() for line in screen_text(app).splitlines())
        assert (
            "(use status:open, status:key, status:verified, status:disputed, status:false)" in shown
        )
