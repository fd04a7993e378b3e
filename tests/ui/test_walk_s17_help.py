"""What a newcomer found comparing the help (F1) with the keys, on BBC news at 80x24
and 120x40: the help listed the screen's keys only, so the keys of the focused
panel or list the footer showed (the list's `enter`, the saved searches' `r`, `x`,
`K`/`J`, the claims panel's `e`, `d`) were not in it; it listed `a`, `/`, `t`, `u` in
a side panel, where they do nothing; and the reader's `j` / `k` were left out (a
second binding of the same description was dropped)."""

from __future__ import annotations

from pathlib import Path

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.screens.help import HelpScreen
from briefing_tui.tui.screens.reader.screen import ReaderScreen
from briefing_tui.tui.widgets.claims_panel import ClaimsPanel

from .conftest import settle


async def _help(app, pilot) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """The help's table of keys at work, and its table of keys not at work."""
    await pilot.press("f1")
    await settle(app, pilot)
    assert isinstance(app.screen, HelpScreen)
    at_work, _, off = app.screen._keys.partition("## Not at work here now")
    return at_work, off


async def test_the_lists_enter_is_in_the_help(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down")
        at_work, _ = await _help(app, pilot)
        assert "| `⏎` | Open |" in at_work
        assert "| `↓`, `j` | Down |" in at_work


async def test_the_saved_panels_keys_are_in_the_help_and_the_lists_stand_aside(
    make_app,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.workspace is not None
        app.workspace.stream.add_saved("oil", "oil")  # run, rename… greyed with none (s19)
        await pilot.press("down", "w")
        await settle(app, pilot)
        at_work, off = await _help(app, pilot)
        for row in (
            "| `⏎` | Run |",
            "| `r` | Rename |",
            "| `x`, `del` | Delete |",
            "| `K`, `shift+↑` | Move up |",
            "| `esc` | Close |",
        ):
            assert row in at_work, row
        # The screen's escape is the panel's there: one escape row.
        assert at_work.count("| `esc`") == 1
        for key in ("`a`, `^n`", "`/`", "`t`, `^t`", "`u`"):
            assert f"| {key} |" not in at_work, key
            assert f"| {key} |" in off, key


async def test_the_claims_panels_keys_are_in_the_readers_help(
    make_app, library: Path, tmp_path: Path
) -> None:
    with Workspace(resolve_paths(str(library), str(tmp_path / "data"))) as ws:
        ws.sync()
        ws.annotate(ws.resolve("oil"), "Analysts expect prices to stay high.")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        record = next(r for r in app.library.records.values() if r.id == "oil")
        app.open_briefing(record)
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        assert isinstance(app.focused, ClaimsPanel)
        at_work, _ = await _help(app, pilot)
        assert "| `e` | Edit claim |" in at_work
        assert "| `d`, `del` | Delete claim |" in at_work
        assert "| `d` | What changed" not in at_work  # the panel's d, not the reader's


async def test_the_readers_help_lists_j_and_k_and_enter_only_while_selecting(
    make_app,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        record = next(r for r in app.library.records.values() if r.id == "oil")
        app.open_briefing(record)
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        at_work, off = await _help(app, pilot)
        assert "| `j`, `↓` | Line down |" in at_work
        assert "| `k`, `↑` | Line up |" in at_work
        assert "| `⏎` |" not in at_work and "| `⏎` | Claim the selected sentences" in off
        await pilot.press("escape", "c")
        await settle(app, pilot)
        at_work, off = await _help(app, pilot)
        assert "| `↓`, `j` | Next sentence |" in at_work
        assert "| `⏎` | Claim the selected sentences (the claim dialog opens) |" in at_work
        assert "| `c` | Claim |" in off


async def test_the_search_boxs_help_says_letters_are_typed_there(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        at_work, off = await _help(app, pilot)
        assert "a letter, `/`, `?` or `space` is typed into it" in at_work
        assert "| `^w` | Save the query in the search box under a name" in at_work
        assert "| `/` | Go to the search box" in off
        await pilot.press("escape", "tab")
        await settle(app, pilot)
        at_work, off = await _help(app, pilot)
        assert "is typed into it" not in at_work and "| `/` | Go to the search box" in at_work


async def test_the_find_bars_keys_are_in_the_help_and_step_through_matches(make_app) -> None:
    """In the find bar F1 listed ↓ and ↑ as "Line down" and "Line up", and enter not at
    all, while they step through the matches ("2 of 36" → "3 of 36"): the bar read
    them itself, unseen by the help."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")  # the top briefing
        await settle(app, pilot)
        await pilot.press("f", *"the")
        await settle(app, pilot)
        count = app.screen.query_one("#find-count")
        first = str(count.render())
        await pilot.press("down")
        await settle(app, pilot)
        assert str(count.render()) != first and str(count.render()).startswith("2 of")
        at_work, _ = await _help(app, pilot)
        down_rows = [line for line in at_work.splitlines() if "`↓`" in line]
        assert down_rows and all("Line down" not in line for line in down_rows), down_rows
        next_row = next(line for line in at_work.splitlines() if "Next match" in line)
        assert "`↓`" in next_row and "`⏎`" in next_row
