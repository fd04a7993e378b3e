"""Group 10: several processes on one library at once.

The app syncing while ``briefing index`` runs, two ``briefing annotate``
loops at once, a file edited while it is being indexed: every write lands,
nobody is told "database is locked" (or sees a traceback), and the index
stays whole: a search afterwards works and, after the next sync, finds the
edited text. Whoosh allows one writer at a time (the others wait for its
lock) and SQLite one write transaction (the others wait, busy timeout):
these tests check that the waiting really happens and really ends.
``tests/adversarial/test_durability.py`` has two in-process annotators on the core;
here every actor is a real command or the real app.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.search.index import build_running
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.app import create_app
from briefing_tui.tui.widgets.briefing_list import BriefingList

from ._crashkit import (
    Processes,
    assert_clean_stderr,
    briefing,
    cli_command,
    indexed_fixture,  # noqa: F401 (the indexed fixture)
    processes_fixture,  # noqa: F401 (the processes fixture)
    search_ids,
    search_ids_in_process,
    wait_for,
    write_library,
)
from .conftest import settle

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX ptys")

QUOTE = "Officials in Kyiv were cautious"
#: Enough files that ``briefing index`` indexes with two processes and runs for a while.
BIG = 600


def _ids(count: int, keep: object) -> list[str]:
    return [f"doc{n:05d}" for n in range(count) if keep(n)]  # type: ignore[operator]


def _rewrite_all(paths: list[Path]) -> None:
    """Change every file (a new word in each), so that every sync has work to do."""
    for number, path in enumerate(paths):
        path.write_text(path.read_text() + f"\nNow also kiwi{number % 3}.\n")


async def test_tui_syncing_while_cli_index_runs_loses_nothing_and_says_nothing_of_locks(
    lib_dir: Path, data_dir: Path, processes: Processes, indexed: Callable[[int], list[Path]]
) -> None:
    paths = indexed(BIG)
    _rewrite_all(paths)
    running = processes.on_terminal(lib_dir, data_dir, "index")
    running.wait_for_progress(100)  # it holds the index's write lock now

    app = create_app(str(lib_dir), str(data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)  # the app's sync waits for the command's, then runs
        assert running.finish() == 0, running.text
        messages = [n.message for n in app._notifications]
        assert not any("fail" in m.lower() or "locked" in m.lower() for m in messages), messages
        assert app.workspace is not None
        found = sorted(hit.id for hit in app.workspace.search("kiwi1", limit=10000).hits)
        assert found == _ids(BIG, lambda n: n % 3 == 1)
    assert "locked" not in running.text.lower() and "Traceback" not in running.text
    assert search_ids(lib_dir, data_dir, "kiwi2")[0] == _ids(BIG, lambda n: n % 3 == 2)
    doctor = briefing(lib_dir, data_dir, "doctor")
    assert doctor.returncode == 0, doctor.stdout


def test_two_cli_annotation_loops_at_once_lose_no_claim(
    lib_dir: Path,
    data_dir: Path,
    processes: Processes,
    tmp_path: Path,
    indexed: Callable[[int], list[Path]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    indexed(30)
    command = " ".join(f"'{part}'" for part in cli_command(lib_dir, data_dir))
    go = tmp_path / "go"
    loops = {}
    for name, first in (("alpha", 0), ("beta", 10)):
        loop = (
            f"while [ ! -e '{go}' ]; do sleep 0.01; done; "
            "for i in 0 1 2 3 4 5; do "
            f'{command} annotate doc000$(({first} + i + 10)) --quote "{QUOTE}" '
            f'--note "{name}$i" --tag {name} || exit 1; done'
        )
        loops[name] = processes.python(f"import os; os.execvp('sh', ['sh', '-c', {loop!r}])")
    go.touch()  # both start at once
    printed: dict[str, list[str]] = {}
    for name, process in loops.items():
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
        assert_clean_stderr(err.decode())
        assert "locked" not in err.decode().lower()
        printed[name] = out.decode().split()
        assert len(printed[name]) == 6

    with Workspace(resolve_paths(lib_dir, data_dir)) as ws:
        assert ws.store.integrity_report() == []
        claims = {claim.id: claim for claim in ws.claims.all()}
        assert set(claims) == {claim_id for ids in printed.values() for claim_id in ids}
        assert ws.claims.tag_counts() == {"alpha": 6, "beta": 6}
    # The index kept up with both: each note is found on its briefing.
    for name, first in (("alpha", 0), ("beta", 10)):
        for i in (0, 5):
            found, _ = search_ids_in_process(lib_dir, data_dir, f"note:{name}{i}", capsys)
            assert found == [f"doc000{first + i + 10}"], (name, i)


def test_file_edited_while_being_indexed_is_found_after_the_next_sync(
    lib_dir: Path, data_dir: Path, processes: Processes
) -> None:
    write_library(lib_dir, BIG)
    running = processes.on_terminal(lib_dir, data_dir, "index")
    running.wait_for_progress(200)
    early = lib_dir / "doc00010.md"  # read already: its edit comes after
    late = lib_dir / f"doc{BIG - 10:05d}.md"  # not read yet
    for path, word in ((early, "walrusearly"), (late, "walruslate")):
        path.write_text(path.read_text() + f"\nEdited while indexing: {word}.\n")
    assert running.finish() == 0, running.text
    assert "Traceback" not in running.text

    assert search_ids(lib_dir, data_dir, "walrusearly")[0] == ["doc00010"]
    assert search_ids(lib_dir, data_dir, "walruslate")[0] == [late.stem]
    assert search_ids(lib_dir, data_dir, "zebra3")[0] == _ids(BIG, lambda n: n % 7 == 3)
    doctor = briefing(lib_dir, data_dir, "doctor")
    assert doctor.returncode == 0, doctor.stdout


def test_file_edited_during_a_killed_index_is_found_after_the_next_sync(
    lib_dir: Path, data_dir: Path, processes: Processes
) -> None:
    """The same, with the indexing command killed after the edit: nothing half-done sticks."""
    write_library(lib_dir, BIG)
    running = processes.on_terminal(lib_dir, data_dir, "index")
    running.wait_for_progress(200)
    edited = lib_dir / "doc00010.md"
    edited.write_text(edited.read_text() + "\nEdited while indexing: narwhal.\n")
    os.kill(running.process.pid, signal.SIGKILL)
    wait_for(lambda: running.process.poll() is not None, "the kill")

    assert search_ids(lib_dir, data_dir, "narwhal")[0] == ["doc00010"]
    assert search_ids(lib_dir, data_dir, "zebra3")[0] == _ids(BIG, lambda n: n % 7 == 3)


async def test_the_app_searches_what_a_command_indexed_while_it_ran(
    lib_dir: Path, data_dir: Path
) -> None:
    """With the app open, ``briefing index`` (or ``import``, ``tag``) in another
    terminal stores and indexes an edit. The app's next sync finds the folder stored
    already and changes nothing, and its search went on reading the index as it was
    when it started: the edit was not found until the app restarted (seen as a
    failure of the test above on a loaded machine, when the command finished
    before the app's first sync)."""
    write_library(lib_dir, 3)
    assert briefing(lib_dir, data_dir, "index").returncode == 0
    app = create_app(str(lib_dir), str(data_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.workspace is not None
        assert app.workspace.search("kiwi1").total == 0  # the app's searcher is open
        edited = lib_dir / "doc00001.md"
        edited.write_text(edited.read_text() + "\nNow also kiwi1.\n")
        done = briefing(lib_dir, data_dir, "index")
        assert done.returncode == 0, done.stderr
        app.start_sync()
        await settle(app, pilot)
        assert [hit.id for hit in app.workspace.search("kiwi1").hits] == ["doc00001"]
        await pilot.press(*"kiwi1")
        await settle(app, pilot)
        rows = app.screen.query_one(BriefingList).rows
        assert [row.id for row in rows] == ["doc00001"]


async def test_tui_open_while_cli_rebuilds_the_index_keeps_searching_and_syncing(
    lib_dir: Path, data_dir: Path, processes: Processes, indexed: Callable[[int], list[Path]]
) -> None:
    """``briefing index --rebuild`` replaces the index folder under the running app."""
    paths = indexed(BIG)
    app = create_app(str(lib_dir), str(data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        running = processes.on_terminal(lib_dir, data_dir, "index", "--rebuild")
        running.wait_for_progress(100)
        _rewrite_all(paths[:50])
        app.start_sync()  # while the rebuild runs
        await settle(app, pilot)
        assert running.finish() == 0, running.text
        app.start_sync()
        await settle(app, pilot)
        messages = [n.message for n in app._notifications]
        assert not any("fail" in m.lower() or "locked" in m.lower() for m in messages), messages
        assert app.workspace is not None
        found = sorted(hit.id for hit in app.workspace.search("kiwi1", limit=10000).hits)
        assert found == _ids(50, lambda n: n % 3 == 1)
        zebra = sorted(hit.id for hit in app.workspace.search("zebra3", limit=10000).hits)
        assert zebra == _ids(BIG, lambda n: n % 7 == 3)
    assert search_ids(lib_dir, data_dir, "kiwi2")[0] == _ids(50, lambda n: n % 3 == 2)
    assert search_ids(lib_dir, data_dir, "zebra3")[0] == _ids(BIG, lambda n: n % 7 == 3)


def test_cli_rebuild_waits_for_another_process_writing_the_index(
    lib_dir: Path, data_dir: Path, processes: Processes, indexed: Callable[[int], list[Path]]
) -> None:
    """A rebuild clears the index folder: it must wait for a writer that is using it.

    The app (here, a Workspace) is writing when ``briefing index --rebuild``
    starts; the rebuild used to delete the folder under it at once. The test
    follows the locks, not the clock: once the rebuild holds the build lock it
    goes straight to clearing the folder, which needs the writer's lock; while
    this process holds that lock the folder must stay as it is and the rebuild
    must keep waiting, and once the writer commits the rebuild goes through.
    """
    indexed(30)
    with Workspace(resolve_paths(lib_dir, data_dir), long_lived=True) as ws:
        index_dir = ws.paths.index_dir
        writer = ws.index().writer()
        write_lock = FileStorage(str(index_dir)).lock("MAIN_WRITELOCK")
        assert not write_lock.acquire(blocking=False), "the writer holds the index's write lock"
        assert not build_running(index_dir), (
            "nobody builds yet: the build lock seen next is the rebuild's"
        )
        files_before = sorted(p.name for p in index_dir.iterdir())
        rebuild = processes.python(
            "import sys; from briefing_tui.cli import main; sys.exit(main(sys.argv[1:]))",
            *("--content", str(lib_dir), "--data", str(data_dir), "index", "--rebuild"),
        )
        wait_for(
            lambda: build_running(index_dir) or rebuild.poll() is not None,
            "the rebuild to take the build lock",
        )
        # The rebuild is past its start and waits on the write lock this process holds.
        for _ in range(10):
            assert rebuild.poll() is None, "the rebuild did not wait for the writer"
            assert build_running(index_dir)
            assert sorted(p.name for p in index_dir.iterdir()) == files_before
            time.sleep(0.05)
        writer.delete_by_term("id", "doc00001")  # the app's write goes through whole
        writer.commit()
        _out, err = rebuild.communicate(timeout=300)
        assert rebuild.returncode == 0, err
        assert_clean_stderr(err.decode())
    assert not build_running(index_dir)
    assert search_ids(lib_dir, data_dir, "zebra1")[0] == _ids(30, lambda n: n % 7 == 1)
    doctor = briefing(lib_dir, data_dir, "doctor")
    assert doctor.returncode == 0, doctor.stdout


def test_commands_waiting_behind_one_build_use_it_and_never_double_the_index(
    lib_dir: Path, data_dir: Path, processes: Processes
) -> None:
    """Two processes behind one build (``index --rebuild``, and a ``search`` that
    sees the build marker) each used to clear the index and build on it too:
    every briefing was indexed twice, every hit listed twice."""
    from briefing_tui.core.search.index import BuildLock, create_index, mark_built
    from briefing_tui.core.sync import sync_library

    write_library(lib_dir, 60)
    assert briefing(lib_dir, data_dir, "index").returncode == 0
    paths = resolve_paths(lib_dir, data_dir)
    lock = BuildLock(paths.index_dir)
    lock.acquire()  # this test is the builder now: the index is cleared, half-built
    try:
        ix = create_index(paths.index_dir)
        waiting = [
            processes.python(
                "import sys; from briefing_tui.cli import main; sys.exit(main(sys.argv[1:]))",
                *("--content", str(lib_dir), "--data", str(data_dir), *args),
            )
            for args in (("index", "--rebuild"), ("search", "zebra1", "--json"))
        ]
        # Let them reach the build (a bounded wait, not a measurement: without the
        # lock they would have cleared and built meanwhile, whatever the machine).
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(p.poll() is None for p in waiting):
            time.sleep(0.1)
        assert all(p.poll() is None for p in waiting), "a command did not wait for the build"
        with Workspace(paths) as ws:
            sync_library(ws.root, ws.store, ix, full=True)
        mark_built(paths.index_dir)
    finally:
        lock.release()
    for process in waiting:
        _out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert_clean_stderr(err.decode())
    found, _ = search_ids(lib_dir, data_dir, "zebra1")
    assert found == _ids(60, lambda n: n % 7 == 1)  # each once
    doctor = briefing(lib_dir, data_dir, "doctor")
    assert doctor.returncode == 0, doctor.stdout
    assert "Index:   ok (60 briefings)" in doctor.stdout


def test_doctor_finds_briefings_indexed_twice(lib_dir: Path, data_dir: Path) -> None:
    from briefing_tui.core.search.index import index_writer

    write_library(lib_dir, 5)
    assert briefing(lib_dir, data_dir, "index").returncode == 0
    with Workspace(resolve_paths(lib_dir, data_dir)) as ws:
        fields = ws._fields_for("doc00001")
        with index_writer(ws.index()) as writer:
            writer.add_document(**fields)  # a second copy, as a second build made
    doctor = briefing(lib_dir, data_dir, "doctor")
    assert doctor.returncode == 1
    assert "1 briefing(s) indexed more than once" in doctor.stdout
