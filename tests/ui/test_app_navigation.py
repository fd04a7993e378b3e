"""Going between screens: the stack stays bounded, readers follow tag changes, sync says
what needs review, and a claim saved after its reader closed is kept without a crash."""

from __future__ import annotations

import os

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.screens.claims import ClaimsScreen
from briefing_tui.tui.screens.library import LibraryScreen
from briefing_tui.tui.screens.reader.screen import ReaderScreen
from briefing_tui.tui.screens.tag_manager import TagManagerScreen
from briefing_tui.tui.widgets.header import BriefingHeader

from .conftest import settle


def _seed_claim(library, data) -> None:  # type: ignore[no-untyped-def]
    with Workspace(resolve_paths(str(library), str(data))) as ws:
        ws.sync()
        ws.annotate(
            ws.resolve("sanctions"), "Washington warned India about sanctions over the S-400."
        )


def _messages(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [notification.message for notification in app._notifications]


async def test_going_round_screens_does_not_stack_them(make_app, library, tmp_path) -> None:
    _seed_claim(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for _ in range(3):
            await pilot.press("f2")
            await settle(app, pilot)
            assert isinstance(app.screen, ClaimsScreen)
            app.screen.action_focus_list()
            await pilot.press("enter")
            await settle(app, pilot)
            assert isinstance(app.screen, ReaderScreen)
        # library, claims, one reader: the second f2 went back to the claims screen.
        assert [type(s) for s in app.screen_stack[1:]] == [
            LibraryScreen,
            ClaimsScreen,
            ReaderScreen,
        ]
        await pilot.press("f4")
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        assert [type(s) for s in app.screen_stack[1:]] == [LibraryScreen, ClaimsScreen]


async def test_a_merged_tag_leaves_the_open_readers_header(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"opec", "enter")
        await settle(app, pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert "energy" in str(reader.query_one(BriefingHeader).render())
        await pilot.press("f4")
        await settle(app, pilot)
        assert isinstance(app.screen, TagManagerScreen)
        app.retag("energy", "markets", "Merged energy → markets")
        await settle(app, pilot)
        header = str(reader.query_one(BriefingHeader).render())
        assert "energy" not in header and "markets" in header
        assert "Merged energy → markets (1 briefing)" in _messages(app)


async def test_a_sync_that_orphans_a_claim_says_f3_shows_it(make_app, library, tmp_path) -> None:
    _seed_claim(library, tmp_path / "data")
    path = library / "notes" / "sanctions.md"
    path.write_text(path.read_text().replace("Washington warned", "Nobody in Delhi heard"))
    later = path.stat().st_mtime_ns + 2_000_000_000
    os.utime(path, ns=(later, later))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        notices = [m for m in _messages(app) if "review" in m]
        assert notices == [
            "1 claim now needs review: an edit moved or removed the passage. f3 shows them."
        ]


async def test_a_claim_saved_after_its_reader_closed_is_kept(make_app, tmp_path) -> None:
    from briefing_tui.tui.dialogs.claim import ClaimEdit

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"opec", "enter")
        await settle(app, pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        start = reader.plain.index("Oil prices rose")
        with app.core_lock:  # the save waits behind another writer …
            app.save_new_claim(reader.record, start, start + 15, ClaimEdit("slow"))
            await pilot.press("escape")  # … while the user leaves the briefing
            await pilot.pause()
        await settle(app, pilot)
        assert app.is_running
        assert isinstance(app.screen, LibraryScreen)
        assert "Claim saved" in _messages(app)
        assert [c.note for c in app.workspace.claims.for_document("oil")] == ["slow"]


async def test_an_edit_in_the_app_keeps_a_field_changed_meanwhile_elsewhere(
    make_app, library, tmp_path
) -> None:
    from briefing_tui.tui.dialogs.claim import ClaimEdit

    _seed_claim(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"s-400", "enter")
        await settle(app, pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        (claim,) = reader.claims
        # The user opens the edit dialog; meanwhile another process edits the note.
        with Workspace(resolve_paths(str(library), str(tmp_path / "data"))) as other:
            other.update_claim(claim.id, note="Checked with the embassy")
        edit = ClaimEdit(claim.note, ["s-400"], claim.status)
        app.save_claim_edit(reader.record.id, claim.id, edit, shown=claim)
        await settle(app, pilot)
        saved = app.workspace.claims.get(claim.id)
        assert saved.note == "Checked with the embassy"
        assert saved.tags == ["s-400"]


async def test_reading_width_from_the_palette_caps_the_text_and_is_kept(make_app) -> None:
    from textual.widgets import Input, Label

    from briefing_tui.tui.dialogs.prompt import PromptScreen

    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"opec", "enter")
        await settle(app, pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        document = reader.query_one("#document")
        assert document.region.width <= 100  # the default cap at 200 columns
        app.action_reading_width()
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = "70"
        await pilot.press("enter")
        await settle(app, pilot)
        assert document.region.width <= 70
        assert app.settings.reading_width == 70
        app.action_reading_width()
        await pilot.pause()
        app.screen.query_one(Input).value = "wide"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.settings.reading_width == 70
        # Said in the dialog, which stays for another answer (it closed on a notice).
        assert isinstance(app.screen, PromptScreen)
        said = str(app.screen.query_one("#prompt-help", Label).content)
        assert said.startswith("Not a width: wide")
        await pilot.press("escape")
        await settle(app, pilot)
    again = make_app()
    assert again.settings.reading_width == 70


async def test_ctrl_c_says_how_to_quit_in_plain_words_and_ctrl_r_says_nothing_changed(
    make_app,
) -> None:
    """A newcomer's first tries: ctrl+c showed ``Press [b]ctrl+q[/b] to quit``, and a
    ctrl+r that found nothing to do said nothing at all."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert not any("up to date" in message for message in _messages(app))  # a start
        app.clear_notifications()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert _messages(app) == ["Press ctrl+q to quit (q in the library's list)."]
        app.clear_notifications()
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert _messages(app) == ["The library is up to date: no file changed."]
