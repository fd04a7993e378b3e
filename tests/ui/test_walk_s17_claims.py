"""What a newcomer's walk through the analyst's evidence base found, on real news
(BBC articles) at 80x24: the contradictions view cutting its claim's source off;
the rate dialog's "1 briefings"; enter doing nothing in the export, claim and rate
dialogs; the link dialogs never saying which claim is being linked; ``c`` at a
briefing's end putting the cursor above the view."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Label, Static

from briefing_tui.core.analysis import SourceInfo
from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.dialogs.claim import ClaimDialog, ClaimEdit
from briefing_tui.tui.dialogs.export import ExportDialog
from briefing_tui.tui.dialogs.link_picker import LinkPicker, RelationDialog
from briefing_tui.tui.dialogs.rate_source import RateSourceDialog, SourceRating
from briefing_tui.tui.screens.contradictions import ContradictionsScreen
from briefing_tui.tui.screens.reader.screen import ReaderScreen

from .conftest import settle, write_library

#: A BBC business story as the walk claimed in it: a long quote, a long title.
YUKOS = """---
id: yukos
title: "Could Yukos be a blessing in disguise? A report on Russian tax enforcement"
date: 2005-11-29
source: Moscow Times Business Review
---

Other things being equal, the notion of entrepreneurs languishing in jail while their
companies are sold off for a song ought to be bad for business.

But it argues that more rigorous tax policing has benefited all Russian firms, even
targets of the tax police. "An increase in tax enforcement can increase the amount [of
dividends and other income] outside shareholders will receive, even accounting for
increased levels of taxation," the authors say.

For a start, the model assumes that the various parties have clearly-defined
motivation: companies want to maximise profit, governments want to maximise tax
revenue.
"""

CEPR = (
    "But it argues that more rigorous tax policing has benefited all Russian firms, even "
    'targets of the tax police. "An increase in tax enforcement can increase the amount '
    "[of dividends and other income] outside shareholders will receive, even accounting "
    'for increased levels of taxation," the authors say.'
)
START = "For a start, the model assumes"


def _two_linked(library: Path, data: Path) -> tuple[str, str]:
    with Workspace(resolve_paths(str(library), str(data))) as ws:
        ws.sync()
        record = ws.resolve("yukos")
        cepr = ws.annotate(record, CEPR)
        start = ws.annotate(record, START)
        ws.analysis.link(start.id, "contradict", cepr.id)
        return cepr.id, start.id


def _yukos_library(tmp_path: Path) -> Path:
    return write_library(tmp_path / "library", {"yukos.md": YUKOS})


async def test_the_contradictions_card_shows_its_source_whole_at_80x24(
    make_app, tmp_path: Path
) -> None:
    """A long quote (three lines) and a title and source that wrap: the card's last
    line, "Moscow Times (not rated)", was cut off after "(not"."""
    library = _yukos_library(tmp_path)
    cepr, _ = _two_linked(library, tmp_path / "data")
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.show_related(cepr)
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ContradictionsScreen)
        card = screen.query_one("#related-claim", Static)
        inner = card.content_region
        needed = card.get_content_height(inner.size, app.size, inner.width)
        assert needed > 5  # the case the walk met: more than the old card held
        assert inner.height >= needed
        assert "(not rated)" in str(card.render())


async def test_the_rate_dialog_counts_in_the_singular(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        info = SourceInfo("reuters", "Reuters", 1, 3, None, "", None)
        app.push_screen(RateSourceDialog(info))
        await pilot.pause()
        title = str(app.screen.query_one("#rate-title", Label).render())
        assert "(1 briefing, 3 claims)" in title


async def test_enter_on_the_export_formats_exports(make_app, tmp_path: Path) -> None:
    """The dialog opens on the formats; enter there did nothing (nor did ctrl+s, which
    saves in the claim and rate dialogs)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        results: list[object] = []
        for keys in (("down", "enter"), ("down", "down", "ctrl+s")):
            app.push_screen(ExportDialog(folder=tmp_path), results.append)
            await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()
            assert not isinstance(app.screen, ExportDialog)
        assert [getattr(choice, "format", None) for choice in results] == ["json", "csv"]


