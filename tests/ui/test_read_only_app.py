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
import stat
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOBODY = 65534

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def _walk(top: Path) -> Iterator[Path]:
    yield top
    for folder, names, files in os.walk(top):
        for name in [*names, *files]:
            yield Path(folder) / name


@pytest.fixture
def base() -> Iterator[Path]:
    """A folder a user other than root can reach (the tests' own is root's only)."""
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: chmod -w would not stop root")
    folder = Path(tempfile.mkdtemp(prefix="briefing-ro-app-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in _walk(folder):
            path.chmod(0o700 if path.is_dir() else 0o600)
        shutil.rmtree(folder)


def _tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", *args], check=True, capture_output=True, text=True, timeout=10
    ).stdout


def _wait_for(predicate: Callable[[], bool], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


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
    as_user: list[str] = []
    if os.geteuid() == 0:
        as_user = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
        for path in _walk(base):
            os.lchown(path, NOBODY, NOBODY)
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
    if os.geteuid() == 0:
        os.lchown(library / "gas.md", NOBODY, NOBODY)
    for path in _walk(data):
        path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)
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
    _tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", "-c", str(base))
    try:
        _tmux("send-keys", "-t", session, f"env {command}; echo APP-EXITED-$?", "Enter")
        seen: list[str] = []

        def screen() -> str:
            shown = _tmux("capture-pane", "-p", "-t", session)
            seen.append(shown)
            return shown

        assert _wait_for(lambda: "is read-only: the library as last" in _joined(screen()))
        assert "Oil prices climb" in seen[-1]
        _tmux("send-keys", "-t", session, "Enter")  # open it, and read a few pages
        assert _wait_for(lambda: "Paragraph 0" in screen()), seen[-1]
        for _ in range(4):
            _tmux("send-keys", "-t", session, "PageDown")
            time.sleep(0.5)
        time.sleep(3)  # the reader marks a briefing read after a few seconds
        screen()
        _tmux("send-keys", "-t", session, "C-q")
        assert _wait_for(lambda: "APP-EXITED-0" in screen()), seen[-1]
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    everything = "\n".join(_joined(shown) for shown in seen)
    for noise in ("Sync failed", "Permission denied", "not recorded", "not saved:"):
        assert noise not in everything, noise
    assert store.read_bytes() == before  # nothing written, nothing lost
