"""Links: a link in a briefing never opens anything by itself.

A briefing's links are written by whoever wrote the file. ``file:`` and
``data:`` would show local files or attacker pages, ``javascript:`` runs
code in a browser, relative paths can climb out of the library, Windows
paths reach shares, an option-like target (``--help``) becomes an argument
to the opener, and a huge URL floods the screen. All of these are refused
with a notice saying why; ``http(s)`` and ``mailto`` open only after a
confirmation. The browser is faked at ``webbrowser.open``, which is what
Textual's driver calls, so a path that skipped the app's own ``open_url``
would be caught too.
"""

from __future__ import annotations

import webbrowser
from collections.abc import Callable
from pathlib import Path

import pytest
from confirm_support import answer_yes
from textual.widgets import Markdown

from briefing_tui.core.briefings.links import MAX_URL_CHARS, SHOWN_CHARS, classify_link
from briefing_tui.tui.app import BriefingApp, create_app
from briefing_tui.tui.dialogs.confirm import ConfirmScreen
from briefing_tui.tui.screens.reader.screen import ReaderScreen

from .conftest import click_on, screen_text, settle

LONG_URL = "https://example.org/" + "a" * 10_000

#: (case, href, what the notice must say).
REFUSED = [
    ("file_url", "file:///etc/passwd", "file: links are not opened"),
    ("file_url_upper_case", "FILE:///etc/passwd", "file: links are not opened"),
    ("javascript", "javascript:alert(1)", "javascript: links are not opened"),
    ("javascript_mixed_case", "JaVaScRiPt:alert(1)", "javascript: links are not opened"),
    ("javascript_leading_space", "  javascript:alert(1)", "javascript: links are not opened"),
    ("javascript_with_a_tab", "java\tscript:alert(1)", "control characters"),
    ("data_url", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "data: links"),
    ("vbscript", "vbscript:msgbox(1)", "vbscript: links are not opened"),
    ("relative_parent", "../outside.md", "outside the library"),
    ("relative_deep_escape", "../../../../../etc/passwd.md", "outside the library"),
    ("relative_through_a_folder", "notes/../../outside.md", "outside the library"),
    ("relative_percent_encoded", "%2e%2e/%2e%2e/outside.md", "outside the library"),
    ("absolute_path", "/etc/passwd", "absolute paths are not opened"),
    ("protocol_relative_share", "//server/share/x.md", "absolute paths are not opened"),
    ("windows_drive_backslash", "C:\\x", "files on disk are not opened"),
    ("windows_drive_slash", "C:/Windows/win.ini", "files on disk are not opened"),
    ("windows_unc_share", "\\\\server\\share", "files on disk are not opened"),
    ("option_long", "--help", "command-line option"),
    ("option_short", "-x", "command-line option"),
    ("very_long_url", LONG_URL, f"over {MAX_URL_CHARS} characters"),
    ("web_without_host", "https:///etc/passwd", "has no host"),
    ("not_a_briefing", "notes.txt", "only links to briefings"),
    ("bidi_override_in_url", "https://example.org/\u202egnp.exe", "control characters"),
    ("c1_control_in_url", "https://example.org/\x9b2J", "control characters"),
    ("placeholder_from_ingestion", "https://example.org/\u241b]0;x", "control characters"),
]

WEB = [
    ("https", "https://example.org/page"),
    ("http", "http://example.org/"),
    ("mailto", "mailto:someone@example.org"),
]

BRIEFING = """---
id: links
title: Links everywhere
date: 2024-01-02
---

# Links

Read [UPLINK](../../outside.md) and [OPTLINK](--help) now.

Never a link: [JSLINK](javascript:alert(1)) and [FILELINK](file:///etc/passwd).

The web: [WEBLINK](https://example.org/page).
"""


# -- the policy ----------------------------------------------------------------------


@pytest.mark.parametrize(("case", "href", "reason"), REFUSED, ids=[c for c, _, _ in REFUSED])
def test_policy_refuses_with_the_reason(library: Path, case: str, href: str, reason: str) -> None:
    link = classify_link(href, "here.md", library)
    assert link.kind == "refused", case
    assert reason in link.reason, (case, link.reason)
    # The quote of a refused link is safe to show and bounded.
    assert len(link.target) <= SHOWN_CHARS
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in link.target)
    assert "\u202e" not in link.target


