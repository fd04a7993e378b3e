"""The reader as a newcomer meets it (issue #12): keys that do what the screen says."""

from __future__ import annotations

import math

import pytest
from textual.widgets import Input

from briefing_tui.tui.screens.reader.screen import ReaderScreen

from .conftest import settle

FILLER = (
    "Its clauses run on about ports, tariffs, grain quotas and the shipping lanes that "
    "carry them, long enough to wrap over several lines at any width"
)


def long_briefing(doc_id: str = "long", paragraphs: int = 60, headings: bool = False) -> str:
    parts = []
    for i in range(paragraphs):
        if headings and i % 10 == 0:
            parts.append(f"## Chapter {i // 10}")
        parts.append(
            f"Paragraph {i} opens here. {FILLER} in paragraph {i}. It ends with sentence {i}."
        )
    body = "\n\n".join(parts)
    return f"---\nid: {doc_id}\ntitle: Long read\ndate: 2030-01-01\n---\n\n{body}\n"


def annotate(library, data, doc_id: str, quotes: list[str]) -> None:  # type: ignore[no-untyped-def]
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace

    with Workspace(resolve_paths(str(library), str(data))) as ws:
        ws.sync()
        record = ws.resolve(doc_id)
        for quote in quotes:
            ws.annotate(record, quote)


async def open_newest(app, pilot) -> ReaderScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("enter")  # the newest briefing: dated 2030
    await settle(app, pilot)
    assert isinstance(app.screen, ReaderScreen)
    await pilot.pause()
    return app.screen


def label(screen: ReaderScreen) -> str:
    found = screen.query_one("#section-label")
    return str(found.render()) if found.display else ""


def in_view(screen: ReaderScreen, offset: int) -> bool:
    """Whether the first line of the block holding ``offset`` is on screen."""
    block = screen.query_one("#document").block_at(offset)
    scroll = screen.query_one("#reader-scroll").region
    if not block.region.height:
        return False
    top = screen.find_widget(block).region.y  # unclipped: may be above the view
    return scroll.y <= top < scroll.bottom


def centred(screen: ReaderScreen, offset: int) -> bool:
    """Whether the block holding ``offset`` starts in the middle half of the view."""
    block = screen.query_one("#document").block_at(offset)
    scroll = screen.query_one("#reader-scroll").region
    top = screen.find_widget(block).region.y
    return scroll.y + scroll.height // 4 <= top <= scroll.y + 3 * scroll.height // 4


def first_visible_text(screen: ReaderScreen) -> str:
    scroll = screen.query_one("#reader-scroll").region
    for block in screen.query_one("#document").highlightable_blocks():
        if block.region.height and block.region.bottom > scroll.y:
            return block._content.plain
    return ""


# -- 2. up/down move the sentence cursor ---------------------------------------------


