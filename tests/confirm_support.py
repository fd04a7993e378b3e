"""Answering a confirmation in a pilot test as a person does (the UI and adversarial suites)."""

from __future__ import annotations

from typing import Any

from briefing_tui.tui.dialogs.confirm import ConfirmScreen


async def answer_yes(pilot: Any) -> None:
    """Say yes to the confirmation shown, after reading it: a ``y`` typed within
    ``ConfirmScreen.BURST_GAP`` of the key before it is taken for the typing that was
    going on, not an answer (see :class:`ConfirmScreen`)."""
    await pilot.pause(ConfirmScreen.BURST_GAP)
    await pilot.press("y")
