"""Fixtures shared by the unit and CLI tests.

Every test gets a private XDG data home and no ``BRIEFING_*`` variables, so
a test that forgets ``--data`` writes under ``tmp_path``, never into the
user's real data folder.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace

#: The ingest tests' local web site, PDF writer and ``run`` (see ingest_support.py).
pytest_plugins = ["ingest_support"]

#: ``-n auto`` starts this many test workers per CPU. About half of the suite's
#: time is spent waiting, not computing: the pilot's pauses (Textual waits for
#: the app to go idle after each key), SQLite's busy timeout in the lock tests,
#: subprocesses being killed and restarted. With one worker per CPU a core sits
#: idle during each wait; two per CPU keep both busy.
WORKERS_PER_CPU = 2


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: unknown without it
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto``: two workers per CPU (``PYTEST_XDIST_AUTO_NUM_WORKERS`` still wins)."""
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
