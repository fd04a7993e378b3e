"""What a newcomer's walk through the analyst's screens found, at 80x24: a tag renamed
to nothing deleted without the question ``d`` asks; lines cut off at the screen's edge
(the timeline's query error, the overview's first line, the link's relation dialog);
and the what-changed view putting a sentence's new ending in a paragraph of its own."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label

from briefing_tui.core.analysis import PickerItem
from briefing_tui.core.stream import WhatChanged
from briefing_tui.core.text.diffing import summarize, word_diff
from briefing_tui.tui.dialogs.link_picker import RelationDialog
from briefing_tui.tui.screens.overview import OverviewScreen
from briefing_tui.tui.screens.tag_manager import TagManagerScreen
from briefing_tui.tui.screens.timeline import TimelineScreen
from briefing_tui.tui.screens.what_changed import diff_model

from .conftest import BRIEFINGS, settle, write_library


async def test_renaming_a_tag_to_nothing_keeps_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TagManagerScreen)
        tags = [tag for tag, _ in screen.counts]
        for _ in range(tags.index("energy")):
            await pilot.press("down")
        await pilot.press("r", "ctrl+u", "comma", "enter")  # "," is no tag at all
        await settle(app, pilot)
        assert "energy" in [tag for tag, _ in screen.counts]
        said = [n.message for n in app._notifications]
        assert any("“,” is not a tag name: energy is unchanged" in m for m in said), said


async def test_renaming_a_tag_onto_another_in_capitals_says_merged(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        screen = app.screen
        tags = [tag for tag, _ in screen.counts]
        for _ in range(tags.index("india")):
            await pilot.press("down")
        await pilot.press("r", "ctrl+u", *"SANCTIONS", "enter")
        await settle(app, pilot)
        assert "india" not in [tag for tag, _ in screen.counts]
        said = [n.message for n in app._notifications]
        assert any(m.startswith("Merged india → sanctions") for m in said), said


async def test_the_timelines_query_error_wraps_at_80_columns(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f5")
        await settle(app, pilot)
        assert isinstance(app.screen, TimelineScreen)
        await pilot.press("slash", *"status:bogus", "enter")
        await settle(app, pilot)
        count = app.screen.query_one("#timeline-count", Label)
        assert "status:false" in str(count.render())
        assert count.size.width <= 80 and count.size.height >= 2


async def test_the_overviews_first_line_wraps_at_80_columns(make_app, tmp_path: Path) -> None:
    placeholder = "---\nid: later\ntitle: Later\ndate: 9999-12-31\n---\n\nLater.\n"
    library = write_library(tmp_path / "placeholder", {**BRIEFINGS, "later.md": placeholder})
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        assert isinstance(app.screen, OverviewScreen)
        head = app.screen.query_one("#overview-head", Label)
        assert "(1 far in the future)" in str(head.render())
        assert head.size.width <= 80 and head.size.height >= 2


async def test_the_relation_dialog_wraps_the_chosen_claims_quote(make_app) -> None:
    quote = "The dollar has hit its highest level against the euro in almost three months"
    other = PickerItem("c1", "oil", quote, "", "Dollar gains", "exact", "open")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(RelationDialog(other))
        await pilot.pause()
        line = app.screen.query_one("#relation-other", Label)
        assert line.region.right <= app.screen.query_one("#dialog").content_region.right
        assert line.size.height >= 3  # the quote on two lines, then the title


def test_a_sentence_with_a_new_ending_stays_one_paragraph() -> None:
    old = "Intro.\n\nThey talked for several years.\n\nNext."
    new = "Intro.\n\nThey talked for several long years — 日本語 inserted.\n\nNext."
    changes = word_diff(old, new)
    summary = summarize(old, new, changes)
    what = WhatChanged("r", "2026-12-01T09:30:00", old, new, changes, summary, [])
    lines = [line.plain for line in diff_model(what).lines]
    assert lines == [
        "Intro.",
        "",
        "They talked for several years. long years — 日本語 inserted.",
        "",
        "Next.",
    ]


async def test_remove_with_no_feeds_says_how_to_follow_one(make_app) -> None:
    from briefing_tui.tui.screens.feeds import NO_FEEDS, FeedsScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(FeedsScreen())
        await settle(app, pilot)
        app.clear_notifications()
        await pilot.press("d")
        await pilot.pause()
        assert [n.message for n in app._notifications] == [NO_FEEDS]
