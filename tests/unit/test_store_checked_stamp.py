"""The store's page check runs on an open only when its files changed since the last clean one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing_tui.core.store import DocumentRecord, Store, StoreError


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    return tmp_path / "data" / "store.sqlite3"


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The stores whose pages were checked, in order."""
    seen: list[Path] = []
    check = Store._check_integrity

    def counted(store: Store) -> None:
        seen.append(store.path)
        check(store)

    monkeypatch.setattr(Store, "_check_integrity", counted)
    return seen


def _filled(store_file: Path) -> None:
    with Store.open(store_file) as store:
        store.apply_sync(
            [
                DocumentRecord(
                    id=f"id{n}",
                    path=f"{n}.md",
                    title=f"T{n}",
                    date="2024-01-01",
                    summary="x" * 2000,
                )
                for n in range(50)
            ],
            [],
        )


def test_an_unchanged_store_is_checked_once_and_a_write_makes_the_next_open_check_again(
    store_file: Path, checks: list[Path]
) -> None:
    _filled(store_file)
    Store.open(store_file).close()  # changed since the first open: checked, and remembered
    del checks[:]
    for _ in range(3):
        Store.open(store_file).close()
    assert checks == []
    with Store.open(store_file) as store:
        store.set_meta("a", "b")
    Store.open(store_file).close()
    assert checks == [store_file]


def test_a_store_damaged_after_a_clean_check_is_refused_even_with_its_old_times_put_back(
    store_file: Path, checks: list[Path]
) -> None:
    _filled(store_file)
    Store.open(store_file).close()
    Store.open(store_file).close()
    before = os.stat(store_file)
    data = bytearray(store_file.read_bytes())
    for index in range(len(data) // 2, len(data), 3):  # pages an open reads nothing of
        data[index] ^= 0xFF
    store_file.write_bytes(bytes(data))  # the same size
    os.utime(store_file, ns=(before.st_atime_ns, before.st_mtime_ns))
    with pytest.raises(StoreError, match="damaged"):
        Store.open(store_file)
    assert store_file.read_bytes() == bytes(data)


def test_writes_still_in_the_write_ahead_log_make_the_next_open_check(
    store_file: Path, checks: list[Path]
) -> None:
    _filled(store_file)
    Store.open(store_file).close()
    Store.open(store_file).close()
    del checks[:]
    with Store.open(store_file) as holder:  # kept open: its writes stay in the log
        holder.set_meta("a", "b")
        main_file = os.stat(store_file)
        Store.open(store_file).close()
        assert os.stat(store_file).st_mtime_ns == main_file.st_mtime_ns
    assert checks == [store_file]


def test_a_stamp_that_is_not_of_this_store_is_not_trusted(
    store_file: Path, checks: list[Path]
) -> None:
    _filled(store_file)
    Store.open(store_file).close()
    del checks[:]
    stamp = store_file.with_name(store_file.name + ".checked")
    for text in ("", "garbage", stamp.read_text().replace(":", ";")):
        stamp.write_text(text)
        Store.open(store_file).close()
    assert checks == [store_file] * 3
