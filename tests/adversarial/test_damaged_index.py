"""Group 7: a damaged index is rebuilt by the next start with one message and the same results.

The index is a cache of the library and the store; whatever happens to it,
the next ``briefing search`` (a real subprocess) and the next start of the
app (``run_test``) must rebuild it, say so once, and then find exactly what
was found before the damage: words, front-matter and app tags, claim quotes,
notes and statuses. ``tests/unit/test_index.py`` checks the same rules on a
:class:`Workspace`; these tests check what the user sees through each door.
"""

from __future__ import annotations

import random
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.fields import ID, TEXT, Schema

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.app import create_app
from briefing_tui.tui.widgets.briefing_list import BriefingList

from ._crashkit import (
    Processes,
    assert_clean_stderr,
    briefing,
    clone_library,
    kill_9,
    no_stray_processes,
    processes_fixture,  # noqa: F401 (the processes fixture)
    search_ids,
    search_ids_in_process,
    wait_for,
    write_library,
)
from .conftest import settle

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals and ptys")

#: Words, a front-matter tag, an app tag, claim quotes, notes, claim tags, statuses.
QUERIES = (
    "zebra3",
    "tag:t1",
    "tag:follow-up",
    'claim:"Officials in Kyiv"',
    "note:hedging",
    "status:key",
    "minist*",
)
REBUILDING = "Rebuilding the search index"


def _annotate(ws: Workspace) -> None:
    """App tags and claims, so the probe queries cover what lives only in the store."""
    for number in range(0, 30, 4):
        record = ws.resolve(f"doc{number:05d}")
        ws.annotate(
            record,
            "Officials in Kyiv were cautious",
            note="hedging language" if number % 8 == 0 else "plain",
            tags=["follow-up"] if number % 3 == 0 else [],
            status="key" if number % 8 == 0 else "open",
        )
    for number in (1, 2, 5):
        ws.change_tags(ws.resolve(f"doc{number:05d}"), ["follow-up"], [])


def _results(ws: Workspace) -> dict[str, list[str]]:
    return {q: sorted(hit.id for hit in ws.search(q, limit=100000).hits) for q in QUERIES}


