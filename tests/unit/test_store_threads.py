"""One Store used from several threads at once, as the app uses it.

The app's reader reads the store from ``asyncio.to_thread`` and its search and
list workers from theirs, while the sync worker writes in long transactions.
Reads on another thread must see the last committed state (never a
transaction's half-done work), at once (never waiting for the transaction),
and no thread may ever meet SQLite's "recursive use of cursors" or a
transaction begun inside another thread's.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefing_tui.core.claims.anchoring import Selector
from briefing_tui.core.claims.store import ClaimStore
from briefing_tui.core.store import DocumentRecord, Store, StoreError

DOCS = 200


def _records(generation: int) -> list[DocumentRecord]:
    return [
        DocumentRecord(id=f"d{n:04d}", path=f"{n:04d}.md", title=f"gen{generation}", date="2024")
        for n in range(DOCS)
    ]


def _run_threads(*targets: Callable[[], None]) -> list[BaseException]:
    """Run each target on its own thread; the exceptions they raised."""
    errors: list[BaseException] = []

    def guarded(target: Callable[[], None]) -> None:
        try:
            target()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=guarded, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
        assert not thread.is_alive(), "a thread hung"
    return errors


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "store.sqlite3")
    yield opened
    opened.close()


def test_reads_on_other_threads_never_see_a_transaction_half_done(store: Store) -> None:
    store.apply_sync(_records(0), [])
    claims = ClaimStore(store)
    claim = claims.add("d0000", Selector("quote", "", "", 0, 5), "hash")
    done = threading.Event()
    seen: list[str] = []

    def sync_writer() -> None:
        try:
            for generation in range(1, 21):
                store.apply_sync(_records(generation), [])  # one transaction of 200 upserts
                store.set_reading_position("d0000", float(generation))
        finally:
            done.set()

    def reader() -> None:
        while not done.is_set():
            titles = {title for _, title, *_ in store.list_summaries()}
            assert len(titles) == 1, f"a read saw a sync half-done: {sorted(titles)}"
            seen.extend(titles)
            assert store.count() == DOCS
            record = store.get("d0100")
            assert record is not None and record.title.startswith("gen")
            assert [c.id for c in claims.for_document("d0000")] == [claim.id]
            store.reading_position("d0000")

    errors = _run_threads(sync_writer, reader, reader, reader)
    assert errors == [], errors
    assert {title for _, title, *_ in store.list_summaries()} == {"gen20"}
    assert len(set(seen)) > 1, "the readers ran while the writer wrote"


def test_a_read_during_another_threads_transaction_returns_at_once_with_the_committed_state(
    store: Store,
) -> None:
    store.apply_sync(_records(0), [])
    store.set_reading_position("d0001", 0.25)
    holding, release = threading.Event(), threading.Event()

    def long_sync() -> None:
        with store.transaction() as db:
            db.execute("UPDATE documents SET title = 'uncommitted' WHERE id = 'd0001'")
            db.execute("UPDATE reading_state SET position = 9 WHERE doc_id = 'd0001'")
            holding.set()
            release.wait(timeout=30)

    writer = threading.Thread(target=long_sync)
    writer.start()
    try:
        assert holding.wait(timeout=10)
        found: dict[str, object] = {}

        def open_briefing() -> None:  # what the reader does in asyncio.to_thread
            record = store.get("d0001")
            found["title"] = record.title if record is not None else None
            found["position"] = store.reading_position("d0001")
            found["listed"] = len(store.list_summaries())

        started = time.monotonic()
        reading = threading.Thread(target=open_briefing)
        reading.start()
        reading.join(timeout=5)
        assert not reading.is_alive(), "the read waited for the other thread's transaction"
        assert time.monotonic() - started < 5
        assert found == {"title": "gen0", "position": 0.25, "listed": DOCS}
    finally:
        release.set()
        writer.join(timeout=30)
    record = store.get("d0001")
    assert record is not None and record.title == "uncommitted"
    assert store.reading_position("d0001") == 9


def test_transactions_of_two_threads_take_turns(store: Store) -> None:
    store.apply_sync(_records(0), [])

    def tagger(doc_id: str) -> Callable[[], None]:
        def run() -> None:
            for number in range(30):
                store.change_tags(doc_id, add=[f"t{number}"])
                store.set_reading_position(doc_id, float(number))

        return run

    errors = _run_threads(tagger("d0001"), tagger("d0002"), tagger("d0003"))
    assert errors == [], errors
    for doc_id in ("d0001", "d0002", "d0003"):
        record = store.get(doc_id)
        assert record is not None
        assert sorted(record.tags) == sorted(f"t{number}" for number in range(30))
        assert store.reading_position(doc_id) == 29.0


def test_a_read_inside_a_transaction_sees_its_own_writes(store: Store) -> None:
    store.apply_sync(_records(0), [])
    with store.transaction() as db:
        db.execute("UPDATE documents SET title = 'mine' WHERE id = 'd0002'")
        record = store.get("d0002")
        assert record is not None and record.title == "mine"


def test_closing_the_store_closes_its_read_connections(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    store = Store.open(path)
    store.apply_sync(_records(0), [])
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with store.transaction():
            holding.set()
            release.wait(timeout=30)

    writer = threading.Thread(target=hold)
    writer.start()
    assert holding.wait(timeout=10)

    def read() -> None:
        assert len(store.list_summaries()) == DOCS  # on a read connection of the pool

    errors = _run_threads(read, read, read)
    release.set()
    writer.join(timeout=30)
    assert errors == []
    store.close()
    # The last connection to close folds the WAL into the file and removes it:
    # a read connection left open would keep it.
    assert not Path(f"{path}-wal").exists()


def test_a_transaction_inside_a_transaction_is_refused_not_waited_for(store: Store) -> None:
    with store.transaction(), pytest.raises(StoreError, match="within a transaction"):
        store.set_meta("key", "value")
    assert store.get_meta("key") is None
