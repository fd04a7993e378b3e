"""Fixtures shared by the unit and CLI tests.

Every test gets a private XDG data home and no ``BRIEFING_*`` variables, so
a test that forgets ``--data`` writes under ``tmp_path``, never into the
user's real data folder.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace

#: The ingest tests' local web site, PDF writer and ``run`` (see ingest_support.py).
pytest_plugins = ["ingest_support", "user_support"]

#: ``-n auto`` starts this many test workers per CPU. About half of a pilot
#: test's time is spent waiting, not computing: the pilot's pauses (Textual waits
#: for the app to go idle after each key), SQLite's busy timeout in the lock
#: tests, subprocesses being killed and restarted. Measured on this 2-core
#: machine (2026-12-06, whole suite): 4 workers 253 s with the cores 19% idle,
#: 6 workers 216 s with them busy but for the first and last seconds, 8 workers
#: 231 s (more CPU spent starting and switching workers).
WORKERS_PER_CPU = 3


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: unknown without it
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto``: three workers per CPU (``PYTEST_XDIST_AUTO_NUM_WORKERS`` still wins)."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # xdist's own hook reads it
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return WORKERS_PER_CPU * (cpus or 1)


@pytest.fixture(autouse=True)
def _private_data_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(home / "documents"))
    monkeypatch.delenv("BRIEFING_CONTENT", raising=False)
    monkeypatch.delenv("BRIEFING_DATA", raising=False)


#: Young collections once 10,000 objects were made, not 700 (Python's default). A
#: pilot test makes a few hundred thousand objects (an app started, styled,
#: rendered, shut down): at 700 that was ~170 young collections per test, 7% of the
#: pilot tests' CPU, walking the same survivors again and again. The app's own
#: collections (``gc_hold``: settle, leaving a briefing) are explicit and run as
#: before; nothing the tests assert depends on when a young collection runs.
YOUNG_COLLECTION_EVERY = 10_000


def pytest_configure(config: pytest.Config) -> None:
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, middle, oldest)


#: An earlier test's app stays frozen (``gc_hold``) until a collection unfreezes and
#: walks the whole heap. Left to the app, that walk came whenever the frozen heap grew
#: by a quarter: every second or third pilot test in a worker, each walking the worker's
#: ~100,000 objects of its own plus the dead apps (about 55 CPU-s of the suite). Here
#: the dead apps are freed in one walk once the frozen heap has grown this many times
#: over its size after the last such walk (a few hundred MB per worker at most).
DEAD_APPS_FREED_AT_GROWTH = 3.0
#: The frozen heap's size after the last walk that freed the dead apps (0: none yet).
_frozen_after_freeing = [0]


@pytest.fixture(autouse=True)
def _earlier_apps_freed_in_batches() -> Iterator[None]:
    """After a test whose app froze the heap: the dead apps are the worker's, not the next app's.

    The next test's app then starts as it would in a process of its own: its
    first settle walks what it made, not every app an earlier test left
    frozen (``gc_hold``'s full settle on a quarter's growth still runs for
    what the app itself froze). Every :data:`DEAD_APPS_FREED_AT_GROWTH` times
    growth, one collection frees them all.
    """
    gc_hold = sys.modules.get("briefing_tui.tui.gc_hold")
    freezes = gc_hold.freezes() if gc_hold is not None else 0
    yield
    gc_hold = sys.modules.get("briefing_tui.tui.gc_hold")
    if gc_hold is None or gc_hold.freezes() == freezes or gc_hold.held():
        return  # no app froze anything in this test (or one is still opening)
    # The app's upper bound of the frozen heap; the exact count (a walk of every
    # frozen object, ~30 ms with earlier apps in it) only when the bound says grown.
    limit = _frozen_after_freeing[0] * DEAD_APPS_FREED_AT_GROWTH
    frozen = gc_hold._frozen_at_most
    if frozen > limit:
        frozen = gc.get_freeze_count()
    if frozen > limit:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        frozen = _frozen_after_freeing[0] = gc.get_freeze_count()
    # What the next app's settles measure their growth from (see gc_hold.settle).
    gc_hold.frozen_counted(frozen, full=True)


@pytest.fixture
def lib_dir(tmp_path: Path) -> Path:
    """An empty library folder (resolved, as the core expects its root)."""
    folder = tmp_path / "library"
    folder.mkdir()
    return folder.resolve()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return (tmp_path / "data").resolve()


@pytest.fixture
def write(lib_dir: Path) -> Callable[[str, str | bytes], Path]:
    """Write a file into the library (folders created); bytes are written as is."""

    def writer(name: str, content: str | bytes) -> Path:
        path = lib_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return writer


@pytest.fixture
def make_ws(lib_dir: Path, data_dir: Path) -> Iterator[Callable[..., Workspace]]:
    """Open a Workspace over the library (or another one); all are closed after the test."""
    opened: list[Workspace] = []

    def factory(
        content: Path | None = None, data: Path | None = None, **kwargs: object
    ) -> Workspace:
        ws = Workspace(resolve_paths(content or lib_dir, data or data_dir), **kwargs)  # type: ignore[arg-type]
        opened.append(ws)
        return ws

    yield factory
    for ws in opened:
        with contextlib.suppress(Exception):  # a test may have closed it already
            ws.close()
