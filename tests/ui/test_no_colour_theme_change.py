"""NO_COLOR with an ANSI theme chosen (ctrl+p Theme, or saved in the settings): Textual
picked its no-colour filter for the start-up theme only, and it drew an ANSI theme's
colours (the terminal's own) as black: the whole app black on black."""

from __future__ import annotations

import pytest
from rich.color import Color

from .conftest import settle
from .test_walk_s19_themes import _cells

BLACK = Color.from_rgb(0, 0, 0)


@pytest.mark.parametrize("theme", ["ansi-dark", "ansi-light"])
async def test_an_ansi_theme_chosen_without_colour_stays_legible(
    make_app, monkeypatch: pytest.MonkeyPatch, theme: str
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.no_color
        app.theme = theme
        await pilot.pause()
        await settle(app, pilot)
        for style in _cells(app, "Election results"):
            assert style is not None
            color, page = style.color, style.bgcolor
            assert not (color == BLACK and page == BLACK), (theme, style)


@pytest.mark.parametrize("no_color", [True, False], ids=["NO_COLOR", "colour"])
async def test_a_greyed_key_looks_greyed_without_colour(
    make_app, tmp_path, monkeypatch: pytest.MonkeyPatch, no_color: bool
) -> None:
    """Textual draws dim as a colour blend: without colour a greyed key (ctrl+t Tags
    with nothing listed) looked live. It is struck through there too."""
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app(empty)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        tags = [style for style in _cells(app, "Tags") if style is not None]
        add = [style for style in _cells(app, "Add") if style is not None]
        assert tags and add
        assert all(bool(style.strike) is no_color for style in tags)
        assert not any(style.strike for style in add)  # a live key is not
