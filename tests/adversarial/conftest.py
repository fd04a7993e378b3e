"""Helpers for the adversarial suite: hostile briefings, a driver that records
what the app writes to the terminal, and the screen as text.

The pilot normally runs the app on a headless driver that throws its output
away, so a test could only look at widget content; an escape sequence that
slipped past the widgets into the terminal stream would go unseen. The
recording driver keeps every byte the app hands to its driver, which is
exactly what a real terminal would receive.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rich.console import Console
from textual.app import App
from textual.drivers import headless_driver

from briefing_tui.cli import main
from briefing_tui.core.workspace import Workspace

# -- terminal payloads ---------------------------------------------------------

#: Sequences a hostile file tries to get to the terminal, with what each would do.
OSC_TITLE = "\x1b]0;PWNED-TITLE\x07"  # set the window title
OSC_CLIPBOARD = "\x1b]52;c;UFdORUQ=\x07"  # write the clipboard
CSI_CLEAR = "\x1b[2J"  # clear the screen
CSI_CURSOR = "\x1b[5A"  # move the cursor up five lines
C1_CSI = "\x9b2J"  # the one-character CSI (U+009B) clearing the screen
C1_OSC = "\x9d0;C1-TITLE\x9c"  # the one-character OSC … ST
BIDI = "\u202e\u2066"  # right-to-left override, left-to-right isolate

ALL_PAYLOADS = OSC_TITLE + OSC_CLIPBOARD + CSI_CLEAR + CSI_CURSOR + C1_CSI + C1_OSC + BIDI

#: The same payloads as YAML double-quoted escapes (YAML refuses raw control characters).
YAML_PAYLOADS = (
    r"\e]0;PWNED-TITLE\a\e]52;c;UFdORUQ=\a\e[2J\e[5A\x9b2J\x9d0;C1-TITLE\x9c\u202e\u2066"
)

#: What must never be in the terminal stream (the app's own styling uses SGR and
#: absolute cursor moves, never these).
FORBIDDEN_SEQUENCES = ("\x1b]0;", "\x1b]2;", "\x1b]52;", "\x1b[2J", "\x1b[5A", "\x07")
_RAW_UNSAFE = re.compile("[\x80-\x9f\u202a-\u202e\u2066-\u2069]")
#: CSI sequences (the app's own colours and cursor moves), removed to read the text.
_CSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]")


#: Textual's own pointer-shape requests (OSC 22), the only OSC the app itself sends.
_POINTER_SHAPE = re.compile(r"\x1b\]22;[a-z-]*\x07")


def leaks(output: str) -> list[str]:
    """Every forbidden sequence or raw C1/bidi character found in ``output``."""
    output = _POINTER_SHAPE.sub("", output)
    found = [seq for seq in FORBIDDEN_SEQUENCES if seq in output]
    found.extend(sorted({f"U+{ord(ch):04X}" for ch in _RAW_UNSAFE.findall(output)}))
    return found


def terminal_text(output: str) -> str:
    """The terminal stream without the app's CSI sequences: the characters painted."""
    return _CSI.sub("", _POINTER_SHAPE.sub("", output))


# -- a driver that records ---------------------------------------------------------


class RecordingDriver(headless_driver.HeadlessDriver):
    """A headless driver that keeps what the app writes, as a terminal would get it.

    ``is_headless`` is False so the app renders its updates and hands them to
    ``write``, as it does on a real terminal.
    """

    output: list[str] = []

    @property
    def is_headless(self) -> bool:
        return False

    def write(self, data: str) -> None:
        type(self).output.append(data)

    def flush(self) -> None:
        """Nothing to flush: the output is kept in memory."""


class Terminal:
    """What the app wrote to its driver since the last :meth:`reset`."""

    def __init__(self, chunks: list[str]) -> None:
        self._chunks = chunks

    @property
    def output(self) -> str:
        return "".join(self._chunks)

    def reset(self) -> None:
        self._chunks.clear()

    def assert_clean(self, *painted: str) -> None:
        """No payload reached the terminal, and each of ``painted`` was drawn."""
        output = self.output
        assert output, "the app wrote nothing to its driver"
        assert leaks(output) == [], leaks(output)
        text = terminal_text(output)
        for marker in painted:
            assert marker in text, f"{marker!r} was never painted"


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[Terminal]:
    """Make ``run_test`` use the recording driver; yield what it recorded."""
    chunks: list[str] = []
    recorder = type("Recorder", (RecordingDriver,), {"output": chunks})
    monkeypatch.setattr(headless_driver, "HeadlessDriver", recorder)
    yield Terminal(chunks)


# -- the screen as text -----------------------------------------------------------


def screen_text(app: App[object]) -> str:
    """The current screen (with the screens under a modal) as plain text, as painted."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    update = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens, simplify=True
    )
    console.print(update)
    return console.export_text()


async def click_on(  # type: ignore[no-untyped-def]
    app: App[object], pilot, text: str, at: int = 1
) -> None:
    """Click on the ``at``-th character of the first place ``text`` is painted
    (where a parsed ``@click`` would fire, or where a link is)."""
    for y, line in enumerate(screen_text(app).splitlines()):
        x = line.find(text)
        if x >= 0:
            await pilot.click(offset=(x + at, y))
            await pilot.pause()
            return
    raise AssertionError(f"{text!r} is not on the screen")


async def settle(app: App[object], pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until background work (open, sync, search, preview, writes) has finished."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


# -- libraries ----------------------------------------------------------------------


# The suite's names for the root conftest's fixtures (``lib_dir``, ``data_dir``, ``write``).


@pytest.fixture
def library(lib_dir: Path) -> Path:
    return lib_dir


@pytest.fixture
def data(data_dir: Path) -> Path:
    return data_dir


@pytest.fixture
def put(write: Callable[[str, str | bytes], Path]) -> Callable[[str, str | bytes], Path]:
    """Write a briefing into the library (folders created)."""
    return write


@pytest.fixture
def workspace(make_ws: Callable[..., Workspace]) -> Callable[[], Workspace]:
    """Open a synced Workspace on the test library (the root ``make_ws`` closes it)."""

    def factory() -> Workspace:
        ws = make_ws()
        ws.sync()
        return ws

    return factory


#: ``briefing ARGS`` run in-process on the test library: (exit code, stdout, stderr).
Runner = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run_in(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> Callable[..., tuple[int, str, str]]:
    """``briefing ARGS --content LIBRARY --data DATA`` in-process, for a data folder of choice."""

    def runner(data: Path, *args: str) -> tuple[int, str, str]:
        code = main([*args, "--content", str(library), "--data", str(data)])
        out, err = capsys.readouterr()
        return code, out, err

    return runner


@pytest.fixture
def cli(run_in: Callable[..., tuple[int, str, str]], data: Path) -> Runner:
    """``briefing ARGS`` in-process on the test library and data folder."""
    return lambda *args: run_in(data, *args)


def one_line_error(code: int, err: str) -> str:
    """The one line a refused command prints (exit 2, no traceback)."""
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("briefing: error: ")
    assert "Traceback" not in err
    return lines[0]
