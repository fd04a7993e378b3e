"""Every dialog fits a small terminal: each control is fully on screen once tabbed to.

Each dialog is opened over the library at 80x24, 60x20 and 120x40; the test
tabs through the whole focus chain and checks that every focused widget (the
Save and Cancel buttons too) lies fully inside the screen and inside what its
scrolling containers show, then that the dialog's answer still works.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from confirm_support import answer_yes
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList, RadioSet, TextArea

from briefing_tui.tui.dialogs.claim import ClaimDialog, ClaimEdit
from briefing_tui.tui.dialogs.confirm import ConfirmScreen
from briefing_tui.tui.dialogs.export import ExportChoice, ExportDialog
from briefing_tui.tui.dialogs.prompt import PromptScreen
from briefing_tui.tui.dialogs.tags import TagChange, TagEditorScreen
from briefing_tui.tui.screens.help import HelpScreen

from .conftest import settle

SIZES = [(80, 24), (60, 20), (120, 40)]

LONG_QUOTE = " ".join(
    f"Sentence {i}: the delegation said the contract for the regiment sets would be honoured."
    for i in range(12)
)
LONG_NOTE = "\n".join(f"Note line {i}: check against the second source." for i in range(15))


def fully_visible(widget: Widget) -> Region | None:
    """``None`` when ``widget`` is wholly on screen and unclipped; else its region."""
    screen = widget.screen
    region = widget.region
    if region.area == 0:
        return region
    if not Region(0, 0, *screen.size).contains_region(region):
        return region
    for ancestor in widget.ancestors:
        if (
            isinstance(ancestor, Widget)
            and ancestor is not screen
            and not ancestor.content_region.contains_region(region)
        ):
            return region
    # Nor under a docked row (a dialog's buttons): its scrolling container's region
    # went on under them, and the event date's box was half hidden (a walk).
    for docked in screen.query("*"):
        if (
            docked.styles.dock != "none"
            and docked is not widget
            and docked not in widget.ancestors
            and widget not in docked.ancestors
            and docked.region.overlaps(region)
        ):
            return region
    return None


async def open_dialog(app: Any, pilot: Any, dialog: Any) -> list[Any]:
    """Push ``dialog`` over the library; the list receives what it dismisses with."""
    await settle(app, pilot)
    answers: list[Any] = []
    app.push_screen(dialog, answers.append)
    await pilot.pause()
    await pilot.pause()
    assert app.screen is dialog
    return answers


async def tab_through(app: Any, pilot: Any) -> list[Widget]:
    """Tab once round the focus chain, asserting each focused widget is fully visible."""
    screen = app.screen
    chain = list(screen.focus_chain)
    assert chain, "nothing to focus"
    visited: list[Widget] = []
    for _ in range(len(chain) + 1):
        focused = app.focused
        assert focused is not None
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        bad = fully_visible(focused)
        assert bad is None, f"{focused!r} at {bad} is not fully visible in {screen.size}"
        visited.append(focused)
        await pilot.press("tab")
        await pilot.pause()
    assert set(chain) <= set(visited), f"tab never reached {set(chain) - set(visited)}"
    return visited


@pytest.mark.parametrize("size", SIZES)
async def test_new_claim_dialog_with_a_long_quote_fits_and_saves(make_app, size) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        dialog = ClaimDialog(LONG_QUOTE, known_tags=["energy", "markets"])
        answers = await open_dialog(app, pilot, dialog)
        assert isinstance(app.focused, TextArea)
        visited = await tab_through(app, pilot)
        assert {"save", "cancel"} <= {w.id for w in visited if isinstance(w, Button)}
        assert any(isinstance(w, RadioSet) for w in visited)
        # back to the note, write, pick a status, save with ctrl+s
        dialog.query_one("#claim-note", TextArea).focus()
        await pilot.pause()
        await pilot.press(*"Second source")
        dialog.query_one("#claim-tags", Input).focus()
        await pilot.press(*"energy")
        dialog.query_one(RadioSet).focus()
        await pilot.pause()
        await pilot.press("right", "enter")  # open -> key
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert answers == [ClaimEdit("Second source", ["energy"], "key")]


@pytest.mark.parametrize("size", SIZES)
async def test_edit_claim_dialog_with_long_quote_and_note_fits_and_saves(make_app, size) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        dialog = ClaimDialog(
            LONG_QUOTE,
            note=LONG_NOTE,
            tags=["energy", "a-rather-long-tag-name", "markets"],
            status="disputed",
            title="Edit claim",
        )
        answers = await open_dialog(app, pilot, dialog)
        visited = await tab_through(app, pilot)
        assert {"save", "cancel"} <= {w.id for w in visited if isinstance(w, Button)}
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert answers == [
            ClaimEdit(LONG_NOTE, ["energy", "a-rather-long-tag-name", "markets"], "disputed")
        ]


async def test_at_120x40_a_claim_with_a_three_line_quote_shows_every_field_unscrolled(
    make_app,
) -> None:
    """A walk: the event date's box was under Save and Cancel until scrolled to (the
    credibility and the date one below the other), and nothing said there was more."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = ClaimDialog(LONG_QUOTE[:240], known_tags=["energy"])
        await open_dialog(app, pilot, dialog)
        hidden = {
            widget.id: fully_visible(widget)
            for widget in dialog.query("Input, TextArea, RadioSet, Button")
            if fully_visible(widget) is not None
        }
        assert hidden == {}
        assert dialog.query_one("#claim-body").scroll_offset.y == 0


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("grade", ["", "9"], ids=["date alone", "grade and date"])
async def test_every_refused_field_is_named_at_once_and_in_view(make_app, size, grade) -> None:
    """The reason grows the buttons' row: the date's box, focused again, stayed under
    it; a grade of 9 and a 13th month: the date was said only once the grade was mended."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        dialog = ClaimDialog(LONG_QUOTE, known_tags=["energy"])
        answers = await open_dialog(app, pilot, dialog)
        grade_box = dialog.query_one("#claim-credibility", Input)
        day = dialog.query_one("#claim-event-date", Input)
        if grade:
            grade_box.focus()
            await pilot.press(*grade)
        day.focus()
        await pilot.press(*"2021-13-01", "ctrl+s")
        await pilot.pause()
        await pilot.pause()
        first = grade_box if grade else day
        assert answers == [] and app.focused is first  # the first refused, focused
        said = str(dialog.query_one("#claim-error", Label).render())
        assert "month must be in 1..12" in said
        assert ("credibility '9'" in said) == bool(grade)
        assert fully_visible(first) is None
        assert fully_visible(dialog.query_one("#claim-error")) is None


@pytest.mark.parametrize(
    ("status", "key", "chosen"),
    [("open", "right", "key"), ("disputed", "down", "false"), ("key", "home", "open")],
)
async def test_the_arrows_choose_the_status_from_the_one_the_claim_has(
    make_app, status, key, chosen
) -> None:
    """A newcomer pressed → from "open" to "key", saw "key" highlighted and saved: the
    claim was saved ``[open]`` (Textual's arrows move only a highlight, and start it on
    the first row whatever the status: editing a ``disputed`` claim, down chose ``key``)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = ClaimDialog(LONG_QUOTE, status=status, known_tags=[])
        answers = await open_dialog(app, pilot, dialog)
        dialog.query_one(RadioSet).focus()
        await pilot.pause()
        await pilot.press(key)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [answer.status for answer in answers] == [chosen]


