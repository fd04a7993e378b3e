"""TUI defects noted by an earlier walk and fixed in session 20, each test failing
without its fix: at 80x24 and 120x40, short and long briefings, keys typed at speed."""

from __future__ import annotations

from pathlib import Path

import pytest
from confirm_support import answer_yes
from rich.cells import cell_len
from textual import events
from textual.widgets import Input, Label, OptionList

from briefing_tui.tui.app import BriefingApp, create_app
from briefing_tui.tui.dialogs.add import AddDialog
from briefing_tui.tui.dialogs.confirm import ConfirmScreen
from briefing_tui.tui.dialogs.links import LinksDialog
from briefing_tui.tui.dialogs.tags import TagEditorScreen
from briefing_tui.tui.screens.reader import ReaderScreen
from briefing_tui.tui.widgets.briefing_list import BriefingList
from briefing_tui.tui.widgets.footer import AppFooter

from .conftest import open_top_briefing, settle, write_library
from .test_library_newcomer import screen_text
from .test_s18_code_highlights import _backgrounds

SIZES = [(80, 24), (120, 40)]
SIZE_IDS = ["80x24", "120x40"]


def _footer_of(app: BriefingApp) -> list[tuple[str, str]]:
    """The keys the footer under the top screen draws, as (key, description)."""
    screen = app.screen_stack[-2] if app.screen.is_modal else app.screen
    footer = screen.query_one(AppFooter)
    return [(p.shown.display, p.shown.description) for p in footer.placed() if not p.palette]


def _read(app: BriefingApp, doc_id: str) -> bool:
    assert app.workspace is not None
    return app.workspace.stream.states([doc_id])[doc_id].read


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_the_confirmations_footer_says_which_key_says_yes(make_app, size) -> None:  # type: ignore[no-untyped-def]
    """``M`` in the list asks "Mark 3 briefings read?": the footer said only "esc No
    f1 Help", so a newcomer could not see from it how to say yes."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("down")
        await settle(app, pilot)
        await pilot.press("M")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        shown = _footer_of(app)
        assert ("y", "Yes") in shown, shown
        assert ("n", "No") in shown, shown
        await answer_yes(pilot)
        await settle(app, pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        assert all(_read(app, doc_id) for doc_id in ("oil", "sanctions", "election"))


def _label(screen: ReaderScreen) -> str:
    label = screen.query_one("#section-label", Label)
    return str(label.content) if label.display else ""


#: A briefing shown a part at a time, a chapter heading per part, "zebra" here and there.
LARGE = "---\ntitle: Spec\ndate: 2024-01-01\n---\n\n" + "\n\n".join(
    (f"## Chapter {i // 300} on the long road home\n\n" if i % 300 == 0 else "")
    + f"Example {i} of the spec, on its own."
    + (" A zebra crossing." if i % 97 == 0 else "")
    for i in range(1200)
)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_the_search_matchs_keys_are_whole_above_a_large_briefings_text(
    tmp_path: Path, size
) -> None:  # type: ignore[no-untyped-def]
    """Opened from a search, ``n``: at 80 columns the line above the text read "Part 1
    of 8  Chapter 0 on the long road home  } next part · { previous  Searc…", the
    match's count and its keys cut off."""
    library = write_library(tmp_path / "library", {"spec.md": LARGE})
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press(*"zebra")
        screen = await open_top_briefing(app, pilot)
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        text = _label(screen)
        assert text.startswith("Part 1 of 8  "), text
        assert "atch 2 of " in text and text.endswith("n next · N previous"), text
        assert cell_len(text) <= size[0] - 2, text
        shown = screen_text(app).splitlines()[4]  # as painted, not cut by the label
        assert shown.rstrip().endswith("n next · N previous"), shown
        await pilot.resize_terminal(60, 20)
        await settle(app, pilot)
        # The match may have left the shorter view (the line says it only while in
        # view): gone to again, it is said whole at 60 columns.
        await pilot.press("N", "n")
        await settle(app, pilot)
        assert _label(screen).endswith("n next · N previous"), _label(screen)
        assert cell_len(_label(screen)) <= 58, _label(screen)


#: Forty paragraphs of three lines, each line with a link of its paragraph's.
LINKED = "---\ntitle: Linked\ndate: 2024-05-01\n---\n\n" + "\n\n".join(
    "\n".join(f"Paragraph {i} cites the [note {i}](https://example.org/n{i})." for _ in range(3))
    for i in range(40)
)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("key", ["L", "tab"])
async def test_the_links_list_starts_at_the_first_link_in_view(tmp_path: Path, size, key) -> None:  # type: ignore[no-untyped-def]
    """At the end of a briefing, ``L`` (or ``tab``) to follow a link in front of you:
    the list's cursor was on the briefing's first link ("note 0"), screens of links
    above the one in view. At the top it starts on the first link, as before."""
    library = write_library(tmp_path / "library", {"linked.md": LINKED})
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=size) as pilot:
        screen = await open_top_briefing(app, pilot)
        await pilot.press(key)
        await settle(app, pilot)
        assert isinstance(app.screen, LinksDialog)
        assert _link_on_cursor(app) == "note 0"
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("G")
        await settle(app, pilot)
        text = screen_text(app)
        top = next(line for line in text.splitlines() if "Paragraph" in line).split()[1]
        assert int(top) > 20, text
        await pilot.press(key)
        await settle(app, pilot)
        assert isinstance(app.screen, LinksDialog)
        assert screen.is_attached
        assert _link_on_cursor(app) == f"note {top}", (_link_on_cursor(app), text)


