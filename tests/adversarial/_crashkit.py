"""Shared tools for the damage, crash and concurrency tests (groups 7 to 10).

They run the real ``briefing`` command in subprocesses (the same interpreter,
importing this checkout), so SQLite's locks, WAL and fsync, Whoosh's write
lock and its indexing subprocesses are the real ones. Nothing in the product
knows it is being tested: a kill is made to land mid-work by watching what
the command shows (its progress bar on a pseudo-terminal, the files it
writes), never by a hook in the product code.
"""

from __future__ import annotations

import contextlib
import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
#: Generous: the suite runs on a loaded two-core machine.
DEADLINE = 120.0

_VOCABULARY = [
    *("minister", "budget", "railway", "harbour", "treaty", "senate", "grain"),
    *("export", "tariff", "coalition", "reactor", "pipeline", "drought", "vaccine"),
    *("border", "summit", "ferry", "census", "quarry", "lantern"),
]


def briefing_text(number: int, words: int = 120) -> str:
    """A briefing with an id, a date, a tag and deterministic prose (``zebraN`` in it)."""
    state = number * 7919 + 17
    out = []
    for index in range(words):
        state = (state * 1103515245 + 12345) % (2**31)
        out.append(f"{_VOCABULARY[state % len(_VOCABULARY)]}{index % 13}")
    return (
        f"---\nid: doc{number:05d}\ntitle: Briefing {number}\n"
        f"date: 2024-{1 + number % 12:02d}-{1 + number % 28:02d}\ntags: [t{number % 5}]\n---\n\n"
        f"# Briefing {number}\n\nzebra{number % 7} {' '.join(out)}.\n\n"
        f"Officials in Kyiv were cautious about item {number}.\n"
    )


def write_library(root: Path, count: int, words: int = 120) -> list[Path]:
    """``count`` briefings ``doc00000.md`` ... in ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = root / f"doc{number:05d}.md"
        path.write_text(briefing_text(number, words), encoding="utf-8")
        paths.append(path)
    return paths


def clone_library(template: tuple[Path, Path], content: Path, data: Path) -> None:
    """Copy a library built once (its folder and its data folder) to ``content`` and ``data``.

    The copy is what building it again would leave: files keep their size and
    modification time (all a sync compares), the store and index are copied
    whole, closed, and moved to the data folder's name for ``content`` (named
    after the library's path; nothing inside holds that path).
    """
    from briefing_tui.core.paths import library_key

    source, source_data = template
    shutil.copytree(source, content, dirs_exist_ok=True)
    shutil.copytree(source_data / library_key(source), data / library_key(content))


#: The libraries :func:`indexed_fixture` copies, by size and words a briefing: made once
#: per test run (shared by its workers, see :func:`_indexed_template`).
_INDEXED: dict[tuple[int, int], tuple[Path, Path]] = {}


def _shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of this test run that all its workers share (the run's own, never an
    earlier run's): pytest-xdist's workers each have theirs in the run's base folder."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _indexed_template(
    tmp_path_factory: pytest.TempPathFactory, count: int, words: int
) -> tuple[Path, Path]:
    """``write_library(content, count, words)`` then ``briefing index``, done once per
    test run: the first worker to need it builds it (under a file lock, which the
    others wait for) and marks it done; the others copy it as it is."""
    import fcntl  # POSIX only, as the tests that use it

    shared = _shared_folder(tmp_path_factory)
    root = shared / f"indexed-{count}x{words}"
    with open(shared / f"indexed-{count}x{words}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "done").exists():
            shutil.rmtree(root, ignore_errors=True)  # a worker that failed half-way
            content, data = root / "library", root / "data"
            write_library(content, count, words)
            done = briefing(content, data, "index")
            assert done.returncode == 0, done.stderr
            (root / "done").touch()
    return (root / "library").resolve(), (root / "data").resolve()


@pytest.fixture(name="indexed")
def indexed_fixture(
    tmp_path_factory: pytest.TempPathFactory, lib_dir: Path, data_dir: Path
) -> Callable[..., list[Path]]:
    """Import it (as ``indexed_fixture``) to use ``indexed(count, words=120)``: what
    ``write_library(lib_dir, count, words)`` then ``briefing index`` leave, copied
    from a library of that size indexed so once (see :func:`clone_library`); the
    briefings' paths, as :func:`write_library` returns them."""

    def make(count: int, words: int = 120) -> list[Path]:
        if (count, words) not in _INDEXED:
            _INDEXED[count, words] = _indexed_template(tmp_path_factory, count, words)
        clone_library(_INDEXED[count, words], lib_dir, data_dir)
        return [lib_dir / f"doc{number:05d}.md" for number in range(count)]

    return make


