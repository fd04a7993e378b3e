"""A full build is never taken for a dead one while it runs.

``create_index`` clears the index folder under Whoosh's write lock, writes the
"build incomplete" marker, and lets the write lock go; the build's own writer
takes it again only after the sync has read the library. A second process
looking at the index in that window sees the marker: it must see the build as
running (and wait for it), never as a dead build whose partial index it clears
and builds again on top of this one. The :class:`BuildLock` is what says so: the
process building holds it from clearing the folder until the build is marked
done. These tests look through a real second process at each point of the window.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.search import staged as writer_module
from briefing_tui.core.search import state as state_module
from briefing_tui.core.search.index import build_running
from briefing_tui.core.workspace import Workspace

from ._crashkit import REPO, cli_env, write_library

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs flock")

#: What another process concludes on opening the index (its wait for a builder cut short).
_LOOK = """
import json, sys
from pathlib import Path
from briefing_tui.core.search import index
index.WRITER_TIMEOUT = 0.5
try:
    index.open_index(Path(sys.argv[1]))
except index.IndexBusy:
    print(json.dumps("waits for the running build"))
except index.IndexProblem as problem:
    print(json.dumps(f"rebuilds: {problem}"))
else:
    print(json.dumps("opens it"))
"""


def _another_process_looks(index_dir: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _LOOK, str(index_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env=cli_env(),
    )
    assert done.returncode == 0, done.stderr
    return str(json.loads(done.stdout.strip().splitlines()[-1]))


def test_the_build_lock_covers_clearing_the_index_to_opening_the_builds_writer(
    lib_dir: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_library(lib_dir, 20)
    paths = resolve_paths(lib_dir, data_dir)
    with Workspace(paths) as ws:
        ws.sync()
    index_dir = paths.index_dir
    assert _another_process_looks(index_dir) == "opens it"
    seen: list[tuple[str, str]] = []

    real_create = state_module.create_index

    def create_index(folder: Path) -> Any:
        ix = real_create(folder)  # cleared, marked incomplete, Whoosh's write lock let go
        seen.append(("cleared", _another_process_looks(index_dir)))
        return ix

    real_writer = writer_module.index_writer  # a sync's writers are opened there

    @contextmanager
    def index_writer(
        ix: Any, *, procs: int = 1, merge: bool = True, fold: bool = False
    ) -> Iterator[Any]:
        seen.append(("before the writer", _another_process_looks(index_dir)))
        with real_writer(ix, procs=procs, merge=merge, fold=fold) as writer:
            yield writer
        seen.append(("written", _another_process_looks(index_dir)))

    monkeypatch.setattr(state_module, "create_index", create_index)
    monkeypatch.setattr(writer_module, "index_writer", index_writer)
    with Workspace(paths) as ws:
        report = ws.sync(rebuild=True)
        assert report.rebuilt == "rebuild requested"
    assert seen == [
        ("cleared", "waits for the running build"),
        ("before the writer", "waits for the running build"),
        ("written", "waits for the running build"),
    ]
    assert not build_running(index_dir)
    assert _another_process_looks(index_dir) == "opens it"


def test_a_build_that_died_in_the_window_is_seen_as_dead(lib_dir: Path, data_dir: Path) -> None:
    """The other side: once the builder is gone its lock is too, and the partial index
    it left is rebuilt (a stale lock file alone does not make a build look alive)."""
    from briefing_tui.core.search.index import BuildLock, create_index

    write_library(lib_dir, 5)
    paths = resolve_paths(lib_dir, data_dir)
    with Workspace(paths) as ws:
        ws.sync()
    lock = BuildLock(paths.index_dir)
    lock.acquire()
    create_index(paths.index_dir).close()
    assert _another_process_looks(paths.index_dir) == "waits for the running build"
    lock.release()  # as a kill -9 of the builder would
    assert _another_process_looks(paths.index_dir) == (
        "rebuilds: the last build of the index did not finish"
    )