def _link_on_cursor(app: BriefingApp) -> str:
    options = app.screen.query_one(OptionList)
    assert options.highlighted is not None
    return str(options.get_option_at_index(options.highlighted).prompt).splitlines()[0]


def _table_briefing(rows: int) -> str:
    """A briefing with a table of ``rows`` rows (over 40: drawn by our own widget)."""
    lines = ["| Commodity | Price | Note |", "|---|---|---|"]
    lines += [f"| item {i} | {i} | steady |" for i in range(rows)]
    lines[4] = "| crude zebrawood | 80 | up |"
    return "---\ntitle: Prices\ndate: 2024-05-01\n---\n\nPrices this week.\n\n" + "\n".join(lines)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("rows", [4, 60], ids=["small-table", "large-table"])
async def test_find_marks_its_match_inside_a_table(tmp_path: Path, size, rows) -> None:  # type: ignore[no-untyped-def]
    """``f`` then a word in a table's cell: "1 of 1" was said, and nothing in the
    table was highlighted (tables, small and large, took no highlights)."""
    library = write_library(tmp_path / "library", {"prices.md": _table_briefing(rows)})
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=size) as pilot:
        await open_top_briefing(app, pilot)
        before, _ = _backgrounds(app, "zebrawood")
        await pilot.press("f", *"zebrawood", "enter")
        await settle(app, pilot)
        await pilot.pause(0.2)
        inside, outside = _backgrounds(app, "zebrawood")
        assert inside and inside != before and not inside & outside, (before, inside, outside)
        # The match alone: "crude" beside it in the same cell keeps the table's look.
        crude, _ = _backgrounds(app, "crude")
        assert crude == before or not crude & inside, (crude, inside)


def _keys_at_speed(app: BriefingApp, *keys: str) -> None:
    """Keys queued together, as a terminal sends what was typed in one read."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_tab_pressed_twice_at_speed_completes_twice_in_the_add_dialog(
    make_app, tmp_path: Path, size
) -> None:  # type: ignore[no-untyped-def]
    """``.../al`` then tab tab: the second tab came before the completion of what the
    first made was worked out (the suggester answers later) and was lost, so the
    path stopped at ``alpha/``; a third key then took a stale suggestion."""
    (tmp_path / "tree" / "alpha" / "beta").mkdir(parents=True)
    (tmp_path / "tree" / "alpha" / "beta" / "report.txt").write_text("Some words.\n")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        assert isinstance(app.screen, AddDialog)
        field = app.screen.query_one(Input)
        field.value = f"{tmp_path}/tree/al"
        await settle(app, pilot)
        _keys_at_speed(app, "tab", "tab")
        await settle(app, pilot)
        assert field.value == f"{tmp_path}/tree/alpha/beta/"
        _keys_at_speed(app, "tab", "x")
        await settle(app, pilot)
        assert field.value == f"{tmp_path}/tree/alpha/beta/report.txtx"


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_a_path_typed_right_after_ctrl_n_in_the_search_box_goes_to_the_add_dialog(
    make_app, size
) -> None:  # type: ignore[no-untyped-def]
    """``ctrl+n`` then ``/tmp`` in one read, the search box focused: the dialog
    opened empty and the path was typed into the search box (a search for "/tmp")."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        search = app.library.query_one("#search", Input)
        assert search.has_focus
        _keys_at_speed(app, "ctrl+n", *"/tmp")
        await settle(app, pilot)
        assert isinstance(app.screen, AddDialog)
        assert app.screen.query_one(Input).value == "/tmp"
        assert search.value == ""


