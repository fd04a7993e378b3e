"""A data folder that cannot be written (``chmod -R -w``): reads work, writes say so.

Every command failed on it once a file of the library had changed (the sync could
not take its lock), and the store could not even be opened once the folder itself
was read-only (SQLite makes files beside a store in WAL mode): the app made the
folder writable again itself. Run as a user without root's override of
permissions (``setpriv`` to nobody when the tests run as root), as a user would.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from user_support import as_nobody, give_to_nobody, make_read_only, walk_all

REPO = Path(__file__).resolve().parents[2]
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run(base: Path) -> Run:
    library, data = base / "library", base / "data"
    library.mkdir()
    data.mkdir()
    (library / "oil.md").write_text(
        "---\ntitle: Oil prices climb\ndate: 2024-03-05\n---\n\nOil prices rose today.\n"
    )

    def runner(*args: str) -> subprocess.CompletedProcess[str]:
        give_to_nobody(base)
        command = [*as_nobody(), sys.executable, "-m", "briefing_tui", *args]
        command += ["--content", str(library), "--data", str(data)]
        env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(base)}
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        return subprocess.run(command, capture_output=True, text=True, env=env, cwd=base)

    return runner


def test_reads_work_and_writes_say_so_on_a_read_only_data_folder(run: Run, base: Path) -> None:
    assert run("annotate", "oil.md", "--quote", "Oil prices rose").returncode == 0
    (base / "library" / "gas.md").write_text("---\ntitle: Gas\n---\n\nGas prices fell.\n")
    make_read_only(base / "data")
    store = next((base / "data").glob("*/store.sqlite3"))
    before = store.read_bytes()
    for command in (["list"], ["search", "oil"], ["show", "oil.md"], ["claims"], ["export"]):
        done = run(*command)
        assert done.returncode == 0, (command, done.stderr)
        assert "Oil prices" in done.stdout, command
        notice = [line for line in done.stderr.splitlines() if "read-only" in line]
        assert len(notice) == 1 and "the library as last synced" in notice[0], done.stderr
    done = run("doctor")
    assert done.returncode == 0 and "(read-only: read as last synced" in done.stdout
    writes = (
        ["tag", "oil.md", "+kept"],
        ["annotate", "oil.md", "--quote", "today"],
        ["index"],  # said "permission denied" on the build's lock file
        ["index", "--rebuild"],
    )
    for command in writes:
        done = run(*command)
        assert done.returncode == 2, command
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
        assert "is read-only: nothing was changed" in done.stderr, done.stderr
    assert store.read_bytes() == before  # nothing written, nothing lost
    assert not stat.S_IMODE(store.parent.stat().st_mode) & 0o200  # left read-only
    for path in walk_all(base / "data"):
        path.chmod(stat.S_IMODE(path.stat().st_mode) | 0o200)
    assert run("tag", "oil.md", "+kept").returncode == 0
    assert "Gas" in run("search", "gas").stdout
    claims = run("claims")
    assert claims.returncode == 0 and "Oil prices rose" in claims.stdout


def test_a_read_only_store_file_leaves_the_index_as_it_was(run: Run, base: Path) -> None:
    """Only ``store.sqlite3`` read-only: a sync wrote the new briefing into the index
    and then failed on the store, so search listed a briefing the store did not know
    and ``doctor`` called the index out of date."""
    assert run("index").returncode == 0
    store = next((base / "data").glob("*/store.sqlite3"))
    store.chmod(0o444)
    (base / "library" / "gas.md").write_text("---\ntitle: Gas\n---\n\nGas prices fell.\n")
    done = run("search", "gas")
    assert done.returncode == 1 and "is read-only: the library as last synced" in done.stderr
    done = run("doctor")
    assert done.returncode == 0, done.stdout
    assert "Index:   ok (1 briefings)" in done.stdout and "(read-only:" in done.stdout
    store.chmod(0o644)
    assert "Gas" in run("search", "gas").stdout
