"""The library list as a stream: unread markers, "N new", ``u``, bulk actions on the
results with a confirmation that names the count, and passages under the results."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from confirm_support import answer_yes
from rich.segment import Segment
from textual import events
from textual.widgets import Input, Label

from briefing_tui.core.store import read_marks
from briefing_tui.core.store import store as store_module
from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.dialogs.confirm import ConfirmScreen
from briefing_tui.tui.dialogs.prompt import PromptScreen
from briefing_tui.tui.dialogs.tags import TagEditorScreen
from briefing_tui.tui.messages import ListingReady
from briefing_tui.tui.screens.library import LibraryScreen
from briefing_tui.tui.screens.reader.screen import ReaderScreen
from briefing_tui.tui.widgets.briefing_list import BriefingList

from .conftest import settle, write_library
from .test_library_newcomer import screen_text

ARMS = """---
id: arms
title: Arms talks resume
date: 2024-06-01
---

Delegations met in Geneva to resume the arms talks.
"""

FUEL = """---
id: fuel
title: Fuel subsidies cut
date: 2024-06-02
---

The finance minister cut fuel subsidies.
"""


def _list(app: BriefingApp) -> BriefingList:
    return app.library.query_one(BriefingList)


def _line(app: BriefingApp, title: str) -> list[Segment]:
    """The segments of the list line showing ``title``."""
    listing = _list(app)
    index = next(i for i, row in enumerate(listing.rows) if row.title == title)
    lines = listing.lines_per_row
    return list(listing.render_line(index * lines - listing.scroll_offset.y))


def _looks(app: BriefingApp, title: str) -> tuple[str, bool]:
    """The marker column of ``title``'s line, and whether its title is drawn bold."""
    segments = _line(app, title)
    text = "".join(segment.text for segment in segments)
    title_segment = next(s for s in segments if s.text.strip().startswith(title[:10]))
    return text[:1], bool(title_segment.style and title_segment.style.bold)


def _count(app: BriefingApp) -> str:
    return str(app.library.query_one("#count", Label).render())


def _tags(app: BriefingApp, doc_id: str) -> list[str]:
    assert app.workspace is not None
    record = app.workspace.store.get(doc_id)
    assert record is not None
    return record.tags


def _read(app: BriefingApp, doc_id: str) -> bool:
    assert app.workspace is not None
    return app.workspace.stream.states([doc_id])[doc_id].read


