"""What the app marks stays visible in an ANSI theme and without colour (NO_COLOR).

Walk of session 19: each mark (find matches, the current one, the sentence cursor,
a selection, the highlighted row of a list) read from the screen as drawn. With
NO_COLOR Textual draws an ANSI theme's colours as the terminal's default and any
other theme's in grey, so a mark must differ from the text around it by an
attribute (bold, underline, reverse, strike), not by its colours alone; in an
ANSI theme the tints are the terminal's plain colours, so two marks tinted apart
became the same colour.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.style import Style

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace

from .conftest import open_top_briefing, settle, write_library

REPORT = (
    "---\nid: report\ntitle: Quarterly report\ndate: 2024-03-05\n---\n\n"
    "The company grew fast. Its rivals did not follow the company at all. "
    "Plain words stand here for comparison.\n\n"
    "Sales rose in the north. The board met on Friday. A third sentence ends it.\n\n"
    "Another company paragraph closes the report.\n"
)
LIBRARY = {
    "report.md": REPORT,
    "other.md": "---\nid: other\ntitle: Other note\ndate: 2024-03-01\n---\n\nAn older note.\n",
    "third.md": "---\nid: third\ntitle: Third note\ndate: 2024-02-01\n---\n\nThe oldest.\n",
}

Attrs = tuple[bool, bool, bool, bool, bool]


def _attrs(style: Style | None) -> Attrs:
    """What a terminal without colour still shows: bold, italic, underline, reverse, strike."""
    if style is None:
        return (False, False, False, False, False)
    return (
        bool(style.bold),
        bool(style.italic),
        bool(style.underline),
        bool(style.reverse),
        bool(style.strike),
    )


def _cells(app, text: str, nth: int = 0) -> list[Style | None]:  # type: ignore[no-untyped-def]
    """The styles of the cells drawing the ``nth`` ``text`` on the screen."""
    update = app.screen._compositor.render_full_update()
    seen = 0
    for chops in update.strips:
        cells = [(char, seg.style) for chop in chops for seg in chop for char in seg.text]
        row = "".join(char for char, _ in cells)
        at = row.find(text)
        while at >= 0:
            if seen == nth:
                return [style for char, style in cells[at : at + len(text)] if char.strip()]
            seen += 1
            at = row.find(text, at + 1)
    raise AssertionError(f"{text!r} (#{nth}) is not on the screen")


def _seen(style: Style | None) -> tuple[str, str, bool, bool, bool]:
    """What a terminal shows apart from bold: the colours (after reverse; the terminal's
    default text and page colours are two) and italic, underline, strike."""
    style = style or Style()
    fg = style.color.name if style.color and not style.color.is_default else "text"
    bg = style.bgcolor.name if style.bgcolor and not style.bgcolor.is_default else "page"
    if style.reverse:
        fg, bg = bg, fg
    return fg, bg, bool(style.italic), bool(style.underline), bool(style.strike)


def _look(app, text: str, nth: int = 0) -> set[Attrs]:  # type: ignore[no-untyped-def]
    return {_attrs(style) for style in _cells(app, text, nth)}


def _claim(library: Path, data: Path, quote: str, status: str = "open") -> None:
    with Workspace(resolve_paths(str(library), str(data))) as ws:
        ws.sync()
        ws.annotate(ws.resolve("report"), quote, status=status)


@pytest.fixture
def report(tmp_path: Path) -> Path:
    return write_library(tmp_path / "reports", LIBRARY)


async def test_without_colour_find_matches_show_and_the_current_one_stands_apart(
    make_app, report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """f company: with NO_COLOR the other matches were a background tint (gone, or
    a grey a shade from the page) and the current one bold like any bold word."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(report)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color
        await open_top_briefing(app, pilot)
        plain = _look(app, "Plain words")
        await pilot.press("f", *"company", "enter")  # enter: the second match is current
        await pilot.pause(0.2)
        first, current, last = (_look(app, "company", n) for n in range(3))
        assert first != plain and last != plain, (first, last, plain)
        assert current != first and current != plain, (current, first)
        assert any(reverse for _, _, _, reverse, _ in current), current


