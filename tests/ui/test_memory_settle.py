"""The settle after each sync walks what was made since the last freeze, not the frozen app.

A full walk of the app's heap was a 130-200 ms stall on the event loop after
every sync (each file saved in a followed folder); it now runs only when asked
(a reader frozen while open, several screens closed) or once the frozen heap
grew by a quarter, which frees what died frozen meanwhile.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from briefing_tui.tui import gc_hold


class _Cycle:
    """Freed only by a collection that walks it (it refers to itself)."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture(autouse=True)
def _own_collector_state(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(gc_hold, "_frozen_at_settle", 0)
    monkeypatch.setattr(gc_hold, "_freezes", 0)
    yield
    gc.unfreeze()
    gc.collect()


def _died_frozen() -> weakref.ref[_Cycle]:
    """An object frozen while alive that then became garbage (a replaced listing)."""
    gc_hold.settle(full=True)  # start-up
    listing = _Cycle()
    ref = weakref.ref(listing)
    gc_hold.settle()  # after a sync: frozen while still listed
    del listing  # the next sync replaced it
    return ref


def test_a_settle_after_a_sync_leaves_the_frozen_heap_unwalked() -> None:
    ref = _died_frozen()
    gc_hold.settle()
    assert ref() is not None, "an ordinary settle walked (and freed) frozen objects"
    gc_hold.settle(full=True)
    assert ref() is None, "a full settle frees what died frozen"


def test_what_died_frozen_is_freed_once_the_frozen_heap_grew_by_a_quarter() -> None:
    ref = _died_frozen()
    growth = int(gc.get_freeze_count() * gc_hold.REFREEZE_GROWTH) + 1_000
    kept = [_Cycle() for _ in range(growth)]
    gc_hold.settle()  # freezes the new objects
    assert ref() is not None
    gc_hold.settle()  # the frozen heap is a quarter bigger than at the last full settle
    assert ref() is None
    del kept


def test_a_settle_counts_the_frozen_heap_only_once_it_may_have_grown_by_a_quarter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Counting it walks every frozen object (Python 3.11): a settle after each sync
    did that walk, tens of ms with a large heap, to learn that it had not grown."""
    counts: list[int] = []
    count = gc.get_freeze_count

    def counted() -> int:
        counts.append(count())
        return counts[-1]

    monkeypatch.setattr(gc, "get_freeze_count", counted)
    gc_hold.settle(full=True)
    at_settle = counts[-1]
    del counts[:]
    small = [_Cycle() for _ in range(100)]
    for _ in range(3):
        gc_hold.settle()
    assert counts == []
    ref = weakref.ref(small[0])
    del small  # died frozen: only a full settle frees it
    grown = [_Cycle() for _ in range(int(at_settle * gc_hold.REFREEZE_GROWTH) + 1_000)]
    gc_hold.settle()  # freezes them: the bound passes the limit
    assert counts == []
    gc_hold.settle()
    assert len(counts) == 2  # the exact count said "grown", then the full settle's count
    assert ref() is None
    del grown
