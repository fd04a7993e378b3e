"""Walk s18, the analyst asking "every claim about X, who said it, how reliable, what
contradicts it": the claims screen's rows did not name the source; ``x`` left out the
claims that repeat one (the very claims its suggested credibility 1 rests on) and did not
mark a linked claim an edit had orphaned; the timeline's zoom keys looked live at their
ends, and its year 1 read "January 1"; deleting a claim said nothing of its links."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Static

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.screens.claims import ClaimsScreen
from briefing_tui.tui.screens.contradictions import ContradictionsScreen
from briefing_tui.tui.screens.timeline import TimelineScreen

from .conftest import settle, write_library
from .test_library_newcomer import screen_text

FILES = {
    "wire.md": (
        "---\nid: wire\ntitle: Wire report\ndate: 2024-03-05\nsource: Wire\n---\n\n"
        "The dam will open in May. The minister denied it. Prices fell sharply.\n"
    ),
    "paper.md": (
        "---\nid: paper\ntitle: Paper report\ndate: 2024-03-06\nsource: Daily Paper\n---\n\n"
        "The dam will open in May, officials said. Nobody expects a delay.\n"
    ),
}


def _library(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Two sources; a wire claim repeated by the paper, contradicted by another claim."""
    library = write_library(tmp_path / "library", FILES)
    with Workspace(resolve_paths(str(library), str(tmp_path / "data"))) as ws:
        ws.sync()
        wire, paper = ws.resolve("wire"), ws.resolve("paper")
        ids = {
            "dam": ws.annotate(wire, "The dam will open in May.").id,
            "denied": ws.annotate(wire, "The minister denied it.").id,
            "officials": ws.annotate(paper, "officials said", event_date="0001-01-01").id,
            "delay": ws.annotate(paper, "Nobody expects a delay.").id,
        }
        ws.analysis.link(ids["officials"], "repeat", ids["dam"])
        ws.analysis.link(ids["denied"], "contradict", ids["dam"])
        ws.analysis.link(ids["delay"], "support", ids["dam"])
        ws.analysis.rate_source("Wire", reliability="B")
    return library, ids


async def _claims_screen(app, pilot, query: str) -> ClaimsScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("f2")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, ClaimsScreen)
    screen.query_one("#claims-filter").value = query
    await settle(app, pilot)
    await pilot.press("tab")
    await settle(app, pilot)
    return screen


def _texts(options: OptionList) -> list[str]:
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_a_claims_row_names_the_source_that_said_it(make_app, tmp_path: Path) -> None:
    library, _ = _library(tmp_path)
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _claims_screen(app, pilot, 'claim:"dam will open"')
        rows = _texts(screen.query_one("#claims-list", OptionList))
        assert len(rows) == 1
        head = rows[0].splitlines()[0]
        assert head == "2024-03-05  Wire report · Wire", head


async def test_x_lists_the_repeats_behind_a_suggested_credibility(make_app, tmp_path: Path) -> None:
    library, _ = _library(tmp_path)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _claims_screen(app, pilot, 'claim:"dam will open"')
        row = _texts(screen.query_one("#claims-list", OptionList))[0]
        assert "suggested: credibility 1, confirmed by Daily Paper" in row
        await pilot.press("x")
        await settle(app, pilot)
        related = app.screen
        assert isinstance(related, ContradictionsScreen)
        support = _texts(related.query_one("#support-list", OptionList))
        assert any(text.startswith("repeated by") for text in support), support
        assert any(text.startswith("supported by") for text in support), support
        title = str(related.query_one("#support-title").render())
        assert title == "Support (2)"
        # u on the repeat unlinks it, as it does a support.
        related.query_one("#support-list", OptionList).focus()
        options = related.query_one("#support-list", OptionList)
        options.highlighted = next(
            i for i, text in enumerate(_texts(options)) if text.startswith("repeated by")
        )
        await pilot.press("u")
        await settle(app, pilot)
        assert str(related.query_one("#support-title").render()) == "Support (1)"
        assert not any(t.startswith("repeated by") for t in _texts(options))


async def test_x_marks_a_linked_claim_an_edit_orphaned(make_app, tmp_path: Path) -> None:
    library, _ = _library(tmp_path)
    # The minister's denial is edited out of the briefing: that claim is orphaned.
    wire = library / "wire.md"
    wire.write_text(wire.read_text().replace(" The minister denied it.", ""))
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _claims_screen(app, pilot, 'claim:"dam will open"')
        assert screen.current() is not None
        await pilot.press("x")
        await settle(app, pilot)
        related = app.screen
        assert isinstance(related, ContradictionsScreen)
        against = _texts(related.query_one("#contradict-list", OptionList))
        assert len(against) == 1
        assert against[0].splitlines()[0] == "contradicted by [open] B? (orphaned)"
        top = str(related.query_one("#related-claim", Static).render())
        assert "(orphaned)" not in top  # the claim itself stands where it was


async def test_deleting_a_claim_says_how_many_links_went(make_app, tmp_path: Path) -> None:
    library, _ = _library(tmp_path)
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _claims_screen(app, pilot, 'claim:"dam will open"')
        await pilot.press("d")
        await pilot.pause(0.4)  # the question ignores a key typed at once
        # The question counts them too ("its links are deleted" of a claim without any
        # left the analyst looking for links that were not there).
        assert "Its 3 links to other claims go with it." in screen_text(app)
        await pilot.press("y")
        await settle(app, pilot)
        said = [n.message for n in app._notifications]
        assert "Claim deleted, with its 3 links" in said, said
        assert screen.query_one("#claims-list", OptionList).option_count == 0


async def test_the_timeline_greys_a_zoom_at_its_end_and_writes_year_1_whole(
    make_app, tmp_path: Path
) -> None:
    library, _ = _library(tmp_path)
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f5")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen) and screen.by == "month"

        def live(key: str) -> bool:
            return screen.active_bindings[key].enabled

        assert not live("plus") and live("minus")  # months: no zooming out
        options = screen.query_one(OptionList)
        first = str(options.get_option_at_index(0).prompt)
        assert first == "January 0001 · 1 claim", first
        await pilot.press("minus")
        await settle(app, pilot)
        assert live("plus") and live("minus")
        assert str(options.get_option_at_index(0).prompt).startswith("Week of 1 January 0001")
        await pilot.press("minus")
        await settle(app, pilot)
        assert screen.by == "day"
        assert live("plus") and not live("minus")  # days: no zooming in
        assert str(options.get_option_at_index(0).prompt) == "1 January 0001 · 1 claim"


async def test_with_no_claims_the_timeline_and_overview_say_how_to_make_one(
    make_app, tmp_path: Path
) -> None:
    library = write_library(tmp_path / "library", FILES)
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f5")
        await settle(app, pilot)
        said = str(app.screen.query_one("#timeline-count").render())
        assert said.startswith("No claims yet: in a briefing, c starts one"), said
        # A query that matches nothing still says so.
        query = app.screen.query_one("#tl-q")
        query.value = "status:key"
        await pilot.press("slash", "enter")
        await settle(app, pilot)
        said = str(app.screen.query_one("#timeline-count").render())
        assert said.startswith("No claims match this query"), said
        await pilot.press("f6")
        await settle(app, pilot)
        status = str(app.screen.query_one("#overview-status").render())
        assert status.splitlines()[-1] == "No claims yet: in a briefing, c starts one.", status
