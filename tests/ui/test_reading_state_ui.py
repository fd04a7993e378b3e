"""The reader's side of the daily stream: marked read by time or scrolling, ``u``,
what changed (``d``), copy with citation (``y``), and the changed-on-disk offer (``r``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.messages import ClaimsChanged, News, ReadStateChanged
from briefing_tui.tui.screens.reader.screen import ReaderScreen
from briefing_tui.tui.screens.what_changed import WhatChangedScreen
from briefing_tui.tui.widgets.diff_lines import DiffLines

from .conftest import BRIEFINGS, settle, write_library

LONG = "---\nid: marathon\ntitle: Marathon report\ndate: 2024-05-01\n---\n\n" + "\n\n".join(
    f"Paragraph {n} of the marathon report says something long enough to wrap a line "
    f"on a narrow screen, and then a little more about item {n}."
    for n in range(80)
)

TRICKY_TITLE = "[bold]Loud[/bold] [@click=app.quit]quit[/] \\[x]"
TRICKY = f"""---
id: tricky
title: '{TRICKY_TITLE}'
date: 2024-02-02
source: '[red]Wire[/red]'
url: https://example.org/tricky
---

The cabinet met on Monday. Ministers agreed the budget.
"""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    files = {**BRIEFINGS, "long.md": LONG, "tricky.md": TRICKY}
    return write_library(tmp_path / "stream-library", files)


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """Marked read after 50 ms open, not 3 s."""
    monkeypatch.setattr(ReaderScreen, "READ_AFTER_S", 0.05)


@pytest.fixture
def slow(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never marked read by time during a test."""
    monkeypatch.setattr(ReaderScreen, "READ_AFTER_S", 1000.0)


async def _open(app: BriefingApp, pilot, query: str) -> ReaderScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("escape", *query)
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


async def _wait_marked(app: BriefingApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause(0.15)
    await settle(app, pilot)


def _read(app: BriefingApp, doc_id: str) -> bool:
    assert app.workspace is not None
    return app.workspace.stream.states([doc_id])[doc_id].read


def _said(app: BriefingApp) -> list[str]:
    return [n.message for n in app._notifications]


async def _read_then_edit(app: BriefingApp, pilot, content: Path, name: str, old: str, new: str):  # type: ignore[no-untyped-def]
    """Read the briefing (opened by ``name``'s search), leave, edit its file, sync."""
    path = content / f"{name}.md"
    await pilot.press("escape")
    await settle(app, pilot)
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    app.start_sync()
    await settle(app, pilot)


def _spy(app: BriefingApp, monkeypatch: pytest.MonkeyPatch) -> list[News]:
    """Every message the app broadcasts, from now on."""
    sent: list[News] = []
    broadcast = app.broadcast

    def spy(message: News) -> None:
        sent.append(message)
        broadcast(message)

    monkeypatch.setattr(app, "broadcast", spy)
    return sent


async def test_open_for_a_while_marks_read(make_app, content, quick, monkeypatch) -> None:
    app = make_app(content)
    sent = _spy(app, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(app, pilot, "opec")
        await _wait_marked(app, pilot)
        assert _read(app, "oil")
        assert screen._read_state is True
        assert not _read(app, "election")
        told = [m for m in sent if isinstance(m, ReadStateChanged)]
        assert [(m.doc_ids, m.read) for m in told] == [(["oil"], True)]
        assert told[0].counts is not None and told[0].counts.unread == 4


async def test_scrolling_past_the_first_screen_marks_read(make_app, content, slow) -> None:
    app = make_app(content)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(app, pilot, "marathon")
        await pilot.press("j")
        await settle(app, pilot)
        assert not _read(app, "marathon"), "a line is not a screen"
        await pilot.press("space", "space")
        await settle(app, pilot)
        assert _read(app, "marathon")


async def test_u_toggles_and_unread_stays_unread_while_open(make_app, content, quick) -> None:
    app = make_app(content)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(app, pilot, "opec")
        await _wait_marked(app, pilot)
        assert _read(app, "oil")
        await pilot.press("u")
        await settle(app, pilot)
        assert not _read(app, "oil")
        assert "Marked unread" in _said(app)
        await pilot.press("space", "space")  # neither time nor scrolling marks it again
        await _wait_marked(app, pilot)
        assert not _read(app, "oil")
        await pilot.press("u")
        await settle(app, pilot)
        assert _read(app, "oil")
        assert "Marked read" in _said(app)


async def test_d_shows_what_changed_since_read(make_app, content, quick) -> None:
    app = make_app(content)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(app, pilot, "opec")
        await _wait_marked(app, pilot)
        await _read_then_edit(
            app, pilot, content, "oil", "Analysts expect prices", "Most traders now expect prices"
        )
        await _open(app, pilot, "opec")
        assert any(m.startswith("Changed since you read it on") for m in _said(app))
        await pilot.press("d")
        await settle(app, pilot)
        changes = app.screen
        assert isinstance(changes, WhatChangedScreen)
        summary = changes.query_one("#changes-summary").content.plain
        assert "3 words added, 1 removed since you read it on" in summary
        line = next(line for line in changes.model.lines if "traders" in line.plain)
        styled = {line.plain[s.start : s.end]: str(s.style) for s in line.spans}
        assert any("strike" in style and "Analysts" in text for text, style in styled.items())
        assert any(
            "Most traders now" in text and "success" in style for text, style in styled.items()
        )
        assert changes.query_one(DiffLines).has_focus
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)


async def test_reading_what_changed_with_d_reads_the_briefing(make_app, content, slow) -> None:
    """``d`` at once, the diff read, then back: the briefing stayed "changed" (its
    seconds stopped counting while the diff showed) until opened again."""
    app = make_app(content)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await _open(app, pilot, "opec")
        await pilot.press("u")  # read now (the timer never fires in this test)
        await settle(app, pilot)
        await _read_then_edit(
            app, pilot, content, "oil", "Analysts expect prices", "Most traders now expect prices"
        )
        assert app.workspace is not None
        assert app.workspace.stream.states(["oil"])["oil"].changed
        reader = await _open(app, pilot, "opec")
        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, WhatChangedScreen)
        await pilot.press("escape", "escape")
        await settle(app, pilot)
        assert reader not in app.screen_stack
        state = app.workspace.stream.states(["oil"])["oil"]
        assert state.read and not state.changed


