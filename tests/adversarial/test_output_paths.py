"""``export -o`` and ``backup -o`` write regular files only.

A FIFO, a device node, a socket or a folder at the path is refused with one line; a
symbolic link to a regular file has its target written (atomically) and stays a link;
a read-only file is respected (the tests run as root, where opening it would succeed).
"""

from __future__ import annotations

import os
import socket
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Runner, one_line_error

LEDE = "Oil prices rose as the government minister spoke."
OIL = (
    "---\nid: oil\ntitle: Oil prices climb\ndate: 2024-03-05\n---\n\n"
    f"# Oil prices climb\n\n{LEDE} Traders said the rally would last.\n"
)
COMMANDS = {"export": ("export", "--format", "json", "-o"), "backup": ("backup", "-o")}


@pytest.fixture
def run(cli: Runner, put: Callable[[str, str], Path]) -> Runner:
    put("oil.md", OIL)
    runner = cli
    code, _, err = runner("annotate", "oil", "--quote", LEDE, "--note", "who?")
    assert code == 0, err
    return runner


@pytest.fixture(params=sorted(COMMANDS))
def command(request: pytest.FixtureRequest) -> tuple[str, ...]:
    return COMMANDS[request.param]


def test_a_fifo_is_refused_and_stays_a_fifo(
    run: Runner, command: tuple[str, ...], tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    line = one_line_error(*run(*command, str(fifo))[::2])
    assert "pipe" in line and "FIFO" in line
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".pipe")] == []


def test_a_socket_is_refused(run: Runner, command: tuple[str, ...], tmp_path: Path) -> None:
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
        line = one_line_error(*run(*command, str(path))[::2])
        assert "socket" in line
        assert stat.S_ISSOCK(os.lstat(path).st_mode)
    finally:
        server.close()


def test_dev_null_is_refused_and_stays_a_device(
    run: Runner, command: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace

    def guarded(src: object, dst: object, *args: object, **kwargs: object) -> None:
        # Before the fix this is where /dev/null would be replaced: never let it happen.
        if os.path.realpath(os.fspath(dst)) == os.path.realpath(os.devnull):  # type: ignore[arg-type]
            raise AssertionError("the command tried to replace /dev/null")
        real_replace(src, dst, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", guarded)
    line = one_line_error(*run(*command, os.devnull)[::2])
    assert "device" in line
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_symlink_to_a_file_writes_its_target_and_stays_a_link(
    run: Runner, command: tuple[str, ...], tmp_path: Path
) -> None:
    real = tmp_path / "out" / "real" / "out.dat"
    real.parent.mkdir(parents=True)
    real.write_text("old")
    link = tmp_path / "out" / "link.dat"
    link.symlink_to(real)
    code, _, err = run(*command, str(link))
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(real)
    written = real.read_bytes()
    assert written != b"old"
    if command[0] == "backup":
        with sqlite3.connect(f"{real.as_uri()}?mode=ro", uri=True) as db:
            assert db.execute("SELECT count(*) FROM claims").fetchone()[0] == 1
        db.close()
    else:
        assert b'"note": "who?"' in written
    # Nothing left behind in either folder.
    assert sorted(p.name for p in real.parent.iterdir()) == ["out.dat"]
    assert sorted(p.name for p in link.parent.iterdir()) == ["link.dat", "real"]


def test_a_symlink_to_a_fifo_or_to_nothing_is_refused(
    run: Runner, command: tuple[str, ...], tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(fifo)
    line = one_line_error(*run(*command, str(link))[::2])
    assert "FIFO" in line
    assert link.is_symlink() and stat.S_ISFIFO(os.lstat(fifo).st_mode)
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    line = one_line_error(*run(*command, str(dangling))[::2])
    assert "link to nothing" in line
    assert dangling.is_symlink() and not (tmp_path / "nowhere").exists()


def test_a_read_only_file_is_left_alone(
    run: Runner, command: tuple[str, ...], tmp_path: Path
) -> None:
    path = tmp_path / "keep.dat"
    path.write_text("keep me")
    path.chmod(0o444)
    line = one_line_error(*run(*command, str(path))[::2])
    assert "is read-only" in line
    assert path.read_text() == "keep me"
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_a_regular_file_is_replaced_and_keeps_its_mode(
    run: Runner, command: tuple[str, ...], tmp_path: Path
) -> None:
    path = tmp_path / "out.dat"
    path.write_text("old")
    path.chmod(0o640)
    code, _, err = run(*command, str(path))
    assert code == 0, err
    assert path.read_bytes() != b"old" and path.is_file() and not path.is_symlink()
    mode = stat.S_IMODE(path.stat().st_mode)
    # An export keeps the file's permissions; a backup is always private.
    assert mode == (0o600 if command[0] == "backup" else 0o640)
