"""Claims another process writes (``briefing annotate`` while the app runs)
show in the list's claim marker after a sync, ``ctrl+r`` or the watch's.

The marker was counted at start and after the app's own writes only: a claim
made with the CLI was found by search and shown in the reader, while its
row said nothing until the app was started again.
"""

from __future__ import annotations

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.widgets.briefing_list import BriefingList

from .conftest import settle
from .test_library_newcomer import screen_text


def _claims_of(app, doc_id: str) -> int:  # type: ignore[no-untyped-def]
    rows = app.screen.query_one(BriefingList).rows
    return next(row.claims for row in rows if row.id == doc_id)


async def test_a_claim_made_by_the_cli_shows_in_the_list_after_ctrl_r(
    make_app, library, tmp_path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert _claims_of(app, "election") == 0
        with Workspace(resolve_paths(str(library), str(tmp_path / "data"))) as other:
            record = other.resolve("election")
            other.annotate(record, "The prime minister won the election.", status="key")
            other.annotate(record, "The prime minister won", occurrence=1)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert _claims_of(app, "election") == 2
        (line,) = [line for line in screen_text(app).splitlines() if "Election results" in line]
        assert "◆2" in line


async def test_tags_set_by_the_cli_show_in_the_row_after_ctrl_r(
    make_app, library, tmp_path
) -> None:
    """``briefing tag`` while the app ran: search found the new tag, but the row and
    the preview kept the old tags even after ``ctrl+r`` (no file changed, no claim
    count either, so the list was not made again)."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        with Workspace(resolve_paths(str(library), str(tmp_path / "data"))) as other:
            other.change_tags(other.resolve("election"), ["recount"], [])
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        (line,) = [line for line in screen_text(app).splitlines() if "Election results" in line]
        assert "recount" in line


async def test_ctrl_r_relists_once_not_at_every_sync_after(make_app, library, tmp_path) -> None:
    """A ctrl+r whose sync found a file changed (listed again by that) left its relisting
    owed, and the folder watch's next sync listed the whole library again unasked (1.4 s
    at 100,000 briefings; a review)."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        (library / "election.md").write_text(
            (library / "election.md").read_text(encoding="utf-8") + "\nMore text.\n"
        )
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        listed = []
        real = app.workspace.store.list_documents
        app.workspace.store.list_documents = lambda: listed.append(1) or real()  # type: ignore[method-assign]
        app.request_sync(asked=False)  # the watch's
        await settle(app, pilot)
        assert listed == []  # nothing changed: nothing listed again
