"""A sync the folder watch asks for checks only the paths it reported, and only
while the watcher listened without a gap since a complete sync; ctrl+r, a
watcher restarted, or the periodic check (see test_watching) mean every file
is checked.

The user sees the same list either way; the tests also record which paths each
sync checked (``Workspace.sync``'s ``only``), since that is the change.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.widgets.briefing_list import BriefingList

from .conftest import settle

#: A bound on every wait: the machine is shared with other test runs.
DEADLINE_S = 10.0


def _titles(app: BriefingApp) -> list[str]:
    return [row.title for row in app.library.query_one(BriefingList).rows]


async def _until(pilot, condition: Callable[[], bool], what: str) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > DEADLINE_S:
            raise AssertionError(f"not within {DEADLINE_S} s: {what}")
        await pilot.pause(0.05)


def _record_scopes(app: BriefingApp) -> list[frozenset[str] | None]:
    """Each sync's ``only`` (``None``: every file checked), in order."""
    scopes: list[frozenset[str] | None] = []
    workspace = app.workspace
    assert workspace is not None
    real = workspace.sync

    def sync(**options: Any) -> Any:
        scopes.append(options.get("only"))
        return real(**options)

    workspace.sync = sync  # type: ignore[method-assign]
    return scopes


def _retitle(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


async def _complete_sync_while_listening(app: BriefingApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await _until(
        pilot,
        lambda: app.watcher is not None and app.watcher.continuity is not None,
        "the watcher listening",
    )
    await pilot.press("ctrl+r")  # a complete sync, begun while the watcher listens
    await settle(app, pilot)


async def test_a_watched_change_syncs_only_the_paths_reported(make_app, library) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        scopes = _record_scopes(app)
        await _complete_sync_while_listening(app, pilot)
        assert scopes == [None]  # ctrl+r checks every file
        _retitle(library / "election.md", "Election results", "Election recount")
        await _until(pilot, lambda: "Election recount" in _titles(app), "the new title listed")
        assert scopes[-1] == frozenset({"election.md"})
        (library / "notes" / "sanctions.md").unlink()
        await _until(
            pilot, lambda: "S-400 sanctions threat" not in _titles(app), "the removed file unlisted"
        )
        assert scopes[-1] == frozenset({"notes/sanctions.md"})


async def test_a_change_made_while_the_watcher_was_down_is_found(make_app, library) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        scopes = _record_scopes(app)
        await _complete_sync_while_listening(app, pilot)
        app.stop_watching()
        _retitle(library / "election.md", "Election results", "Election recount")
        app.start_watching()  # the edit above was made in the gap: nobody reported it
        await _until(
            pilot, lambda: app.watcher is not None and app.watcher.continuity, "listening again"
        )
        (library / "marker.md").write_text("# Marker\n\nText.\n", encoding="utf-8")
        await _until(pilot, lambda: "Marker" in _titles(app), "the reported file listed")
        await settle(app, pilot)
        assert "Election recount" in _titles(app)  # found by a check of every file
        assert scopes[-1] is None
        (library / "second.md").write_text("# Second\n\nText.\n", encoding="utf-8")
        await _until(pilot, lambda: "Second" in _titles(app), "the next file listed")
        assert scopes[-1] == frozenset({"second.md"})  # trusted again from that sync on