async def test_down_moves_the_sentence_cursor_in_a_long_briefing(make_app, library) -> None:
    (library / "long.md").write_text(long_briefing(), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_newest(app, pilot)
        scroll = screen.query_one("#reader-scroll")
        await pilot.press("c")
        await pilot.pause()
        assert screen.selection.cursor == 0
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert screen.selection.cursor == 3
        assert in_view(screen, screen.selection.cursor_span[0])
        await pilot.press("up")
        await pilot.pause()
        assert screen.selection.cursor == 2
        await pilot.press("escape")
        await pilot.pause()
        assert screen.selection is None and app.screen is screen
        before = scroll.scroll_y
        await pilot.press("down", "down")
        await pilot.pause()
        assert scroll.scroll_y > before  # without a selection the arrows scroll


# -- 3. ] and [ visit every claim -----------------------------------------------------


def _quotes(count: int, first: int = 30) -> list[str]:
    return [f"Paragraph {i} opens here." for i in range(first, first + count)]


@pytest.mark.parametrize("first", [1, 30])
async def test_brackets_visit_every_claim_in_consecutive_paragraphs(
    make_app, library, tmp_path, first
) -> None:
    (library / "long.md").write_text(long_briefing(), encoding="utf-8")
    quotes = _quotes(5, first)
    # Near the top the view cannot centre a claim: it is only shown.
    shown = centred if first > 5 else in_view
    annotate(library, tmp_path / "data", "long", quotes)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_newest(app, pilot)
        await pilot.press("g")
        for number, quote in enumerate(quotes, start=1):
            await pilot.press("right_square_bracket")
            await pilot.pause()
            assert shown(screen, screen.plain.index(quote)), quote
            assert f"Claim {number} of 5" in label(screen)
        await pilot.press("right_square_bracket")  # wraps to the first
        await pilot.pause()
        assert "Claim 1 of 5" in label(screen)
        for number in (5, 4, 3, 2, 1):
            await pilot.press("left_square_bracket")
            await pilot.pause()
            assert f"Claim {number} of 5" in label(screen)
            assert shown(screen, screen.plain.index(quotes[number - 1]))


async def test_next_claim_counts_from_where_the_user_scrolled(make_app, library, tmp_path) -> None:
    (library / "long.md").write_text(long_briefing(), encoding="utf-8")
    quotes = ["Paragraph 5 opens here.", "Paragraph 30 opens here.", "Paragraph 50 opens here."]
    annotate(library, tmp_path / "data", "long", quotes)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_newest(app, pilot)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "Claim 1 of 3" in label(screen)
        # Scrolled away by hand to paragraph 40: "next" is the one after the view.
        block = screen.query_one("#document").block_at(screen.plain.index("Paragraph 40 opens"))
        screen.query_one("#reader-scroll").scroll_to_widget(block, top=True, animate=False)
        await pilot.pause()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "Claim 3 of 3" in label(screen)
        assert in_view(screen, screen.plain.index(quotes[2]))


async def test_previous_claim_shows_each_claims_first_line(make_app, library, tmp_path) -> None:
    tall = " ".join(f"Tall sentence {i} about the grain corridor." for i in range(80))
    text = long_briefing().replace("Paragraph 30 opens here.", f"Paragraph 30 opens here. {tall}")
    (library / "long.md").write_text(text, encoding="utf-8")
    quotes = _quotes(4, first=29)
    annotate(library, tmp_path / "data", "long", quotes)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_newest(app, pilot)
        await pilot.press("G")
        await pilot.pause()
        for number in (4, 3, 2, 1):
            await pilot.press("left_square_bracket")
            await pilot.pause()
            assert f"Claim {number} of 4" in label(screen)
            assert in_view(screen, screen.plain.index(quotes[number - 1])), number


# -- 6. escape closes the innermost thing --------------------------------------------


async def test_escape_in_the_find_bar_closes_it_and_keeps_the_selection(make_app, library) -> None:
    (library / "long.md").write_text(long_briefing(), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_newest(app, pilot)
        await pilot.press("c", "f", *"grain")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        bar = screen.query_one("#find-bar")
        assert not bar.display
        assert screen.selection is not None  # the selection is the next thing out
        assert not isinstance(app.focused, Input)
        await pilot.press("j")
        await pilot.pause()
        assert screen.query_one("#find", Input).value == "grain"
        assert screen.selection.cursor == 1
        await pilot.press("escape")
        await pilot.pause()
        assert screen.selection is None and app.screen is screen
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is not screen


# -- 8. panels keep the place ---------------------------------------------------------


async def test_claims_panel_and_outline_keep_the_passage_at_the_top(make_app, library) -> None:
    (library / "long.md").write_text(long_briefing(headings=True), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_newest(app, pilot)
        block = screen.query_one("#document").block_at(screen.plain.index("Paragraph 35 opens"))
        screen.query_one("#reader-scroll").scroll_to_widget(block, top=True, animate=False)
        await pilot.pause()
        top = first_visible_text(screen)
        assert top.startswith("Paragraph 35 opens")
        for key in ("p", "p", "o", "o"):
            await pilot.press(key)
            await settle(app, pilot)
            assert first_visible_text(screen) == top, key


# -- 9. the outline ------------------------------------------------------------------


async def test_the_outline_opens_focused(make_app, library) -> None:
    from textual.widgets import Tree

    (library / "long.md").write_text(long_briefing(headings=True), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_newest(app, pilot)
        block = screen.query_one("#document").block_at(screen.plain.index("Paragraph 35 opens"))
        screen.query_one("#reader-scroll").scroll_to_widget(block, top=True, animate=False)
        await pilot.pause()
        await pilot.press("o")
        await settle(app, pilot)
        assert isinstance(app.focused, Tree)
        assert screen.query_one("#outline").display
        # The cursor is on the heading of the passage shown: enter goes there.
        assert "Chapter 3" in str(app.focused.cursor_node.label)
        # escape closes the outline (the innermost thing), not the reader.
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen and not screen.query_one("#outline").display
        await pilot.press("p", "escape")
        await settle(app, pilot)
        assert app.screen is screen and not screen.query_one("#claims-panel").display
        assert app.focused is screen.query_one("#reader-scroll")


async def test_a_briefing_without_headings_says_so_instead_of_an_empty_outline(
    make_app, library
) -> None:
    (library / "long.md").write_text(long_briefing(), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_newest(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        assert not any(outline.display for outline in screen.query("#outline"))
        assert any("no headings" in n.message for n in app._notifications)


# -- 10. the part label --------------------------------------------------------------


async def test_the_part_label_names_the_keys_that_move_between_parts(make_app, library) -> None:
    sections = []
    for number in range(40):
        paragraphs = "\n\n".join(f"Paragraph {number}.{i} on grain exports." for i in range(60))
        sections.append(f"## Chapter {number}\n\n{paragraphs}\n")
    (library / "big.md").write_text(
        "---\nid: big\ntitle: Big report\ndate: 2030-02-02\n---\n\n" + "\n".join(sections)
    )
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_newest(app, pilot)
        text = label(screen)
        assert text.startswith("Part 1 of ")
        assert "} next part" in text and "{ previous" not in text  # the first part
        assert "[ previous" not in text
        await pilot.press("right_curly_bracket")
        await settle(app, pilot)
        assert "} next part · { previous" in label(screen)
        await pilot.press("end")  # the last part: nothing after it
        await settle(app, pilot)
        assert "{ previous" in label(screen) and "} next" not in label(screen)


# -- 11. a title: search does not move the reader -------------------------------------


async def test_a_title_search_does_not_jump_into_the_body(make_app, library) -> None:
    text = long_briefing().replace("Long read", "Zebra crossings")
    text = text.replace("It ends with sentence 50.", "It ends with a zebra.")
    (library / "long.md").write_text(text, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"title:zebra")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.pause()
        assert screen.query_one("#reader-scroll").scroll_y == 0
        assert screen._search_highlights == []


async def test_a_body_search_still_jumps_to_its_word(make_app, library) -> None:
    text = long_briefing().replace("It ends with sentence 50.", "It ends with a zebra.")
    (library / "long.md").write_text(text, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"title:long zebra")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        await pilot.pause()
        assert in_view(screen, screen.plain.index("zebra"))
        assert [screen.plain[h.start : h.end] for h in screen._search_highlights] == ["zebra"]


# -- 12. previous match without shift+enter -------------------------------------------


async def test_find_bar_arrows_step_through_matches(make_app, library) -> None:
    (library / "long.md").write_text(long_briefing(), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_newest(app, pilot)
        await pilot.press("f", *"sentence 1")
        await pilot.pause()
        count = screen.query_one("#find-count")
        total = len(screen.matches)
        assert str(count.render()) == f"1 of {total}"
        await pilot.press("down")
        assert str(count.render()) == f"2 of {total}"
        await pilot.press("up", "up")
        assert str(count.render()) == f"{total} of {total}"
        await pilot.press("shift+enter")
        assert str(count.render()) == f"{total - 1} of {total}"
        placeholder = screen.query_one("#find", Input).placeholder
        assert "↑" in placeholder and "↓" in placeholder


# -- 15. reading width ---------------------------------------------------------------


async def test_reading_width_is_capped_and_can_be_lifted(make_app, library) -> None:
    (library / "long.md").write_text(long_briefing(), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(200, 40)) as pilot:
        screen = await open_newest(app, pilot)
        document = screen.query_one("#document")
        assert app.settings.reading_width == 100
        assert document.size.width <= 100
        screen.apply_reading_width(0)
        await pilot.pause()
        assert document.size.width > 150
        screen.apply_reading_width(60)
        await pilot.pause()
        assert document.size.width <= 60


def test_reading_width_setting_is_saved_and_loaded(tmp_path) -> None:
    from briefing_tui.tui.settings import Settings

    settings = Settings.load(tmp_path / "settings.json")
    assert settings.reading_width == 100
    settings.reading_width = 0
    settings.save()
    assert Settings.load(tmp_path / "settings.json").reading_width == 0
    (tmp_path / "settings.json").write_text('{"reading_width": "wide", "theme": 3}')
    loaded = Settings.load(tmp_path / "settings.json")
    assert loaded.reading_width == 100 and loaded.theme == "textual-dark"


# -- 16. claim colours ---------------------------------------------------------------

STATUS_STYLES = ["claim-open", "claim-key", "claim-verified", "claim-disputed", "claim-false"]
OTHER_STYLES = ["search-match", "find-match", "find-current"]


async def test_claim_statuses_are_told_apart_from_each_other_and_from_matches(
    make_app, library
) -> None:
    from rich.color import ColorSystem

    (library / "long.md").write_text(long_briefing(), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_newest(app, pilot)
        document = screen.query_one("#document")
        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            await pilot.pause()
            base = document.rich_style
            for system in (ColorSystem.TRUECOLOR, ColorSystem.EIGHT_BIT):
                looks = {}
                styles = {}
                for name in STATUS_STYLES + OTHER_STYLES:
                    style = base + document.get_component_rich_style(name, partial=True)
                    styles[name] = style
                    # Told apart without the background: tints collapse into the
                    # background in 256 colours, so the text's colour or style must differ.
                    looks[name] = (
                        style.color.downgrade(system) if style.color else None,
                        bool(style.bold),
                        bool(style.italic),
                        bool(style.underline),
                        bool(style.strike),
                    )
                for name in STATUS_STYLES:
                    for other in STATUS_STYLES + OTHER_STYLES:
                        if other != name:
                            assert looks[name] != looks[other], (theme, system, name, other)
                    # Never text the colour of its own background.
                    background = styles[name].bgcolor
                    if background is not None:
                        assert looks[name][0] != background.downgrade(system), (theme, name)


async def test_the_readers_help_has_a_claim_colour_legend_and_one_escape_row(
    make_app, library
) -> None:
    (library / "long.md").write_text(long_briefing(), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_newest(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        help_screen = app.screen
        text = help_screen._text
        rows = [line for line in text.splitlines() if line.startswith("| `esc")]
        assert len(rows) == 1, rows
        legend = str(help_screen.query_one("#claim-legend").render())
        for status in ("open", "key", "verified", "disputed", "false"):
            assert status in legend


# -- smaller items -------------------------------------------------------------------


async def test_a_claim_from_a_mouse_selection_has_no_surrounding_spaces(make_app, library) -> None:
    from textual.geometry import Offset
    from textual.selection import Selection

    from briefing_tui.tui.dialogs.claim import ClaimDialog

    (library / "long.md").write_text(long_briefing(), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_newest(app, pilot)
        block = screen.query_one("#document").block_at(0)
        text = block._content.plain
        end = text.index("here.") + len("here. ")  # the selection ends after a space
        screen.selections = {block: Selection(Offset(0, 0), Offset(end, 0))}
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ClaimDialog)
        assert app.screen._quote == "Paragraph 0 opens here."


async def test_the_panel_keeps_its_claim_and_goes_to_a_new_one(make_app, library, tmp_path) -> None:
    from briefing_tui.tui.widgets.claims_panel import ClaimsPanel

    (library / "long.md").write_text(long_briefing(), encoding="utf-8")
    annotate(library, tmp_path / "data", "long", _quotes(3, first=10))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_newest(app, pilot)
        await pilot.press("p", "down", "down")  # the panel on the third claim
        await pilot.pause()
        panel = screen.query_one(ClaimsPanel)
        third = panel._current()
        assert third.quote == "Paragraph 12 opens here."
        # Someone else's write reorders the list: the cursor stays on its claim.
        screen.show_claims(list(reversed(screen.claims)))
        assert panel._current().id == third.id
        await pilot.press("p", "g", "c", "enter")  # claim the first sentence
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert len(screen.claims) == 4
        assert panel._current().quote == "Paragraph 0 opens here."


async def test_reattaching_starts_at_the_view_and_a_click_places_the_cursor(
    make_app, library, tmp_path
) -> None:
    (library / "long.md").write_text(long_briefing(), encoding="utf-8")
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace

    with Workspace(resolve_paths(str(library), str(tmp_path / "data"))) as ws:
        ws.sync()
        record = ws.resolve("long")
        ws.store.set_reading_position("long", 0.5)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.open_briefing(record, reattach_id="gone")
        await settle(app, pilot)
        screen = app.screen
        for _ in range(60):  # the cursor waits for the view to come to rest (timers)
            if screen.selection is not None:
                break
            await pilot.pause(0.05)
        assert screen.query_one("#reader-scroll").scroll_y > 0
        assert screen.selection is not None
        assert screen.selection.cursor > 0
        assert in_view(screen, screen.selection.cursor_span[0])
        # A click on another sentence puts the cursor there.
        target = screen.plain.index("It ends with sentence", screen.selection.cursor_span[0])
        block = screen.query_one("#document").block_at(target)
        await pilot.click(block, offset=(2, block.size.height - 1))
        await pilot.pause()
        start, end = screen.selection.cursor_span
        assert screen.plain[start:end].startswith("It ends with sentence")


async def test_an_impossible_reading_position_opens_at_the_top(make_app, library, tmp_path) -> None:
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace

    (library / "long.md").write_text(long_briefing(), encoding="utf-8")
    for position in (math.inf, math.nan, -3.0):
        with Workspace(resolve_paths(str(library), str(tmp_path / "data"))) as ws:
            ws.sync()
            ws.store.set_reading_position("long", position)
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_newest(app, pilot)
            assert screen.rendered, position
            assert screen.query_one("#reader-scroll").scroll_y == 0


# -- found walking it in a terminal ------------------------------------------------------


async def test_a_claim_started_with_the_claims_panel_open_can_be_finished(
    make_app, library
) -> None:
    from briefing_tui.tui.dialogs.claim import ClaimDialog

    (library / "long.md").write_text(long_briefing(), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_newest(app, pilot)
        await pilot.press("p")  # the panel takes the focus
        await pilot.pause()
        await pilot.press("c", "down")
        await pilot.pause()
        assert screen.selection is not None and screen.selection.cursor == 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClaimDialog)


async def test_keys_right_after_a_jump_to_the_end_act_where_it_landed(make_app, library) -> None:
    (library / "long.md").write_text(long_briefing(), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_newest(app, pilot)
        scroll = screen.query_one("#reader-scroll")
        await pilot.press("G", "c")  # no pause between: as a typist presses them
        await pilot.pause()
        # At the end (revealing the cursor's sentence may move the view a line or two).
        assert scroll.scroll_y >= scroll.max_scroll_y - 3
        assert in_view(screen, screen.selection.cursor_span[0])
        await pilot.press("escape", "g")
        await pilot.pause()
        assert scroll.scroll_y == 0
        # Each move lands at once: an animated jump left later keys acting on a
        # position the view was passing through (the test harness finishes
        # animations at once, so the animation asked for is what is checked).
        asked: list[bool] = []

        def spying(real):  # type: ignore[no-untyped-def]
            def spy(*args, animate: bool = True, **kwargs):  # type: ignore[no-untyped-def]
                asked.append(animate)
                return real(*args, animate=animate, **kwargs)

            return spy

        scroll.scroll_to = spying(scroll.scroll_to)
        scroll.scroll_relative = spying(scroll.scroll_relative)
        for how in ("end", "home", "page_down", "page_up", "down", "up"):
            screen.action_scroll(how)
        for action in ("scroll_end", "scroll_home", "page_down", "page_up"):
            getattr(scroll, f"action_{action}")()
        assert asked and not any(asked)


async def test_a_long_line_in_a_code_block_wraps_instead_of_being_cut(make_app, library) -> None:
    from briefing_tui.tui.widgets.markdown_blocks import BriefingFence

    line = "id: lavrov-new-delhi-2021      # stable identity: tags and claims hang off it, end"
    (library / "code.md").write_text(
        f"---\nid: code\ntitle: Code\ndate: 2030-01-01\n---\n\n```yaml\n{line}\n```\n"
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_newest(app, pilot)
        fence = screen.query_one(BriefingFence)
        assert fence.region.height >= 2 + 2  # two lines of text (and its padding)
        assert fence.max_scroll_x == 0  # nothing hidden to the right


async def test_find_starts_from_the_passage_in_view(make_app, library) -> None:
    (library / "long.md").write_text(long_briefing(), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_newest(app, pilot)
        await pilot.press("G")
        await pilot.pause()
        top = first_visible_text(screen)
        await pilot.press("f", *"opens here")
        await pilot.pause()
        start, _ = screen.matches[screen.current_match]
        assert screen.current_match > 0  # not the briefing's first match, back at the top
        assert screen.plain.index(top) <= start
        assert in_view(screen, start)


async def test_the_selection_line_fits_80_columns(make_app, library) -> None:
    (library / "long.md").write_text(long_briefing(), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_newest(app, pilot)
        await pilot.press("c", "shift+down")
        await pilot.pause()
        text = label(screen)
        assert text.startswith("Selecting 2 sentences") and text.endswith("esc cancel")
        assert len(text) <= screen.query_one("#section-label").content_region.width


async def test_the_footer_says_re_attach_when_enter_re_attaches(
    make_app, library, tmp_path
) -> None:
    """From review (f3 → r) the line above said "enter re-attach" while the footer
    offered "⏎ Claim it"."""
    (library / "long.md").write_text(long_briefing(), encoding="utf-8")
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace

    with Workspace(resolve_paths(str(library), str(tmp_path / "data"))) as ws:
        ws.sync()
        record = ws.resolve("long")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.open_briefing(record, reattach_id="gone")
        await settle(app, pilot)
        await pilot.pause()
        screen = app.screen
        assert screen.selection is not None

        def enter() -> list[str]:
            return [
                binding.description
                for _node, binding, enabled, _tip in screen.active_bindings.values()
                if binding.key == "enter" and enabled
            ]

        assert enter() == ["Re-attach"]
        await pilot.press("escape")  # the re-attach cancelled: a claim starts as usual
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert screen.selection is not None and enter() == ["Claim it"]


@pytest.mark.parametrize(("start", "end"), [((80, 24), (120, 40)), ((120, 40), (80, 24))])
async def test_resizing_the_terminal_keeps_the_passage_at_the_top(
    make_app, library, start: tuple[int, int], end: tuple[int, int]
) -> None:
    """The line offset was kept, not the passage: widening from 80 to 120
    columns moved the view two paragraphs on, narrowing moved it back."""
    (library / "long.md").write_text(long_briefing(), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=start) as pilot:
        screen = await open_newest(app, pilot)
        for _ in range(6):
            await pilot.press("space")
        await settle(app, pilot)
        block, _into = screen._top_anchor()
        top_text = block.source_text if hasattr(block, "source_text") else str(block)
        await pilot.resize_terminal(*end)
        await settle(app, pilot)
        await pilot.pause()
        after, _ = screen._top_anchor()
        assert after is block, (top_text, str(after))


async def test_the_outline_nests_a_heading_under_the_one_above_without_blank_rows(
    make_app, library
) -> None:
    """A briefing opening with an h2, an h3 after an h1, an h5 after an h2: Textual's
    table of contents put each under a blank row for the level skipped (``▼ Ⅲ``)."""
    from textual.widgets import Tree

    body = "\n\n".join(
        ["## Opening", "Text.", "# Part one", "### Detail", "Text.", "## Section", "##### Deep"]
    )
    (library / "skips.md").write_text(
        f"---\nid: skips\ntitle: Skipped levels\ndate: 2030-01-01\n---\n\n{body}\n",
        encoding="utf-8",
    )
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_newest(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        tree = app.focused
        assert isinstance(tree, Tree)
        rows = []
        for line in range(tree.last_line + 1):
            node = tree.get_node_at_line(line)
            assert node is not None
            depth, above = 0, node.parent
            while above is not None:
                depth, above = depth + 1, above.parent
            rows.append((depth, node.label.plain))
        assert rows == [
            (1, "Ⅱ Opening"),
            (1, "Ⅰ Part one"),
            (2, "Ⅲ Detail"),
            (2, "Ⅱ Section"),
            (3, "Ⅴ Deep"),
        ]