@pytest.fixture
def slow(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never marked read by time during a test."""
    monkeypatch.setattr(ReaderScreen, "READ_AFTER_S", 1000.0)


async def test_unread_rows_are_bold_with_a_marker_until_u(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(app, pilot)
        assert _looks(app, "Election results") == ("●", True)
        assert _count(app).startswith("3 of 3 briefings · 3 unread")  # a first start:
        assert " new" not in _count(app)  # nothing arrived "since" a start before it
        await pilot.press("tab", "down")  # newest first: the election is second
        assert _list(app).current is not None and _list(app).current.id == "election"
        await pilot.press("u", "up")  # off the row: the cursor's row is bold anyway
        await settle(app, pilot)
        assert _read(app, "election")
        assert _looks(app, "Election results") == (" ", False)
        assert "2 unread" in _count(app)
        await pilot.press("down", "u", "up")  # and back
        await settle(app, pilot)
        assert not _read(app, "election")
        assert _looks(app, "Election results") == ("●", True)
        assert "3 unread" in _count(app)


async def test_a_second_start_counts_and_marks_what_arrived(
    make_app, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The store's clock counts seconds: the first start's visit is set late and the
    # second start's arrivals later still, so "new" does not hang on a second's turn.
    monkeypatch.setattr(read_marks, "now_text", lambda: "2500-01-01T00:00:00")
    first = make_app()
    async with first.run_test(size=(100, 24)) as pilot:
        await settle(first, pilot)
        assert " new" not in _count(first)  # a first start: no start before it
    monkeypatch.undo()
    monkeypatch.setattr(store_module, "_now", lambda: "2999-01-01T00:00:00")
    write_library(library, {"arms.md": ARMS, "fuel.md": FUEL})
    second = make_app()
    async with second.run_test(size=(100, 24)) as pilot:
        await settle(second, pilot)
        assert "5 of 5 briefings · 5 unread · 2 new" in _count(second)
        assert _looks(second, "Arms talks resume") == ("✦", True)
        assert _looks(second, "Election results") == ("●", True)
        await pilot.press(*"is:new")
        await settle(second, pilot)
        assert {row.id for row in _list(second).rows} == {"arms", "fuel"}


async def test_a_start_lists_its_rows_with_their_markers_at_once(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first listing of a start brings the reading state: the markers are in the
    list the moment it is shown, not read by a worker afterwards (at 100,000 that
    worker waited behind the loading of every record, ~340 ms)."""
    first = make_app()
    async with first.run_test(size=(100, 24)) as pilot:
        await settle(first, pilot)
        await pilot.press("tab", "down", "u")  # the election read
        await settle(first, pilot)
    shown: list[tuple[int, bool]] = []
    on_listing = LibraryScreen._on_listing_ready

    def recording(screen: LibraryScreen, event: ListingReady) -> None:
        on_listing(screen, event)  # the list is painted after this handler
        listed = screen.query_one(BriefingList)
        shown.append((len(event.listing.rows), listed.marks is not None))

    monkeypatch.setattr(LibraryScreen, "_on_listing_ready", recording)
    second = make_app()
    async with second.run_test(size=(100, 24)) as pilot:
        await settle(second, pilot)
        assert _looks(second, "Election results") == (" ", False)
    assert shown and shown[0] == (3, True), f"first listing shown without its markers: {shown}"


async def test_bulk_tag_names_the_count_and_cancel_changes_nothing(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"minister", "tab")
        await settle(app, pilot)
        assert {row.id for row in _list(app).rows} == {"oil", "election"}
        await pilot.press("T")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"+urgent", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Tag 2 briefings +urgent?" in screen_text(app)
        await pilot.press("n")
        await settle(app, pilot)
        assert "urgent" not in _tags(app, "oil") and "urgent" not in _tags(app, "election")

        await pilot.press("T")
        await pilot.pause()
        await pilot.press(*"+urgent", "enter")
        await settle(app, pilot)
        await answer_yes(pilot)
        await settle(app, pilot)
        assert "urgent" in _tags(app, "oil") and "urgent" in _tags(app, "election")
        assert "urgent" not in _tags(app, "sanctions")
        assert all("urgent" in row.tags for row in _list(app).rows)
        assert "urgent" in screen_text(app)


async def test_mark_all_read_with_an_empty_search_says_it_is_every_briefing(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert _looks(app, "Election results") == ("●", True)
        await pilot.press("tab", "M")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        shown = screen_text(app)
        assert "Mark 3 briefings read?" in shown
        assert "every briefing in the library" in shown
        await answer_yes(pilot)
        await settle(app, pilot)
        assert all(_read(app, doc_id) for doc_id in ("oil", "sanctions", "election"))
        assert "0 unread" in _count(app)
        assert _looks(app, "Election results") == (" ", False)


async def test_passages_show_the_matching_line_with_the_word_highlighted(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab", "v")  # nothing typed: said, no passages
        await settle(app, pilot)
        assert any("once you search" in n.message for n in app._notifications)
        assert _list(app).lines_per_row == 1
        await pilot.press("slash", *"washington", "tab")
        await settle(app, pilot)
        await pilot.pause(0.1)
        await settle(app, pilot)
        listing = _list(app)
        assert [row.id for row in listing.rows] == ["sanctions"]
        # The row's second line (the preview shows a passage too: the list's line is read).
        passage = list(listing.render_line(1 - listing.scroll_offset.y))
        assert "Washington warned India about sanctions" in "".join(s.text for s in passage)
        words = [s for s in passage if s.text == "Washington"]
        assert words and words[0].style is not None and words[0].style.underline
        await pilot.press("v")
        await settle(app, pilot)
        assert listing.lines_per_row == 1
        below = "".join(s.text for s in listing.render_line(1 - listing.scroll_offset.y))
        assert "Washington" not in below


async def test_u_in_the_reader_shows_in_the_list(make_app, slow) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"election")
        await settle(app, pilot)
        # (The search box has the focus: the list's cursor row is not drawn bold.)
        assert _looks(app, "Election results") == ("●", True)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("u")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one("#search", Input).value == "election"
        assert _looks(app, "Election results") == (" ", False)
        assert "2 unread" in _count(app)


@pytest.mark.parametrize("pace", [0.0, 0.12], ids=["in-one-burst", "at-a-persons-speed"])
async def test_a_word_typed_into_the_list_never_answers_the_question_its_capital_asked(
    make_app, pace
) -> None:
    """``Mystery`` typed with the list focused: ``M`` asks to mark every listed briefing
    read, and its ``y`` said yes (160 briefings marked read, no undo). In one burst the
    ``y`` is typed before the question; at 120 ms a key the question is up first, and
    only its gap from the key before it tells it from an answer."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab")
        await settle(app, pilot)
        for key in "Mystery":
            app.post_message(events.Key(key, key))
            if pace:
                await pilot.pause(pace)
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Mark 3 briefings read?" in screen_text(app)
        assert not any(_read(app, doc_id) for doc_id in ("oil", "sanctions", "election"))
        await answer_yes(pilot)  # typed after reading the question: the answer
        await settle(app, pilot)
        assert all(_read(app, doc_id) for doc_id in ("oil", "sanctions", "election"))


async def test_letters_typed_right_after_t_land_in_the_tags_dialog(make_app) -> None:
    """``t`` then ``urgent`` at speed (one read of the terminal): the dialog opened with
    an empty field, the letters given to the list below it."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab")
        await settle(app, pilot)
        for key in "turgent":
            app.post_message(events.Key(key, key))
        await settle(app, pilot)
        assert isinstance(app.screen, TagEditorScreen)
        assert app.screen.query_one(Input).value == "urgent"
        assert not _read(app, _list(app).rows[0].id)  # the u was not the list's


async def test_states_and_snippets_arriving_as_the_app_closes_fail_nothing(make_app) -> None:
    """A worker's answer (reading states re-read at the first build's end, a
    preview's snippet) landing while the app quits found the list gone:
    NoMatches failed the worker and the app's exit (seen in the first-start
    benchmark)."""
    from briefing_tui.core.search.results import Snippet
    from briefing_tui.tui.widgets.briefing_list import BriefingList

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.library
        snapshot = app.workspace.stream.snapshot()
        await screen.query_one(BriefingList).remove()
        screen._apply_states(snapshot, screen._read_news)  # no NoMatches
        # The preview worker's answer, as it sends it (from its thread).
        await asyncio.to_thread(screen.from_worker, screen._show_snippet, "oil", Snippet("text"))
        await asyncio.to_thread(screen.from_worker, screen._fit_preview)
