"""Symbolic links that loop back on themselves, wherever a path is taken.

Python 3.11 raises ``RuntimeError`` (not ``OSError``) when it resolves such a
link, and every command that took a briefing by path (``show``, ``tag``,
``annotate``), a ``--data`` folder or a ``backup -o`` file printed a
traceback. Each is now one line, exit 2 (a bad-input hunt).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Runner, one_line_error

OIL = "---\ntitle: Oil\ndate: 2024-03-05\n---\n\nOil prices rose.\n"


def _loop(folder: Path, name: str) -> Path:
    """``name`` → ``name-other`` → ``name``."""
    (folder / name).symlink_to(f"{name}-other")
    (folder / f"{name}-other").symlink_to(name)
    return folder / name


@pytest.mark.parametrize(
    "args",
    [("show", "loop.md"), ("tag", "loop.md", "+x"), ("annotate", "loop.md", "--quote", "Oil")],
)
def test_a_briefing_named_by_a_looping_link_is_one_line(
    cli: Runner, put: Callable[[str, str], Path], lib_dir: Path, args: tuple[str, ...]
) -> None:
    put("oil.md", OIL)
    _loop(lib_dir, "loop.md")
    line = one_line_error(*cli(*args)[::2])
    assert "loop.md" in line, line


def test_a_data_folder_that_is_a_looping_link_is_one_line(
    run_in: Callable[..., tuple[int, str, str]], put: Callable[[str, str], Path], tmp_path: Path
) -> None:
    put("oil.md", OIL)
    data = _loop(tmp_path, "data")
    for command in ("list", "search"):
        args = (command, "oil") if command == "search" else (command,)
        line = one_line_error(*run_in(data, *args)[::2])
        assert "loops back on itself" in line and "data" in line, line


def test_a_backup_to_a_looping_link_is_one_line(
    cli: Runner, put: Callable[[str, str], Path], tmp_path: Path
) -> None:
    put("oil.md", OIL)
    assert cli("index")[0] == 0
    target = _loop(tmp_path, "store.bak")
    line = one_line_error(*cli("backup", "-o", str(target))[::2])
    assert "loops back on itself" in line, line
    assert target.is_symlink()  # the link is left as it was


@pytest.mark.parametrize("kind", ["loop", "dangling"])
def test_a_skipped_link_named_by_a_command_says_why_it_was_skipped(
    cli: Runner, put: Callable[[str, str], Path], lib_dir: Path, kind: str
) -> None:
    """``show`` of a link the sync skipped said "no briefing with id or path": the
    name was looked up only where the link leads (a bad-input hunt)."""
    put("oil.md", OIL)
    if kind == "loop":
        _loop(lib_dir, "link.md")
    else:
        (lib_dir / "link.md").symlink_to("/nonexistent/elsewhere.md")
    assert cli("index")[0] == 0
    line = one_line_error(*cli("show", "link.md")[::2])
    assert "link.md is in the library but was skipped: broken symlink" in line, line
