"""The preview under the list: its height follows what it shows, without jumping while typing.

While a query is typed, each keystroke highlights a new top result: its summary
is shown at once and its passage a moment later (found in a worker). The list
above must not grow and shrink twice a keystroke, yet the preview must end at
the height of what it finally shows, and show new text even when its height
stays (no layout is asked for then).
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from briefing_tui.tui.widgets.preview import Preview

SHORT = "One line."
LONG = " ".join(["A summary long enough to wrap over many lines of the preview."] * 6)


class _Screenful(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("the list", id="list")
        yield Preview(id="preview")

    CSS = "#list { height: 1fr; }"


def _text(app: _Screenful) -> str:
    """What the screen shows (painted, not only what the preview holds)."""
    return app.export_screenshot().replace("&#160;", " ")


async def test_an_interim_summary_keeps_the_height_until_the_passage_or_a_fit() -> None:
    app = _Screenful()
    async with app.run_test(size=(40, 20)) as pilot:
        preview = app.query_one(Preview)
        listing = app.query_one("#list")
        preview.show("Title", "meta", None, SHORT)
        await pilot.pause()
        assert preview.outer_size.height == 1 + 3  # the border, title, meta, one line
        list_height = listing.size.height

        preview.show("Other", "meta", None, LONG, interim=True)
        await pilot.pause()
        assert listing.size.height == list_height  # the list did not jump
        assert "Other" in _text(app)  # the new briefing is shown, in the old height

        preview.fit()  # no passage came: the summary takes its own height
        await pilot.pause()
        assert preview.outer_size.height == Preview.MAX_HEIGHT
        assert listing.size.height == list_height - (Preview.MAX_HEIGHT - 4)


async def test_new_text_of_the_same_height_is_shown_and_another_height_lays_out() -> None:
    app = _Screenful()
    async with app.run_test(size=(40, 20)) as pilot:
        preview = app.query_one(Preview)
        preview.show("Title", "meta", None, LONG)
        await pilot.pause()
        assert preview.outer_size.height == Preview.MAX_HEIGHT

        preview.show("Second", "meta", None, LONG + " More.")  # as tall: no layout
        await pilot.pause()
        assert "Second" in _text(app)
        assert preview.outer_size.height == Preview.MAX_HEIGHT

        preview.show("Third", "meta", None, SHORT)
        await pilot.pause()
        assert "Third" in _text(app)
        assert preview.outer_size.height == 1 + 3

        preview.clear("No briefings match.")
        await pilot.pause()
        assert "No briefings match." in _text(app)
        assert preview.outer_size.height == 1 + 1


async def test_a_short_terminal_keeps_rows_of_the_list_in_sight(make_app, tmp_path) -> None:
    """At 60x15 the preview of a briefing with a long path took all but one row,
    and that row showed no briefing; its meta line ended "2021-04-06  ·"."""
    from briefing_tui.tui.widgets.briefing_list import BriefingList

    from .conftest import BRIEFINGS, settle, write_library

    name = "2021-04-06-moscow-and-new-delhi-discuss-expanding-russian-arms.md"
    lavrov = (
        "---\ntitle: Moscow and New Delhi Discuss Expanding Russian Arms Production in "
        "India\ndate: 2019-04-06\ntags: [russia, india, defence, s-400, sanctions]\n---\n\n"
        "According to Sergei Lavrov, a special commission is dealing with this issue.\n"
    )
    app = make_app(write_library(tmp_path / "short", {**BRIEFINGS, name: lavrov}))
    async with app.run_test(size=(60, 15)) as pilot:
        await settle(app, pilot)
        listing = app.screen.query_one(BriefingList)
        await pilot.press("tab", "end")
        await settle(app, pilot)

        assert listing.size.height >= 3
        top = listing.scroll_offset.y
        assert top <= listing.cursor < top + listing.size.height  # the highlighted row shows
        shown = str(app.screen.query_one(Preview).render()).splitlines()
        assert not any(line.rstrip().endswith("·") for line in shown), shown
