"""Defects a newcomer walk finds, fixed in session 24, each test failing without its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, Label, TextArea

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui import typeahead
from briefing_tui.tui.app import BriefingApp, create_app
from briefing_tui.tui.dialogs.claim import ClaimDialog
from briefing_tui.tui.dialogs.confirm import ConfirmScreen
from briefing_tui.tui.dialogs.links import LinksDialog
from briefing_tui.tui.dialogs.prompt import PromptScreen
from briefing_tui.tui.screens.help import HelpScreen
from briefing_tui.tui.screens.library import LibraryScreen
from briefing_tui.tui.screens.reader.screen import ReaderScreen
from briefing_tui.tui.widgets.briefing_list import BriefingList

from .conftest import claimed, open_top_briefing, settle, write_library
from .test_library_newcomer import screen_text


async def _until_quit(app: BriefingApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait (bounded, generously) for the app to have quit."""
    for _ in range(100):
        if not app.is_running:
            return
        await pilot.pause(0.1)
    raise AssertionError("the app did not quit")


async def test_a_word_typed_into_the_list_from_q_is_searched_not_a_quit(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """ "quokka" typed into the list (a title in the library) quit the app at its q;
    ``kilroy`` lost its k. A q alone still quits, a moment later."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down")
        assert isinstance(app.focused, BriefingList)
        for letter in "quokka":  # one read of the terminal: the keys at once
            app.post_message(events.Key(letter, letter))
        await pilot.pause(0.6)
        await settle(app, pilot)
        assert app.is_running
        assert app.screen.query_one("#search", Input).value == "quokka"
        await pilot.press("down")
        assert isinstance(app.focused, BriefingList)
        monkeypatch.setattr(typeahead, "QUIT_WAIT_S", 1.0)  # (a loaded machine's pauses)
        await pilot.press("q")
        assert app.is_running  # not at once: a letter may follow
        await _until_quit(app, pilot)


async def test_the_claim_dialogs_empty_short_fields_show_where_to_type(make_app) -> None:  # type: ignore[no-untyped-def]
    """At 80x24 the tags, credibility and event date fields have no frame: empty, each
    was a blank line under its label, nowhere to see where to type (a walk)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_top_briefing(app, pilot)
        await pilot.press("c", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ClaimDialog)
        lines = screen_text(app).splitlines()
        under = {
            label: lines[number + 1]
            for number, line in enumerate(lines)
            for label in ("Tags (space separated)", "Credibility (1 to 6")
            if label in line
        }
        assert "e.g. sanctions energy" in under["Tags (space separated)"]
        assert "1-6" in under["Credibility (1 to 6"]
        assert "YYYY-MM-DD" in under["Credibility (1 to 6"]


PRIME_MOVERS = """---
title: Terror powers expose tyranny
date: 2005-02-01
---

The prime movers are not easy to bring to trial, the lawyers said at length.

Much later in the article: the prime minister answered his critics on Tuesday.
"""


async def test_the_lists_passage_of_a_phrase_search_holds_the_phrase(tmp_path: Path) -> None:
    """``"prime minister"`` then ``v``: the row's passage was "The prime movers are
    not easy…", "prime" alone marked; the preview had the phrase (a walk)."""
    library = write_library(tmp_path / "library", {"terror.md": PRIME_MOVERS})
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press(*'"prime minister"', "down", "v")
        await settle(app, pilot)
        await pilot.pause(0.2)
        await settle(app, pilot)
        listing = app.screen.query_one(BriefingList)
        assert listing.lines_per_row == 2
        passage = list(listing.render_line(1 - listing.scroll_offset.y))
        text = "".join(segment.text for segment in passage)
        assert "prime minister answered" in text, text
        marked = [s.text for s in passage if s.style is not None and s.style.underline]
        assert "".join(marked).replace(" ", "") == "primeminister", marked


async def test_the_tag_managers_line_of_keys_is_whole_at_80_columns(tmp_path: Path) -> None:
    """F4 at 80x24 with tags on claims too: the line ended "… d: delete · enter: se"."""
    library = write_library(tmp_path / "library")
    data = tmp_path / "data"
    claimed(library, data, "oil.md", "Analysts expect prices to stay high.")
    with Workspace(resolve_paths(library, data)) as ws:
        claim = ws.claims.all()[0]
        ws.update_claim(claim.id, tags=["forecast"])
    app = create_app(str(library), str(data))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        shown = " ".join(screen_text(app).split())
        assert "1 on claims" in shown
        assert "enter: search" in shown, shown[:300]


async def test_keys_typed_after_question_mark_are_not_left_in_the_search_box(make_app) -> None:  # type: ignore[no-untyped-def]
    """``?abc`` typed fast in the empty search box: the help opened, and behind it the
    box held "abc", the list narrowed to what that matched (a walk)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.focused, Input)
        for key, character in (("question_mark", "?"), ("a", "a"), ("b", "b"), ("c", "c")):
            app.post_message(events.Key(key, character))
        await pilot.pause(0.3)
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one("#search", Input).value == ""
        await pilot.press("?")  # the help still opens from the empty box, and closes
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", *"oil")
        await settle(app, pilot)
        assert app.screen.query_one("#search", Input).value == "oil"


def _last_row(app: BriefingApp) -> str:
    update = app.screen._compositor.render_full_update()
    return "".join(segment.text for segment in update.strips[-1])


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_outline_focused_shows_its_keys_and_escape_closes_it(
    make_app, size: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    """``o``: the outline had the focus and its enter worked, but the footer showed the
    reader's keys alone, nothing of enter going to the heading (a walk)."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_top_briefing(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        await pilot.pause(0.1)
        outline = screen.query_one("#outline")
        assert outline.display and app.focused in outline.query("*")
        footer = _last_row(app)
        assert "Go to heading" in footer and "Close outline" in footer, footer
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen and not outline.display
        assert "Go to heading" not in _last_row(app)


async def test_enter_on_an_emptied_prompt_says_so_and_stays(make_app) -> None:  # type: ignore[no-untyped-def]
    """ "Import claims" with its offered file cleared, then enter: the dialog closed,
    nothing imported and nothing said, as if escape (a walk)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.open_claims_import()
        await settle(app, pilot)
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = ""
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PromptScreen)
        assert "Nothing typed" in " ".join(screen_text(app).split())
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)


WITH_URL = """---
title: A feed item
date: 2024-05-01
url: https://example.org/news/a1
---

Text without a link of its own.
"""


async def test_l_offers_the_briefings_own_web_address(tmp_path: Path) -> None:
    """A feed item showed its address in the header, and ``L`` said "This briefing
    has no links" (a walk)."""
    library = write_library(tmp_path / "library", {"item.md": WITH_URL})
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_top_briefing(app, pilot)
        await pilot.press("L")
        await settle(app, pilot)
        assert isinstance(app.screen, LinksDialog)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)  # asked before the browser
        assert "https://example.org/news/a1" in " ".join(screen_text(app).split())
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is reader


