"""A timeline row says when its claim's quote is no longer where it was (as the claims
screen and ``briefing timeline`` do): an orphaned claim looked like any other."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from briefing_tui.tui.screens.timeline import entry_text


def _entry(anchor: str) -> SimpleNamespace:
    claim = SimpleNamespace(status="key", quote="Brent rose four percent.", anchor=anchor)
    return SimpleNamespace(
        claim=claim, day="2024-03-05", rating="B2", record=SimpleNamespace(title="Oil"),
        placed_by="event",
    )  # fmt: skip


@pytest.mark.parametrize("anchor", ["moved", "fuzzy", "orphaned"])
def test_a_claim_not_where_it_was_says_so(anchor: str) -> None:
    text = entry_text(_entry(anchor)).plain  # type: ignore[arg-type]
    assert f"B2 ({anchor}) “Brent rose four percent.”" in text


def test_a_claim_where_it_was_shows_no_state() -> None:
    text = entry_text(_entry("exact")).plain  # type: ignore[arg-type]
    assert "B2 “Brent rose four percent.”" in text and "(" not in text.split("\n")[0]
