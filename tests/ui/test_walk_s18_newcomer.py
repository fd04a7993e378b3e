"""What a newcomer's first hour found, on the bundled samples and BBC news from 120x40
down to 40x15: F1 Help fell off the footer below 80 columns (and at 80 with the claims
panel's keys first); the help (F1) never listed `ctrl+p`, nor the outline's or the
claims panel's own keys (`enter`, the arrows), and gave their `↓` to the reader's
"Line down"; `escape` was said to close the find bar or the selection only; the line
above the text was cut mid-word when narrow; the palette listed the tags before its
commands on some starts; and `n` after the find bar closed moved without saying which
match was shown."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette

from briefing_tui.tui.providers import TagProvider
from briefing_tui.tui.screens.help import HelpScreen
from briefing_tui.tui.screens.reader.screen import ReaderScreen
from briefing_tui.tui.widgets.find_bar import FindBar
from briefing_tui.tui.widgets.footer import AppFooter

from .conftest import settle


def _footer_descriptions(app) -> list[str]:  # type: ignore[no-untyped-def]
    footer = app.screen.query_one(AppFooter)
    return [key.shown.description for key in footer.placed() if not key.palette]


def _painted(app) -> list[str]:  # type: ignore[no-untyped-def]
    update = app.screen._compositor.render_full_update()
    return ["".join(segment.text for segment in strip) for strip in update.strips]


async def _open_oil(app, pilot) -> ReaderScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    record = next(r for r in app.library.records.values() if r.id == "oil")
    app.open_briefing(record)
    await settle(app, pilot)
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


async def _help_keys(app, pilot) -> str:  # type: ignore[no-untyped-def]
    """The help's table of keys at work (before "Not at work here now")."""
    await pilot.press("f1")
    await settle(app, pilot)
    assert isinstance(app.screen, HelpScreen)
    return app.screen._keys.partition("## Not at work here now")[0]


async def test_help_stays_on_the_footer_at_60_and_40_columns(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(app, pilot)
        assert "Help" in _footer_descriptions(app)  # was: "Save search", "Add", "Tags"
        await _open_oil(app, pilot)
        for size in ((60, 20), (40, 15)):
            await pilot.resize_terminal(*size)
            await settle(app, pilot)
            shown = _footer_descriptions(app)
            assert "Help" in shown, (size, shown)
            assert any("f1 Help" in line or "? Help" in line for line in _painted(app)[-1:])


async def test_help_stays_on_the_footer_in_the_claims_panel_at_80_columns(
    make_app,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_oil(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        shown = _footer_descriptions(app)
        # Was: Edit claim, Delete claim, Link, Contradictions, Back, Claim; no Help.
        assert shown[0] == "Edit claim" and "Help" in shown, shown


async def test_the_help_lists_the_palette_key(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        keys = await _help_keys(app, pilot)
        assert "| `^p` | Command palette: every command by name" in keys


async def test_the_help_in_the_outline_gives_its_keys_not_the_readers(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_oil(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        keys = await _help_keys(app, pilot)
        assert "| `⏎` | Go to heading |" in keys, keys  # (was "Choose the highlighted one")
        assert "| `↓` | Cursor Down |" in keys
        # `↓` moves the outline's cursor there: the reader's "Line down" keeps `j`.
        assert "| `j` | Line down |" in keys and "| `j`, `↓` | Line down |" not in keys
        assert "focused outline or claims panel" in keys  # what escape does first


async def test_the_help_in_the_claims_panel_gives_its_enter_and_arrows(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_oil(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        keys = await _help_keys(app, pilot)
        for row in ("| `⏎` | Choose the highlighted one |", "| `↑` | Up |", "| `↓` | Down |"):
            assert row in keys, row
        assert "| `j` | Line down |" in keys


async def test_the_line_above_the_text_ends_in_an_ellipsis_when_narrow(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(40, 15)) as pilot:
        await _open_oil(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        line = next(row for row in _painted(app) if "Selecting" in row)
        # Was "Selecting 1 sentence · ↑↓ move · shif": cut mid-word.
        assert line.rstrip().endswith("…"), line


async def test_the_palette_lists_its_commands_before_the_tags(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        hits = [hit async for hit in TagProvider(app.screen).discover()]
        assert hits and all(hit.score < 0 for hit in hits)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        assert isinstance(app.screen, CommandPalette)
        listed = app.screen.query_one(CommandList)

        def shown() -> list[str]:
            return [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]

        for _ in range(100):  # the palette gathers its hits in the background: until the tags
            if any(prompt.startswith("Tag: ") for prompt in shown()):
                break
            await pilot.pause(0.05)
        prompts = shown()
        tags = [i for i, prompt in enumerate(prompts) if prompt.startswith("Tag: ")]
        assert tags, prompts
        # The commands first (Add briefings at the top), the tags after all of them.
        assert prompts[0].startswith("Add briefings"), prompts
        assert all(prompt.startswith("Tag: ") for prompt in prompts[tags[0] :]), prompts


async def test_n_after_the_find_bar_closed_shows_which_match(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_oil(app, pilot)
        await pilot.press("f", *"prices", "escape")
        await settle(app, pilot)
        bar = screen.query_one(FindBar)
        assert not bar.display
        await pilot.press("n")
        await settle(app, pilot)
        assert bar.display  # with its count, the focus left in the text
        assert str(screen.query_one("#find-count").render()) == "2 of 3"
        assert screen.focused is screen.query_one("#reader-scroll")
        await pilot.press("escape")
        await settle(app, pilot)
        assert not bar.display and isinstance(app.screen, ReaderScreen)
