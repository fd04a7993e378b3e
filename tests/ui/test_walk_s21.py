"""Defects a newcomer walk finds, fixed in session 21, each test failing without its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Label

from briefing_tui.tui.app import create_app
from briefing_tui.tui.dialogs.add import AddDialog

from .conftest import claimed, open_top_briefing, settle, write_library
from .test_library_newcomer import screen_text


def _notes(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [notice.message for notice in app._notifications]


@pytest.mark.parametrize("key", ["]", "["])
async def test_claim_jump_keys_say_why_nothing_moves_in_a_briefing_without_claims(
    library: Path, tmp_path: Path, key: str
) -> None:
    """``]`` / ``[`` in a briefing with no claims said nothing at all."""
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_top_briefing(app, pilot)
        await pilot.press(key)
        await pilot.pause()
        assert "No claims in this briefing yet: c starts one." in _notes(app)
        await pilot.press("]", "[")  # pressed again while it shows: not stacked over the text
        await pilot.pause()
        assert _notes(app).count("No claims in this briefing yet: c starts one.") == 1


async def test_claim_jump_keys_say_the_claims_are_orphaned(tmp_path: Path) -> None:
    """A briefing whose only claim lost its passage: the key says so, not nothing."""
    library = write_library(tmp_path / "library")
    data = tmp_path / "data"
    claimed(library, data, "oil.md", "Analysts expect prices to stay high.")
    oil = library / "oil.md"
    oil.write_text(oil.read_text().replace("Analysts expect prices to stay high.", "Gone."))
    app = create_app(str(library), str(data))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_top_briefing(app, pilot)
        await pilot.press("]")
        await pilot.pause()
        assert any("1 orphaned" in note for note in _notes(app)), _notes(app)


async def _tab_after(app, pilot, value: str) -> tuple[Input, Label]:  # type: ignore[no-untyped-def]
    """The Add dialog opened (ctrl+n), ``value`` in its field, then tab: the field
    and the line under it."""
    await settle(app, pilot)
    await pilot.press("ctrl+n")
    await settle(app, pilot)
    assert isinstance(app.screen, AddDialog)
    field = app.screen.query_one(Input)
    field.value = value
    await pilot.press("tab")
    await settle(app, pilot)
    return field, app.screen.query_one("#add-status", Label)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_tab_in_the_add_dialog_completes_what_the_names_share_and_lists_them(
    make_app, tmp_path: Path, size: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    """``tree/a`` then tab beside ``alpha/`` and ``alps/``: it took ``alpha/``, and
    ``alps/`` could only be reached by deleting back. Now, as in a shell, tab adds
    what both share (``alp``) and names them; one more letter and tab completes.
    The names listed stayed under a path typed since (another folder's names under
    ``/workzzz``): they go once it changes; a path nothing completes is said so."""
    for name in ("alpha", "alps", "beta"):
        (tmp_path / "tree" / name).mkdir(parents=True)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        field, status = await _tab_after(app, pilot, f"{tmp_path}/tree/a")
        assert field.value == f"{tmp_path}/tree/alp"
        assert status.display and "2 names go on from here: alpha/  alps/" in str(status.render())
        await pilot.press("x")
        await settle(app, pilot)
        assert not status.display
        await pilot.press("tab")
        await settle(app, pilot)
        assert field.value == f"{tmp_path}/tree/alpx"
        assert status.display and "starts with “alpx”" in str(status.render())
        await pilot.press("backspace", "s", "tab")
        await settle(app, pilot)
        assert field.value == f"{tmp_path}/tree/alps/"
        assert not status.display


async def test_the_preview_keeps_the_passage_of_the_query_after_a_claim_is_saved(
    make_app,
) -> None:  # type: ignore[no-untyped-def]
    """Search ``analysts``, open the briefing, claim a sentence, save, go back: the
    preview showed the summary instead of the passage with the query's word (for a
    briefing without a summary: nothing at all) until the highlight moved."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"analysts", "enter")
        await settle(app, pilot)
        assert "Analysts expect prices" in screen_text(app)  # the passage, as a highlight shows it
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("c", "enter")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert len(app.screen.claims) == 1
        await pilot.press("escape")
        await settle(app, pilot)
        shown = screen_text(app)
        assert "Analysts expect prices" in shown, shown
        assert "Brent rose four percent." not in shown  # the summary, shown instead