def cli_env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    env.pop("BRIEFING_CONTENT", None)
    env.pop("BRIEFING_DATA", None)
    return env


def cli_command(content: Path, data: Path) -> list[str]:
    """``briefing --content C --data D`` as a command line."""
    return [sys.executable, "-m", "briefing_tui", "--content", str(content), "--data", str(data)]


def briefing(
    content: Path, data: Path, *args: str, timeout: float = DEADLINE
) -> subprocess.CompletedProcess[str]:
    """Run ``briefing --content C --data D ARGS`` to the end."""
    return subprocess.run(
        [*cli_command(content, data), *args],
        capture_output=True,
        text=True,
        env=cli_env(),
        cwd=REPO,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def search_ids(content: Path, data: Path, query: str) -> tuple[list[str], str]:
    """The ids ``briefing search QUERY --json`` finds (sorted) and its stderr."""
    done = briefing(content, data, "search", query, "--json", "--limit", "100000")
    assert done.returncode in (0, 1), f"search {query!r}: {done.returncode} {done.stderr}"
    assert_clean_stderr(done.stderr)
    return sorted(hit["id"] for hit in json.loads(done.stdout or "[]")), done.stderr


def search_ids_in_process(
    content: Path, data: Path, query: str, capsys: pytest.CaptureFixture[str]
) -> tuple[list[str], str]:
    """:func:`search_ids` through ``briefing_tui.cli.main`` in this process.

    For the searches after the first, whose subject is what the index on disk
    holds once the first command (a real process) has dealt with it, not the
    process: the same command line, without starting Python again.
    """
    from briefing_tui.cli import main

    capsys.readouterr()
    location = ["--content", str(content), "--data", str(data)]
    code = main([*location, "search", query, "--json", "--limit", "100000"])
    out, err = capsys.readouterr()
    assert code in (0, 1), f"search {query!r}: {code} {err}"
    assert_clean_stderr(err)
    return sorted(hit["id"] for hit in json.loads(out or "[]")), err


def assert_clean_stderr(stderr: str) -> None:
    """What reaches the user is a sentence, never Python's or SQLite's raw words."""
    assert "Traceback" not in stderr, stderr
    assert "database is locked" not in stderr, stderr
    assert "sqlite3." not in stderr, stderr


@dataclass
class Running:
    """A ``briefing`` command running with its stderr on a pseudo-terminal.

    On a terminal the command draws its progress bar (``indexing ███░ 120/800``),
    which tells the test how far the work has got, so a kill lands mid-work.
    """

    process: subprocess.Popen[bytes]
    master: int
    seen: bytearray = field(default_factory=bytearray)

    def read_until(self, ready: Callable[[str], bool], timeout: float = DEADLINE) -> str:
        """Read the terminal until ``ready(text so far)``; fail on a deadline or exit."""
        deadline = time.monotonic() + timeout
        while not ready(self.text):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                pytest.fail(f"timed out; the command showed: {self.text[-500:]!r}")
            readable, _, _ = select.select([self.master], [], [], min(remaining, 0.5))
            if readable:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the command ended and closed its terminal
                    chunk = b""
                if not chunk:
                    pytest.fail(f"the command ended early: {self.text[-500:]!r}")
                self.seen.extend(chunk)
            elif self.process.poll() is not None:
                pytest.fail(f"the command ended early ({self.process.returncode}): {self.text!r}")
        return self.text

    @property
    def text(self) -> str:
        return self.seen.decode("utf-8", "replace")

    def progress(self) -> tuple[int, int]:
        """The last ``done/total`` the progress bar showed, (0, 0) before any."""
        found = re.findall(r"(\d+)/(\d+)", self.text)
        return (int(found[-1][0]), int(found[-1][1])) if found else (0, 0)

    def wait_for_progress(self, done: int, timeout: float = DEADLINE) -> None:
        self.read_until(lambda _: self.progress()[0] >= done, timeout)

    def finish(self, timeout: float = DEADLINE) -> int:
        """Wait for the end, draining the terminal so the command never blocks on it."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None:
            if time.monotonic() > deadline:
                pytest.fail(f"the command did not finish: {self.text[-500:]!r}")
            readable, _, _ = select.select([self.master], [], [], 0.2)
            if readable:
                with contextlib.suppress(OSError):
                    self.seen.extend(os.read(self.master, 65536))
        return self.process.returncode


class Processes:
    """Starts commands in their own process groups; whatever is left is killed at the end."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen[bytes]] = []
        self._masters: list[int] = []

    def on_terminal(
        self, content: Path, data: Path, *args: str, background: bool = False
    ) -> Running:
        """Start ``briefing ARGS`` with stderr on a pseudo-terminal (progress shown).

        As a shell starts a command in the foreground, ctrl+c (SIGINT) stops it,
        even where this test process ignores SIGINT (a ``make test &`` in a
        script starts every test worker that way, and an ignored signal stays
        ignored in the children); ``background=True`` starts it as a script's
        ``briefing ... &``, which ignores SIGINT.
        """
        master, slave = pty.openpty()
        with _sigint_in_children(signal.SIG_IGN if background else signal.default_int_handler):
            process = subprocess.Popen(
                [*cli_command(content, data), *args],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=slave,
                env={key: value for key, value in cli_env().items() if key != "NO_COLOR"},
                cwd=REPO,
                start_new_session=True,
            )
        os.close(slave)
        self.started.append(process)
        self._masters.append(master)
        return Running(process, master)

    def python(self, script: str, *args: str) -> subprocess.Popen[bytes]:
        """Run a Python script (stdout piped, for the ids it acknowledges)."""
        process = subprocess.Popen(
            [sys.executable, "-c", script, *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=cli_env(),
            cwd=REPO,
            start_new_session=True,
        )
        self.started.append(process)
        return process

    def cleanup(self) -> None:
        for process in self.started:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            with contextlib.suppress(Exception):
                process.wait(timeout=10)
            for stream in (process.stdout, process.stderr):
                if stream is not None:
                    stream.close()
        for master in self._masters:
            with contextlib.suppress(OSError):
                os.close(master)


@contextlib.contextmanager
def _sigint_in_children(handler: Any) -> Iterator[None]:
    """SIGINT as the children started in the block receive it: a handler of this
    process becomes SIGINT's default action in a child that starts a program,
    ``SIG_IGN`` stays ignored."""
    before = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


@pytest.fixture(name="processes")
def processes_fixture() -> Iterator[Processes]:
    """Import it (as ``processes_fixture``) to use the ``processes`` fixture."""
    started = Processes()
    yield started
    started.cleanup()


def kill_9(process: subprocess.Popen[bytes]) -> None:
    """``kill -9`` the command itself (not its group: its helpers must cope alone)."""
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def wait_for(condition: Callable[[], bool], what: str, timeout: float = DEADLINE) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def read_lines(
    process: subprocess.Popen[bytes], count: int, timeout: float = DEADLINE
) -> list[str]:
    """The first ``count`` lines a process prints (its acknowledgements)."""
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while len(lines) < count:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            pytest.fail(f"only {len(lines)} of {count} lines in time")
        readable, _, _ = select.select([process.stdout], [], [], min(remaining, 0.5))
        if not readable:
            if process.poll() is not None:
                stderr = process.stderr.read().decode() if process.stderr else ""
                pytest.fail(f"the process ended early: {stderr}")
            continue
        line = process.stdout.readline()
        if not line:
            stderr = process.stderr.read().decode() if process.stderr else ""
            pytest.fail(f"the process ended early: {stderr}")
        lines.append(line.decode().strip())
    return lines


def no_stray_processes(markers: Sequence[str]) -> list[str]:
    """Processes still running whose command line holds every marker (e.g. a data path)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        command = raw.replace(b"\0", b" ").decode(errors="replace")
        if state != "Z" and all(marker in command for marker in markers):
            found.append(f"{entry.name}: {command}")
    return found
