"""Defects a newcomer walk finds, fixed in session 23, each test failing without its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Label

from briefing_tui.core.claims.model import Claim
from briefing_tui.tui.app import BriefingApp, create_app
from briefing_tui.tui.screens.reader import screen as reader_screen
from briefing_tui.tui.screens.reader.screen import ReaderScreen

from .conftest import claimed, open_top_briefing, settle, write_library
from .test_library_newcomer import screen_text

PRIME = """---
title: Two mentions
date: 2024-01-02
---

The prime minister spoke on Monday. Critics of the prime
minister answered on Tuesday.
"""


def _label(screen: ReaderScreen) -> str:
    label = screen.query_one("#section-label", Label)
    return str(label.content) if label.display else ""


async def _opened_from(app, pilot, query: str) -> ReaderScreen:  # type: ignore[no-untyped-def]
    """``query`` typed in the library, its top briefing opened, the reader settled."""
    await settle(app, pilot)
    await pilot.press(*query)
    screen = await open_top_briefing(app, pilot)
    await pilot.pause(0.2)
    return screen


async def test_a_phrase_searched_counts_once_where_it_stands(tmp_path: Path) -> None:
    """ "prime minister" searched: "Search match 1 of 4" over two mentions (each
    word was a match of its own, and `n` stopped on "minister" right after
    "prime"). Words of the search side by side, or across a line's end, are one."""
    library = write_library(tmp_path / "library", {"p.md": PRIME})
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _opened_from(app, pilot, '"prime minister"')
        assert "Search match 1 of 2" in _label(screen), _label(screen)
        first, second = screen._search_highlights
        assert screen.plain[first.start : first.end] == "prime minister"
        assert screen.plain[second.start : second.end].split() == ["prime", "minister"]
        await pilot.press("n")
        await pilot.pause(0.2)
        assert "Search match 2 of 2" in _label(screen), _label(screen)


LISTS = """---
title: Numbered lists
date: 2024-01-03
---

Steps taken:

10) Talks resumed
11) A ceasefire was signed

Then:

1. Observers arrived
2. Troops left
"""


@pytest.mark.parametrize("compact", [False, True], ids=["short", "long briefing"])
async def test_a_numbered_list_keeps_the_delimiter_it_was_written_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compact: bool
) -> None:
    """``10)`` was drawn ``10.``: every ordered list got Textual's ``.``. A long
    briefing draws its lists another way (compact items): both keep ``)``."""
    if compact:
        monkeypatch.setattr(reader_screen, "COMPACT_LISTS_CHARS", 10)
    library = write_library(tmp_path / "library", {"l.md": LISTS})
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_top_briefing(app, pilot)
        await pilot.pause(0.2)
        assert screen.query_one("#document").compact_lists is compact
        shown = screen_text(app)
        assert "10) Talks resumed" in shown, shown
        assert "11) A ceasefire was signed" in shown
        assert "1. Observers arrived" in shown and "2. Troops left" in shown
        assert "10. Talks" not in shown


async def test_enter_after_a_whole_word_opens_the_briefing_holding_it(tmp_path: Path) -> None:
    """``spec`` typed and enter opened an article saying "special" and "specify"
    (its completions outscored the long briefing titled with the word itself)."""
    from tests.unit.test_typed_word_first import LIBRARY

    library = write_library(tmp_path / "library", LIBRARY)
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"spec")
        screen = await open_top_briefing(app, pilot)
        assert screen.record.title == "The spec sheet"


def _big_report_app(tmp_path: Path) -> BriefingApp:
    """The app over a library of one report of 40 chapters: shown a part at a time."""
    library = tmp_path / "library"
    library.mkdir()
    _big_report(library)
    return create_app(str(library), str(tmp_path / "data"))