@pytest.mark.parametrize("size", SIZES)
async def test_claim_dialog_save_button_by_keyboard(make_app, size) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        dialog = ClaimDialog(LONG_QUOTE, note="kept")
        answers = await open_dialog(app, pilot, dialog)
        for _ in range(len(dialog.focus_chain)):
            if app.focused is dialog.query_one("#save"):
                break
            await pilot.press("tab")
            await pilot.pause()
        assert app.focused is dialog.query_one("#save")
        await pilot.press("enter")
        await pilot.pause()
        assert answers == [ClaimEdit("kept", [], "open")]


@pytest.mark.parametrize("size", SIZES)
async def test_export_dialog_fits(make_app, size, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        dialog = ExportDialog("status:key tag:a-long-tag-name note:something-long")
        answers = await open_dialog(app, pilot, dialog)
        visited = await tab_through(app, pilot)
        assert {"export", "cancel"} <= {w.id for w in visited if isinstance(w, Button)}
        target = tmp_path / "out.csv"
        dialog.query_one("#export-path", Input).value = str(target)
        dialog.query_one("#export-path", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert answers == [
            ExportChoice("md", target, "status:key tag:a-long-tag-name note:something-long")
        ]


async def test_export_defaults_to_the_data_folder_and_creates_it(make_app, tmp_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = ExportDialog()
        answers = await open_dialog(app, pilot, dialog)
        exports = app.paths.data_root / "exports"
        assert not exports.exists()
        value = dialog.query_one("#export-path", Input).value
        assert Path(value).parent == exports
        assert Path(value).name.startswith("claims-") and value.endswith(".md")
        shown = " ".join(str(label.render()) for label in dialog.query("Label"))
        assert str(exports) in shown or str(exports) in value
        for _ in range(500):  # the format choice has the focus (the dialog's mount gives it)
            if isinstance(app.focused, RadioSet):
                break
            await pilot.pause(0.02)
        await pilot.press("down")
        await pilot.pause()
        await pilot.press("space")  # md -> json: the default follows the format
        for _ in range(500):  # the path follows the radio's change message (10 s on a busy machine)
            await pilot.pause(0.02)
            value = dialog.query_one("#export-path", Input).value
            if not value.endswith(".md"):
                break
        assert Path(value).parent == exports and value.endswith(".json")
        await pilot.click("#export")
        await pilot.pause()
        assert exports.is_dir()
        assert len(answers) == 1 and answers[0].path == Path(value)
        assert answers[0].format == "json"


async def test_the_export_path_follows_the_format_after_the_clock_turned_a_second(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing_tui.tui.dialogs import export as export_dialog

    seconds = iter(range(1000))  # each proposal a second later than the one before
    monkeypatch.setattr(
        export_dialog, "default_export_name", lambda fmt: f"briefing-claims-{next(seconds)}.{fmt}"
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = ExportDialog()
        await open_dialog(app, pilot, dialog)
        dialog.query_one(RadioSet).focus()
        await pilot.press("down")
        await pilot.pause()
        await pilot.press("space")  # md -> json
        for _ in range(500):
            await pilot.pause(0.02)
            value = dialog.query_one("#export-path", Input).value
            if value.endswith(".json"):
                break
        assert value.endswith(".json"), "the path stopped following the format"


async def test_export_through_the_app_writes_into_the_default_folder(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.action_export()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        value = Path(app.screen.query_one("#export-path", Input).value)
        await pilot.click("#export")
        await settle(app, pilot)
        assert value.is_file() and value.parent == app.paths.data_root / "exports"
        assert any("Exported 0 claims" in n.message for n in app._notifications)


async def test_export_folder_that_cannot_be_made_is_a_notification(make_app, tmp_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.paths.data_root.mkdir(parents=True, exist_ok=True)
        (app.paths.data_root / "exports").write_text("a file in the way", encoding="utf-8")
        dialog = ExportDialog()
        answers = await open_dialog(app, pilot, dialog)
        await pilot.click("#export")
        await pilot.pause()
        assert answers == [] and app.screen is dialog
        assert any("exports" in n.message for n in app._notifications)


async def test_export_to_another_folder_does_not_create_it(make_app, tmp_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = ExportDialog()
        answers = await open_dialog(app, pilot, dialog)
        target = tmp_path / "elsewhere" / "out.md"
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.click("#export")
        await pilot.pause()
        assert answers == [ExportChoice("md", target, "")]
        assert not target.parent.exists()  # the app reports the missing folder


@pytest.mark.parametrize("size", SIZES)
async def test_tag_editor_with_long_title_and_many_tags_fits(make_app, size) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        title = "Moscow and New Delhi Discuss Expanding Russian Arms Production " * 3
        current = [f"tag-number-{i}" for i in range(40)]
        counts = [(f"tag-number-{i}", i + 1) for i in range(60)]
        dialog = TagEditorScreen(title, current, counts)
        answers = await open_dialog(app, pilot, dialog)
        field = dialog.query_one("#tag-input", Input)
        assert app.focused is field and fully_visible(field) is None
        assert fully_visible(dialog.query_one("#tag-help")) is None
        options = dialog.query_one(OptionList)
        assert options.region.height >= 3  # some suggestions still show
        assert fully_visible(options) is None
        await pilot.press(*"tag-number-5", "tab")  # tab completes
        await pilot.press(*"-tag-number-1", "enter")
        await pilot.pause()
        assert answers == [TagChange(["tag-number-5"], ["tag-number-1"])]


@pytest.mark.parametrize("size", SIZES)
async def test_prompt_with_a_long_question_fits(make_app, size) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        question = "Rename the tag “" + "very-long-tag-name-" * 12 + "” to:"
        dialog = PromptScreen(question, "old-name")
        answers = await open_dialog(app, pilot, dialog)
        await tab_through(app, pilot)
        assert fully_visible(dialog.query_one("#prompt-help")) is None
        question_label = dialog.query_one("#prompt-question")
        assert question_label.region.height > 1  # wrapped, not cut at the edge
        dialog.query_one(Input).focus()
        await pilot.press("ctrl+u", *"new-name", "enter")
        await pilot.pause()
        assert answers == ["new-name"]


@pytest.mark.parametrize("size", SIZES)
async def test_confirm_with_a_long_detail_fits(make_app, size) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        dialog = ConfirmScreen("Delete this claim?", f"“{LONG_QUOTE}”")
        answers = await open_dialog(app, pilot, dialog)
        visited = await tab_through(app, pilot)
        assert {"yes", "no"} <= {w.id for w in visited if isinstance(w, Button)}
        detail = dialog.query_one("#detail")
        assert detail.region.height > 1  # the whole quote wraps (scrolling), not cut at the edge
        await answer_yes(pilot)
        await pilot.pause()
        assert answers == [True]


@pytest.mark.parametrize("size", SIZES)
async def test_help_fits(make_app, size) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        body = app.screen.query_one("#help-body")
        assert fully_visible(body) is None
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_a_quote_that_opens_with_quotation_marks_is_shown_once_quoted(make_app) -> None:
    """The quote box's bar marks it as a quote: no marks added around it ("““Among …")."""
    quote = "“Prospects are being discussed,” he said."
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = ClaimDialog(quote)
        await open_dialog(app, pilot, dialog)
        shown = str(dialog.query_one("#claim-quote Label", Label).render())
        assert shown == quote


async def test_the_export_path_shows_the_files_name_under_a_long_data_folder(
    library, tmp_path
) -> None:
    """At 80 columns ``/home/…/.local/share/briefing-tui/exports/`` filled the field:
    the file's name and its format's extension were out of sight."""
    from briefing_tui.tui.app import create_app

    from .test_library_newcomer import screen_text

    data = tmp_path / "home" / "analyst" / ".local" / "share" / "briefing-tui"
    app = create_app(str(library), str(data))
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = ExportDialog()
        await open_dialog(app, pilot, dialog)
        await settle(app, pilot)
        assert ".md" in screen_text(app)
        dialog.query_one(RadioSet).focus()
        await pilot.press("end")  # w3c
        await settle(app, pilot)
        assert dialog.query_one("#export-path", Input).value.endswith(".jsonld")
        assert ".jsonld" in screen_text(app)


async def test_the_claim_dialog_refuses_a_tag_no_search_could_find(make_app) -> None:
    """The claim's tags field took a 101-character tag and one holding a double quote,
    which the tag editor, bulk tagging and ``annotate --tag`` refuse (a tags walk)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = ClaimDialog(LONG_QUOTE, known_tags=["energy"])
        answers = await open_dialog(app, pilot, dialog)
        tags = dialog.query_one("#claim-tags", Input)
        tags.value = "energy " + "m" * 101
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert answers == [] and app.screen is dialog
        said = str(dialog.query_one("#claim-error", Label).render())
        assert "too long (limit 100)" in said and tags.has_focus
        tags.value = "energy"  # fixed: saved, the note and status as they were
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert answers == [ClaimEdit("", ["energy"], "open")]