async def test_a_search_that_finds_nothing_offers_the_librarys_spelling(tmp_path: Path) -> None:
    """``goverment``: "No briefings match." and no more, though the library says
    "government" (a walk)."""
    library = write_library(
        tmp_path / "library", {"a.md": "---\ntitle: Budget\n---\n\nThe government fell.\n"}
    )
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"goverment")
        await settle(app, pilot)
        await pilot.pause(0.5)
        await settle(app, pilot)
        shown = " ".join(screen_text(app).split())
        assert "No briefings match. Did you mean “government”?" in shown, shown
        await pilot.press("ctrl+u", *"zzzqqqxx")  # nothing like it: the note goes
        await settle(app, pilot)
        await pilot.pause(0.5)
        await settle(app, pilot)
        assert "No briefings match" in " ".join(screen_text(app).split())
        assert "Did you mean “government”?" not in " ".join(screen_text(app).split())


@pytest.mark.parametrize("then", ["escape", "enter"])
async def test_escape_or_enter_after_q_in_the_list_cancels_the_quit(make_app, then: str) -> None:  # type: ignore[no-untyped-def]
    """``q`` then ``escape`` in the list quit all the same (a newcomer's way back); ``q``
    then ``enter`` opened the reader, and the app quit under it (a review)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down")
        app.post_message(events.Key("q", "q"))
        app.post_message(events.Key(then, None))
        await pilot.pause(0.6)
        await settle(app, pilot)
        assert app.is_running
        if then == "escape":
            assert isinstance(app.focused, BriefingList)  # the escape spent on the quit
        else:
            assert isinstance(app.screen, ReaderScreen)


async def test_import_claims_from_no_such_file_says_so_in_the_dialog(make_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """ "Import claims" offered the exports folder, not there yet: enter closed the
    dialog on "Not imported: cannot read …", the path to be typed again (a walk)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.open_claims_import()
        await settle(app, pilot)
        app.screen.query_one(Input).value = str(tmp_path / "nowhere.jsonld")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PromptScreen)
        assert "No such file" in " ".join(screen_text(app).split())
        assert not any("Not imported" in n.message for n in app._notifications)