async def test_d_marks_the_claims_the_change_moved(make_app, content, quick) -> None:
    app = make_app(content)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(app, pilot, "opec")
        await _wait_marked(app, pilot)
        assert app.workspace is not None
        start = screen.plain.index("Analysts expect")
        app.workspace.add_claim(screen.record, start, start + len("Analysts expect prices"))
        await _read_then_edit(
            app, pilot, content, "oil", "## Outlook", "New words here.\n\n## Outlook"
        )
        await _open(app, pilot, "opec")
        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, WhatChangedScreen)
        text = "\n".join(line.plain for line in app.screen.model.lines)
        assert "‹claim moved› Analysts expect prices" in text
        assert (
            "1 claim concerned: 1 moved" in app.screen.query_one("#changes-summary").content.plain
        )


async def test_d_on_a_briefing_never_read_says_why(make_app, content, slow) -> None:
    app = make_app(content)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(app, pilot, "opec")
        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert "No earlier text to compare: it has not been read yet." in _said(app)


@pytest.mark.parametrize("marked_by", ["u", "time"])
async def test_d_on_a_briefing_first_read_now_does_not_say_it_is_unread(
    make_app, content, monkeypatch, marked_by: str
) -> None:
    """Marked read in this visit (by ``u`` or by time), ``d`` still said "it has not
    been read yet" while the list had dropped its unread mark (a newcomer walk)."""
    seconds = 0.05 if marked_by == "time" else 1000.0
    monkeypatch.setattr(ReaderScreen, "READ_AFTER_S", seconds)
    app = make_app(content)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await _open(app, pilot, "opec")
        if marked_by == "u":
            await pilot.press("u")
        else:
            await pilot.pause(0.2)
        await settle(app, pilot)
        assert app.workspace is not None
        assert reader.record.id in app.workspace.stream.reading.state_ids("read")
        await pilot.press("d")
        await settle(app, pilot)
        said = _said(app)
        assert any("reading it for the first time" in line for line in said), said
        assert not any("not been read yet" in line for line in said)


async def test_y_copies_the_find_match_sentence_with_its_citation(make_app, content, slow) -> None:
    app = make_app(content)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(app, pilot, "opec")
        await pilot.press("y")
        assert any(m.startswith("Nothing to copy") for m in _said(app))
        assert app.clipboard == ""
        await pilot.press("f", *"minister", "escape")
        await pilot.press("y")
        assert app.clipboard == (
            '"Oil prices rose as the government minister spoke." — '
            "Oil prices climb after OPEC cut, Wire, 2024-03-05"
        )
        assert "Copied with citation" in _said(app)


async def test_y_copies_the_selected_sentences(make_app, content, slow) -> None:
    app = make_app(content)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(app, pilot, "sanctions")
        await pilot.press("c", "y")
        assert app.clipboard == (
            '"Washington warned India about sanctions over the S-400." — '
            "S-400 sanctions threat, 2021-04-06"
        )