@pytest.mark.parametrize(("case", "href"), WEB, ids=[c for c, _ in WEB])
def test_policy_sends_web_links_to_confirmation(library: Path, case: str, href: str) -> None:
    assert classify_link(href, "here.md", library).kind == "web", case


def test_policy_refuses_a_symlink_in_the_library_leading_outside(
    library: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("# Secret\n", encoding="utf-8")
    (library / "inside.md").symlink_to(outside)
    link = classify_link("inside.md", "here.md", library)
    assert link.kind == "refused" and "outside the library" in link.reason


# -- the reader --------------------------------------------------------------------------


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every URL handed to the system browser (nothing really opens)."""
    opened: list[str] = []

    def fake_open(url: str, *args: object, **kwargs: object) -> bool:
        opened.append(url)
        return True

    for name in ("open", "open_new", "open_new_tab"):
        monkeypatch.setattr(webbrowser, name, fake_open)
    return opened


@pytest.fixture
def app(put: Callable[[str, str], Path], library: Path, data: Path) -> BriefingApp:
    put("links.md", BRIEFING)
    return create_app(str(library), str(data))


async def open_reader(app: BriefingApp, pilot) -> ReaderScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


async def follow(screen: ReaderScreen, href: str) -> None:
    """What the Markdown widget posts when a link is clicked."""
    markdown = screen.query_one("#document").parts[0]
    screen.post_message(Markdown.LinkClicked(markdown, href))


REFUSED_IN_THE_READER = [
    case
    for case in REFUSED
    if case[0]
    in {
        "file_url",
        "javascript",
        "data_url",
        "relative_deep_escape",
        "windows_drive_backslash",
        "windows_unc_share",
        "option_long",
        "option_short",
        "very_long_url",
    }
]


@pytest.mark.parametrize(
    ("case", "href", "reason"),
    REFUSED_IN_THE_READER,
    ids=[case for case, _, _ in REFUSED_IN_THE_READER],
)
async def test_reader_never_opens_and_says_why(
    app: BriefingApp, browser: list[str], case: str, href: str, reason: str
) -> None:
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        screen = await open_reader(app, pilot)
        await follow(screen, href)
        await settle(app, pilot)
        assert app.screen is screen, f"{case}: something was opened over the reader"
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Not opened") and reason in m for m in messages), messages
        if case == "very_long_url":
            # The notice quotes the link shortened, not 10,000 characters of it.
            assert all(len(m) < 400 for m in messages)
        assert browser == []


async def test_reader_real_clicks_on_escaping_and_option_like_links_open_nothing(
    app: BriefingApp, browser: list[str]
) -> None:
    """Clicks go through the Markdown widget, whose own default would open the link."""
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        screen = await open_reader(app, pilot)
        # markdown-it already refuses javascript: and file: destinations: they stay text.
        assert "[JSLINK](javascript:alert(1))" in screen_text(app)
        await click_on(app, pilot, "UPLINK and", at=2)
        await settle(app, pilot)
        await click_on(app, pilot, "OPTLINK now", at=2)
        await settle(app, pilot)
        # Both clicks landed on a link (each says why it was refused), nothing opened.
        messages = [n.message for n in app._notifications]
        assert any("outside the library" in m for m in messages), messages
        assert any("command-line option" in m for m in messages), messages
        assert app.screen is screen and browser == []


@pytest.mark.parametrize(("case", "href"), WEB, ids=[c for c, _ in WEB])
async def test_reader_opens_web_links_only_after_yes(
    app: BriefingApp, browser: list[str], case: str, href: str
) -> None:
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        screen = await open_reader(app, pilot)
        await follow(screen, href)
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen), case
        assert href in screen_text(app)  # the question shows where it would go
        assert browser == [], "opened before the answer"
        await pilot.press("n")
        await settle(app, pilot)
        assert app.screen is screen and browser == []
        await follow(screen, href)
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert browser == [], "escape is a no"
        await follow(screen, href)
        await settle(app, pilot)
        await answer_yes(pilot)
        await settle(app, pilot)
        assert browser == [href]


async def test_reader_real_click_on_a_web_link_asks_first(
    app: BriefingApp, browser: list[str]
) -> None:
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await open_reader(app, pilot)
        await click_on(app, pilot, "WEBLINK.", at=2)
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert browser == []
        await answer_yes(pilot)
        await settle(app, pilot)
        assert browser == ["https://example.org/page"]
