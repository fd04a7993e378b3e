"""The app's terminal goes away without a SIGHUP: the app ends, it does not spin.

A terminal window killed under ``make run`` (``make`` is the session leader and
takes the SIGHUP) or an SSH connection that dropped leaves the app reading the
end of its input. Textual's input thread read ``b""`` in a loop: the app stayed,
at 100% of a core, until someone found and killed it.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
import time
from pathlib import Path

from ._crashkit import DEADLINE, REPO, briefing, cli_command, cli_env

TITLE = "Harbour strike enters its second week"


def _start_on_a_terminal(content: Path, data: Path) -> tuple[subprocess.Popen[bytes], int]:
    """The app on a pseudo-terminal that is not its controlling terminal (no SIGHUP)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {key: value for key, value in cli_env().items() if key != "NO_COLOR"}
    process = subprocess.Popen(
        cli_command(content, data),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**env, "TERM": "xterm-256color"},
        cwd=REPO,
        start_new_session=True,  # no controlling terminal: closing it sends no SIGHUP
    )
    os.close(slave)
    return process, master


def _read_until(master: int, wanted: str, process: subprocess.Popen[bytes]) -> str:
    seen = b""
    deadline = time.monotonic() + DEADLINE
    while wanted.encode() not in seen:
        assert time.monotonic() < deadline, f"never drawn: {seen[-400:]!r}"
        assert process.poll() is None, f"the app ended early: {seen[-400:]!r}"
        readable, _, _ = select.select([master], [], [], 0.5)
        if readable:
            seen += os.read(master, 65536)
    return seen.decode("utf-8", "replace")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_the_app_ends_when_its_terminal_closes_without_a_hangup(tmp_path: Path) -> None:
    content = tmp_path / "library"
    content.mkdir()
    (content / "strike.md").write_text(f"---\ntitle: {TITLE}\n---\n\nDockers walked out.\n")
    data = tmp_path / "data"
    process, master = _start_on_a_terminal(content, data)
    try:
        _read_until(master, "Harbour strike", process)
        os.close(master)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            spent = _cpu_seconds(process.pid)
            time.sleep(1.0)
            busy = _cpu_seconds(process.pid) - spent
            raise AssertionError(
                f"the app outlived its terminal by 30 s ({busy:.2f} CPU-s in the last second)"
            ) from None
        assert process.returncode == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
    # It ended as ctrl+q ends it: the store closed, the next command answers at once.
    listed = briefing(content, data, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert TITLE in listed.stdout


def _driven(monkeypatch, reads: list[object]) -> list[object]:  # type: ignore[no-untyped-def]
    """What the driver's input thread posts reading ``reads`` (bytes, an error raised, or
    seconds with nothing to read)."""
    from briefing_tui.tui import terminal_driver

    posted: list[object] = []
    chunks = iter(reads)

    def read(_fd: int, _size: int) -> bytes:
        value = next(chunks)
        if isinstance(value, float):
            __import__("time").sleep(value)
            raise BlockingIOError
        if isinstance(value, BaseException):
            raise value
        return value

    class Selector:
        def __init__(self) -> None:
            self.key = object()

        def register(self, *_args: object) -> None: ...

        def unregister(self, *_args: object) -> None: ...

        def close(self) -> None: ...

        def select(self, _timeout: float) -> list[tuple[object, int]]:
            return [(self.key, terminal_driver.selectors.EVENT_READ)]

    monkeypatch.setattr(terminal_driver.os, "read", read)
    monkeypatch.setattr(terminal_driver.selectors, "SelectSelector", Selector)
    driver = terminal_driver.InputEndingDriver.__new__(terminal_driver.InputEndingDriver)
    driver.fileno = 0
    driver._debug = False
    driver.exit_event = __import__("threading").Event()
    driver.process_message = posted.append  # type: ignore[method-assign]
    driver.send_message = posted.append  # type: ignore[method-assign]
    driver.run_input_thread()
    return posted


def test_a_read_that_would_block_is_tried_again_not_the_end(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A terminal shared with another reader, made non-blocking by it, can wake the
    input thread for nothing: ``EAGAIN`` is no end of the input (the app quit)."""
    from briefing_tui.tui import terminal_driver

    posted = _driven(monkeypatch, [BlockingIOError(), InterruptedError(), b"q", b""])
    keys = [getattr(event, "key", None) for event in posted]
    assert "q" in keys  # the key after the two empty wake-ups was read
    assert isinstance(posted[-1], terminal_driver.TerminalGone)  # and the end of input ended it


def test_escape_then_a_key_at_once_is_both_keys(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``tmux send-keys Escape q``, a fast typist or a slow link: ESC and the next key
    arrive together, and Textual read them as ``alt+q`` (bound to nothing: both keys
    lost) or, before a ``/``, dropped the escape. Sequences stay whole, even cut
    between two reads."""
    from textual import events

    from briefing_tui.tui.terminal_driver import unalted

    reads: list[object] = [b"\x1bq", b"\x1b/", b"\x1bM", b"\x1b[A", b"\x1bOB", b"\x1b", b"[C"]
    keys = [getattr(event, "key", None) for event in _driven(monkeypatch, [*reads, b""])]
    assert keys[:-1] == ["escape", "q", "escape", "slash", "escape", "M", "up", "down", "right"]
    # ESC at the end of one read and the key in the next, within Textual's 0.1 s:
    # its parser says alt+j (from tick: see the next test), which is escape then j.
    split = [(key.key, key.character) for key in unalted(events.Key("alt+j", "j"))]
    assert split == [("escape", "\x1b"), ("j", "j")]
    assert [key.key for key in unalted(events.Key("alt+shift+m", "M"))] == ["escape", "M"]
    assert [key.key for key in unalted(events.Key("alt+up", None))] == ["alt+up"]


def test_escape_then_a_key_in_the_next_read_is_both_keys(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A typist's escape and the key after it mostly come in two reads, within Textual's
    0.1 s: its parser says ``alt+q`` only when that time is up, from ``tick``, which
    must split it too (it posted ``alt+q``, bound to nothing: both keys lost)."""
    reads: list[object] = [b"\x1b", b"q", 0.2, b"\x1b\x1bj", 0.2, b""]
    keys = [getattr(event, "key", None) for event in _driven(monkeypatch, reads)]
    assert keys[:-1] == ["escape", "q", "escape", "escape", "j"]


def test_escape_ending_a_read_is_read_with_the_next(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An ESC ending a read waits for the next, to be split with it: Textual's parser
    read ESC then ``/`` in the next read as a bare ``/`` (the escape lost); alone for
    0.1 s, it is ``escape``; a sequence cut after its ESC stays whole."""
    reads: list[object] = [b"\x1b", b"/", 0.2, b"\x1b", 0.2, b"\x1b", b"[A", b"\x1b", b"OB", b""]
    keys = [getattr(event, "key", None) for event in _driven(monkeypatch, reads)]
    assert keys[:-1] == ["escape", "slash", "escape", "up", "down"]