def _big_report(library: Path) -> None:
    sections = []
    for number in range(40):
        paragraphs = "\n\n".join(f"Paragraph {number}.{i} on grain exports." for i in range(60))
        sections.append(f"## Chapter {number}\n\n{paragraphs}\n")
    text = "---\nid: big\ntitle: Big report\ndate: 2030-02-02\n---\n\n" + "\n".join(sections)
    (library / "big.md").write_text(text)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_end_and_home_go_to_the_briefings_end_and_start_not_the_parts(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """A briefing shown a part at a time: ``end`` stopped at the end of the part
    shown (part 1 of 3), the footer saying "Bottom"; ``home`` at its top."""
    app = _big_report_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await open_top_briefing(app, pilot)
        layout = screen.doc_layout
        assert layout is not None and layout.sectioned and screen.section == 0
        await pilot.press("end")
        await settle(app, pilot)
        await pilot.pause(0.2)
        assert screen.section == len(layout.sections) - 1
        scroll = screen._scroll()
        assert scroll.scroll_y == scroll.max_scroll_y > 0
        assert "Paragraph 39.59 on grain exports." in screen_text(app)
        await pilot.press("home")
        await settle(app, pilot)
        await pilot.pause(0.2)
        assert screen.section == 0 and screen._scroll().scroll_y == 0
        assert "Chapter 0" in screen_text(app)


async def test_briefings_another_process_stored_are_listed_once_the_folder_is_synced(
    make_app, library: Path, tmp_path: Path
) -> None:
    """``briefing import`` while the app ran: the app's sync of the folder found the
    file stored already (the command had synced it), said nothing and listed
    nothing: the new briefing never showed, nor was it found by a search."""
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace
    from briefing_tui.tui.widgets.briefing_list import BriefingList

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        rows = app.library.query_one(BriefingList).rows
        assert "Freight rates" not in [row.title for row in rows]
        (library / "freight.md").write_text(
            "---\ntitle: Freight rates\ndate: 2024-05-01\n---\n\nFreight rates rose.\n"
        )
        with Workspace(resolve_paths(library, tmp_path / "data")) as other:
            other.sync()  # as the command does, before the app's folder watch reports it
        app.request_sync(asked=False)
        await settle(app, pilot)
        await pilot.pause(0.2)
        rows = app.library.query_one(BriefingList).rows
        assert "Freight rates" in [row.title for row in rows]
        await pilot.press(*"freight")
        await settle(app, pilot)
        rows = app.library.query_one(BriefingList).rows
        assert [row.title for row in rows] == ["Freight rates"]


async def test_ctrl_r_on_the_claims_screen_lists_claims_another_process_made(
    make_app, library: Path, tmp_path: Path
) -> None:
    """``briefing import-annotations`` (or ``annotate``) while the claims screen
    showed: ``ctrl+r`` did nothing there (the key was the library's and the
    reader's only); the new claims showed only after leaving and coming back."""
    from briefing_tui.tui.screens.claims import ClaimsScreen

    claimed(library, tmp_path / "data", "oil.md", "Analysts expect prices to stay high.")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ClaimsScreen) and screen.total == 1
        claimed(library, tmp_path / "data", "notes/sanctions.md", "Washington warned India")
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        await pilot.pause(0.2)
        await settle(app, pilot)
        assert screen.total == 2
        # Not "The library is up to date" beside the claim it has just listed.
        said = [n.message for n in app._notifications if n.title == "Sync"]
        assert said == ["No file changed; what other programs wrote is listed."]


def test_the_fetch_notice_names_the_briefing_whose_edited_copy_was_kept() -> None:
    """ "energy: 0 new, 3 skipped, 0 failed, 0 updated (1 edited copy kept)" named
    no briefing; the command line names it, and now the notice does too."""
    from briefing_tui.core.briefings.articles import Outcome
    from briefing_tui.core.feed_fetch import FeedResult, FetchReport
    from briefing_tui.tui.intake_work import fetch_summary

    reason = "updated in the feed since 2024-03-09 07:00; your edited copy kept"
    kept = Outcome("https://e.example/gas", "skipped", "feeds/energy/gas.md", reason)
    result = FeedResult("energy", "https://e.example/feed", outcomes=[kept], kept=[kept])
    text, _ = fetch_summary(FetchReport(feeds=[result]), stopped=False, most=None)
    assert f"energy: kept feeds/energy/gas.md: {reason}" in text.splitlines()


async def test_the_tag_manager_lists_renames_and_deletes_the_claims_own_tags(
    make_app, library: Path, tmp_path: Path
) -> None:
    """Claims tagged court and yukos: f4 listed the briefings' tags only, "every tag
    with its count" without them, and nothing in the app renamed or deleted them."""
    from confirm_support import answer_yes

    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace
    from briefing_tui.tui.dialogs.confirm import ConfirmScreen
    from briefing_tui.tui.dialogs.prompt import PromptScreen
    from briefing_tui.tui.screens.tag_manager import TagManagerScreen

    with Workspace(resolve_paths(library, tmp_path / "data")) as ws:
        ws.sync()
        oil = ws.store.by_path("oil.md")
        assert oil is not None
        ws.annotate(oil, "Analysts expect prices to stay high.", tags=["court", "yukos"])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TagManagerScreen)
        assert screen.claim_counts == [("court", 1), ("yukos", 1)]
        assert "court  on claims" in screen_text(app)
        assert "tags on briefings · 2 on claims" in screen_text(app)
        rows = [tag for tag, _ in screen.counts] + ["court", "yukos"]
        screen.query_one("OptionList").highlighted = rows.index("court")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*["backspace"] * 5, *"courts", "enter")
        await settle(app, pilot)
        assert screen.claim_counts == [("courts", 1), ("yukos", 1)]
        screen.query_one("OptionList").highlighted = rows.index("yukos")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "from 1 claim?" in screen_text(app)
        await answer_yes(pilot)
        await settle(app, pilot)
        assert screen.claim_counts == [("courts", 1)]
        assert app.workspace is not None
        assert app.workspace.claims.tag_counts() == {"courts": 1}
        assert app.workspace.search("tag:courts").ids == ["oil"]


