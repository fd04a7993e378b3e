"""The app on a data folder that cannot be written, in a real terminal, as a user.

The start-up sync failed on the index's lock with "Sync failed: [Errno 13]
Permission denied: '…/index.build-lock'", the preview said the same, and
each page read added "Reading state not saved" (the CLI said it in one line).
Now the app lists the library as last synced and says once why nothing is
saved. Run as a user without root's override of permissions (``setpriv`` to
nobody when the tests run as root), in tmux, as the CLI's tests do.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from tmux_support import tmux, wait_for
from user_support import as_nobody, give_to_nobody, make_read_only

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def _joined(screen: str) -> str:
    """The screen's text with the toasts' wrapped lines run together (their bar and
    padding taken off), so a sentence split over lines is found whole."""
    parts = [line.rsplit("▌", 1)[-1].strip() for line in screen.splitlines()]
    return " ".join(part for part in parts if part)


def test_the_app_lists_a_read_only_library_and_says_once_why_nothing_is_saved(
    base: Path,
) -> None:
    library, data = base / "library", base / "data"
    library.mkdir()
    data.mkdir()
    body = "\n\n".join(f"Paragraph {n}: oil prices rose again today." for n in range(80))
    (library / "oil.md").write_text(f"---\ntitle: Oil prices climb\n---\n\n{body}\n")
    as_user = as_nobody()
    give_to_nobody(base)
    env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(base)}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    where = ["--content", str(library), "--data", str(data)]
    listed = subprocess.run(
        [*as_user, sys.executable, "-m", "briefing_tui", "list", *where],
        capture_output=True,
        text=True,
        env=env,
        cwd=base,
    )
    assert listed.returncode == 0, listed.stderr
    # A change since the last sync: the app's start-up sync has something to write.
    (library / "gas.md").write_text("---\ntitle: Gas prices fall\n---\n\nGas fell.\n")
    give_to_nobody(library)
    make_read_only(data)
    store = next(data.glob("*/store.sqlite3"))
    before = store.read_bytes()
    session = f"briefing-ro-{uuid.uuid4().hex[:8]}"
    command = " ".join(
        [
            *(f"{name}={value}" for name, value in (("HOME", base), ("PYTHONPATH", REPO))),
            "PYTHONDONTWRITEBYTECODE=1",
            *as_user,
            sys.executable,
            "-m",
            "briefing_tui",
            *where,
        ]
    )
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", "-c", str(base))
    try:
        tmux("send-keys", "-t", session, f"env {command}; echo APP-EXITED-$?", "Enter")
        seen: list[str] = []

        def screen() -> str:
            shown = tmux("capture-pane", "-p", "-t", session)
            seen.append(shown)
            return shown

        assert wait_for(lambda: "is read-only: the library as last" in _joined(screen()), 30)
        assert "Oil prices climb" in seen[-1]
        tmux("send-keys", "-t", session, "Enter")  # open it, and read a few pages
        assert wait_for(lambda: "Paragraph 0" in screen()), seen[-1]
        for _ in range(4):
            tmux("send-keys", "-t", session, "PageDown")
            time.sleep(0.5)
        time.sleep(3)  # the reader marks a briefing read after a few seconds
        screen()
        tmux("send-keys", "-t", session, "C-q")
        assert wait_for(lambda: "APP-EXITED-0" in screen()), seen[-1]
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    everything = "\n".join(_joined(shown) for shown in seen)
    for noise in ("Sync failed", "Permission denied", "not recorded", "not saved:"):
        assert noise not in everything, noise
    assert store.read_bytes() == before  # nothing written, nothing lost