async def test_without_colour_the_sentence_cursor_shows_on_a_claim_and_a_selection_shows(
    make_app, report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """c on a claimed sentence: the cursor was an underline, as the claim is; the
    sentences added with shift+down were a background tint only."""
    monkeypatch.setenv("NO_COLOR", "1")
    _claim(report, tmp_path / "data", "The company grew fast.")
    app = make_app(report)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_top_briefing(app, pilot)
        claimed = _look(app, "grew fast")
        plain = _look(app, "Plain words")
        await pilot.press("c")
        await pilot.pause(0.2)
        assert "Selecting" in str(app.screen.query_one("#section-label").render())
        assert _look(app, "grew fast") not in (claimed, plain), _look(app, "grew fast")
        await pilot.press("shift+down", "shift+down")
        await pilot.pause(0.2)
        # The first sentence is selected (not the cursor now), the third the cursor.
        selected, cursor = _look(app, "grew fast"), _look(app, "Plain words")
        assert selected not in (claimed, plain), selected
        assert cursor not in (selected, plain), cursor


async def test_without_colour_the_highlighted_row_of_the_library_shows(
    make_app, report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every row unread (its title bold): the highlighted row was bold on a background
    Textual drops without colour, like every other row; the search box focused, it
    was a background alone."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(report)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert _look(app, "Other note") == _look(app, "Third note")
        highlighted_blurred = _look(app, "Quarterly report")
        assert highlighted_blurred != _look(app, "Other note"), highlighted_blurred
        await pilot.press("down")  # into the list
        await settle(app, pilot)
        highlighted = _look(app, "Quarterly report")
        assert highlighted != _look(app, "Other note"), highlighted


async def test_without_colour_the_highlighted_claim_in_the_panel_shows(
    make_app, report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """p: the claims panel's highlighted claim (an option list's highlight) was its
    background and bold, and bold alone was left without colour."""
    monkeypatch.setenv("NO_COLOR", "1")
    _claim(report, tmp_path / "data", "The company grew fast.")
    _claim(report, tmp_path / "data", "Sales rose in the north.")
    app = make_app(report)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_top_briefing(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        highlighted, other = _look(app, "[open] “The"), _look(app, "[open] “Sales")
        assert any(underline for _, _, underline, _, _ in highlighted), highlighted
        assert highlighted != other, (highlighted, other)


async def test_ansi_dark_draws_the_highlighted_row_in_a_colour_it_can_be_read_in(
    make_app, report: Path
) -> None:
    """ansi-dark, the search box focused: the library's highlighted row was drawn in
    ANSI black on the terminal's default background (black on a dark terminal:
    the row's title, date and source invisible) and with nothing else to mark it."""
    app = make_app(report)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.theme = "ansi-dark"
        await pilot.pause(0.1)
        for style in _cells(app, "Quarterly report"):
            assert style is not None and style.color is not None
            assert style.color.name != "color(0)" and style.color.number != 0, style
        assert _look(app, "Quarterly report") != _look(app, "Other note")


async def test_ansi_theme_current_match_is_not_the_others_yellow(make_app, report: Path) -> None:
    """ansi-dark: every find match on the terminal's yellow, the current one only bold
    (its text the page's colour, the terminal's default as the others')."""
    app = make_app(report)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_top_briefing(app, pilot)
        app.theme = "ansi-dark"
        await pilot.pause(0.1)
        await pilot.press("f", *"company", "enter")
        await pilot.pause(0.2)
        (current,) = {_seen(style) for style in _cells(app, "company", 1)}
        (other,) = {_seen(style) for style in _cells(app, "company", 0)}
        assert current != other, (current, other)


async def test_ansi_dark_keeps_a_verified_claim_legible_under_the_sentence_cursor(
    make_app, report: Path, tmp_path: Path
) -> None:
    """ansi-dark: a verified claim's text is green and the sentence cursor's background
    green: the claim's words vanished under the cursor."""
    _claim(report, tmp_path / "data", "The company grew fast.", status="verified")
    app = make_app(report)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_top_briefing(app, pilot)
        app.theme = "ansi-dark"
        await pilot.pause(0.1)
        await pilot.press("c")
        await pilot.pause(0.2)
        for style in _cells(app, "grew fast"):
            assert style is not None and style.bgcolor is not None
            assert style.color != style.bgcolor, style
