"""``briefing search`` answers over the library as it is on disk at that moment.

The folder's stat pass runs in a child process while the search runs (see
``cli.common.answer_synced``); whatever it finds changed is synced and searched
again, so the answer is the one a sync followed by a search gives.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

import briefing_tui.core.changes as changes_module
from briefing_tui.cli import main
from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace

OIL = "# Oil prices climb\n\nOil prices rose as the government minister spoke.\n"
#: The same number of bytes as OIL: an edit in place keeps the file's size.
OIL_EDITED = OIL.replace("government", "parliament")
SECOND = 1_000_000_000
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def search(lib_dir: Path, data_dir: Path, capsys):  # type: ignore[no-untyped-def]
    """``briefing search WORDS --json``: (exit code, paths found)."""

    def searcher(*words: str) -> tuple[int, list[str]]:
        code = main(
            ["search", *words, "--json", "--content", str(lib_dir), "--data", str(data_dir)]
        )
        out, _ = capsys.readouterr()
        return code, [hit["path"] for hit in json.loads(out)] if code != 2 else []

    return searcher


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stat pass forked even if a thread of an earlier test still runs in this
    process (``briefing`` itself forks only with one thread)."""
    monkeypatch.setattr(changes_module, "threading", SimpleNamespace(active_count=lambda: 1))


@pytest.fixture
def searches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The queries ``Workspace.search`` ran, in order."""
    ran: list[str] = []
    real_search = Workspace.search

    def counted(self: Workspace, text: str, **options: object) -> object:
        ran.append(text)
        return real_search(self, text, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(Workspace, "search", counted)
    return ran


def test_an_in_place_edit_in_the_same_second_is_found_by_the_next_search(
    lib_dir: Path, search
) -> None:  # type: ignore[no-untyped-def]
    """Same size, a millisecond later in the same second, the folder's own time
    put back: only the file's stamp says it changed, and the search sees it."""
    path = lib_dir / "oil.md"
    path.write_text(OIL)
    start = (path.stat().st_mtime_ns // SECOND) * SECOND + 100_000_000
    os.utime(path, ns=(start, start))
    assert search("government") == (0, ["oil.md"])
    folder = lib_dir.stat()
    path.write_text(OIL_EDITED)
    os.utime(path, ns=(start + 1_000_000, start + 1_000_000))
    os.utime(lib_dir, ns=(folder.st_atime_ns, folder.st_mtime_ns))
    assert search("parliament") == (0, ["oil.md"])
    assert search("government") == (1, [])


def test_an_edit_that_keeps_a_whole_second_stamp_is_found_by_the_next_search(
    lib_dir: Path, search
) -> None:  # type: ignore[no-untyped-def]
    """A file system that keeps whole seconds (FAT, HFS+, ext3) gives an edit made
    in the same second, same size, the stamp the last sync stored: the file is
    read again all the same, because its stamp was too recent to trust."""
    path = lib_dir / "oil.md"
    path.write_text(OIL)
    second = time.time_ns() // SECOND * SECOND
    os.utime(path, ns=(second, second))
    assert search("government") == (0, ["oil.md"])
    path.write_text(OIL_EDITED)
    os.utime(path, ns=(second, second))
    assert search("parliament") == (0, ["oil.md"])
    assert search("government") == (1, [])


def test_a_search_with_nothing_changed_searches_once(lib_dir: Path, search, searches) -> None:  # type: ignore[no-untyped-def]
    (lib_dir / "oil.md").write_text(OIL)
    assert search("oil") == (0, ["oil.md"])
    searches.clear()
    assert search("oil") == (0, ["oil.md"])
    assert searches == ["oil"]


def test_a_file_added_before_the_search_is_found_by_searching_again(
    lib_dir: Path, search, searches, forking
) -> None:  # type: ignore[no-untyped-def]
    (lib_dir / "oil.md").write_text(OIL)
    assert search("oil") == (0, ["oil.md"])
    (lib_dir / "gas.md").write_text("# Gas\n\nGas prices fell as oil rose.\n")
    searches.clear()
    code, found = search("oil")
    assert (code, sorted(found)) == (0, ["gas.md", "oil.md"])
    assert searches == ["oil", "oil"]  # the first answer missed gas.md: asked again


def test_the_stat_pass_runs_in_a_child_process_while_this_one_searches(
    lib_dir: Path, tmp_path: Path, search, forking, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    (lib_dir / "oil.md").write_text(OIL)
    assert search("oil") == (0, ["oil.md"])
    checked_in = tmp_path / "checked-in"
    real_check = changes_module.check_folder

    def check_and_say_where(*args: object, **kwargs: object) -> object:
        checked_in.write_text(str(os.getpid()))
        return real_check(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(changes_module, "check_folder", check_and_say_where)
    assert search("oil") == (0, ["oil.md"])
    assert int(checked_in.read_text()) != os.getpid()


def test_python_m_briefing_tui_finds_an_edit_made_a_moment_ago(
    lib_dir: Path, data_dir: Path
) -> None:
    """The installed command, as a process of its own (where the stat pass is forked)."""
    path = lib_dir / "oil.md"
    path.write_text(OIL)
    command = [sys.executable, "-m", "briefing_tui", "search", "--json"]
    command += ["--content", str(lib_dir), "--data", str(data_dir)]

    def found(word: str) -> list[str]:
        done = subprocess.run(
            [*command, word], capture_output=True, text=True, cwd=REPO, timeout=120
        )
        assert done.returncode in (0, 1), done.stderr
        return [hit["path"] for hit in json.loads(done.stdout)]

    assert found("government") == ["oil.md"]
    stamp = path.stat().st_mtime_ns
    path.write_text(OIL_EDITED)
    os.utime(path, ns=(stamp + 1_000_000, stamp + 1_000_000))
    assert found("parliament") == ["oil.md"]
    assert found("government") == []


def test_a_tag_whose_index_update_failed_is_found_by_the_next_search(
    lib_dir: Path, data_dir: Path, search, forking, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The write left its re-index pending: the search's sync catches it up
    before the answer is given, though no file changed."""
    (lib_dir / "oil.md").write_text(OIL)
    assert search("oil") == (0, ["oil.md"])
    with Workspace(resolve_paths(lib_dir, data_dir)) as ws:
        record = ws.store.by_path("oil.md")
        assert record is not None

        def index_unavailable(self: Workspace, ids: object) -> list[str]:
            raise OSError("the index could not be written")

        with monkeypatch.context() as patched:
            patched.setattr(Workspace, "reindex_many", index_unavailable)
            ws.change_tags(record, ["urgent"], [])
    assert search("tag:urgent") == (0, ["oil.md"])


def test_a_bad_query_still_syncs_what_changed(lib_dir: Path, search, forking) -> None:  # type: ignore[no-untyped-def]
    (lib_dir / "oil.md").write_text(OIL)
    assert search("oil") == (0, ["oil.md"])
    (lib_dir / "gas.md").write_text("# Gas\n\nGas prices fell.\n")
    assert search("author:x") == (2, [])
    assert search("gas") == (0, ["gas.md"])
