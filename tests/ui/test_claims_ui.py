"""Claims from the keyboard: select sentences, save, see them highlighted and listed."""

from __future__ import annotations

from confirm_support import answer_yes
from textual.widgets import OptionList

from briefing_tui.tui.dialogs.claim import ClaimDialog
from briefing_tui.tui.dialogs.confirm import ConfirmScreen
from briefing_tui.tui.screens.library import LibraryScreen
from briefing_tui.tui.screens.reader.screen import ReaderScreen
from briefing_tui.tui.widgets.briefing_list import BriefingList
from briefing_tui.tui.widgets.claims_panel import ClaimsPanel

from .conftest import settle

TWO_SENTENCES = (
    "---\nid: talks\ntitle: Talks resume\ndate: 2025-05-05\n---\n\n"
    "# Talks resume\n\n"
    "Delegations met in Geneva on Monday. The ceasefire held overnight. "
    "Observers were cautious.\n\nA second paragraph follows here.\n"
)


async def _open_talks(app, pilot, library) -> ReaderScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press(*"geneva")
    await settle(app, pilot)
    await pilot.press("escape")  # clear the search: no jump to the match
    await settle(app, pilot)
    listing = app.screen.query_one(BriefingList)
    listing.cursor = [row.id for row in listing.rows].index("talks")
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


async def test_select_two_sentences_save_a_claim_and_see_it(make_app, library) -> None:
    (library / "talks.md").write_text(TWO_SENTENCES, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_talks(app, pilot, library)
        await pilot.press("c")
        await pilot.pause()
        assert screen.selection is not None
        assert screen.plain[slice(*screen.selection.span)] == "Talks resume"
        await pilot.press("down")  # onto the first sentence of the paragraph
        await pilot.press("shift+down")  # extend over the second
        await pilot.pause()
        assert screen.plain[slice(*screen.selection.span)] == (
            "Delegations met in Geneva on Monday. The ceasefire held overnight."
        )
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClaimDialog)
        await pilot.press(*"Needs a second source.")
        await pilot.press("tab", *"ceasefire")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen and screen.selection is None
        assert len(screen.claims) == 1
        claim = screen.claims[0]
        assert claim.quote.startswith("Delegations met") and claim.note == "Needs a second source."
        assert claim.tags == ["ceasefire"] and claim.status == "open"
        block = screen.query_one("#document").block_at(claim.span[0])
        assert any(span.style == ".claim-open" for span in block._applied)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        row = next(r for r in app.screen.query_one(BriefingList).rows if r.id == "talks")
        assert row.claims == 1


