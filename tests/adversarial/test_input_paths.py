"""Input files that are not files: a FIFO no one writes to, a device.

``briefing import-annotations FILE`` and ``briefing import FILE`` read what
they are given. Given a FIFO, both used to open it and wait for a writer for
ever (``import`` while sniffing whether it is a page or a PDF); given a
device, ``import-annotations`` read it whole (``/dev/zero`` until memory ran
out). Each is now refused at once with one line, and nothing is imported.

A regression would wait on the FIFO: a writer opens it after a few seconds,
so such a test fails on what it read instead of hanging the suite.
"""

from __future__ import annotations

import os
import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Runner, one_line_error

OIL = "---\nid: oil\ntitle: Oil prices climb\n---\n\nOil prices rose.\n"
#: How long before the writer ends a regression's wait on the FIFO (seconds).
UNBLOCK_AFTER = 3.0


def fifo_no_one_writes_to(path: Path) -> Path:
    """A FIFO at ``path``; if something still waits on it after a while, it gets
    ``{}`` (and then the end of the file), so that wait ends."""
    os.mkfifo(path)

    def end_the_wait() -> None:
        time.sleep(UNBLOCK_AFTER)
        try:  # no reader waiting: ENXIO, and nothing to do
            handle = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            return
        try:
            os.write(handle, b"{}")
        finally:
            os.close(handle)

    threading.Thread(target=end_the_wait, daemon=True).start()
    return path


@pytest.fixture
def run(cli: Runner, put: Callable[[str, str], Path]) -> Runner:
    put("oil.md", OIL)
    return cli


@pytest.mark.parametrize("command", ["import-annotations", "import"])
def test_a_fifo_is_refused_at_once(
    run: Runner, lib_dir: Path, command: str, tmp_path: Path
) -> None:
    fifo = fifo_no_one_writes_to(tmp_path / "pipe.json")
    before = sorted(p.name for p in lib_dir.rglob("*"))
    started = time.monotonic()
    code, out, err = run(command, str(fifo))
    assert time.monotonic() - started < UNBLOCK_AFTER, "it waited for a writer"
    assert code == 2 and "Traceback" not in err, err
    (line,) = err.strip().splitlines()  # `import` says "could not import FILE: why"
    assert "pipe.json" in line and "not a regular file" in line, line
    assert out == ""
    assert sorted(p.name for p in lib_dir.rglob("*")) == before  # nothing imported
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_device_given_to_import_annotations_is_refused(run: Runner) -> None:
    line = one_line_error(*run("import-annotations", os.devnull)[::2])
    assert "not a regular file" in line, line  # not read ("is empty" was a guess)
