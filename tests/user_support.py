"""A folder another user can reach, and commands run as that user (``nobody``).

``chmod -w`` does not stop root, and the tests run as root in CI: the read-only
tests run the real ``briefing`` as ``nobody`` (``setpriv``), as a user would,
over a folder made under ``/tmp`` (the tests' own ``tmp_path`` is root's only).
Used by the CLI's and the app's read-only tests (a pytest plugin: see conftest).
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

NOBODY = 65534


def walk_all(top: Path) -> Iterator[Path]:
    """``top`` and every folder and file under it."""
    yield top
    for folder, names, files in os.walk(top):
        for name in [*names, *files]:
            yield Path(folder) / name


def as_nobody() -> list[str]:
    """What runs a command as ``nobody`` (nothing when the tests are not root's)."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


def give_to_nobody(top: Path) -> None:
    """Everything under ``top`` owned by ``nobody`` (when the tests are root's)."""
    if os.geteuid() == 0:
        for path in walk_all(top):
            os.lchown(path, NOBODY, NOBODY)


def make_read_only(top: Path) -> None:
    """No write bit left on ``top`` or anything under it."""
    for path in walk_all(top):
        path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)


@pytest.fixture
def base() -> Iterator[Path]:
    """A folder a user other than root can reach (the tests' own is root's only)."""
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: chmod -w would not stop root")
    folder = Path(tempfile.mkdtemp(prefix="briefing-ro-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in walk_all(folder):
            path.chmod(0o700 if path.is_dir() else 0o600)
        shutil.rmtree(folder)