async def test_escape_cancels_a_selection_without_leaving_the_reader(make_app, library) -> None:
    (library / "talks.md").write_text(TWO_SENTENCES, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_talks(app, pilot, library)
        await pilot.press("c", "down")
        await pilot.press("escape")
        await pilot.pause()
        assert screen.selection is None and app.screen is screen


async def test_panel_edits_and_deletes_a_claim(make_app, library) -> None:
    (library / "talks.md").write_text(TWO_SENTENCES, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_talks(app, pilot, library)
        await pilot.press("c", "down", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ClaimDialog)
        await pilot.press("tab", "tab", "right")  # to the status choice: key
        await pilot.press("enter")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert screen.claims[0].status == "key"
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await answer_yes(pilot)
        await settle(app, pilot)
        assert screen.claims == []


async def test_editing_a_note_types_after_its_last_word(make_app, library) -> None:
    """``e`` opened the note with the cursor at its start: " edited" typed at once
    went in front ("editeddeleted file", a newcomer walk on the review screen)."""
    (library / "talks.md").write_text(TWO_SENTENCES, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_talks(app, pilot, library)
        await pilot.press("c", "down", "enter")
        await pilot.pause()
        await pilot.press(*"first")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ClaimDialog)
        await pilot.press("space", *"then")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert screen.claims[0].note == "first then"


async def test_a_claim_that_cannot_be_saved_keeps_its_note_on_the_clipboard(
    make_app, library
) -> None:
    """The briefing's file deleted while the claim dialog was open: "Not saved: …
    cannot be read", and the note typed was gone with the dialog (a newcomer walk)."""
    (library / "talks.md").write_text(TWO_SENTENCES, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_talks(app, pilot, library)
        await pilot.press("c", "down", "enter")
        await pilot.pause()
        await pilot.press(*"worth keeping")
        (library / "talks.md").unlink()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        said = [n.message for n in app._notifications]
        assert any(m.startswith("Not saved: ") and "note is on the clipboard" in m for m in said)
        assert app.clipboard == "worth keeping"


async def test_claim_search_finds_the_note_at_once(make_app, library) -> None:
    (library / "talks.md").write_text(TWO_SENTENCES, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_talks(app, pilot, library)
        await pilot.press("c", "down", "enter")
        await pilot.pause()
        await pilot.press(*"corroborate")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("slash")
        await pilot.press(*"note:corroborate ")
        await settle(app, pilot)
        assert [row.id for row in app.screen.query_one(BriefingList).rows] == ["talks"]


def _seed_claims(library, data) -> None:  # type: ignore[no-untyped-def]
    """Three claims made through the core, then edits that leave one fuzzy, one orphaned."""
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace

    (library / "talks.md").write_text(TWO_SENTENCES, encoding="utf-8")
    with Workspace(resolve_paths(str(library), str(data))) as ws:
        ws.sync()
        record = ws.resolve("talks")
        ws.annotate(record, "The ceasefire held overnight.", status="key", tags=["ceasefire"])
        ws.annotate(record, "Observers were cautious.", note="Who are they?", status="disputed")
        ws.annotate(record, "A second paragraph follows here.")
    edited = TWO_SENTENCES.replace("held overnight", "held through the night").replace(
        "A second paragraph follows here.\n", ""
    )
    (library / "talks.md").write_text(edited, encoding="utf-8")


async def test_claims_screen_filters_by_status_and_opens_a_claim(
    make_app, library, tmp_path
) -> None:
    _seed_claims(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        screen = app.screen
        assert len(screen.shown) == 3
        await pilot.press(*"status:disputed")
        await pilot.pause()
        assert [c.quote for c in screen.shown] == ["Observers were cautious."]
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.record.id == "talks"


async def test_review_lists_fuzzy_and_orphaned_and_accepts_a_candidate(
    make_app, library, tmp_path
) -> None:
    from briefing_tui.tui.screens.review import ReviewScreen

    _seed_claims(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert sorted(c.anchor for c in screen.shown) == ["fuzzy", "orphaned"]
        await pilot.press(*"anchor:fuzzy", "tab")
        await pilot.pause()
        await pilot.press("a")
        await settle(app, pilot)
        assert [c.anchor for c in screen.claims] == ["orphaned"]
        await pilot.press("escape", "escape")
        await settle(app, pilot)
        await pilot.press("f3", "tab", "d")
        await pilot.pause()
        await answer_yes(pilot)
        await settle(app, pilot)
        assert app.screen.claims == []


async def test_mouse_selection_becomes_the_claim_quote(make_app, library) -> None:
    from textual.geometry import Offset
    from textual.selection import Selection

    (library / "talks.md").write_text(TWO_SENTENCES, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_talks(app, pilot, library)
        offset = screen.plain.index("Geneva")
        block = screen.query_one("#document").block_at(offset)
        local = offset - block.doc_start
        screen.selections = {block: Selection(Offset(local, 0), Offset(local + 16, 0))}
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ClaimDialog)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert [claim.quote for claim in screen.claims] == ["Geneva on Monday"]


async def test_export_from_the_claims_screen_writes_the_filtered_claims(
    make_app, library, tmp_path
) -> None:
    import json

    from briefing_tui.tui.dialogs.export import ExportDialog

    _seed_claims(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        await pilot.press(*"status:key", "ctrl+e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        await pilot.press("down")  # md -> json
        await pilot.press("space")
        await pilot.pause()
        target = tmp_path / "out.json"
        dialog.query_one("#export-path").value = str(target)
        await pilot.press("tab", "enter")
        await settle(app, pilot)
        data = json.loads(target.read_text(encoding="utf-8"))
        assert data["format"] == "briefing-tui"
        assert [claim["status"] for claim in data["claims"]] == ["key"]
        said = [n.message for n in app._notifications if "Exported" in n.message]
        # The file's name on a line of its own (after its folder it broke mid-name).
        assert said == [f"Exported 1 claim (json) to\nout.json\nin {tmp_path.resolve()}"]


async def test_brackets_jump_between_claims(make_app, library, tmp_path) -> None:
    long_body = "\n\n".join(f"Paragraph {i} about pipelines and routes." for i in range(120))
    (library / "long.md").write_text(
        f"---\nid: long\ntitle: Long read\ndate: 2026-01-01\n---\n\n{long_body}\n", encoding="utf-8"
    )
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace

    with Workspace(resolve_paths(str(library), str(tmp_path / "data"))) as ws:
        ws.sync()
        record = ws.resolve("long")
        ws.annotate(record, "Paragraph 60 about pipelines and routes.")
        ws.annotate(record, "Paragraph 110 about pipelines and routes.")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")  # the newest briefing: long.md
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and len(screen.claims) == 2
        scroll = screen.query_one("#reader-scroll")
        assert scroll.scroll_y == 0
        await pilot.press("right_square_bracket")
        await pilot.pause()
        first = scroll.scroll_y
        assert first > 0
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert scroll.scroll_y > first
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert scroll.scroll_y == first


async def test_the_reader_shows_exactly_the_cores_plain_text(make_app, library) -> None:
    """Claims anchor to the core's plain text; the reader's blocks must show the same."""
    from briefing_tui.core.text.plaintext import text_blocks

    (library / "talks.md").write_text(TWO_SENTENCES, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_talks(app, pilot, library)
        document = screen.query_one("#document")
        shown = [block._content.plain for block in document.highlightable_blocks()]
        expected = [b.text for b in text_blocks(screen.briefing.body) if b.kind != "code"]
        assert shown == expected
        assert [block.doc_start for block in document.highlightable_blocks()] == [
            b.start for b in text_blocks(screen.briefing.body) if b.kind != "code"
        ]


async def test_a_claim_started_from_the_panel_gives_the_panel_its_keys_back(
    make_app, library
) -> None:
    """After saving it, the panel stayed open without the focus: its ``e`` did nothing,
    and ``p`` closed it instead of going to it."""
    (library / "talks.md").write_text(TWO_SENTENCES, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_talks(app, pilot, library)
        await pilot.press("p")
        await pilot.pause()
        panel = screen.query_one(ClaimsPanel)
        assert panel.has_focus
        await pilot.press("c", "down", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert len(screen.claims) == 1
        assert panel.display and panel.has_focus
        screen.query_one("#reader-scroll").focus()
        await pilot.press("p")  # open elsewhere: go to it
        await pilot.pause()
        assert panel.display and panel.has_focus
        await pilot.press("p")  # in it: close it
        await pilot.pause()
        assert not panel.display


async def test_a_long_candidate_in_the_review_is_cut_with_a_mark(make_app, library, tmp_path):
    """It was cut at 90 characters mid-word, nothing showing it was: “strike a ba”.
    Both the passage as it was and as it is now are cut around where they
    differ: cut from their starts, a change past the 90th character was in
    neither, and the reviewer accepted what they could not see."""
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace

    sentence = (
        "The union said the planned strike at the three northern plants would go ahead "
        "on Monday unless the company agreed to reopen the talks on pay."
    )
    path = library / "strike.md"
    path.write_text(f"---\nid: strike\ntitle: Strike\n---\n\n{sentence}\n", encoding="utf-8")
    with Workspace(resolve_paths(str(library), str(tmp_path / "data"))) as ws:
        ws.sync()
        ws.annotate(ws.resolve("strike"), sentence)
    path.write_text(path.read_text(encoding="utf-8").replace("Monday", "Tuesday"), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        [row] = [
            str(option.prompt)
            for option in app.screen.query_one(OptionList)._options
            if "now:" in str(option.prompt)
        ]
        was, now = row.split("now: ", 1)
        assert now.startswith("“…") and len(now) <= 93, now
        assert "on Tuesday unless" in now and "on Monday unless" in was
