"""A claim of a briefing already open in a reader further down the stack goes back to
that reader, at the claim, rather than opening a second reader of it (the README: "a
briefing already open further down goes back to it"). A tester found the contradictions
screen (``x``) and the timeline (``f5``) opened a second reader, and escape then went
back through every screen to the first one."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from briefing_tui.core.paths import resolve_paths
from briefing_tui.core.workspace import Workspace
from briefing_tui.tui.screens.claims import ClaimsScreen
from briefing_tui.tui.screens.library import LibraryScreen
from briefing_tui.tui.screens.reader.screen import ReaderScreen
from briefing_tui.tui.screens.timeline import TimelineScreen

from .conftest import open_top_briefing, settle, write_library

#: Far enough down that the claim is off the first screen of the reader.
LATE = "Paragraph 40 says the port reopened on Tuesday."
EARLY = "Paragraph 2 says the port stayed shut all week."


def _long_briefing() -> str:
    lines = [f"Paragraph {n} is background about the harbour and its cranes." for n in range(60)]
    lines[2], lines[40] = EARLY, LATE
    body = "\n\n".join(lines)
    return f"---\nid: port\ntitle: Port report\ndate: 2025-02-01\n---\n\n{body}\n"


def _library_with_linked_claims(tmp_path: Path) -> tuple[Path, Path]:
    """A long briefing (the library's newest, so its top row) whose early claim is
    contradicted by its late one, and an older briefing."""
    library = write_library(
        tmp_path / "library",
        {
            "port.md": _long_briefing(),
            "old.md": "---\nid: old\ntitle: Older note\ndate: 2020-01-01\n---\n\nNothing.\n",
        },
    )
    data = tmp_path / "data"
    with Workspace(resolve_paths(str(library), str(data))) as ws:
        ws.sync()
        port = ws.resolve("port")
        early = ws.annotate(port, EARLY)
        late = ws.annotate(port, LATE)
        ws.analysis.link(late.id, "contradict", early.id)
    return library, data


def _late_claim_shown(reader: ReaderScreen) -> bool:
    return reader._offset_shown(reader.plain.index(LATE))


async def _stack_after_leaving(app, pilot) -> list[type]:  # type: ignore[no-untyped-def]
    """The screens left once escape leaves the reader on top (an escape may close its
    claims panel first): the library, not the screens it was gone back through."""
    reader = app.screen
    for _ in range(3):
        await pilot.press("escape")
        await settle(app, pilot)
        if app.screen is not reader:
            break
    return [type(s) for s in app.screen_stack[1:]]


async def _back_in(app, pilot, reader) -> None:  # type: ignore[no-untyped-def]
    """The reader it came from is on top, not a second one, the late claim in view;
    escape from it goes to the library (the screens between are gone)."""
    assert app.screen is reader
    assert [type(s) for s in app.screen_stack[1:]] == [LibraryScreen, ReaderScreen]
    assert _late_claim_shown(reader)
    assert await _stack_after_leaving(app, pilot) == [LibraryScreen]


async def test_a_linked_claim_in_the_same_briefing_goes_back_to_its_reader(
    tmp_path: Path,
) -> None:
    from briefing_tui.tui.app import create_app
    from briefing_tui.tui.screens.contradictions import ContradictionsScreen

    library, data = _library_with_linked_claims(tmp_path)
    app = create_app(str(library), str(data))
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_top_briefing(app, pilot)
        assert reader.record.id == "port"
        assert not _late_claim_shown(reader)
        await pilot.press("p")  # the claims panel: the early claim first
        await settle(app, pilot)
        await pilot.press("x")  # what contradicts or supports it
        await settle(app, pilot)
        assert isinstance(app.screen, ContradictionsScreen)
        await pilot.press("left", "enter")  # the late claim, in the same briefing
        await settle(app, pilot)
        await _back_in(app, pilot, reader)


async def test_a_timeline_claim_of_the_open_briefing_goes_back_to_its_reader(
    tmp_path: Path,
) -> None:
    from briefing_tui.tui.app import create_app

    library, data = _library_with_linked_claims(tmp_path)
    app = create_app(str(library), str(data))
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_top_briefing(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        assert isinstance(app.screen, ClaimsScreen)
        await pilot.press("f5")
        await settle(app, pilot)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        rows = timeline.entries  # (a day's heading is None)
        late = next(i for i, e in enumerate(rows) if e is not None and e.claim.quote == LATE)
        timeline.query_one(OptionList).highlighted = late
        await pilot.press("enter")
        await settle(app, pilot)
        await _back_in(app, pilot, reader)


async def test_reattaching_a_claim_of_the_open_briefing_keeps_the_review_under_it(
    tmp_path: Path,
) -> None:
    """Review's ``r`` (f3) on a claim of the briefing open below: a reader over the
    review, the sentence cursor where the claim was; escape goes back to the review
    for the next claim (going back to the reader below closed the review: a review)."""
    from briefing_tui.tui.app import create_app
    from briefing_tui.tui.screens.review import ReviewScreen

    library, data = _library_with_linked_claims(tmp_path)
    path = library / "port.md"  # an edit the sync places the late claim near (fuzzy)
    path.write_text(path.read_text().replace("on Tuesday", "on a Tuesday"), encoding="utf-8")
    app = create_app(str(library), str(data))
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_top_briefing(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        review.action_focus_list()
        claim = review.current()
        assert claim is not None and claim.quote == LATE
        await pilot.press("r")
        await settle(app, pilot)
        reattaching = app.screen
        assert isinstance(reattaching, ReaderScreen) and reattaching is not reader
        assert [type(s) for s in app.screen_stack[1:]] == [
            LibraryScreen, ReaderScreen, ReviewScreen, ReaderScreen
        ]  # fmt: skip
        assert reattaching.reattach_id == claim.id and reattaching.selection is not None
        reader = reattaching
        start = reader.plain.index("Paragraph 40 says")
        assert reader._offset_shown(start)
        await pilot.press("escape")  # the selection
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is review
