"""Terminal escapes: no sequence in a briefing, a tag or a note reaches the terminal.

A briefing is untrusted text. Escape sequences in it could retitle the
window (OSC 0), write the clipboard (OSC 52), clear the screen or move the
cursor (CSI), in their 8-bit C1 forms too, and bidi overrides could make
text read differently than it is. The TUI tests record what the app writes
to its driver (see ``conftest.RecordingDriver``), which is what a terminal
would receive; the CLI tests read its output, as text, as JSON and on a
pseudo-terminal, where the CLI adds its own emphasis.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import select
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Markdown

import briefing_tui.core.text.sanitize as sanitize
from briefing_tui.cli import main
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.app import BriefingApp, create_app
from briefing_tui.tui.dialogs.tags import TagEditorScreen
from briefing_tui.tui.screens.reader.screen import ReaderScreen

from .conftest import ALL_PAYLOADS, YAML_PAYLOADS, Terminal, leaks, settle

P = ALL_PAYLOADS
Y = YAML_PAYLOADS

#: Every field of a briefing carries every payload, next to a marker word that
#: proves the field was drawn (a check of an unpainted field would prove nothing).
HOSTILE = f"""---
id: hostile
title: "HDRTITLE {Y} end"
date: 2024-01-02
source: "SRCTEXT {Y}"
url: "https://example.org/URLTEXT{Y}"
summary: "SUMMARYTEXT {Y}"
tags: ["TAGTEXT{Y}"]
region: "EXTRATEXT {Y}"
---

# HEADING {P}