@pytest.fixture(scope="module")
def template(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[tuple[Path, Path], dict[str, list[str]]]:
    """A synced library with claims and tags, built once, and what each probe query finds."""
    root = tmp_path_factory.mktemp("damaged-index")
    content, data = (root / "library").resolve(), (root / "data").resolve()
    write_library(content, 30)
    with Workspace(resolve_paths(content, data)) as ws:
        ws.sync()
        _annotate(ws)
        before = _results(ws)
    assert all(before.values()), f"every probe query finds something: {before}"
    return (content, data), before


@pytest.fixture
def built(
    template: tuple[tuple[Path, Path], dict[str, list[str]]], lib_dir: Path, data_dir: Path
) -> tuple[Path, Path, dict[str, list[str]]]:
    """The template's copy for this test: (library, data folder, what each query finds)."""
    clone_library(template[0], lib_dir, data_dir)
    return lib_dir, data_dir, template[1]


def _index_dir(data: Path) -> Path:
    return next(data.glob("*/index"))


def _data_files(index_dir: Path) -> list[Path]:
    """The segment files (not the TOC, the lock or the version file)."""
    return [
        path
        for path in index_dir.iterdir()
        if path.is_file() and not path.name.startswith("_") and "." in path.name[1:]
    ]


def _truncated_segments(index_dir: Path) -> None:
    files = _data_files(index_dir)
    assert files
    for path in files:
        with open(path, "r+b") as handle:
            handle.truncate(path.stat().st_size // 3)


def _deleted_toc(index_dir: Path) -> None:
    tocs = list(index_dir.glob("_MAIN_*.toc"))
    assert tocs
    for path in tocs:
        path.unlink()


def _random_bytes_over_a_segment(index_dir: Path) -> None:
    """Overwrite the middle half of the biggest segment with random bytes, size kept."""
    rng = random.Random(8)
    segment = max(_data_files(index_dir), key=lambda path: path.stat().st_size)
    data = bytearray(segment.read_bytes())
    start, end = len(data) // 4, 3 * len(data) // 4
    data[start:end] = bytes(rng.randrange(256) for _ in range(end - start))
    segment.write_bytes(bytes(data))


def _older_schema_version(index_dir: Path) -> None:
    """What an older briefing-tui left: fewer fields (no claims) and version 1."""
    shutil.rmtree(index_dir)
    index_dir.mkdir(mode=0o700)
    old = whoosh_index.create_in(
        str(index_dir), Schema(id=ID(stored=True, unique=True), body=TEXT(stored=True))
    )
    with old.writer() as writer:
        writer.add_document(id="doc00003", body="zebra3 from an old index")
    (index_dir / "briefing-schema-version").write_text("1")


def _stale_lock_file(index_dir: Path) -> None:
    """A lock file left behind by a writer that died (the file stays, the lock went)."""
    (index_dir / "MAIN_WRITELOCK").write_text("12345\n")


DAMAGE: dict[str, Callable[[Path], None]] = {
    "truncated_segments": _truncated_segments,
    "deleted_toc": _deleted_toc,
    "random_bytes_over_a_segment": _random_bytes_over_a_segment,
    "older_schema_version": _older_schema_version,
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_cli_search_after_damaged_index_rebuilds_once_with_same_results(
    built: tuple[Path, Path, dict[str, list[str]]],
    damage: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    content, data, before = built
    DAMAGE[damage](_index_dir(data))

    first, *rest = QUERIES
    found, stderr = search_ids(content, data, first)
    assert stderr.count(REBUILDING) == 1, stderr
    assert found == before[first]
    for query in rest:  # rebuilt for good (on disk): no second message, same results
        found, stderr = search_ids_in_process(content, data, query, capsys)
        assert REBUILDING not in stderr, stderr
        assert found == before[query], query
    doctor = briefing(content, data, "doctor")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "Index:   ok (30 briefings)" in doctor.stdout


async def _tui_results(app, pilot) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Each probe query typed into the search box (as the app sets it), rows read back."""
    results = {}
    box = app.library.query_one("#search")
    for query in QUERIES:
        box.value = query
        await settle(app, pilot)
        results[query] = sorted(row.id for row in app.library.query_one(BriefingList).rows)
    return results


@pytest.mark.parametrize("damage", list(DAMAGE))
async def test_tui_start_after_damaged_index_rebuilds_once_with_same_results(
    built: tuple[Path, Path, dict[str, list[str]]], damage: str
) -> None:
    content, data, before = built
    DAMAGE[damage](_index_dir(data))

    app = create_app(str(content), str(data))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        after = await _tui_results(app, pilot)
        messages = [notification.message for notification in app._notifications]
    assert after == before
    assert sum(REBUILDING in message for message in messages) == 1, messages
    assert not any("failed" in message.lower() for message in messages), messages


def test_cli_works_past_a_lock_file_left_by_a_dead_writer(
    built: tuple[Path, Path, dict[str, list[str]]], capsys: pytest.CaptureFixture[str]
) -> None:
    content, data, before = built
    _stale_lock_file(_index_dir(data))
    (content / "doc00003.md").write_text(
        (content / "doc00003.md").read_text() + "\nA new word: quokka.\n"
    )
    found, stderr = search_ids(content, data, "quokka")  # needs the writer
    assert found == ["doc00003"]
    assert REBUILDING not in stderr, "a left-over lock file is not damage"
    for query in QUERIES:
        assert search_ids_in_process(content, data, query, capsys)[0] == before[query], query


async def test_stale_write_lock_of_a_killed_multiprocess_index_is_not_held_by_its_helpers(
    lib_dir: Path, data_dir: Path, processes: Processes, capsys: pytest.CaptureFixture[str]
) -> None:
    """``kill -9`` of ``briefing index`` while its two indexing subprocesses work.

    Whoosh forks its helpers while holding the write lock, so they hold it
    too; they used to wait for jobs forever, and every later write waited
    30 s and failed as "being written by another briefing process".
    """
    paths = write_library(lib_dir, 500)
    with Workspace(resolve_paths(lib_dir, data_dir)) as ws:
        ws.sync()
        _annotate(ws)
        before = _results(ws)
    for path in paths:  # every file changed (same words): an update big enough for 2 processes
        path.write_text(path.read_text() + "\n")
    running = processes.on_terminal(lib_dir, data_dir, "index")
    running.wait_for_progress(300)  # helpers start with the first batch of 100
    kill_9(running.process)
    wait_for(
        lambda: not no_stray_processes([str(data_dir), " index"]),
        "the killed command's indexing subprocesses to end",
    )

    (lib_dir / "doc00003.md").write_text((lib_dir / "doc00003.md").read_text() + "quokka\n")
    found, stderr = search_ids(lib_dir, data_dir, "quokka")
    assert found == ["doc00003"], stderr
    for query in QUERIES:
        assert search_ids_in_process(lib_dir, data_dir, query, capsys)[0] == before[query], query
    assert_clean_stderr(stderr)

    # The app's next start writes the index too (another edit to sync).
    (lib_dir / "doc00004.md").write_text((lib_dir / "doc00004.md").read_text() + "wombat\n")
    app = create_app(str(lib_dir), str(data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        messages = [notification.message for notification in app._notifications]
        assert not any("fail" in message.lower() for message in messages), messages
        app.library.query_one("#search").value = "wombat"
        await settle(app, pilot)
        assert [row.id for row in app.library.query_one(BriefingList).rows] == ["doc00004"]
