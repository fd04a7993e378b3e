"""Claims through edits of the briefing's file, as a newcomer walk found them broken."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Label

from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.screens.reader.screen import ReaderScreen

from .conftest import settle

DEADLINE_S = 10.0


async def _until(pilot, condition: Callable[[], bool], what: str) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > DEADLINE_S:
            raise AssertionError(f"not within {DEADLINE_S} s: {what}")
        await pilot.pause(0.05)


@pytest.fixture
def slow_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ReaderScreen, "READ_AFTER_S", 1000.0)


def _annotate(library: Path, quote: str) -> None:
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace

    with Workspace(resolve_paths(str(library), str(library.parent / "data"))) as ws:
        ws.sync()
        ws.annotate(ws.resolve("oil"), quote)


async def _oil_open(app: BriefingApp, pilot) -> ReaderScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await _until(pilot, lambda: app.watcher is not None, "the watch started")
    await pilot.press("escape", *"opec")
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


def _line(screen: ReaderScreen) -> str:
    found = screen.query("#on-disk")
    return found.first(Label).content.plain if found else ""


async def test_claims_come_back_with_their_file(make_app, library, tmp_path, slow_read) -> None:
    """The open briefing's file moved out of the library and back, unchanged: the
    sync placed its claims again, but the reader's panel went on listing every one
    "(orphaned)", with no highlight, until the briefing was opened again."""
    _annotate(library, "Analysts expect prices to stay high.")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _oil_open(app, pilot)
        anchors = lambda: [claim.anchor for claim in screen.claims]  # noqa: E731
        assert anchors() == ["exact"]
        (library / "oil.md").rename(tmp_path / "away.md")
        await _until(pilot, lambda: anchors() == ["orphaned"], "the claim shown orphaned")
        (tmp_path / "away.md").rename(library / "oil.md")
        await _until(pilot, lambda: not screen.query("#on-disk"), "the gone line hidden")
        await _until(pilot, lambda: anchors() == ["exact"], "the claim shown placed again")
        assert screen.claims[0].span is not None


async def test_a_file_changed_gone_and_back_offers_reload_again(
    make_app, library, tmp_path, slow_read
) -> None:
    """Changed (``r`` offered), then gone, then back: the line went on saying the
    file is no longer in the library, though it was, and ``r`` still reloaded."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _oil_open(app, pilot)
        path = library / "oil.md"
        path.write_text(
            path.read_text(encoding="utf-8").replace("Analysts expect", "Economists expect"),
            encoding="utf-8",
        )
        await _until(pilot, lambda: "r reloads" in _line(screen), "the reload offered")
        path.rename(tmp_path / "away.md")
        await _until(pilot, lambda: "no longer" in _line(screen), "the file said gone")
        (tmp_path / "away.md").rename(library / "back.md")
        await _until(pilot, lambda: "r reloads" in _line(screen), "the reload offered again")
        await pilot.press("r")
        await settle(app, pilot)
        assert "Economists expect" in screen.plain


async def _oil_changed_unreloaded(app, pilot, library) -> ReaderScreen:  # type: ignore[no-untyped-def]
    """Oil open; then its file gets a sentence before everything (offsets shift) and
    a word changed in the last sentence; ``r`` offered, not pressed."""
    screen = await _oil_open(app, pilot)
    path = library / "oil.md"
    text = path.read_text(encoding="utf-8")
    lead = "# Oil prices climb\n\n" + "A new lead. " * 12 + "\n"
    text = text.replace("# Oil prices climb\n", lead)
    path.write_text(text.replace("stay high", "stay very high"), encoding="utf-8")
    await _until(pilot, lambda: "r reloads" in _line(screen), "the reload offered")
    await settle(app, pilot)
    return screen


async def test_a_claim_is_not_made_on_text_the_file_no_longer_holds(
    make_app, library, slow_read
) -> None:
    """With ``r`` offered, a sentence claimed in the text shown was saved on the
    file's new text at the same offsets: another passage, silently."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _oil_changed_unreloaded(app, pilot, library)
        await pilot.press("c")
        await pilot.pause()
        assert screen.selection is None
        assert any("r reloads it" in n.message for n in app._notifications)
        assert app.workspace is not None
        assert app.workspace.claims.for_document("oil") == []
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("c")
        await pilot.pause()
        assert screen.selection is not None


async def test_a_fuzzy_claim_edited_before_reload_keeps_its_words(
    make_app, library, slow_read
) -> None:
    """A fuzzy claim's candidate is into the file's new text: edited while the old
    text was still shown (``r`` not pressed), it was highlighted on other words."""
    _annotate(library, "Analysts expect prices to stay high.")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _oil_changed_unreloaded(app, pilot, library)
        assert app.workspace is not None
        claim = app.workspace.claims.for_document("oil")[0]
        assert claim.anchor == "fuzzy"
        from briefing_tui.tui.dialogs.claim import ClaimEdit

        app.save_claim_edit("oil", claim.id, ClaimEdit(note="checked"), None)
        await _until(pilot, lambda: screen.claims[0].note == "checked", "the edit shown")
        span = screen.claims[0].span
        assert span is not None
        assert screen.plain[span[0] : span[1]] == "Analysts expect prices to stay high."
