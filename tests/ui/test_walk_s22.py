"""Defects a newcomer walk finds, fixed in session 22, each test failing without its fix."""

from __future__ import annotations

import pytest
from textual.widgets._toast import Toast

from briefing_tui.tui.screens.help import HelpScreen

from .conftest import claimed, open_top_briefing, settle, write_library
from .test_library_newcomer import screen_text


async def test_help_opens_over_no_notice(make_app) -> None:  # type: ignore[no-untyped-def]
    """At 80x24 the start-up sync's notice covered a third of the help's text."""
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        app.notify("Library synced: 3 indexed, 0 removed, 0 skipped", title="Sync")
        await pilot.pause(0.2)
        assert list(app.screen.query(Toast))
        await pilot.press("f1")
        await pilot.pause(0.2)
        assert isinstance(app.screen, HelpScreen)
        assert not list(app.screen.query(Toast))
        assert "Library synced" not in screen_text(app)
        assert "Keys on this screen" in screen_text(app)


LONG_PATH = (
    "2024-05-01-a-very-long-file-name-for-a-briefing-about-regional-energy-security-"
    "talks-in-central-asia.md"
)
LONG_META = """---
title: A very long title about regional energy security talks held in Central Asia this spring
date: 2024-05-01
tags: [energy, central-asia, security, diplomacy, pipelines, gas, kazakhstan, uzbekistan]
---

Ministers from five countries met to discuss pipelines. The talks ended without agreement.
"""


