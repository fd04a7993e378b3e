"""Driving the app in a real terminal: tmux runs it, the tests type and read the screen."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable


def tmux(*args: str) -> str:
    """``tmux ARGS``; what it printed."""
    return subprocess.run(
        ["tmux", *args], check=True, capture_output=True, text=True, timeout=10
    ).stdout


def wait_for(predicate: Callable[[], bool], timeout: float = 20.0) -> bool:
    """Whether ``predicate`` came true within ``timeout`` seconds (asked every 0.2 s)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False