async def test_escape_in_the_claim_dialog_asks_before_losing_what_was_typed(make_app) -> None:  # type: ignore[no-untyped-def]
    """A note typed, then escape (pressed for "back"): the dialog closed and the note
    was gone, unasked (a walk). Untouched, escape still closes it at once."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_top_briefing(app, pilot)
        await pilot.press("c", "enter")
        await settle(app, pilot)
        await pilot.press("escape")  # nothing typed: closed
        await settle(app, pilot)
        assert app.screen is reader
        await pilot.press("c", "enter")
        await settle(app, pilot)
        await pilot.press(*"draft", "escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.pause(0.4)
        await pilot.press("n")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ClaimDialog)
        assert dialog.query_one("#claim-note", TextArea).text == "draft"
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.pause(0.4)
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen is reader
        assert not app.workspace.claims.all()


async def test_the_apps_export_selecting_nothing_writes_nothing(make_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The claims screen filtered to nothing, then ctrl+e: an empty report replaced
    the file named (``briefing export`` leaves it; the app did not)."""
    from briefing_tui.tui.dialogs.export import ExportDialog

    app = make_app()
    target = tmp_path / "keep.json"
    target.write_text("the report kept\n", encoding="utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        await pilot.press(*"status:key", "ctrl+e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.press("tab", "enter")
        await settle(app, pilot)
        assert target.read_text(encoding="utf-8") == "the report kept\n"
        assert any("nothing written" in n.message for n in app._notifications)


@pytest.mark.parametrize(
    ("asked", "typed", "said"),
    [
        ("import", "~nosuchuser/x.jsonld", ("No such file", "Cannot read")),
        ("import", "x" * 5000, ("No such file", "Cannot read")),
        ("width", "²", ("Not a width",)),
        ("width", "9" * 5000, ("Not a width",)),
    ],
)
async def test_an_answer_the_check_cannot_read_is_said_in_the_dialog(
    make_app, asked: str, typed: str, said: tuple[str, ...]
) -> None:  # type: ignore[no-untyped-def]
    """``~nosuchuser/x`` (no such home), a name too long, a width of ``²`` or of
    5,000 digits ended the app with a traceback from the dialog's check (a review)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.open_claims_import() if asked == "import" else app.action_reading_width()
        await settle(app, pilot)
        app.screen.query_one(Input).value = typed
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.is_running and isinstance(app.screen, PromptScreen)
        shown = str(app.screen.query_one("#prompt-help", Label).content)
        assert shown.startswith(said), shown


async def test_tab_tab_then_a_grade_typed_at_speed_lands_in_credibility(make_app) -> None:  # type: ignore[no-untyped-def]
    """``n`` tab ``terror`` tab tab ``9`` in one burst in the claim dialog: the 9 went
    into the tags ("terror9"), the credibility left empty (a walk)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_top_briefing(app, pilot)
        await pilot.press("c", "enter")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ClaimDialog)
        keys = ["n", "tab", *"terror", "tab", "tab", "4"]
        for key in keys:
            app.post_message(events.Key(key, None if key == "tab" else key))
        await pilot.pause(0.5)
        await settle(app, pilot)
        assert dialog.query_one("#claim-note", TextArea).text == "n"
        assert dialog.query_one("#claim-tags", Input).value == "terror"
        assert dialog.query_one("#claim-credibility", Input).value == "4"


async def test_a_query_set_from_another_screen_is_typed_on_at_its_end(make_app) -> None:  # type: ignore[no-untyped-def]
    """F4, enter on a tag: the box showed ``tag:energy`` with the cursor where it was
    in the query before, and a letter typed went into its middle ("tag:enQergy")."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"oil", "f4")
        await settle(app, pilot)
        app.search_for("tag:energy")
        await settle(app, pilot)
        await pilot.press("space", *"oil")
        await settle(app, pilot)
        assert app.screen.query_one("#search", Input).value == "tag:energy oil"


async def test_a_scroll_key_in_the_burst_that_opens_the_reader_ends_nothing(make_app) -> None:  # type: ignore[no-untyped-def]
    """ctrl+u, down, enter in one burst from the search box: the reader ran ctrl+u's
    half page up before its widgets were there, and the app ended with a traceback
    (NoMatches '#reader-scroll', a walk)."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for key in ("ctrl+u", "down", "enter"):
            app.post_message(events.Key(key, None))
        await pilot.pause(0.5)
        await settle(app, pilot)
        assert app.is_running
        assert isinstance(app.screen, ReaderScreen)


async def test_the_timelines_zoom_keys_leave_the_footer_while_typing_a_query(
    tmp_path: Path,
) -> None:
    """F5, the query box focused: the footer still offered "+ Zoom out  - Zoom in",
    and ``-`` typed a minus into the query (a walk)."""
    library = write_library(tmp_path / "library")
    claimed(library, tmp_path / "data", "oil.md", "Analysts expect prices to stay high.")
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f5")
        await settle(app, pilot)
        app.screen.query_one("#tl-q", Input).focus()
        await pilot.pause()
        footer = _last_row(app)
        assert "Zoom" not in footer, footer
        await pilot.press("minus")
        assert app.screen.query_one("#tl-q", Input).value == "-"
