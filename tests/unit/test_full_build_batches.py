"""A full build writes its records to the store a batch at a time, and a build that
stops half-way leaves nothing the next sync cannot mend.

Held until the end, 100,000 records were 150 MB of the build's peak memory.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import briefing_tui.core.sync as sync_module
from briefing_tui.core.store.store import Store

from .helpers import words

BATCH = 3


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_module, "FULL_BUILD_BATCH", BATCH, raising=False)


def _library(write, count: int = 8) -> None:  # type: ignore[no-untyped-def]
    for n in range(count):
        write(f"doc{n}.md", f"---\nid: doc{n}\ntitle: Doc {n}\n---\n\nzebra{n} {words(30, n)}\n")


def test_a_full_build_writes_its_records_a_batch_at_a_time(
    write, make_ws, monkeypatch: pytest.MonkeyPatch
) -> None:
    _library(write)
    written: list[int] = []
    real = Store.apply_sync

    def recording(self, upserts, *args, **kwargs):  # type: ignore[no-untyped-def]
        upserts = list(upserts)
        written.append(len(upserts))
        return real(self, upserts, *args, **kwargs)

    monkeypatch.setattr(Store, "apply_sync", recording)
    ws = make_ws()
    report = ws.sync()
    assert len(report.added) == 8
    assert max(written) <= BATCH and sum(written) == 8, written
    assert [hit.id for hit in ws.search("zebra5").hits] == ["doc5"]


def test_a_build_stopped_after_a_batch_is_mended_by_the_next_sync(
    write, make_ws, monkeypatch: pytest.MonkeyPatch, lib_dir: Path
) -> None:
    _library(write)
    real_read = sync_module.read_briefing
    reads: list[str] = []

    def failing_read(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        reads.append(str(path))
        if len(reads) == BATCH + 2:  # one batch written, the next half read
            raise OSError("the disk went away")
        return real_read(path, *args, **kwargs)

    monkeypatch.setattr(sync_module, "read_briefing", failing_read)
    ws = make_ws()
    with pytest.raises(OSError):
        ws.sync()
    assert len(ws.store.list_documents()) == BATCH  # the first batch is in the store
    monkeypatch.setattr(sync_module, "read_briefing", real_read)
    report = make_ws().sync()  # a new process, as after a crash
    assert report.rebuilt
    again = make_ws()
    assert sorted(record.id for record in again.store.list_documents()) == [
        f"doc{n}" for n in range(8)
    ]
    for n in range(8):
        assert [hit.id for hit in again.search(f"zebra{n}").hits] == [f"doc{n}"]
