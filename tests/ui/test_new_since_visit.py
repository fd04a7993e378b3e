""" "New" in the app: what arrived since the previous start, counted once.

A start is recorded as a visit once its start-up sync is done, so what that sync
found belongs to that start: the next start does not count it new a second time.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from textual.widgets import Label

from briefing_tui.core.store import read_marks
from briefing_tui.core.store import store as store_module
from briefing_tui.tui.app import BriefingApp

from .conftest import settle, write_library
from .test_library_stream import ARMS, FUEL


def _count(app: BriefingApp) -> str:
    return str(app.library.query_one("#count", Label).render())


async def test_what_a_start_found_is_not_new_again_at_the_next_start(
    make_app, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One clock for arrivals and visits, a second per reading: their order is
    # the order of the calls, never a tie within one second.
    seconds = itertools.count(1)

    def ordered() -> str:
        n = next(seconds)
        return f"2500-01-{1 + n // 86400:02d}T{n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}"

    monkeypatch.setattr(read_marks, "now_text", ordered)
    monkeypatch.setattr(store_module, "_now", ordered)
    first = make_app()
    async with first.run_test(size=(100, 24)) as pilot:
        await settle(first, pilot)
        assert " new" not in _count(first)  # a first start: no start before it
    write_library(library, {"arms.md": ARMS, "fuel.md": FUEL})
    second = make_app()
    async with second.run_test(size=(100, 24)) as pilot:
        await settle(second, pilot)
        assert " · 2 new" in _count(second)
    third = make_app()  # nothing arrived since the second start
    async with third.run_test(size=(100, 24)) as pilot:
        await settle(third, pilot)
        assert " · 0 new" in _count(third)