async def test_a_short_preview_keeps_a_line_of_text_under_a_long_meta(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """At 80x24, no source and a long file name: the title, the date, the path cut
    mid-word over two lines and the tags took every line of the preview; no text."""
    from briefing_tui.tui.app import create_app
    from briefing_tui.tui.widgets.preview import Preview

    library = write_library(tmp_path / "library", {LONG_PATH: LONG_META})
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        shown = " ".join(line.strip() for line in screen_text(app).splitlines()[-7:])
        assert "Ministers from five countries" in shown, shown
        assert "2024-05-01" in shown and "central-asia.md" in shown  # the path's end
        assert app.screen.query_one(Preview).size.height <= Preview.MAX_HEIGHT - 1


def test_one_meta_line_keeps_a_paths_end_and_leaves_the_tags_out_first() -> None:
    from briefing_tui.tui.widgets.header import meta_one_line

    path = "a/very/long/path/to/some-briefing-about-energy-security-talks.md"
    assert meta_one_line(("2024-05-01", "", path, "tags: a, b"), 60) == (
        "2024-05-01  ·  …bout-energy-security-talks.md  ·  tags: a, b"
    )
    many = "tags: energy, central-asia, security, diplomacy"
    assert meta_one_line(("2024-05-01", "", path, many), 60) == (
        "2024-05-01  ·  …some-briefing-about-energy-security-talks.md"
    )
    assert meta_one_line(("2024-05-01", "Wire", "x.md", "tags: a"), 60) == (
        "2024-05-01  ·  Wire  ·  x.md  ·  tags: a"
    )
    assert meta_one_line(("2024-05-01", "Reuters wire service of London"), 30) == (
        "2024-05-01  ·  Reuters wire s…"
    )
    assert meta_one_line(("2024-05-01 (date inferred)",), 12) == "2024-05-01 …"


async def test_a_word_typed_in_the_list_goes_to_the_search_box(make_app) -> None:  # type: ignore[no-untyped-def]
    """``down down lavrov``: the ``a`` opened the Add dialog, which took "vrov"."""
    from textual.widgets import Input

    from briefing_tui.tui.screens.library import LibraryScreen
    from briefing_tui.tui.widgets.briefing_list import BriefingList

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down")
        assert isinstance(app.focused, BriefingList)
        await pilot.press(*"lavrov")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        box = app.screen.query_one("#search", Input)
        assert app.focused is box and box.value == "lavrov"
        await pilot.press("down", "u")  # a key of the list's is still the list's
        await pilot.pause()
        assert isinstance(app.focused, BriefingList) and box.value == "lavrov"
        await pilot.press(*"oil")  # a new word: a new query, not "lavrovoil"
        await settle(app, pilot)
        assert app.focused is box and box.value == "oil"


async def test_slash_then_a_word_at_speed_in_the_list_is_typed_not_quit(make_app) -> None:  # type: ignore[no-untyped-def]
    """``/quota`` typed at once in the list: the ``q`` reached the list before the focus
    left it, and quit the app (q quits from the list)."""
    from textual import events
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down")
        await settle(app, pilot)
        for key in ["slash", *"quota"]:
            app.post_message(events.Key(key, "/" if key == "slash" else key))
        await settle(app, pilot)
        assert app.is_running
        assert app.screen.query_one("#search", Input).value.endswith("quota")


async def test_q_in_the_list_quits_and_in_the_search_box_is_typed(make_app) -> None:  # type: ignore[no-untyped-def]
    """At 80x24 the footer has no ctrl+q, and q in the list did nothing (a walk)."""
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("q")
        assert app.screen.query_one("#search", Input).value == "q" and app.is_running
        await pilot.press("backspace", "down", "q")
        for _ in range(100):  # q waits a moment for a word's next letter (PendingQuit)
            if not app.is_running:
                break
            await pilot.pause(0.1)
        assert not app.is_running


async def test_a_briefing_of_front_matter_only_says_it_has_no_text(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """It opened to a blank page, and c (hidden from the footer) did nothing at all."""
    from briefing_tui.tui.app import create_app

    library = write_library(
        tmp_path / "library", {"e.md": "---\ntitle: Heading only\ndate: 2024-01-01\n---\n"}
    )
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_top_briefing(app, pilot)
        assert "No text: this briefing is its front matter only." in screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        notes = [notice.message for notice in app._notifications]  # test-only read
        assert "Nothing to claim: this briefing has no text." in notes


async def test_the_line_above_the_text_drops_a_position_scrolled_out_of_view(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """ "Claim 1 of 1" and "Search match 2 of 3" stayed above the text after ``end``
    took the view far from them (a walk over BBC articles, one long paragraph each)."""
    from briefing_tui.tui.app import create_app

    words = " ".join(f"word{n}" for n in range(1500))
    text = f"Zebra one. Zebra two. {words} Zebra three.\n\nThe claimed sentence is here.\n\n"
    long = "---\ntitle: Long one\ndate: 2024-01-01\n---\n\nThe claimed sentence is first.\n\n"
    library = write_library(tmp_path / "library", {"long.md": long + text + words + "\n"})
    data = tmp_path / "data"
    claimed(library, data, "long.md", "The claimed sentence is first.")
    app = create_app(str(library), str(data))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"zebra", "enter")
        await settle(app, pilot)
        await pilot.press("n", "]")
        await settle(app, pilot)

        def label() -> str:
            shown = app.screen.query_one("#section-label")
            return str(shown.render()) if shown.display else ""

        assert "Search match 2 of 3" in label() and "Claim 1 of 1" in label()
        await pilot.press("end")
        await settle(app, pilot)
        assert "Search match" not in label() and "Claim" not in label()
        await pilot.press("home")
        await settle(app, pilot)
        assert "Claim 1 of 1" in label()  # in view again: said again


async def test_the_claims_filter_says_how_to_reach_the_list(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """f2 then e typed "e" into the filter ("No claims match."), and at 80 columns
    the footer said only "esc Back f1 Help": nothing told of the list and its keys."""
    from briefing_tui.tui.app import create_app

    library = write_library(tmp_path / "library")
    data = tmp_path / "data"
    claimed(library, data, "oil.md", "Analysts expect prices to stay high.")
    app = create_app(str(library), str(data))
    async with app.run_test(size=(80, 24)) as pilot:
        await _claims_screen(app, pilot)
        footer = lambda: screen_text(app).splitlines()[-1]  # noqa: E731
        assert "tab List" in footer()
        await pilot.press("tab")
        await pilot.pause()
        assert "e Edit" in footer() and "List" not in footer()
        await pilot.press("tab")  # and back to the filter
        await pilot.pause()
        assert "tab List" in footer()


async def test_the_preview_says_a_tag_no_briefing_carries(make_app) -> None:  # type: ignore[no-untyped-def]
    """``tag:energ`` (the tag is "energy"): "No briefings match." and no more."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"tag:energ")
        await settle(app, pilot)
        shown = " ".join(line.strip() for line in screen_text(app).splitlines()[-4:])
        assert "No briefing is tagged “energ”; tags like it: energy." in shown, shown


async def test_the_tag_editor_says_a_new_tag_is_new(make_app) -> None:  # type: ignore[no-untyped-def]
    """A tag no briefing has left an empty box under the field (a walk)."""
    from textual.widgets import OptionList

    from briefing_tui.tui.dialogs.tags import TagEditorScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "t")
        await settle(app, pilot)
        assert isinstance(app.screen, TagEditorScreen)
        await pilot.press(*"urgent")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.option_count == 1 and options.highlighted is None
        said = str(options.get_option_at_index(0).prompt)
        assert said == "“urgent” is a new tag: no briefing has it yet"
        await pilot.press(*["backspace"] * 6, *"-urgent")  # a removal: nothing to remove
        await pilot.pause()
        said = str(options.get_option_at_index(0).prompt)
        assert said == "No briefing has “urgent”: nothing to remove"
        await pilot.press(*["backspace"] * 7, *"urgent")
        await pilot.pause()
        await pilot.press("tab", "down", "enter")  # tab and the arrows leave it be
        await settle(app, pilot)
        assert not isinstance(app.screen, TagEditorScreen)
        assert any("urgent" in record.tags for record in app.screen.records.values())


async def test_the_preview_marks_the_words_the_reader_marks(make_app) -> None:  # type: ignore[no-untyped-def]
    """``title:oil`` marked "Oil" in the preview's passage, the reader then marked
    nothing and ``n`` found nothing (a walk); a plain ``oil`` marks it in both."""
    from briefing_tui.tui.widgets.preview import Preview

    def marked(app) -> list[str]:  # type: ignore[no-untyped-def]
        content = app.screen.query_one(Preview).visual
        return [
            content.plain[span.start : span.end]
            for span in content.spans
            if span.style == ".preview--match"
        ]

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"title:oil")
        await settle(app, pilot)
        assert marked(app) == []
        await pilot.press(*["backspace"] * 9, *"oil")
        await settle(app, pilot)
        assert "Oil" in marked(app)


@pytest.mark.parametrize("before", ["", "prime"], ids=["from nothing", "after a query"])
async def test_a_query_and_its_enter_in_one_burst_open_the_querys_top_result(
    make_app, before: str
) -> None:  # type: ignore[no-untyped-def]
    """``tmux send-keys oil Enter`` (one write, as a paste ending in a newline) opened
    the row listed before the query, the newest briefing: Enter's ``Submitted``
    reached the screen before the letters' changes (a walk; a claim then went on
    the wrong briefing)."""
    from textual import events

    from briefing_tui.tui.screens.reader.screen import ReaderScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        if before:
            await pilot.press(*before)
            await settle(app, pilot)
            await pilot.press(*["backspace"] * len(before))
            await settle(app, pilot)
        for key in [*"sanctions", "enter"]:
            app.post_message(events.Key(key, key if len(key) == 1 else "\r"))
        await settle(app, pilot)
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.record.title == "S-400 sanctions threat"


async def test_a_claims_filter_and_its_enter_in_one_burst_open_the_filters_claim(
    library, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """As in the library: enter before the filter's answer opened the claim listed
    for the filter before (the newest briefing's)."""
    from textual import events

    from briefing_tui.tui.app import create_app
    from briefing_tui.tui.screens.reader.screen import ReaderScreen

    data = tmp_path / "data"
    claimed(library, data, "oil.md", "Analysts expect prices to stay high.")
    claimed(library, data, "notes/sanctions.md", "Washington warned India about sanctions")
    app = create_app(str(library), str(data))
    async with app.run_test(size=(80, 24)) as pilot:
        await _claims_screen(app, pilot)
        for key in [*"washington", "enter"]:
            app.post_message(events.Key(key, key if len(key) == 1 else "\r"))
        await settle(app, pilot)
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.record.title == "S-400 sanctions threat"


def test_the_delete_question_counts_one_link_in_the_singular() -> None:
    """ "Its 1 link to other claims go with it." (a walk)."""
    from briefing_tui.tui.dialogs.confirm import claim_delete_question

    assert claim_delete_question("q", 1)._detail.endswith("Its link to another claim goes with it.")
    assert claim_delete_question("q", 3)._detail.endswith("Its 3 links to other claims go with it.")


async def _claims_screen(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """The claims screen (f2), once the library has settled."""
    from briefing_tui.tui.screens.claims import ClaimsScreen

    await settle(app, pilot)
    await pilot.press("f2")
    await settle(app, pilot)
    assert isinstance(app.screen, ClaimsScreen)


async def test_a_letter_the_search_box_did_not_take_is_not_sent_again_and_again(
    make_app, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """If the focus stays on the list, the held letter comes back to it (after
    ``HOLD_AT_MOST``): it was sent away again, every half second, for ever."""
    from briefing_tui.tui.screens.library_panels import SearchBox
    from briefing_tui.tui.widgets.briefing_list import BriefingList

    monkeypatch.setattr(SearchBox, "focus", lambda self, scroll_visible=True: self)
    sent: list[object] = []
    post = BriefingList.post_message

    def counting(self, message):  # type: ignore[no-untyped-def]
        if isinstance(message, BriefingList.TypedAway):
            sent.append(message)
        return post(self, message)

    monkeypatch.setattr(BriefingList, "post_message", counting)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "l")
        await pilot.pause(1.6)  # three times HOLD_AT_MOST
        assert len(sent) == 1 and isinstance(app.focused, BriefingList)
