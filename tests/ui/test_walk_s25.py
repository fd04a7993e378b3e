"""What a newcomer's walk over BBC articles found in session 25, at 80x24 and 120x40;
each test fails without its fix."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, TextArea

from briefing_tui.tui.app import create_app
from briefing_tui.tui.dialogs.claim import ClaimDialog
from briefing_tui.tui.dialogs.confirm import ConfirmScreen
from briefing_tui.tui.screens.library import LibraryScreen
from briefing_tui.tui.screens.reader.screen import ReaderScreen

from .conftest import claimed, open_top_briefing, settle, write_library
from .test_library_newcomer import screen_text
from .test_walk_s24 import _until_quit


async def _two_escapes_at_once(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """``escape escape`` as a terminal gives them (one read): both queued before either runs."""
    app.post_message(events.Key("escape", "\x1b"))
    app.post_message(events.Key("escape", "\x1b"))
    await pilot.pause(0.3)
    await settle(app, pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_escape_twice_from_the_outline_closes_it_then_leaves_the_reader(
    make_app, size: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    """Both escapes went to the outline's tree: the first closed it, the second opened
    it again, and a newcomer mashing escape stood still (a walk)."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_top_briefing(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        assert screen.query_one("#outline").display
        await _two_escapes_at_once(app, pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_escape_once_in_the_outline_still_only_closes_it(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_top_briefing(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen and not screen.query_one("#outline").display


async def _typing_a_new_claim(app, pilot) -> ClaimDialog:  # type: ignore[no-untyped-def]
    await open_top_briefing(app, pilot)
    await pilot.press("c", "enter")
    await settle(app, pilot)
    dialog = app.screen
    assert isinstance(dialog, ClaimDialog)
    dialog.query_one("#claim-note", TextArea).insert("Check against the ministry's figures.")
    await pilot.pause()
    return dialog


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_ctrl_q_over_a_typed_claim_asks_before_throwing_it_away(
    make_app, size: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    """``ctrl+q`` in the claim dialog ended the app at once, the note being written
    lost, where ``escape`` asks (a walk). ``n`` goes back to the note, unchanged."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        dialog = await _typing_a_new_claim(app, pilot)
        await pilot.press("ctrl+q")
        await settle(app, pilot)
        assert app.is_running
        assert isinstance(app.screen, ConfirmScreen)
        assert "Quit and discard this new claim?" in str(app.screen.query_one("#question").render())
        await pilot.press("n")
        await settle(app, pilot)
        assert app.screen is dialog
        assert dialog.query_one("#claim-note", TextArea).text.startswith("Check against")
        await pilot.press("ctrl+q")  # asked again; y quits
        await settle(app, pilot)
        await pilot.pause(ConfirmScreen.BURST_GAP)  # an answer, not the typing going on
        await pilot.press("y")
        await _until_quit(app, pilot)


async def test_ctrl_q_twice_quits_and_ctrl_q_with_nothing_typed_quits_at_once(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _typing_a_new_claim(app, pilot)
        await pilot.press("ctrl+q")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("ctrl+q")
        await _until_quit(app, pilot)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_top_briefing(app, pilot)
        await pilot.press("c", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ClaimDialog)
        await pilot.press("ctrl+q")
        await _until_quit(app, pilot)


@pytest.mark.parametrize(("key", "box"), [("f5", "#tl-q"), ("f2", "#claims-filter")])
async def test_enter_on_a_refused_query_stays_in_its_box_and_opens_nothing(
    tmp_path: Path, key: str, box: str
) -> None:
    """F5 (or F2), ``AND (`` and enter: the reason showed, but the list of the last
    good query took the focus (F5), or its top claim was opened (F2), and a second
    enter opened a briefing (a walk)."""
    library = write_library(tmp_path / "library")
    claimed(library, tmp_path / "data", "oil.md", "Analysts expect prices to stay high.")
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(key)
        await settle(app, pilot)
        screen = app.screen
        query = screen.query_one(box, Input)
        query.focus()
        await pilot.press(*"AND (")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.pause(0.2)
        assert app.screen is screen
        assert app.focused is query
        assert "⚠" in screen_text(app)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen and app.focused is query
        # Mended, enter goes on as before: to the list (F5) or the claim (F2).
        for _ in "AND (":
            await pilot.press("backspace")
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.pause(0.2)
        assert app.focused is not query or isinstance(app.screen, ReaderScreen)


@pytest.mark.parametrize(
    ("size", "both"), [((80, 24), False), ((120, 40), False), ((160, 40), True)]
)
async def test_the_outline_and_the_claims_panel_leave_the_text_room(
    make_app, size: tuple[int, int], both: bool
) -> None:  # type: ignore[no-untyped-def]
    """``p`` then ``o`` at 80 columns: the two panels took every column, no word of the
    briefing left on screen (a walk); at 120, 22 columns. Below 150 opening one closes
    the other; wider, both stay."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_top_briefing(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        outline, panel = screen.query_one("#outline"), screen.query_one("#claims-panel")
        assert outline.display and panel.display == both
        assert screen.query_one("#reader-scroll").size.width >= 30
        await pilot.press("p")  # and the other way round
        await settle(app, pilot)
        assert panel.display and outline.display == both


async def test_the_empty_claims_panel_greys_the_keys_it_cannot_use(make_app) -> None:  # type: ignore[no-untyped-def]
    """A briefing without claims, ``p``: "No claims yet", but ``e Edit claim d Delete
    claim l Link x Contradictions`` offered as if they worked, and ``e`` did nothing,
    unsaid (a walk). They are greyed until a claim is listed."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_top_briefing(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        enabled = {key: b.enabled for key, b in screen.active_bindings.items()}
        assert {enabled[key] for key in ("e", "d", "l", "x")} == {False}, enabled
        said = len(app._notifications)
        for key in ("d", "e", "l", "x"):  # greyed, and no one else's key either
            await pilot.press(key)
            await settle(app, pilot)
            assert app.screen is screen and len(app._notifications) == said, key
        await pilot.press("c", "enter")  # a claim made: they work again
        await settle(app, pilot)
        await pilot.press("ctrl+s")  # (the panel, where c began, has the keys again)
        await settle(app, pilot)
        enabled = {key: b.enabled for key, b in screen.active_bindings.items()}
        assert {enabled[key] for key in ("e", "d", "l", "x")} == {True}, enabled


def _report_with_matches_in_parts(library: Path) -> None:
    """40 chapters (shown a part at a time), "wheat" twice in five of them."""
    chapters = []
    for number in range(40):
        paragraphs = [f"Paragraph {number}.{i} on grain exports." for i in range(60)]
        if number in (0, 3, 12, 25, 38):
            paragraphs[5] = f"Wheat in chapter {number}, first."
            paragraphs[40] = f"Wheat in chapter {number}, again."
        chapters.append(f"## Chapter {number}\n\n" + "\n\n".join(paragraphs) + "\n")
    text = "---\nid: big\ntitle: Big report\n---\n\n" + "\n".join(chapters)
    (library / "big.md").write_text(text)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_n_pressed_at_speed_goes_on_through_the_parts(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """``n`` at key-repeat speed in a briefing shown in parts went 1 → 6 → 10 → 1: the
    match gone to in another part was not in view yet, so the next ``n`` counted from
    the top of the view, back to the first match (a walk)."""
    library = tmp_path / "library"
    library.mkdir()
    _report_with_matches_in_parts(library)
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press(*"wheat")
        screen = await open_top_briefing(app, pilot)
        assert isinstance(screen, ReaderScreen) and screen.doc_layout is not None
        assert screen.doc_layout.sectioned and len(screen._search_highlights) == 10
        for expected in (4, 8):
            for _ in range(4):  # as a terminal gives held keys: no wait for the screen
                app.post_message(events.Key("n", "n"))
                await asyncio.sleep(0.035)
            await settle(app, pilot)
            await pilot.pause(0.6)
            await settle(app, pilot)
            assert screen._search_current == expected, screen._search_current
            assert f"Search match {expected + 1} of 10" in screen.search_position()


async def test_narrowing_the_terminal_closes_the_outline_beside_the_claims_panel(
    make_app,
) -> None:  # type: ignore[no-untyped-def]
    """Both side panels open at 160 columns, then the terminal narrowed to 100: both
    stayed, the text left with about ten columns (a review)."""
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_top_briefing(app, pilot)
        await pilot.press("p")
        await pilot.press("o")
        await settle(app, pilot)
        outline, panel = screen.query_one("#outline"), screen.query_one("#claims-panel")
        assert outline.display and panel.display
        await pilot.resize_terminal(100, 40)
        await settle(app, pilot)
        await pilot.pause(0.1)
        assert panel.display and not outline.display
        assert screen.query_one("#reader-scroll").size.width >= 30


async def test_n_after_going_to_another_part_counts_from_that_part(tmp_path: Path) -> None:
    """``}`` to a later part, then ``n`` at once: it went back to the match after the
    last one gone to, in the first part, not the first match of the part shown (a review)."""
    library = tmp_path / "library"
    library.mkdir()
    _report_with_matches_in_parts(library)
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"wheat")
        screen = await open_top_briefing(app, pilot)
        assert isinstance(screen, ReaderScreen) and screen.doc_layout is not None
        await pilot.press("n")  # match 2, in the first part
        await settle(app, pilot)
        assert screen._search_current == 1 and screen.section == 0
        await pilot.press("right_curly_bracket", "n")
        await settle(app, pilot)
        await pilot.pause(0.3)
        await settle(app, pilot)
        assert screen._search_current > 1, screen.search_position()


async def test_the_next_claim_from_the_top_of_a_later_part_is_in_or_after_it(
    tmp_path: Path,
) -> None:
    """At the top of a later part, ``]`` counted from offset 0 (the view's top taken for
    the briefing's), and went back to the first part's claim (a review)."""
    library = tmp_path / "library"
    library.mkdir()
    _report_with_matches_in_parts(library)
    for quote in ("Wheat in chapter 0, first.", "Wheat in chapter 12, first."):
        claimed(library, tmp_path / "data", "big.md", quote)
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_top_briefing(app, pilot)
        for _ in range(5):  # to the top of part 6
            await pilot.press("right_curly_bracket")
            await settle(app, pilot)
        assert screen.section == 5
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        await pilot.pause(0.3)
        assert "Claim 2 of 2" in screen.claim_position(), screen.claim_position()


async def test_enter_on_a_refused_library_query_opens_nothing(make_app) -> None:  # type: ignore[no-untyped-def]
    """``AND (`` in the search box, then enter: the reason showed, and the top briefing
    of the last good query opened (F2 and F5 open nothing there; a walk)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"AND (")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert "⚠" in screen_text(app)
        for _ in "AND (":
            await pilot.press("backspace")
        await pilot.press(*"oil", "enter")  # mended: enter opens again
        await settle(app, pilot)
        await pilot.pause(0.3)
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen), (
            app.screen.query_one("#search", Input).value,
            screen_text(app)[-600:],
        )


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_heading_of_another_part_chosen_in_the_outline_is_at_the_top(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """The outline's ``enter`` on a heading of another part: the heading was centred, under
    the end of the chapter before it, and the outline's cursor went back there (a walk)."""
    from textual.widgets import Tree

    library = tmp_path / "library"
    library.mkdir()
    chapters = [  # several chapters to a part: most begin inside one
        f"## Chapter {n}\n\n" + "\n\n".join(f"Line {n}.{i} of grain." for i in range(12))
        for n in range(120)
    ]
    (library / "big.md").write_text("---\ntitle: Big report\n---\n\n" + "\n\n".join(chapters))
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=size) as pilot:
        screen = await open_top_briefing(app, pilot)
        assert screen.doc_layout is not None and screen.doc_layout.sectioned
        sections = screen.doc_layout.sections
        # A chapter inside a later part, not its first heading.
        wanted = next(
            n for n in range(60, 120)
            if any(s.title != f"Chapter {n}" for s in sections)
            and screen.doc_layout.section_of_offset(screen.plain.index(f"Line {n}.0 ")) > 0
            and screen.doc_layout.section_of_offset(screen.plain.index(f"Line {n}.0 "))
            == screen.doc_layout.section_of_offset(screen.plain.index(f"Line {n - 1}.0 "))
        )  # fmt: skip
        part = screen.doc_layout.section_of_offset(screen.plain.index(f"Line {wanted}.0 "))
        await pilot.press("o")
        await settle(app, pilot)
        tree = screen.query_one("#outline").query_one(Tree)
        line = next(
            n for n in range(tree.last_line + 1)
            if str(tree.get_node_at_line(n).label).endswith(f"Chapter {wanted}")  # type: ignore[union-attr]
        )  # fmt: skip
        tree.cursor_line = line
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.pause(0.3)
        await settle(app, pilot)
        assert screen.section == part
        text = screen_text(app).splitlines()
        label = next(n for n, row in enumerate(text) if f"Part {part + 1} of " in row)
        column = [row.split("│", 1)[-1] for row in text[label + 1 : -1]]  # right of the outline
        first = next(row for row in column if row.strip(" ▊▎▏▁▃▅▇"))
        assert f"Chapter {wanted}" in first, column


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_footer_says_escape_cancels_the_selection(make_app, size) -> None:  # type: ignore[no-untyped-def]
    """While selecting, the footer said "esc Back" where escape cancels the selection,
    the reader staying (a walk)."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_top_briefing(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "esc Cancel selection" in footer and "esc Back" not in footer, footer
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen and screen.selection is None
        assert "esc Back" in screen_text(app).splitlines()[-1]


async def test_the_claims_panels_footer_says_escape_closes_it(make_app) -> None:  # type: ignore[no-untyped-def]
    """The claims panel focused, the footer said "esc Back" (the outline's says "esc
    Close outline"); escape closes the panel, the reader stays (a walk)."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_top_briefing(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "esc Close panel" in footer and "esc Back" not in footer, footer
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen and not screen.query_one("#claims-panel").display
