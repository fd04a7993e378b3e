"""The full build's indexing processes, started as the app starts them."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest

from briefing_tui.core.search.index import create_index, document_fields, index_writer
from briefing_tui.core.search.parallel_writer import ParentBoundMpWriter


def _build_in_a_pool_thread(folder: Path, count: int) -> list[int | None]:
    """Build with two indexing processes from a thread of a thread pool, as the
    app's sync worker does; the workers' exit codes."""

    def build() -> list[int | None]:
        ix = create_index(folder)
        with index_writer(ix, procs=2) as writer:
            assert isinstance(writer, ParentBoundMpWriter)
            for number in range(count):
                writer.add_document(
                    **document_fields(
                        doc_id=f"doc{number}",
                        path=f"doc{number}.md",
                        title=f"Briefing {number}",
                        text=f"zebra{number % 7} words of briefing {number}",
                        tags=[],
                        source=None,
                        date=datetime(2024, 1, 1),
                    )
                )
        found = ix.doc_count()
        ix.close()
        assert found == count
        return [task.exitcode for task in writer.tasks]

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(build).result(timeout=120)


def test_indexing_processes_forked_from_a_pool_thread_end_well(tmp_path: Path) -> None:
    """Forked from a pool's thread, each worker inherited the pool's record of its
    threads and, at exit, was made to join itself: exit code 1 after handing over
    its whole part. The app's build then failed whenever one worker ended so while
    the other still worked ("Sync failed: an indexing process ended…", the first
    start's list stuck at a few hundred briefings)."""
    codes = _build_in_a_pool_thread(tmp_path / "index", 200)
    assert len(codes) == 2
    assert codes == [0, 0]


def test_a_staged_build_that_failed_is_built_whole_by_the_next_sync(
    write, make_ws, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The app's first build fails after a stage was committed (a worker's failure,
    a full disk): its next sync (ctrl+r) went on building into what the stages
    had committed, and every briefing in them was then indexed twice (each result
    listed twice). Now it builds the index afresh: each briefing once."""
    from briefing_tui.core.search import index as index_module

    for number in range(150):
        write(f"doc{number:03d}.md", f"# Briefing {number}\n\nzebra{number % 7} words.\n")
    ws = make_ws()
    stages: list[int] = []

    def failing(searchable: int, total: int) -> None:
        stages.append(searchable)
        if searchable:  # a stage was committed: the build fails after it
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        ws.sync(committed=failing)
    assert stages[-1] > 0  # it failed with briefings committed
    ws.sync(committed=lambda searchable, total: None)
    assert not ws.needs_full_build
    assert index_module.duplicated_ids(ws.index()) == 0
    assert ws.index().doc_count() == 150
    found = ws.search("zebra3", limit=1000).ids
    assert len(found) == len(set(found)) == len(range(3, 150, 7))
