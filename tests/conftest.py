"""Fixtures shared by the unit and CLI tests.

Every test gets a private XDG data home and no ``BRIEFING_*`` variables, so
a test that forgets ``--data`` writes under ``tmp_path``, never into the
user's real data folder.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace

#: The ingest tests' local web site, PDF writer and ``run`` (see ingest_support.py).
pytest_plugins = ["ingest_support"]


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
