"""Markup injection: Textual and Rich markup in a briefing or in what the user types
is shown literally, and nothing in it runs.

Textual parses markup wherever a plain string is handed to a widget, a
notification or the command palette: ``[@click=app.quit]`` would make the text
a button that quits, ``[link=…]`` a link, ``[bold]`` would vanish into
styling, and an unbalanced ``[/]`` raises ``MarkupError`` while painting, which
takes the whole app down. Each test puts the payload where a document's or a
user's text is shown and checks the screen as painted holds it character for
character, and that the app still runs (after a click on it where it is shown).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, Markdown, TextArea

from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.app import BriefingApp, create_app
from briefing_tui.tui.dialogs.claim import ClaimDialog
from briefing_tui.tui.dialogs.confirm import ConfirmScreen
from briefing_tui.tui.dialogs.export import ExportDialog
from briefing_tui.tui.dialogs.prompt import PromptScreen
from briefing_tui.tui.dialogs.tags import TagEditorScreen
from briefing_tui.tui.screens.claims import ClaimsScreen
from briefing_tui.tui.screens.help import HelpScreen
from briefing_tui.tui.screens.reader.screen import ReaderScreen
from briefing_tui.tui.screens.review import ReviewScreen
from briefing_tui.tui.screens.tag_manager import TagManagerScreen

from .conftest import click_on, screen_text, settle

#: Textual content markup (an action, a link, a style) and an unbalanced close tag.
MK = "[@click=app.quit]QUIT[/] [bold]BOLD[/bold] [link=file:///etc/passwd]LINK[/link] [/]"
#: Rich console markup and an emoji code, shown as typed.
RICH = "[bold red]RICH[/bold red] :warning:"
#: Tags keep brackets (they lose only spaces and commas).
TAGS = ["[@click=app.quit]", "[bold]", "[/]"]

BRIEFING = f"""---
id: marked
title: 'Title {MK}'
date: 2024-01-02
source: 'Source {RICH}'
url: 'https://example.org/[bold]U[/bold]'
summary: 'Summary {MK}'
tags: ['[@click=app.quit]', '[bold]', '[/]']
---

# Heading {MK}

Paragraph {MK}

Claimable sentence {RICH} stays here.

```
code {MK}
```

