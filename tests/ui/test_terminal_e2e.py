"""End to end in a real terminal: tmux runs the app, we type and read the screen.

This is where "nothing reaches the terminal" is checked for real: a briefing
carries a title-change sequence, a screen clear and a clipboard write; the
pane's title must not change and the sequences must show as placeholders.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from tmux_support import tmux, wait_for

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

HOSTILE = (
    '---\nid: hostile\ntitle: "Hostile \\e]0;PWNED\\a title"\ndate: 2024-01-02\n---\n\n'
    "Body with a clear \x1b[2J and a clipboard write \x1b]52;c;cHduZWQ=\x07 inside.\n"
)


def test_app_in_a_real_terminal_searches_opens_and_quits(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    (library / "oil.md").write_text(
        "---\ntitle: Oil prices climb\ndate: 2024-03-05\n---\n\nBrent rose sharply.\n",
        encoding="utf-8",
    )
    session = f"briefing-e2e-{uuid.uuid4().hex[:8]}"
    command = (
        f"{sys.executable} -m briefing_tui --content {library} --data {tmp_path / 'data'}; "
        "echo APP-EXITED-$?; sleep 30"
    )
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", command)
    try:
        screen = lambda: tmux("capture-pane", "-p", "-t", session)  # noqa: E731
        assert wait_for(lambda: "2 of 2 briefings" in screen()), screen()
        assert "Hostile ␛]0;PWNED␇ title" in screen()
        tmux("send-keys", "-t", session, "-l", "clipboard")
        assert wait_for(lambda: "1 of 2 briefings" in screen()), screen()
        tmux("send-keys", "-t", session, "Enter")
        assert wait_for(lambda: "inside." in screen()), screen()
        shown = screen()
        assert "␛[2J" in shown and "␛]52;c;cHduZWQ=␇" in shown
        title = tmux("display-message", "-p", "-t", session, "#{pane_title}")
        assert "PWNED" not in title
        tmux("send-keys", "-t", session, "Escape")
        assert wait_for(lambda: "1 of 2 briefings" in screen()), screen()
        tmux("send-keys", "-t", session, "C-q")
        assert wait_for(lambda: "APP-EXITED-0" in screen()), screen()
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
