"""The list's columns use the width they have: long tags show whole on a wide screen."""

from __future__ import annotations

from briefing_tui.tui.widgets.briefing_list import BriefingList

from .conftest import BRIEFINGS, settle, write_library
from .test_library_newcomer import screen_text

LONG_TAGS = "energy, markets, opec, brent, forecasts, supply, middle-east"


def _library(tmp_path):  # type: ignore[no-untyped-def]
    files = dict(BRIEFINGS)
    files["oil.md"] = files["oil.md"].replace("tags: [energy, markets]", f"tags: [{LONG_TAGS}]")
    return write_library(tmp_path / "wide", files)


async def test_long_tags_show_whole_at_200_columns(make_app, tmp_path) -> None:
    app = make_app(_library(tmp_path))
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(app, pilot)
        lines = screen_text(app).splitlines()
        oil = next(line for line in lines if "Oil prices climb after OPEC cut" in line)
        assert LONG_TAGS in oil
        assert "S-400 sanctions threat" in screen_text(app)


async def test_a_tag_added_in_the_app_widens_the_column(make_app, tmp_path) -> None:
    app = make_app(_library(tmp_path))
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"opec", "tab", "t")
        await pilot.pause()
        await pilot.press(*"a-rather-long-tag-name-added-here", "enter")
        await settle(app, pilot)
        row = app.screen.query_one(BriefingList).current
        assert row is not None and "a-rather-long-tag-name-added-here" in row.tags
        oil = next(line for line in screen_text(app).splitlines() if "Oil prices" in line)
        assert row.tags in oil


async def test_at_80_columns_titles_keep_their_room(make_app, tmp_path) -> None:
    app = make_app(_library(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert "Oil prices climb after OPEC cut" in text
        assert "S-400 sanctions threat" in text


async def test_the_count_and_the_order_never_run_together(make_app) -> None:
    """At 80 columns a long count line ("… · 0 new · 2 changed") met the order
    with one space: "2 changed sorted by relevance"."""
    from textual.widgets import Label

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        count = app.screen.query_one("#count", Label)
        sort = app.screen.query_one("#sort", Label)
        count.update("1,231 of 1,231 briefings · 1,227 unread · 0 new · 2 changed")
        await pilot.pause()
        assert sort.region.x >= count.region.right + 3


async def test_tags_cut_to_the_column_end_in_an_ellipsis(make_app, tmp_path) -> None:
    """At 80 columns the tags were cut mid-word with nothing to say so ("entertainme"
    read as a tag of its own, a newcomer walk on the BBC articles)."""
    app = make_app(_library(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        lines = screen_text(app).splitlines()
        oil = next(line for line in lines if "Oil prices climb" in line)
        assert "energy, markets" in oil and LONG_TAGS not in oil
        shown = oil[oil.index("energy, markets") :].rstrip()
        assert shown.endswith("…"), oil
        assert LONG_TAGS.startswith(shown[:-1]), oil


async def test_a_library_without_sources_gives_their_column_to_the_tags(make_app, tmp_path) -> None:
    """Imported .txt articles have no source: at 80 columns the list kept a blank
    source column 13 wide and cut the tags beside it ("gadgets, tech-h…"), a
    newcomer walk on the BBC articles."""
    files = {name: text.replace("source: Wire\n", "") for name, text in BRIEFINGS.items()}
    files["oil.md"] = files["oil.md"].replace(
        "tags: [energy, markets]", "tags: [energy, markets, opec-cuts]"
    )
    app = make_app(write_library(tmp_path / "plain", files))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        oil = next(line for line in screen_text(app).splitlines() if "Oil prices climb" in line)
        assert "energy, markets, opec-cuts" in oil, oil