async def test_keys_typed_after_tab_at_speed_go_to_the_next_field(make_app) -> None:
    """A pasted or scripted ``URL<tab>ledger<tab>world`` in the Follow dialog made a
    feed named "ledgerw" tagged "orld": the keys after tab reached the field tab
    was leaving (tab took effect once the field had passed it up)."""
    from textual import events
    from textual.screen import ModalScreen
    from textual.widgets import Input

    from briefing_tui.tui.dialogs.add import FeedDialog

    dialog: ModalScreen[object] = FeedDialog()
    fields = {"#feed-address": "u", "#feed-name": "ledger", "#feed-tags": "world"}
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(dialog)
        await pilot.pause()
        dialog.query_one(next(iter(fields)), Input).focus()
        await pilot.pause()
        keys: list[str] = []
        for text in fields.values():
            keys += [*text, "tab"]
        for key in keys[:-1]:  # queued together, as a terminal sends a paste
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle(app, pilot)
        assert {field: dialog.query_one(field, Input).value for field in fields} == fields


async def test_claims_are_imported_from_the_palette(
    make_app, library: Path, tmp_path: Path
) -> None:
    """The app exported claims (ctrl+e) but could not take them back: "import" in the
    palette found nothing. "Import claims" offers the newest export and imports it."""
    from briefing_tui.tui.dialogs.prompt import PromptScreen

    claim = _exported_then_deleted(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        assert app.workspace is not None and app.workspace.claims.all() == []
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Import claims")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("enter")  # the newest export, offered
        await settle(app, pilot)
        await pilot.pause(0.2)
        await settle(app, pilot)
        assert [c.quote for c in app.workspace.claims.all()] == [claim.quote]
        said = [n.message for n in app._notifications if n.title == "Import claims"]
        assert said and "1 added" in said[0]


async def test_a_short_word_and_enter_at_once_open_the_best_not_the_newest(
    tmp_path: Path,
) -> None:
    """``oil`` and enter within a moment: a word under four letters is listed newest
    first until the typing pauses, and enter opened the newest briefing, whose only
    match was "well oiled machine". Enter ranks first, then opens the best."""
    from textual import events

    library = write_library(
        tmp_path / "library",
        {
            "oscars.md": "---\ntitle: Oscars\ndate: 2024-03-10\n---\n\nA well oiled machine.\n",
            "oil.md": "---\ntitle: Soaring oil\ndate: 2024-01-10\n---\n\nOil rose. Oil fell.\n",
        },
    )
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for key in [*"oil", "enter"]:  # one burst, as typed fast
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle(app, pilot)
        await pilot.pause(0.2)
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.record.title == "Soaring oil"


async def test_a_phrase_searched_opens_on_the_phrase_not_a_lone_word_before_it(
    tmp_path: Path,
) -> None:
    """``"33.5bn euros"``: the reader opened on a lone "euros" near the top and
    counted every one ("Search match 1 of 10"); the phrase is the match."""
    lone = "\n\n".join(f"Paragraph {i}: it cost 6bn euros that year." for i in range(40))
    text = f"---\ntitle: Euros\ndate: 2005-01-01\n---\n\n{lone}\n\nThe deal was 33.5bn euros.\n"
    library = write_library(tmp_path / "library", {"e.md": text})
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _opened_from(app, pilot, '"33.5bn euros"')
        assert "Search match 1 of 1" in _label(screen), _label(screen)
        (only,) = screen._search_highlights
        assert screen.plain[only.start : only.end] == "33.5bn euros"


async def test_selecting_keeps_its_line_when_end_turns_to_the_last_part(tmp_path: Path) -> None:
    """``c`` then ``G`` on a briefing shown in parts: the last part was shown with
    "Part 40 of 40" above it in place of "Selecting 1 sentence … esc cancel"."""
    app = _big_report_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_top_briefing(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        await pilot.press("G")
        await settle(app, pilot)
        await pilot.pause(0.2)
        layout = screen.doc_layout
        assert layout is not None and screen.section == len(layout.sections) - 1
        assert screen.selection is not None
        assert _label(screen).startswith("Selecting"), _label(screen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert _label(screen).startswith(f"Part {len(layout.sections)} of")


async def test_ctrl_r_after_adding_in_the_app_does_not_blame_other_programs(
    make_app, tmp_path: Path
) -> None:
    """What the app itself wrote (an Add) is no other program's: ctrl+r after it
    said "what other programs wrote is listed", and listed the library again."""
    article = tmp_path / "freight.txt"
    article.write_text("Freight rates\n\nFreight rates rose sharply at Rotterdam.\n")
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        app.add_briefings(str(article))
        await settle(app, pilot)
        app.clear_notifications()
        await pilot.press("escape", "ctrl+r")
        await settle(app, pilot)
        said = [n.message for n in app._notifications if n.title == "Sync"]
        assert said == ["The library is up to date: no file changed."]


async def test_the_export_notice_shows_the_default_file_name_whole_at_80_columns(
    make_app, library: Path, tmp_path: Path
) -> None:
    """ "briefing-claims-20261207-215059.jsonl" / "d": the default name broke one
    letter short of the notice's width at 80 columns."""
    from briefing_tui.tui.dialogs.export import ExportDialog

    claimed(library, tmp_path / "data", "oil.md", "Analysts expect prices to stay high.")
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("end", "enter")  # w3c, the longest extension: exported at once
        await settle(app, pilot)
        await pilot.pause(0.3)
        (said,) = [n.message for n in app._notifications if "Exported" in n.message]
        name = said.splitlines()[1]
        assert name.endswith(".jsonld")
        assert name in screen_text(app)


async def test_claims_imported_show_in_the_open_reader(
    make_app, library: Path, tmp_path: Path
) -> None:
    """Imported from the palette while the briefing was open: its claims panel and
    ``]`` went on without the claim until the briefing was opened again."""
    from briefing_tui.tui.dialogs.prompt import PromptScreen

    claim = _exported_then_deleted(library, tmp_path / "data")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"opec")
        reader = await open_top_briefing(app, pilot)
        assert reader.record.path == "oil.md" and reader.claims == []
        app.open_claims_import()
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.pause(0.2)
        await settle(app, pilot)
        assert [c.quote for c in reader.claims] == [claim.quote]


async def test_a_part_turned_while_selecting_ends_the_selection(tmp_path: Path) -> None:
    """``c`` then ``}``: the next part shown, "Selecting 1 sentence" still said, and
    enter quoted the part left's heading ("BBC omnibus"), text no longer on screen."""
    app = _big_report_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_top_briefing(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert screen.selection is not None
        await pilot.press("right_curly_bracket")
        await settle(app, pilot)
        await pilot.pause(0.2)
        assert screen.section == 1 and screen.selection is None
        assert _label(screen).startswith("Part 2 of"), _label(screen)


async def test_a_word_typed_then_enter_marks_the_word_not_what_it_begins(tmp_path: Path) -> None:
    """``EU`` and enter: the reader opened on "European", counting Europe and
    Eurosceptic too; ``bank`` on "bankruptcy". The word as typed is marked where the
    text has it; what it begins only where it has not."""
    text = (
        "---\ntitle: Summit\ndate: 2005-01-01\n---\n\n"
        "European leaders met in Brussels. Eurosceptic voices were few.\n\n"
        "The EU agreed a budget. The EU will meet again.\n"
    )
    library = write_library(tmp_path / "library", {"s.md": text})
    app = create_app(str(library), str(tmp_path / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _opened_from(app, pilot, "EU")
        marked = [screen.plain[h.start : h.end] for h in screen._search_highlights]
        assert marked == ["EU", "EU"]
        assert "Search match 1 of 2" in _label(screen), _label(screen)


def _exported_then_deleted(library: Path, data: Path) -> Claim:
    """A claim made on oil.md, exported (json) into the data folder's exports/, then
    deleted: what an import is to bring back."""
    from briefing_tui.core.exchange import export_claims, write_atomic
    from briefing_tui.core.paths import resolve_paths
    from briefing_tui.core.workspace import Workspace

    claimed(library, data, "oil.md", "Analysts expect prices to stay high.")
    with Workspace(resolve_paths(library, data)) as ws:
        (data / "exports").mkdir()
        write_atomic(data / "exports" / "claims.json", export_claims(ws, "json", "").data)
        (claim,) = ws.claims.all()
        ws.delete_claim(claim.id)
    return claim