BODYTEXT {P} [LINKTEXT {P}](https://example.org/{P}) and the end.

```
CODETEXT {P}
```

| COLTEXT {P} | b |
|---|---|
| CELLTEXT {P} | d |
"""

#: The placeholders the payload becomes: visible, inert.
PLACEHOLDER_TITLE = "␛]0;PWNED-TITLE␇"


@pytest.fixture
def hostile(put: Callable[[str, str], Path]) -> Path:
    return put("hostile.md", HOSTILE)


@pytest.fixture
def app(hostile: Path, library: Path, data: Path) -> BriefingApp:
    return create_app(str(library), str(data))


async def _open_reader(app: BriefingApp, pilot) -> ReaderScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press(*"bodytext", "enter")
    await settle(app, pilot)
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


# -- the TUI: what reaches the driver ------------------------------------------------


async def test_driver_recording_catches_a_raw_escape_when_sanitizing_is_off(
    hostile: Path, library: Path, data: Path, terminal: Terminal, monkeypatch
) -> None:
    """The control case: with ingestion's cleaning disabled, the recorder sees the
    payload reach the driver, so the other tests here can fail."""
    monkeypatch.setattr(sanitize, "_UNSAFE", re.compile(r"(?!)"))
    monkeypatch.setattr(sanitize, "has_unsafe", lambda text: False)
    app = create_app(str(library), str(data))
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press(*"bodytext", "enter")
        await settle(app, pilot)
        assert leaks(terminal.output), "a raw escape should have reached the driver"


async def test_list_rows_and_preview_write_no_osc_csi_c1_or_bidi_to_the_terminal(
    app: BriefingApp, terminal: Terminal
) -> None:
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(app, pilot)
        terminal.assert_clean("HDRTITLE", PLACEHOLDER_TITLE, "SUMMARYTEXT", "SRCTEXT")


async def test_reader_header_heading_body_link_code_block_and_table_write_no_escape(
    app: BriefingApp, terminal: Terminal
) -> None:
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(app, pilot)
        terminal.reset()
        await _open_reader(app, pilot)
        terminal.assert_clean(
            "HDRTITLE",
            "SRCTEXT",
            "URLTEXT",
            "HEADING",
            "BODYTEXT",
            "LINKTEXT",
            "CODETEXT",
            "COLTEXT",
            "CELLTEXT",
            PLACEHOLDER_TITLE,
        )


async def test_tag_editor_with_hostile_front_matter_tags_writes_no_escape(
    app: BriefingApp, terminal: Terminal
) -> None:
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await _open_reader(app, pilot)
        terminal.reset()
        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, TagEditorScreen)
        terminal.assert_clean("tagtext", "HDRTITLE")


async def test_tags_saved_notification_with_a_hostile_title_writes_no_escape(
    app: BriefingApp, terminal: Terminal
) -> None:
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await _open_reader(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        terminal.reset()
        await pilot.press(*"fresh", "enter")
        await settle(app, pilot)
        assert any("fresh" in n.message for n in app._notifications)
        terminal.assert_clean("Tags saved", "fresh")


async def test_refused_link_notice_with_raw_escapes_in_the_href_writes_no_escape(
    app: BriefingApp, terminal: Terminal
) -> None:
    """Hrefs are cleaned at ingestion; the notice must not rely on it (it quotes the href)."""
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        screen = await _open_reader(app, pilot)
        terminal.reset()
        markdown = screen.query_one("#document").parts[0]
        screen.post_message(Markdown.LinkClicked(markdown, f"javascript:HREFTEXT{P}"))
        await settle(app, pilot)
        assert any("Not opened" in n.message for n in app._notifications)
        terminal.assert_clean("Not opened", "HREFTEXT")


async def test_claims_panel_and_claims_screen_with_hostile_note_and_tags_write_no_escape(
    app: BriefingApp, terminal: Terminal, workspace: Callable[[], Workspace]
) -> None:
    ws = workspace()
    record = ws.store.get("hostile")
    assert record is not None
    ws.annotate(record, "BODYTEXT", note=f"NOTETEXT {P}", tags=[f"CLAIMTAG{P}"])
    ws.close()
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await _open_reader(app, pilot)
        terminal.reset()
        await pilot.press("p")
        await settle(app, pilot)
        terminal.assert_clean("NOTETEXT", "claimtag")
        terminal.reset()
        await pilot.press("f2")
        await settle(app, pilot)
        terminal.assert_clean("NOTETEXT", "HDRTITLE")


async def test_command_palette_listing_a_hostile_title_writes_no_escape(
    app: BriefingApp, terminal: Terminal
) -> None:
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(app, pilot)
        terminal.reset()
        await pilot.press("ctrl+p")
        await pilot.press(*"hdrtitle")
        await settle(app, pilot)
        terminal.assert_clean("HDRTITLE")


# -- the CLI ------------------------------------------------------------------------


@pytest.fixture
def cli(hostile: Path, library: Path, data: Path, capsys):  # type: ignore[no-untyped-def]
    """Run ``briefing`` in-process on the hostile library: (exit code, stdout, stderr)."""

    def runner(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--content", str(library), "--data", str(data)])
        out, err = capsys.readouterr()
        return code, out, err

    code, _, err = runner("annotate", "hostile", "--quote", "BODYTEXT", "--note", f"NOTETEXT {P}")
    assert code == 0, err
    return runner


def _assert_no_raw_controls(text: str) -> None:
    """No ESC, BEL, C1 or bidi character at all: the CLI's plain output has no styling."""
    assert "\x1b" not in text and "\x07" not in text, repr(text[:200])
    assert leaks(text) == [], leaks(text)


@pytest.mark.parametrize(
    ("case", "args", "marker"),
    [
        ("search", ("search", "bodytext"), "HDRTITLE"),
        ("list", ("list",), "HDRTITLE"),
        ("show", ("show", "hostile"), "CELLTEXT"),
        ("claims", ("claims",), "NOTETEXT"),
        ("tags", ("tags",), "tagtext"),
        ("export_md", ("export", "--format", "md"), "NOTETEXT"),
        ("export_csv", ("export", "--format", "csv"), "NOTETEXT"),
    ],
)
def test_cli_text_output_has_no_raw_escape(cli, case: str, args: tuple[str, ...], marker) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli(*args)
    assert code == 0, (case, err)
    assert marker in out, case
    _assert_no_raw_controls(out)
    _assert_no_raw_controls(err)
    if case == "export_csv":
        assert any("NOTETEXT" in cell for row in csv.reader(io.StringIO(out)) for cell in row)


@pytest.mark.parametrize(
    ("case", "args", "marker"),
    [
        ("search", ("search", "bodytext", "--json"), "HDRTITLE"),
        ("list", ("list", "--json"), "HDRTITLE"),
        ("claims", ("claims", "--json"), "NOTETEXT"),
        ("tags", ("tags", "--json"), "tagtext"),
        ("export_json", ("export", "--format", "json"), "NOTETEXT"),
        ("export_w3c", ("export", "--format", "w3c"), "NOTETEXT"),
    ],
)
def test_cli_json_output_has_no_raw_escape_and_parses(cli, case: str, args, marker) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli(*args)
    assert code == 0, (case, err)
    _assert_no_raw_controls(out)
    parsed = json.loads(out)
    # The strings inside hold placeholders, not the controls, once decoded too.
    decoded = json.dumps(parsed, ensure_ascii=False)
    assert marker in decoded
    _assert_no_raw_controls(decoded)
    assert "␛" in decoded


def test_cli_errors_quoting_a_hostile_argument_print_no_raw_escape(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("show", f"missing{P}")
    assert code == 2 and "missing" in err
    _assert_no_raw_controls(out + err)
    code, out, err = cli("annotate", "hostile", "--quote", f"absent{P}")
    assert code == 2
    _assert_no_raw_controls(out + err)


def test_cli_import_annotations_with_raw_escapes_in_notes_and_tags_prints_none(
    cli, library: Path, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    """An exchange file is as untrusted as a briefing: what it brings is cleaned."""
    code, out, _ = cli("export", "--format", "json")
    assert code == 0
    exported = json.loads(out)
    for claim in exported["claims"]:
        claim["note"] = f"IMPORTED {P}"
        claim["tags"] = [f"IMPTAG{P}"]
    for document in exported["documents"]:
        document["title"] = f"IMPTITLE {P}"
    hostile_file = tmp_path / "hostile-export.json"
    hostile_file.write_text(json.dumps(exported), encoding="utf-8")
    place = ["--content", str(library), "--data", str(tmp_path / "other-data")]
    assert main(["import-annotations", str(hostile_file), *place]) == 0
    out, err = capsys.readouterr()
    _assert_no_raw_controls(out + err)
    assert main(["claims", "--json", *place]) == 0
    out, err = capsys.readouterr()
    _assert_no_raw_controls(out + err)
    decoded = json.dumps(json.loads(out), ensure_ascii=False)
    assert "IMPORTED" in decoded and "imptag" in decoded
    _assert_no_raw_controls(decoded)
    assert main(["export", "--format", "md", *place]) == 0
    out, err = capsys.readouterr()
    assert "IMPORTED" in out
    _assert_no_raw_controls(out + err)


def _run_on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run the CLI with stdout and stderr on a pseudo-terminal; return all it printed."""
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "briefing_tui", *args],
            stdin=subprocess.DEVNULL,
            stdout=follower,
            stderr=follower,
            env=env,
        )
        os.close(follower)
        chunks: list[bytes] = []
        while True:
            ready, _, _ = select.select([leader], [], [], 30)
            if not ready:
                break
            try:
                data = os.read(leader, 65536)
            except OSError:  # the child closed its side
                break
            if not data:
                break
            chunks.append(data)
        process.wait(timeout=30)
    finally:
        os.close(leader)
    return b"".join(chunks).decode("utf-8", errors="replace")


#: The CLI's own emphasis on a terminal: SGR only.
_SGR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize(
    ("case", "args", "marker"),
    [
        ("search", ["search", "bodytext"], "HDRTITLE"),
        ("list", ["list"], "HDRTITLE"),
        ("show", ["show", "hostile"], "CELLTEXT"),
        ("claims", ["claims"], "NOTETEXT"),
        ("tags", ["tags"], "tagtext"),
    ],
)
def test_cli_on_a_terminal_prints_only_its_own_colour_codes(
    cli, library: Path, data: Path, case: str, args: list[str], marker: str
) -> None:  # type: ignore[no-untyped-def]
    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    env["TERM"] = "xterm-256color"
    output = _run_on_a_terminal([*args, "--content", str(library), "--data", str(data)], env)
    # Progress lines redraw with CR + erase-line; everything else must be SGR or text.
    stripped = _SGR.sub("", output.replace("\r\x1b[K", ""))
    assert marker in stripped, (case, output[:500])
    assert "\x1b" not in stripped, (case, repr(stripped[:300]))
    assert leaks(output) == [], (case, leaks(output))
