"""A save that has to wait for the index (a first start's build holds the core
lock for each of its steps) says so, then saves."""

from __future__ import annotations

import threading

from briefing_tui.tui.dialogs.tags import TagChange

from .conftest import settle


def _said(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(notice.message) for notice in app._notifications]


async def test_tags_saved_while_the_index_holds_the_lock_say_they_wait(make_app) -> None:
    """A tag saved during the first build was written only when the build's step
    ended, and nothing was said meanwhile: a kill -9 then lost a save the user
    thought made (a data-safety walk on 2,225 BBC articles)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        record = app.workspace.store.list_documents()[0]  # type: ignore[union-attr]
        held, release = threading.Event(), threading.Event()

        def hold() -> None:
            with app.core_lock:
                held.set()
                release.wait(10)

        holder = threading.Thread(target=hold)
        holder.start()
        held.wait(5)
        app._save_tags(record, TagChange(["waited"], []))
        for _ in range(20):
            await pilot.pause(0.1)
            if any("as soon as the index's current step is done" in s for s in _said(app)):
                break
        assert any(s.startswith("Saving the tags as soon as") for s in _said(app)), _said(app)
        assert "waited" not in app.workspace.store.get(record.id).tags  # type: ignore[union-attr]
        release.set()
        holder.join(5)
        await settle(app, pilot)
        assert "waited" in app.workspace.store.get(record.id).tags  # type: ignore[union-attr]