async def test_tags_typed_right_after_ctrl_t_in_the_search_box_go_to_the_tags_dialog(
    make_app,
) -> None:  # type: ignore[no-untyped-def]
    """``ctrl+t`` then ``urgent`` at speed from the search box: the tags were typed
    into the query, the tags dialog left empty."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        _keys_at_speed(app, "ctrl+t", *"urgent")
        await settle(app, pilot)
        assert isinstance(app.screen, TagEditorScreen)
        assert app.screen.query_one(Input).value == "urgent"
        assert app.library.query_one("#search", Input).value == ""


async def test_letters_after_a_key_that_opens_no_dialog_stay_in_the_search_box(
    make_app,
) -> None:  # type: ignore[no-untyped-def]
    """Held while ``ctrl+s`` (the sort) runs, the letters typed after it are the
    search box's, in order, once it has."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        _keys_at_speed(app, "o", "ctrl+s", *"il")
        await settle(app, pilot)
        assert app.screen is app.library
        assert app.library.query_one("#search", Input).value == "oil"


@pytest.mark.parametrize("where", ["list", "search box"])
async def test_keys_typed_right_after_enter_go_to_the_reader_it_opens(make_app, where) -> None:  # type: ignore[no-untyped-def]
    """``enter`` then ``t`` and ``urgent`` in one read. From the list, ``t`` ran the
    list's tag editor and the reader opened over that dialog; from the search box
    the letters were typed into the query ("oilturgent") and nothing opened. They
    are the reader's: ``t`` opens its tags dialog, which gets "urgent"."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        if where == "list":
            await pilot.press("down")
        else:
            await pilot.press(*"oil")
        await settle(app, pilot)
        _keys_at_speed(app, "enter", "t", *"urgent")
        await settle(app, pilot)
        names = [type(screen).__name__ for screen in app.screen_stack[1:]]
        assert names == ["LibraryScreen", "ReaderScreen", "TagEditorScreen"], names
        assert app.screen.query_one(Input).value == "urgent"
        assert app.library.query_one("#search", Input).value == ("" if where == "list" else "oil")


async def test_keys_typed_after_an_enter_that_opens_nothing_reach_the_box_at_once(
    make_app,
) -> None:  # type: ignore[no-untyped-def]
    """``enter`` on a query with no results opens no reader: the keys typed after it,
    held for a reader said to be coming, waited a second (its longest wait) before
    reaching the box. They go on at once; nothing is held after such an enter."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"zqxj")
        await settle(app, pilot)
        assert not app.library.query_one(BriefingList).rows
        _keys_at_speed(app, "enter", *"wv")
        await pilot.pause()
        assert app.library.query_one("#search", Input).value == "zqxjwv"
        assert not app._typeahead._held  # nothing waiting for its second to pass


async def test_the_footer_says_escape_closes_the_find_bar(make_app) -> None:  # type: ignore[no-untyped-def]
    """With the reader's find bar open the footer said "esc Back", but escape only
    closes the bar (a newcomer walk): it says "esc Close find", and does so."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_top_briefing(app, pilot)
        assert ("esc", "Back") in _footer_of(app)
        await pilot.press("f")
        await pilot.pause()
        footer = _footer_of(app)
        assert ("esc", "Close find") in footer, footer
        assert ("esc", "Back") not in footer
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert not screen.query_one("#find-bar").display
        assert ("esc", "Back") in _footer_of(app)


@pytest.mark.parametrize(("last", "first"), [("end", "home"), ("G", "g")])
async def test_home_and_end_move_the_sentence_cursor(make_app, last: str, first: str) -> None:  # type: ignore[no-untyped-def]
    """While selecting a claim, ``G``/``end`` and ``g``/``home`` did nothing (claiming a
    long briefing's last sentence took a ``j`` a sentence): they go to the last and
    first sentence, and the claim dialog quotes it."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_top_briefing(app, pilot)
        await pilot.press("c")
        await pilot.pause()
        assert screen.selection is not None
        await pilot.press(last)
        await pilot.pause()
        assert screen.selection.cursor == len(screen.sentences) - 1 > 0
        await pilot.press(first)
        await pilot.pause()
        assert screen.selection.cursor == 0
        await pilot.press(last, "enter")
        await pilot.pause()
        start, end = screen.sentences[-1]
        quote = " ".join(str(app.screen.query_one("#claim-quote Label").render()).split())
        assert " ".join(screen.plain[start:end].split())[:40] in quote, quote