async def test_markup_in_a_title_is_literal_in_the_citation_and_the_diff(
    make_app, content, quick
) -> None:
    app = make_app(content)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(app, pilot, "cabinet")
        await pilot.press("c", "y")
        assert app.clipboard == (
            f'"The cabinet met on Monday." — {TRICKY_TITLE}, [red]Wire[/red], 2024-02-02, '
            "https://example.org/tricky"
        )
        await pilot.press("escape")  # the selection
        await _wait_marked(app, pilot)
        await _read_then_edit(app, pilot, content, "tricky", "Monday", "[b]Tuesday[/b]")
        await _open(app, pilot, "cabinet")
        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, WhatChangedScreen)
        assert app.screen.query_one("#changes-title").content.plain.endswith(TRICKY_TITLE)
        assert any("[b]Tuesday[/b]" in line.plain for line in app.screen.model.lines)


async def test_the_reader_offers_to_reload_its_changed_file(make_app, content, slow) -> None:
    app = make_app(content)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(app, pilot, "opec")
        assert not screen.query("#on-disk")
        path = content / "oil.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("Analysts expect", "Economists expect"), encoding="utf-8")
        app.start_sync()
        await settle(app, pilot)
        assert app.screen is screen
        line = screen.query_one("#on-disk")
        assert "changed on disk — r reloads" in line.content.plain
        assert "Economists" not in screen.plain
        await pilot.press("r")
        await settle(app, pilot)
        assert "Economists expect" in screen.plain
        assert not screen.query("#on-disk")
        assert (
            screen.briefing is not None
            and screen.briefing.content_hash == screen.record.content_hash
        )


async def test_d_under_changed_on_disk_shows_what_changed_in_the_file(
    make_app, content, quick
) -> None:
    """Read, then edited on disk while open: the line said "changed on disk — r
    reloads" and ``d`` said "Nothing changed since you read it" (it compared the
    text as read with the text on screen, the same text; a newcomer walk)."""
    app = make_app(content)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(app, pilot, "opec")
        await _wait_marked(app, pilot)
        assert _read(app, "oil")
        path = content / "oil.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("Analysts expect", "Economists expect"), encoding="utf-8")
        app.start_sync()
        await settle(app, pilot)
        assert app.screen is screen and screen.reload_offered
        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, WhatChangedScreen)
        assert any("Economists" in line.plain for line in app.screen.model.lines)


async def test_d_on_a_briefing_whose_front_matter_alone_changed_says_so(
    make_app, content, quick
) -> None:
    """A title edited after reading: the list marks it changed, and ``d`` said
    "Nothing changed since you read it" (the text is the same; a newcomer walk)."""
    app = make_app(content)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(app, pilot, "opec")
        await _wait_marked(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        path = content / "oil.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("title: Oil", "title: Revised oil", 1), encoding="utf-8")
        app.start_sync()
        await settle(app, pilot)
        await _open(app, pilot, "opec")
        app.clear_notifications()
        await pilot.press("d")
        await settle(app, pilot)
        assert not isinstance(app.screen, WhatChangedScreen)
        assert any("only the file's front matter" in said for said in _said(app))


async def test_reload_keeps_the_place_and_shows_the_claims_as_re_anchored(
    make_app, content, slow, monkeypatch
) -> None:
    app = make_app(content)
    sent = _spy(app, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(app, pilot, "marathon")
        assert app.workspace is not None
        start = screen.plain.index("Paragraph 70 of")
        app.workspace.add_claim(screen.record, start, start + len("Paragraph 70 of the marathon"))
        await pilot.press("space", "space", "space")
        await settle(app, pilot)
        before = screen._scroll().scroll_y
        assert before > 0
        path = content / "long.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("Paragraph 70 of the", "Paragraph 70 of a"), encoding="utf-8")
        app.start_sync()
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.pause(0.1)
        assert "Paragraph 70 of a marathon" in screen.plain
        assert abs(screen._scroll().scroll_y - before) <= 2
        assert [claim.anchor for claim in screen.claims] == ["fuzzy"]
        assert any(isinstance(m, ClaimsChanged) and m.doc_id == "marathon" for m in sent)


async def test_help_lists_the_reading_keys(make_app, content, slow) -> None:
    from briefing_tui.tui.screens.help import HelpScreen

    app = make_app(content)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(app, pilot, "opec")
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen._text
        for key in ("`u`", "`d`", "`y`", "`r`"):
            assert f"| {key} |" in text, key
        assert "## Reading" in text and "what changed" in text


def test_a_citation_is_one_line_without_control_characters() -> None:
    from datetime import datetime

    from briefing_tui.core.briefings.documents import Briefing
    from briefing_tui.tui.screens.reader.citation import citation

    briefing = Briefing(
        path="x.md",
        size=1,
        mtime_ns=0,
        content_hash="h",
        title="Bad\x1b[2J title",
        date=datetime(2024, 3, 5),
        date_inferred=True,
        body="",
        source="Wire\x07",
        url=None,
    )
    cited = citation("Two\nlines\x1b]52;c;x\x07 here.", briefing)
    assert cited == '"Two lines␛]52;c;x␇ here." — Bad␛[2J title, Wire␇'