async def test_enter_in_the_claim_dialog_goes_on_and_saves_from_the_last_field(
    make_app,
) -> None:
    """Tags typed, then enter (or enter on the status): nothing happened. Now enter goes
    on to the next field (the tags taking the completion shown) and saves from the last;
    it never closes the dialog on a newcomer confirming the status or a tag."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        results: list[object] = []
        dialog = ClaimDialog("A quote.", known_tags=["yukos"])
        app.push_screen(dialog, results.append)
        await pilot.pause()
        await pilot.press(*"a note", "tab", *"tax yuk", "enter")
        await pilot.pause()
        assert app.screen is dialog and dialog.focused is not None
        assert dialog.focused.id == "claim-status"
        assert dialog.query_one("#claim-tags", Input).value == "tax yukos"
        await pilot.press("right", "enter", "2", "enter")
        await pilot.pause()
        assert app.screen is dialog and dialog.focused.id == "claim-event-date"
        await pilot.press(*"2005-12-15", "enter")
        await pilot.pause()
        assert app.screen is not dialog
    [edit] = results
    assert isinstance(edit, ClaimEdit)
    assert (edit.note, edit.tags, edit.status) == ("a note", ["tax", "yukos"], "key")
    assert (edit.credibility, edit.event_date) == (2, "2005-12-15")


async def test_enter_in_the_rate_dialog_goes_to_the_note_then_saves(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        info = SourceInfo("reuters", "Reuters", 1, 3, None, "", None)
        results: list[SourceRating | None] = []
        dialog = RateSourceDialog(info)
        app.push_screen(dialog, results.append)
        await pilot.pause()
        await pilot.press("e", "enter")
        await pilot.pause()
        assert app.screen is dialog and dialog.focused is not None
        assert dialog.focused.id == "rate-note"
        await pilot.press(*"op-ed", "enter")
        await pilot.pause()
        assert app.screen is not dialog
    assert results == [SourceRating("E", "op-ed")]


async def test_the_link_dialogs_say_which_claim_is_linked(make_app, tmp_path: Path) -> None:
    """Both said only "this claim", over the list that showed which: supports and
    cites read one way only, so the direction was a guess."""
    library = _yukos_library(tmp_path)
    cepr, start = _two_linked(library, tmp_path / "data")
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.pick_link(start)
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, LinkPicker)
        this = str(picker.query_one("#picker-this", Label).render())
        assert "For a start, the model assumes" in this
        await pilot.press(*"rigorous")
        await settle(app, pilot)
        assert [item.claim_id for item in picker.found] == [cepr]
        await pilot.press("enter")
        await settle(app, pilot)
        relation = app.screen
        assert isinstance(relation, RelationDialog)
        assert relation.other.claim_id == cepr
        said = str(relation.query_one("#relation-this", Label).render())
        assert said.startswith("This claim, “For a start, the model assumes")


async def test_c_at_a_briefings_end_starts_on_the_screen(make_app, tmp_path: Path) -> None:
    """``G`` then ``c``: the paragraph at the top of the view began above it (shorter
    than the view, a list under it), and the cursor went to that paragraph's first
    sentence, the view jumping back up to it."""
    sentences = " ".join(f"Sentence number {i} of the paragraph runs on." for i in range(14))
    items = "\n".join(f"- item {i} of the closing list" for i in range(12))
    text = f"---\nid: long\ntitle: Long\n---\n\nOpening words.\n\n{sentences}\n\n{items}\n"
    library = write_library(tmp_path / "library", {"long.md": text})
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("G")
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert screen.selection is not None
        start, _ = screen.selection.span
        assert screen.plain[start:].startswith("Sentence number ")
        assert int(screen.plain[start:].split()[2]) > 0  # not the paragraph's first


async def test_the_claims_filter_hint_names_source_and_fits_at_80_columns(make_app) -> None:
    """`Moscow Times` typed in the filter matched nothing (words search the claims'
    briefings, not their sources) and the hint did not name `source:`."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        update = app.screen._compositor.render_full_update()
        rows = ["".join(segment.text for segment in strip) for strip in update.strips]
        (shown,) = [row for row in rows if "Filter:" in row]
        assert 'source:"Reuters"' in shown and shown.rstrip(" ▎").endswith("…"), shown