| head {MK} | b |
|---|---|
| cell {MK} | d |
"""

SIZE = (200, 60)


@pytest.fixture
def app(put: Callable[[str, str], Path], library: Path, data: Path) -> BriefingApp:
    put("marked.md", BRIEFING)
    return create_app(str(library), str(data))


def assert_shown(app: BriefingApp, *texts: str) -> str:
    """Each of ``texts`` is on the screen as painted, character for character."""
    shown = screen_text(app)
    for text in texts:
        assert text in shown, f"{text!r} is not shown literally:\n{shown}"
    assert app.is_running
    return shown


async def open_reader(app: BriefingApp, pilot) -> ReaderScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press(*"claimable", "enter")
    await settle(app, pilot)
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


def notification_texts(app: BriefingApp) -> list[str]:
    """What each toast paints (its rendered content, not the message it was given)."""
    return [toast.render().plain for toast in app.screen.query("Toast")]


# -- the library ----------------------------------------------------------------------


async def test_list_row_and_preview_show_title_summary_source_and_tag_markup_literally(
    app: BriefingApp,
) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        assert_shown(app, f"Title {MK}", f"Summary {MK}", f"Source {RICH}", "[@click=app.quit]")
        await click_on(app, pilot, f"Summary {MK}"[8:])  # on the fake action in the preview
        assert app.is_running


async def test_command_palette_shows_a_markup_title_literally(app: BriefingApp) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"title")
        await settle(app, pilot)
        await pilot.pause(0.3)  # the palette gathers hits on a short debounce
        options = app.screen.query_one(CommandList)
        prompts = [
            options.get_option_at_index(index).prompt for index in range(options.option_count)
        ]
        shown = [getattr(prompt, "plain", str(prompt)) for prompt in prompts]
        assert any(f"Title {MK}" in prompt for prompt in shown), shown
        assert app.is_running


# -- the reader -----------------------------------------------------------------------


async def test_reader_header_heading_body_code_block_and_table_show_markup_literally(
    app: BriefingApp,
) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_reader(app, pilot)
        assert_shown(
            app,
            f"Title {MK}",
            f"Source {RICH}",
            "https://example.org/[bold]U[/bold]",
            "tags: [@click=app.quit], [bold], [/]",
            f"Heading {MK}",
            f"Paragraph {MK}",
            f"code {MK}",
            f"head {MK}",
            f"cell {MK}",
        )
        await click_on(app, pilot, "QUIT[/] [bold]BOLD")  # in the header
        assert app.is_running


async def test_help_over_a_markup_titled_briefing_opens_and_shows_it_literally(
    app: BriefingApp,
) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_reader(app, pilot)
        await pilot.press("f1")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        assert_shown(app, "Keys on this screen", f"Title {MK}")


# -- notifications --------------------------------------------------------------------


async def test_tags_saved_notification_shows_markup_title_and_tags_literally(
    app: BriefingApp,
) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_reader(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, TagEditorScreen)
        app.screen.query_one(Input).value = "[red]typed[/red]"
        await pilot.press("enter")
        await settle(app, pilot)
        toasts = notification_texts(app)
        assert any(f"Title {MK}" in toast and "[red]typed[/red]" in toast for toast in toasts)
        assert app.is_running


async def test_refused_link_notice_shows_markup_in_the_href_literally(app: BriefingApp) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_reader(app, pilot)
        markdown = screen.query_one("#document").parts[0]
        screen.post_message(Markdown.LinkClicked(markdown, "javascript:[@click=app.quit]x[/]"))
        await settle(app, pilot)
        toasts = notification_texts(app)
        assert any("javascript:[@click=app.quit]x[/]" in toast for toast in toasts), toasts
        assert app.is_running


async def test_export_notice_shows_markup_in_the_typed_file_name_literally(
    app: BriefingApp, tmp_path: Path
) -> None:
    target = tmp_path / "[@click=app.quit]out[b] [red.md"  # a file name holds no slash
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        app.action_export()
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("tab", "tab")
        app.screen.query_one("#export-path", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert target.exists()
        assert any(target.name in toast for toast in notification_texts(app))
        assert app.is_running


# -- dialogs --------------------------------------------------------------------------


async def test_web_link_confirmation_shows_markup_in_the_url_literally(
    app: BriefingApp, monkeypatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_reader(app, pilot)
        markdown = screen.query_one("#document").parts[0]
        url = "https://example.org/[@click=app.quit]x[/]"
        screen.post_message(Markdown.LinkClicked(markdown, url))
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert_shown(app, url)
        await click_on(app, pilot, "[@click=app.quit]x[/]")
        assert opened == [] and app.is_running


async def test_tag_editor_shows_markup_title_current_tags_and_suggestions_literally(
    app: BriefingApp,
) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "t")
        await settle(app, pilot)
        assert isinstance(app.screen, TagEditorScreen)
        assert_shown(
            app,
            f"Title {MK}",
            "Now: [@click=app.quit], [bold], [/]",
            "[@click=app.quit]  (1)",
            "[/]  (1)",
        )


async def test_tag_manager_list_rename_prompt_and_delete_confirm_show_markup_tags_literally(
    app: BriefingApp,
) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        assert isinstance(app.screen, TagManagerScreen)
        assert_shown(app, "1  [@click=app.quit]", "1  [bold]", "1  [/]")
        manager = app.screen
        for index, (tag, _) in enumerate(manager.counts):
            if tag == "[/]":
                manager.query_one("#tag-list").highlighted = index
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        assert_shown(app, "Rename “[/]” (1 briefing)")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert_shown(app, "Delete the tag “[/]” from 1 briefing?")


async def test_claim_dialog_panel_and_claims_screen_show_quote_typed_note_and_tags_literally(
    app: BriefingApp,
) -> None:
    note = f"Note {MK}"
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_reader(app, pilot)
        await pilot.press("c")
        await pilot.pause()
        for _ in range(10):  # down to the sentence to claim
            assert screen.selection is not None
            if "Claimable" in screen.plain[slice(*screen.selection.span)]:
                break
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClaimDialog)
        assert_shown(app, f"Claimable sentence {RICH} stays here.")
        app.screen.query_one("#claim-note", TextArea).text = note
        app.screen.query_one("#claim-tags", Input).value = "[bold] [/] [@click=app.quit]"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("p")
        await settle(app, pilot)
        # The panel is narrow: the note wraps after its first words.
        assert_shown(app, "Note [@click=app.quit]QUIT[/]", "[/], [@click=app.quit], [bold]")
        await click_on(app, pilot, "Note [@click=app.quit]QUIT")  # on the note in the panel
        assert app.is_running
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert_shown(app, "“Claimable sentence [bold red]RICH[/bold red]")
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("f2")
        await settle(app, pilot)
        assert isinstance(app.screen, ClaimsScreen)
        assert_shown(app, f"Title {MK}", note, "[/], [@click=app.quit], [bold]")


async def test_review_screen_shows_markup_in_the_old_quote_and_the_candidate_literally(
    app: BriefingApp, library: Path, workspace: Callable[[], Workspace]
) -> None:
    ws = workspace()
    record = ws.store.get("marked")
    assert record is not None
    ws.annotate(record, f"Claimable sentence {RICH} stays here.", note=f"Note {MK}")
    path = library / "marked.md"
    path.write_text(path.read_text().replace("stays here", "stays there"), encoding="utf-8")
    ws.sync()
    assert [claim.anchor for claim in ws.claims.all()] == ["fuzzy"]
    ws.close()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert_shown(
            app,
            f"Title {MK}",
            f"“Claimable sentence {RICH} stays here.”",
            f"now: “Claimable sentence {RICH} stays there.",
            f"Note {MK}",
        )


async def test_tag_rename_typed_with_markup_shows_it_literally_in_the_list_and_notice(
    app: BriefingApp,
) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        manager = app.screen
        assert isinstance(manager, TagManagerScreen)
        for index, (tag, _) in enumerate(manager.counts):
            if tag == "[bold]":
                manager.query_one("#tag-list").highlighted = index
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = "[@click=app.quit]renamed[/]"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is manager
        assert_shown(app, "1  [@click=app.quit]renamed[/]")
        toasts = notification_texts(app)
        assert any("[bold] → [@click=app.quit]renamed[/]" in toast for toast in toasts), toasts


async def test_export_dialog_shows_a_typed_claims_filter_with_markup_literally(
    app: BriefingApp,
) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        assert isinstance(app.screen, ClaimsScreen)
        app.screen.query_one(Input).value = "[@click=app.quit]x[/] [bold]y"
        await pilot.press("ctrl+e")
        await settle(app, pilot)
        assert isinstance(app.screen, ExportDialog)
        assert_shown(app, "the claims selected by: [@click=app.quit]x[/] [bold]y")
